-- Messages from outside systems (webhook deliveries), stored before they are acted on and kept after that so a
-- redelivery is recognised by its source and id.
CREATE TABLE inbox_messages (
    source       VARCHAR(32)  NOT NULL,
    message_id   VARCHAR(128) NOT NULL,
    kind         VARCHAR(64)  NOT NULL,
    payload      BYTEA NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    done_at      TIMESTAMP WITH TIME ZONE,
    outcome      VARCHAR(500),
    CONSTRAINT inbox_messages_pk PRIMARY KEY (source, message_id)
);

CREATE INDEX inbox_messages_pending ON inbox_messages (source, done_at, received_at);
