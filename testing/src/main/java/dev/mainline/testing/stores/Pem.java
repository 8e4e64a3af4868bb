package dev.mainline.testing.stores;

import java.security.PrivateKey;
import java.util.Base64;

/** Keys written the way the stores hand them out: PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
final class Pem {
    private Pem() {
    }

    static String privateKey(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
