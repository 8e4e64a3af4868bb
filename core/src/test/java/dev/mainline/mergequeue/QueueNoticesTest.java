package dev.mainline.mergequeue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.common.RepositoryName;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a queue tells an author reaches every listener; a failing listener stops neither the others nor the queue. */
class QueueNoticesTest {
    @Test
    void notifyCommandsArePublishedAndAFailingListenerIsContained() {
        QueueNotices notices = new QueueNotices();
        List<QueueNotices.Notice> heard = new ArrayList<>();
        notices.subscribe(notice -> {
            throw new IllegalStateException("Slack is down");
        });
        notices.subscribe(heard::add);
        RepositoryName shop = new RepositoryName("acme/shop");
        notices.carriedOut(shop, new QueueCommand.Notify(12, "ada", "#12 was taken out of the merge queue: red"));
        notices.carriedOut(shop, new QueueCommand.Eject(12, EjectionReason.values()[0], "red"));
        assertThat(heard).containsExactly(new QueueNotices.Notice(shop, 12, "ada",
                "#12 was taken out of the merge queue: red"));
    }
}
