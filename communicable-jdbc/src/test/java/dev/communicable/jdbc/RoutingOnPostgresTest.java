package dev.communicable.jdbc;

import org.junit.jupiter.api.Tag;

/** Routing on a real PostgreSQL. */
@Tag("integration")
class RoutingOnPostgresTest extends RoutingOnJdbcBehaviour {
  @Override
  TestDatabase.Kind kind() {
    return TestDatabase.Kind.POSTGRES;
  }
}
