-- Who owns each test: the file it lives in (from the report, or found by its class name) and the owners CODEOWNERS
-- gives that file, recomputed when main's files or the tests change.
ALTER TABLE tests ADD COLUMN path VARCHAR(2000);
CREATE INDEX tests_by_path ON tests (repository, path);

CREATE TABLE test_owners (
    test_id     BIGINT        NOT NULL,
    repository  VARCHAR(201)  NOT NULL,
    owner       VARCHAR(100)  NOT NULL,
    CONSTRAINT test_owners_pk PRIMARY KEY (test_id, owner),
    CONSTRAINT test_owners_test_fk FOREIGN KEY (test_id) REFERENCES tests (id)
);

CREATE INDEX test_owners_by_owner ON test_owners (owner, repository, test_id);

CREATE TABLE test_ownership_versions (
    repository    VARCHAR(201)  NOT NULL,
    version       VARCHAR(200)  NOT NULL,
    refreshed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT test_ownership_versions_pk PRIMARY KEY (repository)
);
