package dev.mainline.server.testresults;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Actor;
import dev.mainline.junit.TestUploads;
import dev.mainline.testresults.TestRun;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where CI uploads JUnit XML reports, one file per request: the body is the report (gzip-compressed with
 * {@code Content-Encoding: gzip} or {@code Content-Type: application/gzip}), where it came from in the query.
 * Answered 202 once the report was read and kept, 200 when it was uploaded before.
 */
@RestController
public class TestRunController {
    private final TestUploads uploads;

    public TestRunController(TestUploads uploads) {
        this.uploads = requireNonNull(uploads, "uploads is null");
    }

    record UploadView(String upload, String status, int tests, long failed, long flaky) {
    }

    @PostMapping(path = "/api/v1/test-runs", produces = "application/json")
    public ResponseEntity<UploadView> upload(Actor actor, @RequestParam String repository,
            @RequestParam String commit, @RequestParam(required = false) String branch,
            @RequestParam(required = false) Integer pullRequest, @RequestParam String job,
            @RequestParam(defaultValue = "1") int attempt, @RequestParam(defaultValue = "report.xml") String name,
            @RequestParam(required = false) String author, HttpServletRequest request) throws IOException {
        TestRun run = new TestRun(new RepositoryName(repository), commit.toLowerCase(Locale.ROOT),
                Optional.ofNullable(branch), Optional.ofNullable(pullRequest), job, attempt,
                Optional.ofNullable(author));
        boolean gzipped = "gzip".equalsIgnoreCase(request.getHeader("Content-Encoding"))
                || String.valueOf(request.getContentType()).toLowerCase(Locale.ROOT).startsWith("application/gzip");
        try (InputStream body = request.getInputStream()) {
            TestUploads.Accepted accepted = uploads.upload(actor, run, name, body, gzipped);
            UploadView view = new UploadView(accepted.upload(), accepted.duplicate() ? "duplicate" : "accepted",
                    accepted.tests(), accepted.failed(), accepted.flaky());
            return ResponseEntity.status(accepted.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(view);
        }
    }
}
