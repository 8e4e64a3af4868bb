package dev.mainline.appstores;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A signed JSON Web Token (RFC 7519): RS256 for Google's service accounts, ES256 for App Store Connect's keys. */
final class Jwt {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Jwt() {
    }

    /**
     * {@code header.claims.signature}, base64url; {@code algorithm} is the JDK's name: {@code SHA256withRSA}, or
     * {@code SHA256withECDSAinP1363Format} (ES256 wants the signature as R and S side by side, not DER).
     */
    static String sign(ObjectNode header, ObjectNode claims, String algorithm, PrivateKey key) {
        String signed = URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + URL.encodeToString(JSON.writeValueAsBytes(claims));
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token with " + algorithm, e);
        }
    }
}
