package dev.bazaar.web.api;

import dev.bazaar.contracts.notification.NotificationPage;
import dev.bazaar.contracts.notification.NotificationPreferences;
import dev.bazaar.contracts.notification.NotificationService;
import dev.bazaar.web.WebConfig;
import dev.bazaar.web.auth.Caller;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;

import java.util.Map;

import static dev.bazaar.web.api.Requests.body;
import static dev.bazaar.web.api.Requests.header;
import static dev.bazaar.web.api.Requests.intOr;
import static dev.bazaar.web.api.Requests.query;

/**
 * The caller's own notifications: where their emails go and which kinds they want none of, what the shop told them,
 * and their live feed. The notification service is optional to this node: while it is down these endpoints answer
 * 503, and the node stays ready, because checkouts do not need it.
 */
public final class NotificationApi implements ServiceApi {

  private final NotificationService notifications;
  private final CustomerFeeds feeds;

  public NotificationApi(ServiceCalls calls, WebConfig.Feeds feedLimits) {
    this.notifications = calls.proxy(NotificationService.class, NotificationService.NAME, NotificationService::createProxy);
    this.feeds = new CustomerFeeds(calls.vertx(), notifications, feedLimits);
  }

  @Override
  public Map<String, String> calledServices() {
    return Map.of();
  }

  @Override
  public Map<String, String> optionalServices() {
    return Map.of(NotificationService.NAME, NotificationService.ADDRESS);
  }

  @Override
  public void mount(RouterBuilder routes) {
    feeds.start();
    routes.getRoute("getNotificationPreferences").addHandler(this::preferences);
    routes.getRoute("putNotificationPreferences").addHandler(this::setPreferences);
    routes.getRoute("listNotifications").addHandler(this::list);
    routes.getRoute("streamEvents").addHandler(this::stream);
  }

  @Override
  public void close() {
    feeds.close();
  }

  private void preferences(RoutingContext rc) {
    Responses.json(rc, 200, notifications.preferences(customer(rc)).map(NotificationApi::json));
  }

  private void setPreferences(RoutingContext rc) {
    NotificationPreferences wanted = new NotificationPreferences(body(rc));
    Responses.json(rc, 200, notifications.setPreferences(customer(rc), wanted).map(NotificationApi::json));
  }

  /** With {@code "email": null} rather than no email at all, so that the answer can be put back as it is. */
  private static JsonObject json(NotificationPreferences preferences) {
    return preferences.toJson().put("email", preferences.getEmail());
  }

  private void list(RoutingContext rc) {
    Responses.json(rc, 200, notifications.list(customer(rc), intOr(query(rc, "page"), 1), intOr(query(rc, "size"), 20))
      .map(NotificationPage::toJson));
  }

  /** The contract admits only 1 to 18 digits in {@code Last-Event-ID}, so the number always fits a long. */
  private void stream(RoutingContext rc) {
    RequestParameter lastSeen = header(rc, "Last-Event-ID");
    feeds.open(rc, Caller.of(rc), lastSeen == null ? null : Long.parseLong(lastSeen.getString()));
  }

  private static String customer(RoutingContext rc) {
    return Caller.of(rc).subject();
  }
}
