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

  /**
   * Checks that every part of {@code source} parses, without data; called when a template is
   * published so that a broken template is refused then rather than failing deliveries later.
   * Renderers that cannot check without data keep this default, which accepts everything.
   *
   * @param templateId the template's name, for error messages
   * @throws TemplateException when a part does not parse
   */
  default void check(String templateId, Content source) {}
}
