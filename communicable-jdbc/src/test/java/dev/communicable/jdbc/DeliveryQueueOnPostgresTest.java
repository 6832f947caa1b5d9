package dev.communicable.jdbc;

import org.junit.jupiter.api.Tag;

/** The delivery queue on a real PostgreSQL. */
@Tag("integration")
class DeliveryQueueOnPostgresTest extends DeliveryQueueBehaviour {
  @Override
  TestDatabase.Kind kind() {
    return TestDatabase.Kind.POSTGRES;
  }
}
