package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Authenticates as a GitHub App, the way GitHub documents it: a JSON Web Token signed with the App's private key
 * (RS256, valid ten minutes at most) finds the App's installation on a repository and exchanges it for an installation
 * token, which lasts an hour and is renewed five minutes before it runs out. Check runs can only be written this way.
 */
public final class GitHubAppCredentials implements GitHubApi.Credentials {
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final URI base;
    private final String appId;
    private final PrivateKey key;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Long> installations = new HashMap<>();
    private final Map<Long, Token> tokens = new HashMap<>();

    private record Token(String value, Instant expiresAt) {
    }

    public GitHubAppCredentials(URI base, String appId, PrivateKey key, Clock clock) {
        this.base = URI.create(requireNonNull(base, "base is null").toString().replaceAll("/+$", ""));
        this.appId = requireNonNull(appId, "appId is null");
        this.key = requireNonNull(key, "key is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public synchronized String authorization(String repository) {
        Long installation = installations.get(repository);
        if (installation == null) {
            JsonNode found = call("GET", "/repos/" + repository + "/installation",
                    "find the GitHub App's installation on " + repository);
            installation = found.path("id").asLong();
            installations.put(repository, installation);
        }
        Token token = tokens.get(installation);
        if (token == null || !clock.instant().plus(RENEW_BEFORE).isBefore(token.expiresAt())) {
            JsonNode issued = call("POST", "/app/installations/" + installation + "/access_tokens",
                    "get an installation token for " + repository);
            token = new Token(issued.path("token").asString(), Instant.parse(issued.path("expires_at").asString()));
            tokens.put(installation, token);
        }
        return "Bearer " + token.value();
    }

    private JsonNode call(String method, String path, String what) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "mainline-merge-queue")
                .header("Authorization", "Bearer " + jwt())
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = GitHubApi.JSON.readTree(response.body());
            if (response.statusCode() / 100 != 2) {
                throw new GitHubApi.GitHubApiException(response.statusCode(), "GitHub refused to %s: %s".formatted(
                        what, body == null ? "HTTP " + response.statusCode() : body.path("message").asString()));
            }
            return body;
        } catch (IOException | JacksonException e) {
            throw new GitHubApi.GitHubApiException(0, "cannot %s: %s".formatted(what, e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApi.GitHubApiException(0, "interrupted while trying to " + what, e);
        }
    }

    /** The App's JSON Web Token: issued a minute ago (clock drift), expiring in nine minutes. */
    String jwt() {
        long now = clock.instant().getEpochSecond();
        String header = encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String claims = encode("{\"iat\":%d,\"exp\":%d,\"iss\":\"%s\"}".formatted(now - 60, now + 540, appId));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the GitHub App's token", e);
        }
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the private key GitHub gives an App: PEM, either PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what GitHub
     * downloads) or PKCS#8 ({@code BEGIN PRIVATE KEY}).
     */
    public static PrivateKey readPrivateKey(String pem) {
        requireNonNull(pem, "pem is null");
        boolean pkcs1 = pem.contains("-----BEGIN RSA PRIVATE KEY-----");
        if (!pkcs1 && !pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(
                    "the GitHub App private key must be PEM (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)");
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the GitHub App private key is not valid base64 PEM");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? pkcs8(der) : der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the GitHub App private key is not an RSA key: " + e.getMessage());
        }
    }

    /** Wraps a PKCS#1 RSA key in PKCS#8's PrivateKeyInfo: version 0, the rsaEncryption algorithm, the key. */
    private static byte[] pkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] key = der(0x04, pkcs1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(algorithm);
        body.writeBytes(key);
        return der(0x30, body.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((length >>> (8 * i)) & 0xff);
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "GitHubAppCredentials[app " + appId + "]";
    }
}
