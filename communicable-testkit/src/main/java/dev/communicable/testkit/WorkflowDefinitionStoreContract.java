package dev.communicable.testkit;

import static dev.communicable.testkit.Checks.rejectsField;
import static dev.communicable.testkit.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.NotFoundException;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.spi.WorkflowDefinitionStore;
import dev.communicable.workflow.AwaitedReceipt;
import dev.communicable.workflow.DigestSpec;
import dev.communicable.workflow.Step;
import dev.communicable.workflow.Workflow;
import dev.communicable.workflow.WorkflowVersion;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link WorkflowDefinitionStore}: versioned workflow definitions per tenant with
 * rollback, found by the events they listen to. Extend it and implement {@link #createStore()};
 * every test uses its own random tenant, so one store may serve all tests (an empty one is not
 * required).
 */
public abstract class WorkflowDefinitionStoreContract {

  /** The store under test. */
  protected WorkflowDefinitionStore store;

  private String tenant;

  /** The store to test. Called once before each test. */
  protected abstract WorkflowDefinitionStore createStore();

  /** Releases the store after each test. The default does nothing. */
  protected void closeStore(WorkflowDefinitionStore store) throws Exception {}

  @BeforeEach
  final void setUpWorkflowDefinitionStore() {
    store = createStore();
    tenant = TestData.tenant();
  }

  @AfterEach
  final void tearDownWorkflowDefinitionStore() throws Exception {
    closeStore(store);
  }

  /** The "SMS if the email is unopened within 2 hours" rule, with {@code template}. */
  private static Workflow overdue(String template) {
    return Workflow.builder("invoice-overdue")
        .on("invoice.overdue")
        .correlateBy("invoiceId")
        .cancelOn("invoice.paid")
        .send("email", template, ChannelType.EMAIL)
        .waitFor("opened", "email", AwaitedReceipt.READ, Duration.ofHours(2), "done", null)
        .send("sms", template, ChannelType.SMS)
        .exit("done")
        .build();
  }

  private static Workflow simple(String id, String trigger, String... cancelOn) {
    return Workflow.builder(id).on(trigger).cancelOn(cancelOn).send("send", "t").build();
  }

  @Test
  void the_first_publish_is_version_1_and_active_and_reads_back_equal() {
    WorkflowVersion published = store.publish(tenant, overdue("invoice-overdue"), "ann", T0);

    assertThat(published)
        .isEqualTo(
            new WorkflowVersion(
                tenant, "invoice-overdue", 1, overdue("invoice-overdue"), "ann", T0));
    assertThat(store.active(tenant, "invoice-overdue")).contains(published);
    assertThat(store.version(tenant, "invoice-overdue", 1)).contains(published);
    assertThat(store.versions(tenant, "invoice-overdue", 10)).containsExactly(published);
  }

  @Test
  void every_kind_of_step_reads_back_equal() {
    Workflow everything =
        Workflow.builder("everything")
            .on("order.shipped")
            .correlateBy("orderId")
            .cancelOn("order.cancelled", "order.returned")
            .topic("orders")
            .throttle("limit", 3, Duration.ofHours(1), "projectId")
            .digest("collect", DigestSpec.fixed(Duration.ofMinutes(30)).key("p").maxItems(50))
            .digest("daily", DigestSpec.scheduled("0 9 * * *"))
            .delay("pause", Duration.ofMinutes(15))
            .delayUntil("morning", LocalTime.of(9, 0))
            .branch("vip", "data.vip == true and 'sms' in recipient.channels", "urgent", null)
            .step(new Step.Send("urgent", "alert", List.of(), Priority.CRITICAL))
            .send("email", "shipped", ChannelType.EMAIL, ChannelType.IN_APP)
            .waitFor("read", "email", AwaitedReceipt.DELIVERED, Duration.ofDays(1), null, "end")
            .exit("end")
            .build();

    store.publish(tenant, everything, "ann", T0);

    assertThat(store.active(tenant, "everything").orElseThrow().workflow()).isEqualTo(everything);
  }

  @Test
  void each_publish_adds_the_next_version_and_makes_it_active_leaving_old_versions_intact() {
    WorkflowVersion v1 = store.publish(tenant, overdue("first"), "ann", T0);
    WorkflowVersion v2 = store.publish(tenant, overdue("second"), "bob", T0.plusSeconds(60));

    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.publishedBy()).isEqualTo("bob");
    assertThat(store.active(tenant, "invoice-overdue")).contains(v2);
    assertThat(store.version(tenant, "invoice-overdue", 1)).contains(v1);
    assertThat(store.versions(tenant, "invoice-overdue", 10)).containsExactly(v2, v1);
  }

  @Test
  void versions_are_listed_newest_first_up_to_the_limit() {
    for (int i = 1; i <= 5; i++) {
      store.publish(tenant, overdue("v" + i), "ann", T0.plusSeconds(i));
    }

    assertThat(store.versions(tenant, "invoice-overdue", 3))
        .extracting(WorkflowVersion::version)
        .containsExactly(5, 4, 3);
    assertThat(store.versions(tenant, "invoice-overdue", 1000)).hasSize(5);
  }

  @Test
  void activate_rolls_back_and_a_later_publish_continues_the_numbering() {
    WorkflowVersion v1 = store.publish(tenant, overdue("good"), "ann", T0);
    store.publish(tenant, overdue("broken"), "ann", T0.plusSeconds(1));

    assertThat(store.activate(tenant, "invoice-overdue", 1)).isEqualTo(v1);
    assertThat(store.active(tenant, "invoice-overdue")).contains(v1);
    assertThat(store.versions(tenant, "invoice-overdue", 10))
        .extracting(WorkflowVersion::version)
        .containsExactly(2, 1);

    WorkflowVersion v3 = store.publish(tenant, overdue("fixed"), "ann", T0.plusSeconds(2));
    assertThat(v3.version()).isEqualTo(3);
    assertThat(store.active(tenant, "invoice-overdue")).contains(v3);
  }

  @Test
  void workflows_are_separate_per_tenant_and_per_id() {
    String other = TestData.tenant();
    store.publish(tenant, overdue("a"), "ann", T0);
    store.publish(tenant, overdue("b"), "ann", T0);

    WorkflowVersion theirs = store.publish(other, overdue("c"), "zed", T0);
    WorkflowVersion another = store.publish(tenant, simple("welcome", "user.created"), "ann", T0);

    assertThat(theirs.version()).isEqualTo(1);
    assertThat(another.version()).isEqualTo(1);
    assertThat(store.active(other, "invoice-overdue")).contains(theirs);
    assertThat(store.versions(other, "invoice-overdue", 10)).containsExactly(theirs);
    assertThat(store.active(TestData.tenant(), "invoice-overdue")).isEmpty();
  }

  @Test
  void unknown_workflows_and_versions_read_as_empty() {
    store.publish(tenant, overdue("a"), "ann", T0);

    assertThat(store.active(tenant, "missing")).isEmpty();
    assertThat(store.version(tenant, "invoice-overdue", 2)).isEmpty();
    assertThat(store.version(tenant, "missing", 1)).isEmpty();
    assertThat(store.versions(tenant, "missing", 10)).isEmpty();
    assertThat(store.activeFor(tenant, "nothing.happened", 10)).isEmpty();
  }

  @Test
  void activating_what_does_not_exist_is_not_found_and_changes_nothing() {
    WorkflowVersion v1 = store.publish(tenant, overdue("a"), "ann", T0);

    assertThatThrownBy(() -> store.activate(tenant, "invoice-overdue", 2))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.activate(tenant, "missing", 1))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.activate(TestData.tenant(), "invoice-overdue", 1))
        .isInstanceOf(NotFoundException.class);
    assertThat(store.active(tenant, "invoice-overdue")).contains(v1);
  }

  @Test
  void an_event_finds_the_active_workflows_it_triggers_or_cancels_ordered_by_id() {
    WorkflowVersion overdue = store.publish(tenant, overdue("a"), "ann", T0);
    WorkflowVersion receipt = store.publish(tenant, simple("receipt", "invoice.paid"), "ann", T0);
    WorkflowVersion thanks =
        store.publish(tenant, simple("a-thanks", "invoice.paid", "invoice.refunded"), "ann", T0);
    store.publish(tenant, simple("welcome", "user.created"), "ann", T0);
    store.publish(TestData.tenant(), simple("theirs", "invoice.paid"), "zed", T0);

    assertThat(store.activeFor(tenant, "invoice.paid", 10))
        .containsExactly(thanks, overdue, receipt);
    assertThat(store.activeFor(tenant, "invoice.overdue", 10)).containsExactly(overdue);
    assertThat(store.activeFor(tenant, "invoice.refunded", 10)).containsExactly(thanks);
    assertThat(store.activeFor(tenant, "invoice.paid", 2)).containsExactly(thanks, overdue);
  }

  @Test
  void an_event_finds_only_the_active_version_of_a_workflow() {
    store.publish(tenant, simple("w", "old.event", "old.cancel"), "ann", T0);
    WorkflowVersion v2 = store.publish(tenant, simple("w", "new.event"), "ann", T0);

    assertThat(store.activeFor(tenant, "old.event", 10)).isEmpty();
    assertThat(store.activeFor(tenant, "old.cancel", 10)).isEmpty();
    assertThat(store.activeFor(tenant, "new.event", 10)).containsExactly(v2);

    WorkflowVersion v1 = store.activate(tenant, "w", 1);
    assertThat(store.activeFor(tenant, "old.event", 10)).containsExactly(v1);
    assertThat(store.activeFor(tenant, "old.cancel", 10)).containsExactly(v1);
    assertThat(store.activeFor(tenant, "new.event", 10)).isEmpty();
  }

  @Test
  @Timeout(60)
  void concurrent_publishes_get_distinct_consecutive_versions() throws Exception {
    List<Integer> versions =
        Checks.concurrently(8, () -> store.publish(tenant, overdue("race"), "ann", T0).version());

    assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(store.versions(tenant, "invoice-overdue", 100))
        .extracting(WorkflowVersion::version)
        .containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
  }

  @Test
  void bad_input_is_refused_naming_the_field_and_nothing_is_stored() {
    Workflow ok = overdue("a");
    rejectsField(() -> store.publish(" ", ok, "ann", T0), "tenantId");
    rejectsField(() -> store.publish(tenant, null, "ann", T0), "workflow");
    rejectsField(() -> store.publish(tenant, ok, " ", T0), "publishedBy");
    rejectsField(() -> store.publish(tenant, ok, "ann", null), "at");
    rejectsField(() -> store.active(null, "invoice-overdue"), "tenantId");
    rejectsField(() -> store.active(tenant, ""), "workflowId");
    rejectsField(() -> store.version(tenant, "invoice-overdue", 0), "version");
    rejectsField(() -> store.activate(tenant, "invoice-overdue", 0), "version");
    rejectsField(() -> store.versions(tenant, "invoice-overdue", 0), "limit");
    rejectsField(() -> store.versions(tenant, "invoice-overdue", 1001), "limit");
    rejectsField(() -> store.activeFor(tenant, " ", 10), "eventName");
    rejectsField(() -> store.activeFor(tenant, "invoice.paid", 0), "limit");

    assertThat(store.versions(tenant, "invoice-overdue", 10)).isEmpty();
  }
}
