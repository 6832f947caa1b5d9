package dev.communicable.template;

import dev.communicable.CommunicationException;

/** A template could not be rendered: it does not parse, or its data lacks a variable it uses. */
public class TemplateException extends CommunicationException {
  private static final long serialVersionUID = 1L;

  private final String templateId;
  private final String variable;

  public TemplateException(String templateId, String variable, String message) {
    super("template '" + templateId + "': " + message);
    this.templateId = templateId;
    this.variable = variable;
  }

  public String templateId() {
    return templateId;
  }

  /** The missing variable, or null when the problem is something else. */
  public String variable() {
    return variable;
  }
}
