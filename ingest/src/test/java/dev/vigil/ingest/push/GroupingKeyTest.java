package dev.vigil.ingest.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.model.Labels;
import dev.vigil.ingest.IngestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupingKeyTest {
  /** The Pushgateway README's examples, and a few more. */
  @Test
  void pathsBecomeGroupingLabels() {
    record Row(String path, Labels key) {}
    List<Row> rows =
        List.of(
            new Row("job/some_job", Labels.of("job", "some_job")),
            new Row("job/some_job/", Labels.of("job", "some_job")),
            new Row(
                "job/some_job/instance/some_instance",
                Labels.of("job", "some_job", "instance", "some_instance")),
            new Row(
                "job/directory_cleaner/path@base64/L3Zhci90bXA",
                Labels.of("job", "directory_cleaner", "path", "/var/tmp")),
            new Row(
                "job/example/first_label@base64/=/second_label/foobar",
                Labels.of("job", "example", "second_label", "foobar")),
            new Row(
                "job/titan/name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82",
                Labels.of("job", "titan", "name", "Προμηθεύς")),
            new Row(
                "job/titan/name@base64/zqDPgc6_zrzOt864zrXPjc-C",
                Labels.of("job", "titan", "name", "Προμηθεύς")),
            new Row("job@base64/YS9i", Labels.of("job", "a/b")),
            new Row("job/a+b", Labels.of("job", "a+b")));
    for (Row r : rows) {
      assertThat(GroupingKey.parse(r.path())).as(r.path()).isEqualTo(r.key());
      assertThat(GroupingKey.parse(GroupingKey.path(r.key()))).as(r.path()).isEqualTo(r.key());
    }
  }

  @Test
  void badPathsAreRefusedWithTheReason() {
    record Row(String path, String message) {}
    List<Row> rows =
        List.of(
            new Row("job", "odd number of segments"),
            new Row("instance/x", "must start with job/<job>"),
            new Row("job@base64/=", "job name must not be empty"),
            new Row("job/a/1bad/x", "bad label name \"1bad\""),
            new Row("job/a/__x/x", "bad label name \"__x\""),
            new Row("job/a/x/1/x/2", "appears twice"),
            new Row("job/a/x@base64/!!", "not base64"),
            new Row("job/a/x@base64/_w", "does not decode to UTF-8"));
    for (Row r : rows) {
      assertThatThrownBy(() -> GroupingKey.parse(r.path()))
          .as(r.path())
          .isInstanceOf(IngestException.class)
          .hasMessageContaining(r.message());
    }
  }
}
