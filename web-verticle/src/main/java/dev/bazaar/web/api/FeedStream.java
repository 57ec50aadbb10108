package dev.bazaar.web.api;

import dev.bazaar.contracts.Event;
import dev.bazaar.platform.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * One open {@code text/event-stream} answer: a customer's feed entries, each written once, in position order, as
 * {@code id: <position>}, {@code event: <type>}, {@code data: <data as one line of JSON>}.
 *
 * <p>Until {@link #start} it only collects live entries, while the first page of its catch-up is read; nothing, not
 * even the status, is written before then, so a catch-up that fails can still be answered with a problem. Then the
 * catch-up goes first, page by page from the {@link FeedLog}, each page asked for only once the one before is written
 * and the connection takes more; the live entries come after, skipping any at or below the last position written.
 *
 * <p>It writes only while the connection takes more: when the client reads slowly, entries wait for the drain, up to
 * {@value #MAX_WAITING} live ones. A client that lets more pile up than that, or reads nothing between two heartbeats,
 * is cut off rather than buffered for without bound; it reconnects with {@code Last-Event-ID} and misses nothing.
 */
final class FeedStream {

  /** Far more than one customer's orders produce while a healthy client reads a burst. */
  static final int MAX_WAITING = 1000;
  /** How long a disconnected client waits before it reconnects, sent as the stream's first line. */
  static final long RETRY_MILLIS = 2_000;

  private static final String KEEP_ALIVE = ": keep-alive\n\n";

  final String customer;
  private final HttpServerResponse response;
  private final FeedLog log;
  private final Consumer<FeedStream> onEnd;
  private final ArrayDeque<Event> waiting = new ArrayDeque<>();
  private Iterator<Event> backlog = Collections.emptyIterator();
  private long written;
  private boolean started;
  private boolean catchingUp;
  private boolean reading;
  private boolean ended;
  private boolean stalled;

  /**
   * @param log    where the catch-up is read from, or null for a stream that goes live at once
   * @param after  the position the client has seen up to; entries at or below it are not written
   * @param onEnd  called once when the stream ends, whoever ends it: the client, the server or this stream
   */
  FeedStream(String customer, HttpServerResponse response, FeedLog log, long after, Consumer<FeedStream> onEnd) {
    this.customer = customer;
    this.response = response;
    this.log = log;
    this.written = after;
    this.onEnd = onEnd;
    response.closeHandler(closed -> finish());
  }

  /** The head of every stream's answer, also the whole answer to HEAD. */
  static HttpServerResponse head(HttpServerResponse response) {
    return response.setStatusCode(200)
      .setChunked(true)
      .putHeader("Content-Type", "text/event-stream")
      .putHeader("Cache-Control", "no-store")
      // nginx and its kind hold a proxied answer back until they have a buffer full; a feed must pass at once.
      .putHeader("X-Accel-Buffering", "no");
  }

  /** Answers 200 and writes the catch-up's first page, the pages after it, then whatever live entries came meanwhile. */
  void start(List<Event> firstPage) {
    if (ended) {
      return;
    }
    started = true;
    head(response).write("retry: " + RETRY_MILLIS + "\n\n");
    response.drainHandler(drained -> {
      stalled = false;
      flush();
    });
    caughtUp(firstPage);
  }

  /** A live entry of this customer. */
  void offer(Event entry) {
    if (ended) {
      return;
    }
    if (waiting.size() >= MAX_WAITING) {
      abandon();
      return;
    }
    waiting.add(entry);
    flush();
  }

  /**
   * A comment line that keeps proxies from closing an idle connection. A connection still full at two heartbeats in a
   * row, with no drain between, belongs to a client that has read nothing for a whole interval.
   */
  void heartbeat() {
    if (!started || ended) {
      return;
    }
    if (!response.writeQueueFull()) {
      stalled = false;
      response.write(KEEP_ALIVE);
    } else if (stalled) {
      abandon();
    } else {
      stalled = true;
    }
  }

  /** Ends the stream cleanly, as when the server stops: the client reconnects, to another node if there is one. */
  void end() {
    endOr(Problem.of(503, "This server is shutting down. Try again shortly.").retryAfter(1));
  }

  /**
   * Ends the stream as its token expires. The answer just ends after the last whole entry, with nothing more written:
   * an {@code EventSource} sees the connection close, keeps the last {@code id:} it read, and reconnects after the
   * {@code retry:} delay with {@code Last-Event-ID}, which its client sends with a fresh token.
   */
  void expire() {
    if (!started && !ended) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"bazaar\", error=\"invalid_token\"");
    }
    endOr(Problem.of(401, "The token has expired."));
  }

  /** Ends a started stream cleanly; one still waiting for its catch-up is answered {@code unstarted} instead. */
  private void endOr(Problem unstarted) {
    if (!finish()) {
      return;
    }
    if (started) {
      response.end();
    } else {
      unstarted.send(response);
    }
  }

  /** Forgets a stream whose catch-up failed; true when its request still waits for an answer (a problem). */
  boolean cancel() {
    return finish();
  }

  private void flush() {
    while (started && !ended && !response.writeQueueFull()) {
      if (backlog.hasNext()) {
        write(backlog.next());
      } else if (catchingUp) {
        readNextPage();
        return;
      } else {
        Event live = waiting.poll();
        if (live == null) {
          return;
        }
        write(live);
      }
    }
  }

  private void write(Event entry) {
    if (entry.getPosition() > written) {
      response.write(format(entry));
      written = entry.getPosition();
    }
  }

  /**
   * Asks for the catch-up's next page, once: what was written ends at its last entry, so the next page starts after
   * it. A page that cannot be read ends the stream cleanly, and the client resumes from what it got.
   */
  private void readNextPage() {
    if (reading) {
      return;
    }
    reading = true;
    log.after(written).onComplete(page -> {
      reading = false;
      if (!ended) {
        caughtUp(page);
      }
    }, unreadable -> end());
  }

  private void caughtUp(List<Event> page) {
    backlog = page.iterator();
    catchingUp = log != null && !log.isLast(page);
    flush();
  }

  /** Drops the connection at once: what is queued for a client that does not read may never drain. */
  private void abandon() {
    if (finish()) {
      response.reset();
    }
  }

  /** Marks the stream ended and lets its owner forget it; false when it had ended already. */
  private boolean finish() {
    if (ended) {
      return false;
    }
    ended = true;
    waiting.clear();
    backlog = Collections.emptyIterator();
    onEnd.accept(this);
    return true;
  }

  static Buffer format(Event entry) {
    String data = entry.getData() == null ? "null" : entry.getData().encode();
    return Buffer.buffer("id: " + entry.getPosition() + "\nevent: " + entry.getType() + "\ndata: " + data + "\n\n");
  }
}
