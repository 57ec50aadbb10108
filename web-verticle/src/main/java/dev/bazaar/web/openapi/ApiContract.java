package dev.bazaar.web.openapi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.Map;

/**
 * {@code openapi.yaml}: the document clients read, and the contract requests are validated against.
 *
 * <p>Workaround: the document says that errors are {@code application/problem+json} and that the contract itself is
 * {@code application/yaml}. vertx-openapi 5.0.7 refuses both as response media types (it knows JSON, vendor
 * {@code vnd.*+json}, multipart, octet-stream and plain text only), although it never validates responses. So the
 * router gets the same contract with the response bodies left out, and clients get the whole document. This can go
 * once vertx-openapi accepts structured-syntax suffixes such as {@code +json} in responses; 5.1.3 still refuses them.
 */
public record ApiContract(Buffer document, OpenAPIContract forValidation) {

  static final String PATH = "openapi.yaml";

  public static Future<ApiContract> load(Vertx vertx) {
    return vertx.fileSystem().readFile(PATH).compose(document -> {
      Map<String, Object> parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(document.toString());
      return OpenAPIContract.from(vertx, withoutResponseBodies(new JsonObject(parsed)))
        .map(contract -> new ApiContract(document, ValidatorCache.around(contract)));
    });
  }

  private static JsonObject withoutResponseBodies(JsonObject contract) {
    JsonObject copy = contract.copy();
    copy.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(operation -> {
      if (operation.getValue() instanceof JsonObject op && op.containsKey("responses")) {
        op.getJsonObject("responses").forEach(response -> ((JsonObject) response.getValue()).remove("content"));
      }
    }));
    copy.getJsonObject("components").getJsonObject("responses", new JsonObject())
      .forEach(response -> ((JsonObject) response.getValue()).remove("content"));
    return copy;
  }
}
