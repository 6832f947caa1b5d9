package dev.communicable.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Communicable;
import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.memory.InMemoryStores;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.memory.SettableClock;
import dev.communicable.schedule.SendWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example of docs/campaigns.md, kept running. */
class CampaignsExampleTest {

  /** A host's customer table, read in id order: the cursor is the last id of the page before. */
  static Audience customers(int count) {
    return (tenantId, audience, cursor, limit) -> {
      int after = cursor == null ? 0 : Integer.parseInt(cursor);
      List<Communicable> page = new ArrayList<>();
      for (int id = after + 1; id <= Math.min(count, after + limit); id++) {
        page.add(
            new Recipient(
                String.valueOf(id),
                tenantId,
                Map.of(ChannelType.EMAIL, "customer-" + id + "@example.com"),
                Locale.ENGLISH,
                ZoneId.of(id % 2 == 0 ? "Europe/Paris" : "America/Chicago")));
      }
      int last = after + page.size();
      return last >= count ? AudiencePage.last(page) : AudiencePage.of(page, String.valueOf(last));
    };
  }

  @Test
  void the_documented_campaign_reaches_every_customer_inside_their_local_window() {
    SettableClock clock = SettableClock.of(Instant.parse("2026-03-02T07:00:00Z")); // a Monday
    RecordingChannelAdapter email = new RecordingChannelAdapter(ChannelType.EMAIL, "demo");
    try (Communication comms =
        Communication.builder()
            .stores(InMemoryStores.create())
            .adapter(email)
            .clock(clock)
            .workers(0)
            .build()) {
      comms.campaigns().register("customers", customers(2_500));
      comms
          .campaigns()
          .create(
              Campaign.builder("spring-sale")
                  .tenant("acme")
                  .name("Spring sale")
                  .event("marketing.spring-sale")
                  .content(
                      Content.builder().subject("Spring sale").text("{{discount}} off").build())
                  .data("discount", "20%")
                  .channels(ChannelType.EMAIL)
                  .audience("customers")
                  .pageSize(500)
                  .window(SendWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0)))
                  .build());
      comms.campaigns().start("acme", "spring-sale");

      comms.dispatchDue(); // 08:00 in Paris, 01:00 in Chicago: everything queued, nothing sent
      CampaignProgress queued = comms.campaigns().get("acme", "spring-sale");
      clock.set(Instant.parse("2026-03-02T08:00:00Z")); // 09:00 in Paris
      comms.dispatchDue();
      CampaignProgress paris = comms.campaigns().get("acme", "spring-sale");
      clock.advance(Duration.ofHours(7)); // 09:00 in Chicago
      comms.dispatchDue();
      CampaignProgress done = comms.campaigns().get("acme", "spring-sale");

      assertThat(queued.state()).isEqualTo(CampaignState.COMPLETED);
      assertThat(queued.queued()).isEqualTo(2_500);
      assertThat(paris.sent()).isEqualTo(1_250);
      assertThat(done.sent()).isEqualTo(2_500);
      assertThat(email.sent()).hasSize(2_500);
    }
  }
}
