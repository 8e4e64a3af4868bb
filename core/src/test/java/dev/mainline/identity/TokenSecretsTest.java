package dev.mainline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class TokenSecretsTest {
    private final TokenSecrets secrets = new TokenSecrets(new SecureRandom());

    @Test
    void makesPrefixedSecretsOf256Bits() {
        String secret = secrets.newSecret();

        // 32 bytes are 43 characters of unpadded base64.
        assertThat(secret).startsWith("mlt_").hasSize(4 + 43).matches("mlt_[A-Za-z0-9_-]{43}");
        assertThat(TokenSecrets.looksLikeSecret(secret)).isTrue();
    }

    @Test
    void makesADifferentSecretEachTime() {
        assertThat(secrets.newSecret()).isNotEqualTo(secrets.newSecret());
    }

    @Test
    void hashesToSha256HexThatDoesNotContainTheSecret() {
        String secret = secrets.newSecret();
        String hash = TokenSecrets.hash(secret);

        assertThat(hash).matches("[0-9a-f]{64}").isEqualTo(TokenSecrets.hash(secret)).doesNotContain(secret);
        assertThat(TokenSecrets.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void keepsOnlyAShortPrefixInClear() {
        assertThat(TokenSecrets.displayPrefix("mlt_abcdefghijklmnop")).isEqualTo("mlt_abcdefgh");
        assertThat(TokenSecrets.displayPrefix("mlt_ab")).isEqualTo("mlt_ab");
    }

    @Test
    void comparesHashes() {
        assertThat(TokenSecrets.sameHash(TokenSecrets.hash("a"), TokenSecrets.hash("a"))).isTrue();
        assertThat(TokenSecrets.sameHash(TokenSecrets.hash("a"), TokenSecrets.hash("b"))).isFalse();
    }

    @Test
    void recognisesOnlyPrefixedSecretsOfSaneLength() {
        assertThat(TokenSecrets.looksLikeSecret("ghp_abcdef")).isFalse();
        assertThat(TokenSecrets.looksLikeSecret("mlt_" + "a".repeat(97))).isFalse();
        assertThat(TokenSecrets.looksLikeSecret("mlt_" + "a".repeat(96))).isTrue();
    }
}
