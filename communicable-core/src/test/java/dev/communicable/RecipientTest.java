package dev.communicable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.channel.ChannelType;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecipientTest {
  @Test
  void copies_what_a_communicable_says_using_its_defaults() {
    Communicable host =
        new Communicable() {
          @Override
          public String communicableId() {
            return "u1";
          }

          @Override
          public String tenantId() {
            return "acme";
          }

          @Override
          public Map<ChannelType, String> contactPoints() {
            return Map.of(ChannelType.SMS, "+15555550100");
          }
        };
    Recipient r = Recipient.of(host);
    assertThat(r.id()).isEqualTo("u1");
    assertThat(r.communicableId()).isEqualTo("u1");
    assertThat(r.tenantId()).isEqualTo("acme");
    assertThat(r.locale()).isEqualTo(Locale.ENGLISH);
    assertThat(r.timeZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(r.address(ChannelType.SMS)).contains("+15555550100");
    assertThat(r.address(ChannelType.EMAIL)).isEmpty();
  }

  @Test
  void a_recipient_is_its_own_snapshot() {
    Recipient r = new Recipient("u1", "acme", Map.of(), Locale.FRENCH, ZoneId.of("Europe/Paris"));
    assertThat(Recipient.of(r)).isSameAs(r);
  }

  @Test
  void keeps_a_copy_of_its_contact_points() {
    Map<ChannelType, String> points = new HashMap<>(Map.of(ChannelType.EMAIL, "a@x.test"));
    Recipient r = new Recipient("u1", "acme", points, Locale.ENGLISH, ZoneOffset.UTC);
    points.put(ChannelType.EMAIL, "b@x.test");
    assertThat(r.address(ChannelType.EMAIL)).contains("a@x.test");
    assertThatThrownBy(() -> r.contactPoints().put(ChannelType.SMS, "x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejects_missing_fields() {
    assertThatThrownBy(() -> new Recipient(null, "acme", Map.of(), Locale.ENGLISH, ZoneOffset.UTC))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("id");
    assertThatThrownBy(() -> new Recipient("u", "acme", Map.of(), Locale.ENGLISH, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeZone");
  }
}
