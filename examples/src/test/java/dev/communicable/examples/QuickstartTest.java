package dev.communicable.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickstartTest {

  @Test
  void prints_the_retry_then_the_fallback_to_sms_and_the_read_inbox_item() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Quickstart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertThat(output)
        .contains("email    SENDING       -> QUEUED         attempt 1 of 3 failed, retry at")
        .contains(
            "email    SENDING       -> FAILED         smtp refused (550): mailbox unavailable")
        .contains("sms      (new)         -> QUEUED         fallback from email")
        .contains("sms      SENDING       -> SENT           accepted by twilio")
        .contains("in_app   SENT          -> READ")
        .contains("Sent by SMS: Invoice INV-1042: £42.00 received. Thank you!")
        .contains("[read] Invoice INV-1042 paid: £42.00 received (app://invoices/INV-1042)");
  }
}
