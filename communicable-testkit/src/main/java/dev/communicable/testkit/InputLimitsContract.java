package dev.communicable.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import dev.communicable.MessageId;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.Message;
import dev.communicable.device.Device;
import dev.communicable.memory.SettableClock;
import dev.communicable.preference.PreferenceChange;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.DeviceStore;
import dev.communicable.spi.InboxStore;
import dev.communicable.spi.PreferenceStore;
import dev.communicable.spi.ScheduleStore;
import dev.communicable.spi.Stores;
import dev.communicable.spi.TemplateStore;
import dev.communicable.template.Template;
import dev.communicable.template.Template.Variant;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract that every set of {@link Stores} gives a {@link Communication} the same {@link
 * Limits}: bad input (over-long ids, control characters in ids and keys, NUL in any text or data
 * string, unpaired surrogates, times out of range) is refused by every entry point with an {@link
 * InvalidRequestException} naming the field, and nothing is written; input just inside the limits
 * is accepted and reads back equal. Extend it and implement {@link #createStores()}; every test
 * uses its own random tenant.
 *
 * <p>"Nothing is written" is checked twice: no write method of any store is called, and, when the
 * runner overrides {@link #storedContents()}, what the stores hold is unchanged.
 */
public abstract class InputLimitsContract {
  private static final Instant T0 = TestData.T0;
  private static final Set<String> WRITES =
      Set.of(
          "enqueue",
          "claim",
          "claimWithTakeovers",
          "update",
          "updateAll",
          "purge",
          "purgeExpiredTriggers",
          "publish",
          "activate",
          "save",
          "add",
          "markRead",
          "register",
          "rotate",
          "deactivate");

  private final List<String> writes = Collections.synchronizedList(new ArrayList<>());
  private Stores stores;
  private Communication comms;
  private String tenant;

  /** The stores to test. Called once before each test. */
  protected abstract Stores createStores();

  /** Releases the stores after each test. The default does nothing. */
  protected void closeStores(Stores stores) throws Exception {}

  /**
   * A comparable summary of everything the stores hold, such as the row count of each table;
   * compared before and after each refused call. The default, null, leaves the check to the record
   * of write calls.
   */
  protected @Nullable Object storedContents() {
    return null;
  }

  @BeforeEach
  final void setUpCommunication() {
    stores = createStores();
    comms =
        Communication.builder()
            .stores(recording(stores))
            .clock(SettableClock.of(T0))
            .workers(0)
            .build();
    tenant = TestData.tenant();
  }

  @AfterEach
  final void tearDownCommunication() throws Exception {
    comms.close();
    closeStores(stores);
  }

  // ---------------------------------------------------------------- bad values

  /** Values an id or key of at most {@code max} characters must refuse, by what is wrong. */
  private static Map<String, String> badIds(int max) {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("of " + (max + 1) + " characters", "a".repeat(max + 1));
    bad.put("of 10000 characters", "x".repeat(10_000));
    bad.put("blank", " ");
    bad.put("with a NUL character", "a\u0000b");
    bad.put("with a BEL character", "a\u0007b");
    bad.put("with a line break", "a\nb");
    bad.put("with a DEL character", "a\u007fb");
    bad.put("with a C1 control character", "a\u0085b");
    bad.put("with an unpaired high surrogate", "a\ud800b");
    bad.put("with an unpaired low surrogate", "\udc00");
    return bad;
  }

  /** Values a text of at most {@code max} characters must refuse. */
  private static Map<String, String> badTexts(int max) {
    Map<String, String> bad = new LinkedHashMap<>();
    if (max < Integer.MAX_VALUE) {
      bad.put("of " + (max + 1) + " characters", "a".repeat(max + 1));
    }
    bad.put("with a NUL character", "a\u0000b");
    bad.put("of a NUL character only", "\u0000");
    bad.put("with an unpaired high surrogate", "a\ud83d");
    bad.put("with an unpaired low surrogate", "\ude00b");
    return bad;
  }

  /** Times every entry point must refuse. */
  private static Map<String, Instant> badTimes() {
    Map<String, Instant> bad = new LinkedHashMap<>();
    bad.put("Instant.MAX", Instant.MAX);
    bad.put("Instant.MIN", Instant.MIN);
    bad.put("the year 294277", Instant.parse("+294277-01-01T00:00:00Z"));
    bad.put("the year 10000", Instant.parse("+10000-01-01T00:00:00Z"));
    bad.put("before 1970", Instant.parse("1969-12-31T23:59:59Z"));
    return bad;
  }

  // ---------------------------------------------------------------- the entry points

  private Recipient recipient(String tenantId, String id) {
    return new Recipient(
        id,
        tenantId,
        Map.of(ChannelType.EMAIL, "someone@example.com"),
        Locale.forLanguageTag("fr-CA"),
        ZoneId.of("Europe/Paris"));
  }

  private Notification.Builder notification() {
    return notificationTo(recipient(tenant, "user-1"));
  }

  private static Notification.Builder notificationTo(Recipient recipient) {
    return Notification.event("limits.checked")
        .to(recipient)
        .channels(ChannelType.IN_APP)
        .content(Content.text("Hello"));
  }

  /** Each entry point that takes an id or key, with the field it must name. */
  private List<Field> idFields() {
    DeliveryId someDelivery = new DeliveryId(UUID.randomUUID());
    MessageId someMessage = new MessageId(UUID.randomUUID());
    int id = Limits.MAX_ID_LENGTH;
    List<Field> fields = new ArrayList<>();
    fields.add(field("send: tenant", "tenant", id, v -> comms.send(notification().tenant(v))));
    fields.add(
        field(
            "send: recipient id",
            "recipients[0].id",
            id,
            v -> comms.send(notificationTo(recipient(tenant, v)))));
    fields.add(
        field(
            "send: second recipient's id",
            "recipients[1].id",
            id,
            v -> comms.send(notification().to(recipient(tenant, v)))));
    fields.add(
        field(
            "send: recipient's tenant",
            "recipients[0].tenantId",
            id,
            v -> comms.send(notificationTo(recipient(v, "user-1")))));
    fields.add(
        field(
            "send: contact point",
            "recipients[1].contactPoints.webhook",
            Limits.MAX_ADDRESS_LENGTH,
            v ->
                comms.send(
                    notification()
                        .to(
                            new Recipient(
                                "user-2",
                                tenant,
                                Map.of(ChannelType.WEBHOOK, v),
                                Locale.ENGLISH,
                                ZoneId.of("UTC"))))));
    fields.add(field("send: sender", "from", id, v -> comms.send(notification().from(v))));
    fields.add(
        field(
            "send: idempotency key",
            "idempotencyKey",
            id,
            v -> comms.send(notification().idempotencyKey(v))));
    fields.add(field("send: data key", "data", id, v -> comms.send(notification().data(v, "x"))));
    fields.add(
        field(
            "send: nested data key",
            "data.items[0]",
            id,
            v -> comms.send(notification().data("items", List.of(Map.of(v, "x"))))));
    fields.add(
        field(
            "send: metadata key",
            "metadata",
            id,
            v -> comms.send(notification().metadata(v, "x"))));
    fields.add(
        field(
            "send: event",
            "event",
            Limits.MAX_NAME_LENGTH,
            v ->
                comms.send(
                    Notification.event(v)
                        .to(recipient(tenant, "user-1"))
                        .channels(ChannelType.IN_APP)
                        .content(Content.text("Hello")))));
    fields.add(
        field(
            "send: topic",
            "topic",
            Limits.MAX_NAME_LENGTH,
            v -> comms.send(notification().topic(v))));
    fields.add(
        field(
            "send: template",
            "template",
            Limits.MAX_NAME_LENGTH,
            v ->
                comms.send(
                    Notification.event("limits.checked")
                        .to(recipient(tenant, "user-1"))
                        .channels(ChannelType.IN_APP)
                        .template(v))));
    fields.add(
        field(
            "publish: tenant",
            "tenantId",
            id,
            v -> comms.templates().publish(v, "welcome", variants("Hi"), "ann")));
    fields.add(
        field(
            "publish: publisher",
            "publishedBy",
            id,
            v -> comms.templates().publish(tenant, "welcome", variants("Hi"), v)));
    fields.add(
        field(
            "template versions: tenant", "tenantId", id, v -> comms.templates().versions(v, "w")));
    fields.add(
        field(
            "template rollback: tenant",
            "tenantId",
            id,
            v -> comms.templates().rollback(v, "w", 1)));
    fields.add(
        field(
            "template preview: tenant",
            "tenantId",
            id,
            v ->
                comms
                    .templates()
                    .preview(v, "w", ChannelType.EMAIL, Locale.ENGLISH, Map.of("name", "x"))));
    fields.add(
        field("preferences: tenant", "tenantId", id, v -> comms.preferences().get(v, "user-1")));
    fields.add(
        field(
            "preferences: recipient", "recipientId", id, v -> comms.preferences().get(tenant, v)));
    fields.add(
        field(
            "preference update: tenant",
            "tenantId",
            id,
            v -> comms.preferences().update(v, "user-1", "ann", null, e -> e.muted(true))));
    fields.add(
        field(
            "preference update: recipient",
            "recipientId",
            id,
            v -> comms.preferences().update(tenant, v, "ann", null, e -> e.muted(true))));
    fields.add(
        field(
            "preference update: actor",
            "actor",
            Limits.MAX_AUDIT_TEXT_LENGTH,
            v -> comms.preferences().update(tenant, "user-1", v, null, e -> e.muted(true))));
    fields.add(
        field(
            "preference history: recipient",
            "recipientId",
            id,
            v -> comms.preferences().history(tenant, v, 10)));
    fields.add(
        field(
            "device register: tenant",
            "tenantId",
            id,
            v -> comms.devices().register(v, "user-1", "fcm", fcmToken())));
    fields.add(
        field(
            "device register: recipient",
            "recipientId",
            id,
            v -> comms.devices().register(tenant, v, "fcm", fcmToken())));
    fields.add(
        field(
            "device register: token",
            "token",
            Limits.MAX_DEVICE_TOKEN_LENGTH,
            v -> comms.devices().register(tenant, "user-1", "fcm", v)));
    fields.add(
        field(
            "device rotate: old token",
            "oldToken",
            Limits.MAX_DEVICE_TOKEN_LENGTH,
            v -> comms.devices().rotate(tenant, "fcm", v, fcmToken())));
    fields.add(
        field(
            "device rotate: new token",
            "newToken",
            Limits.MAX_DEVICE_TOKEN_LENGTH,
            v -> comms.devices().rotate(tenant, "fcm", fcmToken(), v)));
    fields.add(
        field(
            "device revoke: token",
            "token",
            Limits.MAX_DEVICE_TOKEN_LENGTH,
            v -> comms.devices().revoke(tenant, "fcm", v)));
    fields.add(
        field(
            "device revoke: tenant",
            "tenantId",
            id,
            v -> comms.devices().revoke(v, "fcm", fcmToken())));
    fields.add(
        field("devices: recipient", "recipientId", id, v -> comms.devices().active(tenant, v)));
    fields.add(field("devices: tenant", "tenantId", id, v -> comms.devices().active(v, "user-1")));
    fields.add(
        field("inbox: tenant", "tenantId", id, v -> comms.inbox().list(v, "user-1", null, 10)));
    fields.add(
        field("inbox: recipient", "recipientId", id, v -> comms.inbox().list(tenant, v, null, 10)));
    fields.add(
        field(
            "inbox unread: recipient",
            "recipientId",
            id,
            v -> comms.inbox().unread(tenant, v, 10)));
    fields.add(
        field(
            "inbox unread count: tenant",
            "tenantId",
            id,
            v -> comms.inbox().unreadCount(v, "user-1")));
    fields.add(
        field(
            "inbox mark read: recipient",
            "recipientId",
            id,
            v -> comms.inbox().markRead(tenant, v, someDelivery)));
    fields.add(
        field("dead letters: tenant", "tenantId", id, v -> comms.deadLetters().list(v, null, 10)));
    fields.add(
        field(
            "dead letter replay: tenant",
            "tenantId",
            id,
            v -> comms.deadLetters().replay(v, someDelivery)));
    fields.add(
        field(
            "dead letter replay all: tenant",
            "tenantId",
            id,
            v -> comms.deadLetters().replayAll(v)));
    fields.add(
        field(
            "track: tenant",
            "tenantId",
            id,
            v -> comms.track(v, someDelivery, DeliveryEvent.DELIVERED)));
    fields.add(
        field(
            "track by provider id: tenant",
            "tenantId",
            id,
            v -> comms.trackByProviderId(v, "SM123", DeliveryEvent.DELIVERED)));
    fields.add(
        field(
            "track by provider id: provider id",
            "providerMessageId",
            id,
            v -> comms.trackByProviderId(tenant, v, DeliveryEvent.DELIVERED)));
    fields.add(field("cancel: tenant", "tenantId", id, v -> comms.cancel(v, someMessage)));
    fields.add(field("timeline: tenant", "tenantId", id, v -> comms.timeline(v, someMessage)));
    fields.add(field("deliveries: tenant", "tenantId", id, v -> comms.deliveries(v, someMessage)));
    return fields;
  }

  /** Each entry point that takes free text, with the field it must name. */
  private List<Field> textFields() {
    List<Field> fields = new ArrayList<>();
    fields.add(
        field(
            "send: content text",
            "content.text",
            Limits.MAX_CONTENT_PART_LENGTH,
            v -> comms.send(notification().content(Content.text(v)))));
    fields.add(
        field(
            "send: content subject",
            "content.subject",
            Limits.MAX_CONTENT_PART_LENGTH,
            v ->
                comms.send(
                    notification().content(Content.builder().subject(v).text("x").build()))));
    fields.add(
        field(
            "send: data string",
            "data.note",
            Integer.MAX_VALUE,
            v -> comms.send(notification().data("note", v))));
    fields.add(
        field(
            "send: data string deep in the tree",
            "data.items[2].name",
            Integer.MAX_VALUE,
            v ->
                comms.send(
                    notification()
                        .data(
                            "items",
                            List.of(
                                Map.of("name", "a"), Map.of("name", "b"), Map.of("name", v))))));
    fields.add(
        field(
            "send: data string in a list",
            "data.tags[1]",
            Integer.MAX_VALUE,
            v -> comms.send(notification().data("tags", List.of("a", v)))));
    fields.add(
        field(
            "send: metadata value",
            "metadata.replyTo",
            Limits.MAX_METADATA_VALUE_LENGTH,
            v -> comms.send(notification().metadata("replyTo", v))));
    fields.add(
        field(
            "publish: variant text",
            "variants[email/default].text",
            Limits.MAX_CONTENT_PART_LENGTH,
            v ->
                comms
                    .templates()
                    .publish(
                        tenant,
                        "welcome",
                        Map.of(Variant.of(ChannelType.EMAIL), Content.text(v)),
                        "ann")));
    fields.add(
        field(
            "preference update: reason",
            "reason",
            Limits.MAX_AUDIT_TEXT_LENGTH,
            v -> comms.preferences().update(tenant, "user-1", "ann", v, e -> e.muted(true))));
    fields.add(
        field(
            "track: detail",
            "detail",
            Integer.MAX_VALUE,
            v ->
                comms.track(
                    tenant, new DeliveryId(UUID.randomUUID()), DeliveryEvent.UNDELIVERED, v)));
    return fields;
  }

  /** Each entry point that takes a time, with the field it must name. */
  private List<TimeField> timeFields() {
    return List.of(
        new TimeField("send: sendAt", "sendAt", t -> comms.send(notification().sendAt(t))),
        new TimeField("inbox: before", "before", t -> comms.inbox().list(tenant, "user-1", t, 10)));
  }

  @TestFactory
  Stream<DynamicTest> every_entry_point_refuses_a_bad_id_or_key_naming_the_field() {
    return idFields().stream()
        .flatMap(
            f ->
                badIds(f.max).entrySet().stream()
                    .map(
                        bad ->
                            DynamicTest.dynamicTest(
                                f.name + " " + bad.getKey(),
                                () -> refused(() -> f.call.apply(bad.getValue()), f.field))));
  }

  @TestFactory
  Stream<DynamicTest> every_entry_point_refuses_a_bad_text_naming_the_field() {
    return textFields().stream()
        .flatMap(
            f ->
                badTexts(f.max).entrySet().stream()
                    .map(
                        bad ->
                            DynamicTest.dynamicTest(
                                f.name + " " + bad.getKey(),
                                () -> refused(() -> f.call.apply(bad.getValue()), f.field))));
  }

  @TestFactory
  Stream<DynamicTest> every_entry_point_refuses_a_time_out_of_range_naming_the_field() {
    return timeFields().stream()
        .flatMap(
            f ->
                badTimes().entrySet().stream()
                    .map(
                        bad ->
                            DynamicTest.dynamicTest(
                                f.name + " " + bad.getKey(),
                                () -> refused(() -> f.call.apply(bad.getValue()), f.field))));
  }

  @Test
  void a_locale_with_an_over_long_language_tag_is_refused() {
    Locale longTag = Locale.forLanguageTag("en-x-" + "abcdefgh-".repeat(30) + "end");
    refused(
        () ->
            comms.send(
                notificationTo(
                    new Recipient("user-1", tenant, Map.of(), longTag, ZoneId.of("Europe/Paris")))),
        "recipients[0].locale");
    refused(
        () ->
            comms
                .templates()
                .publish(
                    tenant,
                    "welcome",
                    Map.of(new Variant(ChannelType.EMAIL, longTag), Content.text("Hi")),
                    "ann"),
        "variants.locale");
  }

  @Test
  void a_device_token_must_be_printable_ascii() {
    refused(() -> comms.devices().register(tenant, "user-1", "fcm", "tökén"), "token");
    refused(() -> comms.devices().register(tenant, "user-1", "fcm", "token\u2028x"), "token");
  }

  // ---------------------------------------------------------------- good values

  @Test
  void a_notification_with_every_value_at_its_limit_is_accepted_and_reads_back_equal() {
    Random random = new Random(1);
    String bigTenant = id(random, Limits.MAX_ID_LENGTH);
    Recipient recipient =
        new Recipient(
            id(random, Limits.MAX_ID_LENGTH),
            bigTenant,
            Map.of(
                ChannelType.EMAIL,
                "someone@example.com",
                ChannelType.WEBHOOK,
                id(random, Limits.MAX_ADDRESS_LENGTH)),
            Locale.forLanguageTag("en-x-" + "abcdefgh-".repeat(27) + "end"),
            ZoneId.of("America/Argentina/ComodRivadavia"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(id(random, Limits.MAX_ID_LENGTH), text(random, 2000));
    data.put(
        "items",
        List.of(Map.of("name", "line\nbreak\ttab\u0001\u001f\u007f\u0085"), Map.of("name", "😀")));
    Instant latest = Limits.LATEST_TIME.truncatedTo(ChronoUnit.MICROS);
    Notification notification =
        Notification.event("a".repeat(Limits.MAX_NAME_LENGTH))
            .topic("b".repeat(Limits.MAX_NAME_LENGTH))
            .to(recipient)
            .from(id(random, Limits.MAX_ID_LENGTH))
            .channels(ChannelType.IN_APP)
            .content(
                Content.builder()
                    .title(text(random, 300))
                    .text(text(random, Limits.MAX_CONTENT_PART_LENGTH))
                    .build())
            .data(data)
            .metadata(
                id(random, Limits.MAX_ID_LENGTH), text(random, Limits.MAX_METADATA_VALUE_LENGTH))
            .idempotencyKey(id(random, Limits.MAX_ID_LENGTH))
            .sendAt(latest)
            .build();

    Receipt receipt = comms.send(notification);

    assertReadsBackEqual(notification, receipt, latest);
  }

  @Test
  void a_notification_at_the_earliest_time_is_accepted_and_reads_back_equal() {
    Notification notification = notification().sendAt(Limits.EARLIEST_TIME).build();

    Receipt receipt = comms.send(notification);

    assertReadsBackEqual(notification, receipt, Limits.EARLIEST_TIME);
  }

  @Test
  void a_template_at_the_limits_is_accepted_and_reads_back_equal() {
    Random random = new Random(2);
    String bigTenant = id(random, Limits.MAX_ID_LENGTH);
    String publisher = id(random, Limits.MAX_ID_LENGTH);
    Map<Variant, Content> variants =
        Map.of(
            Variant.of(ChannelType.EMAIL),
            Content.builder()
                .subject(text(random, 500) + " {{name}}")
                .text(text(random, Limits.MAX_CONTENT_PART_LENGTH))
                .build());
    String templateId = "t".repeat(Limits.MAX_NAME_LENGTH);

    Template published = comms.templates().publish(bigTenant, templateId, variants, publisher);

    assertThat(stores.templates().active(bigTenant, templateId)).contains(published);
    assertThat(published.variants()).isEqualTo(variants);
    assertThat(published.publishedBy()).isEqualTo(publisher);
  }

  @Test
  void preferences_at_the_limits_are_accepted_and_read_back_equal() {
    Random random = new Random(3);
    String bigTenant = id(random, Limits.MAX_ID_LENGTH);
    String recipientId = id(random, Limits.MAX_ID_LENGTH);
    String actor = id(random, Limits.MAX_AUDIT_TEXT_LENGTH);
    String reason = text(random, Limits.MAX_AUDIT_TEXT_LENGTH);

    Preferences saved =
        comms
            .preferences()
            .update(
                bigTenant,
                recipientId,
                actor,
                reason,
                e -> e.topic("c".repeat(Limits.MAX_NAME_LENGTH), ChannelType.EMAIL, false));

    assertThat(comms.preferences().get(bigTenant, recipientId)).isEqualTo(saved);
    List<PreferenceChange> history = comms.preferences().history(bigTenant, recipientId, 10);
    assertThat(history).hasSize(1);
    assertThat(history.get(0).actor()).isEqualTo(actor);
    assertThat(history.get(0).reason()).isEqualTo(reason);
  }

  @Test
  void a_device_at_the_limits_is_accepted_and_reads_back_equal() {
    Random random = new Random(4);
    String bigTenant = id(random, Limits.MAX_ID_LENGTH);
    String recipientId = id(random, Limits.MAX_ID_LENGTH);
    StringBuilder token = new StringBuilder();
    while (token.length() < Limits.MAX_DEVICE_TOKEN_LENGTH) {
      token.append((char) (0x20 + random.nextInt(0x7f - 0x20)));
    }

    Device device = comms.devices().register(bigTenant, recipientId, "webpush", token.toString());

    assertThat(comms.devices().active(bigTenant, recipientId)).containsExactly(device);
    assertThat(device.token()).isEqualTo(token.toString());
    assertThat(comms.devices().revoke(bigTenant, "webpush", token.toString())).isTrue();
  }

  @Test
  void an_inbox_page_before_the_latest_time_is_answered() {
    assertThat(comms.inbox().list(tenant, "user-1", Limits.LATEST_TIME, 10)).isEmpty();
    assertThat(comms.inbox().list(tenant, "user-1", Limits.EARLIEST_TIME, 10)).isEmpty();
  }

  // ---------------------------------------------------------------- random strings

  @TestFactory
  Stream<DynamicTest> random_strings_are_refused_or_read_back_equal_by_the_same_rules() {
    Random random = new Random(20_240_601L);
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String s = randomString(random);
      String shown = "random string " + i + " (" + s.length() + " chars)";
      tests.add(
          DynamicTest.dynamicTest(
              shown + " as a recipient id",
              () -> {
                String t = TestData.tenant();
                Notification.Builder n = notificationTo(recipient(t, s));
                if (isId(s, Limits.MAX_ID_LENGTH)) {
                  Notification built = n.build();
                  assertReadsBackEqual(built, comms.send(built), T0);
                } else {
                  refused(() -> comms.send(n), "recipients[0].id");
                }
              }));
      tests.add(
          DynamicTest.dynamicTest(
              shown + " as an idempotency key and a data string",
              () -> {
                Notification.Builder withKey = notification().idempotencyKey(s);
                if (isId(s, Limits.MAX_ID_LENGTH)) {
                  Notification built = withKey.build();
                  assertReadsBackEqual(built, comms.send(built), T0);
                } else {
                  refused(() -> comms.send(withKey), "idempotencyKey");
                }
                Notification.Builder withData = notification().data("note", s);
                if (isText(s)) {
                  Notification built = withData.build();
                  assertReadsBackEqual(built, comms.send(built), T0);
                } else {
                  refused(() -> comms.send(withData), "data.note");
                }
              }));
    }
    return tests.stream();
  }

  // ---------------------------------------------------------------- helpers

  private void assertReadsBackEqual(Notification sent, Receipt receipt, Instant sendAt) {
    assertThat(receipt.duplicate()).isFalse();
    Message stored =
        stores.deliveries().message(sent.tenantId(), receipt.messageId()).orElseThrow();
    assertThat(stored.tenantId()).isEqualTo(sent.tenantId());
    assertThat(stored.event()).isEqualTo(sent.event());
    assertThat(stored.topic()).isEqualTo(sent.topic());
    assertThat(stored.senderId()).isEqualTo(sent.senderId().orElse(null));
    assertThat(stored.content()).isEqualTo(sent.content().orElse(null));
    assertThat(stored.data()).isEqualTo(sent.data());
    assertThat(stored.metadata()).isEqualTo(sent.metadata());
    assertThat(stored.idempotencyKey()).isEqualTo(sent.idempotencyKey().orElse(null));
    assertThat(stored.recipients()).isEqualTo(sent.recipients());
    assertThat(stored.sendAt()).isEqualTo(sendAt);
    assertThat(comms.deliveries(sent.tenantId(), receipt.messageId()))
        .extracting(Delivery::recipientId)
        .containsExactly(sent.recipients().get(0).id());
    sent.idempotencyKey()
        .ifPresent(key -> assertThat(comms.send(sent).duplicate()).as("sent again").isTrue());
  }

  /** {@code call} is refused naming {@code field}, and nothing is written. */
  private void refused(ThrowingCallable call, String field) {
    Object before = storedContents();
    writes.clear();
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.field()).as("the field named by: " + e.getMessage()).isEqualTo(field));
    assertThat(writes).as("writes to the stores").isEmpty();
    assertThat(storedContents()).as("what the stores hold").isEqualTo(before);
  }

  private static boolean isId(String s, int max) {
    if (s.isBlank() || s.length() > max || !wellFormed(s)) {
      return false;
    }
    return s.chars().noneMatch(c -> Character.isISOControl((char) c));
  }

  private static boolean isText(String s) {
    return s.indexOf(0) < 0 && wellFormed(s);
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** A string of {@code length} chars that is a valid id: no control character, well formed. */
  private static String id(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      int cp = printable(random);
      if (s.length() + Character.charCount(cp) <= length) {
        s.appendCodePoint(cp);
      }
    }
    return s.toString();
  }

  /** A string of {@code length} chars that is a valid text: controls but NUL are fine. */
  private static String text(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      int cp = random.nextInt(10) == 0 ? control(random) : printable(random);
      if (s.length() + Character.charCount(cp) <= length) {
        s.appendCodePoint(cp);
      }
    }
    return s.toString();
  }

  /** A control character other than NUL. */
  private static int control(Random random) {
    int c = 1 + random.nextInt(0x1f + 0x21);
    return c < 0x20 ? c : c - 0x20 + 0x7f;
  }

  /** A code point that is not a control character: ASCII, Latin, CJK, or beyond the BMP. */
  private static int printable(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        int ascii = 0x20 + random.nextInt(0x5f);
        return ascii == '{' ? '(' : ascii; // no Mustache tags in random content
      case 1:
        return 0xa0 + random.nextInt(0x2000 - 0xa0);
      case 2:
        return 0x4e00 + random.nextInt(0x5000);
      default:
        return 0x1f300 + random.nextInt(0x300);
    }
  }

  /** Any chars at all, weighted towards the ones the rules are about. */
  private static String randomString(Random random) {
    int length =
        switch (random.nextInt(4)) {
          case 0 -> random.nextInt(5);
          case 1 -> Limits.MAX_ID_LENGTH - 2 + random.nextInt(5);
          default -> random.nextInt(60);
        };
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(12)) {
        case 0 -> s.append((char) random.nextInt(0x20));
        case 1 -> s.append((char) (0x7f + random.nextInt(0x21)));
        case 2 -> s.append((char) (0xd800 + random.nextInt(0x800)));
        default -> s.appendCodePoint(printable(random));
      }
    }
    return s.toString();
  }

  private static Map<Variant, Content> variants(String greeting) {
    return Map.of(Variant.of(ChannelType.EMAIL), Content.text(greeting + " {{name}}"));
  }

  private static String fcmToken() {
    return "fcm-token-" + "a".repeat(40);
  }

  private Field field(String name, String field, int max, Function<String, ?> call) {
    return new Field(name, field, max, call);
  }

  private record Field(String name, String field, int max, Function<String, ?> call) {}

  private record TimeField(String name, String field, Function<Instant, ?> call) {}

  /** The stores, with every call to a method that writes recorded first. */
  private Stores recording(Stores target) {
    DeliveryStore deliveries = recording(DeliveryStore.class, target.deliveries());
    TemplateStore templates = recording(TemplateStore.class, target.templates());
    PreferenceStore preferences = recording(PreferenceStore.class, target.preferences());
    InboxStore inbox = recording(InboxStore.class, target.inbox());
    DeviceStore devices = recording(DeviceStore.class, target.devices());
    ScheduleStore schedules = recording(ScheduleStore.class, target.schedules());
    return Stores.from(target)
        .deliveries(deliveries)
        .templates(templates)
        .preferences(preferences)
        .inbox(inbox)
        .devices(devices)
        .schedules(schedules)
        .build();
  }

  private <T> T recording(Class<T> type, T target) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (WRITES.contains(method.getName())) {
            writes.add(type.getSimpleName() + "." + method.getName());
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    if (!type.isInstance(proxy)) {
      fail("could not wrap " + type);
    }
    return type.cast(proxy);
  }
}
