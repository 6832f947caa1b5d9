package dev.communicable.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GSM-7 / UCS-2 detection and segment counting")
class SmsBodyTest {

  @Test
  void plain_latin_text_is_gsm_7_in_one_segment_up_to_160_septets() {
    assertThat(SmsBody.of("Your code is 123456")).isEqualTo(new SmsBody(SmsEncoding.GSM_7, 19, 1));
    assertThat(SmsBody.of("a".repeat(160))).isEqualTo(new SmsBody(SmsEncoding.GSM_7, 160, 1));
  }

  @Test
  void over_160_septets_gsm_7_is_split_into_segments_of_153() {
    assertThat(SmsBody.of("a".repeat(161))).isEqualTo(new SmsBody(SmsEncoding.GSM_7, 161, 2));
    assertThat(SmsBody.of("a".repeat(306))).isEqualTo(new SmsBody(SmsEncoding.GSM_7, 306, 2));
    assertThat(SmsBody.of("a".repeat(307))).isEqualTo(new SmsBody(SmsEncoding.GSM_7, 307, 3));
  }

  @Test
  void gsm_accented_letters_stay_gsm_7_but_extension_characters_take_two_septets() {
    assertThat(SmsBody.of("Café à Zürich, ñ é ø Å Δ"))
        .extracting(SmsBody::encoding)
        .isEqualTo(SmsEncoding.GSM_7);
    assertThat(SmsBody.of("€5 [x] {y} ~|^\\")).isEqualTo(new SmsBody(SmsEncoding.GSM_7, 24, 1));
    assertThat(SmsBody.of("€".repeat(80))).isEqualTo(new SmsBody(SmsEncoding.GSM_7, 160, 1));
    assertThat(SmsBody.of("€".repeat(81)).segments()).isEqualTo(2);
  }

  @Test
  void an_escape_pair_is_never_split_across_segments() {
    // 152 septets then '€' (2): it cannot take the 153rd septet, so it opens segment 2.
    String text = "a".repeat(152) + "€" + "a".repeat(152);
    SmsBody body = SmsBody.of(text);
    assertThat(body.units()).isEqualTo(306);
    assertThat(body.segments()).isEqualTo(3);
  }

  @Test
  void one_character_outside_gsm_7_switches_to_ucs_2_with_70_and_67_unit_limits() {
    assertThat(SmsBody.of("Привет")).isEqualTo(new SmsBody(SmsEncoding.UCS_2, 6, 1));
    assertThat(SmsBody.of("ç".repeat(70))).isEqualTo(new SmsBody(SmsEncoding.UCS_2, 70, 1));
    assertThat(SmsBody.of("a".repeat(70) + "ç")).isEqualTo(new SmsBody(SmsEncoding.UCS_2, 71, 2));
    assertThat(SmsBody.of("日".repeat(134))).isEqualTo(new SmsBody(SmsEncoding.UCS_2, 134, 2));
    assertThat(SmsBody.of("日".repeat(135))).isEqualTo(new SmsBody(SmsEncoding.UCS_2, 135, 3));
  }

  @Test
  void an_emoji_counts_two_units_and_its_surrogate_pair_is_never_split() {
    assertThat(SmsBody.of("Hi 👋")).isEqualTo(new SmsBody(SmsEncoding.UCS_2, 5, 1));
    // 66 units then an emoji (2): it opens segment 2 rather than straddle.
    String text = "x".repeat(66) + "👋" + "x".repeat(66);
    assertThat(SmsBody.of(text)).isEqualTo(new SmsBody(SmsEncoding.UCS_2, 134, 3));
  }
}
