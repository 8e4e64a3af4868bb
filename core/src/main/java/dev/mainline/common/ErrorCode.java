package dev.mainline.common;

import static java.util.Objects.requireNonNull;

/**
 * Every error Mainline reports, with a stable code that clients, metrics and documentation rely on. Codes are never
 * renamed or reused once released.
 */
public enum ErrorCode {
    INVALID_ARGUMENT("invalid-argument", Kind.INVALID),
    MALFORMED_REQUEST("malformed-request", Kind.INVALID),
    PAYLOAD_TOO_LARGE("payload-too-large", Kind.TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", Kind.UNSUPPORTED),
    METHOD_NOT_ALLOWED("method-not-allowed", Kind.METHOD_NOT_ALLOWED),
    UNAUTHENTICATED("unauthenticated", Kind.UNAUTHENTICATED),
    TOKEN_INVALID("token-invalid", Kind.UNAUTHENTICATED),
    TOKEN_EXPIRED("token-expired", Kind.UNAUTHENTICATED),
    TOKEN_REVOKED("token-revoked", Kind.UNAUTHENTICATED),
    PERMISSION_DENIED("permission-denied", Kind.FORBIDDEN),
    NOT_FOUND("not-found", Kind.NOT_FOUND),
    ALREADY_EXISTS("already-exists", Kind.CONFLICT),
    BOOTSTRAP_UNAVAILABLE("bootstrap-unavailable", Kind.CONFLICT),
    LAST_ADMINISTRATOR("last-administrator", Kind.CONFLICT),
    /** A repository's merge queue cannot run as things are (no main branch, no or an invalid .mainline.yml). */
    QUEUE_NOT_RUNNING("queue-not-running", Kind.CONFLICT),
    /** A release action the runbook does not allow now; the problem names the gate. */
    GATE_NOT_MET("gate-not-met", Kind.CONFLICT),
    /** An app store refused a change (a halted track that needs a new build, a version not ready, …). */
    STORE_REFUSED("store-refused", Kind.CONFLICT),
    /** An app store could not be reached or asked to wait (its quota); nothing changed. */
    STORE_UNAVAILABLE("store-unavailable", Kind.UNAVAILABLE),
    /** The repository's forge or CI (GitHub) refused a release step (no such workflow, branch or ref); nothing changed. */
    FORGE_REFUSED("forge-refused", Kind.CONFLICT),
    /** The repository's forge or CI (GitHub) could not be reached or asked to wait; nothing changed. */
    FORGE_UNAVAILABLE("forge-unavailable", Kind.UNAVAILABLE),
    INTERNAL("internal", Kind.INTERNAL);

    /** The broad class of an error; the HTTP layer maps each kind to one status code. */
    public enum Kind {
        INVALID,
        TOO_LARGE,
        UNSUPPORTED,
        METHOD_NOT_ALLOWED,
        UNAUTHENTICATED,
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT,
        UNAVAILABLE,
        INTERNAL
    }

    private final String code;
    private final Kind kind;

    ErrorCode(String code, Kind kind) {
        this.code = requireNonNull(code, "code is null");
        this.kind = requireNonNull(kind, "kind is null");
    }

    /** The stable, kebab-case identifier carried in problem responses and metric tags. */
    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }
}
