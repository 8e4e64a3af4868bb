package dev.mainline.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it. Starts at a fixed instant, in whole microseconds. */
public final class TestingClock extends Clock {
    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T09:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public TestingClock() {
        this(DEFAULT_START);
    }

    public TestingClock(Instant start) {
        this(new AtomicReference<>(start.truncatedTo(ChronoUnit.MICROS)), ZoneOffset.UTC);
    }

    private TestingClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    public void set(Instant instant) {
        now.set(instant.truncatedTo(ChronoUnit.MICROS));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new TestingClock(now, zone);
    }
}
