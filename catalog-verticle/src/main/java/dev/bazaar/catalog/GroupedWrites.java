package dev.bazaar.catalog;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Requests that arrive while a write is in flight wait, and are written together as the next group, in one
 * transaction. In a flash sale every checkout updates the one stock row of the product on sale, and each transaction
 * holds that row's lock until its commit is flushed; so one product would cap the shop at one checkout per fsync. In
 * groups, it costs one fsync per group instead, and the group grows by itself with the load.
 *
 * <p>One write is in flight at a time, and the requests are handed to it in arrival order, so a writer that decides them
 * one after the other decides them in arrival order. A group holds one request per key: a repeat (a retry of the same
 * order) waits for the next group, so it finds what the first one did, exactly as if the two had come one after the
 * other. When a group's write fails, each of its requests is written again on its own, so that one request that
 * breaks the transaction cannot fail the others.
 *
 * <p>All state lives on one context; requests from other threads hop onto it.
 *
 * @param <T> a request
 * @param <R> what a request is answered
 */
final class GroupedWrites<T, R> {

  private static final Logger LOG = LoggerFactory.getLogger(GroupedWrites.class);

  /** Writes a group in one transaction: each request's answer, in the group's order, a refusal as a failed future. */
  interface Writer<T, R> {
    Future<List<Future<R>>> write(List<T> group);
  }

  private final Context context;
  private final int maxGroup;
  private final Function<T, String> key;
  private final Writer<T, R> writer;
  private final ArrayDeque<Waiting<T, R>> waiting = new ArrayDeque<>();
  private boolean writing;

  GroupedWrites(Context context, int maxGroup, Function<T, String> key, Writer<T, R> writer) {
    this.context = context;
    this.maxGroup = maxGroup;
    this.key = key;
    this.writer = writer;
  }

  /** The request's answer, once the group it went in was written. */
  Future<R> submit(T request) {
    Promise<R> answer = Promise.promise();
    if (Vertx.currentContext() == context) {
      enqueue(new Waiting<>(request, answer));
    } else {
      context.runOnContext(v -> enqueue(new Waiting<>(request, answer)));
    }
    return answer.future();
  }

  private void enqueue(Waiting<T, R> request) {
    waiting.add(request);
    writeNext();
  }

  private void writeNext() {
    if (writing || waiting.isEmpty()) {
      return;
    }
    writing = true;
    List<Waiting<T, R>> group = nextGroup();
    write(group).onComplete(written -> {
      writing = false;
      writeNext();
    });
  }

  /** The oldest waiting requests, one per key, up to the group's size; the rest keep their places. */
  private List<Waiting<T, R>> nextGroup() {
    List<Waiting<T, R>> group = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (Iterator<Waiting<T, R>> it = waiting.iterator(); it.hasNext() && group.size() < maxGroup; ) {
      Waiting<T, R> next = it.next();
      if (keys.add(key.apply(next.request()))) {
        group.add(next);
        it.remove();
      }
    }
    return group;
  }

  /** Writes the group and answers each of its requests; never fails, since every failure went to its requests. */
  private Future<Void> write(List<Waiting<T, R>> group) {
    return written(group).recover(failure -> {
      if (group.size() == 1) {
        return refuse(group.get(0), failure);
      }
      LOG.warn("A group of {} writes failed, writing each on its own: {}", group.size(), failure.getMessage());
      return oneByOne(group);
    });
  }

  private Future<Void> written(List<Waiting<T, R>> group) {
    Future<List<Future<R>>> answers;
    try {
      answers = writer.write(group.stream().map(Waiting::request).toList());
    } catch (RuntimeException bug) {
      answers = Future.failedFuture(bug);
    }
    return answers.map(each -> {
      for (int i = 0; i < group.size(); i++) {
        each.get(i).onComplete(group.get(i).answer());
      }
      return null;
    });
  }

  private Future<Void> oneByOne(List<Waiting<T, R>> group) {
    Future<Void> chain = Future.succeededFuture();
    for (Waiting<T, R> request : group) {
      chain = chain.compose(previous -> written(List.of(request)).recover(failure -> refuse(request, failure)));
    }
    return chain;
  }

  private Future<Void> refuse(Waiting<T, R> request, Throwable failure) {
    request.answer().tryFail(failure);
    return Future.succeededFuture();
  }

  private record Waiting<T, R>(T request, Promise<R> answer) {
  }
}
