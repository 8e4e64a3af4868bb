package dev.mainline.cli;

import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** A command about one repository, through the HTTP API: the server, the token and {@code --repo}. */
abstract class RepositoryCommand implements Runnable {
    @Option(names = "--server", scope = ScopeType.INHERIT, defaultValue = "${env:MAINLINE_SERVER:-http://127.0.0.1:8080}", description = "Server URL (env MAINLINE_SERVER, default ${DEFAULT-VALUE}).")
    URI server;

    @Option(names = "--token", scope = ScopeType.INHERIT, defaultValue = "${env:MAINLINE_TOKEN}", description = "API token (prefer the MAINLINE_TOKEN environment variable: options show up in process lists).")
    String token;

    @Option(names = "--repo", scope = ScopeType.INHERIT, description = "The repository, owner/name.")
    String repository;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    ApiClient client() {
        return ApiClient.authenticated(server, token);
    }

    /** The repository's API path, {@code /api/v1/repositories/owner/name}. */
    String repositoryPath() {
        if (repository == null || !repository.matches("[^/\\s]+/[^/\\s]+")) {
            throw new CliException("--repo owner/name is required", 2);
        }
        String[] parts = repository.split("/");
        return "/api/v1/repositories/%s/%s".formatted(ApiClient.segment(parts[0]), ApiClient.segment(parts[1]));
    }

    void print(JsonNode node) {
        client().print(spec.commandLine().getOut(), node);
    }
}
