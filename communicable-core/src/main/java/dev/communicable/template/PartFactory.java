package dev.communicable.template;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.util.HtmlEscaper;
import java.io.IOException;
import java.io.Writer;

/**
 * A mustache.java factory for one kind of part: it escapes {@code {{name}}} values as that part
 * needs (HTML, JSON string, or not at all), resolves names strictly ({@link StrictScopes}), and
 * refuses partials and template inheritance, which would read files or class-path resources named
 * by whoever wrote the template.
 */
final class PartFactory extends DefaultMustacheFactory {

  /** How {@code {{name}}} values are written; {@code {{{name}}}} is always written as is. */
  enum Escaping {
    HTML,
    JSON,
    NONE
  }

  private final Escaping escaping;

  PartFactory(Escaping escaping) {
    super(name -> null);
    this.escaping = escaping;
    setObjectHandler(new StrictScopes());
  }

  @Override
  public void encode(String value, Writer writer) {
    try {
      switch (escaping) {
        case HTML -> HtmlEscaper.escape(value, writer);
        case JSON -> JsonText.escape(value, writer);
        case NONE -> writer.write(value);
      }
    } catch (IOException e) {
      throw new MustacheException(e);
    }
  }

  @Override
  public MustacheVisitor createMustacheVisitor() {
    return new DefaultMustacheVisitor(this) {
      @Override
      public void partial(TemplateContext tc, String variable, String indent) {
        throw unsupported(tc, "partials ({{>" + variable + "}})");
      }

      @Override
      public void dynamicPartial(TemplateContext tc, String variable, String indent) {
        throw unsupported(tc, "partials ({{>*" + variable + "}})");
      }

      @Override
      public void extend(TemplateContext tc, String variable, Mustache mustache) {
        throw unsupported(tc, "template inheritance ({{<" + variable + "}})");
      }

      @Override
      public void checkName(TemplateContext tc, String variable, Mustache mustache) {
        throw unsupported(tc, "template inheritance ({{$" + variable + "}})");
      }

      @Override
      public void name(TemplateContext tc, String variable, Mustache mustache) {
        throw unsupported(tc, "template inheritance ({{$" + variable + "}})");
      }
    };
  }

  private static MustacheException unsupported(TemplateContext tc, String what) {
    return new MustacheException(what + " are not supported in templates, line " + tc.line());
  }
}
