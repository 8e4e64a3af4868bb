-- A test's quarantine: its state, owner, reason, ticket and expiry, and who changed it last (every change is also in
-- the audit log).
CREATE TABLE test_quarantines (
    test_id     BIGINT        NOT NULL,
    repository  VARCHAR(201)  NOT NULL,
    state       VARCHAR(12)   NOT NULL,
    owner       VARCHAR(100),
    reason      VARCHAR(500)  NOT NULL,
    ticket      VARCHAR(500),
    expires_at  TIMESTAMP WITH TIME ZONE,
    changed_by  VARCHAR(100)  NOT NULL,
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT test_quarantines_pk PRIMARY KEY (test_id),
    CONSTRAINT test_quarantines_test_fk FOREIGN KEY (test_id) REFERENCES tests (id)
);

CREATE INDEX test_quarantines_by_repository ON test_quarantines (repository, state);
