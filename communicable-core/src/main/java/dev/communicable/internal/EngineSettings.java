package dev.communicable.internal;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.spi.Authorizer;
import dev.communicable.spi.BudgetRules;
import dev.communicable.spi.EventBus;
import dev.communicable.spi.QuietHoursRules;
import dev.communicable.spi.Stores;
import dev.communicable.spi.TenantBudgets;
import dev.communicable.spi.Throttler;
import dev.communicable.template.TemplateRenderer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@code Communication.Builder} collected. Nullable components (stores, throttler, event bus,
 * renderer) take their in-memory or Mustache defaults in {@link Engine}; a null budget ledger means
 * no budgets.
 */
public record EngineSettings(
    @Nullable Stores stores,
    @Nullable Throttler throttler,
    @Nullable EventBus eventBus,
    Authorizer authorizer,
    List<ChannelAdapter> adapters,
    DeliveryPolicy policy,
    Map<String, DeliveryPolicy> topicPolicies,
    @Nullable TemplateRenderer renderer,
    Clock clock,
    int workers,
    int batchSize,
    Duration pollInterval,
    Duration lease,
    Duration shutdownTimeout,
    int maxDataBytes,
    String workerId,
    Duration retention,
    @Nullable TenantBudgets budgets,
    BudgetRules budgetRules,
    QuietHoursRules quietHoursRules) {}
