package dev.communicable.internal;

import dev.communicable.policy.DeliveryPolicy;
import java.util.Map;

/** The delivery policy of each topic: its own when configured, else the default one. */
final class Policies {
  private final DeliveryPolicy defaultPolicy;
  private final Map<String, DeliveryPolicy> byTopic;

  Policies(DeliveryPolicy defaultPolicy, Map<String, DeliveryPolicy> byTopic) {
    this.defaultPolicy = defaultPolicy;
    this.byTopic = Map.copyOf(byTopic);
  }

  DeliveryPolicy forTopic(String topic) {
    return byTopic.getOrDefault(topic, defaultPolicy);
  }
}
