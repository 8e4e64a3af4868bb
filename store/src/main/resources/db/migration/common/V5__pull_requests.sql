-- Pull requests of local repositories, numbered per repository.
CREATE TABLE pull_requests (
    repository  VARCHAR(201) NOT NULL,
    number      INTEGER      NOT NULL,
    branch      VARCHAR(255) NOT NULL,
    title       VARCHAR(300) NOT NULL,
    author      VARCHAR(64)  NOT NULL,
    state       VARCHAR(16)  NOT NULL,
    opened_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pull_requests_pk PRIMARY KEY (repository, number)
);

CREATE INDEX pull_requests_branch ON pull_requests (repository, branch, state);
