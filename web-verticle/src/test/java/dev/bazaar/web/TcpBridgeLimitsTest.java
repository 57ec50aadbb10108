package dev.bazaar.web;

import dev.bazaar.contracts.CustomerEvents;
import dev.bazaar.contracts.Roles;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static dev.bazaar.web.BridgeClient.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What no client of the TCP bridge can make the node do, token or not: hold a frame larger than a REST body, keep more
 * than one consumer of an address for one connection, or more than 16 addresses, or keep a silent connection open.
 */
@ExtendWith(VertxExtension.class)
class TcpBridgeLimitsTest {

  private static final Duration IDLE = Duration.ofSeconds(2);
  private static final String PUBLIC_CATALOG = "bazaar.public.catalog";

  private static Vertx vertx;
  private static TestShop shop;
  private static int bridgePort;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    bridgePort = TestShop.freePort();
    shop = TestShop.start(vertx, new JsonObject().put("bridgePort", bridgePort).put("bridgeIdleTimeoutMillis", IDLE.toMillis()));
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void aFrameDeclaringAGibibyteClosesItsConnectionBeforeItIsRead() {
    try (BridgeClient bridge = connect()) {
      // The length and a few bytes: a parser that kept what the length announced would wait for the rest, open.
      bridge.sendRaw(Buffer.buffer().appendInt(1 << 30).appendString("{\"type\": \"send\""));
      Instant deadline = Instant.now().plusSeconds(1);
      while (!bridge.isClosed() && Instant.now().isBefore(deadline)) {
        LockSupport.parkNanos(5_000_000);
      }
      assertThat(bridge.isClosed()).as("closed within a second").isTrue();
      assertThat(bridge.received()).singleElement().satisfies(frame -> {
        assertRefused(frame, 413);
        assertThat(frame.getString("message")).contains("64 KiB");
      });
    }
    try (BridgeClient other = connect()) {
      assertThat(other.ping().getString("type")).as("the node serves on").isEqualTo("pong");
    }
  }

  @Test
  void aFrameJustUnderTheLimitIsReadAndAnswered() {
    String padding = "x".repeat(WebVerticle.BODY_LIMIT - 100);
    try (BridgeClient bridge = connect()) {
      bridge.send(new JsonObject().put("type", "ping").put("padding", padding));
      assertThat(bridge.await(frame -> "pong".equals(frame.getString("type")), "the pong").getString("type")).isEqualTo("pong");
    }
  }

  @Test
  void aThousandRegistrationsOfOneAddressLeaveOneConsumer() {
    try (BridgeClient bridge = connect()) {
      for (int i = 0; i < 1000; i++) {
        bridge.send(new JsonObject().put("type", "register").put("address", PUBLIC_CATALOG));
      }
      bridge.ping();
      assertThat(bridge.received()).filteredOn(frame -> "err".equals(frame.getString("type"))).hasSize(999)
        .allSatisfy(frame -> assertRefused(frame, 409));

      String marker = UUID.randomUUID().toString();
      vertx.eventBus().publish(PUBLIC_CATALOG, new JsonObject().put("productId", marker));
      bridge.await(frame -> BridgeClient.isMessage(frame) && frame.encode().contains(marker), "the event");
      bridge.ping();
      assertThat(bridge.received()).filteredOn(frame -> frame.encode().contains(marker))
        .as("one consumer, so one delivery").hasSize(1);
    }
  }

  @Test
  void aConnectionFollowsAtMostSixteenAddresses() {
    String admin = shop.token("admin-1", Roles.ADMIN);
    try (BridgeClient bridge = connect()) {
      for (int i = 0; i < 16; i++) {
        assertThat(bridge.register(CustomerEvents.orders("c" + i), admin).getString("type")).isEqualTo("pong");
      }
      assertRefused(bridge.register(CustomerEvents.orders("c16"), admin), 409);
      bridge.send(new JsonObject().put("type", "unregister").put("address", CustomerEvents.orders("c0")));
      assertThat(bridge.register(CustomerEvents.orders("c16"), admin).getString("type"))
        .as("room again once one is given back").isEqualTo("pong");
    }
  }

  @Test
  void aSilentConnectionIsClosedAfterTheIdleTimeoutAndAPingingOneIsNot() {
    try (BridgeClient silent = connect(); BridgeClient pinging = connect()) {
      Instant opened = Instant.now();
      Instant deadline = opened.plus(IDLE.multipliedBy(3));
      while (!silent.isClosed() && Instant.now().isBefore(deadline)) {
        pinging.ping();
        LockSupport.parkNanos(IDLE.toNanos() / 4);
      }
      assertThat(silent.isClosed()).as("closed within three idle timeouts").isTrue();
      assertThat(Duration.between(opened, Instant.now())).as("not before the timeout").isGreaterThanOrEqualTo(IDLE);
      for (Instant end = Instant.now().plus(IDLE); Instant.now().isBefore(end); ) {
        assertThat(pinging.ping().getString("type")).isEqualTo("pong");
        LockSupport.parkNanos(IDLE.toNanos() / 4);
      }
      assertThat(pinging.isClosed()).as("a client that pings stays").isFalse();
    }
  }

  private static BridgeClient connect() {
    return BridgeClient.tcp(vertx, bridgePort);
  }
}
