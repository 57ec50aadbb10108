package dev.bazaar.contracts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a service refused a request. Services fail with {@link ServiceException}s carrying one of these codes, and each
 * code says which HTTP status the edge answers it with, so a new code is added here and nowhere else. Any other
 * failure is a bug and is answered as such.
 */
public enum ErrorCode {
  /** The request breaks a rule of the service: a negative price, an unknown currency, an empty order line. */
  INVALID_INPUT(4000, 400),
  /** The card's issuer declined the payment; the message gives its reason. */
  PAYMENT_DECLINED(4020, 402),
  /** The thing asked for does not exist. */
  NOT_FOUND(4040, 404),
  /** Something with the same unique key already exists, for example a product with that SKU. */
  DUPLICATE(4090, 409),
  /** There is not enough available stock to reserve. */
  INSUFFICIENT_STOCK(4091, 409),
  /** The request does not fit the current state, for example committing a reservation that expired. */
  CONFLICT(4092, 409),
  /** An idempotency key came again with a different request: the key names one request only. */
  IDEMPOTENCY_KEY_REUSED(4220, 422),
  /**
   * The customer's cards were declined too often of late, as when someone tries stolen numbers one after another: no
   * new payment method and no card payment of theirs is taken until a cool-down ends. The message says when, and the
   * debug information carries {@link #RETRY_AFTER_SECONDS}.
   */
  TOO_MANY_DECLINES(4290, 429),
  /** A service or processor the request needed failed, and what it began was undone. */
  UPSTREAM_FAILED(5020, 502),
  /**
   * A service the request needs has failed repeatedly of late, so it is not called for a while (its circuit is open);
   * the message says when to try again.
   */
  UNAVAILABLE(5030, 503);

  /** In a refusal's debug information: how many seconds to wait before asking again. */
  public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

  private final int code;
  private final int httpStatus;

  ErrorCode(int code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The failure code on the bus, the same in every language. */
  public int code() {
    return code;
  }

  /** The status a REST client gets for it. */
  public int httpStatus() {
    return httpStatus;
  }

  public ServiceException exception(String message) {
    return new ServiceException(code, message);
  }

  public ServiceException exception(String message, JsonObject debugInfo) {
    return new ServiceException(code, message, debugInfo);
  }

  public <T> Future<T> fail(String message) {
    return Future.failedFuture(exception(message));
  }

  /** Whether {@code failure} is a service's refusal with this code. */
  public boolean matches(Throwable failure) {
    return failure instanceof ServiceException refused && refused.failureCode() == code;
  }

  public static Optional<ErrorCode> of(int code) {
    return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
  }
}
