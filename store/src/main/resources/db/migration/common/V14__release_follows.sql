-- The apps whose releases each user follows (their Slack App Home shows them).
CREATE TABLE release_follows (
    user_id     BIGINT      NOT NULL,
    app_key     VARCHAR(64) NOT NULL,
    followed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT release_follows_key PRIMARY KEY (user_id, app_key)
);
