-- Rota versions: every solve, repair or copy of a facility's month is a new version; drafts
-- take hand edits and locks (with an edit version against lost updates), published versions
-- are kept unchanged. Constraint names match ../postgres.

CREATE TABLE rota_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id BIGINT NOT NULL REFERENCES facilities(id),
    month TEXT NOT NULL,
    number BIGINT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('solved', 'repaired', 'copied')),
    based_on BIGINT REFERENCES rota_versions(id),
    problem TEXT NOT NULL,
    excluded TEXT NOT NULL,
    rota TEXT NOT NULL,
    locks TEXT NOT NULL,
    status TEXT NOT NULL,
    violations BIGINT NOT NULL,
    note TEXT NOT NULL,
    published_at TEXT,
    published_by BIGINT,
    created_by BIGINT,
    created_at TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    CONSTRAINT rota_versions_number_key UNIQUE (facility_id, month, number)
);
CREATE INDEX rota_versions_month ON rota_versions (facility_id, month);
