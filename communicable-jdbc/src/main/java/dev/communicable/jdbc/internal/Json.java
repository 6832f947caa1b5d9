package dev.communicable.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.communicable.Content;
import dev.communicable.StoreException;
import dev.communicable.channel.ChannelType;
import dev.communicable.policy.QuietHours;
import dev.communicable.preference.Preferences;
import dev.communicable.template.Template;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.JSONB;
import org.jspecify.annotations.Nullable;

/** The JSON documents kept in jsonb columns, written and read with Jackson. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT_MAP =
      new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP =
      new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, Boolean>> BOOLEAN_MAP =
      new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, LinkedHashMap<String, Boolean>>>
      NESTED_BOOLEAN_MAP = new TypeReference<>() {};
  private static final TypeReference<List<LinkedHashMap<String, String>>> VARIANT_LIST =
      new TypeReference<>() {};

  private Json() {}

  static JSONB write(Object value) {
    try {
      return JSONB.valueOf(MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new StoreException("writing JSON failed: " + e.getOriginalMessage(), false, e);
    }
  }

  private static <T> T read(JSONB json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json.data(), type);
    } catch (JsonProcessingException e) {
      throw new StoreException("reading stored JSON failed: " + e.getOriginalMessage(), false, e);
    }
  }

  static List<Object> readList(JSONB json) {
    return read(json, new TypeReference<List<Object>>() {});
  }

  static Map<String, Object> readObjectMap(@Nullable JSONB json) {
    return json == null ? Map.of() : read(json, OBJECT_MAP);
  }

  static Map<String, String> readStringMap(@Nullable JSONB json) {
    return json == null ? Map.of() : read(json, STRING_MAP);
  }

  static JSONB contactPoints(Map<ChannelType, String> points) {
    Map<String, String> byName = new LinkedHashMap<>();
    points.forEach((channel, address) -> byName.put(channel.name(), address));
    return write(byName);
  }

  static Map<ChannelType, String> readContactPoints(JSONB json) {
    Map<ChannelType, String> points = new LinkedHashMap<>();
    readStringMap(json).forEach((name, address) -> points.put(ChannelType.of(name), address));
    return points;
  }

  static @Nullable JSONB content(@Nullable Content content) {
    return content == null ? null : write(parts(content));
  }

  static @Nullable Content readContent(@Nullable JSONB json) {
    return json == null ? null : fromParts(readStringMap(json));
  }

  private static Map<String, String> parts(Content content) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (Content.Part part : Content.Part.values()) {
      String value = content.get(part);
      if (value != null) {
        parts.put(part.name().toLowerCase(Locale.ROOT), value);
      }
    }
    return parts;
  }

  private static Content fromParts(Map<String, String> parts) {
    Content content = Content.builder().build();
    for (Content.Part part : Content.Part.values()) {
      String value = parts.get(part.name().toLowerCase(Locale.ROOT));
      if (value != null) {
        content = content.with(part, value);
      }
    }
    return content;
  }

  static JSONB variants(Map<Template.Variant, Content> variants) {
    List<Map<String, String>> list = new ArrayList<>();
    variants.forEach(
        (variant, content) -> {
          Map<String, String> entry = new LinkedHashMap<>();
          entry.put("channel", variant.channel().name());
          entry.put("locale", variant.locale().toLanguageTag());
          parts(content).forEach((k, v) -> entry.put("part." + k, v));
          list.add(entry);
        });
    return write(list);
  }

  static Map<Template.Variant, Content> readVariants(JSONB json) {
    Map<Template.Variant, Content> variants = new LinkedHashMap<>();
    for (Map<String, String> entry : read(json, VARIANT_LIST)) {
      Map<String, String> parts = new LinkedHashMap<>();
      entry.forEach(
          (k, v) -> {
            if (k.startsWith("part.")) {
              parts.put(k.substring(5), v);
            }
          });
      variants.put(
          new Template.Variant(
              ChannelType.of(entry.get("channel")), Locale.forLanguageTag(entry.get("locale"))),
          fromParts(parts));
    }
    return variants;
  }

  static JSONB channelChoices(Map<ChannelType, Boolean> choices) {
    Map<String, Boolean> byName = new LinkedHashMap<>();
    choices.forEach((channel, in) -> byName.put(channel.name(), in));
    return write(byName);
  }

  static Map<ChannelType, Boolean> readChannelChoices(JSONB json) {
    Map<ChannelType, Boolean> choices = new LinkedHashMap<>();
    read(json, BOOLEAN_MAP).forEach((name, in) -> choices.put(ChannelType.of(name), in));
    return choices;
  }

  static JSONB topicChoices(Map<String, Map<ChannelType, Boolean>> topics) {
    Map<String, Map<String, Boolean>> byName = new LinkedHashMap<>();
    topics.forEach(
        (topic, choices) -> {
          Map<String, Boolean> inner = new LinkedHashMap<>();
          choices.forEach((channel, in) -> inner.put(channel.name(), in));
          byName.put(topic, inner);
        });
    return write(byName);
  }

  static Map<String, Map<ChannelType, Boolean>> readTopicChoices(JSONB json) {
    Map<String, Map<ChannelType, Boolean>> topics = new LinkedHashMap<>();
    read(json, NESTED_BOOLEAN_MAP)
        .forEach(
            (topic, inner) -> {
              Map<ChannelType, Boolean> choices = new LinkedHashMap<>();
              inner.forEach((name, in) -> choices.put(ChannelType.of(name), in));
              topics.put(topic, choices);
            });
    return topics;
  }

  /** A whole preferences value, for the audit trail. */
  static @Nullable JSONB preferences(@Nullable Preferences p) {
    if (p == null) {
      return null;
    }
    ObjectNode node = MAPPER.createObjectNode();
    node.put("tenantId", p.tenantId());
    node.put("recipientId", p.recipientId());
    node.set("channels", MAPPER.valueToTree(channelNames(p.channels())));
    Map<String, Map<String, Boolean>> topics = new LinkedHashMap<>();
    p.topics().forEach((topic, choices) -> topics.put(topic, channelNames(choices)));
    node.set("topics", MAPPER.valueToTree(topics));
    node.put("muted", p.muted());
    if (p.quietHours() != null) {
      node.put("quietStart", p.quietHours().start().toString());
      node.put("quietEnd", p.quietHours().end().toString());
    }
    node.put("criticalOverride", p.criticalOverride());
    node.put("version", p.version());
    return write(node);
  }

  private static Map<String, Boolean> channelNames(Map<ChannelType, Boolean> choices) {
    Map<String, Boolean> byName = new LinkedHashMap<>();
    choices.forEach((channel, in) -> byName.put(channel.name(), in));
    return byName;
  }

  static @Nullable Preferences readPreferences(@Nullable JSONB json) {
    if (json == null) {
      return null;
    }
    try {
      var node = MAPPER.readTree(json.data());
      Map<ChannelType, Boolean> channels = new LinkedHashMap<>();
      node.get("channels")
          .properties()
          .forEach(e -> channels.put(ChannelType.of(e.getKey()), e.getValue().asBoolean()));
      Map<String, Map<ChannelType, Boolean>> topics = new LinkedHashMap<>();
      node.get("topics")
          .properties()
          .forEach(
              t -> {
                Map<ChannelType, Boolean> inner = new LinkedHashMap<>();
                t.getValue()
                    .properties()
                    .forEach(e -> inner.put(ChannelType.of(e.getKey()), e.getValue().asBoolean()));
                topics.put(t.getKey(), inner);
              });
      QuietHours quiet =
          node.hasNonNull("quietStart")
              ? new QuietHours(
                  LocalTime.parse(node.get("quietStart").asText()),
                  LocalTime.parse(node.get("quietEnd").asText()))
              : null;
      return new Preferences(
          node.get("tenantId").asText(),
          node.get("recipientId").asText(),
          channels,
          topics,
          node.get("muted").asBoolean(),
          quiet,
          node.get("criticalOverride").asBoolean(),
          node.get("version").asLong());
    } catch (JsonProcessingException e) {
      throw new StoreException("reading stored JSON failed: " + e.getOriginalMessage(), false, e);
    }
  }
}
