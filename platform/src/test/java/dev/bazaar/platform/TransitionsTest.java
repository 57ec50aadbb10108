package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A transition table allows exactly the moves it lists, and refuses the others with CONFLICT. */
class TransitionsTest {

  enum Light { RED, RED_AMBER, GREEN, AMBER, OFF }

  // Built for each test, not once for the class, so that mutation testing sees the tests run the building.
  private final Transitions<Light> traffic = Transitions.of(Light.class)
    .allow(Light.RED, Light.RED_AMBER, Light.OFF)
    .allow(Light.RED_AMBER, Light.GREEN)
    .allow(Light.GREEN, Light.AMBER)
    .allow(Light.AMBER, Light.RED);

  @Test
  void exactlyTheListedMovesAreAllowed() {
    for (Light from : Light.values()) {
      for (Light to : Light.values()) {
        boolean listed = traffic.from(from).contains(to);
        assertThat(traffic.allows(from, to)).as("%s -> %s", from, to).isEqualTo(listed);
      }
    }
    assertThat(traffic.from(Light.RED)).containsExactlyInAnyOrder(Light.RED_AMBER, Light.OFF);
    assertThat(traffic.from(Light.OFF)).as("a final state").isEmpty();
  }

  @Test
  void aTableAllowsExactlyWhatItsAllowCallsListed() {
    Transitions<Light> table = Transitions.of(Light.class)
      .allow(Light.RED, Light.GREEN)
      .allow(Light.GREEN, Light.AMBER, Light.OFF)
      .allow(Light.RED, Light.OFF); // a second call for the same state adds to the first
    Set<String> listed = Set.of("RED->GREEN", "RED->OFF", "GREEN->AMBER", "GREEN->OFF");

    for (Light from : Light.values()) {
      for (Light to : Light.values()) {
        assertThat(table.allows(from, to)).as("%s -> %s", from, to).isEqualTo(listed.contains(from + "->" + to));
      }
    }
    assertThat(table.from(Light.RED)).containsExactlyInAnyOrder(Light.GREEN, Light.OFF);
    assertThat(table.into(Light.OFF)).containsExactlyInAnyOrder(Light.RED, Light.GREEN);
    assertThat(table.from(Light.AMBER)).as("a state nothing leaves").isEmpty();
  }

  @Test
  void intoListsTheStatesThatMayMoveThere() {
    assertThat(traffic.into(Light.OFF)).containsExactly(Light.RED);
    assertThat(traffic.into(Light.RED)).containsExactly(Light.AMBER);
    for (Light to : Light.values()) {
      for (Light from : Light.values()) {
        assertThat(traffic.into(to).contains(from)).as("%s -> %s", from, to).isEqualTo(traffic.allows(from, to));
      }
    }
  }

  @Test
  void aMoveNotListedIsAConflictThatNamesIt() {
    assertThat(traffic.check("The light", Light.AMBER, Light.RED).succeeded()).isTrue();

    Throwable refused = traffic.check("The light", Light.GREEN, Light.RED_AMBER).cause();

    assertThat(refused).isInstanceOf(ServiceException.class);
    assertThat(((ServiceException) refused).failureCode()).isEqualTo(ErrorCode.CONFLICT.code());
    assertThat(refused).hasMessage("The light is green; it cannot become red amber.");
  }
}
