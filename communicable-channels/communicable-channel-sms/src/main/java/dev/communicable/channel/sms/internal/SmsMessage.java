package dev.communicable.channel.sms.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.sms.PhoneNumbers;
import dev.communicable.channel.sms.SmsBody;

/**
 * One SMS, checked before any call: the recipient in E.164, a non-empty text, and at most the
 * configured number of segments.
 *
 * @param to the recipient, E.164
 * @param text the body
 * @param body its encoding and segments
 */
record SmsMessage(String to, String text, SmsBody body) {

  /**
   * Reads and checks the SMS in {@code message}.
   *
   * @throws InvalidRequestException naming the first wrong field
   */
  static SmsMessage of(OutboundMessage message, int maxSegments) {
    String to = PhoneNumbers.toE164("address", message.address());
    String text = message.content().text();
    if (text == null || text.isBlank()) {
      throw new InvalidRequestException("content.text", "an SMS needs a non-blank text part");
    }
    SmsBody body = SmsBody.of(text);
    if (body.segments() > maxSegments) {
      throw new InvalidRequestException(
          "content.text",
          "takes "
              + body.segments()
              + " segments ("
              + body.units()
              + (body.encoding() == dev.communicable.channel.sms.SmsEncoding.GSM_7
                  ? " GSM-7 septets"
                  : " UCS-2 characters")
              + "); at most "
              + maxSegments
              + " are allowed");
    }
    return new SmsMessage(to, text, body);
  }
}
