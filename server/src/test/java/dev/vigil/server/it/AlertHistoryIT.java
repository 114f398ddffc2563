package dev.vigil.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.testing.VigilProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Alert history and acknowledgements over HTTP: an alert posted to the Alertmanager API shows up in
 * the history as firing, can be acknowledged, and its resolution ends the acknowledgement; all of
 * it is still there after a restart.
 */
class AlertHistoryIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void historyRecordsFiringAcknowledgedAndResolved() throws Exception {
    try (VigilProcess vigil = VigilProcess.start()) {
      Instant start = Instant.now().minusSeconds(30);
      post(
          vigil,
          "[{\"labels\":{\"alertname\":\"Disk\",\"instance\":\"web-1\"},\"startsAt\":\""
              + start
              + "\"}]");
      List<String> events = await(vigil, 1);
      assertThat(events).containsExactly("firing");
      String fp =
          JSON.readTree(vigil.get("/api/v2/alerts").body()).get(0).path("fingerprint").asText();
      var ack =
          vigil.send(
              HttpRequest.newBuilder(
                      URI.create(vigil.url() + "/api/vigil/v1/alerts/" + fp + "/ack"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"by\":\"alice\",\"comment\":\"on it\",\"duration\":\"2h\"}")));
      assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
      JsonNode acks = JSON.readTree(vigil.get("/api/vigil/v1/alerts/acks").body()).path("data");
      assertThat(acks).hasSize(1);
      assertThat(acks.get(0).path("by").asText()).isEqualTo("alice");
      var missing =
          vigil.send(
              HttpRequest.newBuilder(
                      URI.create(vigil.url() + "/api/vigil/v1/alerts/0000000000000000/ack"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"alice\"}")));
      assertThat(missing.statusCode()).isEqualTo(404);

      post(
          vigil,
          "[{\"labels\":{\"alertname\":\"Disk\",\"instance\":\"web-1\"},\"startsAt\":\""
              + start
              + "\",\"endsAt\":\""
              + Instant.now()
              + "\"}]");
      assertThat(await(vigil, 4))
          .containsExactly("unacknowledged", "resolved", "acknowledged", "firing");
      assertThat(JSON.readTree(vigil.get("/api/vigil/v1/alerts/acks").body()).path("data"))
          .isEmpty();
      String other =
          vigil.get("/api/vigil/v1/alerts/history?filter=" + enc("alertname=\"Cpu\"")).body();
      assertThat(JSON.readTree(other).path("data")).isEmpty();
      assertThat(vigil.get("/api/vigil/v1/alerts/history?start=yesterday").statusCode())
          .isEqualTo(400);

      // A maintenance window open all day, every day of the week.
      String window =
          "{\"name\":\"n\",\"matchers\":[{\"name\":\"job\",\"value\":\"db\",\"isRegex\":false}],"
              + "\"every\":\"weekly\",\"days\":[1,2,3,4,5,6,7],\"start\":\"00:00\",\"duration\":\"24h\"}";
      var created =
          vigil.post(
              "/api/vigil/v1/maintenance",
              "application/json",
              window.getBytes(StandardCharsets.UTF_8));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      JsonNode listed = JSON.readTree(vigil.get("/api/vigil/v1/maintenance").body()).path("data");
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).path("open").asBoolean()).isTrue();
      assertThat(listed.get(0).path("days").get(0).asText()).isEqualTo("monday");
      var bad =
          vigil.post(
              "/api/vigil/v1/maintenance",
              "application/json",
              window.replace("24h", "40d").getBytes(StandardCharsets.UTF_8));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("duration must be more than 0 and at most 31 days");
    }
  }

  private static void post(VigilProcess vigil, String alerts) {
    assertThat(
            vigil
                .post("/api/v2/alerts", "application/json", alerts.getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(200);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Waits until the history of Disk holds {@code n} events; answers their kinds, newest first. */
  private static List<String> await(VigilProcess vigil, int n) throws Exception {
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      kinds.clear();
      JsonNode h =
          JSON.readTree(
              vigil.get("/api/vigil/v1/alerts/history?filter=" + enc("alertname=\"Disk\"")).body());
      for (JsonNode e : h.path("data")) {
        kinds.add(e.path("event").asText());
      }
      if (kinds.size() >= n) {
        return kinds;
      }
      Thread.sleep(100);
    }
    return kinds;
  }
}
