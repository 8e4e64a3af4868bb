package dev.mainline.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.common.MainlineException;
import dev.mainline.mergequeue.RepositorySettings;
import dev.mainline.mergequeue.RepositorySettings.Strategy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MainlineYamlTest {
    @Test
    void readsEveryKey() {
        RepositorySettings settings = MainlineYaml.parse("""
                merge_queue:
                  strategy: predictive
                  failure_tolerance: 3
                  ci_budget: 50
                  batch_size: 4
                  max_undeployed_merges: 10
                  required_checks: [build, "unit tests"]
                  required_approvals: 2
                ci:
                  command: ./gradlew test
                  timeout: 45m
                  concurrency: 8
                  reports: "build/**/TEST-*.xml"
                """);

        assertThat(settings.strategy()).isEqualTo(Strategy.PREDICTIVE);
        assertThat(settings.queue().failureTolerance()).isEqualTo(3);
        assertThat(settings.queue().ciBudget()).isEqualTo(50);
        assertThat(settings.queue().batchSize()).isEqualTo(4);
        assertThat(settings.queue().maxUndeployedMerges()).isEqualTo(10);
        assertThat(settings.queue().maxExclusions()).isZero();
        assertThat(settings.queue().countSuccessiveFailures()).isTrue();
        assertThat(settings.requiredChecks()).containsExactly("build", "unit tests");
        assertThat(settings.requiredApprovals()).isEqualTo(2);
        assertThat(settings.ci()).hasValueSatisfying(ci -> {
            assertThat(ci.command()).isEqualTo("./gradlew test");
            assertThat(ci.timeout()).isEqualTo(Duration.ofMinutes(45));
            assertThat(ci.concurrency()).isEqualTo(8);
            assertThat(ci.reportGlob()).isEqualTo("build/**/TEST-*.xml");
        });
    }

    @Test
    void anEmptyFileOrAMissingSectionGivesTheDefaults() {
        assertThat(MainlineYaml.parse("")).isEqualTo(RepositorySettings.defaults());
        assertThat(MainlineYaml.parse("# nothing yet\n")).isEqualTo(RepositorySettings.defaults());
        RepositorySettings onlyCi = MainlineYaml.parse("ci:\n  command: make test\n");
        assertThat(onlyCi.strategy()).isEqualTo(Strategy.SPECULATIVE);
        assertThat(onlyCi.queue()).isEqualTo(RepositorySettings.defaults().queue());
        assertThat(onlyCi.ci().orElseThrow().timeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void refusesMistakesWithTheLineTheyAreOn() {
        assertRefused("merge_queue:\n  failure_tolerence: 2\n",
                ".mainline.yml line 2: unknown key 'failure_tolerence' in merge_queue");
        assertRefused("merge_queue:\n  ci_budget: lots\n",
                ".mainline.yml line 2: ci_budget must be a whole number, got 'lots'");
        assertRefused("merge_queue:\n  ci_budget: 0\n", "ciBudget must be between 1 and 10000, got 0");
        assertRefused("merge_queue:\n  strategy: yolo\n", "strategy 'yolo' is not known");
        assertRefused("merge_queue:\n  required_checks: build\n", "line 2: merge_queue.required_checks must be a list");
        assertRefused("ci:\n  timeout: 30m\n", ".mainline.yml line 2: ci.command is missing");
        assertRefused("ci:\n  command: make\n  timeout: soon\n",
                "line 3: ci.timeout must be a duration such as 90s, 30m or 2h, got 'soon'");
        assertRefused("merge_queue: [1, 2]\n", "line 1: merge_queue must be a mapping");
        assertRefused("merge_queue:\n  ci_budget: 3\n  ci_budget: 4\n", "line 3: key 'ci_budget' appears twice");
        assertRefused("merge_queue:\n  ci_budget: [unclosed\n", "is not valid YAML");
    }

    @Test
    void refusesHostileYaml() {
        StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char name = 'b'; name <= 'k'; name++) {
            laughs.append(name).append(": &").append(name).append(" [");
            for (int i = 0; i < 5; i++) {
                laughs.append(i == 0 ? "" : ",").append('*').append((char) (name - 1));
            }
            laughs.append("]\n");
        }
        assertThatThrownBy(() -> MainlineYaml.parse(laughs.toString())).isInstanceOf(MainlineException.class)
                .hasMessageContaining("is not valid YAML");
        assertThatThrownBy(() -> MainlineYaml.parse("ci: !!javaobject {}\n")).isInstanceOf(MainlineException.class);
        assertThatThrownBy(() -> MainlineYaml.parse("# " + "x".repeat(70_000)))
                .isInstanceOf(MainlineException.class)
                .hasMessageContaining("larger than 64 KiB");
    }

    private static void assertRefused(String yaml, String message) {
        assertThatThrownBy(() -> MainlineYaml.parse(yaml)).isInstanceOf(MainlineException.class)
                .hasMessageContaining(message);
    }
}
