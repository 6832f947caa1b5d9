package dev.communicable.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TransactionalOutboxTest {

  @Test
  void only_the_committed_order_is_saved_and_only_its_confirmation_is_queued_and_sent()
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TransactionalOutbox.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String output = bytes.toString(StandardCharsets.UTF_8);

    String orders = section(output, "Orders in the application's table");
    assertThat(orders).contains("A-1001  ada  £42.00").doesNotContain("A-1002");
    String queued = section(output, "Confirmations queued");
    assertThat(queued.lines().filter(l -> l.endsWith("deliveries: [email QUEUED]"))).hasSize(1);
    assertThat(queued.lines().filter(l -> l.endsWith("none: it went with the rollback")))
        .hasSize(1);
    assertThat(output)
        .contains("Dispatched 1; emails sent:")
        .contains("to ada@example.com: Order A-1001 confirmed")
        .doesNotContain("grace@example.com");
  }

  @Test
  void runs_again_in_the_same_process_from_a_fresh_database() throws Exception {
    for (int run = 0; run < 2; run++) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      TransactionalOutbox.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Dispatched 1; emails sent:");
    }
  }

  /** The lines under {@code heading} up to the next blank line. */
  private static String section(String output, String heading) {
    int start = output.indexOf(heading);
    assertThat(start).as("heading %s", heading).isNotNegative();
    String rest = output.substring(start + heading.length());
    int end = rest.indexOf(System.lineSeparator() + System.lineSeparator());
    return end < 0 ? rest : rest.substring(0, end);
  }
}
