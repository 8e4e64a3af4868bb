package dev.mainline.logarchive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mainline.audit.Channel;
import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Permission;
import dev.mainline.logs.LogFilter;
import dev.mainline.logs.LogSource;
import dev.mainline.logs.StoredLog;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.TestingClock;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs in S3-compatible object storage: s3proxy, a real S3 server (its REST API, Signature Version 4, multipart
 * uploads), runs on loopback over a directory.
 */
class S3BlobStoreTest {
    private static final String ACCESS_KEY = "mainline-access";
    private static final String SECRET_KEY = "mainline-secret-key-of-forty-characters!";
    private static final String BUCKET = "mainline-logs";
    private static Path root;
    private static BlobStoreContext context;
    private static S3Proxy proxy;

    @TempDir
    Path directory;

    @BeforeAll
    static void startS3() throws Exception {
        root = Files.createTempDirectory("s3proxy");
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", root.toString());
        context = ContextBuilder.newBuilder("filesystem").credentials("unused", "unused").overrides(properties)
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        await("s3proxy is up").atMost(Duration.ofSeconds(30))
                .until(() -> proxy.getState().equals(AbstractLifeCycle.STARTED));
        context.getBlobStore().createContainerInLocation(null, BUCKET);
    }

    @AfterAll
    static void stopS3() throws Exception {
        proxy.stop();
        context.close();
    }

    private static S3BlobStore store(String secret, long singlePutLimit, long partSize) {
        return new S3BlobStore(new S3BlobStore.Settings(URI.create("http://127.0.0.1:" + proxy.getPort()),
                "us-east-1", BUCKET, ACCESS_KEY, secret, true), Clock.systemUTC(), singlePutLimit, partSize);
    }

    @Test
    void blobsArePutReadInRangesAndDeletedLargeOnesInParts() throws Exception {
        S3BlobStore s3 = store(SECRET_KEY, 6 << 20, 5 << 20);
        byte[] small = "a small blob\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(directory.resolve("small"), small);
        s3.put("acme/api/ab/small blob+1", file);
        assertThat(file).as("moved away").doesNotExist();
        assertThat(s3.exists("acme/api/ab/small blob+1")).isTrue();
        assertThat(s3.readAll("acme/api/ab/small blob+1")).isEqualTo(small);
        try (InputStream range = s3.read("acme/api/ab/small blob+1", 2, 5)) {
            assertThat(new String(range.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("small");
        }

        byte[] large = new byte[12 << 20];
        new Random(5).nextBytes(large);
        s3.put("acme/api/cd/large", Files.write(directory.resolve("large"), large));
        assertThat(s3.readAll("acme/api/cd/large")).as("three parts, put back together").isEqualTo(large);
        try (InputStream range = s3.read("acme/api/cd/large", (5 << 20) - 3, 6)) {
            assertThat(range.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(large, (5 << 20) - 3,
                    (5 << 20) + 3));
        }

        s3.delete("acme/api/ab/small blob+1");
        assertThat(s3.exists("acme/api/ab/small blob+1")).isFalse();
        assertThatThrownBy(() -> s3.read("acme/api/ab/small blob+1", 0, -1))
                .isInstanceOf(FileNotFoundException.class);
        s3.delete("acme/api/ab/small blob+1");
    }

    @Test
    void aWrongSecretIsRefusedNamingS3sErrorAndNothingIsStored() throws Exception {
        S3BlobStore wrong = store("not-the-secret", S3BlobStore.SINGLE_PUT_LIMIT, S3BlobStore.PART_SIZE);
        Path file = Files.writeString(directory.resolve("x"), "x\n");
        assertThatThrownBy(() -> wrong.put("acme/api/ef/x", file)).isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("SignatureDoesNotMatch")
                .hasMessageNotContaining("not-the-secret");
        assertThat(store(SECRET_KEY, 1 << 20, 5 << 20).exists("acme/api/ef/x")).isFalse();
        assertThat(new S3BlobStore.Settings(URI.create("http://s3"), "r", "b", "a", "hush", true).toString())
                .doesNotContain("hush");
    }

    @Test
    void theArchiveKeepsReadsAndSearchesLogsInObjectStorage() throws Exception {
        TestingClock clock = new TestingClock();
        Stores stores = new InMemoryStores().stores();
        RepositoryName repository = new RepositoryName("acme/s3");
        stores.repositories().insert(new NewSourceRepository(repository, "main", Forge.LOCAL), clock.instant());
        Actor ci = new Actor(1, "ci", Channel.API, List.of(Permission.parse("admin@global")), Optional.empty());
        String text = LogArchiveTest.buildLog(40_000, 30_000, "kept in object storage");
        try (LogArchive archive = new LogArchive(stores.logs(), stores.repositories(),
                new Authorizer(stores.auditLog(), clock), clock, store(SECRET_KEY, S3BlobStore.SINGLE_PUT_LIMIT,
                        S3BlobStore.PART_SIZE),
                directory.resolve("work"), new LogArchive.Settings(1L << 30,
                        Optional.empty()))) {
            archive.start();
            StoredLog log = archive.upload(ci, LogSource.build(repository, "0123abcd", "unit", 1),
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), false, OptionalLong.empty(),
                    Optional.empty()).log();
            archive.awaitIndexed(Duration.ofSeconds(30));
            assertThat(archive.search(ci, "kept in object storage", LogFilter.ALL, 1, 5).matches())
                    .singleElement().satisfies(match -> assertThat(match.line()).isEqualTo(30_001));
            try (InputStream whole = new GZIPInputStream(archive.compressed(ci, log.id()))) {
                assertThat(new String(whole.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(text);
            }
            assertThat(archive.lines(ci, log.id(), 40_000, 40_000)).singleElement()
                    .satisfies(line -> assertThat(line.text()).startsWith("[INFO] Compiling module 40000"));
        }
        assertThat(context.getBlobStore().list(BUCKET).size()).isPositive();
    }
}
