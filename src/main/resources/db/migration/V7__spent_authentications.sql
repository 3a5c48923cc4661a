-- One transfer per authentication event (bank.security.step-up.one-transfer-per-authentication):
-- a refreshed or re-issued token keeps the auth_time of the approval it came
-- from, so the event (issuer, subject, auth_time, approved payments) is spent in
-- the transfer's transaction, and the primary key decides between instances.
-- event_hash is the SHA-256 of those four; the other columns say what it was.
-- Rows may be purged after expires_at (auth_time + max-age + clock skew): a
-- token that old is refused as a stale authentication anyway.
CREATE TABLE spent_authentications (
    event_hash  CHAR(64)                 NOT NULL,
    issuer      VARCHAR(1024)            NOT NULL,
    subject     VARCHAR(255)             NOT NULL,
    auth_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    transfer_id VARCHAR(36)              NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    spent_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT spent_authentications_pk PRIMARY KEY (event_hash),
    CONSTRAINT spent_authentications_transfer FOREIGN KEY (transfer_id) REFERENCES transfers (id)
);
CREATE INDEX spent_authentications_expiry ON spent_authentications (expires_at);
