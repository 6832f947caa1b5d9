package dev.communicable.channel.sms;

import java.util.Objects;

/**
 * How an SMS text goes on the air: its encoding, its length in that encoding's units, and the
 * number of segments (billed messages) it takes.
 *
 * @param encoding GSM-7 when every character is in the GSM 03.38 alphabet, else UCS-2
 * @param units septets for GSM-7 (an extension character such as '€' counts 2), UTF-16 code units
 *     for UCS-2 (an emoji counts 2)
 * @param segments 1 up to the single-message limit, then one per segment of 153 septets or 67
 *     units; an escape pair or a surrogate pair is never split across segments
 */
public record SmsBody(SmsEncoding encoding, int units, int segments) {

  // GSM 03.38 basic character set, in table order (0x1B, the escape, excluded).
  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u0000ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  // GSM 03.38 extension table: each is sent as ESC + character, two septets.
  private static final String EXTENSION = "\f^{}\\[~]|€";

  /** Measures {@code text}. */
  public static SmsBody of(String text) {
    Objects.requireNonNull(text, "text");
    boolean gsm = true;
    for (int i = 0; i < text.length() && gsm; i++) {
      char c = text.charAt(i);
      gsm = c != '\u0000' && (BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0);
    }
    return gsm ? measureGsm(text) : measureUcs2(text);
  }

  private static SmsBody measureGsm(String text) {
    int total = 0;
    for (int i = 0; i < text.length(); i++) {
      total += septets(text.charAt(i));
    }
    if (total <= SmsEncoding.GSM_7.singleLimit()) {
      return new SmsBody(SmsEncoding.GSM_7, total, 1);
    }
    int segments = 1;
    int used = 0;
    for (int i = 0; i < text.length(); i++) {
      int cost = septets(text.charAt(i));
      if (used + cost > SmsEncoding.GSM_7.segmentLimit()) {
        segments++;
        used = 0;
      }
      used += cost;
    }
    return new SmsBody(SmsEncoding.GSM_7, total, segments);
  }

  private static SmsBody measureUcs2(String text) {
    int total = text.length();
    if (total <= SmsEncoding.UCS_2.singleLimit()) {
      return new SmsBody(SmsEncoding.UCS_2, total, 1);
    }
    int segments = 1;
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int cost = Character.charCount(text.codePointAt(i));
      if (used + cost > SmsEncoding.UCS_2.segmentLimit()) {
        segments++;
        used = 0;
      }
      used += cost;
      i += cost;
    }
    return new SmsBody(SmsEncoding.UCS_2, total, segments);
  }

  private static int septets(char c) {
    return EXTENSION.indexOf(c) >= 0 ? 2 : 1;
  }
}
