package dev.communicable.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.NotFoundException;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.device.Device;
import dev.communicable.inbox.InboxItem;
import dev.communicable.preference.PreferenceChange;
import dev.communicable.preference.Preferences;
import dev.communicable.template.Template;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InMemoryStoresTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final InMemoryStores stores = InMemoryStores.create();

  @Test
  void templates_publish_new_versions_and_roll_back_per_tenant() {
    var email = Map.of(Template.Variant.of(ChannelType.EMAIL), Content.text("v"));
    stores.templates().publish("acme", "welcome", email, "ann", T0);
    stores.templates().publish("acme", "welcome", email, "ann", T0);
    assertThat(stores.templates().active("acme", "welcome"))
        .get()
        .extracting(Template::version)
        .isEqualTo(2);
    assertThat(stores.templates().activate("acme", "welcome", 1).version()).isEqualTo(1);
    assertThat(stores.templates().active("acme", "welcome"))
        .get()
        .extracting(Template::version)
        .isEqualTo(1);
    assertThat(stores.templates().versions("acme", "welcome")).containsExactly(1, 2);
    assertThat(stores.templates().active("globex", "welcome")).isEmpty();
    assertThatThrownBy(() -> stores.templates().activate("acme", "welcome", 3))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> stores.templates().activate("globex", "welcome", 1))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void preferences_save_only_over_the_version_read_and_keep_history_newest_first() {
    Preferences v1 =
        new Preferences(
            "acme", "u1", Map.of(ChannelType.SMS, false), Map.of(), false, null, true, 1);
    Preferences v2 = new Preferences("acme", "u1", Map.of(), Map.of(), true, null, true, 2);
    PreferenceChange first = new PreferenceChange("acme", "u1", "u1", T0, null, v1, null);
    PreferenceChange second = new PreferenceChange("acme", "u1", "admin", T0, v1, v2, "mute");
    assertThat(stores.preferences().save(first)).isTrue();
    assertThat(stores.preferences().save(first)).isFalse();
    assertThat(stores.preferences().save(second)).isTrue();
    assertThat(stores.preferences().save(second)).isFalse();
    assertThat(stores.preferences().find("acme", "u1")).contains(v2);
    assertThat(stores.preferences().history("acme", "u1", 10)).containsExactly(second, first);
    assertThat(stores.preferences().find("globex", "u1")).isEmpty();
  }

  @Test
  void inbox_adds_once_pages_newest_first_and_counts_unread() {
    InboxItem older = item("u1", 0);
    InboxItem newer = item("u1", 60);
    stores.inbox().add(older);
    stores.inbox().add(newer);
    stores.inbox().add(older);
    assertThat(stores.inbox().list("acme", "u1", null, 10)).containsExactly(newer, older);
    assertThat(stores.inbox().list("acme", "u1", newer.createdAt(), 10)).containsExactly(older);
    assertThat(stores.inbox().unreadCount("acme", "u1")).isEqualTo(2);
    assertThat(stores.inbox().markRead("acme", "u1", older.deliveryId(), T0)).isTrue();
    assertThat(stores.inbox().markRead("acme", "u1", older.deliveryId(), T0)).isFalse();
    assertThat(stores.inbox().markRead("acme", "u2", newer.deliveryId(), T0)).isFalse();
    assertThat(stores.inbox().unread("acme", "u1", 10)).containsExactly(newer);
    assertThat(stores.inbox().unreadCount("acme", "u1")).isEqualTo(1);
    assertThat(stores.inbox().list("globex", "u1", null, 10)).isEmpty();
  }

  @Test
  void devices_register_rotate_and_deactivate() {
    stores.devices().register("acme", "u1", "fcm", "t1", T0);
    Device rotated = stores.devices().rotate("acme", "fcm", "t1", "t2", T0.plusSeconds(1));
    assertThat(rotated.recipientId()).isEqualTo("u1");
    assertThat(stores.devices().active("acme", "u1"))
        .extracting(Device::token)
        .containsExactly("t2");
    assertThat(stores.devices().deactivate("acme", "fcm", "t2", T0)).isTrue();
    assertThat(stores.devices().deactivate("acme", "fcm", "t2", T0)).isFalse();
    assertThat(stores.devices().active("acme", "u1")).isEmpty();
    assertThat(stores.devices().register("acme", "u1", "fcm", "t1", T0.plusSeconds(5)).active())
        .isTrue();
    assertThat(stores.devices().active("globex", "u1")).isEmpty();
  }

  private static InboxItem item(String recipient, int second) {
    return new InboxItem(
        new DeliveryId(UUID.randomUUID()),
        new MessageId(UUID.randomUUID()),
        "acme",
        recipient,
        "billing",
        "Paid",
        "Invoice paid",
        null,
        T0.plusSeconds(second),
        null);
  }

  @Test
  void each_call_returns_the_same_store() {
    assertThat(stores.deliveries()).isSameAs(stores.deliveries());
    assertThat(List.of(stores.templates(), stores.preferences(), stores.inbox(), stores.devices()))
        .doesNotContainNull();
  }
}
