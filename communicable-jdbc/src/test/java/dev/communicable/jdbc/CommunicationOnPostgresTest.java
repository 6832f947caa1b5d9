package dev.communicable.jdbc;

import org.junit.jupiter.api.Tag;

/** {@code Communication} on a real PostgreSQL, four nodes sharing the queue. */
@Tag("integration")
class CommunicationOnPostgresTest extends CommunicationOnJdbcBehaviour {
  @Override
  TestDatabase.Kind kind() {
    return TestDatabase.Kind.POSTGRES;
  }
}
