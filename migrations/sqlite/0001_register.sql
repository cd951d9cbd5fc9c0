-- WSM register: facilities, units, rooms, residents, staff, accounts, audit.
-- Constraint names are explicit and identical in the SQLite dialect (see ../postgres); dates and instants are ISO-8601 TEXT here.

CREATE TABLE operators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    tax_id TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE facilities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    operator_id BIGINT NOT NULL REFERENCES operators(id),
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    building_type TEXT NOT NULL CHECK (building_type IN ('3.1.1', '3.1.2', '3.1.3')),
    profile TEXT NOT NULL,
    duty_start TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id BIGINT NOT NULL REFERENCES facilities(id),
    name TEXT NOT NULL,
    places BIGINT NOT NULL CHECK (places BETWEEN 1 AND 6),
    accessible BOOLEAN NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    CONSTRAINT units_facility_name_key UNIQUE (facility_id, name)
);

CREATE TABLE rooms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    area_hundredths BIGINT NOT NULL CHECK (area_hundredths > 0),
    accessible BOOLEAN NOT NULL,
    serves_room_id BIGINT REFERENCES rooms(id),
    version BIGINT NOT NULL DEFAULT 1,
    CONSTRAINT rooms_unit_name_key UNIQUE (unit_id, name)
);

CREATE TABLE justifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id BIGINT NOT NULL REFERENCES facilities(id),
    rule TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    room_id BIGINT REFERENCES rooms(id),
    reason TEXT NOT NULL,
    recorded_by BIGINT,
    recorded_at TEXT NOT NULL
);

CREATE TABLE residents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id BIGINT NOT NULL REFERENCES facilities(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    room_id BIGINT REFERENCES rooms(id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    certificate_number TEXT NOT NULL,
    certificate_issuer TEXT NOT NULL,
    certificate_degree TEXT NOT NULL,
    certificate_valid_from TEXT NOT NULL,
    certificate_valid_until TEXT,
    legal_representative TEXT,
    supported_decision_making BOOLEAN NOT NULL,
    moved_in TEXT NOT NULL,
    moved_out TEXT,
    day_programme TEXT NOT NULL,
    one_to_one TEXT NOT NULL,
    register TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX residents_room_key ON residents (room_id) WHERE moved_out IS NULL;

CREATE TABLE resident_absences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    resident_id BIGINT NOT NULL REFERENCES residents(id),
    kind TEXT NOT NULL,
    from_at TEXT NOT NULL,
    to_at TEXT NOT NULL,
    note TEXT NOT NULL
);

CREATE TABLE consents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    resident_id BIGINT NOT NULL REFERENCES residents(id),
    subject TEXT NOT NULL,
    given_by TEXT NOT NULL,
    given_on TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

CREATE TABLE barthel_assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    resident_id BIGINT NOT NULL REFERENCES residents(id),
    assessed_on TEXT NOT NULL,
    assessor TEXT NOT NULL,
    scores TEXT NOT NULL,
    total BIGINT NOT NULL CHECK (total BETWEEN 0 AND 100),
    recorded_by BIGINT,
    recorded_at TEXT NOT NULL
);

CREATE TABLE support_plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    resident_id BIGINT NOT NULL REFERENCES residents(id),
    plan_version BIGINT NOT NULL,
    body TEXT NOT NULL,
    review_date TEXT NOT NULL,
    consent_by TEXT,
    consent_on TEXT,
    recorded_by BIGINT,
    recorded_at TEXT NOT NULL,
    CONSTRAINT support_plans_version_key UNIQUE (resident_id, plan_version)
);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id BIGINT NOT NULL REFERENCES facilities(id),
    candidate_name TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    applied_by TEXT NOT NULL,
    applied_on TEXT NOT NULL,
    stage TEXT NOT NULL,
    barthel_total BIGINT,
    carer_age BIGINT,
    carer_health TEXT,
    local_support TEXT,
    points BIGINT,
    refused BOOLEAN NOT NULL DEFAULT 0,
    decision_note TEXT,
    contract_on TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE staff (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id BIGINT NOT NULL REFERENCES facilities(id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    role TEXT NOT NULL,
    fte_milli BIGINT NOT NULL CHECK (fte_milli > 0 AND fte_milli <= 1000),
    contract_start TEXT NOT NULL,
    contract_end TEXT,
    nights_allowed BOOLEAN NOT NULL,
    overtime_allowed BOOLEAN NOT NULL,
    hourly_pay_grosze BIGINT NOT NULL CHECK (hourly_pay_grosze >= 0),
    experience_years BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE staff_units (
    staff_id BIGINT NOT NULL REFERENCES staff(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (staff_id, unit_id)
);

CREATE TABLE vetting_checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id BIGINT NOT NULL REFERENCES staff(id),
    kind TEXT NOT NULL,
    checked_on TEXT NOT NULL,
    evidence_ref TEXT NOT NULL,
    expires_on TEXT,
    recorded_by BIGINT,
    recorded_at TEXT NOT NULL
);

CREATE TABLE staff_leave (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id BIGINT NOT NULL REFERENCES staff(id),
    kind TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    note TEXT NOT NULL
);

CREATE TABLE staff_unavailability (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id BIGINT NOT NULL REFERENCES staff(id),
    from_at TEXT NOT NULL,
    to_at TEXT NOT NULL,
    reason TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'staff', 'funder')),
    staff_id BIGINT REFERENCES staff(id),
    created_at TEXT NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE user_facilities (
    user_id BIGINT NOT NULL REFERENCES users(id),
    facility_id BIGINT NOT NULL REFERENCES facilities(id),
    PRIMARY KEY (user_id, facility_id)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id BIGINT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    facility_id BIGINT,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
