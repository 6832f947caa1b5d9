package dev.communicable.channel.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.communicable.InvalidRequestException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the delivery receipts (DLRs) Vonage sends to the callback URL, as query or form parameters
 * or as a JSON object: {@code messageId}, {@code status} ({@code delivered}, {@code expired},
 * {@code failed}, {@code rejected}, {@code accepted}, {@code buffered}, {@code unknown}) and {@code
 * err-code}. A text sent in several parts gets one receipt per part; the adapter records the first
 * part's id.
 *
 * <p>Receipts are not signed unless signing is turned on for the account; then read them with
 * {@link #verifyAndParse(Map, VonageSignatureCheck)}, which refuses one that Vonage did not sign.
 */
public final class VonageDeliveryReceipts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private VonageDeliveryReceipts() {}

  /**
   * Reads a receipt given as parameters.
   *
   * @throws InvalidRequestException naming a missing parameter
   */
  public static SmsDeliveryReceipt parse(Map<String, String> params) {
    String id = params.get("messageId");
    if (id == null || id.isBlank()) {
      throw new InvalidRequestException("messageId", "is missing from the receipt");
    }
    String status = params.get("status");
    if (status == null || status.isBlank()) {
      throw new InvalidRequestException("status", "is missing from the receipt");
    }
    status = status.toLowerCase(Locale.ROOT);
    SmsDeliveryReceipt.Outcome outcome =
        switch (status) {
          case "delivered" -> SmsDeliveryReceipt.Outcome.DELIVERED;
          case "expired", "failed", "rejected" -> SmsDeliveryReceipt.Outcome.FAILED;
          case "accepted", "buffered", "unknown" -> SmsDeliveryReceipt.Outcome.PENDING;
          default ->
              throw new InvalidRequestException(
                  "status", "is not a Vonage receipt status, was '" + status + "'");
        };
    Optional<String> error =
        Optional.ofNullable(params.get("err-code")).filter(c -> !c.isBlank() && !c.equals("0"));
    return new SmsDeliveryReceipt("vonage", id, outcome, status, error);
  }

  /**
   * Reads a receipt posted as JSON.
   *
   * @throws InvalidRequestException when the body is not a JSON object or misses a field
   */
  public static SmsDeliveryReceipt parseJson(String body) {
    return parse(jsonParameters(body));
  }

  /**
   * Checks the receipt's signature with {@code check}, then reads it. Use this once signing is
   * turned on for the account: a receipt that was not signed with its secret is refused.
   *
   * @throws InvalidRequestException on {@code sig} or {@code timestamp} when the signature does not
   *     match or the timestamp is missing or stale, or as {@link #parse} does
   */
  public static SmsDeliveryReceipt verifyAndParse(
      Map<String, String> params, VonageSignatureCheck check) {
    Objects.requireNonNull(check, "check");
    check.verify(params);
    return parse(params);
  }

  /**
   * As {@link #verifyAndParse(Map, VonageSignatureCheck)} for a receipt posted as JSON, whose
   * members are the signed parameters.
   *
   * @throws InvalidRequestException when the body is not a JSON object, or as {@link
   *     #verifyAndParse(Map, VonageSignatureCheck)} does
   */
  public static SmsDeliveryReceipt verifyAndParseJson(String body, VonageSignatureCheck check) {
    return verifyAndParse(jsonParameters(body), check);
  }

  private static Map<String, String> jsonParameters(String body) {
    JsonNode node;
    try {
      node = JSON.readTree(body == null ? "" : body);
    } catch (IOException e) {
      throw new InvalidRequestException("body", "is not JSON");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidRequestException("body", "must be a JSON object");
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        params.put(e.getKey(), e.getValue().asText());
      }
    }
    return params;
  }
}
