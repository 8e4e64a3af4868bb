package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;

/** The outcome of presenting a token: an actor, or a refusal with the reason. */
public sealed interface Authentication {
    record Authenticated(Actor actor) implements Authentication {
        public Authenticated {
            requireNonNull(actor, "actor is null");
        }
    }

    record Refused(ErrorCode errorCode, String reason) implements Authentication {
        public Refused {
            requireNonNull(errorCode, "errorCode is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
