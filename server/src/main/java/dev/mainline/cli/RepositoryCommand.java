package dev.mainline.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** A command about one repository, through the HTTP API: {@code --repo} besides the server and token. */
abstract class RepositoryCommand extends ServerCommand {
    @Option(names = "--repo", scope = ScopeType.INHERIT, description = "The repository, owner/name.")
    String repository;

    ApiClient client() {
        return authenticatedClient();
    }

    /** The repository's API path, {@code /api/v1/repositories/owner/name}. */
    String repositoryPath() {
        if (repository == null || !repository.matches("[^/\\s]+/[^/\\s]+")) {
            throw new CliException("--repo owner/name is required", 2);
        }
        String[] parts = repository.split("/");
        return "/api/v1/repositories/%s/%s".formatted(ApiClient.segment(parts[0]), ApiClient.segment(parts[1]));
    }
}
