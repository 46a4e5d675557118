-- The lease of an active/standby pair: the one row names the gateway that may watch the beds. The
-- active gateway renews it with the database's clock; a standby takes it only once it has expired,
-- raising the epoch, which every later write of the old holder is checked against (a fencing token).
CREATE TABLE gateway_lease (
    name        VARCHAR(64) PRIMARY KEY,
    holder      VARCHAR(128),
    holder_url  VARCHAR(512),
    epoch       BIGINT NOT NULL,
    taken_at    TIMESTAMP WITH TIME ZONE,
    renewed_at  TIMESTAMP WITH TIME ZONE,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO gateway_lease (name, holder, holder_url, epoch, taken_at, renewed_at, expires_at)
VALUES ('gateway', NULL, NULL, 0, NULL, NULL, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');
