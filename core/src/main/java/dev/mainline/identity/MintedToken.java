package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

/** A token just minted: the only moment its secret exists outside the holder's hands. */
public record MintedToken(ApiToken token, String secret) {
    public MintedToken {
        requireNonNull(token, "token is null");
        requireNonNull(secret, "secret is null");
    }

    @Override
    public String toString() {
        // Keeps the secret out of logs and exception messages.
        return "MintedToken[token=" + token.id() + ", prefix=" + token.prefix() + "]";
    }
}
