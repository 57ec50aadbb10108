package dev.bazaar.launcher;

import io.vertx.core.Deployable;

import java.util.function.Supplier;

/**
 * One service this jar can run: the name it goes by on the command line and in readiness reports, the verticle that
 * runs it, whether it needs PostgreSQL, and the command-line options its typed configuration is made from.
 */
record ServiceEntry(String name, Supplier<Deployable> verticle, boolean needsDatabase, ServiceOptions options) {
}
