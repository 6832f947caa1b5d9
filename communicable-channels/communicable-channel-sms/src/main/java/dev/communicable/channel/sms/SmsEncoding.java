package dev.communicable.channel.sms;

/** How an SMS body is encoded on the air, which decides how many characters fit a segment. */
public enum SmsEncoding {
  /**
   * The GSM 03.38 7-bit default alphabet (with its extension table, whose characters take two
   * septets): 160 septets in a single message, 153 per segment of a concatenated one.
   */
  GSM_7(160, 153),
  /**
   * UCS-2 (UTF-16 code units), used as soon as one character is outside GSM-7: 70 units in a single
   * message, 67 per segment of a concatenated one.
   */
  UCS_2(70, 67);

  private final int singleLimit;
  private final int segmentLimit;

  SmsEncoding(int singleLimit, int segmentLimit) {
    this.singleLimit = singleLimit;
    this.segmentLimit = segmentLimit;
  }

  /** The most units that fit a message sent as one segment. */
  public int singleLimit() {
    return singleLimit;
  }

  /** The most units per segment of a concatenated message (the rest is the UDH). */
  public int segmentLimit() {
    return segmentLimit;
  }
}
