package dev.bazaar.web.api;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.ProductDraft;
import dev.bazaar.contracts.catalog.ProductPage;
import dev.bazaar.contracts.catalog.ProductQuery;
import dev.bazaar.contracts.catalog.ProductSort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;

import java.time.Duration;
import java.util.Map;

import static dev.bazaar.web.api.Requests.body;
import static dev.bazaar.web.api.Requests.intOr;
import static dev.bazaar.web.api.Requests.pathParam;
import static dev.bazaar.web.api.Requests.query;

/**
 * The catalog endpoints: each turns a validated request into one catalog proxy call and its answer into JSON. Reads
 * may be answered from the read cache. Every catalog event (a product changed, stock set, held by a checkout,
 * committed or returned) drops the reads it makes stale, on every web verticle; a write through this verticle also
 * clears its own cache at once, so its caller reads what it wrote.
 */
public final class CatalogApi implements ServiceApi {

  static final String PRODUCTS_PATH = "/api/v1/products/";
  private static final String PRODUCT_KEY = "product:";
  private static final String SEARCH_KEY = "search:";

  private final Vertx vertx;
  private final CatalogService catalog;
  private final ReadCache reads;

  public CatalogApi(ServiceCalls calls, Duration readCache) {
    this.vertx = calls.vertx();
    this.catalog = calls.proxy(CatalogService.class, CatalogService.NAME, CatalogService::createProxy);
    this.reads = new ReadCache(vertx, readCache);
  }

  @Override
  public Map<String, String> calledServices() {
    return Map.of(CatalogService.NAME, CatalogService.ADDRESS);
  }

  @Override
  public void mount(RouterBuilder routes) {
    if (reads.enabled()) {
      vertx.eventBus().<JsonObject>consumer(Event.address(CatalogService.NAME), event -> forget(new Event(event.body())));
    }
    routes.getRoute("listProducts").addHandler(this::list);
    routes.getRoute("getProduct").addHandler(this::get);
    routes.getRoute("createProduct").addHandler(this::create);
    routes.getRoute("updateProduct").addHandler(this::update);
    routes.getRoute("deactivateProduct").addHandler(this::deactivate);
    routes.getRoute("setStock").addHandler(this::setStock);
  }

  private void list(RoutingContext rc) {
    ProductQuery search = new ProductQuery()
      .setText(stringOrNull(query(rc, "q")))
      .setCategory(stringOrNull(query(rc, "category")))
      .setMinPrice(longOrNull(query(rc, "minPrice")))
      .setMaxPrice(longOrNull(query(rc, "maxPrice")))
      .setSort(sortOf(stringOrNull(query(rc, "sort"))))
      .setPage(intOr(query(rc, "page"), 1))
      .setSize(intOr(query(rc, "size"), ProductQuery.DEFAULT_SIZE));
    reads.serve(rc, SEARCH_KEY + search.toJson().encode(), () -> catalog.search(search).map(ProductPage::toJson));
  }

  private void get(RoutingContext rc) {
    String id = pathParam(rc, "id");
    reads.serve(rc, PRODUCT_KEY + id, () -> catalog.get(id).map(Product::toJson));
  }

  private void create(RoutingContext rc) {
    Responses.created(rc, written(catalog.create(new ProductDraft(body(rc)))),
      product -> PRODUCTS_PATH + product.getId(), Product::toJson);
  }

  private void update(RoutingContext rc) {
    Responses.json(rc, 200, written(catalog.update(pathParam(rc, "id"), new ProductDraft(body(rc)))).map(Product::toJson));
  }

  private void deactivate(RoutingContext rc) {
    Responses.noContent(rc, written(catalog.deactivate(pathParam(rc, "id"))));
  }

  private void setStock(RoutingContext rc) {
    int onHand = body(rc).getInteger("onHand");
    Responses.json(rc, 200, written(catalog.setStock(pathParam(rc, "id"), onHand)).map(Product::toJson));
  }

  /** A change this verticle made shows in its next read; the others learn of it from the catalog's event. */
  private <T> Future<T> written(Future<T> write) {
    return write.onSuccess(done -> reads.clear());
  }

  /** Every event is about one product: its own page goes stale, and so does every search, which may list it. */
  private void forget(Event event) {
    reads.forget(key -> key.equals(PRODUCT_KEY + event.getAggregateId()) || key.startsWith(SEARCH_KEY));
  }

  private static ProductSort sortOf(String apiName) {
    // The contract admits only the listed names, so an unknown one cannot arrive here.
    return apiName == null ? ProductSort.NAME : ProductSort.fromApiName(apiName).orElse(ProductSort.NAME);
  }

  private static String stringOrNull(RequestParameter parameter) {
    return parameter == null ? null : parameter.getString();
  }

  private static Long longOrNull(RequestParameter parameter) {
    return parameter == null ? null : parameter.getLong();
  }
}
