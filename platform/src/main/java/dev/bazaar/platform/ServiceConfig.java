package dev.bazaar.platform;

import io.vertx.core.json.JsonObject;

/**
 * A verticle's typed configuration. The launcher builds one of these per service and deploys its JSON form; the
 * verticle reads it back with the record's own {@code from(JsonObject)}, which refuses keys it does not know.
 */
public interface ServiceConfig {

  JsonObject toJson();
}
