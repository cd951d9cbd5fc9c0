-- Costs and funding: reference tables by date (editable by an admin, seeded here), each
-- facility's and resident's funding data, cost lines, funder statements (issued ones are
-- immutable; a correction is a new version), notifications and scheduled-job runs (one row per
-- job and run key: the unique key is the lock that makes a job run once across instances).
-- Constraint names match ../postgres.

-- One row per reference record: kind + key (e.g. minimum_wage + 2024-07-01), the figures as
-- JSON with amounts as decimal strings (exact).
CREATE TABLE reference_rows (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('minimum_wage', 'employer_rates', 'income_criterion', 'fee_table', 'dps_cost', 'work_rules')),
    key TEXT NOT NULL,
    data TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_by BIGINT,
    updated_at TEXT NOT NULL,
    CONSTRAINT reference_rows_key UNIQUE (kind, key)
);

INSERT INTO reference_rows (kind, key, data, updated_at) VALUES
    ('minimum_wage', '2021-01-01', '{"from": "2021-01-01", "amount": "2800.00"}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('minimum_wage', '2022-01-01', '{"from": "2022-01-01", "amount": "3010.00"}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('minimum_wage', '2023-01-01', '{"from": "2023-01-01", "amount": "3490.00"}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('minimum_wage', '2023-07-01', '{"from": "2023-07-01", "amount": "3600.00"}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('minimum_wage', '2024-01-01', '{"from": "2024-01-01", "amount": "4242.00"}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('minimum_wage', '2024-07-01', '{"from": "2024-07-01", "amount": "4300.00"}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('minimum_wage', '2025-01-01', '{"from": "2025-01-01", "amount": "4666.00"}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('minimum_wage', '2026-01-01', '{"from": "2026-01-01", "amount": "4806.00"}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('employer_rates', '0:2021', '{"operator_id": 0, "year": 2021, "rates": {"pension": "9.76", "disability": "6.5", "accident": "1.67", "labour_fund": "2.45", "fgsp": "0.1", "ppk": "1.5"}}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('employer_rates', '0:2022', '{"operator_id": 0, "year": 2022, "rates": {"pension": "9.76", "disability": "6.5", "accident": "1.67", "labour_fund": "2.45", "fgsp": "0.1", "ppk": "1.5"}}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('employer_rates', '0:2023', '{"operator_id": 0, "year": 2023, "rates": {"pension": "9.76", "disability": "6.5", "accident": "1.67", "labour_fund": "2.45", "fgsp": "0.1", "ppk": "1.5"}}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('employer_rates', '0:2024', '{"operator_id": 0, "year": 2024, "rates": {"pension": "9.76", "disability": "6.5", "accident": "1.67", "labour_fund": "2.45", "fgsp": "0.1", "ppk": "1.5"}}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('employer_rates', '0:2025', '{"operator_id": 0, "year": 2025, "rates": {"pension": "9.76", "disability": "6.5", "accident": "1.67", "labour_fund": "2.45", "fgsp": "0.1", "ppk": "1.5"}}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('employer_rates', '0:2026', '{"operator_id": 0, "year": 2026, "rates": {"pension": "9.76", "disability": "6.5", "accident": "1.67", "labour_fund": "2.45", "fgsp": "0.1", "ppk": "1.5"}}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('income_criterion', '2018-10-01', '{"from": "2018-10-01", "single": "701.00", "family": "528.00"}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('income_criterion', '2022-01-01', '{"from": "2022-01-01", "single": "776.00", "family": "600.00"}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('income_criterion', '2025-01-01', '{"from": "2025-01-01", "single": "1010.00", "family": "823.00"}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('fee_table', 'default', '{"name": "default", "resolution": "model resolution (shared/seeds/004), § 2", "bands": [{"up_to": "100", "share": "0"}, {"up_to": "150", "share": "25"}, {"up_to": "200", "share": "50"}, {"up_to": "250", "share": "75"}, {"up_to": null, "share": "100"}]}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

CREATE TABLE facility_funding (
    facility_id BIGINT PRIMARY KEY REFERENCES facilities(id),
    county TEXT NOT NULL,
    reduction TEXT NOT NULL,
    absence_allowance TEXT NOT NULL,
    fee_table TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE resident_funding (
    resident_id BIGINT PRIMARY KEY REFERENCES residents(id),
    municipality TEXT NOT NULL,
    monthly_income_grosze BIGINT NOT NULL CHECK (monthly_income_grosze >= 0),
    variant TEXT CHECK (variant IN ('I', 'II')),
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE cost_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id BIGINT NOT NULL REFERENCES facilities(id),
    month TEXT NOT NULL,
    category TEXT NOT NULL,
    funding_source TEXT NOT NULL CHECK (funding_source IN ('state_support', 'maintenance', 'pfron', 'eu', 'own', 'other')),
    amount_grosze BIGINT NOT NULL CHECK (amount_grosze >= 0),
    description TEXT NOT NULL,
    created_by BIGINT,
    created_at TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX cost_lines_month ON cost_lines (facility_id, month);

CREATE TABLE statements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id BIGINT NOT NULL REFERENCES facilities(id),
    month TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('state', 'municipality')),
    municipality TEXT NOT NULL,
    number BIGINT NOT NULL,
    corrects BIGINT REFERENCES statements(id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'issued')),
    body TEXT NOT NULL,
    total_grosze BIGINT NOT NULL,
    created_by BIGINT,
    created_at TEXT NOT NULL,
    issued_at TEXT,
    issued_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    CONSTRAINT statements_number_key UNIQUE (facility_id, month, kind, municipality, number)
);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id BIGINT NOT NULL REFERENCES facilities(id),
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    due_on TEXT,
    created_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT notifications_key UNIQUE (facility_id, kind, subject, created_on)
);

CREATE TABLE job_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job TEXT NOT NULL,
    run_key TEXT NOT NULL,
    instance TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'failed')),
    detail TEXT NOT NULL,
    CONSTRAINT job_runs_key UNIQUE (job, run_key)
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- A per-installation secret for residents' pseudonyms in funder statements.
INSERT INTO settings (key, value) VALUES ('pseudonym_salt', lower(hex(randomblob(16))));

