package dev.communicable.spi;

/**
 * The set of stores a {@code Communication} runs on, from one backend: {@code
 * InMemoryStores.create()} or {@code JdbcStores.h2(...)} / {@code JdbcStores.postgres(...)}.
 */
public interface Stores {

  DeliveryStore deliveries();

  TemplateStore templates();

  PreferenceStore preferences();

  InboxStore inbox();

  DeviceStore devices();
}
