package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.ProductDraft;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import io.vertx.serviceproxy.ServiceProxyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Calls to a service through its Downstream proxy: retried when unanswered, and cut off while it keeps failing. */
@ExtendWith(VertxExtension.class)
class DownstreamTest {

  private static final String ADDRESS = "test.downstream";
  private static final Duration TIMEOUT = Duration.ofMillis(200);

  /** How many calls of each operation reached the service. */
  private final Map<String, AtomicInteger> reached = new ConcurrentHashMap<>();

  @Test
  void aKeyedCallThatTimedOutIsMadeAgainAndItsAnswerCounts(Vertx vertx) {
    bind(vertx, call -> call == 1 ? Promise.promise().future() : Future.succeededFuture(new Product().setId("p-1")));
    CatalogService catalog = downstream(vertx, "keyed", 3);

    Product product = catalog.get("p-1").await();

    assertThat(product.getId()).isEqualTo("p-1");
    assertThat(reached("get")).as("the first call went unanswered, the second answered").isEqualTo(2);
    assertThat(catalog.toString()).as("what is not a call passes through").contains("CatalogService");
  }

  @Test
  void aCallThatIsNotKeyedIsNotMadeAgainAfterATimeout(Vertx vertx) {
    bind(vertx, call -> Promise.promise().future());
    CatalogService catalog = downstream(vertx, "unkeyed", 3);

    Throwable failure = catchThrowable(() -> catalog.create(new ProductDraft()).await());

    assertThat(failure).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) failure).failureType()).isEqualTo(ReplyFailure.TIMEOUT);
    assertThat(reached("create")).as("a second product could have been made").isEqualTo(1);
  }

  @Test
  void aCallGivenAllOfItsCallersTimeIsNotMadeAgainAfterATimeout(Vertx vertx) {
    bind(vertx, call -> call == 1 ? Promise.promise().future() : Future.succeededFuture(new Product().setId("p-1")));
    CatalogService catalog = Downstream.proxy(vertx, CatalogService.class, "whole-request",
      (v, options) -> new ServiceProxyBuilder(v).setAddress(ADDRESS).setOptions(options).build(CatalogService.class),
      TIMEOUT, 3, Downstream.Retries.UNDELIVERED);

    Throwable failure = catchThrowable(() -> catalog.get("p-1").await());

    assertThat(failure).isInstanceOf(ReplyException.class);
    assertThat(reached("get")).as("nobody waits for a retry any more").isEqualTo(1);
  }

  @Test
  void aCallThatIsNotKeyedIsMadeAgainWhenNoInstanceReceivedIt(Vertx vertx) {
    CatalogService catalog = downstream(vertx, "late", 3);
    Future<Product> created = catalog.create(new ProductDraft()); // nobody listens yet: NO_HANDLERS, then a retry
    bind(vertx, call -> Future.succeededFuture(new Product().setId("p-2")));

    assertThat(created.await().getId()).isEqualTo("p-2");
    assertThat(reached("create")).isEqualTo(1);
  }

  @Test
  void aRefusalIsAnAnswerNeitherRetriedNorCountedAgainstTheService(Vertx vertx) {
    bind(vertx, call -> ErrorCode.NOT_FOUND.fail("No product p-" + call + "."));
    CatalogService catalog = downstream(vertx, "refusing", 3);

    for (int i = 1; i <= 8; i++) {
      Throwable refused = catchThrowable(() -> catalog.get("p").await());
      assertThat(ErrorCode.NOT_FOUND.matches(refused)).as("call %d refused by the service", i).isTrue();
    }

    assertThat(reached("get")).as("each refusal came from the service, once").isEqualTo(8);
  }

  @Test
  void afterFiveUnansweredCallsTheCircuitOpensAndCallsFailAtOnceUntilItIsBack(Vertx vertx) {
    AtomicInteger answering = new AtomicInteger();
    bind(vertx, call -> answering.get() == 0 ? Promise.promise().future() : Future.succeededFuture(new Product().setId("p")));
    CatalogService catalog = downstream(vertx, "failing", 1);
    for (int i = 0; i < Downstream.FAILURES_TO_OPEN; i++) {
      catchThrowable(() -> catalog.get("p").await());
    }
    int reachedBeforeOpen = reached("get");

    long sent = System.nanoTime();
    Throwable cutOff = catchThrowable(() -> catalog.get("p").await());
    Duration took = Duration.ofNanos(System.nanoTime() - sent);

    assertThat(reachedBeforeOpen).isEqualTo(Downstream.FAILURES_TO_OPEN);
    assertThat(ErrorCode.UNAVAILABLE.matches(cutOff)).as("%s", cutOff).isTrue();
    assertThat(took).as("failed at once, not after the timeout").isLessThan(TIMEOUT);
    assertThat(reached("get")).as("the open circuit sent nothing").isEqualTo(reachedBeforeOpen);
    Problem problem = Problem.fromFailure(cutOff);
    assertThat(problem.status()).isEqualTo(503);
    assertThat(problem.retryAfterSeconds()).isEqualTo(Downstream.OPEN_SECONDS);
    assertThat(((ServiceException) cutOff).getMessage()).contains("failing service");

    answering.set(1);
    vertx.timer(Downstream.OPEN_SECONDS * 1000L + 200).await();
    assertThat(catalog.get("p").await().getId()).as("one call let through, answered, closes the circuit").isEqualTo("p");
    assertThat(catalog.get("p").await().getId()).isEqualTo("p");
  }

  // ---- a catalog whose answers the test writes, counting the calls that reach it

  private void bind(Vertx vertx, Function<Integer, Future<?>> answer) {
    CatalogService service = (CatalogService) Proxy.newProxyInstance(CatalogService.class.getClassLoader(),
      new Class<?>[] {CatalogService.class},
      (proxy, method, args) -> answer.apply(reached.computeIfAbsent(method.getName(), name -> new AtomicInteger())
        .incrementAndGet()));
    ServiceBinding.bind(vertx, ADDRESS, CatalogService.class, service).await();
  }

  private static CatalogService downstream(Vertx vertx, String name, int attempts) {
    return Downstream.proxy(vertx, CatalogService.class, name,
      (v, options) -> new ServiceProxyBuilder(v).setAddress(ADDRESS).setOptions(options).build(CatalogService.class),
      TIMEOUT, attempts);
  }

  private int reached(String operation) {
    return reached.getOrDefault(operation, new AtomicInteger()).get();
  }
}
