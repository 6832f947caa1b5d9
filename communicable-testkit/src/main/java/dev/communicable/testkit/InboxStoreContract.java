package dev.communicable.testkit;

import static dev.communicable.testkit.Checks.rejectsField;
import static dev.communicable.testkit.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.MessageId;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.inbox.InboxItem;
import dev.communicable.spi.InboxStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link InboxStore}: idempotent adds, newest-first pages, read state. Extend it
 * and implement {@link #createStore()}; every test uses its own random tenant, so one store may
 * serve all tests.
 */
public abstract class InboxStoreContract {

  /** The store under test. */
  protected InboxStore store;

  private String tenant;

  /** The store to test. Called once before each test. */
  protected abstract InboxStore createStore();

  /** Releases the store after each test. The default does nothing. */
  protected void closeStore(InboxStore store) throws Exception {}

  @BeforeEach
  final void setUpInboxStore() {
    store = createStore();
    tenant = TestData.tenant();
  }

  @AfterEach
  final void tearDownInboxStore() throws Exception {
    closeStore(store);
  }

  private InboxItem item(String recipient, int second) {
    return new InboxItem(
        new DeliveryId(UUID.randomUUID()),
        new MessageId(UUID.randomUUID()),
        tenant,
        recipient,
        "billing",
        "Invoice paid",
        "Invoice #" + second + " was paid",
        "app://invoices/" + second,
        T0.plusSeconds(second),
        null);
  }

  private static InboxItem read(InboxItem item, Instant at) {
    return new InboxItem(
        item.deliveryId(),
        item.messageId(),
        item.tenantId(),
        item.recipientId(),
        item.topic(),
        item.title(),
        item.text(),
        item.link(),
        item.createdAt(),
        at);
  }

  @Test
  void items_list_newest_first_and_read_back_equal() {
    InboxItem a = item("u1", 1);
    InboxItem b = item("u1", 2);
    InboxItem c = item("u1", 3);
    store.add(b);
    store.add(a);
    store.add(c);

    assertThat(store.list(tenant, "u1", null, 10)).containsExactly(c, b, a);
    assertThat(store.unread(tenant, "u1", 10)).containsExactly(c, b, a);
    assertThat(store.unreadCount(tenant, "u1")).isEqualTo(3);
  }

  @Test
  void adding_the_same_delivery_again_changes_nothing() {
    InboxItem first = item("u1", 1);
    store.add(first);
    InboxItem again =
        new InboxItem(
            first.deliveryId(),
            first.messageId(),
            tenant,
            "u1",
            "billing",
            "changed",
            "changed",
            null,
            T0.plusSeconds(50),
            null);

    store.add(again);

    assertThat(store.list(tenant, "u1", null, 10)).containsExactly(first);
    assertThat(store.unreadCount(tenant, "u1")).isEqualTo(1);
  }

  @Test
  void pages_walk_back_in_time_with_before() {
    List<InboxItem> items = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      InboxItem it = item("u1", i * 10);
      items.add(0, it);
      store.add(it);
    }

    List<InboxItem> seen = new ArrayList<>();
    List<InboxItem> page = store.list(tenant, "u1", null, 3);
    while (!page.isEmpty()) {
      assertThat(page).hasSizeLessThanOrEqualTo(3);
      seen.addAll(page);
      page = store.list(tenant, "u1", page.get(page.size() - 1).createdAt(), 3);
    }

    assertThat(seen).containsExactlyElementsOf(items);
  }

  @Test
  void marking_read_is_once_only_and_only_by_the_owner() {
    InboxItem a = item("u1", 1);
    InboxItem b = item("u1", 2);
    store.add(a);
    store.add(b);
    Instant readAt = T0.plusSeconds(100);

    assertThat(store.markRead(tenant, "u2", a.deliveryId(), readAt)).isFalse();
    assertThat(store.markRead(TestData.tenant(), "u1", a.deliveryId(), readAt)).isFalse();
    assertThat(store.markRead(tenant, "u1", new DeliveryId(UUID.randomUUID()), readAt)).isFalse();
    assertThat(store.markRead(tenant, "u1", a.deliveryId(), readAt)).isTrue();
    assertThat(store.markRead(tenant, "u1", a.deliveryId(), readAt.plusSeconds(1))).isFalse();

    assertThat(store.unreadCount(tenant, "u1")).isEqualTo(1);
    assertThat(store.unread(tenant, "u1", 10)).containsExactly(b);
    assertThat(store.list(tenant, "u1", null, 10)).containsExactly(b, read(a, readAt));
  }

  @Test
  @Timeout(60)
  void of_concurrent_reads_of_one_item_exactly_one_counts() throws Exception {
    InboxItem a = item("u1", 1);
    store.add(a);

    List<Boolean> results =
        Checks.concurrently(8, () -> store.markRead(tenant, "u1", a.deliveryId(), T0));

    assertThat(results).containsOnlyOnce(true);
    assertThat(store.unreadCount(tenant, "u1")).isZero();
  }

  @Test
  void an_item_already_read_when_added_is_not_unread() {
    InboxItem seen = read(item("u1", 1), T0.plusSeconds(2));
    store.add(seen);

    assertThat(store.unreadCount(tenant, "u1")).isZero();
    assertThat(store.unread(tenant, "u1", 10)).isEmpty();
    assertThat(store.list(tenant, "u1", null, 10)).containsExactly(seen);
  }

  @Test
  void unread_honours_its_limit_newest_first() {
    for (int i = 0; i < 5; i++) {
      store.add(item("u1", i));
    }

    assertThat(store.unread(tenant, "u1", 2))
        .extracting(InboxItem::createdAt)
        .containsExactly(T0.plusSeconds(4), T0.plusSeconds(3));
  }

  @Test
  void inboxes_are_separate_per_recipient_and_tenant() {
    store.add(item("u1", 1));

    assertThat(store.list(tenant, "u2", null, 10)).isEmpty();
    assertThat(store.list(TestData.tenant(), "u1", null, 10)).isEmpty();
    assertThat(store.unreadCount(tenant, "u2")).isZero();
    assertThat(store.unreadCount(TestData.tenant(), "u1")).isZero();
  }

  @Test
  void bad_input_is_refused_naming_the_field() {
    DeliveryId id = new DeliveryId(UUID.randomUUID());
    rejectsField(() -> store.add(null), "item");
    rejectsField(() -> store.list(" ", "u1", null, 10), "tenantId");
    rejectsField(() -> store.list(tenant, "", null, 10), "recipientId");
    rejectsField(() -> store.list(tenant, "u1", null, 0), "limit");
    rejectsField(() -> store.unread(tenant, "u1", 0), "limit");
    rejectsField(() -> store.unreadCount(null, "u1"), "tenantId");
    rejectsField(() -> store.markRead(tenant, "u1", null, T0), "deliveryId");
    rejectsField(() -> store.markRead(tenant, "u1", id, null), "at");
  }
}
