package dev.mainline.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API tokens, found by the hash of their secret. */
public interface TokenStore {
    ApiToken insert(NewApiToken token);

    Optional<ApiToken> findBySecretHash(String secretHash);

    Optional<ApiToken> findById(long id);

    List<ApiToken> listForUser(long userId);

    /** Marks a token revoked; false when it does not exist or was already revoked. */
    boolean revoke(long id, Instant now);
}
