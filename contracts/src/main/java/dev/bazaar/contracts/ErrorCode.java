package dev.bazaar.contracts;

import io.vertx.core.Future;
import io.vertx.serviceproxy.ServiceException;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a service refused a request. Services fail with {@link ServiceException}s carrying one of these codes;
 * the web verticle turns each into an HTTP problem. Any other failure is a bug and is answered as such.
 */
public enum ErrorCode {
  /** The request breaks a rule of the service: a negative price, an unknown currency, an empty order line. */
  INVALID_INPUT(4000),
  /** The thing asked for does not exist. */
  NOT_FOUND(4040),
  /** Something with the same unique key already exists, for example a product with that SKU. */
  DUPLICATE(4090),
  /** There is not enough available stock to reserve. */
  INSUFFICIENT_STOCK(4091),
  /** The request does not fit the current state, for example committing a reservation that expired. */
  CONFLICT(4092);

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public ServiceException exception(String message) {
    return new ServiceException(code, message);
  }

  public <T> Future<T> fail(String message) {
    return Future.failedFuture(exception(message));
  }

  public static Optional<ErrorCode> of(int code) {
    return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
  }
}
