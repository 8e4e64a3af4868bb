package dev.mainline.server.catalog;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.App;
import dev.mainline.catalog.AppUpdate;
import dev.mainline.catalog.CatalogService;
import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewApp;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.catalog.Platform;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.common.AppKey;
import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Actor;
import dev.mainline.local.LocalMergeQueues;
import dev.mainline.server.http.PageResponse;
import dev.mainline.server.http.Requests;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Apps and repositories: the objects roles are scoped to. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
public class CatalogController {
    private static final int MAX_PLATFORMS = 2;

    private final CatalogService catalog;
    private final LocalMergeQueues localQueues;

    public CatalogController(CatalogService catalog, LocalMergeQueues localQueues) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.localQueues = requireNonNull(localQueues, "localQueues is null");
    }

    record AppView(long id, String key, String displayName, List<String> platforms, Instant createdAt,
            Instant updatedAt) {
        static AppView of(App app) {
            return new AppView(app.id(), app.key().value(), app.displayName(),
                    app.platforms().stream().map(Platform::key).sorted().toList(), app.createdAt(), app.updatedAt());
        }
    }

    record CreateAppRequest(String key, String displayName, List<String> platforms) {
    }

    record UpdateAppRequest(String displayName, List<String> platforms) {
    }

    /** {@code pushTo}: for a local repository, the git repository on the server's disk to push to. */
    record RepositoryView(long id, String name, String defaultBranch, String forge, Instant createdAt, String pushTo) {
        static RepositoryView of(SourceRepository repository, LocalMergeQueues localQueues) {
            return new RepositoryView(repository.id(), repository.name().value(), repository.defaultBranch(),
                    repository.forge().key(), repository.createdAt(), repository.forge() == Forge.LOCAL
                            ? localQueues.location(repository.name()).toString()
                            : null);
        }
    }

    record CreateRepositoryRequest(String name, String defaultBranch, String forge) {
    }

    @PostMapping(path = "/apps", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    public AppView createApp(Actor actor, @RequestBody CreateAppRequest request) {
        Requests.required(request, "body");
        NewApp app = new NewApp(new AppKey(request.key()), request.displayName(),
                platforms(Requests.requiredList(request.platforms(), "platforms", MAX_PLATFORMS)));
        return AppView.of(catalog.createApp(actor, app));
    }

    @GetMapping("/apps")
    public PageResponse<AppView> apps(Actor actor, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return PageResponse.of(catalog.apps(actor, PageResponse.request(cursor, limit)), AppView::of);
    }

    @GetMapping("/apps/{key}")
    public AppView app(Actor actor, @PathVariable String key) {
        return AppView.of(catalog.app(actor, new AppKey(key)));
    }

    @PatchMapping(path = "/apps/{key}", consumes = "application/json")
    public AppView updateApp(Actor actor, @PathVariable String key, @RequestBody UpdateAppRequest request) {
        Requests.required(request, "body");
        Optional<Set<Platform>> platforms = Optional.ofNullable(request.platforms())
                .map(values -> platforms(Requests.requiredList(values, "platforms", MAX_PLATFORMS)));
        return AppView.of(catalog.updateApp(actor, new AppKey(key),
                new AppUpdate(Optional.ofNullable(request.displayName()), platforms)));
    }

    @PostMapping(path = "/repositories", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    public RepositoryView createRepository(Actor actor, @RequestBody CreateRepositoryRequest request) {
        Requests.required(request, "body");
        NewSourceRepository repository = new NewSourceRepository(new RepositoryName(request.name()),
                Optional.ofNullable(request.defaultBranch()).orElse("main"),
                Forge.fromKey(Optional.ofNullable(request.forge()).orElse(Forge.LOCAL.key())));
        SourceRepository created = catalog.createRepository(actor, repository);
        if (created.forge() == Forge.LOCAL) {
            localQueues.prepare(created);
        }
        return RepositoryView.of(created, localQueues);
    }

    @GetMapping("/repositories")
    public PageResponse<RepositoryView> repositories(Actor actor, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return PageResponse.of(catalog.repositories(actor, PageResponse.request(cursor, limit)),
                repository -> RepositoryView.of(repository, localQueues));
    }

    @GetMapping("/repositories/{owner}/{name}")
    public RepositoryView repository(Actor actor, @PathVariable String owner, @PathVariable String name) {
        return RepositoryView.of(catalog.repository(actor, new RepositoryName(owner + "/" + name)), localQueues);
    }

    private static Set<Platform> platforms(List<String> keys) {
        return keys.stream().map(Platform::fromKey).collect(Collectors.toSet());
    }
}
