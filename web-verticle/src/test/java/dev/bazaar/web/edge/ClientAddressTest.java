package dev.bazaar.web.edge;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which hop of Forwarded and X-Forwarded-For is taken for the client, and how clients are keyed. */
class ClientAddressTest {

  private static final SocketAddress PROXY = SocketAddress.inetSocketAddress(443, "10.0.0.5");
  private static final SocketAddress STRANGER = SocketAddress.inetSocketAddress(443, "203.0.113.9");
  private final ClientAddress behindProxies = new ClientAddress(List.of("10.0.0.0/8", "2001:db8:ffff::/48"));

  // ---- who is trusted

  @Example
  void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
    MultiMap headers = headers("X-Forwarded-For", "198.51.100.1", "Forwarded", "for=198.51.100.1");

    assertThat(behindProxies.of(STRANGER, headers)).isEqualTo("203.0.113.9");
    assertThat(new ClientAddress(List.of()).of(PROXY, headers)).as("no proxy trusted").isEqualTo("10.0.0.5");
  }

  @Example
  void aTrustedPeerWithoutHeadersIsTheClient() {
    assertThat(behindProxies.of(PROXY, MultiMap.caseInsensitiveMultiMap())).isEqualTo("10.0.0.5");
  }

  @Example
  void theRightMostUntrustedHopIsTheClientNeverTheLeftMost() {
    MultiMap headers = headers("X-Forwarded-For", "1.1.1.1, 198.51.100.7, 10.1.2.3, 10.0.0.9");

    assertThat(behindProxies.of(PROXY, headers)).isEqualTo("198.51.100.7");
  }

  @Example
  void aChainOfTrustedHopsAloneEndsAtItsLeftMost() {
    assertThat(behindProxies.of(PROXY, headers("X-Forwarded-For", "10.9.9.9, 10.0.0.9"))).isEqualTo("10.9.9.9");
  }

  /** Whatever a client writes to the left of what the proxies append, the client is the hop the last proxy saw. */
  @Property(tries = 300)
  void forgedEntriesOnTheLeftChangeNothing(@ForAll("forgedHops") List<String> forged,
                                           @ForAll("publicAddresses") String client,
                                           @ForAll("proxyChains") List<String> proxies) {
    List<String> hops = new ArrayList<>(forged);
    hops.add(client);
    hops.addAll(proxies);

    assertThat(behindProxies.of(PROXY, headers("X-Forwarded-For", String.join(", ", hops)))).isEqualTo(client);
    String forwarded = String.join(", ", hops.stream().map(hop -> "for=\"" + hop + "\"").toList());
    assertThat(behindProxies.of(PROXY, headers("Forwarded", forwarded))).isEqualTo(client);
  }

  // ---- X-Forwarded-For

  @Example
  void xForwardedForListsOverSeveralLinesReadAsOneList() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
      .add("X-Forwarded-For", "198.51.100.1").add("X-Forwarded-For", "198.51.100.2 ,10.0.0.7");

    assertThat(behindProxies.of(PROXY, headers)).isEqualTo("198.51.100.2");
  }

  @Example
  void xForwardedForEntriesMayCarryPortsAndBrackets() {
    assertThat(behindProxies.of(PROXY, headers("X-Forwarded-For", "198.51.100.3:5123"))).isEqualTo("198.51.100.3");
    assertThat(behindProxies.of(PROXY, headers("X-Forwarded-For", "[2001:db8:1:2::9]:5123")))
      .isEqualTo("2001:db8:1:2::/64");
    assertThat(behindProxies.of(PROXY, headers("X-Forwarded-For", "2001:db8:1:2::9"))).isEqualTo("2001:db8:1:2::/64");
  }

  @Example
  void anEntryThatIsNoAddressCountsAsTheProxyThatWroteIt() {
    assertThat(behindProxies.of(PROXY, headers("X-Forwarded-For", "198.51.100.1, garbage"))).isEqualTo("10.0.0.5");
    assertThat(behindProxies.of(PROXY, headers("X-Forwarded-For", "198.51.100.1, example.com, 10.0.0.8")))
      .as("no name is looked up").isEqualTo("10.0.0.8");
    assertThat(behindProxies.of(PROXY, headers("X-Forwarded-For", ""))).isEqualTo("10.0.0.5");
  }

  // ---- Forwarded (RFC 7239)

  @Example
  void forwardedElementsAreReadWithTheirQuotesPortsAndOtherParameters() {
    assertThat(behindProxies.of(PROXY, headers("Forwarded", "for=198.51.100.4"))).isEqualTo("198.51.100.4");
    assertThat(behindProxies.of(PROXY, headers("Forwarded", "proto=https;For=\"198.51.100.4:80\";by=10.0.0.5")))
      .isEqualTo("198.51.100.4");
    assertThat(behindProxies.of(PROXY, headers("Forwarded", "for=\"[2001:db8:cafe::17]:4711\"")))
      .isEqualTo("2001:db8:cafe::/64");
    assertThat(behindProxies.of(PROXY, headers("Forwarded", "for=198.51.100.5, for=198.51.100.6;proto=http")))
      .isEqualTo("198.51.100.6");
  }

  @Example
  void commasAndSemicolonsInsideQuotesDoNotSplit() {
    MultiMap headers = headers("Forwarded", "for=198.51.100.8;host=\"a,b;c\", for=\"10.0.0.3\"");

    assertThat(behindProxies.of(PROXY, headers)).isEqualTo("198.51.100.8");
  }

  @Example
  void unknownObfuscatedOrMissingForCountsAsTheProxyThatWroteIt() {
    assertThat(behindProxies.of(PROXY, headers("Forwarded", "for=198.51.100.1, for=unknown"))).isEqualTo("10.0.0.5");
    assertThat(behindProxies.of(PROXY, headers("Forwarded", "for=198.51.100.1, for=_hidden, for=10.0.0.4")))
      .isEqualTo("10.0.0.4");
    assertThat(behindProxies.of(PROXY, headers("Forwarded", "for=198.51.100.1, proto=https"))).isEqualTo("10.0.0.5");
    assertThat(behindProxies.of(PROXY, headers("Forwarded", "for=\"198.51.100.1"))).as("a quote left open")
      .isEqualTo("10.0.0.5");
  }

  @Example
  void bothHeadersNamingDifferentClientsCountAsTheProxy() {
    assertThat(behindProxies.of(PROXY, headers("Forwarded", "for=198.51.100.1", "X-Forwarded-For", "198.51.100.2")))
      .isEqualTo("10.0.0.5");
    assertThat(behindProxies.of(PROXY, headers("Forwarded", "for=198.51.100.1", "X-Forwarded-For", "198.51.100.1")))
      .isEqualTo("198.51.100.1");
  }

  // ---- keys

  @Example
  void ipv6ClientsAreKeyedByTheirSlash64AndIpv4ByTheirAddress() {
    assertThat(behindProxies.of(SocketAddress.inetSocketAddress(1, "2001:db8:1:2:aaaa::1"), MultiMap.caseInsensitiveMultiMap()))
      .isEqualTo(behindProxies.of(SocketAddress.inetSocketAddress(1, "2001:db8:1:2:ffff:ffff:ffff:ffff"),
        MultiMap.caseInsensitiveMultiMap()))
      .isEqualTo("2001:db8:1:2::/64");
    assertThat(behindProxies.of(SocketAddress.inetSocketAddress(1, "2001:db8:1:3::1"), MultiMap.caseInsensitiveMultiMap()))
      .isEqualTo("2001:db8:1:3::/64");
    assertThat(behindProxies.of(PROXY, headers("X-Forwarded-For", "::ffff:198.51.100.9"))).as("IPv4-mapped")
      .isEqualTo("198.51.100.9");
  }

  @Example
  void trustedIpv6ProxiesAreMatchedByTheirBlock() {
    SocketAddress v6Proxy = SocketAddress.inetSocketAddress(443, "2001:db8:ffff:1::5");

    assertThat(behindProxies.of(v6Proxy, headers("X-Forwarded-For", "198.51.100.1"))).isEqualTo("198.51.100.1");
  }

  // ---- configuration

  @Example
  void blocksAndSingleAddressesAreAccepted() {
    ClientAddress single = new ClientAddress(List.of("10.0.0.5", " ::1 ", "0.0.0.0/0"));

    assertThat(single.of(STRANGER, headers("X-Forwarded-For", "198.51.100.1"))).as("0.0.0.0/0 trusts every IPv4 peer")
      .isEqualTo("198.51.100.1");
  }

  @Example
  void aBadBlockIsRefusedInOneLine() {
    for (String bad : List.of("10.0.0.0/33", "2001:db8::/129", "example.com", "10.0.0/8", "10.0.0.0/", "10.0.0.0/-1",
      "", "[::1]")) {
      assertThatThrownBy(() -> new ClientAddress(List.of(bad))).as(bad)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
    }
  }

  @Provide
  Arbitrary<List<String>> forgedHops() {
    return Arbitraries.oneOf(publicAddresses(), proxyAddresses(), Arbitraries.of("unknown", "_x", "garbage", ""))
      .list().ofMaxSize(5);
  }

  @Provide
  Arbitrary<String> publicAddresses() {
    Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
    return Combinators.combine(Arbitraries.of(198, 203), octet, octet)
      .as((first, third, fourth) -> first + ".51." + third + "." + fourth);
  }

  @Provide
  Arbitrary<List<String>> proxyChains() {
    return proxyAddresses().list().ofMaxSize(3);
  }

  private static Arbitrary<String> proxyAddresses() {
    Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
    return Combinators.combine(octet, octet, octet).as((a, b, c) -> "10." + a + "." + b + "." + c);
  }

  private static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }
}
