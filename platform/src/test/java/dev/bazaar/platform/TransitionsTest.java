package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A transition table allows exactly the moves it lists, and refuses the others with CONFLICT. */
class TransitionsTest {

  enum Light { RED, RED_AMBER, GREEN, AMBER, OFF }

  private static final Transitions<Light> TRAFFIC = Transitions.of(Light.class)
    .allow(Light.RED, Light.RED_AMBER, Light.OFF)
    .allow(Light.RED_AMBER, Light.GREEN)
    .allow(Light.GREEN, Light.AMBER)
    .allow(Light.AMBER, Light.RED);

  @Test
  void exactlyTheListedMovesAreAllowed() {
    for (Light from : Light.values()) {
      for (Light to : Light.values()) {
        boolean listed = TRAFFIC.from(from).contains(to);
        assertThat(TRAFFIC.allows(from, to)).as("%s -> %s", from, to).isEqualTo(listed);
      }
    }
    assertThat(TRAFFIC.from(Light.RED)).containsExactlyInAnyOrder(Light.RED_AMBER, Light.OFF);
    assertThat(TRAFFIC.from(Light.OFF)).as("a final state").isEmpty();
  }

  @Test
  void intoListsTheStatesThatMayMoveThere() {
    assertThat(TRAFFIC.into(Light.OFF)).containsExactly(Light.RED);
    assertThat(TRAFFIC.into(Light.RED)).containsExactly(Light.AMBER);
    for (Light to : Light.values()) {
      for (Light from : Light.values()) {
        assertThat(TRAFFIC.into(to).contains(from)).as("%s -> %s", from, to).isEqualTo(TRAFFIC.allows(from, to));
      }
    }
  }

  @Test
  void aMoveNotListedIsAConflictThatNamesIt() {
    assertThat(TRAFFIC.check("The light", Light.AMBER, Light.RED).succeeded()).isTrue();

    Throwable refused = TRAFFIC.check("The light", Light.GREEN, Light.RED_AMBER).cause();

    assertThat(refused).isInstanceOf(ServiceException.class);
    assertThat(((ServiceException) refused).failureCode()).isEqualTo(ErrorCode.CONFLICT.code());
    assertThat(refused).hasMessage("The light is green; it cannot become red amber.");
  }
}
