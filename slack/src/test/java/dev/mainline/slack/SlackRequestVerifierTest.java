package dev.mainline.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.testing.TestingClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Slack's request signing: the documented example, the window both ways, forgeries and replays. */
class SlackRequestVerifierTest {
    private final TestingClock clock = new TestingClock(Instant.ofEpochSecond(1531420618));
    /** The signing secret and request of Slack's "Verifying requests from Slack" guide. */
    private final SlackRequestVerifier verifier = new SlackRequestVerifier("8f742231b10e8888abcd99yyyzzz85a5",
            clock);
    private final byte[] body = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
            + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c").getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    @Test
    void slacksDocumentedExampleIsAcceptedOnceAndAChangedOneRefused() {
        assertThat(verifier.sign("1531420618", body)).isEqualTo(SIGNATURE);
        assertThatCode(() -> verifier.verify("1531420618", SIGNATURE, body)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify("1531420618", SIGNATURE, body))
                .isInstanceOf(SlackRequestVerifier.Refused.class).hasMessageContaining("replay");
        assertThatThrownBy(() -> verifier.verify("1531420618", SIGNATURE, body)).as("Slack signs its retries anew")
                .hasMessageContaining("replay");
        byte[] changed = new String(body, StandardCharsets.UTF_8).replace("roadrunner", "coyote")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier.verify("1531420618", SIGNATURE, changed))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> verifier.verify("1531420619", SIGNATURE, body)).as("another timestamp")
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> new SlackRequestVerifier("another-secret", clock).verify("1531420618", SIGNATURE,
                body)).hasMessageContaining("does not match");
    }

    @Test
    void timestampsOutsideFiveMinutesEitherWayAndMissingHeadersAreRefused() {
        String late = String.valueOf(clock.instant().minus(Duration.ofMinutes(5)).minusSeconds(1).getEpochSecond());
        assertThatThrownBy(() -> verifier.verify(late, verifier.sign(late, body), body))
                .hasMessageContaining("more than 5 minutes old");
        String early = String.valueOf(clock.instant().plus(Duration.ofMinutes(5)).plusSeconds(1).getEpochSecond());
        assertThatThrownBy(() -> verifier.verify(early, verifier.sign(early, body), body))
                .hasMessageContaining("in the future");
        String edge = String.valueOf(clock.instant().minus(Duration.ofMinutes(5)).getEpochSecond());
        assertThatCode(() -> verifier.verify(edge, verifier.sign(edge, body), body))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify(null, SIGNATURE, body)).hasMessageContaining("Timestamp");
        assertThatThrownBy(() -> verifier.verify("1531420618", " ", body)).hasMessageContaining("Signature");
        assertThatThrownBy(() -> verifier.verify("soon", SIGNATURE, body))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> verifier.verify("99999999999999999999", SIGNATURE, body))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> verifier.verify(String.valueOf(Long.MAX_VALUE), SIGNATURE, body))
                .hasMessageContaining("in the future");
        assertThat(verifier.toString()).doesNotContain("8f742231");
    }
}
