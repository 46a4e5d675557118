-- Sign-in sessions of the dashboard, so that a gateway restart does not sign the ward out. Only the
-- SHA-256 hash of each session token is kept (hex): reading this table does not let anyone act as
-- a user. A session whose user is no longer configured is dropped at the next start.
CREATE TABLE http_sessions (
    token_hash   CHAR(64) PRIMARY KEY,
    user_name    VARCHAR(64) NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE NOT NULL
);
