package dev.bazaar.platform;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** For the dynamic proxies that stand in front of a service: a call passed on as if it had been made directly. */
final class Invocation {

  private Invocation() {
  }

  /** Calls {@code method} on {@code target}; what it throws comes out as itself, not wrapped. */
  static Object passOn(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException thrown) {
      throw thrown.getCause();
    }
  }
}
