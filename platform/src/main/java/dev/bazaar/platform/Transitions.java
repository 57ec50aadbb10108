package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import io.vertx.core.Future;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a thing and the moves allowed between them, written as one table a reader can take in at a glance:
 * <pre>{@code
 * Transitions.of(PaymentStatus.class)
 *   .allow(AUTHORIZED, CAPTURED, VOIDED)
 *   .allow(CAPTURED, PARTIALLY_REFUNDED, REFUNDED)
 * }</pre>
 * A move the table does not list is refused with CONFLICT.
 */
public final class Transitions<S extends Enum<S>> {

  private final Class<S> states;
  private final Map<S, Set<S>> allowed;

  private Transitions(Class<S> states) {
    this.states = states;
    this.allowed = new EnumMap<>(states);
  }

  public static <S extends Enum<S>> Transitions<S> of(Class<S> states) {
    return new Transitions<>(states);
  }

  /** Allows moving from {@code from} to each of {@code to}. */
  @SafeVarargs
  public final Transitions<S> allow(S from, S... to) {
    allowed.computeIfAbsent(from, state -> EnumSet.noneOf(states)).addAll(Set.of(to));
    return this;
  }

  public boolean allows(S from, S to) {
    return allowed.getOrDefault(from, Set.of()).contains(to);
  }

  /** The states one can move to from {@code from}; none for a final state. */
  public Set<S> from(S from) {
    return Collections.unmodifiableSet(allowed.getOrDefault(from, EnumSet.noneOf(states)));
  }

  /** The states one can move to {@code to} from; none for a state nothing leads to. */
  public Set<S> into(S to) {
    Set<S> sources = EnumSet.noneOf(states);
    allowed.forEach((from, targets) -> {
      if (targets.contains(to)) {
        sources.add(from);
      }
    });
    return Collections.unmodifiableSet(sources);
  }

  /** Succeeds when the move is allowed, else fails with CONFLICT, saying what {@code thing} is and the move tried. */
  public Future<Void> check(String thing, S from, S to) {
    return allows(from, to)
      ? Future.succeededFuture()
      : ErrorCode.CONFLICT.fail(thing + " is " + from.name().toLowerCase().replace('_', ' ') + "; it cannot become "
        + to.name().toLowerCase().replace('_', ' ') + ".");
  }
}
