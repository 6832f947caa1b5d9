package dev.communicable.channel.webhook.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.webhook.EgressRules;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Applies {@link EgressRules}: checks a target URL's form, then every address its host resolves to,
 * against the internal address classes. Immutable and thread-safe.
 */
public final class AddressGuard {
  /** Longest URL accepted; longer ones are almost certainly not webhook endpoints. */
  public static final int MAX_URL_LENGTH = 2048;

  private record Refused(Cidr range, String what) {}

  private static final List<Refused> REFUSED =
      List.of(
          new Refused(Cidr.of("169.254.169.254/32"), "the cloud metadata address (link-local)"),
          new Refused(Cidr.of("0.0.0.0/8"), "unspecified ('this network')"),
          new Refused(Cidr.of("127.0.0.0/8"), "loopback"),
          new Refused(Cidr.of("10.0.0.0/8"), "private (10/8)"),
          new Refused(Cidr.of("172.16.0.0/12"), "private (172.16/12)"),
          new Refused(Cidr.of("192.168.0.0/16"), "private (192.168/16)"),
          new Refused(Cidr.of("169.254.0.0/16"), "link-local"),
          new Refused(
              Cidr.of("100.64.0.0/10"), "shared address space (carrier-grade NAT, 100.64/10)"),
          new Refused(Cidr.of("192.0.0.0/24"), "reserved (IETF protocol assignments)"),
          new Refused(Cidr.of("198.18.0.0/15"), "reserved (benchmarking)"),
          new Refused(Cidr.of("224.0.0.0/4"), "multicast"),
          new Refused(Cidr.of("240.0.0.0/4"), "reserved (240/4, broadcast)"),
          new Refused(Cidr.of("::/128"), "unspecified"),
          new Refused(Cidr.of("::1/128"), "loopback"),
          new Refused(Cidr.of("fc00::/7"), "private (unique local, fc00::/7)"),
          new Refused(Cidr.of("fec0::/10"), "private (site-local, fec0::/10)"),
          new Refused(Cidr.of("fe80::/10"), "link-local"),
          new Refused(Cidr.of("ff00::/8"), "multicast"),
          new Refused(Cidr.of("100::/64"), "reserved (discard-only)"));

  private static final Cidr IPV4_MAPPED = Cidr.of("::ffff:0:0/96");
  private static final Cidr IPV4_COMPATIBLE = Cidr.of("::/96");
  private static final Cidr NAT64 = Cidr.of("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.of("2002::/16");

  private final EgressRules rules;
  private final Set<String> allowedHosts;
  private final List<Cidr> allowedNetworks;

  public AddressGuard(EgressRules rules) {
    this.rules = rules;
    this.allowedHosts = rules.allowedHosts();
    List<Cidr> networks = new ArrayList<>();
    for (String network : rules.allowedNetworks()) {
      networks.add(Cidr.parse("egress.allow", network));
    }
    this.allowedNetworks = List.copyOf(networks);
  }

  /**
   * Checks the form of a target URL without any network access: an absolute http(s) URL with a
   * host, no user credentials, HTTPS unless plain HTTP is allowed, and not a literal internal
   * address, in whatever numeric form it is written ({@code 127.0.0.1}, {@code 2130706433}, {@code
   * 0x7f.1}, {@code 127.1}, ...).
   *
   * @throws InvalidRequestException naming {@code field} and the problem
   */
  public URI parse(String field, String address) {
    if (address == null || address.isBlank()) {
      throw new InvalidRequestException(field, "must be an https URL, was empty");
    }
    if (address.length() > MAX_URL_LENGTH) {
      throw new InvalidRequestException(
          field, "URL is " + address.length() + " characters, over the limit of " + MAX_URL_LENGTH);
    }
    URI uri;
    try {
      uri = new URI(address);
    } catch (URISyntaxException e) {
      throw new InvalidRequestException(
          field, "not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && rules.plainHttpAllowed())) {
      throw new InvalidRequestException(
          field,
          rules.plainHttpAllowed()
              ? "must be an http or https URL, scheme was '" + uri.getScheme() + "'"
              : "must be an https URL (plain http is not allowed), scheme was '"
                  + uri.getScheme()
                  + "'");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      // URI takes "127.1" for a registry name rather than a host; say what it would reach
      Optional<String> refusal = numericRefusal(registryHost(uri));
      if (refusal.isPresent()) {
        throw new InvalidRequestException(field, refusal.get());
      }
      throw new InvalidRequestException(
          field, "URL has no valid host (use the ASCII form of international names)");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidRequestException(field, "URL must not carry user credentials");
    }
    String host = host(uri);
    if (!allowedHosts.contains(host)) {
      Optional<String> refusal = numericRefusal(host);
      if (refusal.isPresent()) {
        throw new InvalidRequestException(field, refusal.get());
      }
    }
    return uri;
  }

  /**
   * Checks a target URL as {@link #parse} does, then resolves its host and refuses it when any
   * address is internal: the check made when a notification is accepted. A host that does not
   * resolve now is accepted, since DNS may be down for a moment; {@link #check} runs again before
   * every request in any case, as the answer can change.
   *
   * @throws InvalidRequestException naming {@code field} and the problem
   */
  public URI validate(String field, String address) {
    return validate(field, parse(field, address));
  }

  /**
   * Resolves the host of {@code uri}, which {@link #parse} returned, as {@link #validate(String,
   * String)} does.
   *
   * @throws InvalidRequestException naming {@code field} when an address is internal
   */
  public URI validate(String field, URI uri) {
    Optional<String> refusal;
    try {
      refusal = check(uri);
    } catch (UnknownHostException e) {
      return uri;
    }
    if (refusal.isPresent()) {
      throw new InvalidRequestException(field, refusal.get());
    }
    return uri;
  }

  /**
   * Resolves the URL's host and checks every address.
   *
   * @return why the target is refused, or empty when it may be called
   * @throws UnknownHostException when the host does not resolve
   */
  public Optional<String> check(URI uri) throws UnknownHostException {
    String host = host(uri);
    if (allowedHosts.contains(host)) {
      return Optional.empty();
    }
    if (Cidr.literal(host) != null || !NumericHost.readings(host).isEmpty()) {
      return numericRefusal(host);
    }
    List<InetAddress> addresses = rules.resolver().resolve(host);
    if (addresses == null || addresses.isEmpty()) {
      throw new UnknownHostException(host + ": no address");
    }
    for (InetAddress address : addresses) {
      Optional<String> refusal = refusal(address.getAddress());
      if (refusal.isPresent()) {
        return Optional.of(refusal(host, address.getHostAddress(), refusal.get()));
      }
    }
    return Optional.empty();
  }

  /** The URL's host in lower case, IPv6 literals without brackets. */
  public static String host(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host;
  }

  /**
   * Why a host written as an address is internal: a literal, or any reading of an old numeric IPv4
   * form; empty for public addresses and for names.
   */
  private Optional<String> numericRefusal(String host) {
    byte[] literal = Cidr.literal(host);
    if (literal != null) {
      return refusal(literal).map(what -> refusal(host, host, what));
    }
    for (byte[] reading : NumericHost.readings(host)) {
      Optional<String> refusal = refusal(reading);
      if (refusal.isPresent()) {
        return Optional.of(refusal(host, dotted(reading), refusal.get()));
      }
    }
    return Optional.empty();
  }

  /** The host part of a URL whose authority URI could not read as a server, in lower case. */
  private static String registryHost(URI uri) {
    String authority = uri.getRawAuthority();
    if (authority == null) {
      return "";
    }
    String host = authority.substring(authority.lastIndexOf('@') + 1);
    return host.replaceFirst(":[0-9]*$", "").toLowerCase(Locale.ROOT);
  }

  private static String dotted(byte[] address) {
    return (address[0] & 0xff)
        + "."
        + (address[1] & 0xff)
        + "."
        + (address[2] & 0xff)
        + "."
        + (address[3] & 0xff);
  }

  /** Why the address is internal, or empty when it is public or explicitly allowed. */
  Optional<String> refusal(byte[] address) {
    for (Cidr allowed : allowedNetworks) {
      if (allowed.contains(address)) {
        return Optional.empty();
      }
    }
    byte[] embedded = embeddedIpv4(address);
    if (embedded != null) {
      return refusal(embedded).map(what -> what + ", embedded in an IPv6 address");
    }
    for (Refused refused : REFUSED) {
      if (refused.range().contains(address)) {
        return Optional.of(refused.what());
      }
    }
    return Optional.empty();
  }

  /** The IPv4 address carried inside an IPv6 one (mapped, compatible, NAT64, 6to4), or null. */
  private static byte @Nullable [] embeddedIpv4(byte[] address) {
    if (address.length != 16) {
      return null;
    }
    if (IPV4_MAPPED.contains(address) || NAT64.contains(address)) {
      return Arrays.copyOfRange(address, 12, 16);
    }
    if (IPV4_COMPATIBLE.contains(address)) {
      byte[] v4 = Arrays.copyOfRange(address, 12, 16);
      // :: and ::1 are IPv6's own unspecified and loopback addresses, classified as such
      return (v4[0] == 0 && v4[1] == 0 && v4[2] == 0 && (v4[3] == 0 || v4[3] == 1)) ? null : v4;
    }
    if (SIX_TO_FOUR.contains(address)) {
      return Arrays.copyOfRange(address, 2, 6);
    }
    return null;
  }

  private static String refusal(String host, String address, String what) {
    String target = host.equals(address) ? "'" + host + "'" : "'" + host + "' (" + address + ")";
    return "refused: "
        + target
        + " is "
        + what
        + ", an internal address; allow it explicitly in the egress rules if it is meant";
  }
}
