package dev.communicable.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Content;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MustacheTemplateRendererTest {
  private final MustacheTemplateRenderer renderer = new MustacheTemplateRenderer();

  private Content render(Content source, Map<String, Object> data) {
    return renderer.render("greeting", source, data);
  }

  @Nested
  @DisplayName("escaping")
  class Escaping {
    private final Map<String, Object> data = Map.of("name", "<Tom & \"Jerry\">");

    @Test
    void escapes_html_in_the_html_part_only() {
      Content out =
          render(
              Content.builder()
                  .subject("Hi {{name}}")
                  .title("Hi {{name}}")
                  .text("Hi {{name}}")
                  .html("<p>Hi {{name}}</p>")
                  .link("https://x.test/?q={{name}}")
                  .build(),
              data);

      assertThat(out.html()).isEqualTo("<p>Hi &lt;Tom &amp; &quot;Jerry&quot;&gt;</p>");
      assertThat(out.subject()).isEqualTo("Hi <Tom & \"Jerry\">");
      assertThat(out.title()).isEqualTo("Hi <Tom & \"Jerry\">");
      assertThat(out.text()).isEqualTo("Hi <Tom & \"Jerry\">");
      assertThat(out.link()).isEqualTo("https://x.test/?q=<Tom & \"Jerry\">");
    }

    @Test
    void triple_mustache_writes_html_as_is() {
      assertThat(render(Content.builder().html("{{{name}}}|{{&name}}").build(), data).html())
          .isEqualTo("<Tom & \"Jerry\">|<Tom & \"Jerry\">");
    }

    @Test
    void json_part_escapes_values_as_json_string_content() {
      Map<String, Object> tricky =
          Map.of("note", "say \"hi\"\\ now\nnext\tline\u0001 \u2028", "count", 3, "ok", true);
      Content out =
          render(
              Content.builder()
                  .json("{\"note\": \"{{note}}\", \"count\": {{count}}, \"ok\": {{ok}}}")
                  .build(),
              tricky);

      assertThat(out.json())
          .isEqualTo(
              "{\"note\": \"say \\\"hi\\\"\\\\ now\\nnext\\tline\\u0001 \\u2028\", \"count\": 3,"
                  + " \"ok\": true}");
    }

    @Test
    void json_part_that_renders_to_invalid_json_is_refused() {
      assertThatThrownBy(
              () ->
                  render(
                      Content.builder().json("{\"count\": {{count}}}").build(),
                      Map.of("count", "three")))
          .isInstanceOf(TemplateException.class)
          .hasMessageContaining("template 'greeting'")
          .hasMessageContaining("valid JSON");
    }

    @Test
    void numbers_render_in_plain_notation() {
      assertThat(
              render(
                      Content.text("{{a}} {{b}} {{c}}"),
                      Map.of("a", 42, "b", 2.5, "c", new BigDecimal("1E+3")))
                  .text())
          .isEqualTo("42 2.5 1000");
    }
  }

  @Nested
  @DisplayName("missing variables")
  class Missing {
    @Test
    void a_missing_variable_names_itself() {
      assertThatThrownBy(
              () -> render(Content.text("Hi {{name}}, {{surname}}"), Map.of("name", "A")))
          .isInstanceOfSatisfying(
              TemplateException.class,
              e -> {
                assertThat(e.variable()).isEqualTo("surname");
                assertThat(e.templateId()).isEqualTo("greeting");
                assertThat(e.getMessage()).contains("'surname'").contains("text part");
              });
    }

    @Test
    void a_null_value_counts_as_missing() {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("name", null);
      assertThatThrownBy(() -> render(Content.text("{{name}}"), data))
          .isInstanceOfSatisfying(
              TemplateException.class, e -> assertThat(e.variable()).isEqualTo("name"));
    }

    @Test
    void a_dotted_name_resolves_through_maps_and_list_indexes() {
      Map<String, Object> data =
          Map.of("customer", Map.of("name", "Ann", "orders", List.of(Map.of("id", "o-1"))));
      assertThat(render(Content.text("{{customer.name}} {{customer.orders.0.id}}"), data).text())
          .isEqualTo("Ann o-1");
    }

    @Test
    void a_dotted_name_missing_its_last_segment_is_named_whole() {
      Map<String, Object> data = Map.of("customer", Map.of("name", "Ann"));
      assertThatThrownBy(() -> render(Content.text("{{customer.email}}"), data))
          .isInstanceOfSatisfying(
              TemplateException.class, e -> assertThat(e.variable()).isEqualTo("customer.email"));
    }

    @Test
    void a_dotted_name_does_not_fall_back_to_outer_scopes_after_its_first_segment() {
      Map<String, Object> data = Map.of("customer", Map.of("name", "Ann"), "email", "x@y.test");
      assertThatThrownBy(() -> render(Content.text("{{customer.email}}"), data))
          .isInstanceOf(TemplateException.class);
    }

    @Test
    void a_missing_section_is_an_error() {
      assertThatThrownBy(() -> render(Content.text("{{#items}}x{{/items}}"), Map.of()))
          .isInstanceOfSatisfying(
              TemplateException.class, e -> assertThat(e.variable()).isEqualTo("items"));
      assertThatThrownBy(() -> render(Content.text("{{^items}}none{{/items}}"), Map.of()))
          .isInstanceOfSatisfying(
              TemplateException.class, e -> assertThat(e.variable()).isEqualTo("items"));
    }

    @Test
    void a_section_over_an_empty_list_or_false_renders_nothing_without_checking_its_body() {
      Content source =
          Content.text("[{{#items}}{{missing}}{{/items}}][{{#flag}}{{missing}}{{/flag}}]");
      assertThat(render(source, Map.of("items", List.of(), "flag", false)).text())
          .isEqualTo("[][]");
    }

    @Test
    void inverted_sections_render_for_empty_values() {
      assertThat(
              render(Content.text("{{^items}}none{{/items}}"), Map.of("items", List.of())).text())
          .isEqualTo("none");
    }

    @Test
    void names_inside_a_section_resolve_in_the_element_then_outwards() {
      Map<String, Object> data =
          Map.of(
              "currency",
              "EUR",
              "items",
              List.of(Map.of("name", "tea", "price", 3), Map.of("name", "cake", "price", 4)));
      assertThat(
              render(Content.text("{{#items}}{{name}}={{price}} {{currency}};{{/items}}"), data)
                  .text())
          .isEqualTo("tea=3 EUR;cake=4 EUR;");
    }

    @Test
    void a_missing_name_inside_a_list_element_is_an_error() {
      Map<String, Object> data = Map.of("items", List.of(Map.of("name", "tea")));
      assertThatThrownBy(() -> render(Content.text("{{#items}}{{price}}{{/items}}"), data))
          .isInstanceOfSatisfying(
              TemplateException.class, e -> assertThat(e.variable()).isEqualTo("price"));
    }

    @Test
    void the_implicit_iterator_renders_plain_list_elements() {
      assertThat(
              render(Content.text("{{#tags}}<{{.}}>{{/tags}}"), Map.of("tags", List.of("a", "b")))
                  .text())
          .isEqualTo("<a><b>");
    }
  }

  @Nested
  @DisplayName("safety")
  class Safety {
    @Test
    void a_part_that_does_not_parse_is_a_template_exception() {
      assertThatThrownBy(() -> render(Content.text("{{#open}} never closed"), Map.of("open", true)))
          .isInstanceOf(TemplateException.class)
          .hasMessageContaining("text part does not parse");
      assertThatThrownBy(() -> renderer.check("t", Content.builder().html("{{/close}}").build()))
          .isInstanceOf(TemplateException.class)
          .hasMessageContaining("html part does not parse");
    }

    @Test
    void check_accepts_a_good_template_without_data() {
      renderer.check("t", Content.builder().subject("{{a}}").html("{{#b}}{{c}}{{/b}}").build());
    }

    @Test
    void partials_and_inheritance_are_refused() {
      for (String source :
          List.of("{{> /etc/passwd}}", "{{>*name}}", "{{<base}}{{/base}}", "{{$b}}x{{/b}}")) {
        assertThatThrownBy(() -> renderer.check("t", Content.text(source)))
            .as(source)
            .isInstanceOf(TemplateException.class)
            .hasMessageContaining("not supported");
      }
    }

    @Test
    void functions_and_callables_in_data_are_text_not_code() {
      Function<String, String> shout = s -> "RAN";
      Callable<String> call = () -> "RAN";
      Content out = render(Content.text("{{#f}}x{{/f}}|{{c}}"), Map.of("f", shout, "c", call));
      assertThat(out.text()).doesNotContain("RAN");
    }

    @Test
    void other_objects_are_leaves_whose_methods_are_not_called() {
      record Person(String name) {}
      assertThatThrownBy(() -> render(Content.text("{{p.name}}"), Map.of("p", new Person("Ann"))))
          .isInstanceOf(TemplateException.class);
    }
  }

  @Nested
  @DisplayName("cache")
  class Cache {
    @Test
    void compiled_parts_are_cached_by_source_and_bounded() {
      MustacheTemplateRenderer small = new MustacheTemplateRenderer(3);
      for (int i = 0; i < 10; i++) {
        assertThat(small.render("t", Content.text("n" + i + "={{n}}"), Map.of("n", i)).text())
            .isEqualTo("n" + i + "=" + i);
      }
      assertThat(small.cachedParts()).isEqualTo(3);
      small.render("t", Content.text("n9={{n}}"), Map.of("n", 1));
      assertThat(small.cachedParts()).isEqualTo(3);
    }

    @Test
    void the_same_source_in_different_parts_keeps_its_own_escaping() {
      Content out =
          render(Content.builder().text("{{v}}").html("{{v}}").build(), Map.of("v", "<b>"));
      assertThat(out.text()).isEqualTo("<b>");
      assertThat(out.html()).isEqualTo("&lt;b&gt;");
    }

    @Test
    void a_cache_size_below_one_is_refused() {
      assertThatThrownBy(() -> new MustacheTemplateRenderer(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cacheSize");
    }
  }

  @Test
  void absent_parts_stay_absent() {
    Content out = render(Content.text("x"), Map.of());
    assertThat(out).isEqualTo(Content.text("x"));
  }
}
