package dev.communicable.template;

/**
 * Thrown from inside mustache.java when a name does not resolve; {@link MustacheTemplateRenderer}
 * turns it into a {@link TemplateException}. Unchecked so that it crosses the library's frames.
 */
final class MissingVariableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String variable;

  MissingVariableException(String variable) {
    super("'" + variable + "' is not in the data", null, false, false);
    this.variable = variable;
  }

  String variable() {
    return variable;
  }
}
