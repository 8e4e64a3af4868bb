package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.cli.MainlineCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin CLI against the real server: the acceptance walk-through of the role model, from the command line. */
class CliTest extends ServerTestSupport {
    private record Run(int exitCode, String out, String err) {
    }

    /** Runs {@code mainline admin <arguments>} with the server and token options placed before the subcommand. */
    private Run cli(String token, String... arguments) {
        List<String> all = new ArrayList<>(List.of("admin", "--server=http://127.0.0.1:" + port, "--token=" + token));
        all.addAll(List.of(arguments));
        return execute(all);
    }

    private static Run execute(List<String> arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = MainlineCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(arguments.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void adminCreatesUserGrantsRoleAndMintsTokenThatIsRefusedOutsideItsApp() {
        String admin = adminToken();
        Run app = cli(admin, "app", "create", "--key", "cli-app", "--name", "CLI App", "--platform", "ios");
        assertThat(app.exitCode()).as(app.err()).isZero();
        assertThat(cli(admin, "app", "create", "--key", "cli-other", "--name", "Other", "--platform", "android")
                .exitCode()).isZero();
        Run created = cli(admin, "user", "create", "--login", "cli-user", "--name", "CLI User", "--github", "cli-user");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("\"login\" : \"cli-user\"");
        Run granted = cli(admin, "role", "grant", "--user", "cli-user", "--role", "release-manager", "--app",
                "cli-app");
        assertThat(granted.out()).contains("release-manager@app:cli-app");
        Run minted = cli(admin, "token", "mint", "--user", "cli-user", "--name", "laptop", "--expires-in-days", "30");
        assertThat(minted.exitCode()).as(minted.err()).isZero();
        String token = minted.out().lines().map(String::trim).filter(line -> line.startsWith("mlt_")).findFirst()
                .orElseThrow();

        assertThat(cli(token, "app", "update", "--key", "cli-app", "--name", "Renamed").exitCode()).isZero();
        Run otherApp = cli(token, "app", "update", "--key", "cli-other", "--name", "Taken");
        assertThat(otherApp.exitCode()).isEqualTo(1);
        assertThat(otherApp.err()).contains("403 permission-denied").contains("app:cli-other");
        Run adminAction = cli(token, "user", "create", "--login", "cli-mallory", "--name", "M");
        assertThat(adminAction.exitCode()).isEqualTo(1);
        assertThat(adminAction.err()).contains("403 permission-denied");

        Run audit = cli(admin, "audit", "--actor", "cli-user", "--outcome", "denied");
        JsonNode items = JsonMapper.builder().build().readTree(audit.out()).path("items");
        assertThat(items).extracting(item -> item.path("target").asString()).contains("app:cli-other",
                "user:cli-mallory");
        assertThat(items).allSatisfy(item -> assertThat(item.path("channel").asString()).isEqualTo("cli"));
    }

    @Test
    void missingTokenIsAClearError() {
        Run run = execute(List.of("admin", "--server=http://127.0.0.1:" + port, "--token=", "user", "list"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no API token");
    }

    @Test
    void optionsMayFollowTheSubcommand() {
        Run listed = cliAfter(adminToken(), "user", "list", "--limit", "1");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("\"items\"");
    }

    /** Runs {@code mainline admin <arguments>} with the server and token options after the subcommand. */
    private Run cliAfter(String token, String... arguments) {
        List<String> all = new ArrayList<>(List.of("admin"));
        all.addAll(List.of(arguments));
        all.addAll(List.of("--server=http://127.0.0.1:" + port, "--token=" + token));
        return execute(all);
    }

    @Test
    void ciSendsALogThenItIsSearchedReadAndItsFailureLookedUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String admin = adminToken();
        assertThat(api().post("/api/v1/repositories", admin, java.util.Map.of("name", "cli/logs", "forge", "local"))
                .status()).isEqualTo(201);
        java.nio.file.Path log = dir.resolve("build.log");
        java.nio.file.Files.writeString(log, """
                > Task :app:compileKotlin FAILED
                e: file:///home/runner/work/app/app/src/main/kotlin/Cart.kt:12:5 Unresolved reference 'total'.
                BUILD FAILED in 3s
                """);
        String server = "--server=http://127.0.0.1:" + port;
        Run sent = execute(List.of("logs", server, "--token=" + admin, "upload", "--repo", "cli/logs", "--commit",
                "0123abcd", "--job", "android-build", "--release", "7.0.1", "--outcome", "failure", log.toString()));
        assertThat(sent.exitCode()).as(sent.err()).isZero();
        assertThat(sent.out()).contains("accepted as log").contains("3 lines");
        long id = Long.parseLong(sent.out().replaceAll("(?s).*as log (\\d+),.*", "$1"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> api()
                .get("/api/v1/logs/" + id, admin).json().path("searchable").asBoolean());

        Run found = execute(List.of("logs", server, "--token=" + admin, "search", "Unresolved reference", "--repo",
                "cli/logs", "-C", "1"));
        assertThat(found.exitCode()).as(found.err()).isZero();
        assertThat(found.out()).contains("== log " + id).contains(">      2  e: file:///home/runner")
                .contains("       3  BUILD FAILED in 3s");
        Run shown = execute(List.of("logs", server, "--token=" + admin, "show", String.valueOf(id), "--from", "3"));
        assertThat(shown.out()).isEqualTo("      3  BUILD FAILED in 3s\n");
        Run similar = execute(List.of("logs", server, "--token=" + admin, "similar",
                "Unresolved reference 'total'"));
        assertThat(similar.exitCode()).as(similar.err()).isZero();
        assertThat(similar.out()).contains("exact   group").contains("compiler");
        Run release = execute(List.of("logs", server, "--token=" + admin, "release", "7.0.1"));
        assertThat(release.out()).contains("\"job\" : \"android-build\"");
        Run missing = execute(List.of("logs", server, "--token=" + admin, "upload", "--repo", "cli/logs", "--job",
                "x", dir.resolve("nope.log").toString()));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read");
    }

    @Test
    void aReleaseManagerCutsAReleaseAndARefusedActionNamesItsGate() {
        String admin = adminToken();
        assertThat(api().post("/api/v1/apps", admin, java.util.Map.of("key", "cli-wallet", "displayName", "Wallet",
                "platforms", List.of("ios"))).status()).isEqualTo(201);
        String server = "--server=http://127.0.0.1:" + port;
        Run cut = execute(List.of("releases", server, "--token=" + admin, "cut", "--app", "cli-wallet", "--platform",
                "ios", "--version", "3.4.0"));
        assertThat(cut.exitCode()).as(cut.err()).isZero();
        assertThat(cut.out()).contains("\"state\" : \"cut\"");
        long id = JsonMapper.builder().build().readTree(cut.out()).path("id").asLong();
        Run early = execute(List.of("releases", server, "--token=" + admin, "do", String.valueOf(id),
                "start-rollout"));
        assertThat(early.exitCode()).isEqualTo(1);
        assertThat(early.err()).contains("409 gate-not-met").contains("'start-rollout' is not allowed while the"
                + " release is cut");
        Run built = execute(List.of("releases", server, "--token=" + admin, "do", String.valueOf(id), "record-build",
                "--build", "340"));
        assertThat(built.out()).contains("\"build\" : \"340\"");
        Run history = execute(List.of("releases", server, "--token=" + admin, "history", String.valueOf(id)));
        assertThat(history.out()).contains("\"outcome\" : \"refused\"");
    }
}
