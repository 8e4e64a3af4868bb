package dev.mainline.identity;

import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import java.time.Instant;
import java.util.Optional;

/** Where users live. Logins and every external handle are unique; a clash is reported as already-exists. */
public interface UserStore {
    User insert(NewUser user, Instant now);

    /** Replaces the display name and handles of an existing user. */
    User update(long id, String displayName, ExternalHandles handles, Instant now);

    Optional<User> findById(long id);

    Optional<User> findByLogin(String login);

    Optional<User> findByGithubLogin(String githubLogin);

    Optional<User> findBySlackUserId(String slackUserId);

    /** Users in id order. */
    Page<User> list(PageRequest page);
}
