package dev.mainline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainline.testing.slack.FakeSlack;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Slack app over HTTP against a fake of Slack: requests signed like Slack's (forged, stale, future and replayed
 * ones refused), every command and button tried by every role with the refusals audited and explained to the asker
 * alone, the App Home, and retried events done once. Every message Mainline sends is checked against Block Kit's
 * documented limits by the fake, which refuses what Slack would.
 */
class SlackApiTest extends ServerTestSupport {
    private static final String CHANNEL = "C0RELEASES";
    private static final String APP = "chat-wallet";
    private static final String REPOSITORY = "acme/chat";
    /** Each role's Slack user, from no Mainline user at all to the app's release manager. */
    private static final Map<String, String> ROLES = roles();
    private static boolean setUp;
    private static long releaseId;

    private static Map<String, String> roles() {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("unlinked", "U0NOBODY");
        roles.put("viewer", "U0VIEWER");
        roles.put("engineer", "U0ENGINEER");
        roles.put("release-manager of another app", "U0OTHERRM");
        roles.put("release-manager", "U0RITA");
        return roles;
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:%d/api/v1/slack/events".formatted(port));
    }

    @BeforeEach
    void setUpOnce() {
        if (setUp) {
            return;
        }
        setUp = true;
        String admin = adminToken();
        assertThat(api().post("/api/v1/apps", admin, Map.of("key", APP, "displayName", "Chat Wallet", "platforms",
                List.of("android"))).status()).isEqualTo(201);
        assertThat(api().post("/api/v1/apps", admin, Map.of("key", "chat-maps", "displayName", "Chat Maps",
                "platforms", List.of("android"))).status()).isEqualTo(201);
        assertThat(api().post("/api/v1/repositories", admin, Map.of("name", REPOSITORY, "forge", "local")).status())
                .isEqualTo(201);
        user("slack-viewer", "U0VIEWER", "viewer", "app:" + APP);
        user("slack-engineer", "U0ENGINEER", "engineer", "app:" + APP);
        user("slack-other", "U0OTHERRM", "release-manager", "app:chat-maps");
        String rita = user("slack-rita", "U0RITA", "release-manager", "app:" + APP);
        user("slack-sam", "U0SAM", "release-manager", "app:" + APP);
        TestingApi.Response cut = api().post("/api/v1/apps/%s/releases".formatted(APP), rita, Map.of("platform",
                "android", "version", "9.0.0"));
        assertThat(cut.status()).as(cut.body()).isEqualTo(201);
        releaseId = cut.json().path("id").asLong();
        api().post("/api/v1/releases/%d/actions".formatted(releaseId), rita, Map.of("action", "record-build",
                "build", "900"));
    }

    /** A user linked to Slack user {@code slackId}, with {@code role} on {@code scope} and on the repository. */
    private String user(String login, String slackId, String role, String scope) {
        String admin = adminToken();
        assertThat(api().post("/api/v1/users", admin, Map.of("login", login, "displayName", login, "slackUserId",
                slackId)).status()).isEqualTo(201);
        assertThat(api().post("/api/v1/users/" + login + "/grants", admin, Map.of("role", role, "scope", scope))
                .status()).isEqualTo(201);
        if (!scope.equals("app:chat-maps")) {
            assertThat(api().post("/api/v1/users/" + login + "/grants", admin, Map.of("role", role, "scope",
                    "repository:" + REPOSITORY)).status()).isEqualTo(201);
        }
        TestingApi.Response minted = api().post("/api/v1/users/" + login + "/tokens", admin, Map.of("name", "t"));
        return minted.json().path("secret").asString();
    }

    /** What Mainline sent back through the response URL of what {@code send} delivered. */
    private FakeSlack.Posted answered(java.util.function.Function<String, FakeSlack.Answer> send) {
        String responseUrl = SLACK.responseUrl();
        FakeSlack.Answer ack = send.apply(responseUrl);
        assertThat(ack.status()).as(ack.body()).isEqualTo(200);
        String path = URI.create(responseUrl).getPath();
        await().atMost(Duration.ofSeconds(20)).until(() -> !SLACK.posted(posted -> posted.channel().equals(path))
                .isEmpty());
        return SLACK.posted(posted -> posted.channel().equals(path)).getFirst();
    }

    private FakeSlack.Posted command(String slackUser, String text) {
        return answered(url -> SLACK.command(endpoint(), text, slackUser, CHANNEL, url));
    }

    private FakeSlack.Posted click(String slackUser, String action) {
        return answered(url -> SLACK.click(endpoint(), slackUser, CHANNEL, action, String.valueOf(releaseId), url));
    }

    private static boolean ephemeral(FakeSlack.Posted posted) {
        return posted.body().path("response_type").asString().equals("ephemeral");
    }

    private List<JsonNode> denials(String actor) {
        List<JsonNode> found = new ArrayList<>();
        api().get("/api/v1/audit?limit=200&outcome=denied&actorLogin=" + actor, adminToken()).json().path("items")
                .forEach(found::add);
        return found;
    }

    @Test
    void forgedStaleFutureAndReplayedRequestsAreRefusedAndNothingIsDone() {
        String body = FakeSlack.formBody(FakeSlack.command("/mainline", "release " + APP, "U0RITA", CHANNEL,
                SLACK.responseUrl()));
        String now = String.valueOf(Instant.now().getEpochSecond());
        int before = SLACK.posted().size();
        FakeSlack.Answer forged = SLACK.deliver(endpoint(), "application/x-www-form-urlencoded", body, now,
                "v0=" + "0".repeat(64), Map.of());
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.body()).contains("does not match");
        String stale = String.valueOf(Instant.now().minusSeconds(301).getEpochSecond());
        assertThat(SLACK.deliver(endpoint(), "application/x-www-form-urlencoded", body, stale,
                FakeSlack.signature(stale, body), Map.of()).body()).contains("more than 5 minutes old");
        String future = String.valueOf(Instant.now().plusSeconds(301).getEpochSecond());
        assertThat(SLACK.deliver(endpoint(), "application/x-www-form-urlencoded", body, future,
                FakeSlack.signature(future, body), Map.of()).body()).contains("in the future");
        assertThat(SLACK.deliver(endpoint(), "application/x-www-form-urlencoded", body, null, null, Map.of())
                .status()).isEqualTo(401);
        String signature = FakeSlack.signature(now, body);
        assertThat(SLACK.deliver(endpoint(), "application/x-www-form-urlencoded", body, now, signature, Map.of())
                .status()).isEqualTo(200);
        FakeSlack.Answer replayed = SLACK.deliver(endpoint(), "application/x-www-form-urlencoded", body, now,
                signature, Map.of());
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.body()).contains("replay");
        assertThat(SLACK.deliver(endpoint(), "application/x-www-form-urlencoded", body, now, signature, Map.of(
                "X-Slack-Retry-Num", "1")).status()).as("a retry header is not signed: still a replay").isEqualTo(401);
        await().atMost(Duration.ofSeconds(20)).until(() -> SLACK.posted().size() == before + 1);
        assertThat(SLACK.posted()).hasSize(before + 1);
    }

    @Test
    void slacksOwnFormEncodingIsVerifiedOverItsExactBytes() {
        String responseUrl = SLACK.responseUrl();
        // Encoded as Slack may: %20 for spaces, %2A, lower-case hex, a raw ~, not as Java's URLEncoder would.
        String body = FakeSlack.formBody(FakeSlack.command("/mainline", "PLACEHOLDER", "U0VIEWER", CHANNEL,
                responseUrl)).replace("PLACEHOLDER", "release%20" + APP + "%20%2aandroid%2a~");
        FakeSlack.Answer answer = SLACK.deliver(endpoint(), "application/x-www-form-urlencoded", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        String path = URI.create(responseUrl).getPath();
        await().atMost(Duration.ofSeconds(20)).until(() -> !SLACK.posted(posted -> posted.channel().equals(path))
                .isEmpty());
    }

    @Test
    void anUnknownSlackUserIsToldHowToLinkAndTheRefusalIsAudited() {
        FakeSlack.Posted answer = command("U0NOBODY", "release " + APP);
        assertThat(ephemeral(answer)).isTrue();
        assertThat(answer.allText()).contains("not linked").contains("--slack U0NOBODY");
        assertThat(denials("slack:U0NOBODY")).isNotEmpty();
        FakeSlack.Posted help = command("U0NOBODY", "help");
        assertThat(help.allText()).contains("/mainline release");
    }

    @Test
    void theReleaseCardIsForTheWholeChannelWithItsButtons() {
        FakeSlack.Posted card = command("U0VIEWER", "release " + APP);
        assertThat(card.body().path("response_type").asString()).isEqualTo("in_channel");
        assertThat(card.allText()).contains("Chat Wallet 9.0.0 (android)").contains("*Status:* ")
                .contains("*Build:* 900")
                .contains("*Rollout:* 0%").contains("*Tickets:* n/a")
                .contains("https://mainline.acme.test/api/v1/releases/" + releaseId);
        assertThat(card.blocks().toString()).contains("release.run-regression").contains("release.increase-rollout")
                .contains("release.pause-rollout").contains("release.halt-rollout");
    }

    /** Every button by every role: only the app's release manager gets past the role check. */
    @Test
    void everyButtonByEveryRoleIsAllowedOnlyToReleaseManagersAndRefusalsAreAuditedAndPrivate() {
        for (String action : List.of("release.increase-rollout", "release.pause-rollout", "release.halt-rollout",
                "release.confirm", "release.run-regression")) {
            ROLES.forEach((role, slackUser) -> {
                FakeSlack.Posted answer = click(slackUser, action);
                String text = answer.allText();
                if (role.equals("release-manager")) {
                    assertThat(text).as(action + " by " + role).doesNotContain("Not allowed")
                            .doesNotContain("not linked");
                } else {
                    assertThat(ephemeral(answer)).as(action + " by " + role + " is told alone").isTrue();
                    assertThat(text).as(action + " by " + role).containsAnyOf("Not allowed", "not linked");
                }
            });
        }
        for (String login : List.of("slack-viewer", "slack-engineer", "slack-other")) {
            assertThat(denials(login)).as(login + "'s refusals are audited").hasSizeGreaterThanOrEqualTo(5);
        }
        // The release manager's last click ran regression: the card for the channel shows it.
        FakeSlack.Posted ran = SLACK.posted(posted -> posted.allText().contains("run-regression by <@U0RITA>"))
                .getLast();
        assertThat(ran.body().path("replace_original").asBoolean()).isTrue();
        assertThat(ran.allText()).contains("*Status:* regression-running");
    }

    /**
     * Every command by every role: an app's releases need a viewer of the app, the log archive (search, a release's
     * logs) a viewer of everything (logs span repositories), the queue's changes a release manager of the repository.
     */
    @Test
    void everyCommandByEveryRoleIsAnsweredOrRefusedAlone() {
        user("slack-everything", "U0EVERYTHING", "viewer", "global");
        Map<String, String> who = new LinkedHashMap<>(ROLES);
        who.put("viewer of everything", "U0EVERYTHING");
        List<String> appReaders = List.of("viewer", "engineer", "release-manager", "viewer of everything");
        List<String> everything = List.of("viewer of everything");
        List<String> managers = List.of("release-manager");
        Map<String, List<String>> allowed = new LinkedHashMap<>();
        allowed.put("release " + APP, appReaders);
        allowed.put("follow " + APP, appReaders);
        allowed.put("flaky", List.of("viewer", "engineer", "release-manager of another app", "release-manager",
                "viewer of everything"));
        allowed.put("queue " + REPOSITORY, List.of("viewer", "engineer", "release-manager", "viewer of everything"));
        allowed.put("search NullPointerException in Basket.total", everything);
        allowed.put("logs 9.0.0", everything);
        allowed.put("lock " + REPOSITORY + " freeze for the release", managers);
        allowed.put("unlock " + REPOSITORY, managers);
        allowed.put("emergency " + REPOSITORY + " 7 the payments outage", managers);
        allowed.forEach((text, roles) -> who.forEach((role, slackUser) -> {
            FakeSlack.Posted answer = command(slackUser, text);
            if (roles.contains(role)) {
                assertThat(answer.allText()).as(text + " by " + role).doesNotContain("Not allowed")
                        .doesNotContain("not linked");
            } else {
                assertThat(ephemeral(answer)).as(text + " by " + role + " is told alone").isTrue();
                assertThat(answer.allText()).as(text + " by " + role).containsAnyOf("Not allowed", "not linked");
            }
        }));
        assertThat(denials("slack-engineer")).extracting(node -> node.path("action").asString())
                .contains("queue.lock", "queue.unlock", "queue.emergency-merge", "logs.read");
        assertThat(denials("slack-other")).extracting(node -> node.path("action").asString())
                .contains("release.read");
        assertThat(denials("slack:U0NOBODY")).hasSizeGreaterThanOrEqualTo(allowed.size());
    }

    @Test
    void theAppHomeIsPublishedOnceEvenWhenSlackRetriesTheEvent() {
        command("U0VIEWER", "follow " + APP);
        String eventId = "Ev" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        String body = FakeSlack.eventCallback(eventId, FakeSlack.appHomeOpened("U0VIEWER"));
        assertThat(SLACK.deliver(endpoint(), "application/json", body).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> !SLACK.posted(posted -> posted.via().equals(
                "views.publish") && posted.user().orElse("").equals("U0VIEWER")).isEmpty());
        String retry = String.valueOf(Instant.now().plusSeconds(2).getEpochSecond());
        FakeSlack.Answer retried = SLACK.deliver(endpoint(), "application/json", body, retry, FakeSlack.signature(
                retry, body), Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"));
        assertThat(retried.status()).isEqualTo(200);
        FakeSlack.Posted home = SLACK.posted(posted -> posted.via().equals("views.publish")).getFirst();
        assertThat(home.allText()).contains("Your pull requests in merge queues").contains("Your flaky tests")
                .contains("Releases you follow").contains("Chat Wallet 9.0.0");
        String other = FakeSlack.eventCallback(eventId + "X", FakeSlack.appHomeOpened("U0VIEWER"));
        assertThat(SLACK.deliver(endpoint(), "application/json", other).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> SLACK.posted(posted -> posted.via().equals(
                "views.publish")).size() == 2);
        assertThat(SLACK.posted(posted -> posted.via().equals("views.publish"))).as("the retry was not done again")
                .hasSize(2);
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.mainline.local.LocalMergeQueues localQueues;

    @Test
    void anEjectedPullRequestsAuthorGetsADirectMessageWithTheReasonAndLinks() {
        int before = SLACK.posted(posted -> posted.via().equals("chat.postMessage")).size();
        localQueues.notices().publish(new dev.mainline.mergequeue.QueueNotices.Notice(
                new dev.mainline.common.RepositoryName(REPOSITORY), 7, "slack-rita",
                "#7 was taken out of the merge queue: ci/test failed on the batch with #6 and #7"));
        localQueues.notices().publish(new dev.mainline.mergequeue.QueueNotices.Notice(
                new dev.mainline.common.RepositoryName(REPOSITORY), 8, "someone-unlinked", "#8 was taken out"));
        await().atMost(Duration.ofSeconds(20)).until(() -> SLACK.posted(posted -> posted.via().equals(
                "chat.postMessage")).size() > before);
        FakeSlack.Posted dm = SLACK.posted(posted -> posted.via().equals("chat.postMessage")).getLast();
        assertThat(dm.channel()).as("a DM: the author's own Slack user").isEqualTo("U0RITA");
        assertThat(dm.allText()).contains("acme/chat #7").contains("ci/test failed")
                .contains("https://mainline.acme.test/api/v1/repositories/acme/chat/queue/pull-requests/7/history")
                .contains("outcome=failure");
        assertThat(SLACK.posted(posted -> posted.allText().contains("#8 was taken out"))).as("no one to tell")
                .isEmpty();
    }

    @Test
    void socketModeTakesTheSameCommandsOverSlacksWebSocketAndAcknowledgesThem() {
        await().atMost(Duration.ofSeconds(20)).until(() -> SLACK.socketConnections() >= 1);
        String responseUrl = SLACK.responseUrl();
        String envelope = SLACK.socketCommand("release " + APP, "U0VIEWER", CHANNEL, responseUrl);
        await().atMost(Duration.ofSeconds(20)).until(() -> SLACK.acknowledged(envelope).isPresent());
        String path = URI.create(responseUrl).getPath();
        await().atMost(Duration.ofSeconds(20)).until(() -> !SLACK.posted(posted -> posted.channel().equals(path))
                .isEmpty());
        FakeSlack.Posted card = SLACK.posted(posted -> posted.channel().equals(path)).getFirst();
        assertThat(card.allText()).contains("Chat Wallet 9.0.0 (android)");
        String unlinked = SLACK.responseUrl();
        SLACK.socketCommand("release " + APP, "U0NOBODY", CHANNEL, unlinked);
        await().atMost(Duration.ofSeconds(20)).until(() -> !SLACK.posted(posted -> posted.channel().equals(URI
                .create(unlinked).getPath())).isEmpty());
        assertThat(SLACK.posted(posted -> posted.channel().equals(URI.create(unlinked).getPath())).getFirst()
                .allText()).contains("not linked");
    }
}
