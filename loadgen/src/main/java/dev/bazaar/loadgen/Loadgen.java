package dev.bazaar.loadgen;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One load generator's run: first a look at the shop (it must answer, and it must have products on sale if the mix
 * buys or looks at them), then the plan, on a context of its own.
 */
public final class Loadgen {

  private static final Set<Operation> NEED_PRODUCTS = EnumSet.of(Operation.PRODUCT, Operation.QUOTE, Operation.CHECKOUT);
  private static final Set<Operation> NEED_CUSTOMERS = EnumSet.of(Operation.CHECKOUT, Operation.STATUS, Operation.CANCEL);

  private Loadgen() {
  }

  /** Whether the mix has operations only a customer may make, for which tokens are needed. */
  public static boolean needsCustomers(Mix mix) {
    return NEED_CUSTOMERS.stream().anyMatch(mix::includes);
  }

  /**
   * Looks at the shop, then runs the plan from {@code startAtNanos}; fails with one line when the shop cannot be
   * reached or has nothing to sell.
   */
  public static Future<Results> run(Vertx vertx, LoadPlan plan, List<String> tokens, Consumer<String> progress,
                                    long startAtNanos, long seed) {
    // One event loop for the whole run: the generator's timers, its client and its histograms all live on it.
    Context context = vertx.getOrCreateContext();
    Promise<Results> results = Promise.promise();
    context.runOnContext(go -> products(vertx, plan)
      .compose(products -> new LoadGenerator(vertx, plan, new Shoppers(tokens, products, seed), progress,
        seed ^ 0x5DEECE66DL).run(startAtNanos))
      .onComplete(results));
    return results.future();
  }

  /** The ids of up to 100 products on sale, read from the first target; none needed when the mix does not use them. */
  static Future<List<String>> products(Vertx vertx, LoadPlan plan) {
    URI base = plan.targets().get(0);
    HttpClient client = vertx.createHttpClient();
    String path = NEED_PRODUCTS.stream().anyMatch(plan.mix()::includes) ? "/api/v1/products?size=100" : "/health";
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost()).setPort(base.getPort())
        .setURI(base.getRawPath().replaceAll("/$", "") + path).setIdleTimeout(plan.requestTimeout().toMillis()))
      .compose(request -> request.send())
      .compose(response -> response.body().map(body -> {
        if (response.statusCode() != 200) {
          throw new IllegalStateException(base + path + " answered " + response.statusCode());
        }
        if (path.equals("/health")) {
          return List.<String>of();
        }
        JsonArray items = new JsonObject(body).getJsonArray("items");
        if (items.isEmpty()) {
          throw new IllegalStateException("the shop at " + base + " has no products on sale to look at or buy");
        }
        return items.stream().map(item -> ((JsonObject) item).getString("id")).toList();
      }))
      .recover(failure -> Future.failedFuture(failure instanceof IllegalStateException ? failure
        : new IllegalStateException("cannot reach " + base + ": " + failure.getMessage())))
      .eventually(client::close);
  }
}
