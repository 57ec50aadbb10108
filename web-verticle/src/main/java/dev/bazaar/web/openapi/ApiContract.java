package dev.bazaar.web.openapi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code openapi.yaml}: the document clients read, and the contract requests are validated against.
 *
 * <p>Workaround: the document says that errors are {@code application/problem+json} and that the contract itself is
 * {@code application/yaml}. vertx-openapi 5.0.7 refuses both as response media types (it knows JSON, vendor
 * {@code vnd.*+json}, multipart, octet-stream and plain text only), although it never validates responses. So the
 * router gets the same contract with the response bodies left out, and clients get the whole document. This can go
 * once vertx-openapi accepts structured-syntax suffixes such as {@code +json} in responses; 5.1.3 still refuses them.
 *
 * @param streams the ids of the operations whose 200 answer is an event stream ({@code text/event-stream}): they stay
 *                open for as long as the client listens. Read from the whole document, since the router's copy no
 *                longer says what an answer's body is; such a 200 answer is written in place, not as a {@code $ref}.
 */
public record ApiContract(Buffer document, OpenAPIContract forValidation, Set<String> streams) {

  static final String PATH = "openapi.yaml";
  static final String EVENT_STREAM = "text/event-stream";

  public static Future<ApiContract> load(Vertx vertx) {
    return vertx.fileSystem().readFile(PATH).compose(document -> {
      Map<String, Object> parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(document.toString());
      JsonObject whole = new JsonObject(parsed);
      return OpenAPIContract.from(vertx, withoutResponseBodies(whole))
        .map(contract -> new ApiContract(document, ValidatorCache.around(contract), streams(whole)));
    });
  }

  private static Set<String> streams(JsonObject contract) {
    Set<String> streams = new HashSet<>();
    contract.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(operation -> {
      if (operation.getValue() instanceof JsonObject op && op.containsKey("responses")) {
        JsonObject ok = op.getJsonObject("responses").getJsonObject("200", new JsonObject());
        if (ok.getJsonObject("content", new JsonObject()).containsKey(EVENT_STREAM)) {
          streams.add(op.getString("operationId"));
        }
      }
    }));
    return Set.copyOf(streams);
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
