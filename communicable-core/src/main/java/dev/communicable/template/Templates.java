package dev.communicable.template;

import dev.communicable.Content;
import dev.communicable.channel.ChannelType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Publishing, rolling back and previewing templates; reached by {@code communication.templates()}.
 */
public interface Templates {

  /**
   * Checks every variant (each part must parse) and publishes them as the template's next version,
   * which becomes active.
   *
   * @throws dev.communicable.InvalidRequestException for a blank id, no variants, or an empty
   *     variant
   * @throws TemplateException when a part does not parse
   */
  Template publish(
      String tenantId,
      String templateId,
      Map<Template.Variant, Content> variants,
      String publishedBy);

  /** Makes an earlier (or later) version active again. */
  Template rollback(String tenantId, String templateId, int version);

  /** Every version's number, ascending. */
  List<Integer> versions(String tenantId, String templateId);

  /**
   * Renders the active version for {@code channel} and {@code locale} (with locale fallback) with
   * sample data, exactly as a delivery would be rendered. A null locale means the default locale,
   * null data means none.
   *
   * @throws dev.communicable.NotFoundException when the template or a variant for the channel does
   *     not exist
   * @throws TemplateException when the sample data lacks a variable
   */
  Content preview(
      String tenantId,
      String templateId,
      ChannelType channel,
      @Nullable Locale locale,
      @Nullable Map<String, Object> sampleData);
}
