package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.cli.MainlineCommand;
import dev.mainline.local.SampleRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mainline queue …} against the real server and a local repository. */
class QueueCliTest extends ServerTestSupport {
    private record Run(int exitCode, String out, String err) {
    }

    private Run queue(String token, String... arguments) {
        return run("queue", token, arguments);
    }

    private Run run(String command, String token, String... arguments) {
        List<String> all = new ArrayList<>(List.of(command, "--server=http://127.0.0.1:" + port, "--token=" + token,
                "--repo=cli-queue/app"));
        all.addAll(List.of(arguments));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = MainlineCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void queuesLocksAndUnlocksFromTheCommandLine() throws Exception {
        String admin = adminToken();
        assertThat(api().post("/api/v1/repositories", admin, Map.of("name", "cli-queue/app", "forge", "local"))
                .status()).isEqualTo(201);
        SampleRepository.create(DATA_DIR.resolve("repositories/cli-queue/app.git"), 2, Map.of(), Set.of())
                .repository().close();
        String manager = userWithToken("rory", Map.of("role", "release-manager", "scope", "repository:cli-queue/app"));

        Run locked = queue(manager, "lock", "--reason", "release freeze");
        assertThat(locked.exitCode()).as(locked.err()).isZero();
        assertThat(locked.out()).contains("\"locked\" : true", "release freeze");
        Run added = queue(manager, "add", "--pr", "1", "--branch", "pr-1");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("\"pullRequest\" : 1", "\"author\" : \"rory\"");
        Run removed = queue(manager, "remove", "--pr", "1", "--reason", "wrong branch");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.out()).doesNotContain("\"pullRequest\" : 1");
        Run unlocked = queue(manager, "unlock");
        assertThat(unlocked.exitCode()).as(unlocked.err()).isZero();
        assertThat(unlocked.out()).contains("\"locked\" : false");

        // A pull request opened with Mainline is queued by its number alone, and marked merged when it lands.
        Run opened = run("pr", manager, "open", "--branch", "pr-2", "--title", "Second change");
        assertThat(opened.exitCode()).as(opened.err()).isZero();
        assertThat(opened.out()).contains("\"number\" : 1", "\"state\" : \"open\"", "Second change");
        Run again = run("pr", manager, "open", "--branch", "pr-2");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("409", "#1 is already open from branch 'pr-2'");
        Run byNumber = queue(manager, "add", "--pr", "1");
        assertThat(byNumber.exitCode()).as(byNumber.err()).isZero();
        await("#1 merges").atMost(Duration.ofMinutes(1)).until(() -> run("pr", manager, "show", "--number", "1").out(),
                out -> out.contains("\"state\" : \"merged\""));
        Run listed = run("pr", manager, "list", "--state", "merged");
        assertThat(listed.out()).contains("\"branch\" : \"pr-2\"");
        Run closedOne = run("pr", manager, "close", "--number", "1");
        assertThat(closedOne.exitCode()).isEqualTo(1);
        assertThat(closedOne.err()).contains("#1 of cli-queue/app is merged already");

        Run missing = queue(manager, "remove", "--pr", "9");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("404", "#9 is not in the merge queue");
        Run noToken = queue("", "status");
        assertThat(noToken.exitCode()).isEqualTo(2);
        assertThat(noToken.err()).contains("no API token");
    }
}
