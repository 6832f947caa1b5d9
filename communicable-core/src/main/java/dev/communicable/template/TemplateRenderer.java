package dev.communicable.template;

import dev.communicable.Content;
import java.util.Map;

/**
 * Turns template sources into final text. The default is Mustache; plug in another engine by
 * implementing this.
 *
 * <p>Contract: only the {@link Content.Part#HTML} part is HTML-escaped; a variable the data does
 * not supply raises {@link TemplateException} naming it, never a silent blank.
 */
public interface TemplateRenderer {

  /**
   * Renders every part of {@code source} with {@code data}.
   *
   * @param templateId the template's name, for error messages
   * @throws TemplateException when a part does not parse or names a missing variable
   */
  Content render(String templateId, Content source, Map<String, Object> data);
}
