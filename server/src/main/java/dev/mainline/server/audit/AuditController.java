package dev.mainline.server.audit;

import static java.util.Objects.requireNonNull;

import dev.mainline.audit.AuditEvent;
import dev.mainline.audit.AuditQuery;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.AuditService;
import dev.mainline.audit.Outcome;
import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;
import dev.mainline.identity.Actor;
import dev.mainline.server.http.PageResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log, newest first, for global administrators. */
@RestController
@RequestMapping(path = "/api/v1/audit", produces = "application/json")
public class AuditController {
    // The range both H2 and PostgreSQL can store.
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final AuditService audit;

    public AuditController(AuditService audit) {
        this.audit = requireNonNull(audit, "audit is null");
    }

    record AuditEventView(long id, Instant occurredAt, String actor, Long actorUserId, String channel, String action,
            String target, String outcome, String detail) {
        static AuditEventView of(AuditEvent event) {
            return new AuditEventView(event.id(), event.record().occurredAt(), event.record().actor(),
                    event.record().actorUserId().orElse(null), event.record().channel().key(), event.record().action(),
                    event.record().target(), event.record().outcome().key(), event.record().detail());
        }
    }

    @GetMapping
    public PageResponse<AuditEventView> list(Actor actor, @RequestParam(required = false) String actorLogin,
            @RequestParam(required = false) String action, @RequestParam(required = false) String target,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) String since,
            @RequestParam(required = false) String until, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        AuditQuery query = new AuditQuery(filter("actorLogin", actorLogin), filter("action", action),
                filter("target", target), Optional.ofNullable(outcome).map(Outcome::fromKey),
                instant("since", since), instant("until", until));
        return PageResponse.of(audit.list(actor, query, PageResponse.request(cursor, limit)), AuditEventView::of);
    }

    private static Optional<String> filter(String name, String value) {
        return Optional.ofNullable(value).map(present -> Checks.text(name, present, AuditRecord.MAX_TARGET_LENGTH));
    }

    private static Optional<Instant> instant(String name, String value) {
        if (value == null) {
            return Optional.empty();
        }
        Instant instant;
        try {
            instant = Instant.parse(Checks.text(name, value, 40));
        } catch (DateTimeParseException e) {
            throw MainlineException.invalid("%s must be an ISO-8601 instant such as 2026-01-31T09:00:00Z", name);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw MainlineException.invalid("%s must be between years 1 and 9999, got %s", name, value);
        }
        return Optional.of(instant);
    }
}
