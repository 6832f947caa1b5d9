package dev.communicable.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SmsIfUnopenedTest {

  @Test
  void sends_the_sms_only_to_the_customer_who_did_not_open_the_email() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SmsIfUnopened.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertThat(output)
        .contains("INV-3 is paid: 1 run cancelled")
        .contains("SMS to +447700900456: Invoice INV-2 (£17.50) is overdue.")
        .doesNotContain("SMS to +447700900123")
        .contains("Run of invoice-overdue for ada (INV-1): COMPLETED")
        .contains("Run of invoice-overdue for bob (INV-2): COMPLETED")
        .contains("Run of invoice-overdue for bob (INV-3): CANCELLED")
        .contains("opened   waitFor   receipt")
        .contains("opened   waitFor   timeout");
  }
}
