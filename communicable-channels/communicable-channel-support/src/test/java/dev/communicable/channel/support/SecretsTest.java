package dev.communicable.channel.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  @DisplayName("a long secret shows its first four characters, a short one nothing")
  void masks() {
    assertThat(Secrets.mask("SG.abcdefghijklmnop")).isEqualTo("SG.a****");
    assertThat(Secrets.mask("12345678")).isEqualTo("****");
    assertThat(Secrets.mask(null)).isNull();
    assertThat(Secrets.REDACTED).isEqualTo("<redacted>");
  }
}
