package dev.communicable.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The budget definition itself; how budgets count is the testkit's TenantBudgetsContract. */
class TenantBudgetTest {
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  @Test
  @DisplayName("periods begin and end at midnight in the tenant's zone")
  void periods_follow_the_tenants_zone() {
    Instant lateOnThe14th = LocalDateTime.of(2025, 3, 14, 23, 58).atZone(TOKYO).toInstant();

    TenantBudget daily = TenantBudget.daily("acme", ChannelType.SMS, 3, TOKYO);
    assertThat(daily.periodStart(lateOnThe14th)).isEqualTo(LocalDate.of(2025, 3, 14));
    assertThat(daily.resetsAt(lateOnThe14th))
        .isEqualTo(LocalDateTime.of(2025, 3, 15, 0, 0).atZone(TOKYO).toInstant());

    TenantBudget monthly = TenantBudget.monthly("acme", ChannelType.SMS, 3, TOKYO);
    assertThat(monthly.periodStart(lateOnThe14th)).isEqualTo(LocalDate.of(2025, 3, 1));
    assertThat(monthly.resetsAt(lateOnThe14th))
        .isEqualTo(LocalDateTime.of(2025, 4, 1, 0, 0).atZone(TOKYO).toInstant());
  }

  @Test
  @DisplayName("bad input is rejected with the field named")
  void rejects_bad_input() {
    assertThatThrownBy(() -> TenantBudget.daily("acme", ChannelType.SMS, -1, TOKYO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("budget.quota: must not be negative, was -1");
    assertThatThrownBy(() -> TenantBudget.daily(" ", ChannelType.SMS, 1, TOKYO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("budget.tenantId: must not be null or blank, was ' '");
    assertThatThrownBy(() -> TenantBudget.daily("acme", null, 1, TOKYO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("budget.channel: must not be null");
    assertThatThrownBy(() -> TenantBudget.monthly("acme", ChannelType.SMS, 1, null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("budget.zone: must not be null");
  }
}
