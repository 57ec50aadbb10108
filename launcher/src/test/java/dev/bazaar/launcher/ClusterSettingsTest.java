package dev.bazaar.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.eventbus.EventBusOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the cluster options make of Hazelcast and the event bus. */
class ClusterSettingsTest {

  @Test
  void theOptionsBecomeATcpJoinOnTheGivenAddressesWithMulticastOff() {
    ClusterSettings settings = settings("--cluster", "--cluster-name=shop-a", "--cluster-members=10.0.0.1,10.0.0.2:5801",
      "--cluster-host=10.0.0.3", "--cluster-public-host=203.0.113.7", "--cluster-port=5711", "--cluster-bus-port=6000");

    Config hazelcast = settings.hazelcast();
    JoinConfig join = hazelcast.getNetworkConfig().getJoin();
    EventBusOptions bus = settings.eventBus();

    assertThat(hazelcast.getClusterName()).isEqualTo("shop-a");
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).as("a host alone stands for the ports 5701 to 5720")
      .hasSize(21).startsWith("10.0.0.1:5701", "10.0.0.1:5702").contains("10.0.0.1:5720").endsWith("10.0.0.2:5801");
    assertThat(hazelcast.getNetworkConfig().getPort()).isEqualTo(5711);
    assertThat(hazelcast.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.0.3");
    assertThat(hazelcast.getNetworkConfig().getPublicAddress()).isEqualTo("203.0.113.7");
    assertThat(hazelcast.isLiteMember()).isFalse();
    assertThat(bus.getHost()).isEqualTo("10.0.0.3");
    assertThat(bus.getClusterPublicHost()).isEqualTo("203.0.113.7");
    assertThat(bus.getPort()).isEqualTo(6000);
  }

  @Test
  void theDefaultsJoinOnLoopbackAtOnceAndRemoveASilentMemberWithinFiveSeconds() {
    ClusterSettings settings = settings("--cluster", "--cluster-lite");

    Config hazelcast = settings.hazelcast();

    assertThat(settings.members()).isEqualTo(List.of("127.0.0.1"));
    assertThat(settings.publicHost()).as("the public address defaults to the bind address").isEqualTo("127.0.0.1");
    assertThat(hazelcast.getClusterName()).isEqualTo("bazaar");
    assertThat(hazelcast.isLiteMember()).isTrue();
    assertThat(hazelcast.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("0");
    assertThat(hazelcast.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
    assertThat(hazelcast.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
    assertThat(settings.addresses()).hasSize(20).first().isEqualTo("127.0.0.1:5701");
    assertThat(hazelcast.getMultiMapConfigs()).as("the event bus's subscriptions, from vertx-hazelcast's own file")
      .containsKey("__vertx.subs");
  }

  @Test
  void withoutClusterTheNodeRunsAlone() {
    assertThat(settings("--services=web")).isNull();
  }

  private static ClusterSettings settings(String... args) {
    BazaarCommand command = new BazaarCommand();
    picocli.CommandLine commandLine = new picocli.CommandLine(command);
    Services.all().forEach(service -> commandLine.addMixin(service.name(), service.options()));
    commandLine.parseArgs(args);
    return command.cluster.settings();
  }
}
