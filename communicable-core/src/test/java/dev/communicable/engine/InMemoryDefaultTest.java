package dev.communicable.engine;

import static dev.communicable.delivery.DeliveryState.SENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.memory.RecordingChannelAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A Communication built without stores")
class InMemoryDefaultTest {

  @Test
  @DisplayName("runs on in-memory stores, its own workers sending, and warns once that it is so")
  void builds_and_sends_on_in_memory_stores() {
    RecordingChannelAdapter email = new RecordingChannelAdapter(ChannelType.EMAIL, "smtp");
    Communication comms;
    // slf4j-simple, the tests' logger, writes to the System.err of the moment.
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      comms = Communication.builder().adapter(email).build();
    } finally {
      System.setErr(stderr);
    }
    List<String> warnings =
        captured
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(line -> line.contains("WARN") && line.contains("No stores given"))
            .toList();
    List<String> started =
        captured
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(line -> line.contains("INFO"))
            .toList();

    try (comms) {
      Receipt receipt =
          comms.send(
              Notification.event("invoice.paid")
                  .to(EngineFixture.alice())
                  .content(Content.builder().subject("Paid").text("Invoice 42 is paid").build()));

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  comms.deliveries(receipt.tenantId(), receipt.messageId()).stream()
                      .map(Delivery::state)
                      .toList(),
              states -> states.equals(List.of(SENT)));
      assertThat(email.sentTo("alice@example.com")).hasSize(1);
    }
    assertThat(warnings)
        .singleElement(STRING)
        .contains("nothing survives a restart")
        .contains("JdbcStores.h2Embedded");
    assertThat(started)
        .as("a start logs one line at INFO, saying what runs")
        .singleElement(STRING)
        .contains("Communicable started")
        .contains("in_app: inbox")
        .contains("email: smtp");
  }
}
