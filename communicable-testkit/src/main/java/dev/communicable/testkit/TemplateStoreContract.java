package dev.communicable.testkit;

import static dev.communicable.testkit.Checks.rejectsField;
import static dev.communicable.testkit.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Content;
import dev.communicable.NotFoundException;
import dev.communicable.channel.ChannelType;
import dev.communicable.spi.TemplateStore;
import dev.communicable.template.Template;
import dev.communicable.template.Template.Variant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link TemplateStore}: versioned templates per tenant with rollback. Extend it
 * and implement {@link #createStore()}; every test uses its own random tenant, so one store may
 * serve all tests (an empty one is not required).
 */
public abstract class TemplateStoreContract {

  /** The store under test. */
  protected TemplateStore store;

  private String tenant;

  /** The store to test. Called once before each test. */
  protected abstract TemplateStore createStore();

  /** Releases the store after each test. The default does nothing. */
  protected void closeStore(TemplateStore store) throws Exception {}

  @BeforeEach
  final void setUpTemplateStore() {
    store = createStore();
    tenant = TestData.tenant();
  }

  @AfterEach
  final void tearDownTemplateStore() throws Exception {
    closeStore(store);
  }

  private static Map<Variant, Content> variants(String greeting) {
    return Map.of(
        Variant.of(ChannelType.EMAIL),
        Content.builder()
            .subject(greeting + " {{name}}")
            .text("Hi {{name}}")
            .html("<p>Hi</p>")
            .build(),
        Variant.of(ChannelType.EMAIL, "fr"),
        Content.builder().subject("Bonjour {{name}}").text("Salut").build(),
        Variant.of(ChannelType.EMAIL, "fr-CA"),
        Content.builder().subject("Allo {{name}}").build(),
        Variant.of(ChannelType.SMS),
        Content.text(greeting),
        Variant.of(ChannelType.PUSH),
        Content.builder().title("t").text("b").link("app://x").build(),
        Variant.of(ChannelType.WEBHOOK),
        Content.builder().json("{\"event\":\"{{event}}\"}").build());
  }

  @Test
  void the_first_publish_is_version_1_and_active_and_reads_back_equal() {
    Template published = store.publish(tenant, "welcome", variants("Hello"), "ann", T0);

    assertThat(published)
        .isEqualTo(new Template(tenant, "welcome", 1, variants("Hello"), "ann", T0));
    assertThat(store.active(tenant, "welcome")).contains(published);
    assertThat(store.version(tenant, "welcome", 1)).contains(published);
    assertThat(store.versions(tenant, "welcome")).containsExactly(1);
  }

  @Test
  void each_publish_adds_the_next_version_and_makes_it_active_leaving_old_versions_intact() {
    Template v1 = store.publish(tenant, "welcome", variants("Hello"), "ann", T0);
    Template v2 = store.publish(tenant, "welcome", variants("Howdy"), "bob", T0.plusSeconds(60));

    assertThat(v2.version()).isEqualTo(2);
    assertThat(store.active(tenant, "welcome")).contains(v2);
    assertThat(store.version(tenant, "welcome", 1)).contains(v1);
    assertThat(store.versions(tenant, "welcome")).containsExactly(1, 2);
  }

  @Test
  void activate_rolls_back_and_a_later_publish_continues_the_numbering() {
    Template v1 = store.publish(tenant, "welcome", variants("Hello"), "ann", T0);
    store.publish(tenant, "welcome", variants("Broken"), "ann", T0.plusSeconds(1));

    assertThat(store.activate(tenant, "welcome", 1)).isEqualTo(v1);
    assertThat(store.active(tenant, "welcome")).contains(v1);
    assertThat(store.versions(tenant, "welcome")).containsExactly(1, 2);

    Template v3 = store.publish(tenant, "welcome", variants("Fixed"), "ann", T0.plusSeconds(2));
    assertThat(v3.version()).isEqualTo(3);
    assertThat(store.active(tenant, "welcome")).contains(v3);
  }

  @Test
  void templates_are_separate_per_tenant_and_per_name() {
    String other = TestData.tenant();
    store.publish(tenant, "welcome", variants("Hello"), "ann", T0);
    store.publish(tenant, "welcome", variants("Hello again"), "ann", T0);

    Template theirs = store.publish(other, "welcome", variants("Hi"), "zed", T0);
    Template another = store.publish(tenant, "goodbye", variants("Bye"), "ann", T0);

    assertThat(theirs.version()).isEqualTo(1);
    assertThat(another.version()).isEqualTo(1);
    assertThat(store.active(other, "welcome")).contains(theirs);
    assertThat(store.versions(other, "welcome")).containsExactly(1);
    assertThat(store.active(TestData.tenant(), "welcome")).isEmpty();
  }

  @Test
  void unknown_templates_and_versions_read_as_empty() {
    store.publish(tenant, "welcome", variants("Hello"), "ann", T0);

    assertThat(store.active(tenant, "missing")).isEmpty();
    assertThat(store.version(tenant, "welcome", 2)).isEmpty();
    assertThat(store.version(tenant, "missing", 1)).isEmpty();
    assertThat(store.versions(tenant, "missing")).isEmpty();
  }

  @Test
  void activating_what_does_not_exist_is_not_found_and_changes_nothing() {
    Template v1 = store.publish(tenant, "welcome", variants("Hello"), "ann", T0);

    assertThatThrownBy(() -> store.activate(tenant, "welcome", 2))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.activate(tenant, "missing", 1))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.activate(TestData.tenant(), "welcome", 1))
        .isInstanceOf(NotFoundException.class);
    assertThat(store.active(tenant, "welcome")).contains(v1);
  }

  @Test
  @Timeout(60)
  void concurrent_publishes_get_distinct_consecutive_versions() throws Exception {
    AtomicInteger n = new AtomicInteger();
    List<Integer> versions =
        Checks.concurrently(
            8,
            () ->
                store
                    .publish(tenant, "race", variants("v" + n.incrementAndGet()), "ann", T0)
                    .version());

    assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(store.versions(tenant, "race")).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void bad_input_is_refused_naming_the_field_and_nothing_is_stored() {
    Map<Variant, Content> ok = variants("Hello");
    Instant at = T0;
    rejectsField(() -> store.publish(" ", "welcome", ok, "ann", at), "tenantId");
    rejectsField(() -> store.publish(tenant, "", ok, "ann", at), "templateId");
    rejectsField(() -> store.publish(tenant, null, ok, "ann", at), "templateId");
    rejectsField(() -> store.publish(tenant, "welcome", null, "ann", at), "variants");
    rejectsField(() -> store.publish(tenant, "welcome", Map.of(), "ann", at), "variants");
    rejectsField(() -> store.publish(tenant, "welcome", ok, " ", at), "publishedBy");
    rejectsField(() -> store.publish(tenant, "welcome", ok, "ann", null), "at");
    rejectsField(() -> store.active(null, "welcome"), "tenantId");
    rejectsField(() -> store.version(tenant, "welcome", 0), "version");
    rejectsField(() -> store.activate(tenant, "welcome", 0), "version");

    assertThat(store.versions(tenant, "welcome")).isEmpty();
  }
}
