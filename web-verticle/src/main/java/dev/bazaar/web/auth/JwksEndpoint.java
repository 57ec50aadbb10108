package dev.bazaar.web.auth;

import dev.bazaar.web.auth.TokenVerifier.KeysUnavailable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The issuer's JWKS document at a URL, read without blocking. A document over {@value #MAX_BYTES} bytes is refused
 * as soon as that many have arrived, without reading the rest: a key set is a few KiB, and the issuer's answer is
 * untrusted input, so a misconfigured URL pointing at a large file, or a hostile server, cannot fill the memory.
 */
final class JwksEndpoint {

  static final int MAX_BYTES = 1024 * 1024;
  private static final long TIMEOUT_MILLIS = 10_000;

  private final String url;
  private final HttpClient client;

  JwksEndpoint(Vertx vertx, String url) {
    this.url = url;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT_MILLIS));
  }

  /** The signing keys Bazaar accepts from the document; fails with a message fit for the log when there are none. */
  Future<List<JsonObject>> signingKeys() {
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setIdleTimeout(TIMEOUT_MILLIS))
      // Nested so that the body's handlers are set on the event loop as the response arrives: set later, from a
      // listener dispatched from another thread, they could find it already read (an IllegalStateException).
      .compose(request -> request.send().compose(this::body))
      .map(body -> Jwks.signingKeys(new JsonObject(body)))
      .recover(failure -> Future.failedFuture(failure instanceof KeysUnavailable ? failure
        : new KeysUnavailable("cannot read the JWKS at " + url + " (" + why(failure) + ")")))
      .compose(keys -> keys.isEmpty()
        ? Future.failedFuture(new KeysUnavailable("the JWKS at " + url + " holds no RS256 or ES256 signing key "
          + "(RSA keys need at least " + Jwks.MIN_RSA_BITS + " bits)"))
        : Future.succeededFuture(keys));
  }

  private static String why(Throwable failure) {
    return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
  }

  private Future<Buffer> body(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      response.request().connection().close();
      return Future.failedFuture(new KeysUnavailable("cannot read the JWKS at " + url + " (HTTP " + response.statusCode() + ")"));
    }
    String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && (!length.matches("\\d{1,7}") || Integer.parseInt(length) > MAX_BYTES)) {
      return tooLarge(response);
    }
    Promise<Buffer> body = Promise.promise();
    Buffer read = Buffer.buffer();
    response.handler(chunk -> {
      read.appendBuffer(chunk);
      if (read.length() > MAX_BYTES) {
        tooLarge(response).onFailure(body::tryFail);
      }
    });
    response.endHandler(end -> body.tryComplete(read));
    response.exceptionHandler(body::tryFail);
    return body.future();
  }

  /** Closes the connection, so that nothing more of the document is read. */
  private Future<Buffer> tooLarge(HttpClientResponse response) {
    response.exceptionHandler(closedByUs -> { });
    response.request().connection().close();
    return Future.failedFuture(new KeysUnavailable("the JWKS at " + url + " is larger than " + MAX_BYTES / 1024
      + " KiB; refused"));
  }
}
