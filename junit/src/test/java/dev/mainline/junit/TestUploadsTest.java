package dev.mainline.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mainline.audit.Channel;
import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import dev.mainline.testresults.TestRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import dev.mainline.testresults.FlakinessClassifier;
import dev.mainline.testresults.TestHealthTracker;
import dev.mainline.testresults.TestOwnership;
import dev.mainline.ownership.RepositoryFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads are checked at once, kept on disk and in the inbox before they are acknowledged, and stored once. */
class TestUploadsTest {
    private static final RepositoryName API = new RepositoryName("acme/api");
    private static final TestRun RUN = new TestRun(API, "0123abcd", Optional.of("main"), Optional.empty(), "unit", 1);

    @TempDir
    Path directory;
    private final TestingClock clock = new TestingClock();
    private final Stores stores = new InMemoryStores().stores();
    private final Actor ci = actor("ci-bot", "engineer@repository:acme/api");
    private TestUploads uploads;

    TestUploadsTest() {
        stores.repositories().insert(new NewSourceRepository(API, "main", Forge.LOCAL), clock.instant());
    }

    private TestUploads uploads() {
        return new TestUploads(directory, new JUnitReportParser(), stores.testResults(),
                new TestHealthTracker(stores.testResults(), new FlakinessClassifier(), clock, Duration.ofDays(30)),
                new TestOwnership(stores.testResults(), RepositoryFiles.none(), clock, Duration.ofMinutes(5)),
                Optional.empty(),
                stores.inbox(), stores.repositories(), stores.pullRequests(), new Authorizer(stores.auditLog(), clock),
                clock);
    }

    @AfterEach
    void close() {
        if (uploads != null) {
            uploads.close();
        }
    }

    private static Actor actor(String login, String permission) {
        return new Actor(login.hashCode(), login, Channel.API, List.of(Permission.parse(permission)),
                Optional.empty());
    }

    private static byte[] surefireReport() throws IOException {
        try (InputStream input = TestUploadsTest.class
                .getResourceAsStream("/produced/surefire-reruns/TEST-example.CheckoutTest.xml")) {
            return input.readAllBytes();
        }
    }

    @Test
    void anAcknowledgedUploadIsStoredEvenWhenTheServerStopsBeforeStoringIt() throws Exception {
        TestUploads stopped = uploads();
        TestUploads.Accepted accepted = stopped.upload(ci, RUN, "TEST-example.CheckoutTest.xml",
                new ByteArrayInputStream(surefireReport()), false);
        stopped.close();

        assertThat(accepted.duplicate()).isFalse();
        assertThat(accepted.tests()).isEqualTo(6);
        assertThat(accepted.failed()).isEqualTo(2);
        assertThat(accepted.flaky()).isEqualTo(2);
        assertThat(stores.testResults().findRun(API, accepted.upload())).isEmpty();

        uploads = uploads();
        uploads.start();

        await("the pending upload is stored").atMost(Duration.ofSeconds(10))
                .until(() -> stores.testResults().findRun(API, accepted.upload()).isPresent());
        long test = stores.testResults().findTest(API, "example.CheckoutTest", "example.CheckoutTest",
                "passesOnItsSecondRun").orElseThrow().id();
        assertThat(stores.testResults().failures(test, 10)).singleElement()
                .satisfies(failure -> assertThat(failure.passedLater()).isTrue());
        assertThat(stores.testResults().counts(test, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)))
                .hasValueSatisfying(counts -> assertThat(counts.passed()).isEqualTo(1));
        try (Stream<Path> archived = Files.list(directory.resolve("acme/api"))) {
            assertThat(archived).singleElement().satisfies(file -> assertThat(file.getFileName().toString())
                    .isEqualTo(accepted.upload() + ".xml.gz"));
        }
    }

    @Test
    void aReportOfTheQueuesOwnCiTakenBeforeTheServerStoppedIsStoredAfterItStartsAgain() throws Exception {
        Path report = Files.write(directory.resolve("build_TEST-example.CheckoutTest.xml"), surefireReport());
        TestRun queueRun = new TestRun(API, "89abcdef", Optional.of("mainline/builds/7"), Optional.of(12),
                "merge-queue", 2);
        TestUploads stopped = uploads();
        Optional<TestUploads.Accepted> taken = stopped.keepCaptured(queueRun, report);
        Optional<TestUploads.Accepted> unreadable = stopped.keepCaptured(queueRun, Files.writeString(
                directory.resolve("TEST-cut.xml"), "<testsuite><testcase name="));
        stopped.close();

        assertThat(unreadable).as("reported and left out").isEmpty();
        assertThat(taken).hasValueSatisfying(accepted -> assertThat(accepted.failed()).isEqualTo(2));
        assertThat(stores.testResults().job(API, "89abcdef", "merge-queue", 2)).isEmpty();
        assertThat(stores.auditLog().list(dev.mainline.audit.AuditQuery.all(),
                dev.mainline.common.PageRequest.first(10)).items()).as("nobody uploaded it").isEmpty();

        uploads = uploads();
        uploads.start();

        await("the captured report is stored").atMost(Duration.ofSeconds(10))
                .until(() -> stores.testResults().job(API, "89abcdef", "merge-queue", 2).isPresent());
        assertThat(stores.testResults().job(API, "89abcdef", "merge-queue", 2).orElseThrow().run())
                .isEqualTo(queueRun);
    }

    @Test
    void theSameReportUploadedAgainIsRecognisedAndAGzippedOneIsRead() throws Exception {
        uploads = uploads();
        uploads.start();
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(surefireReport());
        }

        TestUploads.Accepted first = uploads.upload(ci, RUN, "report.xml",
                new ByteArrayInputStream(gzipped.toByteArray()), true);
        TestUploads.Accepted again = uploads.upload(ci, RUN, "report.xml", new ByteArrayInputStream(surefireReport()),
                false);
        TestUploads.Accepted otherAttempt = uploads.upload(ci, new TestRun(API, "0123abcd", Optional.of("main"),
                Optional.empty(), "unit", 2), "report.xml", new ByteArrayInputStream(surefireReport()), false);

        assertThat(again.duplicate()).isTrue();
        assertThat(again.upload()).isEqualTo(first.upload());
        assertThat(otherAttempt.duplicate()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> stores.testResults().findRun(API, first.upload())
                .isPresent() && stores.testResults().findRun(API, otherAttempt.upload()).isPresent());
    }

    @Test
    void anUploadWhoseStoringFailedIsTakenAgainWhenSentAgain() throws Exception {
        uploads = uploads();
        TestUploads.Accepted accepted = uploads.upload(ci, RUN, "report.xml",
                new ByteArrayInputStream(surefireReport()), false);
        // The worker could not store it (say the database refused): it is marked failed.
        stores.inbox().done(TestUploads.SOURCE, accepted.upload(), clock.instant(), "failed: database unavailable");

        uploads.start();
        TestUploads.Accepted again = uploads.upload(ci, RUN, "report.xml", new ByteArrayInputStream(surefireReport()),
                false);

        assertThat(again.duplicate()).isFalse();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> stores.testResults().findRun(API, accepted.upload()).isPresent());
    }

    @Test
    void aBadReportIsRefusedNamingTheLineAndNothingIsKept() throws Exception {
        uploads = uploads();
        uploads.start();

        assertThatThrownBy(() -> uploads.upload(ci, RUN, "broken.xml", new ByteArrayInputStream(
                "<testsuite name=\"s\">\n<testcase name=\"a\">\n".getBytes()), false))
                .isInstanceOfSatisfying(MainlineException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("broken.xml: line ");
        assertThatThrownBy(() -> uploads.upload(ci, RUN, "fake.gz", new ByteArrayInputStream(surefireReport()),
                true)).isInstanceOf(MainlineException.class).hasMessageContaining("not gzip-compressed");
        assertThatThrownBy(() -> uploads.upload(actor("vic", "viewer@repository:acme/api"), RUN, "r.xml",
                new ByteArrayInputStream(surefireReport()), false))
                .isInstanceOfSatisfying(MainlineException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PERMISSION_DENIED));

        assertThat(stores.inbox().pending(TestUploads.SOURCE, 10)).isEmpty();
        try (Stream<Path> files = Files.walk(directory)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }
}
