-- Staff self-service: personal calendar feeds (a secret token per user, stored hashed,
-- revocable) and requests (a day off or a wish to work a shift, with a reason and a status).
-- Constraint names match ../postgres.

CREATE TABLE calendar_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    CONSTRAINT calendar_tokens_hash_key UNIQUE (token_hash)
);

CREATE TABLE staff_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id BIGINT NOT NULL REFERENCES staff(id),
    date TEXT NOT NULL,
    shift TEXT,
    want BOOLEAN NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
    decided_by BIGINT,
    decided_at TEXT,
    created_at TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX staff_requests_staff ON staff_requests (staff_id, date);
