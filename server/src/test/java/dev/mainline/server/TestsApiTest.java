package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * Reports uploaded over HTTP make tests flaky or broken; people read them and quarantine them; CI asks whether its
 * failures are excused, over HTTP and with {@code mainline tests check}.
 */
class TestsApiTest extends ServerTestSupport {
    private static final String REPORT = """
            <testsuite name="com.acme.CartTest" tests="3">
              <testcase name="addsItem" classname="com.acme.CartTest"/>
              <testcase name="appliesCoupon" classname="com.acme.CartTest">
                <flakyFailure message="timed out" type="java.util.concurrent.TimeoutException"/>
              </testcase>
              <testcase name="checksOut" classname="com.acme.CartTest">
                <failure message="expected 80 but was 90" type="java.lang.AssertionError"/>
              </testcase>
            </testsuite>
            """;

    @TempDir
    Path directory;

    @Test
    void uploadedReportsMakeTestsFlakyOrBrokenAndQuarantineExcusesFailures() throws Exception {
        String admin = adminToken();
        assertThat(api().post("/api/v1/repositories", admin, Map.of("name", "flaky/app", "forge", "local"))
                .status()).isEqualTo(201);
        String ci = userWithToken("ci-flaky", Map.of("role", "engineer", "scope", "repository:flaky/app"));
        String viewer = userWithToken("reader-flaky", Map.of("role", "viewer", "scope", "repository:flaky/app"));
        for (String commit : List.of("0123abc1", "0123abc2", "0123abc3")) {
            HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:%d/api/v1/test-runs?repository=flaky/app&commit=%s&job=unit".formatted(port,
                            commit)))
                    .header("Authorization", "Bearer " + ci)
                    .POST(HttpRequest.BodyPublishers.ofString(REPORT)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        }

        await("three runs classified").atMost(Duration.ofSeconds(20)).until(() -> api().get(
                "/api/v1/repositories/flaky/app/tests?health=broken", viewer).json().size() == 1);
        JsonNode flaky = api().get("/api/v1/repositories/flaky/app/tests?health=flaky", viewer).json();
        assertThat(flaky).hasSize(1);
        assertThat(flaky.get(0).path("name").asString()).isEqualTo("appliesCoupon");
        assertThat(flaky.get(0).path("reasons").get(0).asString()).isEqualTo(
                "failed, then passed on retry, in 3 runs");
        long checksOut = api().get("/api/v1/repositories/flaky/app/tests?health=broken", viewer).json().get(0)
                .path("id").asLong();
        JsonNode detail = api().get("/api/v1/repositories/flaky/app/tests/" + checksOut, viewer).json();
        assertThat(detail.path("latestFailures")).hasSize(3);
        assertThat(detail.path("latestFailures").get(0).path("message").asString())
                .isEqualTo("expected 80 but was 90");

        assertThat(verdict(viewer, "appliesCoupon").path("allExcused").asBoolean()).isTrue();
        JsonNode broken = verdict(viewer, "checksOut");
        assertThat(broken.path("allExcused").asBoolean()).isFalse();
        assertThat(broken.path("judged").get(0).path("why").asString()).startsWith("broken");
        assertThat(check(ci, "checksOut")).as("a broken test fails the check").isEqualTo(1);

        Map<String, Object> quarantine = Map.of("reason", "the payment sandbox is down", "owner", "@acme/payments",
                "ticket", "https://jira.example.com/browse/PAY-9", "expiresAt", "2099-01-01T00:00:00Z");
        assertThat(api().send("PUT", "/api/v1/repositories/flaky/app/tests/" + checksOut + "/quarantine", viewer,
                json(quarantine), "application/json").status()).isEqualTo(403);
        TestingApi.Response accepted = api().send("PUT", "/api/v1/repositories/flaky/app/tests/" + checksOut
                + "/quarantine", ci,
                json(Map.of("reason", "the payment sandbox is down", "owner", "@acme/payments",
                        "ticket", "https://jira.example.com/browse/PAY-9")),
                "application/json");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().path("stateInForce").asString()).isEqualTo("quarantined");
        assertThat(api().send("PUT", "/api/v1/repositories/flaky/app/tests/" + checksOut + "/quarantine", ci,
                json(Map.of("reason", "x", "expiresAt", "next week")), "application/json").json().path("detail")
                .asString()).contains("expiresAt must be an ISO-8601 instant");

        assertThat(verdict(viewer, "checksOut").path("allExcused").asBoolean()).isTrue();
        assertThat(check(ci, "checksOut")).as("quarantined: the run may pass").isZero();
        assertThat(check(ci, "neverSeenBefore")).isEqualTo(1);
        assertThat(api().get("/api/v1/repositories/flaky/app/tests", viewer).json()).hasSize(2);
        JsonNode trends = api().get("/api/v1/repositories/flaky/app/test-trends?days=2", viewer).json();
        assertThat(trends).hasSize(2);
        // Summed over yesterday and today, so a run across midnight (UTC) counts the same.
        assertThat(sum(trends, "jobs")).isEqualTo(3);
        assertThat(sum(trends, "failedJobs")).as("checksOut failed in each").isEqualTo(3);
        assertThat(sum(trends, "failures")).isEqualTo(6);
        assertThat(sum(trends, "flakyFailures")).as("appliesCoupon's, passed on retry").isEqualTo(3);
        assertThat(api().get("/api/v1/repositories/flaky/app/test-trends?days=0", viewer).json().path("detail")
                .asString()).contains("days must be between 1 and 366");
        JsonNode mine = api().get("/api/v1/repositories/flaky/app/flaky-tests/by-author", viewer).json();
        assertThat(mine.path("author").asString()).isEqualTo("reader-flaky");
        assertThat(mine.path("failedOnTheirChanges")).isEmpty();

        TestingApi.Response fixed = api().post("/api/v1/repositories/flaky/app/tests/" + checksOut + "/fixed", ci,
                Map.of("reason", "sandbox restored"));
        assertThat(fixed.json().path("state").asString()).isEqualTo("fixed");
        assertThat(verdict(viewer, "checksOut").path("allExcused").asBoolean()).isFalse();
    }

    private static int sum(JsonNode days, String field) {
        int total = 0;
        for (JsonNode day : days) {
            total += day.path(field).asInt();
        }
        return total;
    }

    private JsonNode verdict(String token, String test) {
        return api().post("/api/v1/repositories/flaky/app/test-failures/verdict", token, Map.of("failures", List.of(
                Map.of("suite", "com.acme.CartTest", "className", "com.acme.CartTest", "name", test)))).json();
    }

    private int check(String token, String failing) throws Exception {
        Path report = directory.resolve("TEST-" + failing + ".xml");
        Files.writeString(report, """
                <testsuite name="com.acme.CartTest">
                  <testcase name="addsItem" classname="com.acme.CartTest"/>
                  <testcase name="%s" classname="com.acme.CartTest"><failure message="no"/></testcase>
                </testsuite>
                """.formatted(failing));
        CommandLine commandLine = dev.mainline.cli.MainlineCommand.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(new StringWriter()));
        return commandLine.execute("tests", "check", "--server=http://127.0.0.1:" + port, "--token=" + token,
                "--repo=flaky/app", report.toString());
    }

    private static String json(Map<String, Object> body) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body);
    }
}
