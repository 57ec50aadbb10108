package dev.bazaar.web.edge;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.lang.reflect.Proxy;
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

  // ---- CIDR edges

  @Example
  void aBlockNotAlignedToAByteEndsAtItsPrefix() {
    ClientAddress slash20 = new ClientAddress(List.of("198.18.16.0/20"));
    MultiMap headers = headers("X-Forwarded-For", "198.51.100.1");

    assertThat(slash20.of(peer("198.18.16.0"), headers)).as("first inside").isEqualTo("198.51.100.1");
    assertThat(slash20.of(peer("198.18.31.255"), headers)).as("last inside").isEqualTo("198.51.100.1");
    assertThat(slash20.of(peer("198.18.15.255"), headers)).as("just below").isEqualTo("198.18.15.255");
    assertThat(slash20.of(peer("198.18.32.0"), headers)).as("just above").isEqualTo("198.18.32.0");
  }

  @Example
  void anIpv6BlockNotAlignedToAByteEndsAtItsPrefix() {
    ClientAddress slash121 = new ClientAddress(List.of("2001:db8::80/121"));
    MultiMap headers = headers("X-Forwarded-For", "198.51.100.1");

    assertThat(slash121.of(peer("2001:db8::80"), headers)).as("first inside").isEqualTo("198.51.100.1");
    assertThat(slash121.of(peer("2001:db8::ff"), headers)).as("last inside").isEqualTo("198.51.100.1");
    assertThat(slash121.of(peer("2001:db8::7f"), headers)).as("just below").isEqualTo("2001:db8::/64");
    assertThat(slash121.of(peer("2001:db8::100"), headers)).as("just above").isEqualTo("2001:db8::/64");
  }

  @Example
  void theLongestPrefixesAreAcceptedAndMatchOneAddress() {
    ClientAddress exact = new ClientAddress(List.of("10.0.0.5/32", "2001:db8::5/128"));
    MultiMap headers = headers("X-Forwarded-For", "198.51.100.1");

    assertThat(exact.of(peer("10.0.0.5"), headers)).isEqualTo("198.51.100.1");
    assertThat(exact.of(peer("10.0.0.4"), headers)).isEqualTo("10.0.0.4");
    assertThat(exact.of(peer("2001:db8::5"), headers)).isEqualTo("198.51.100.1");
    assertThat(exact.of(peer("2001:db8::4"), headers)).isEqualTo("2001:db8::/64");
  }

  @Example
  void aZeroPrefixTrustsOneFamilyOnly() {
    ClientAddress allV6 = new ClientAddress(List.of("::/0"));
    MultiMap headers = headers("X-Forwarded-For", "198.51.100.1");

    assertThat(allV6.of(peer("2001:db8:1::1"), headers)).isEqualTo("198.51.100.1");
    assertThat(allV6.of(peer("203.0.113.9"), headers)).isEqualTo("203.0.113.9");
  }

  // ---- IPv4-mapped and other IPv6 addresses

  @Example
  void onlyAnIpv4MappedAddressIsCountedAsIpv4() {
    assertThat(behindProxies.of(peer("::ffff:10.0.0.5"), headers("X-Forwarded-For", "198.51.100.1")))
      .as("a mapped peer is matched against IPv4 blocks").isEqualTo("198.51.100.1");
    assertThat(behindProxies.of(PROXY, headers("X-Forwarded-For", "::1"))).as("loopback").isEqualTo("::/64");
    assertThat(behindProxies.of(PROXY, headers("X-Forwarded-For", "::fffe:c633:6409"))).as("only looks mapped")
      .isEqualTo("::/64");
  }

  // ---- the request and peers that are no IP address

  @Example
  void aRequestIsReadByItsPeerAndHeaders() {
    HttpServerRequest request = request(PROXY, headers("X-Forwarded-For", "198.51.100.1"));

    assertThat(behindProxies.of(request)).isEqualTo("198.51.100.1");
  }

  @Example
  void aPeerThatIsNoIpAddressIsItsOwnKey() {
    MultiMap headers = headers("X-Forwarded-For", "198.51.100.1");

    assertThat(behindProxies.of(SocketAddress.inetSocketAddress(443, "proxy.internal"), headers))
      .isEqualTo("proxy.internal");
    assertThat(behindProxies.of(SocketAddress.domainSocketAddress("/run/bazaar/web.sock"), headers))
      .isEqualTo("/run/bazaar/web.sock");
  }

  // ---- Forwarded: quoted strings (RFC 7230)

  @Example
  void anElementWithoutForIsUnknown() {
    assertThat(Forwarded.forHops(List.of("proto=https", "for=198.51.100.1;by=10.0.0.5, by=10.0.0.5")))
      .containsExactly("unknown", "198.51.100.1", "unknown");
    assertThat(Forwarded.forHops(List.of("for=\"\"", "for=", "for=\"198.51.100.1\"x")))
      .as("empty, or text after the closing quote").containsExactly("unknown", "unknown", "unknown");
  }

  @Example
  void escapedCharactersInAQuotedValueAreTakenAsThemselves() {
    assertThat(Forwarded.forHops(List.of("for=\"198.51.100\\.7\""))).containsExactly("198.51.100.7");
    assertThat(behindProxies.of(PROXY, headers("Forwarded", "for=\"[2001:db8:\\1::7]:4711\"")))
      .isEqualTo("2001:db8:1::/64");
  }

  @Example
  void anEscapedQuoteDoesNotEndAQuotedString() {
    MultiMap headers = headers("Forwarded", "for=198.51.100.8;host=\"a\\\",b;c\", for=10.0.0.3");

    assertThat(Forwarded.forHops(headers.getAll("Forwarded"))).containsExactly("198.51.100.8", "10.0.0.3");
    assertThat(behindProxies.of(PROXY, headers)).isEqualTo("198.51.100.8");
  }

  @Example
  void aBackslashOutsideQuotesEscapesNothing() {
    assertThat(Forwarded.forHops(List.of("for=_a\\, for=198.51.100.2"))).containsExactly("_a\\", "198.51.100.2");
    assertThat(behindProxies.of(PROXY, headers("Forwarded", "for=198.51.100.1\\, for=10.0.0.4"))).isEqualTo("10.0.0.4");
  }

  @Example
  void aBackslashEndingAnOpenQuoteIsUnknown() {
    assertThat(Forwarded.forHops(List.of("for=\"198.51.100.1\\"))).containsExactly("unknown");
    assertThat(behindProxies.of(PROXY, headers("Forwarded", "for=\"198.51.100.1\\"))).isEqualTo("10.0.0.5");
  }

  /** A proxy that appends its element to the client's line must not have it swallowed by a quote the client left open. */
  @Example
  void aQuoteLeftOpenCannotSwallowWhatTheProxyAppended() {
    String forged = "for=198.51.100.66;x=\"";

    assertThat(behindProxies.of(PROXY, headers("Forwarded", forged + ", for=203.0.113.7"))).isEqualTo("10.0.0.5");
    assertThat(behindProxies.of(PROXY, headers("Forwarded", "for=\"[2001:db8:66::1], for=\"[2001:db8:5::7]:4711\"")))
      .isEqualTo("10.0.0.5");
    MultiMap twoLines = MultiMap.caseInsensitiveMultiMap().add("Forwarded", "for=198.51.100.1").add("Forwarded", forged);
    assertThat(Forwarded.forHops(twoLines.getAll("Forwarded"))).containsExactly("198.51.100.1", "unknown");
    assertThat(behindProxies.of(PROXY, twoLines)).isEqualTo("10.0.0.5");
  }

  @Example
  void forwardedHeadersOverSeveralLinesReadAsOneList() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
      .add("Forwarded", "for=198.51.100.1").add("Forwarded", "for=\"198.51.100.2\";proto=https, for=10.0.0.7");

    assertThat(Forwarded.forHops(headers.getAll("Forwarded"))).containsExactly("198.51.100.1", "198.51.100.2", "10.0.0.7");
    assertThat(behindProxies.of(PROXY, headers)).isEqualTo("198.51.100.2");
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

  private static SocketAddress peer(String ip) {
    return SocketAddress.inetSocketAddress(443, ip);
  }

  private static HttpServerRequest request(SocketAddress peer, MultiMap headers) {
    return (HttpServerRequest) Proxy.newProxyInstance(HttpServerRequest.class.getClassLoader(),
      new Class<?>[] {HttpServerRequest.class}, (proxy, method, args) -> switch (method.getName()) {
        case "remoteAddress" -> peer;
        case "headers" -> headers;
        default -> throw new UnsupportedOperationException(method.getName());
      });
  }

  private static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }
}
