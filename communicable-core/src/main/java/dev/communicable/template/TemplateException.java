package dev.communicable.template;

import dev.communicable.CommunicationException;
import org.jspecify.annotations.Nullable;

/** A template could not be rendered: it does not parse, or its data lacks a variable it uses. */
public class TemplateException extends CommunicationException {
  private static final long serialVersionUID = 1L;

  private final String templateId;
  private final @Nullable String variable;

  public TemplateException(String templateId, @Nullable String variable, String message) {
    super("template '" + templateId + "': " + message);
    this.templateId = templateId;
    this.variable = variable;
  }

  public String templateId() {
    return templateId;
  }

  /** The missing variable, or null when the problem is something else. */
  public @Nullable String variable() {
    return variable;
  }
}
