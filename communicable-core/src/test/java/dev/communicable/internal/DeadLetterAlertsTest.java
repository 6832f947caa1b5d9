package dev.communicable.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.DeadLetterAlert;
import dev.communicable.delivery.DeadLetterAlert.Crossing;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.Route;
import dev.communicable.memory.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The dead-letter alert counts")
class DeadLetterAlertsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

  private final SettableClock clock = SettableClock.of(T0);
  private final List<Crossing> heard = new ArrayList<>();

  private static Delivery dead(String tenant) {
    return Delivery.builder()
        .id(new DeliveryId(UUID.randomUUID()))
        .tenantId(tenant)
        .messageId(new MessageId(UUID.randomUUID()))
        .route(new Route("u", ChannelType.EMAIL, "u@example.com", Locale.ENGLISH, ZoneOffset.UTC))
        .topic("t")
        .priority(Priority.NORMAL)
        .state(DeliveryState.DEAD_LETTERED)
        .scheduledAt(T0)
        .createdAt(T0)
        .build();
  }

  private DeadLetterAlerts alerts(DeadLetterAlert alert) {
    return new DeadLetterAlerts(
        List.of(new DeadLetterAlerts.Registration(alert, heard::add)), clock);
  }

  @Test
  void keep_at_most_max_keys_tenants_forgetting_the_least_recent() {
    DeadLetterAlerts alerts = alerts(DeadLetterAlert.when(2));
    alerts.counted(dead("first"));
    for (int i = 0; i < DeadLetterAlert.MAX_KEYS; i++) {
      alerts.counted(dead("tenant-" + i));
    }
    alerts.counted(dead("first"));
    alerts.runDue();

    assertThat(heard).as("the first count of 'first' was forgotten").isEmpty();
  }

  @Test
  void tell_nothing_until_run_and_wake_the_runner_on_a_crossing() {
    List<String> woken = new ArrayList<>();
    DeadLetterAlerts alerts = alerts(DeadLetterAlert.when(1).within(Duration.ofMinutes(1)));
    alerts.wakeWith(() -> woken.add("wake"));

    alerts.counted(dead("acme"));
    assertThat(heard).isEmpty();
    assertThat(woken).containsExactly("wake");

    assertThat(alerts.runDue()).isEqualTo(1);
    assertThat(heard).singleElement().extracting(Crossing::tenantId).isEqualTo("acme");
    assertThat(alerts.runDue()).isZero();
  }

  @Test
  void hold_a_bounded_number_of_crossings_waiting_for_their_listeners() {
    DeadLetterAlerts alerts = alerts(DeadLetterAlert.when(1));
    for (int i = 0; i < DeadLetterAlerts.MAX_PENDING + 50; i++) {
      clock.advance(Duration.ofHours(2)); // each tenant's count starts afresh
      alerts.counted(dead("t-" + (i % 500)));
    }
    int told = 0;
    for (int n = alerts.runDue(); n > 0; n = alerts.runDue()) {
      told += n;
    }

    assertThat(told).isEqualTo(DeadLetterAlerts.MAX_PENDING);
  }
}
