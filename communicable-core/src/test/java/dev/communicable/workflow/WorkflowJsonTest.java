package dev.communicable.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkflowJsonTest {

  /** JSON written with single quotes, for readable tests. */
  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = WorkflowJsonTest.class.getResourceAsStream("/workflows/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Workflow everyStep() {
    return Workflow.builder("everything")
        .on("order.shipped")
        .correlateBy("orderId")
        .cancelOn("order.cancelled", "order.returned")
        .topic("orders")
        .throttle("limit", 3, Duration.ofHours(1))
        .throttle("limit-per-project", 10, Duration.ofDays(1), "projectId")
        .digest("collect", DigestSpec.fixed(Duration.ofMinutes(30)).key("projectId").maxItems(50))
        .digest("burst", DigestSpec.backoff(Duration.ofMinutes(5)))
        .digest("daily", DigestSpec.scheduled("0 9 * * 1-5"))
        .delay("pause", Duration.ofMinutes(15))
        .delayUntil("morning", LocalTime.of(9, 0))
        .delayUntil("precise", LocalTime.of(17, 30, 15))
        .branch("vip", "data.vip == true and \"sms\" in recipient.channels", "urgent", null)
        .branch("small", "data.amount < 10", null, "email")
        .step(new Step.Send("urgent", "alert", List.of(), Priority.CRITICAL))
        .send("email", "shipped", ChannelType.EMAIL, ChannelType.IN_APP)
        .waitFor("delivered", "email", AwaitedReceipt.DELIVERED, Duration.ofDays(1), null, "end")
        .waitFor("read", "email", AwaitedReceipt.READ, Duration.ofHours(2), "end", null)
        .send("sms", "shipped", ChannelType.of("whatsapp"))
        .exit("end")
        .build();
  }

  @Test
  void the_sms_if_unopened_fixture_reads_as_one_wait_for_and_one_send() throws IOException {
    Workflow read = WorkflowJson.fromJson(fixture("sms-if-unopened.json"));

    assertThat(read)
        .isEqualTo(
            Workflow.builder("invoice-overdue")
                .on("invoice.overdue")
                .correlateBy("invoiceId")
                .cancelOn("invoice.paid")
                .send("email", "invoice-overdue", ChannelType.EMAIL)
                .waitFor("opened", "email", AwaitedReceipt.READ, Duration.ofHours(2), "done", null)
                .send("sms", "invoice-overdue", ChannelType.SMS)
                .exit("done")
                .build());
  }

  @Test
  void every_step_survives_a_round_trip() {
    Workflow w = everyStep();
    String text = WorkflowJson.toJson(w);

    assertThat(WorkflowJson.fromJson(text)).isEqualTo(w);
    assertThat(WorkflowJson.toJson(WorkflowJson.fromJson(text))).isEqualTo(text);
  }

  @Test
  void the_written_json_is_the_documented_shape() {
    Workflow w =
        Workflow.builder("invoice-overdue")
            .on("invoice.overdue")
            .correlateBy("invoiceId")
            .cancelOn("invoice.paid")
            .send("email", "invoice-overdue", ChannelType.EMAIL)
            .waitFor("opened", "email", AwaitedReceipt.READ, Duration.ofHours(2), "done", null)
            .delayUntil("morning", LocalTime.of(9, 0))
            .exit("done")
            .build();

    assertThat(WorkflowJson.toJson(w))
        .isEqualTo(
            json(
                """
                {
                  'id': 'invoice-overdue',
                  'trigger': 'invoice.overdue',
                  'correlationKey': 'invoiceId',
                  'cancelOn': ['invoice.paid'],
                  'steps': [
                    {
                      'id': 'email',
                      'type': 'send',
                      'template': 'invoice-overdue',
                      'channels': ['email']
                    },
                    {
                      'id': 'opened',
                      'type': 'waitFor',
                      'step': 'email',
                      'receipt': 'read',
                      'within': 'PT2H',
                      'onReceipt': 'done'
                    },
                    {
                      'id': 'morning',
                      'type': 'delay',
                      'until': '09:00'
                    },
                    {
                      'id': 'done',
                      'type': 'exit'
                    }
                  ]
                }
                """));
  }

  @Test
  void strings_with_quotes_and_control_characters_survive_a_round_trip() {
    Workflow w =
        Workflow.builder("w")
            .on("e")
            .branch("b", "data.note == \"say \\\"hi\\\"\\n\" or data.x == '\\\\'", "end", null)
            .exit("end")
            .build();

    assertThat(WorkflowJson.fromJson(WorkflowJson.toJson(w))).isEqualTo(w);
  }

  @Test
  void enum_values_are_read_in_any_case_and_null_optional_fields_are_left_out() {
    Workflow w =
        WorkflowJson.fromJson(
            json(
                "{'id': 'w', 'trigger': 'e', 'topic': null, 'cancelOn': null, 'steps': ["
                    + "{'id': 's', 'type': 'send', 'template': 't', 'priority': 'High',"
                    + " 'channels': null},"
                    + "{'id': 'w', 'type': 'waitFor', 'step': 's', 'receipt': 'DELIVERED',"
                    + " 'within': 'P1D', 'onReceipt': null}]}"));

    assertThat(w.steps())
        .containsExactly(
            new Step.Send("s", "t", List.of(), Priority.HIGH),
            new Step.WaitFor("w", "s", AwaitedReceipt.DELIVERED, Duration.ofDays(1), null, null));
    assertThat(w.topic()).isEqualTo("e");
  }

  private static final String HEAD = "{'id': 'w', 'trigger': 'e', 'steps': [";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // the three examples
        HEAD
            + "{'id': 'a', 'type': 'send', 'template': 't'}, {'id': 'b', 'type': 'exit'},"
            + " {'id': 'c', 'type': 'delay', 'duration': 'PT0S'}]}"
            + " | steps[2].duration | must be positive, was PT0S",
        HEAD
            + "{'id': 'a', 'type': 'send', 'template': 't'}, {'id': 'b', 'type': 'sned'}]}"
            + " | steps[1].type | unknown step type 'sned', expected one of send, delay, waitFor,"
            + " branch, digest, throttle, exit",
        HEAD
            + "{'id': 'a', 'type': 'send', 'template': 't'}, {'id': 'b', 'type': 'exit'},"
            + " {'id': 'c', 'type': 'exit'}, {'id': 'd', 'type': 'waitFor', 'step': 'a',"
            + " 'receipt': 'read', 'within': 'PT1H', 'onTimeout': 'x'}]}"
            + " | steps[3].onTimeout | no step 'x'",
        // unknown fields
        "{'id': 'w', 'trigger': 'e', 'steps': [], 'version': 3}"
            + " | version | unknown field, a workflow has id, trigger, correlationKey, cancelOn,"
            + " topic, steps",
        HEAD
            + "{'id': 'a', 'type': 'send', 'template': 't', 'within': 'PT1H'}]}"
            + " | steps[0].within | unknown field, a send step has id, type, template, channels,"
            + " priority",
        HEAD
            + "{'id': 'a', 'type': 'exit', 'then': 'b'}]}"
            + " | steps[0].then | unknown field, an exit step has id, type",
        // missing and mistyped values
        "{'trigger': 'e', 'steps': []} | id | is required",
        "{'id': 'w', 'steps': []} | trigger | is required",
        "{'id': 'w', 'trigger': 'e'} | steps | must hold at least one step",
        "{'id': 'w', 'trigger': 'e', 'steps': []} | steps | must hold at least one step",
        "{'id': 7, 'trigger': 'e', 'steps': []} | id | must be a string, was the number 7",
        "{'id': 'w', 'trigger': 'e', 'steps': {}} | steps | must be an array, was an object",
        "{'id': 'w', 'trigger': 'e', 'cancelOn': ['x', true], 'steps': []}"
            + " | cancelOn[1] | must be a string, was true",
        HEAD + "'exit'] } | steps[0] | must be an object, was the string 'exit'",
        HEAD + "{'id': 'a'}]} | steps[0].type | is required",
        HEAD + "{'type': 'exit'}]} | steps[0].id | is required",
        HEAD + "{'id': 'a', 'type': 'send'}]} | steps[0].template | is required",
        HEAD
            + "{'id': 'a', 'type': 'send', 'template': 't', 'channels': 'email'}]}"
            + " | steps[0].channels | must be an array, was the string 'email'",
        HEAD
            + "{'id': 'a', 'type': 'send', 'template': 't', 'channels': ['email', 'E-Mail']}]}"
            + " | steps[0].channels[1] | must be 1-32 lower-case letters, digits, '-' or '_'"
            + " starting with a letter, was 'E-Mail'",
        HEAD
            + "{'id': 'a', 'type': 'send', 'template': 't', 'priority': 'urgent'}]}"
            + " | steps[0].priority | must be one of normal, high, critical, was 'urgent'",
        HEAD
            + "{'id': 'a', 'type': 'delay'}]}"
            + " | steps[0].duration | set exactly one of duration and until",
        HEAD
            + "{'id': 'a', 'type': 'delay', 'duration': 'two hours'}]}"
            + " | steps[0].duration | must be an ISO-8601 duration such as 'PT2H' or 'P1D', was"
            + " 'two hours'",
        HEAD
            + "{'id': 'a', 'type': 'delay', 'until': '9am'}]}"
            + " | steps[0].until | must be a local time such as '09:00' or '17:30:00', was '9am'",
        HEAD
            + "{'id': 'a', 'type': 'send', 'template': 't'}, {'id': 'b', 'type': 'waitFor',"
            + " 'step': 'a', 'receipt': 'clicked', 'within': 'PT1H'}]}"
            + " | steps[1].receipt | must be one of delivered, read, was 'clicked'",
        HEAD
            + "{'id': 'a', 'type': 'send', 'template': 't'}, {'id': 'b', 'type': 'waitFor',"
            + " 'step': 'a', 'receipt': 'read'}]}"
            + " | steps[1].within | is required",
        HEAD
            + "{'id': 'a', 'type': 'branch', 'condition': 'data.x = 1', 'then': 'b'},"
            + " {'id': 'b', 'type': 'exit'}]}"
            + " | steps[0].condition | at position 8: unexpected '=', use '==' to compare",
        HEAD
            + "{'id': 'a', 'type': 'digest', 'window': 'PT1H'}]}"
            + " | steps[0].kind | is required: fixed, backoff or scheduled",
        HEAD
            + "{'id': 'a', 'type': 'digest', 'kind': 'fixed'}]}"
            + " | steps[0].window | is required for a fixed digest",
        HEAD
            + "{'id': 'a', 'type': 'digest', 'kind': 'backoff', 'window': 'PT1H', 'cron': '0 9 * *"
            + " *'}]} | steps[0].cron | only a scheduled digest has a cron, this one is backoff",
        HEAD
            + "{'id': 'a', 'type': 'digest', 'kind': 'scheduled', 'cron': '0 0 30 2 *'}]}"
            + " | steps[0].cron | never fires within 5 years, was '0 0 30 2 *'",
        HEAD
            + "{'id': 'a', 'type': 'digest', 'kind': 'scheduled'}]}"
            + " | steps[0].cron | is required for a scheduled digest",
        HEAD
            + "{'id': 'a', 'type': 'digest', 'kind': 'scheduled', 'cron': '0 9 * * *', 'window':"
            + " 'PT1H'}]} | steps[0].window | a scheduled digest has a cron, not a window",
        HEAD
            + "{'id': 'a', 'type': 'digest', 'kind': 'fixed', 'window': 'PT1H', 'maxItems': 0}]}"
            + " | steps[0].maxItems | must be between 1 and 1000, was 0",
        HEAD
            + "{'id': 'a', 'type': 'throttle', 'limit': 1.5, 'window': 'PT1H'}]}"
            + " | steps[0].limit | must be a whole number within the int range, was 1.5",
        HEAD
            + "{'id': 'a', 'type': 'throttle', 'limit': '5', 'window': 'PT1H'}]}"
            + " | steps[0].limit | must be a number, was the string '5'",
        HEAD + "{'id': 'a', 'type': 'throttle', 'window': 'PT1H'}]} | steps[0].limit | is required",
        HEAD
            + "{'id': 'a', 'type': 'exit'}, {'id': 'a', 'type': 'exit'}]}"
            + " | steps[1].id | 'a' is already the id of steps[0]",
        // malformed JSON
        "{'id': 'w' 'trigger': 'e'} | json | at line 1, column 12: expected ',' or '}', found"
            + " '\"'",
        "{'id': 'w', 'id': 'v'} | json | at line 1, column 13: the key \"id\" appears twice in"
            + " the same object, found '\"'",
        "['w'] | json | must be an object, was an array",
        "{'id': 'w'} x | json | at line 1, column 13: expected the end of the document, found 'x'",
        "{'id': 'w | json | at line 1, column 8: the string is not closed, found '\"'",
      })
  void bad_json_is_rejected_naming_the_path(String text, String field, String problem) {
    assertThatThrownBy(() -> WorkflowJson.fromJson(json(text)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.problem()).isEqualTo(problem);
            });
  }

  @Test
  void a_syntax_error_names_its_line_and_column() {
    assertThatThrownBy(() -> WorkflowJson.fromJson("{\n  \"id\": \"w\",\n  \"trigger\": tru\n}"))
        .hasMessage("json: at line 3, column 14: expected a value, found 't'");
  }

  @Test
  void blank_and_huge_texts_are_rejected() {
    assertThatThrownBy(() -> WorkflowJson.fromJson(" "))
        .hasMessage("json: must not be null or blank, was ' '");
    assertThatThrownBy(() -> WorkflowJson.fromJson(" ".repeat(WorkflowJson.MAX_LENGTH) + "{}"))
        .hasMessageStartingWith("json: must be at most 1000000 characters");
  }

  @Test
  void nesting_is_bounded() {
    assertThatThrownBy(() -> WorkflowJson.fromJson("[".repeat(100)))
        .hasMessage("json: at line 1, column 33: nested deeper than 32 levels, found '['");
  }
}
