package dev.bazaar.web.edge;

import dev.bazaar.platform.Problem;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers requests the HTTP decoder could not read, before any router sees them: a request line over the server's
 * limit is a 414, a header block over its limit a 431, anything else a 400. Vert.x answers these with an empty body by
 * default; here they get a problem like every other error. The connection is closed afterwards, because the decoder
 * cannot tell where the next request would begin.
 */
public final class InvalidRequests {

  private final HttpServerOptions limits;
  private final SecurityHeaders securityHeaders;

  public InvalidRequests(HttpServerOptions limits, SecurityHeaders securityHeaders) {
    this.limits = limits;
    this.securityHeaders = securityHeaders;
  }

  public void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof TooLongHttpLineException) {
      problem = Problem.of(414, "The request line is longer than " + limits.getMaxInitialLineLength()
        + " bytes.");
    } else if (cause instanceof TooLongHttpHeaderException) {
      problem = Problem.of(431, "The request headers are larger than " + limits.getMaxHeaderSize()
        + " bytes.");
    } else {
      problem = Problem.of(400, "The request is not valid HTTP.");
    }
    securityHeaders.addTo(request.response(), false);
    // Said up front, so that a client does not send its next request on a connection about to close.
    request.response().putHeader("Connection", "close");
    problem.send(request.response()).onComplete(sent -> request.connection().close());
  }
}
