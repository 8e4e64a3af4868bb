package dev.mainline.logarchive;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Blobs in an S3-compatible object store (AWS S3, MinIO, Ceph, R2, s3proxy), spoken in S3's REST API with Signature
 * Version 4, path-style or virtual-hosted. Files up to {@link #SINGLE_PUT_LIMIT} go up in one PUT with their SHA-256
 * signed; larger ones as a multipart upload. Reads are ranged GETs. The secret key is used to sign and never logged.
 */
public final class S3BlobStore implements BlobStore {
    static final long SINGLE_PUT_LIMIT = 1L << 30;
    static final long PART_SIZE = 256L << 20;
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern UPLOAD_ID = Pattern.compile("<UploadId>([^<]+)</UploadId>");
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final URI endpoint;
    private final String region;
    private final String bucket;
    private final String accessKey;
    private final String secretKey;
    private final boolean pathStyle;
    private final Clock clock;
    private final long singlePutLimit;
    private final long partSize;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** Where and as whom: {@code endpoint} such as {@code https://s3.eu-west-1.amazonaws.com}. */
    public record Settings(URI endpoint, String region, String bucket, String accessKey, String secretKey,
            boolean pathStyle) {
        public Settings {
            requireNonNull(endpoint, "endpoint is null");
            requireNonNull(region, "region is null");
            requireNonNull(bucket, "bucket is null");
            requireNonNull(accessKey, "accessKey is null");
            requireNonNull(secretKey, "secretKey is null");
        }

        @Override
        public String toString() {
            return "Settings[endpoint=%s, region=%s, bucket=%s, accessKey=%s, secretKey=(hidden), pathStyle=%s]"
                    .formatted(endpoint, region, bucket, accessKey, pathStyle);
        }
    }

    public S3BlobStore(Settings settings, Clock clock) {
        this(settings, clock, SINGLE_PUT_LIMIT, PART_SIZE);
    }

    /** With other sizes for multipart uploads (S3 takes parts of 5 MiB and more). */
    S3BlobStore(Settings settings, Clock clock, long singlePutLimit, long partSize) {
        this.singlePutLimit = singlePutLimit;
        this.partSize = partSize;
        this.endpoint = URI.create(settings.endpoint().toString().replaceAll("/+$", ""));
        this.region = settings.region();
        this.bucket = settings.bucket();
        this.accessKey = settings.accessKey();
        this.secretKey = settings.secretKey();
        this.pathStyle = settings.pathStyle();
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void put(String key, Path file) throws IOException {
        long size = Files.size(file);
        if (size > singlePutLimit) {
            putInParts(key, file, size);
        } else {
            String sha = sha256(file, 0, size);
            HttpResponse<String> response = send("PUT", key, Map.of(), sha,
                    HttpRequest.BodyPublishers.ofFile(file), Map.of());
            expect(response, 200, "PUT", key);
        }
        Files.deleteIfExists(file);
    }

    private void putInParts(String key, Path file, long size) throws IOException {
        HttpResponse<String> created = send("POST", key, Map.of("uploads", ""), EMPTY_SHA256,
                HttpRequest.BodyPublishers.noBody(), Map.of());
        expect(created, 200, "POST ?uploads", key);
        Matcher id = UPLOAD_ID.matcher(created.body());
        if (!id.find()) {
            throw new IOException("the object store started no multipart upload for " + key);
        }
        String uploadId = id.group(1);
        List<String> etags = new ArrayList<>();
        try {
            for (long offset = 0; offset < size; offset += partSize) {
                long length = Math.min(partSize, size - offset);
                long from = offset;
                String sha = sha256(file, from, length);
                HttpResponse<String> part = send("PUT", key, Map.of("partNumber",
                        Integer.toString(etags.size() + 1), "uploadId", uploadId), sha,
                        HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                            try {
                                return LocalBlobStore.slice(file, from, length);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }), length), Map.of());
                expect(part, 200, "PUT part", key);
                etags.add(part.headers().firstValue("etag").orElseThrow(() -> new IOException(
                        "the object store gave no ETag for a part of " + key)));
            }
            StringBuilder complete = new StringBuilder("<CompleteMultipartUpload>");
            for (int i = 0; i < etags.size(); i++) {
                complete.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>")
                        .append(etags.get(i).replace("&", "&amp;").replace("<", "&lt;")).append("</ETag></Part>");
            }
            byte[] body = complete.append("</CompleteMultipartUpload>").toString().getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> done = send("POST", key, Map.of("uploadId", uploadId), sha256(body),
                    HttpRequest.BodyPublishers.ofByteArray(body), Map.of("content-type", "application/xml"));
            // S3 may answer 200 with an error in the body.
            if (done.statusCode() != 200 || done.body().contains("<Error>")) {
                throw new IOException("the object store did not complete the upload of %s: HTTP %d"
                        .formatted(key, done.statusCode()));
            }
        } catch (IOException | RuntimeException e) {
            send("DELETE", key, Map.of("uploadId", uploadId), EMPTY_SHA256, HttpRequest.BodyPublishers.noBody(),
                    Map.of());
            throw e;
        }
    }

    @Override
    public InputStream read(String key, long offset, long length) throws IOException {
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        Map<String, String> headers = offset == 0 && length < 0
                ? Map.of()
                : Map.of("range", "bytes=%d-%s".formatted(offset, length < 0
                        ? ""
                        : Long.toString(offset + length
                                - 1)));
        HttpRequest request = signed("GET", key, Map.of(), EMPTY_SHA256, HttpRequest.BodyPublishers.noBody(),
                headers);
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 404) {
            response.body().close();
            throw new FileNotFoundException("no blob " + key);
        }
        if (response.statusCode() != 200 && response.statusCode() != 206) {
            String body = new String(response.body().readNBytes(2000), StandardCharsets.UTF_8);
            response.body().close();
            throw new IOException("GET %s: the object store answered HTTP %d %s".formatted(key,
                    response.statusCode(), errorCode(body)));
        }
        if (response.statusCode() == 200 && !headers.isEmpty()) {
            // The store ignored the range and sent the whole object: skip to the range here.
            InputStream whole = response.body();
            whole.skipNBytes(offset);
            return length < 0 ? whole : new LocalBlobStore.BoundedInputStream(whole, length);
        }
        return response.body();
    }

    @Override
    public boolean exists(String key) throws IOException {
        HttpResponse<String> response = send("HEAD", key, Map.of(), EMPTY_SHA256,
                HttpRequest.BodyPublishers.noBody(), Map.of());
        if (response.statusCode() == 404) {
            return false;
        }
        expect(response, 200, "HEAD", key);
        return true;
    }

    @Override
    public void delete(String key) throws IOException {
        HttpResponse<String> response = send("DELETE", key, Map.of(), EMPTY_SHA256,
                HttpRequest.BodyPublishers.noBody(), Map.of());
        if (response.statusCode() != 204 && response.statusCode() != 200 && response.statusCode() != 404) {
            expect(response, 204, "DELETE", key);
        }
    }

    @Override
    public String describe() {
        return "s3 bucket %s at %s".formatted(bucket, endpoint);
    }

    private HttpResponse<String> send(String method, String key, Map<String, String> query, String payloadSha,
            HttpRequest.BodyPublisher body, Map<String, String> headers) throws IOException {
        return exchange(signed(method, key, query, payloadSha, body, headers),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted talking to the object store", e);
        }
    }

    /** The request signed with AWS Signature Version 4 (service {@code s3}). */
    HttpRequest signed(String method, String key, Map<String, String> query, String payloadSha,
            HttpRequest.BodyPublisher body, Map<String, String> extraHeaders) {
        // An endpoint may sit under a path (a gateway's prefix); its port is left out where it is the scheme's own,
        // as the HTTP client leaves it out of the Host header it sends.
        String prefix = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        String path = prefix + (pathStyle ? "/" + encode(bucket) + "/" + encodePath(key) : "/" + encodePath(key));
        String host = pathStyle ? endpoint.getHost() : bucket + "." + endpoint.getHost();
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || (port == 443 && endpoint.getScheme().equals("https"))
                || (port == 80 && endpoint.getScheme().equals("http"));
        if (!defaultPort) {
            host += ":" + port;
        }
        String amzDate = AMZ_DATE.format(clock.instant());
        String day = amzDate.substring(0, 8);
        TreeMap<String, String> canonicalQuery = new TreeMap<>();
        query.forEach((name, value) -> canonicalQuery.put(encode(name), encode(value)));
        String queryString = String.join("&", canonicalQuery.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).toList());
        TreeMap<String, String> headers = new TreeMap<>();
        headers.put("host", host);
        headers.put("x-amz-content-sha256", payloadSha);
        headers.put("x-amz-date", amzDate);
        extraHeaders.forEach((name, value) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), value.strip()));
        String signedHeaders = String.join(";", headers.keySet());
        StringBuilder canonical = new StringBuilder().append(method).append('\n').append(path).append('\n')
                .append(queryString).append('\n');
        headers.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
        canonical.append('\n').append(signedHeaders).append('\n').append(payloadSha);
        String scope = day + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
        byte[] signingKey = hmac(hmac(hmac(hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day), region),
                "s3"), "aws4_request");
        String signature = HexFormat.of().formatHex(hmac(signingKey, toSign));
        URI uri = URI.create(endpoint.getScheme() + "://" + host + path + (queryString.isEmpty()
                ? ""
                : "?" + queryString));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).method(method, body)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s"
                        .formatted(accessKey, scope, signedHeaders, signature));
        headers.forEach((name, value) -> {
            if (!name.equals("host")) {
                request.header(name, value);
            }
        });
        return request.build();
    }

    private static void expect(HttpResponse<String> response, int status, String what, String key)
            throws IOException {
        if (response.statusCode() != status) {
            throw new IOException("%s %s: the object store answered HTTP %d %s".formatted(what, key,
                    response.statusCode(), errorCode(response.body())));
        }
    }

    /** S3's error code from an error body, never the body itself (it may echo the request). */
    private static String errorCode(String body) {
        Matcher code = Pattern.compile("<Code>([^<]{1,100})</Code>").matcher(body == null ? "" : body);
        return code.find() ? code.group(1) : "";
    }

    /** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters. */
    static String encode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    private static String encodePath(String key) {
        return String.join("/", java.util.Arrays.stream(key.split("/", -1)).map(S3BlobStore::encode).toList());
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(Path file, long offset, long length) throws IOException {
        try (InputStream in = LocalBlobStore.slice(file, offset, length)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
