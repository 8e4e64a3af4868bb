package dev.mainline.mergequeue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random worlds and event sequences: bad and conflicting pull requests, flaky CI, pushes, dequeues,
 * locks, deploys, budget changes, urgent entries, outside pushes to main. {@link QueueWorld} checks the engine's
 * promises after every event; these tests check that nothing is lost and that save and restore change nothing.
 */
class MergeQueuePropertiesTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    private static QueueConfiguration randomConfiguration(Random random) {
        return QueueConfiguration.defaults()
                .withCiBudget(1 + random.nextInt(12))
                .withFailureTolerance(random.nextInt(4))
                .withBatchSize(1 + random.nextInt(random.nextBoolean() ? 1 : 4))
                .withMaxExclusions(random.nextInt(3))
                .withMaxUndeployedMerges(random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0);
    }

    /** Builds a random day; returns the world, ready to run. */
    private static QueueWorld randomWorld(long seed) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        QueueConfiguration configuration = randomConfiguration(random);
        QueueWorld world = new QueueWorld(seed, random.nextInt(3) * 0.1, configuration);
        int pullRequests = 5 + random.nextInt(40);
        for (int number = 1; number <= pullRequests; number++) {
            if (random.nextDouble() < 0.15) {
                world.markBad(number);
            }
            if (number > 1 && random.nextDouble() < 0.05) {
                world.markConflicting(number, 1 + random.nextInt(number - 1));
            }
            Instant arrival = START.plus(Duration.ofMinutes(random.nextInt(240)));
            Priority priority = random.nextDouble() < 0.1 ? Priority.URGENT : Priority.NORMAL;
            world.enqueue(arrival, number, priority, 0.5 + random.nextDouble() * 0.5);
            if (random.nextDouble() < 0.05) {
                Instant push = arrival.plus(Duration.ofMinutes(1 + random.nextInt(60)));
                world.schedule(push, new QueueEvent.Updated(push, number, "h" + number + "-v2"));
            }
            if (random.nextDouble() < 0.03) {
                Instant out = arrival.plus(Duration.ofMinutes(1 + random.nextInt(60)));
                world.schedule(out, new QueueEvent.Dequeued(out, number, "closed by its author"));
            }
        }
        if (random.nextInt(3) == 0) {
            Instant at = START.plus(Duration.ofMinutes(random.nextInt(240)));
            // Either a pull request that is (or was) queued, or one that never was.
            world.emergency(at.plus(Duration.ofMinutes(240)),
                    random.nextBoolean() ? 1 + random.nextInt(pullRequests) : 1000 + random.nextInt(10));
        }
        for (int i = 0; i < random.nextInt(3); i++) {
            Instant lock = START.plus(Duration.ofMinutes(random.nextInt(240)));
            world.schedule(lock, new QueueEvent.Locked(lock, "oncall", "incident"));
            Instant unlock = lock.plus(Duration.ofMinutes(5 + random.nextInt(60)));
            world.schedule(unlock, new QueueEvent.Unlocked(unlock, "oncall"));
        }
        if (random.nextInt(4) == 0) {
            Instant change = START.plus(Duration.ofMinutes(random.nextInt(240)));
            world.schedule(change,
                    new QueueEvent.ConfigurationChanged(change, configuration.withCiBudget(1 + random.nextInt(6))));
        }
        for (int minute = 30; minute < 24 * 60; minute += 30) {
            Instant tick = START.plus(Duration.ofMinutes(minute));
            world.schedule(tick, new QueueEvent.Tick(tick));
        }
        return world;
    }

    @Test
    void nothingIsLostOrMergedTwiceAndMainOnlyMovesToGreen() {
        for (long seed = 1; seed <= 1500; seed++) {
            QueueWorld world = randomWorld(seed);
            world.run(START.plus(Duration.ofHours(72)), 0);
            drainDeploys(world);
            assertThat(world.engine().entries()).as("seed %d: queue drained", seed).isEmpty();
            Set<Integer> accounted = new HashSet<>(world.mainContents());
            assertThat(accounted).as("seed %d: merged once each", seed).hasSameSizeAs(world.mainContents());
            for (Integer ejected : world.ejected().keySet()) {
                // An ejected pull request may still land later as an emergency merge.
                boolean mergedToo = !accounted.add(ejected);
                assertThat(mergedToo && !world.emergencies().contains(ejected))
                        .as("seed %d: #%d both merged and ejected", seed, ejected).isFalse();
            }
            accounted.addAll(world.dequeued());
            accounted.addAll(world.refusedEmergencies());
            assertThat(accounted).as("seed %d: every queued entry merged, ejected or dequeued", seed)
                    .containsAll(world.enqueued());
        }
    }

    /** Deploys keep up with merges so a drift limit cannot hold the queue forever. */
    private static void drainDeploys(QueueWorld world) {
        for (int round = 0; round < 200 && !world.engine().entries().isEmpty(); round++) {
            Instant at = world.engine().now().plus(Duration.ofMinutes(30));
            world.schedule(at, new QueueEvent.Deployed(at, world.engine().main()));
            world.schedule(at, new QueueEvent.Unlocked(at, "oncall"));
            world.run(at.plus(Duration.ofHours(4)), 0);
        }
    }

    @Test
    void savingAndRestoringMidRunChangesNothing() {
        for (long seed = 1; seed <= 300; seed++) {
            QueueWorld straight = randomWorld(seed);
            straight.run(START.plus(Duration.ofHours(72)), 0);
            QueueWorld restored = randomWorld(seed);
            restored.run(START.plus(Duration.ofHours(72)), 1 + (int) (seed % 7));
            assertThat(restored.log()).as("seed %d", seed).isEqualTo(straight.log());
            assertThat(restored.engine().state()).isEqualTo(straight.engine().state());
        }
    }

    @Test
    void badEntriesNeverReachMain() {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            QueueWorld world = new QueueWorld(seed, 0.0,
                    QueueConfiguration.defaults().withCiBudget(1 + random.nextInt(8)));
            Set<Integer> bad = new HashSet<>();
            for (int number = 1; number <= 30; number++) {
                if (random.nextDouble() < 0.2) {
                    world.markBad(number);
                    bad.add(number);
                }
                world.enqueue(START.plus(Duration.ofMinutes(random.nextInt(120))), number, Priority.NORMAL, 0.9);
            }
            world.run(START.plus(Duration.ofHours(48)), 0);
            assertThat(world.mainContents()).as("seed %d", seed).doesNotContainAnyElementsOf(bad);
            assertThat(world.ejected().keySet()).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(bad);
            assertThat(world.engine().entries()).isEmpty();
            assertThat(List.copyOf(world.mainContents())).hasSize(30 - bad.size());
        }
    }
}
