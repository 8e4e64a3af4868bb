package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.audit.AuditLog;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.common.Transactions;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates the first administrator. There is no default password: while nobody is a global administrator, each start
 * opens a window with a fresh one-time secret that only someone with access to the machine can read (the server writes
 * it to a file in the data directory). Presenting it creates the administrator and a token, and closes the window for
 * good.
 */
public final class BootstrapService {
    private static final String ACTOR = "bootstrap";

    private final UserStore users;
    private final GrantStore grants;
    private final BootstrapStore bootstrapStore;
    private final TokenService tokenService;
    private final TokenSecrets secrets;
    private final AuditLog auditLog;
    private final Transactions transactions;
    private final Clock clock;
    private final AtomicReference<String> secretHash = new AtomicReference<>();

    public BootstrapService(UserStore users, GrantStore grants, BootstrapStore bootstrapStore,
            TokenService tokenService,
            TokenSecrets secrets, AuditLog auditLog, Transactions transactions, Clock clock) {
        this.users = requireNonNull(users, "users is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.bootstrapStore = requireNonNull(bootstrapStore, "bootstrapStore is null");
        this.tokenService = requireNonNull(tokenService, "tokenService is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.auditLog = requireNonNull(auditLog, "auditLog is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The outcome of a bootstrap: the administrator and their first token. */
    public record Result(User admin, MintedToken token) {
        public Result {
            requireNonNull(admin, "admin is null");
            requireNonNull(token, "token is null");
        }
    }

    /** Opens the window when nobody administers Mainline yet; returns the one-time secret to hand to the operator. */
    public Optional<String> open() {
        if (isCompleted()) {
            secretHash.set(null);
            return Optional.empty();
        }
        String secret = secrets.newSecret();
        secretHash.set(TokenSecrets.hash(secret));
        return Optional.of(secret);
    }

    public boolean isOpen() {
        return secretHash.get() != null;
    }

    public boolean isCompleted() {
        return bootstrapStore.completedAt().isPresent() || grants.anyGlobalAdmin();
    }

    public Result complete(String presentedSecret, NewUser admin, Channel channel) {
        requireNonNull(presentedSecret, "presentedSecret is null");
        requireNonNull(admin, "admin is null");
        String expected = secretHash.get();
        if (expected == null) {
            throw new MainlineException(ErrorCode.BOOTSTRAP_UNAVAILABLE,
                    "bootstrap is closed: an administrator already exists; ask them for an account");
        }
        if (!TokenSecrets.sameHash(expected, TokenSecrets.hash(presentedSecret))) {
            auditLog.append(new AuditRecord(clock.instant(), ACTOR, Optional.empty(), channel, Action.BOOTSTRAP.key(),
                    UserService.target(admin.login()), Outcome.DENIED, "wrong bootstrap token"));
            throw new MainlineException(ErrorCode.PERMISSION_DENIED,
                    "the bootstrap token does not match the one in the server's data directory");
        }
        Result result = transactions.inTransaction(() -> {
            if (grants.anyGlobalAdmin() || !bootstrapStore.markCompleted(admin.login(), clock.instant())) {
                throw new MainlineException(ErrorCode.BOOTSTRAP_UNAVAILABLE,
                        "bootstrap is closed: an administrator already exists; ask them for an account");
            }
            User user = users.insert(admin, clock.instant());
            grants.insert(user.id(), Permission.of(Role.ADMIN, Scope.global()), ACTOR, clock.instant());
            MintedToken token = tokenService.issue(user, TokenRequest.unrestricted("bootstrap"), Optional.empty());
            auditLog.append(new AuditRecord(clock.instant(), ACTOR, Optional.empty(), channel, Action.BOOTSTRAP.key(),
                    UserService.target(user.login()), Outcome.SUCCEEDED,
                    "created first administrator '%s' with token %d (%s)".formatted(user.login(), token.token().id(),
                            token.token().prefix())));
            return new Result(user, token);
        });
        secretHash.set(null);
        return result;
    }
}
