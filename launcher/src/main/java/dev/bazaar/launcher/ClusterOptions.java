package dev.bazaar.launcher;

import picocli.CommandLine.Option;

import java.util.List;

/** The options that put a node in a cluster. Without {@code --cluster} none of the others is used. */
final class ClusterOptions {

  static final int HAZELCAST_PORT = 5701;

  @Option(names = "--cluster",
    defaultValue = "${env:BAZAAR_CLUSTER:-false}",
    description = "Join a cluster of Bazaar nodes over a Hazelcast-clustered event bus. Env: BAZAAR_CLUSTER.")
  boolean enabled;

  @Option(names = "--cluster-name", paramLabel = "NAME",
    defaultValue = "${env:BAZAAR_CLUSTER_NAME:-bazaar}",
    description = "Only nodes with the same name form a cluster, so two shops on one network never merge. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_CLUSTER_NAME.")
  String name;

  @Option(names = "--cluster-members", split = ",", paramLabel = "HOST[:PORT]",
    defaultValue = "${env:BAZAAR_CLUSTER_MEMBERS:-127.0.0.1}",
    description = "Where to look for the other nodes (TCP-IP join; multicast is off). A host without a port is tried "
      + "on ports 5701 to 5720. Default: ${DEFAULT-VALUE}. Env: BAZAAR_CLUSTER_MEMBERS.")
  List<String> members;

  @Option(names = "--cluster-host", paramLabel = "ADDRESS",
    defaultValue = "${env:BAZAAR_CLUSTER_HOST:-127.0.0.1}",
    description = "The address of this machine that Hazelcast and the event bus listen on. Set it to an address the "
      + "other hosts can reach. Default: ${DEFAULT-VALUE}. Env: BAZAAR_CLUSTER_HOST.")
  String host;

  @Option(names = "--cluster-public-host", paramLabel = "ADDRESS",
    defaultValue = "${env:BAZAAR_CLUSTER_PUBLIC_HOST}",
    description = "The address the other nodes should use to reach this one, when it differs from --cluster-host "
      + "(behind NAT, in a container). Default: --cluster-host. Env: BAZAAR_CLUSTER_PUBLIC_HOST.")
  String publicHost;

  @Option(names = "--cluster-port", paramLabel = "PORT",
    defaultValue = "${env:BAZAAR_CLUSTER_PORT:-" + HAZELCAST_PORT + "}",
    description = "Hazelcast's port; when taken, the next free one up to 19 above it. Default: ${DEFAULT-VALUE}. "
      + "Env: BAZAAR_CLUSTER_PORT.")
  int port;

  @Option(names = "--cluster-bus-port", paramLabel = "PORT",
    defaultValue = "${env:BAZAAR_CLUSTER_BUS_PORT:-0}",
    description = "The event bus's port; 0 picks a free one. Fix it when a firewall must let it through. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_CLUSTER_BUS_PORT.")
  int busPort;

  @Option(names = "--cluster-lite",
    defaultValue = "${env:BAZAAR_CLUSTER_LITE:-false}",
    description = "Join as a lite member, which holds no cluster data and joins and leaves cheaply: for web and "
      + "load-generating nodes. At least one node must not be lite. Env: BAZAAR_CLUSTER_LITE.")
  boolean lite;

  /** The cluster this node joins, checked; null when it runs alone. */
  ClusterSettings settings() {
    if (!enabled) {
      return null;
    }
    if (name == null || name.isBlank()) {
      throw new BadOption("--cluster-name must not be empty");
    }
    checkPort("--cluster-port", port, 1);
    checkPort("--cluster-bus-port", busPort, 0);
    List<String> seeds = members.stream().map(String::trim).filter(member -> !member.isEmpty()).toList();
    if (seeds.isEmpty()) {
      throw new BadOption("--cluster-members must name at least one host");
    }
    for (String member : seeds) {
      if (!member.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
        throw new BadOption("--cluster-members: '" + member + "' is not a host or host:port");
      }
    }
    String bind = host.trim();
    if (!bind.matches("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:]*")) {
      // Hazelcast picks its interface by address; a name would match no interface and the node would never bind.
      throw new BadOption("--cluster-host must be an IP address of this machine, such as 10.0.0.12, not '" + bind + "'");
    }
    String advertised = publicHost == null || publicHost.isBlank() ? bind : publicHost.trim();
    return new ClusterSettings(name.trim(), seeds, bind, advertised, port, busPort, lite);
  }

  private static void checkPort(String option, int value, int lowest) {
    if (value < lowest || value > 65535) {
      throw new BadOption(option + " must be between " + lowest + " and 65535, not " + value);
    }
  }
}
