-- One schema for H2 and PostgreSQL. Every invariant of DESIGN.md that a
-- constraint can express is expressed here, so a bug in the code (or a person
-- with a SQL console) cannot break it silently.

CREATE TABLE accounts (
    id              VARCHAR(64)              NOT NULL,
    owner_subject   VARCHAR(255)             NOT NULL,
    currency        CHAR(3)                  NOT NULL,
    opening_balance NUMERIC(19, 4)           NOT NULL,
    balance         NUMERIC(19, 4)           NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT accounts_pk PRIMARY KEY (id),
    CONSTRAINT accounts_opening_balance_not_negative CHECK (opening_balance >= 0),
    CONSTRAINT accounts_balance_not_negative CHECK (balance >= 0),
    -- target of the composite foreign keys below: money only moves within one currency
    CONSTRAINT accounts_id_currency UNIQUE (id, currency)
);
CREATE INDEX accounts_owner ON accounts (owner_subject);

CREATE TABLE transfers (
    id              VARCHAR(36)              NOT NULL,
    from_account    VARCHAR(64)              NOT NULL,
    to_account      VARCHAR(64)              NOT NULL,
    amount          NUMERIC(19, 4)           NOT NULL,
    currency        CHAR(3)                  NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    requested_by    VARCHAR(255)             NOT NULL,
    idempotency_key VARCHAR(255),
    request_hash    CHAR(64)                 NOT NULL,
    token_issuer    VARCHAR(1024)            NOT NULL,
    token_jti       VARCHAR(255)             NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT transfers_pk PRIMARY KEY (id),
    CONSTRAINT transfers_amount_positive CHECK (amount > 0),
    CONSTRAINT transfers_status CHECK (status IN ('completed', 'declined')),
    CONSTRAINT transfers_distinct_accounts CHECK (from_account <> to_account),
    CONSTRAINT transfers_from_account FOREIGN KEY (from_account, currency) REFERENCES accounts (id, currency),
    CONSTRAINT transfers_to_account FOREIGN KEY (to_account, currency) REFERENCES accounts (id, currency),
    CONSTRAINT transfers_one_per_token UNIQUE (token_issuer, token_jti),
    CONSTRAINT transfers_one_per_idempotency_key UNIQUE (requested_by, idempotency_key),
    -- targets of the ledger_entries foreign keys: an entry must match its transfer
    CONSTRAINT transfers_entry_terms UNIQUE (id, amount, currency, status),
    CONSTRAINT transfers_debit_side UNIQUE (id, from_account),
    CONSTRAINT transfers_credit_side UNIQUE (id, to_account)
);
CREATE INDEX transfers_from ON transfers (from_account);
CREATE INDEX transfers_to ON transfers (to_account);

-- Double entry: a completed transfer has exactly one debit (direction -1) on its
-- from account and one credit (+1) on its to account, both of the transfer's
-- amount, so its entries sum to zero. debit_account / credit_account repeat
-- account_id on the matching side only, so that a foreign key can pin each side
-- to the right account of the transfer (a NULL column skips its foreign key).
CREATE TABLE ledger_entries (
    transfer_id    VARCHAR(36)    NOT NULL,
    direction      SMALLINT       NOT NULL,
    account_id     VARCHAR(64)    NOT NULL,
    amount         NUMERIC(19, 4) NOT NULL,
    magnitude      NUMERIC(19, 4) NOT NULL,
    currency       CHAR(3)        NOT NULL,
    status         VARCHAR(16)    NOT NULL,
    debit_account  VARCHAR(64),
    credit_account VARCHAR(64),
    CONSTRAINT ledger_entries_pk PRIMARY KEY (transfer_id, direction),
    CONSTRAINT ledger_entries_direction CHECK (direction IN (-1, 1)),
    CONSTRAINT ledger_entries_signed_amount CHECK (amount = direction * magnitude AND magnitude > 0),
    CONSTRAINT ledger_entries_only_completed CHECK (status = 'completed'),
    CONSTRAINT ledger_entries_side CHECK (
        (direction = -1 AND debit_account = account_id AND credit_account IS NULL)
        OR (direction = 1 AND credit_account = account_id AND debit_account IS NULL)),
    CONSTRAINT ledger_entries_transfer FOREIGN KEY (transfer_id, magnitude, currency, status)
        REFERENCES transfers (id, amount, currency, status),
    CONSTRAINT ledger_entries_debit FOREIGN KEY (transfer_id, debit_account) REFERENCES transfers (id, from_account),
    CONSTRAINT ledger_entries_credit FOREIGN KEY (transfer_id, credit_account) REFERENCES transfers (id, to_account),
    CONSTRAINT ledger_entries_account FOREIGN KEY (account_id, currency) REFERENCES accounts (id, currency)
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id);

-- Single-use transfer tokens. Rows may be purged once the token has expired:
-- the decoder refuses an expired token anyway, and transfers_one_per_token keeps
-- the permanent record.
CREATE TABLE spent_tokens (
    issuer      VARCHAR(1024)            NOT NULL,
    jti         VARCHAR(255)             NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    transfer_id VARCHAR(36)              NOT NULL,
    spent_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT spent_tokens_pk PRIMARY KEY (issuer, jti),
    CONSTRAINT spent_tokens_transfer FOREIGN KEY (transfer_id) REFERENCES transfers (id),
    CONSTRAINT spent_tokens_one_per_transfer UNIQUE (transfer_id)
);
CREATE INDEX spent_tokens_expiry ON spent_tokens (expires_at);

-- An Idempotency-Key whose first request is still running. The row is committed
-- before the work starts so that every instance on the database sees it, and it
-- is removed in the transaction that records the transfer (or when the request
-- fails before a decision). locked_until frees keys of a crashed instance.
CREATE TABLE idempotency_locks (
    requested_by    VARCHAR(255)             NOT NULL,
    idempotency_key VARCHAR(255)             NOT NULL,
    request_hash    CHAR(64)                 NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT idempotency_locks_pk PRIMARY KEY (requested_by, idempotency_key)
);
