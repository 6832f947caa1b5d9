package dev.communicable.channel.webhook.internal;

import dev.communicable.InvalidRequestException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}. Immutable. */
public final class Cidr {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
    mask(this.network, prefix);
  }

  /** Whether {@code text} is meant as an address or range rather than a host name. */
  public static boolean looksLikeAddress(String text) {
    String address = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
    return address.indexOf(':') >= 0 || address.matches("[0-9.]+");
  }

  /**
   * Parses {@code address[/prefix]} from literal text only (never a DNS lookup); without a prefix
   * the range holds the one address.
   *
   * @throws InvalidRequestException naming {@code field} when the text is not a valid range
   */
  public static Cidr parse(String field, String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    byte[] bytes = literal(address);
    if (bytes == null) {
      throw new InvalidRequestException(
          field, "not a valid IP address or CIDR range, was '" + text + "'");
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new InvalidRequestException(
            field, "prefix length must be 0 to " + bits + ", was '" + text + "'");
      }
    }
    return new Cidr(bytes, prefix);
  }

  /** A range from trusted constant text; for the built-in tables. */
  static Cidr of(String text) {
    return parse("cidr", text);
  }

  /** The bytes of a literal IPv4 or IPv6 address, or null when the text is not one. */
  static byte @Nullable [] literal(String address) {
    if (IPV4.matcher(address).matches()) {
      String[] parts = address.split("\\.");
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        bytes[i] = (byte) Integer.parseInt(parts[i]);
      }
      return bytes;
    }
    if (address.indexOf(':') >= 0 && IPV6.matcher(address).matches()) {
      try {
        // With a colon and only hex digits, colons and dots, this parses a literal: no lookup.
        InetAddress parsed = InetAddress.getByName(address);
        if (parsed instanceof Inet4Address) {
          // an IPv4-mapped literal such as ::ffff:10.0.0.1; keep its 16-byte form
          byte[] mapped = new byte[16];
          mapped[10] = (byte) 0xff;
          mapped[11] = (byte) 0xff;
          System.arraycopy(parsed.getAddress(), 0, mapped, 12, 4);
          return mapped;
        }
        return parsed.getAddress();
      } catch (UnknownHostException e) {
        return null;
      }
    }
    return null;
  }

  /** Whether {@code address} (of the same family) lies in this range. */
  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    byte[] copy = address.clone();
    mask(copy, prefix);
    return Arrays.equals(copy, network);
  }

  /** Whether {@code address} lies in this range. */
  public boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  private static void mask(byte[] bytes, int prefix) {
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      bytes[i] = (byte) (bytes[i] & (0xff << (8 - keep)));
    }
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
