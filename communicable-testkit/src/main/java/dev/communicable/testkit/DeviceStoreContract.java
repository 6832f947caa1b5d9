package dev.communicable.testkit;

import static dev.communicable.testkit.Checks.rejectsField;
import static dev.communicable.testkit.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.NotFoundException;
import dev.communicable.device.Device;
import dev.communicable.spi.DeviceStore;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link DeviceStore}: the push device registry. A device is identified by (tenant,
 * platform, token). Extend it and implement {@link #createStore()}; every test uses its own random
 * tenant, so one store may serve all tests.
 */
public abstract class DeviceStoreContract {

  /** The store under test. */
  protected DeviceStore store;

  private String tenant;

  /** The store to test. Called once before each test. */
  protected abstract DeviceStore createStore();

  /** Releases the store after each test. The default does nothing. */
  protected void closeStore(DeviceStore store) throws Exception {}

  @BeforeEach
  final void setUpDeviceStore() {
    store = createStore();
    tenant = TestData.tenant();
  }

  @AfterEach
  final void tearDownDeviceStore() throws Exception {
    closeStore(store);
  }

  @Test
  void a_registered_device_is_active_for_its_recipient() {
    Device device = store.register(tenant, "u1", "fcm", "tok-1", T0);

    assertThat(device).isEqualTo(new Device(tenant, "u1", "fcm", "tok-1", true, T0, T0));
    assertThat(store.active(tenant, "u1")).containsExactly(device);
  }

  @Test
  void registering_the_same_token_again_keeps_one_device_and_its_first_registration_time() {
    store.register(tenant, "u1", "apns", "tok-1", T0);
    Instant later = T0.plusSeconds(60);

    Device again = store.register(tenant, "u1", "apns", "tok-1", later);

    assertThat(again).isEqualTo(new Device(tenant, "u1", "apns", "tok-1", true, T0, later));
    assertThat(store.active(tenant, "u1")).containsExactly(again);
  }

  @Test
  void the_same_token_on_another_platform_is_another_device() {
    store.register(tenant, "u1", "fcm", "tok-1", T0);
    store.register(tenant, "u1", "apns", "tok-1", T0.plusSeconds(1));

    assertThat(store.active(tenant, "u1"))
        .extracting(Device::platform)
        .containsExactlyInAnyOrder("fcm", "apns");
  }

  @Test
  void a_deactivated_token_is_no_longer_active_until_registered_again() {
    store.register(tenant, "u1", "fcm", "tok-1", T0);
    Device other = store.register(tenant, "u1", "fcm", "tok-2", T0);

    assertThat(store.deactivate(tenant, "fcm", "tok-1", T0.plusSeconds(1))).isTrue();
    assertThat(store.deactivate(tenant, "fcm", "tok-1", T0.plusSeconds(2))).isFalse();
    assertThat(store.deactivate(tenant, "fcm", "never-seen", T0)).isFalse();
    assertThat(store.active(tenant, "u1")).containsExactly(other);

    Device back = store.register(tenant, "u1", "fcm", "tok-1", T0.plusSeconds(3));
    assertThat(back.active()).isTrue();
    assertThat(store.active(tenant, "u1")).containsExactlyInAnyOrder(other, back);
  }

  @Test
  void rotation_replaces_the_old_token_by_the_new_for_the_same_recipient() {
    store.register(tenant, "u1", "fcm", "old", T0);
    Instant at = T0.plusSeconds(30);

    Device rotated = store.rotate(tenant, "fcm", "old", "new", at);

    assertThat(rotated).isEqualTo(new Device(tenant, "u1", "fcm", "new", true, at, at));
    assertThat(store.active(tenant, "u1")).containsExactly(rotated);
    assertThat(store.deactivate(tenant, "fcm", "old", at))
        .as("old token already inactive")
        .isFalse();
  }

  @Test
  void rotating_an_unknown_token_is_not_found() {
    assertThatThrownBy(() -> store.rotate(tenant, "fcm", "missing", "new", T0))
        .isInstanceOf(NotFoundException.class);
    assertThat(store.active(tenant, "u1")).isEmpty();
  }

  @Test
  void a_token_registered_by_another_recipient_moves_to_them() {
    store.register(tenant, "u1", "webpush", "shared-browser", T0);

    Device moved = store.register(tenant, "u2", "webpush", "shared-browser", T0.plusSeconds(5));

    assertThat(moved.recipientId()).isEqualTo("u2");
    assertThat(store.active(tenant, "u1")).isEmpty();
    assertThat(store.active(tenant, "u2")).containsExactly(moved);
  }

  @Test
  void devices_are_separate_per_tenant() {
    store.register(tenant, "u1", "fcm", "tok-1", T0);
    String other = TestData.tenant();

    assertThat(store.active(other, "u1")).isEmpty();
    assertThat(store.deactivate(other, "fcm", "tok-1", T0)).isFalse();
    assertThat(store.active(tenant, "u1")).hasSize(1);
  }

  @Test
  void bad_input_is_refused_naming_the_field_and_nothing_is_stored() {
    rejectsField(() -> store.register(" ", "u1", "fcm", "t", T0), "tenantId");
    rejectsField(() -> store.register(tenant, "", "fcm", "t", T0), "recipientId");
    rejectsField(() -> store.register(tenant, "u1", null, "t", T0), "platform");
    rejectsField(() -> store.register(tenant, "u1", "fcm", " ", T0), "token");
    rejectsField(() -> store.register(tenant, "u1", "fcm", "t", null), "at");
    rejectsField(() -> store.rotate(tenant, "fcm", "", "new", T0), "oldToken");
    rejectsField(() -> store.rotate(tenant, "fcm", "old", null, T0), "newToken");
    rejectsField(() -> store.deactivate(tenant, "fcm", "t", null), "at");
    rejectsField(() -> store.active(tenant, " "), "recipientId");

    assertThat(store.active(tenant, "u1")).isEmpty();
  }
}
