package dev.communicable.jdbc;

/** {@code Communication} on embedded H2. */
class CommunicationOnH2Test extends CommunicationOnJdbcBehaviour {
  @Override
  TestDatabase.Kind kind() {
    return TestDatabase.Kind.H2;
  }
}
