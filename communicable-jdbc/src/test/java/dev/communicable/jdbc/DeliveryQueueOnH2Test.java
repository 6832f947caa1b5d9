package dev.communicable.jdbc;

/** The delivery queue on embedded H2. */
class DeliveryQueueOnH2Test extends DeliveryQueueBehaviour {
  @Override
  TestDatabase.Kind kind() {
    return TestDatabase.Kind.H2;
  }
}
