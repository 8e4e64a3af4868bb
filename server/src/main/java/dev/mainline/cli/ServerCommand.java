package dev.mainline.cli;

import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** A command that talks to a Mainline server over its API: the server's address and the token, for all its subcommands. */
abstract class ServerCommand implements Runnable {
    @Option(names = "--server", scope = ScopeType.INHERIT, defaultValue = "${env:MAINLINE_SERVER:-http://127.0.0.1:8080}", description = "Server URL (env MAINLINE_SERVER, default ${DEFAULT-VALUE}).")
    URI server;

    @Option(names = "--token", scope = ScopeType.INHERIT, defaultValue = "${env:MAINLINE_TOKEN}", description = "API token (prefer the MAINLINE_TOKEN environment variable: options show up in process lists).")
    String token;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    ApiClient authenticatedClient() {
        return ApiClient.authenticated(server, token);
    }

    void print(JsonNode node) {
        authenticatedClient().print(spec.commandLine().getOut(), node);
    }
}
