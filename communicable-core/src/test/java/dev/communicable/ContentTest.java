package dev.communicable;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentTest {
  @Test
  void text_content_has_only_a_text_part() {
    Content c = Content.text("hi");
    assertThat(c.text()).isEqualTo("hi");
    assertThat(c.subject()).isNull();
    assertThat(c.html()).isNull();
    assertThat(c.isEmpty()).isFalse();
  }

  @Test
  void content_with_no_part_is_empty() {
    assertThat(Content.builder().build().isEmpty()).isTrue();
    assertThat(Content.builder().link("https://x.test").build().isEmpty()).isFalse();
  }

  @Test
  void every_part_can_be_read_and_replaced_by_name() {
    Content c =
        Content.builder().subject("s").title("t").text("x").html("h").link("l").json("{}").build();
    for (Content.Part part : Content.Part.values()) {
      Content changed = c.with(part, "new");
      assertThat(changed.get(part)).isEqualTo("new");
      for (Content.Part other : Content.Part.values()) {
        if (other != part) {
          assertThat(changed.get(other)).isEqualTo(c.get(other));
        }
      }
    }
    assertThat(c.get(Content.Part.SUBJECT)).isEqualTo("s");
    assertThat(c.get(Content.Part.JSON)).isEqualTo("{}");
  }

  @Test
  void replacing_a_part_with_null_removes_it() {
    assertThat(Content.text("x").with(Content.Part.TEXT, null).isEmpty()).isTrue();
  }
}
