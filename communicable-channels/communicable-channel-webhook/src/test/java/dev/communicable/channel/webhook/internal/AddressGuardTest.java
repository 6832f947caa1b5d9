package dev.communicable.channel.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.webhook.EgressRules;
import dev.communicable.channel.webhook.HostResolver;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The egress guard, without any network: literal addresses and a resolver hook. */
class AddressGuardTest {
  /** Names resolving to chosen addresses, as a hostile or internal DNS would answer. */
  static final Map<String, List<String>> DNS =
      Map.of(
          "hooks.example.com", List.of("93.184.216.34"),
          "internal.example.com", List.of("10.0.0.5"),
          "mixed.example.com", List.of("93.184.216.34", "192.168.1.20"),
          "metadata.example.com", List.of("169.254.169.254"),
          "v6.example.com", List.of("2606:2800:220:1:248:1893:25c8:1946"));

  static final HostResolver RESOLVER =
      host -> {
        List<String> answers = DNS.get(host);
        if (answers == null) {
          throw new UnknownHostException(host);
        }
        InetAddress[] addresses = new InetAddress[answers.size()];
        for (int i = 0; i < addresses.length; i++) {
          addresses[i] = InetAddress.getByAddress(host, Cidr.literal(answers.get(i)));
        }
        return Arrays.asList(addresses);
      };

  final AddressGuard strict = new AddressGuard(EgressRules.builder().resolver(RESOLVER).build());

  @ParameterizedTest(name = "{0} is refused as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1|loopback",
        "127.8.9.10|loopback",
        "[::1]|loopback",
        "10.1.2.3|private (10/8)",
        "172.16.0.1|private (172.16/12)",
        "172.31.255.254|private (172.16/12)",
        "192.168.1.1|private (192.168/16)",
        "[fd00::1]|private (unique local, fc00::/7)",
        "[fd00:ec2::254]|private (unique local, fc00::/7)",
        "169.254.169.254|the cloud metadata address (link-local)",
        "169.254.10.10|link-local",
        "[fe80::1]|link-local",
        "0.0.0.0|unspecified ('this network')",
        "[::]|unspecified",
        "224.0.0.1|multicast",
        "[ff02::1]|multicast",
        "100.64.0.1|shared address space (carrier-grade NAT, 100.64/10)",
        "100.127.255.255|shared address space (carrier-grade NAT, 100.64/10)",
        "255.255.255.255|reserved (240/4, broadcast)",
        "[::ffff:127.0.0.1]|loopback, embedded in an IPv6 address",
        "[::ffff:a9fe:a9fe]|the cloud metadata address (link-local), embedded in an IPv6 address",
        "[64:ff9b::a00:1]|private (10/8), embedded in an IPv6 address",
        "[2002:c0a8:0101::1]|private (192.168/16), embedded in an IPv6 address"
      })
  void refusesLiteralInternalAddressesWithoutResolving(String host, String what) {
    assertThatThrownBy(() -> strict.parse("address", "https://" + host + "/hook"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("address: refused: ")
        .hasMessageContaining(" is " + what + ", an internal address");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://93.184.216.34/hook",
        "https://172.32.0.1/hook",
        "https://100.128.0.1/hook",
        "https://[2606:2800:220:1:248:1893:25c8:1946]/hook"
      })
  @DisplayName("lets public literal addresses through")
  void acceptsPublicLiterals(String url) throws UnknownHostException {
    URI uri = strict.parse("address", url);
    assertThat(strict.check(uri)).isEmpty();
  }

  @Test
  @DisplayName("checks what a name resolves to: a name pointing inside is refused")
  void refuses_names_resolving_to_internal_addresses() throws UnknownHostException {
    assertThat(strict.check(URI.create("https://internal.example.com/x")))
        .contains(
            "refused: 'internal.example.com' (10.0.0.5) is private (10/8), an internal address;"
                + " allow it explicitly in the egress rules if it is meant");
    assertThat(strict.check(URI.create("https://metadata.example.com/latest/meta-data")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("cloud metadata"));
    assertThat(strict.check(URI.create("https://hooks.example.com/x"))).isEmpty();
    assertThat(strict.check(URI.create("https://v6.example.com/x"))).isEmpty();
  }

  @Test
  @DisplayName("refuses a name if any one of its addresses is internal")
  void refuses_mixed_answers() throws UnknownHostException {
    assertThat(strict.check(URI.create("https://mixed.example.com/x")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("192.168.1.20"));
  }

  @ParameterizedTest(name = "{0} is read as {1} and refused without resolving")
  @CsvSource(
      delimiter = '|',
      value = {
        "2130706433|127.0.0.1",
        "017700000001|127.0.0.1",
        "0x7f000001|127.0.0.1",
        "0X7F000001|127.0.0.1",
        "0x7f.1|127.0.0.1",
        "127.1|127.0.0.1",
        "127.0.1|127.0.0.1",
        "0x7f.0.0.1|127.0.0.1",
        "0177.0.0.1|127.0.0.1",
        "127.000.000.001|127.0.0.1",
        "10.1|10.0.0.1",
        "3232235777|192.168.1.1",
        "0xa9fea9fe|169.254.169.254",
        "0251.0376.0251.0376|169.254.169.254",
        "0|0.0.0.0"
      })
  @DisplayName("reads decimal, octal, hex and short IPv4 forms as an address, and refuses them")
  void refusesOddNumericForms(String host, String address) {
    AddressGuard unresolvable =
        new AddressGuard(
            EgressRules.builder()
                .resolver(
                    name -> {
                      throw new AssertionError("resolved '" + name + "'");
                    })
                .build());
    assertThatThrownBy(() -> unresolvable.parse("address", "https://" + host + ":8443/x"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("address: refused: '" + host.toLowerCase(java.util.Locale.ROOT))
        .hasMessageContaining("(" + address + ") is ");
    assertThatThrownBy(() -> unresolvable.validate("address", "https://" + host + "/x"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("(" + address + ") is ");
  }

  @Test
  @DisplayName("a numeric form that the JVM reads as decimal but C reads as octal must pass both")
  void ambiguous_numeric_forms_pass_only_if_every_reading_is_public() throws UnknownHostException {
    // 0177.0.0.1: the JVM connects to 177.0.0.1, a proxy using inet_aton to 127.0.0.1
    assertThatThrownBy(() -> strict.parse("address", "https://0177.0.0.1/x"))
        .hasMessageContaining("'0177.0.0.1' (127.0.0.1) is loopback");
    // 1572395042 is 93.184.216.34 in every reading
    assertThat(strict.check(strict.parse("address", "https://1572395042/x"))).isEmpty();
    assertThat(strict.validate("address", "https://1572395042/x").getHost())
        .isEqualTo("1572395042");
  }

  @Test
  @DisplayName(
      "validation resolves the host through the rules' resolver and refuses what is internal")
  void validation_resolves() {
    assertThatThrownBy(() -> strict.validate("address", "https://internal.example.com/x"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "address: refused: 'internal.example.com' (10.0.0.5) is private (10/8), an internal"
                + " address; allow it explicitly in the egress rules if it is meant");
    assertThatThrownBy(() -> strict.validate("address", "https://mixed.example.com/x"))
        .hasMessageContaining("(192.168.1.20) is private (192.168/16)");
    assertThat(strict.validate("address", "https://hooks.example.com/x").getHost())
        .isEqualTo("hooks.example.com");
    // not resolvable now (DNS may be down): accepted, and checked again when sent
    assertThat(strict.validate("address", "https://nowhere.example.com/x").getHost())
        .isEqualTo("nowhere.example.com");
    AddressGuard system = new AddressGuard(EgressRules.strict());
    assertThatThrownBy(() -> system.validate("address", "https://localhost:8443/hook"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'localhost' (")
        .hasMessageContaining(") is loopback");
  }

  @Test
  @DisplayName("allows an internal address range or host when listed explicitly")
  void allow_list_opens_exceptions() throws UnknownHostException {
    AddressGuard guard =
        new AddressGuard(
            EgressRules.builder()
                .resolver(RESOLVER)
                .allow("10.0.0.0/8")
                .allow("127.0.0.1")
                .allow("mixed.example.com")
                .build());
    assertThat(guard.check(URI.create("https://internal.example.com/x"))).isEmpty();
    assertThat(guard.check(guard.parse("address", "https://127.0.0.1:8443/x"))).isEmpty();
    assertThat(guard.check(URI.create("https://mixed.example.com/x"))).isEmpty();
    assertThat(guard.check(URI.create("https://127.0.0.2/x")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("loopback"));
    assertThatThrownBy(() -> guard.parse("address", "https://127.0.0.2/x"))
        .hasMessageContaining("'127.0.0.2' is loopback");
    assertThat(guard.check(URI.create("https://metadata.example.com/x"))).isPresent();
  }

  @Test
  @DisplayName("a name that does not resolve is reported as such")
  void unknown_host() {
    assertThatThrownBy(() -> strict.check(URI.create("https://nowhere.example.com/x")))
        .isInstanceOf(UnknownHostException.class);
  }

  @Test
  @DisplayName("requires https unless plain http is allowed")
  void requires_https() {
    assertThatThrownBy(() -> strict.parse("address", "http://hooks.example.com/x"))
        .hasMessage("address: must be an https URL (plain http is not allowed), scheme was 'http'");
    AddressGuard relaxed =
        new AddressGuard(EgressRules.builder().allowPlainHttp(true).resolver(RESOLVER).build());
    assertThat(relaxed.parse("address", "http://hooks.example.com/x")).isNotNull();
    assertThatThrownBy(() -> relaxed.parse("address", "ftp://hooks.example.com/x"))
        .hasMessage("address: must be an http or https URL, scheme was 'ftp'");
  }

  @ParameterizedTest(name = "''{0}'' is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not a url|address: not a valid URL (Illegal character in path at index 3)",
        "https://|address: not a valid URL (Expected authority at index 8)",
        "https:///path|address: URL has no valid host (use the ASCII form of international names)",
        "https://user:pw@hooks.example.com/x|address: URL must not carry user credentials",
        "mailto:ops@example.com|address: must be an https URL (plain http is not allowed), scheme"
            + " was 'mailto'",
        "''|address: must be an https URL, was empty"
      })
  void refusesMalformedUrls(String url, String message) {
    assertThatThrownBy(() -> strict.parse("address", url))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(message);
  }

  @Test
  @DisplayName("refuses absurdly long URLs")
  void refuses_long_urls() {
    String url = "https://hooks.example.com/" + "a".repeat(AddressGuard.MAX_URL_LENGTH);
    assertThatThrownBy(() -> strict.parse("address", url))
        .hasMessage("address: URL is 2074 characters, over the limit of 2048");
  }

  @Test
  @DisplayName("the allow list refuses values that are neither host names nor ranges")
  void allow_list_is_checked() {
    assertThatThrownBy(() -> EgressRules.builder().allow("10.0.0.0/33"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("egress.allow: prefix length must be 0 to 32, was '10.0.0.0/33'");
    assertThatThrownBy(() -> EgressRules.builder().allow("300.1.1.1"))
        .hasMessage("egress.allow: not a valid IP address or CIDR range, was '300.1.1.1'");
    assertThatThrownBy(() -> EgressRules.builder().allow("bad host!"))
        .hasMessage("egress.allow: not a host name or CIDR range, was 'bad host!'");
  }
}
