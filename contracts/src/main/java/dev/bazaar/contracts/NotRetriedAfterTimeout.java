package dev.bazaar.contracts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a service operation that is not keyed: made twice, it may do two things (a second product, a second payment
 * method). Callers retry every other operation after a timeout, since nobody knows whether it took effect; this one
 * they retry only when the bus says no instance received it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NotRetriedAfterTimeout {
}
