package dev.bazaar.web.api;

import dev.bazaar.contracts.shipping.Shipment;
import dev.bazaar.contracts.shipping.ShippingQuote;
import dev.bazaar.contracts.shipping.ShippingService;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.Map;

import static dev.bazaar.web.api.Requests.pathParam;
import static dev.bazaar.web.api.Requests.query;

/** The shipping endpoints: a public quote, and a shipment with its history for the people who run the shop. */
public final class ShippingApi implements ServiceApi {

  private final ShippingService shipping;

  public ShippingApi(ServiceCalls calls) {
    this.shipping = calls.proxy(ShippingService.class, ShippingService.NAME, ShippingService::createProxy);
  }

  @Override
  public Map<String, String> calledServices() {
    return Map.of(ShippingService.NAME, ShippingService.ADDRESS);
  }

  @Override
  public void mount(RouterBuilder routes) {
    routes.getRoute("quoteShipping").addHandler(this::quote);
    routes.getRoute("getShipment").addHandler(this::shipment);
  }

  /** Both parameters are required by the contract, so validation has refused a request without them. */
  private void quote(RoutingContext rc) {
    String country = query(rc, "country").getString();
    int weightGrams = query(rc, "weightGrams").getInteger();
    Responses.json(rc, 200, shipping.quote(country, weightGrams).map(ShippingQuote::toJson));
  }

  private void shipment(RoutingContext rc) {
    Responses.json(rc, 200, shipping.get(pathParam(rc, "orderId")).map(Shipment::toJson));
  }
}
