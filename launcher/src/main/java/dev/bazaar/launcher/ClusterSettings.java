package dev.bazaar.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * How this node joins the cluster: the Hazelcast configuration and the event bus's address. Every setting is here,
 * with why it has its value; docs/cluster.md explains them for operators.
 *
 * @param name       the cluster's name: Hazelcast members with another name never join this cluster
 * @param members    where to look for the other members, as host or host:port
 * @param host       the address Hazelcast and the event bus listen on
 * @param publicHost the address the other members reach this one at
 * @param port       Hazelcast's first port; the next ones are tried when it is taken
 * @param busPort    the event bus's port, 0 for any free one
 * @param lite       whether this node is a lite member, owning no partition of the cluster's data
 */
record ClusterSettings(String name, List<String> members, String host, String publicHost, int port, int busPort,
                       boolean lite) {

  /** Several nodes on one machine take 5701, 5702, ... so a member list without ports must cover that many. */
  static final int PORTS_PER_HOST = 20;
  /** host:port, or [IPv6]:port; a bare IPv6 address has colons but no port. */
  private static final Pattern HAS_PORT = Pattern.compile("(\\[.*]|[^:]+):\\d+");
  /** Hazelcast's members send each other a heartbeat this often ... */
  static final int HEARTBEAT_SECONDS = 1;
  /**
   * ... and a member not heard from for this long is removed, with its event bus subscriptions: the bus then stops
   * sending to it. A member that dies with its process is noticed sooner, when its connections close; this bound is
   * for a hung one (a frozen VM, a long GC pause). Shorter would remove live members during pauses under load.
   */
  static final int MAX_SILENCE_SECONDS = 5;

  Config hazelcast() {
    // Starts from vertx-hazelcast's own file, which declares the maps and multimaps the event bus keeps its
    // subscriptions and node information in.
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(name);
    config.setLiteMember(lite);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // Join at once: with TCP-IP there is no multicast answer to wait for (the default waits 5 s before joining).
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(HEARTBEAT_SECONDS));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_SILENCE_SECONDS));
    // Listen on the given address only, not on every interface of the machine.
    config.setProperty("hazelcast.socket.bind.any", "false");

    NetworkConfig network = config.getNetworkConfig()
      .setPort(port)
      .setPortAutoIncrement(true)
      .setPortCount(PORTS_PER_HOST)
      .setPublicAddress(publicHost);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(addresses()).setConnectionTimeoutSeconds(2);
    return config;
  }

  /**
   * The addresses to look for members at. A host without a port stands for every port a node may take on it, 5701 to
   * 5720, listed one by one: Hazelcast itself would try a few ports from this node's own port up, and so miss the
   * nodes below it when this one was given another --cluster-port.
   */
  List<String> addresses() {
    return members.stream()
      .flatMap(member -> HAS_PORT.matcher(member).matches() ? Stream.of(member)
        : IntStream.range(0, PORTS_PER_HOST).mapToObj(offset -> member + ":" + (ClusterOptions.HAZELCAST_PORT + offset)))
      .toList();
  }

  /** The event bus has its own connections, separate from Hazelcast's: same address, its own port. */
  EventBusOptions eventBus() {
    return new EventBusOptions().setHost(host).setPort(busPort).setClusterPublicHost(publicHost);
  }

  String describe() {
    return "cluster '" + name + "' on " + publicHost + (lite ? " as a lite member" : "");
  }
}
