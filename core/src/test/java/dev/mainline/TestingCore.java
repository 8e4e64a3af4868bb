package dev.mainline;

import dev.mainline.audit.AuditService;
import dev.mainline.audit.Channel;
import dev.mainline.catalog.CatalogService;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authentication;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.BootstrapService;
import dev.mainline.identity.ExternalHandles;
import dev.mainline.identity.GrantService;
import dev.mainline.identity.NewUser;
import dev.mainline.identity.Permission;
import dev.mainline.identity.Role;
import dev.mainline.identity.Scope;
import dev.mainline.identity.TokenPolicy;
import dev.mainline.identity.TokenSecrets;
import dev.mainline.identity.TokenService;
import dev.mainline.identity.User;
import dev.mainline.identity.UserService;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The core's services wired to {@link TestingCoreStores} and a {@link TestingClock}, as the server wires them. */
public final class TestingCore {
    public static final TokenPolicy TOKEN_POLICY = new TokenPolicy(Duration.ofDays(30), Duration.ofDays(90));

    private final TestingClock clock = new TestingClock();
    private final TestingCoreStores testingStores = new TestingCoreStores();
    private final Stores stores = testingStores.stores();
    private final TokenSecrets secrets = new TokenSecrets(new SecureRandom());
    private final Authorizer authorizer = new Authorizer(stores.auditLog(), clock);
    private final UserService userService = new UserService(stores.users(), authorizer, stores.transactions(), clock);
    private final CatalogService catalogService = new CatalogService(stores.apps(), stores.repositories(), authorizer,
            stores.transactions(), clock);
    private final GrantService grantService = new GrantService(userService, stores.grants(), catalogService,
            authorizer, stores.transactions(), clock);
    private final TokenService tokenService = new TokenService(userService, stores.users(), stores.grants(),
            stores.tokens(), secrets, TOKEN_POLICY, authorizer, stores.transactions(), clock);
    private final AuditService auditService = new AuditService(stores.auditLog(), authorizer);
    private final BootstrapService bootstrapService = newBootstrapService();

    /**
     * Creates a global administrator straight in the stores, as if bootstrapped earlier, and returns them acting
     * through the API without a token.
     */
    public Actor createAdmin(String login) {
        User admin = stores.users().insert(new NewUser(login, "Administrator " + login, ExternalHandles.none()),
                clock.instant());
        Permission permission = Permission.of(Role.ADMIN, Scope.global());
        stores.grants().insert(admin.id(), permission, "test", clock.instant());
        return new Actor(admin.id(), login, Channel.API, List.of(permission), Optional.empty());
    }

    /** The actor a secret authenticates, or a failed assertion saying why it was refused. */
    public Actor authenticate(String secret, Channel channel) {
        Authentication authentication = tokenService.authenticate(secret, channel);
        if (authentication instanceof Authentication.Authenticated authenticated) {
            return authenticated.actor();
        }
        throw new AssertionError("expected the token to authenticate, but: " + authentication);
    }

    /** Another bootstrap service on the same stores, as after a restart of the server. */
    public BootstrapService newBootstrapService() {
        return new BootstrapService(stores.users(), stores.grants(), stores.bootstrap(), tokenService, secrets,
                stores.auditLog(), stores.transactions(), clock);
    }

    public TestingClock clock() {
        return clock;
    }

    public Stores stores() {
        return stores;
    }

    public TestingAuditLog auditLog() {
        return testingStores.auditLog();
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public UserService userService() {
        return userService;
    }

    public CatalogService catalogService() {
        return catalogService;
    }

    public GrantService grantService() {
        return grantService;
    }

    public TokenService tokenService() {
        return tokenService;
    }

    public AuditService auditService() {
        return auditService;
    }

    public BootstrapService bootstrapService() {
        return bootstrapService;
    }
}
