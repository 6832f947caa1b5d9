package dev.communicable.spi;

import dev.communicable.Arguments;

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

  /** Campaigns and the pages they queued. */
  CampaignStore campaigns();

  /**
   * A set made of the given stores, such as one backend's stores with one of them wrapped (to
   * decorate, count or fail it in a test).
   *
   * <p>Campaigns are kept in memory, counting their deliveries in {@code deliveries}; give a
   * campaign store with {@link #of(DeliveryStore, TemplateStore, PreferenceStore, InboxStore,
   * DeviceStore, CampaignStore)}.
   *
   * @throws dev.communicable.InvalidRequestException naming the store that is null
   */
  static Stores of(
      DeliveryStore deliveries,
      TemplateStore templates,
      PreferenceStore preferences,
      InboxStore inbox,
      DeviceStore devices) {
    Arguments.notNull("deliveries", deliveries);
    Arguments.notNull("templates", templates);
    Arguments.notNull("preferences", preferences);
    Arguments.notNull("inbox", inbox);
    Arguments.notNull("devices", devices);
    return of(
        deliveries,
        templates,
        preferences,
        inbox,
        devices,
        new dev.communicable.memory.InMemoryCampaignStore(deliveries));
  }

  /**
   * A set made of the given stores, campaigns included.
   *
   * @throws dev.communicable.InvalidRequestException naming the store that is null
   */
  static Stores of(
      DeliveryStore deliveries,
      TemplateStore templates,
      PreferenceStore preferences,
      InboxStore inbox,
      DeviceStore devices,
      CampaignStore campaigns) {
    Arguments.notNull("deliveries", deliveries);
    Arguments.notNull("templates", templates);
    Arguments.notNull("preferences", preferences);
    Arguments.notNull("inbox", inbox);
    Arguments.notNull("devices", devices);
    Arguments.notNull("campaigns", campaigns);
    return new Stores() {
      @Override
      public DeliveryStore deliveries() {
        return deliveries;
      }

      @Override
      public TemplateStore templates() {
        return templates;
      }

      @Override
      public PreferenceStore preferences() {
        return preferences;
      }

      @Override
      public InboxStore inbox() {
        return inbox;
      }

      @Override
      public DeviceStore devices() {
        return devices;
      }

      @Override
      public CampaignStore campaigns() {
        return campaigns;
      }
    };
  }
}
