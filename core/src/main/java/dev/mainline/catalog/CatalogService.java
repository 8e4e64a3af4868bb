package dev.mainline.catalog;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.AppKey;
import dev.mainline.common.MainlineException;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Transactions;
import dev.mainline.identity.Action;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Role;
import dev.mainline.identity.Scope;
import dev.mainline.identity.ScopeDirectory;
import java.time.Clock;
import java.util.List;

/**
 * The apps and repositories Mainline knows. They are what roles are scoped to: a release manager of one app may change
 * that app and no other.
 */
public final class CatalogService implements ScopeDirectory {
    private final AppStore apps;
    private final SourceRepositoryStore repositories;
    private final Authorizer authorizer;
    private final Transactions transactions;
    private final Clock clock;

    public CatalogService(AppStore apps, SourceRepositoryStore repositories, Authorizer authorizer,
            Transactions transactions, Clock clock) {
        this.apps = requireNonNull(apps, "apps is null");
        this.repositories = requireNonNull(repositories, "repositories is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public App createApp(Actor actor, NewApp app) {
        authorizer.require(actor, Action.APP_CREATE, Scope.global(), appTarget(app.key()));
        return transactions.inTransaction(() -> {
            App created = apps.insert(app, clock.instant());
            authorizer.succeeded(actor, Action.APP_CREATE, appTarget(app.key()),
                    "registered app '%s' on %s".formatted(app.key(), created.platforms()));
            return created;
        });
    }

    public App updateApp(Actor actor, AppKey key, AppUpdate update) {
        authorizer.require(actor, Action.APP_UPDATE, Scope.app(key.value()), appTarget(key));
        return transactions.inTransaction(() -> {
            App existing = requireApp(key);
            App updated = apps.update(existing.id(), update.displayName().orElse(existing.displayName()),
                    update.platforms().orElse(existing.platforms()), clock.instant());
            authorizer.succeeded(actor, Action.APP_UPDATE, appTarget(key), "updated app '%s'".formatted(key));
            return updated;
        });
    }

    public App app(Actor actor, AppKey key) {
        authorizer.require(actor, Action.APP_READ, Scope.app(key.value()), appTarget(key));
        return requireApp(key);
    }

    /** The apps the actor may see, in registration order; a page can hold fewer items than its limit. */
    public Page<App> apps(Actor actor, PageRequest page) {
        Page<App> all = apps.list(page);
        List<App> visible = all.items().stream()
                .filter(app -> actor.may(Role.VIEWER, Scope.app(app.key().value())))
                .toList();
        return new Page<>(visible, all.next());
    }

    public SourceRepository createRepository(Actor actor, NewSourceRepository repository) {
        authorizer.require(actor, Action.REPOSITORY_CREATE, Scope.global(), repositoryTarget(repository.name()));
        return transactions.inTransaction(() -> {
            SourceRepository created = repositories.insert(repository, clock.instant());
            authorizer.succeeded(actor, Action.REPOSITORY_CREATE, repositoryTarget(repository.name()),
                    "registered %s repository '%s'".formatted(repository.forge(), repository.name()));
            return created;
        });
    }

    public SourceRepository repository(Actor actor, RepositoryName name) {
        authorizer.require(actor, Action.REPOSITORY_READ, Scope.repository(name.value()), repositoryTarget(name));
        return repositories.findByName(name)
                .orElseThrow(() -> MainlineException.notFound("repository '%s' does not exist", name));
    }

    /** The repositories the actor may see, in registration order; a page can hold fewer items than its limit. */
    public Page<SourceRepository> repositories(Actor actor, PageRequest page) {
        Page<SourceRepository> all = repositories.list(page);
        List<SourceRepository> visible = all.items().stream()
                .filter(repository -> actor.may(Role.VIEWER, Scope.repository(repository.name().value())))
                .toList();
        return new Page<>(visible, all.next());
    }

    @Override
    public boolean exists(Scope scope) {
        return switch (scope.kind()) {
            case GLOBAL -> true;
            case APP -> apps.findByKey(new AppKey(scope.name())).isPresent();
            case REPOSITORY -> repositories.findByName(new RepositoryName(scope.name())).isPresent();
        };
    }

    private App requireApp(AppKey key) {
        return apps.findByKey(key).orElseThrow(() -> MainlineException.notFound("app '%s' does not exist", key));
    }

    private static String appTarget(AppKey key) {
        return "app:" + key;
    }

    private static String repositoryTarget(RepositoryName name) {
        return "repository:" + name;
    }
}
