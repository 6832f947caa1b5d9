package dev.communicable.jdbc;

/** Routing on embedded H2. */
class RoutingOnH2Test extends RoutingOnJdbcBehaviour {
  @Override
  TestDatabase.Kind kind() {
    return TestDatabase.Kind.H2;
  }
}
