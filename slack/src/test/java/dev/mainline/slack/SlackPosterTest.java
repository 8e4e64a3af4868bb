package dev.mainline.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.mainline.testing.slack.BlockKit;
import dev.mainline.testing.slack.FakeSlack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Messages go out at Slack's pace: one channel's in order and spaced, a 429's Retry-After waited out. */
class SlackPosterTest {
    private final FakeSlack slack = new FakeSlack();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SlackPoster poster = poster(Duration.ofMillis(300));

    private SlackPoster poster(Duration perChannel) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(slack.apiUrl());
        return new SlackPoster(Slack.getInstance(config), FakeSlack.BOT_TOKEN, perChannel, Clock.systemUTC(),
                scheduler);
    }

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        slack.close();
    }

    private static ChatOps.Reply reply(String text) {
        return new ChatOps.Reply(text, Message.message().section(text).blocks(), true);
    }

    @Test
    void aChannelsMessagesGoOutInOrderSpacedAndOtherChannelsAreNotHeldUp() {
        for (int i = 1; i <= 3; i++) {
            poster.post("C0BUSY", reply("busy " + i));
        }
        poster.post("C0QUIET", reply("quiet"));
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.posted().size() == 4);
        List<FakeSlack.Posted> busy = slack.posted(posted -> posted.channel().equals("C0BUSY"));
        assertThat(busy).extracting(FakeSlack.Posted::text).containsExactly("busy 1", "busy 2", "busy 3");
        for (int i = 1; i < busy.size(); i++) {
            assertThat(Duration.between(busy.get(i - 1).at(), busy.get(i).at())).as("spaced per channel")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
        FakeSlack.Posted quiet = slack.posted(posted -> posted.channel().equals("C0QUIET")).getFirst();
        assertThat(quiet.at()).as("another channel is not behind the busy one").isBefore(busy.getLast().at());
    }

    @Test
    void aRateLimitedMessageWaitsForRetryAfterThenGoesOutAndTheChannelWaitsWithIt() {
        slack.rateLimit("chat.postMessage", 1, 1);
        poster.post("C0LIMITED", reply("first"));
        poster.post("C0LIMITED", reply("second"));
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.posted().size() == 2);
        List<Instant> calls = slack.calls("chat.postMessage");
        assertThat(calls).hasSize(3);
        assertThat(Duration.between(calls.get(0), calls.get(1))).as("Retry-After: 1 honoured")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(slack.posted()).extracting(FakeSlack.Posted::text).containsExactly("first", "second");
    }

    @Test
    void answersThroughResponseUrlsAndHomeViewsAreWithinBlockKitsLimitsWhateverTheData() {
        Message huge = Message.message().text("x".repeat(50_000)).header("h".repeat(400));
        for (int i = 0; i < 200; i++) {
            huge.section("*%d* %s".formatted(i, "long text ".repeat(500)));
        }
        List<Message.Button> buttons = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            buttons.add(new Message.Button("b".repeat(100), "release.run-regression", "v".repeat(3000), null));
        }
        huge.buttons("many", buttons).context(java.util.Collections.nCopies(20, "c".repeat(4000)));
        ChatOps.Reply reply = new ChatOps.Reply(huge.textOrDefault(), huge.blocks(), true);
        assertThat(reply.blocks()).hasSize(Message.MESSAGE_BLOCKS);
        assertThat(BlockKit.invalid(JsonMapper.builder().build().readTree(com.slack.api.util.json.GsonFactory
                .createSnakeCase().toJson(reply.blocks())), BlockKit.MESSAGE_BLOCKS)).isEmpty();
        String url = slack.responseUrl();
        poster.respond(url, reply, false);
        poster.publishHome("U0HOME", Message.view().section("home ".repeat(2000)).blocks());
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.posted().size() == 2);
        assertThat(slack.posted().getFirst().blocks().size()).isEqualTo(Message.MESSAGE_BLOCKS);
        assertThat(slack.posted().getFirst().allText()).contains("more not shown");
        assertThat(slack.posted(posted -> posted.via().equals("views.publish"))).hasSize(1);
    }
}
