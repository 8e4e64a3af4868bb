package dev.mainline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it. The testing module has a richer one, but it depends on core, so
 * core's own tests keep this small copy.
 */
public final class TestingClock extends Clock {
    public static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    private Instant now = START;

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("core tests use the clock in UTC only");
    }
}
