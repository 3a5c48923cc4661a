-- DPoP proofs (RFC 9449) already presented, so that each is accepted once on
-- every instance sharing this database. proof_hash is the SHA-256 (hex) of the
-- proof key's thumbprint and the proof's jti: fixed width, and no client input
-- stored verbatim. A row is useless once its proof is too old to be accepted
-- (expires_at); UsedProofs purges those.
CREATE TABLE dpop_proofs (
    proof_hash  CHAR(64)                 NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT dpop_proofs_pk PRIMARY KEY (proof_hash)
);
CREATE INDEX dpop_proofs_expiry ON dpop_proofs (expires_at);
