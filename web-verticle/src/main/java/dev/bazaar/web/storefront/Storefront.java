package dev.bazaar.web.storefront;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The storefront page: one HTML file at {@code /}, its script and style under {@value #PATH}, and the SockJS client it
 * talks to the bridge with, all from this origin, so that its content security policy can allow nothing else.
 */
public final class Storefront {

  public static final String PATH = "/storefront/";
  /** The SockJS client, from the sockjs-client webjar whose version the root pom pins. */
  private static final String SOCKJS = "META-INF/resources/webjars/sockjs-client/1.6.1/dist";

  private Storefront() {
  }

  public static void mount(Router router) {
    router.get("/").handler(rc -> rc.reroute(PATH + "index.html"));
    router.get(PATH + "vendor/*").handler(StaticHandler.create(SOCKJS).setDirectoryListing(false));
    // The page and its script change with each release under the same names: a browser asks again every time.
    router.get(PATH + "*")
      .handler(rc -> {
        rc.response().putHeader("Cache-Control", "no-cache");
        rc.next();
      })
      .handler(StaticHandler.create("storefront").setDirectoryListing(false).setCachingEnabled(false));
  }

  /** Whether a path is the page or one of its files, which get the page's content security policy. */
  public static boolean serves(String path) {
    return path.equals("/") || path.startsWith(PATH);
  }
}
