package dev.mainline.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.common.MainlineException;
import org.junit.jupiter.api.Test;

/** The examples of GitHub's CODEOWNERS documentation, read the way GitHub reads them. */
class CodeOwnersTest {
    private static final CodeOwners OWNERS = CodeOwners.parse("""
            # Lines starting with '#' are comments.
            *       @global-owner1 @global-owner2
            *.js    @js-owner #This is an inline comment.
            *.go docs@example.com
            *.txt @octo-org/octocats
            /build/logs/ @doctocat
            docs/*  docs@example.com
            apps/ @octocat
            /docs/ @doctocat
            /scripts/ @doctocat @octocat
            **/logs @octocat
            /apps/ @octocat
            /apps/github
            /services/cart/ @acme/cart
            services/**/src/test/ @acme/test-infra
            \\#notes @acme/hash
            """);

    @Test
    void theLastMatchingRuleDecides() {
        assertThat(OWNERS.ownersOf("README.md")).containsExactly("@global-owner1", "@global-owner2");
        assertThat(OWNERS.ownersOf("web/app.js")).containsExactly("@js-owner");
        assertThat(OWNERS.ownersOf("main.go")).containsExactly("docs@example.com");
        assertThat(OWNERS.ownersOf("notes/todo.txt")).containsExactly("@octo-org/octocats");
        assertThat(OWNERS.ownersOf("build/logs/today.log")).containsExactly("@octocat");
    }

    @Test
    void aPatternWithoutASlashMatchesAtAnyDepthAndAnAnchoredOneOnlyAtTheRoot() {
        assertThat(OWNERS.ownersOf("deep/inside/logs/x.log")).as("**/logs").containsExactly("@octocat");
        assertThat(OWNERS.ownersOf("scripts/deploy.sh")).containsExactly("@doctocat", "@octocat");
        assertThat(OWNERS.ownersOf("tools/scripts/deploy.sh")).as("/scripts/ is anchored")
                .containsExactly("@global-owner1", "@global-owner2");
    }

    @Test
    void aStarStaysInOneDirectory() {
        CodeOwners owners = CodeOwners.parse("docs/* @writers\n");
        assertThat(owners.ownersOf("docs/getting-started.md")).containsExactly("@writers");
        assertThat(owners.ownersOf("docs/build-app/troubleshooting.md")).isEmpty();
    }

    @Test
    void aRuleWithoutOwnersLeavesThePathUnowned() {
        assertThat(OWNERS.ownersOf("apps/github/main.rb")).isEmpty();
        assertThat(OWNERS.ownersOf("apps/other/main.rb")).containsExactly("@octocat");
    }

    @Test
    void doubleStarsCrossDirectories() {
        assertThat(OWNERS.ownersOf("services/cart/src/test/java/com/acme/CartTest.java"))
                .containsExactly("@acme/test-infra");
        assertThat(OWNERS.ownersOf("services/cart/src/main/java/com/acme/Cart.java")).containsExactly("@acme/cart");
        assertThat(OWNERS.ownersOf("#notes")).as("an escaped #").containsExactly("@acme/hash");
    }

    @Test
    void skipsWhatGitHubDoesNotSupportNamingTheLineAndKeepsTheRest() {
        CodeOwners owners = CodeOwners.parse("* @a\n!docs/ @b\n*.[ch] @c\n*.md not-an-owner\n*.txt @"
                + "x".repeat(120) + "\n/docs/ @d\n");

        assertThat(owners.problems()).hasSize(4);
        assertThat(owners.problems().get(0)).contains("line 2").contains("!docs/");
        assertThat(owners.problems().get(1)).contains("line 3");
        assertThat(owners.problems().get(2)).contains("'not-an-owner'");
        assertThat(owners.problems().get(3)).contains("line 5");
        assertThat(owners.ownersOf("docs/a.md")).containsExactly("@d");
        assertThat(owners.ownersOf("src/a.c")).containsExactly("@a");
        assertThatThrownBy(() -> CodeOwners.parse("* @a\n".repeat(10_001))).isInstanceOf(MainlineException.class)
                .hasMessageContaining("more than 10000 rules");
    }
}
