package dev.bazaar.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of {@code GET /api/v1/me/events} that reads the stream as it arrives, as {@code EventSource} would: each
 * block of lines up to an empty line is one entry, a line starting with a colon is a comment.
 */
final class FeedClient implements AutoCloseable {

  static final Duration PATIENCE = Duration.ofSeconds(20);

  /** One entry as the client saw it: {@code id:}, {@code event:} and the parsed {@code data:} line. */
  record Entry(long id, String type, JsonObject data) {
  }

  private final HttpClient client;
  private final HttpClientResponse response;
  private final List<Entry> entries = new ArrayList<>();
  private final List<String> fields = new ArrayList<>();
  private final StringBuilder unread = new StringBuilder();
  private volatile boolean closed;

  private FeedClient(HttpClient client, HttpClientResponse response) {
    this.client = client;
    this.response = response;
    response.handler(this::read);
    response.endHandler(end -> closed = true);
    response.exceptionHandler(failure -> closed = true);
  }

  /** Connects as the holder of {@code token}, resuming after {@code lastEventId} unless it is null. */
  static FeedClient connect(Vertx vertx, int port, String token, String lastEventId) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("localhost").setDefaultPort(port));
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setURI("/api/v1/me/events")
      .putHeader("Authorization", "Bearer " + token).putHeader("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.putHeader("Last-Event-ID", lastEventId);
    }
    // Reading starts as the head arrives, on the client's event loop: the first entries may come in the same packet.
    return client.request(request).compose(sent -> sent.send()).map(response -> new FeedClient(client, response)).await();
  }

  HttpClientResponse response() {
    return response;
  }

  synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** Every field line and comment seen, in order, such as {@code retry: 2000} or {@code : keep-alive}. */
  synchronized List<String> lines() {
    return List.copyOf(fields);
  }

  boolean closed() {
    return closed;
  }

  /** Waits until the entries received so far satisfy {@code done}, and answers them. */
  List<Entry> awaitEntries(Predicate<List<Entry>> done, String what) {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!done.test(entries())) {
      assertThat(Instant.now()).as("%s in time; got %s", what, entries()).isBefore(deadline);
      LockSupport.parkNanos(10_000_000);
    }
    return entries();
  }

  /** Waits until the server has ended or dropped the stream. */
  void awaitClosed(Duration patience) {
    Instant deadline = Instant.now().plus(patience);
    while (!closed) {
      assertThat(Instant.now()).as("the stream closed in time").isBefore(deadline);
      LockSupport.parkNanos(10_000_000);
    }
  }

  private synchronized void read(Buffer chunk) {
    unread.append(chunk.toString(StandardCharsets.UTF_8));
    int end;
    while ((end = unread.indexOf("\n\n")) >= 0) {
      String block = unread.substring(0, end);
      unread.delete(0, end + 2);
      parse(block);
    }
  }

  private void parse(String block) {
    Long id = null;
    String type = null;
    JsonObject data = null;
    for (String line : block.split("\n")) {
      fields.add(line);
      if (line.startsWith("id: ")) {
        id = Long.parseLong(line.substring(4));
      } else if (line.startsWith("event: ")) {
        type = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data = new JsonObject(line.substring(6));
      }
    }
    if (data != null) {
      entries.add(new Entry(id, type, data));
    }
  }

  @Override
  public void close() {
    client.close().await();
  }
}
