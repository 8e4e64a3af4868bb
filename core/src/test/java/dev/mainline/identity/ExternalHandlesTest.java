package dev.mainline.identity;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.common.ErrorCode;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExternalHandlesTest {
    @Test
    void acceptsWellFormedHandles() {
        ExternalHandles handles = new ExternalHandles(Optional.of("ada-lovelace"), Optional.of("U024BE7LH"),
                Optional.of("ada@example.com"));

        assertThat(handles.githubLogin()).contains("ada-lovelace");
        assertThat(handles.slackUserId()).contains("U024BE7LH");
        assertThat(handles.email()).contains("ada@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "Ada", "ada-lovelace", "a1-b2-c3", "W0G1TFPFT"})
    void acceptsGithubLoginsInOneCase(String login) {
        assertThat(github(login).githubLogin()).contains(login.toLowerCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-ada", "ada-", "ada--lovelace", "ada_lovelace", "ada.lovelace", "ada lovelace",
            "ädä"})
    void refusesMalformedGithubLogins(String login) {
        assertThatMainlineException(() -> github(login))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("githubLogin '%s' is not valid: letters, digits and single hyphens, at most 39 characters",
                        login);
    }

    @Test
    void refusesGithubLoginLongerThanGithubAllows() {
        assertThat(github("a".repeat(39)).githubLogin()).isPresent();
        assertThatMainlineException(() -> github("a".repeat(40)))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("githubLogin must be at most 39 characters, got 40");
    }

    @ParameterizedTest
    @ValueSource(strings = {"u024be7lh", "X024BE7LH", "U0", "U024-BE7", "024BE7LH", "U024BE7LH "})
    void refusesMalformedSlackUserIds(String id) {
        assertThatMainlineException(() -> slack(id))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessageStartingWith("slackUserId")
                .hasMessageContaining("a Slack user id such as U024BE7LH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada", "ada@example", "@example.com", "ada@@example.com", "ada lovelace@example.com",
            "ada@exa mple.com"})
    void refusesMalformedEmails(String email) {
        assertThatMainlineException(() -> email(email))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("email '%s' is not valid: an address such as ada@example.com", email);
    }

    @Test
    void refusesBlankHandle() {
        assertThatMainlineException(() -> email(" "))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("email must not be blank");
    }

    @Test
    void reportsOverLongEmailByLength() {
        String email = "a".repeat(250) + "@example.com";

        assertThatMainlineException(() -> email(email))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("email must be at most 254 characters, got 262");
    }

    @Test
    void updateReplacesOnlyTheHandlesItHas() {
        ExternalHandles current = new ExternalHandles(Optional.of("ada"), Optional.of("U024BE7LH"),
                Optional.of("ada@example.com"));

        ExternalHandles updated = current.overriddenBy(email("ada@lovelace.dev"));

        assertThat(updated).isEqualTo(new ExternalHandles(Optional.of("ada"), Optional.of("U024BE7LH"),
                Optional.of("ada@lovelace.dev")));
        assertThat(current.overriddenBy(ExternalHandles.none())).isEqualTo(current);
    }

    private static ExternalHandles github(String login) {
        return new ExternalHandles(Optional.of(login), Optional.empty(), Optional.empty());
    }

    private static ExternalHandles slack(String id) {
        return new ExternalHandles(Optional.empty(), Optional.of(id), Optional.empty());
    }

    private static ExternalHandles email(String email) {
        return new ExternalHandles(Optional.empty(), Optional.empty(), Optional.of(email));
    }
}
