package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** CI uploads JUnit reports over HTTP: read at once, kept, acknowledged, stored; repeats, bad input, roles. */
class TestRunApiTest extends ServerTestSupport {
    private static final String REPORT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="com.acme.CartTest" tests="3" failures="1" errors="0" skipped="0">
              <testcase name="addsItem" classname="com.acme.CartTest" time="0.012"/>
              <testcase name="appliesCoupon" classname="com.acme.CartTest" time="0.020">
                <flakyFailure message="timed out" type="java.util.concurrent.TimeoutException">
                  <stackTrace>java.util.concurrent.TimeoutException: timed out</stackTrace>
                </flakyFailure>
              </testcase>
              <testcase name="checksOut" classname="com.acme.CartTest" time="0.100">
                <failure message="expected 80 but was 90" type="java.lang.AssertionError">java.lang.AssertionError</failure>
              </testcase>
            </testsuite>
            """;

    @Autowired
    Stores stores;

    private HttpResponse<String> upload(String token, String query, byte[] body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:%d/api/v1/test-runs?%s".formatted(port, query)))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.builder().build().readTree(response.body());
    }

    @Test
    void ciUploadsReportsThatAreStoredOnceAndBadOnesAreRefused() throws Exception {
        String admin = adminToken();
        assertThat(api().post("/api/v1/repositories", admin, Map.of("name", "reports/app", "forge", "local"))
                .status()).isEqualTo(201);
        String ci = userWithToken("ci-bot", Map.of("role", "engineer", "scope", "repository:reports/app"));
        String viewer = userWithToken("reader", Map.of("role", "viewer", "scope", "repository:reports/app"));
        String query = "repository=reports/app&commit=0123abcd&branch=main&job=unit&name=TEST-CartTest.xml";
        byte[] report = REPORT.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> accepted = upload(ci, query, report, Map.of("Content-Type", "application/xml"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode view = json(accepted);
        assertThat(view.path("status").asString()).isEqualTo("accepted");
        assertThat(view.path("tests").asInt()).isEqualTo(3);
        assertThat(view.path("failed").asInt()).isEqualTo(1);
        assertThat(view.path("flaky").asInt()).isEqualTo(1);
        String id = view.path("upload").asString();
        await("the upload is stored").atMost(Duration.ofSeconds(20))
                .until(() -> stores.testResults().findRun(new RepositoryName("reports/app"), id).isPresent());

        HttpResponse<String> again = upload(ci, query, report, Map.of("Content-Type", "application/xml"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("status").asString()).isEqualTo("duplicate");

        // What was stored reads back by the same commit, job and attempt.
        TestingApi.Response run = api().get("/api/v1/repositories/reports/app/test-runs?commit=0123abcd&job=unit",
                viewer);
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().path("branch").asString()).isEqualTo("main");
        assertThat(run.json().path("attempt").asInt()).isEqualTo(1);
        assertThat(run.json().path("reports").asInt()).isEqualTo(1);
        assertThat(run.json().path("tests").asInt()).isEqualTo(3);
        assertThat(run.json().path("failures")).extracting(failure -> failure.path("name").asString()
                + (failure.path("passedOnRetry").asBoolean() ? " (passed on retry)" : ""))
                .containsExactlyInAnyOrder("appliesCoupon (passed on retry)", "checksOut");
        assertThat(api().get("/api/v1/repositories/reports/app/test-runs?commit=0123abcd&job=unit&attempt=9",
                viewer).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/repositories/reports/app/test-runs?commit=nope&job=unit", viewer).status())
                .isEqualTo(400);
        assertThat(api().get("/api/v1/repositories/reports/app/test-runs?commit=0123abcd&job=unit",
                userWithToken("test-runs-outsider", null)).status()).isEqualTo(403);

        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(report);
        }
        HttpResponse<String> compressed = upload(ci, query + "&attempt=2", gzipped.toByteArray(),
                Map.of("Content-Type", "application/xml", "Content-Encoding", "gzip"));
        assertThat(compressed.statusCode()).as(compressed.body()).isEqualTo(202);

        HttpResponse<String> broken = upload(ci, query + "&attempt=3",
                "<testsuite name=\"s\">\n<testcase name=\"a\">".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(broken).path("detail").asString()).startsWith("TEST-CartTest.xml: line ");
        HttpResponse<String> xxe = upload(ci, query + "&attempt=4", ("<?xml version=\"1.0\"?><!DOCTYPE t ["
                + "<!ENTITY x SYSTEM \"file:///etc/passwd\">]><testsuite name=\"&x;\"/>").getBytes(
                        StandardCharsets.UTF_8),
                Map.of());
        assertThat(xxe.statusCode()).isEqualTo(400);
        assertThat(json(xxe).path("detail").asString()).contains("DOCTYPE").doesNotContain("root:");

        assertThat(upload(viewer, query + "&attempt=5", report, Map.of()).statusCode()).isEqualTo(403);
        HttpResponse<String> badCommit = upload(ci, query.replace("0123abcd", "not-a-commit"), report, Map.of());
        assertThat(badCommit.statusCode()).isEqualTo(400);
        assertThat(json(badCommit).path("detail").asString()).contains("commit must be a hexadecimal commit id");
    }

    @Test
    void theCliUploadsEveryReportAGlobMatches(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory)
            throws Exception {
        String admin = adminToken();
        assertThat(api().post("/api/v1/repositories", admin, Map.of("name", "reports/cli", "forge", "local"))
                .status()).isEqualTo(201);
        String ci = userWithToken("ci-cli", Map.of("role", "engineer", "scope", "repository:reports/cli"));
        java.nio.file.Path reports = java.nio.file.Files.createDirectories(directory.resolve("build/test-results"));
        java.nio.file.Files.writeString(reports.resolve("TEST-CartTest.xml"), REPORT);
        java.nio.file.Files.writeString(reports.resolve("TEST-OtherTest.xml"), REPORT.replace("CartTest", "OtherTest"));

        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine commandLine = dev.mainline.cli.MainlineCommand.commandLine();
        commandLine.setOut(new java.io.PrintWriter(out));
        java.io.StringWriter err = new java.io.StringWriter();
        commandLine.setErr(new java.io.PrintWriter(err));
        int exit = commandLine.execute("upload", "junit", "--server=http://127.0.0.1:" + port, "--token=" + ci,
                "--repo=reports/cli", "--commit=89abcdef", "--branch=main", "--pr=12", "--job=unit",
                directory + "/build/**/TEST-*.xml");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("TEST-CartTest.xml: accepted, 3 tests, 1 failed, 1 flaky")
                .contains("TEST-OtherTest.xml: accepted");
        int none = commandLine.execute("upload", "junit", "--server=http://127.0.0.1:" + port, "--token=" + ci,
                "--repo=reports/cli", "--commit=89abcdef", "--job=unit", directory + "/nothing/**/*.xml");
        assertThat(none).isEqualTo(2);
        assertThat(err.toString()).contains("no report matches");
    }

    @Test
    void aTwoGigabyteUploadIsRefusedBeforeItIsRead() throws Exception {
        String token = adminToken();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/test-runs?repository=reports/app&commit=0123abcd&job=unit HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n"
                    + "Content-Type: application/xml\r\nContent-Length: 2147483648\r\n\r\n<testsuite>")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 413");
        }
    }
}
