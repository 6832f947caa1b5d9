package dev.communicable.channel.webhook;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.webhook.internal.Cidr;
import java.net.IDN;
import java.net.ProxySelector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where webhook and chat requests may go: the guard against server-side request forgery. A target
 * URL comes from users, so by default a request is refused, before any connection, when its host
 * resolves to an address that is loopback, private or site-local (10/8, 172.16/12, 192.168/16,
 * fc00::/7), link-local (169.254/16 with the cloud metadata address 169.254.169.254, fe80::/10),
 * unspecified, multicast, shared (carrier-grade NAT, 100.64/10) or reserved; and when it is not
 * HTTPS.
 *
 * <p>Allow exceptions explicitly: a host name ({@code "hooks.internal.example"}) or an address
 * range in CIDR form ({@code "10.20.0.0/16"}, {@code "127.0.0.1"} for one address).
 *
 * <p>Every address a name resolves to must pass, so that a name with one public and one internal
 * address is refused. A host written as a number in any IPv4 form ({@code 2130706433}, {@code
 * 127.1}, octal, hex) is read as the address it stands for. The check runs when an address is
 * validated (a notification accepted) and again before every request, as DNS answers change. The
 * check resolves through {@link #resolver()}; with the default resolver the HTTP client then
 * connects using the JVM's cached answer for that name (30 seconds by default, {@code
 * networkaddress.cache.ttl}), which keeps a DNS-rebinding answer from slipping in between the check
 * and the connection. Setting that TTL to 0 reopens the window; where that matters, send through an
 * egress proxy that filters internal addresses.
 */
public final class EgressRules {
  private static final EgressRules STRICT = builder().build();

  private final Set<String> allowedHosts;
  private final List<String> allowedNetworks;
  private final boolean plainHttpAllowed;
  private final HostResolver resolver;
  private final @Nullable ProxySelector proxy;

  private EgressRules(Builder builder) {
    this.allowedHosts = Set.copyOf(builder.allowedHosts);
    this.allowedNetworks = List.copyOf(builder.allowedNetworks);
    this.plainHttpAllowed = builder.plainHttpAllowed;
    this.resolver = builder.resolver;
    this.proxy = builder.proxy;
  }

  /** The defaults: HTTPS only, no internal address allowed, the system resolver. */
  public static EgressRules strict() {
    return STRICT;
  }

  /** A builder starting from {@link #strict()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Host names (lower case, ASCII form) allowed whatever they resolve to. */
  public Set<String> allowedHosts() {
    return allowedHosts;
  }

  /** Address ranges in CIDR form allowed even though they are internal. */
  public List<String> allowedNetworks() {
    return allowedNetworks;
  }

  /** Whether {@code http://} URLs are accepted as well as {@code https://}. */
  public boolean plainHttpAllowed() {
    return plainHttpAllowed;
  }

  /** The resolver the check uses, at validation and before every request. */
  public HostResolver resolver() {
    return resolver;
  }

  /** The proxy requests go through, if one is set. */
  public Optional<ProxySelector> proxy() {
    return Optional.ofNullable(proxy);
  }

  @Override
  public String toString() {
    return "EgressRules[allowedHosts="
        + allowedHosts
        + ", allowedNetworks="
        + allowedNetworks
        + ", plainHttpAllowed="
        + plainHttpAllowed
        + ", proxy="
        + (proxy != null)
        + "]";
  }

  /** Builds {@link EgressRules}. */
  public static final class Builder {
    private final Set<String> allowedHosts = new LinkedHashSet<>();
    private final List<String> allowedNetworks = new ArrayList<>();
    private boolean plainHttpAllowed;
    private HostResolver resolver = HostResolver.SYSTEM;
    private @Nullable ProxySelector proxy;

    private Builder() {}

    /**
     * Allows a host name, an IP address or a CIDR range that would otherwise be refused. An IP
     * address or range is matched against resolved addresses; a name is matched against the URL's
     * host.
     *
     * @throws InvalidRequestException naming {@code egress.allow} when the value is neither a host
     *     name nor a valid address or range
     */
    public Builder allow(String hostOrNetwork) {
      if (hostOrNetwork == null || hostOrNetwork.isBlank()) {
        throw new InvalidRequestException("egress.allow", "must be a host name or a CIDR range");
      }
      String value = hostOrNetwork.strip();
      if (Cidr.looksLikeAddress(value)) {
        Cidr.parse("egress.allow", value); // validates
        allowedNetworks.add(value);
      } else {
        allowedHosts.add(hostName(value));
      }
      return this;
    }

    /** Allows each of {@code hostsOrNetworks}, as {@link #allow(String)}. */
    public Builder allow(List<String> hostsOrNetworks) {
      Arguments.notNull("hostsOrNetworks", hostsOrNetworks).forEach(this::allow);
      return this;
    }

    /**
     * Accepts {@code http://} URLs as well. Default false: only HTTPS, since the body and, for chat
     * webhooks, the URL itself are confidential.
     */
    public Builder allowPlainHttp(boolean allowed) {
      this.plainHttpAllowed = allowed;
      return this;
    }

    /** The resolver the check uses. Default {@link HostResolver#SYSTEM}. */
    public Builder resolver(HostResolver resolver) {
      this.resolver = Arguments.notNull("resolver", resolver);
      return this;
    }

    /**
     * Sends through a proxy, such as an egress proxy that filters internal addresses itself (the
     * check here still runs first). Default none: direct connections.
     */
    public Builder proxy(ProxySelector proxy) {
      this.proxy = Arguments.notNull("proxy", proxy);
      return this;
    }

    public EgressRules build() {
      return new EgressRules(this);
    }

    private static String hostName(String value) {
      String ascii;
      try {
        ascii = IDN.toASCII(value, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(
            "egress.allow", "not a host name or CIDR range, was '" + value + "'");
      }
      if (ascii.isEmpty() || ascii.endsWith(".")) {
        throw new InvalidRequestException(
            "egress.allow", "not a host name or CIDR range, was '" + value + "'");
      }
      return ascii;
    }
  }
}
