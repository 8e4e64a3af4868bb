package dev.mainline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/** Administration through the HTTP API: every call is checked against the role model and audited as channel "cli". */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Manage users, roles, tokens, apps and repositories, and read the audit log.", subcommands = {
        AdminCommand.Bootstrap.class, AdminCommand.Users.class, AdminCommand.Roles.class,
        AdminCommand.Tokens.class, AdminCommand.Apps.class, AdminCommand.Repositories.class,
        AdminCommand.Audit.class})
public class AdminCommand extends ServerCommand {
    /** A client that may go without a token (bootstrap). */
    ApiClient client() {
        return new ApiClient(server, Optional.ofNullable(token).filter(value -> !value.isBlank()));
    }

    @Override
    void print(JsonNode node) {
        client().print(spec.commandLine().getOut(), node);
    }

    static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                body.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return body;
    }

    static Map<String, String> query(String... keysAndValues) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            query.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return query;
    }

    @Command(name = "bootstrap", mixinStandardHelpOptions = true, description = {
            "Create the first administrator with the one-time token the server wrote to its data directory.",
            "Run it on the server's machine, as the user that runs the server."})
    static final class Bootstrap implements Runnable {
        @ParentCommand
        AdminCommand admin;

        @Option(names = "--login", required = true, description = "Your login, e.g. ada.")
        String login;

        @Option(names = "--name", required = true, description = "Your display name.")
        String name;

        @Option(names = "--github", description = "Your GitHub login.")
        String github;

        @Option(names = "--slack", description = "Your Slack user id, e.g. U024BE7LH.")
        String slack;

        @Option(names = "--email", description = "Your email address.")
        String email;

        @Option(names = "--data-dir", defaultValue = "data", description = "The server's data directory (default ${DEFAULT-VALUE}).")
        Path dataDir;

        @Override
        public void run() {
            Path file = dataDir.resolve("bootstrap-token");
            String secret;
            try {
                secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
            } catch (NoSuchFileException e) {
                throw new CliException(
                        ("no bootstrap token at %s: either an administrator exists already, or the server "
                                + "runs with another --data-dir").formatted(file.toAbsolutePath()),
                        2);
            } catch (IOException e) {
                throw new CliException("cannot read %s: %s".formatted(file.toAbsolutePath(), e.getMessage()), 2);
            }
            JsonNode answer = admin.client().post("/api/v1/bootstrap", body("bootstrapToken", secret, "login", login,
                    "displayName", name, "githubLogin", github, "slackUserId", slack, "email", email));
            PrintWriter out = admin.spec.commandLine().getOut();
            out.printf("Created administrator '%s'.%n", answer.path("admin").path("login").asString());
            out.printf("Your API token (shown once, store it now):%n%n  %s%n%n",
                    answer.path("token").path("secret").asString());
            out.println("Use it with: export MAINLINE_TOKEN=<token>");
            out.flush();
        }
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Create, change and list users.")
    static final class Users {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a user.")
        void create(@Option(names = "--login", required = true) String login,
                @Option(names = "--name", required = true) String name,
                @Option(names = "--github") String github, @Option(names = "--slack") String slack,
                @Option(names = "--email") String email) {
            admin.print(admin.authenticatedClient().post("/api/v1/users", body("login", login, "displayName", name,
                    "githubLogin", github, "slackUserId", slack, "email", email)));
        }

        @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a user's name or handles.")
        void update(@Option(names = "--login", required = true) String login, @Option(names = "--name") String name,
                @Option(names = "--github") String github, @Option(names = "--slack") String slack,
                @Option(names = "--email") String email) {
            admin.print(admin.authenticatedClient().patch("/api/v1/users/" + ApiClient.segment(login),
                    body("displayName", name, "githubLogin", github, "slackUserId", slack, "email", email)));
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one user.")
        void show(@Option(names = "--login", required = true) String login) {
            admin.print(admin.authenticatedClient().get("/api/v1/users/" + ApiClient.segment(login), Map.of()));
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List users, one page at a time.")
        void list(@Option(names = "--cursor") String cursor, @Option(names = "--limit") Integer limit) {
            admin.print(admin.authenticatedClient().get("/api/v1/users",
                    query("cursor", cursor, "limit", limit == null ? null : limit.toString())));
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true, description = "Grant, revoke and list roles.")
    static final class Roles {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "grant", mixinStandardHelpOptions = true, description = "Grant a role (viewer, engineer, release-manager, admin) globally, on an app or a repository.")
        void grant(@Option(names = "--user", required = true) String user,
                @Option(names = "--role", required = true) String role,
                @Option(names = "--app", description = "Scope the role to this app.") String app,
                @Option(names = "--repository", description = "Scope the role to this repository (owner/name).") String repository) {
            admin.print(admin.authenticatedClient().post("/api/v1/users/" + ApiClient.segment(user) + "/grants",
                    body("role", role, "scope", scope(app, repository))));
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a grant by its id.")
        void revoke(@Option(names = "--user", required = true) String user,
                @Option(names = "--id", required = true) long id) {
            admin.authenticatedClient().delete("/api/v1/users/" + ApiClient.segment(user) + "/grants/" + id);
            admin.spec.commandLine().getOut().printf("Revoked grant %d of '%s'.%n", id, user);
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List a user's grants.")
        void list(@Option(names = "--user", required = true) String user) {
            admin.print(
                    admin.authenticatedClient().get("/api/v1/users/" + ApiClient.segment(user) + "/grants", Map.of()));
        }

        private static String scope(String app, String repository) {
            if (app != null && repository != null) {
                throw new CliException("give --app or --repository, not both", 2);
            }
            if (app != null) {
                return "app:" + app;
            }
            if (repository != null) {
                return "repository:" + repository;
            }
            return "global";
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true, description = "Mint, revoke and list API tokens.")
    static final class Tokens {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "mint", mixinStandardHelpOptions = true, description = "Mint a token; its secret is printed once. Without --scope it may do all its user may.")
        void mint(@Option(names = "--user", required = true) String user,
                @Option(names = "--name", required = true) String name,
                @Option(names = "--scope", description = "A permission the token is limited to, e.g. engineer@repository:acme/api. Repeatable.") List<String> scopes,
                @Option(names = "--expires-in-days") Integer expiresInDays) {
            JsonNode answer = admin.authenticatedClient().post("/api/v1/users/" + ApiClient.segment(user) + "/tokens",
                    body("name", name, "scopes", scopes, "expiresInDays", expiresInDays));
            PrintWriter out = admin.spec.commandLine().getOut();
            out.printf("Token %d '%s' for '%s', expires %s.%n", answer.path("token").path("id").asLong(), name, user,
                    answer.path("token").path("expiresAt").asString());
            out.printf("Secret (shown once, store it now):%n%n  %s%n", answer.path("secret").asString());
            out.flush();
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by its id.")
        void revoke(@Option(names = "--user", required = true) String user,
                @Option(names = "--id", required = true) long id) {
            admin.authenticatedClient().delete("/api/v1/users/" + ApiClient.segment(user) + "/tokens/" + id);
            admin.spec.commandLine().getOut().printf("Revoked token %d of '%s'.%n", id, user);
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List a user's tokens (never their secrets).")
        void list(@Option(names = "--user", required = true) String user) {
            admin.print(
                    admin.authenticatedClient().get("/api/v1/users/" + ApiClient.segment(user) + "/tokens", Map.of()));
        }
    }

    @Command(name = "app", mixinStandardHelpOptions = true, description = "Register, change and list apps.")
    static final class Apps {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Register an app.")
        void create(@Option(names = "--key", required = true) String key,
                @Option(names = "--name", required = true) String name,
                @Option(names = "--platform", required = true, description = "ios or android. Repeatable.") List<String> platforms) {
            admin.print(admin.authenticatedClient().post("/api/v1/apps",
                    body("key", key, "displayName", name, "platforms", platforms)));
        }

        @Command(name = "update", mixinStandardHelpOptions = true, description = "Change an app's name or platforms.")
        void update(@Option(names = "--key", required = true) String key, @Option(names = "--name") String name,
                @Option(names = "--platform") List<String> platforms) {
            admin.print(admin.authenticatedClient().patch("/api/v1/apps/" + ApiClient.segment(key),
                    body("displayName", name, "platforms", platforms)));
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List the apps you may see.")
        void list(@Option(names = "--cursor") String cursor, @Option(names = "--limit") Integer limit) {
            admin.print(admin.authenticatedClient().get("/api/v1/apps",
                    query("cursor", cursor, "limit", limit == null ? null : limit.toString())));
        }
    }

    @Command(name = "repository", mixinStandardHelpOptions = true, description = "Register and list repositories.")
    static final class Repositories {
        @ParentCommand
        AdminCommand admin;

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Register a repository.")
        void create(@Option(names = "--name", required = true, description = "owner/name") String name,
                @Option(names = "--default-branch", defaultValue = "main") String defaultBranch,
                @Option(names = "--forge", defaultValue = "local", description = "local or github") String forge) {
            admin.print(admin.authenticatedClient().post("/api/v1/repositories",
                    body("name", name, "defaultBranch", defaultBranch, "forge", forge)));
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List the repositories you may see.")
        void list(@Option(names = "--cursor") String cursor, @Option(names = "--limit") Integer limit) {
            admin.print(admin.authenticatedClient().get("/api/v1/repositories",
                    query("cursor", cursor, "limit", limit == null ? null : limit.toString())));
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true, description = "Read the audit log, newest first.")
    static final class Audit implements Runnable {
        @ParentCommand
        AdminCommand admin;

        @Option(names = "--actor")
        String actor;

        @Option(names = "--action", description = "e.g. user.create, app.update, token.mint")
        String action;

        @Option(names = "--target", description = "e.g. user:ada, app:payments")
        String target;

        @Option(names = "--outcome", description = "succeeded or denied")
        String outcome;

        @Option(names = "--cursor")
        String cursor;

        @Option(names = "--limit")
        Integer limit;

        @Override
        public void run() {
            admin.print(admin.authenticatedClient().get("/api/v1/audit", query("actorLogin", actor, "action", action,
                    "target", target, "outcome", outcome, "cursor", cursor, "limit",
                    limit == null ? null : limit.toString())));
        }
    }
}
