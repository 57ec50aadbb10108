package dev.bazaar.web.edge;

import io.netty.util.NetUtil;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who a request comes from, as the rate limit counts clients: the peer's address, or, when the peer is one of the
 * trusted proxies, the hop that proxy says it served, read from {@code Forwarded} (RFC 7239) or
 * {@code X-Forwarded-For}. The list is walked from the right, past every trusted hop, to the first untrusted one: every
 * proxy appends its own peer on the right, while whatever stands further left the client could have written itself.
 * A hop a proxy could not name ({@code unknown}, an obfuscated {@code _id}, anything that is not an address) counts as
 * that proxy itself.
 *
 * <p>An IPv6 client is counted by its /64, the block one host or one subscriber is handed, since such a host can
 * take a new address from it for every request; an IPv4 client by its address.
 *
 * <p>A request that carries both headers, with different clients in them, is counted as the peer: a proxy writes
 * one of them, and the other came from the client, but nothing here says which is which.
 */
public final class ClientAddress {

  private static final String FORWARDED = "Forwarded";
  private static final String X_FORWARDED_FOR = "X-Forwarded-For";

  private final List<Cidr> trustedProxies;

  /** @param trustedProxies CIDR blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or single addresses */
  public ClientAddress(List<String> trustedProxies) {
    this.trustedProxies = trustedProxies.stream().map(Cidr::parse).toList();
  }

  /** The client of an HTTP request, as the key its rate limit is counted under. */
  public String of(HttpServerRequest request) {
    return of(request.remoteAddress(), request.headers());
  }

  /**
   * The client behind {@code peer}, as the key its rate limit is counted under; {@code headers} are the ones the
   * connection was opened with (a SockJS socket's), or empty where there are none (the TCP bridge).
   */
  public String of(SocketAddress peer, MultiMap headers) {
    String host = peer.hostAddress();
    byte[] address = host == null ? null : ip(host);
    if (address == null) {
      // A peer that is no IP address (a unix socket, a name) is counted as itself; it has no address to trust.
      return peer.isDomainSocket() ? peer.path() : peer.host();
    }
    if (isTrusted(address)) {
      byte[] fromForwarded = walk(address, Forwarded.forHops(headers.getAll(FORWARDED)));
      byte[] fromXff = walk(address, xForwardedFor(headers.getAll(X_FORWARDED_FOR)));
      if (headers.contains(FORWARDED) && headers.contains(X_FORWARDED_FOR) && !Arrays.equals(fromForwarded, fromXff)) {
        return key(address);
      }
      address = headers.contains(FORWARDED) ? fromForwarded : fromXff;
    }
    return key(address);
  }

  /**
   * From the peer leftwards: the first hop that is not a trusted proxy. A hop that names no address stands for the
   * proxy that wrote it, so the walk ends there; a list made of trusted hops alone ends at its left-most.
   */
  private byte[] walk(byte[] peer, List<String> hops) {
    byte[] current = peer;
    for (int i = hops.size() - 1; i >= 0 && isTrusted(current); i--) {
      byte[] hop = ip(hops.get(i));
      if (hop == null) {
        return current;
      }
      current = hop;
    }
    return current;
  }

  private boolean isTrusted(byte[] address) {
    return trustedProxies.stream().anyMatch(cidr -> cidr.contains(address));
  }

  private static List<String> xForwardedFor(List<String> lines) {
    List<String> hops = new ArrayList<>();
    for (String line : lines) {
      for (String hop : line.split(",", -1)) {
        hops.add(hop.trim());
      }
    }
    return hops;
  }

  /** An IPv4 address as itself, an IPv6 one as its /64. */
  static String key(byte[] address) {
    if (address.length == 4) {
      return NetUtil.bytesToIpAddress(address);
    }
    byte[] prefix = Arrays.copyOf(address, 16);
    Arrays.fill(prefix, 8, 16, (byte) 0);
    return NetUtil.bytesToIpAddress(prefix) + "/64";
  }

  /**
   * The bytes of an IP literal, with an IPv6 one's brackets and either's port taken off; an IPv4-mapped IPv6 address
   * as the IPv4 address it is. Null for anything else: no name is ever looked up.
   */
  static byte[] ip(String hop) {
    String literal = hop.trim();
    if (literal.startsWith("[")) {
      int close = literal.indexOf(']');
      literal = close < 0 ? "" : literal.substring(1, close);
    } else if (literal.indexOf(':') == literal.lastIndexOf(':') && literal.indexOf(':') > 0) {
      literal = literal.substring(0, literal.indexOf(':'));
    }
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    byte[] bytes = literal.isEmpty() ? null : NetUtil.createByteArrayFromIpAddressString(literal);
    if (bytes != null && bytes.length == 16 && isIpv4Mapped(bytes)) {
      return Arrays.copyOfRange(bytes, 12, 16);
    }
    return bytes;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  /** A block of addresses: {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address. */
  record Cidr(byte[] network, int prefix) {

    static Cidr parse(String text) {
      String trimmed = text.trim();
      int slash = trimmed.indexOf('/');
      String literal = slash < 0 ? trimmed : trimmed.substring(0, slash);
      byte[] network = literal.contains("[") || literal.isEmpty() ? null : NetUtil.createByteArrayFromIpAddressString(literal);
      if (network == null) {
        throw new IllegalArgumentException("not an IP address or CIDR block: '" + text + "'");
      }
      int bits = network.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String length = trimmed.substring(slash + 1);
        if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
          throw new IllegalArgumentException("the prefix of '" + text + "' must be a number from 0 to " + bits);
        }
        prefix = Integer.parseInt(length);
      }
      return new Cidr(network, prefix);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
