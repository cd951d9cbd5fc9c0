//! The SQL both dialects share. `$N` placeholders work in SQLite and PostgreSQL alike, and the
//! schema is the same in both (`migrations/sqlite`, `migrations/postgres`), so each store
//! method is written once here and compiled twice by [`impl_store!`] against each concrete
//! database type — two real implementations without generic-over-`Database` trait bounds.

use chrono::{DateTime, Months, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::model::*;
use super::{Result, StoreError};
use crate::domain::admission::Stage;
use crate::domain::barthel::BarthelScores;
use crate::domain::standards::{BuildingType, RoomKind};
use crate::domain::values::{AreaM2, Fte, Money};
use crate::domain::vetting::{self, CheckFacts, CheckKind};

/// Turns a unique/foreign-key violation into a client error by constraint name (PostgreSQL)
/// or by the table and columns SQLite names in its message.
pub(super) fn map_db(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &e {
        let key = db.constraint().map(str::to_string).unwrap_or_else(|| db.message().to_string());
        let dup = |field: &str, message: &str, message_pl: &str| StoreError::Duplicate { field: field.into(), message: message.into(), message_pl: message_pl.into() };
        if db.is_unique_violation() {
            return if key.contains("units_facility_name_key") || key.contains("units.facility_id, units.name") {
                dup("name", "a unit with this name already exists in the facility", "zespół mieszkalny o tej nazwie już istnieje w placówce")
            } else if key.contains("rooms_unit_name_key") || key.contains("rooms.unit_id, rooms.name") {
                dup("name", "a room with this name already exists in the unit", "pokój o tej nazwie już istnieje w zespole")
            } else if key.contains("users_email_key") || key.contains("users.email") {
                dup("email", "an account with this e-mail already exists", "konto z tym adresem e-mail już istnieje")
            } else if key.contains("residents_room_key") || key.contains("residents.room_id") {
                dup("room_id", "the room is taken by another resident", "pokój zajmuje inny mieszkaniec")
            } else if key.contains("support_plans_version_key") || key.contains("support_plans.resident_id") {
                dup("plan_version", "another version of this plan was saved at the same moment; reload and try again", "w tej samej chwili zapisano inną wersję tego planu wsparcia; odśwież i spróbuj ponownie")
            } else {
                dup("", "a unique value is already taken", "ta wartość musi być niepowtarzalna, a jest już zajęta")
            };
        }
        if db.is_foreign_key_violation() {
            return dup("", "the record is still referenced by other records", "inne rekordy nadal odwołują się do tego rekordu");
        }
    }
    StoreError::Db(e)
}

pub(super) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what}: '{value}'"))
}

pub(super) fn json<T: serde::de::DeserializeOwned>(what: &str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| corrupt(what, &e.to_string()))
}

pub(super) fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

pub(super) fn code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

pub(super) fn from_code<T: serde::de::DeserializeOwned>(what: &str, s: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).map_err(|_| corrupt(what, s))
}

#[derive(sqlx::FromRow)]
pub(super) struct UserRow {
    pub id: i64,
    pub email: String,
    pub role: String,
    pub staff_id: Option<i64>,
    pub password_hash: String,
}

impl UserRow {
    pub fn into_user(self, facility_ids: Vec<i64>) -> Result<(User, String)> {
        let role = Role::from_code(&self.role).ok_or_else(|| corrupt("role", &self.role))?;
        Ok((User { id: self.id, email: self.email, role, staff_id: self.staff_id, facility_ids }, self.password_hash))
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct OperatorRow {
    pub id: i64,
    pub name: String,
    pub tax_id: Option<String>,
    pub version: i64,
}

impl From<OperatorRow> for Operator {
    fn from(r: OperatorRow) -> Self {
        Operator { id: r.id, name: r.name, tax_id: r.tax_id, version: r.version }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct FacilityRow {
    pub id: i64,
    pub operator_id: i64,
    pub name: String,
    pub address: String,
    pub building_type: String,
    pub profile: String,
    pub duty_start: Option<NaiveDate>,
    pub version: i64,
}

#[derive(sqlx::FromRow)]
pub(super) struct UnitRow {
    pub id: i64,
    pub facility_id: i64,
    pub name: String,
    pub places: i64,
    pub accessible: bool,
    pub version: i64,
    pub residents: i64,
}

impl UnitRow {
    pub fn into_unit(self, rooms: Vec<Room>) -> Unit {
        Unit {
            id: self.id,
            facility_id: self.facility_id,
            name: self.name,
            places: self.places as u32,
            accessible: self.accessible,
            version: self.version,
            rooms,
            residents: self.residents as u32,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct RoomRow {
    pub id: i64,
    pub unit_id: i64,
    pub name: String,
    pub kind: String,
    pub area_hundredths: i64,
    pub accessible: bool,
    pub serves_room_id: Option<i64>,
    pub version: i64,
}

impl TryFrom<RoomRow> for Room {
    type Error = StoreError;
    fn try_from(r: RoomRow) -> Result<Self> {
        Ok(Room {
            id: r.id,
            unit_id: r.unit_id,
            name: r.name,
            kind: RoomKind::from_code(&r.kind).ok_or_else(|| corrupt("room kind", &r.kind))?,
            area_m2: AreaM2::from_hundredths(r.area_hundredths),
            accessible: r.accessible,
            serves_room_id: r.serves_room_id,
            version: r.version,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct JustificationRow {
    pub id: i64,
    pub rule: String,
    pub unit_id: Option<i64>,
    pub room_id: Option<i64>,
    pub reason: String,
    pub recorded_at: DateTime<Utc>,
}

impl From<JustificationRow> for Justification {
    fn from(r: JustificationRow) -> Self {
        Justification { id: r.id, rule: r.rule, unit_id: r.unit_id, room_id: r.room_id, reason: r.reason, recorded_at: r.recorded_at }
    }
}

pub(super) fn facility_from(r: FacilityRow, units: Vec<Unit>, justifications: Vec<Justification>) -> Result<Facility> {
    let building_type = BuildingType::from_code(&r.building_type).ok_or_else(|| corrupt("building type", &r.building_type))?;
    let residents = units.iter().map(|u| u.residents).sum();
    Ok(Facility {
        id: r.id,
        operator_id: r.operator_id,
        name: r.name,
        address: r.address,
        building_type,
        profile: r.profile,
        duty_start: r.duty_start,
        duty_end: r.duty_start.and_then(|d| d.checked_add_months(Months::new(240))),
        version: r.version,
        units,
        justifications,
        residents,
    })
}

#[derive(sqlx::FromRow)]
pub(super) struct ResidentRow {
    pub id: i64,
    pub facility_id: i64,
    pub unit_id: i64,
    pub room_id: Option<i64>,
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: NaiveDate,
    pub certificate_number: String,
    pub certificate_issuer: String,
    pub certificate_degree: String,
    pub certificate_valid_from: NaiveDate,
    pub certificate_valid_until: Option<NaiveDate>,
    pub legal_representative: Option<String>,
    pub supported_decision_making: bool,
    pub moved_in: NaiveDate,
    pub moved_out: Option<NaiveDate>,
    pub day_programme: String,
    pub one_to_one: String,
    pub register: String,
    pub version: i64,
}

impl ResidentRow {
    pub fn into_resident(self, absences: Vec<Absence>, consents: Vec<Consent>) -> Result<Resident> {
        Ok(Resident {
            id: self.id,
            facility_id: self.facility_id,
            unit_id: self.unit_id,
            room_id: self.room_id,
            age_on_moving_in: crate::domain::resident::age_on(self.date_of_birth, self.moved_in),
            first_name: self.first_name,
            last_name: self.last_name,
            date_of_birth: self.date_of_birth,
            certificate: Certificate {
                number: self.certificate_number,
                issuer: self.certificate_issuer,
                degree: from_code("certificate degree", &self.certificate_degree)?,
                valid_from: self.certificate_valid_from,
                valid_until: self.certificate_valid_until,
            },
            legal_representative: self.legal_representative,
            supported_decision_making: self.supported_decision_making,
            moved_in: self.moved_in,
            moved_out: self.moved_out,
            day_programme: json("day programme", &self.day_programme)?,
            one_to_one: json("1:1 schedule", &self.one_to_one)?,
            register: json("register data", &self.register)?,
            absences,
            consents,
            version: self.version,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct AbsenceRow {
    pub id: i64,
    pub kind: String,
    pub from_at: DateTime<Utc>,
    pub to_at: DateTime<Utc>,
    pub note: String,
}

impl TryFrom<AbsenceRow> for Absence {
    type Error = StoreError;
    fn try_from(r: AbsenceRow) -> Result<Self> {
        Ok(Absence { id: r.id, kind: from_code("absence kind", &r.kind)?, from: r.from_at, to: r.to_at, note: r.note })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct ConsentRow {
    pub id: i64,
    pub subject: String,
    pub given_by: String,
    pub given_on: NaiveDate,
    pub note: String,
}

impl From<ConsentRow> for Consent {
    fn from(r: ConsentRow) -> Self {
        Consent { id: r.id, subject: r.subject, given_by: r.given_by, given_on: r.given_on, note: r.note }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct BarthelRow {
    pub id: i64,
    pub resident_id: i64,
    pub assessed_on: NaiveDate,
    pub assessor: String,
    pub scores: String,
    pub total: i64,
    pub recorded_at: DateTime<Utc>,
}

impl TryFrom<BarthelRow> for BarthelAssessment {
    type Error = StoreError;
    fn try_from(r: BarthelRow) -> Result<Self> {
        let items: BarthelScores = json("Barthel scores", &r.scores)?;
        let total = r.total as u8;
        Ok(BarthelAssessment {
            id: r.id,
            resident_id: r.resident_id,
            assessed_on: r.assessed_on,
            assessor: r.assessor,
            items,
            total,
            band: None,
            at_or_below_zol_threshold: total <= crate::domain::barthel::ZOL_THRESHOLD,
            next_due: r.assessed_on.checked_add_months(Months::new(3)).unwrap_or(r.assessed_on),
            recorded_at: r.recorded_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct PlanRow {
    pub id: i64,
    pub resident_id: i64,
    pub plan_version: i64,
    pub body: String,
    pub recorded_at: DateTime<Utc>,
}

impl TryFrom<PlanRow> for SupportPlan {
    type Error = StoreError;
    fn try_from(r: PlanRow) -> Result<Self> {
        let plan: PlanInput = json("support plan", &r.body)?;
        let hours_per_week = plan.services.iter().map(|s| s.hours_per_week).sum::<Decimal>();
        Ok(SupportPlan { id: r.id, resident_id: r.resident_id, plan_version: r.plan_version, plan, hours_per_week, recorded_at: r.recorded_at })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct ApplicationRow {
    pub id: i64,
    pub facility_id: i64,
    pub candidate_name: String,
    pub date_of_birth: NaiveDate,
    pub applied_by: String,
    pub applied_on: NaiveDate,
    pub stage: String,
    pub barthel_total: Option<i64>,
    pub carer_age: Option<i64>,
    pub carer_health: Option<String>,
    pub local_support: Option<String>,
    pub points: Option<i64>,
    pub refused: bool,
    pub decision_note: Option<String>,
    pub contract_on: Option<NaiveDate>,
    pub version: i64,
}

impl TryFrom<ApplicationRow> for Application {
    type Error = StoreError;
    fn try_from(r: ApplicationRow) -> Result<Self> {
        Ok(Application {
            id: r.id,
            facility_id: r.facility_id,
            candidate_name: r.candidate_name,
            date_of_birth: r.date_of_birth,
            applied_by: r.applied_by,
            applied_on: r.applied_on,
            stage: Stage::from_code(&r.stage).ok_or_else(|| corrupt("stage", &r.stage))?,
            barthel_total: r.barthel_total.map(|v| v as u8),
            carer_age: r.carer_age.map(|v| v as u8),
            carer_health: r.carer_health.as_deref().map(|s| from_code("carer health", s)).transpose()?,
            local_support: r.local_support.as_deref().map(|s| from_code("local support", s)).transpose()?,
            points: r.points.map(|v| v as u32),
            refused: r.refused,
            decision_note: r.decision_note,
            contract_on: r.contract_on,
            version: r.version,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct StaffRow {
    pub id: i64,
    pub facility_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub role: String,
    pub fte_milli: i64,
    pub contract_start: NaiveDate,
    pub contract_end: Option<NaiveDate>,
    pub nights_allowed: bool,
    pub overtime_allowed: bool,
    pub hourly_pay_grosze: i64,
    pub experience_years: i64,
    pub version: i64,
}

#[derive(sqlx::FromRow)]
pub(super) struct CheckRow {
    pub id: i64,
    pub kind: String,
    pub checked_on: NaiveDate,
    pub evidence_ref: String,
    pub expires_on: Option<NaiveDate>,
}

impl TryFrom<CheckRow> for VettingCheck {
    type Error = StoreError;
    fn try_from(r: CheckRow) -> Result<Self> {
        Ok(VettingCheck {
            id: r.id,
            kind: CheckKind::from_code(&r.kind).ok_or_else(|| corrupt("check kind", &r.kind))?,
            checked_on: r.checked_on,
            evidence_ref: r.evidence_ref,
            expires_on: r.expires_on,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct LeaveRow {
    pub id: i64,
    pub kind: String,
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
    pub note: String,
}

impl TryFrom<LeaveRow> for Leave {
    type Error = StoreError;
    fn try_from(r: LeaveRow) -> Result<Self> {
        Ok(Leave { id: r.id, kind: from_code("leave kind", &r.kind)?, from: r.from_date, to: r.to_date, note: r.note })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct UnavailabilityRow {
    pub id: i64,
    pub from_at: DateTime<Utc>,
    pub to_at: DateTime<Utc>,
    pub reason: String,
}

impl From<UnavailabilityRow> for Unavailability {
    fn from(r: UnavailabilityRow) -> Self {
        Unavailability { id: r.id, from: r.from_at, to: r.to_at, reason: r.reason }
    }
}

/// Assembles a staff record; rosterability is evaluated on `today`.
pub(super) fn staff_from(
    r: StaffRow,
    unit_ids: Vec<i64>,
    checks: Vec<VettingCheck>,
    leave: Vec<Leave>,
    unavailability: Vec<Unavailability>,
    today: NaiveDate,
) -> Result<Staff> {
    let facts: Vec<CheckFacts> = checks.iter().map(|c| CheckFacts { kind: c.kind, checked_on: c.checked_on, expires_on: c.expires_on }).collect();
    Ok(Staff {
        id: r.id,
        facility_id: r.facility_id,
        first_name: r.first_name,
        last_name: r.last_name,
        role: StaffRole::from_code(&r.role).ok_or_else(|| corrupt("staff role", &r.role))?,
        fte: Fte::from_milli(r.fte_milli),
        contract_start: r.contract_start,
        contract_end: r.contract_end,
        unit_ids,
        nights_allowed: r.nights_allowed,
        overtime_allowed: r.overtime_allowed,
        hourly_pay: Money::from_grosze(r.hourly_pay_grosze),
        experience_years: r.experience_years as u32,
        rosterability: vetting::rosterability(&facts, today),
        checks,
        leave,
        unavailability,
        version: r.version,
    })
}

#[derive(sqlx::FromRow)]
pub(super) struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub facility_id: Option<i64>,
    pub detail: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> Self {
        AuditEntry { id: r.id, at: r.at, user_id: r.user_id, action: r.action, entity: r.entity, entity_id: r.entity_id, facility_id: r.facility_id, detail: r.detail }
    }
}

pub(super) const RESIDENT_COLS: &str = "id, facility_id, unit_id, room_id, first_name, last_name, date_of_birth, certificate_number, certificate_issuer, certificate_degree, certificate_valid_from, certificate_valid_until, legal_representative, supported_decision_making, moved_in, moved_out, day_programme, one_to_one, register, version";
/// The resident's editable columns, in the order `bind_resident` binds them.
pub(super) const RESIDENT_FIELDS: &str = "unit_id, room_id, first_name, last_name, date_of_birth, certificate_number, certificate_issuer, certificate_degree, certificate_valid_from, certificate_valid_until, legal_representative, supported_decision_making, moved_in, moved_out, day_programme, one_to_one, register";
/// The staff member's editable columns, in the order `bind_staff` binds them.
pub(super) const STAFF_FIELDS: &str = "first_name, last_name, role, fte_milli, contract_start, contract_end, nights_allowed, overtime_allowed, hourly_pay_grosze, experience_years";

/// `a = $1, b = $2, …` for an UPDATE of `fields`.
pub(super) fn set_clause(fields: &str) -> String {
    fields.split(", ").enumerate().map(|(i, f)| format!("{f} = ${}", i + 1)).collect::<Vec<_>>().join(", ")
}

/// `$from, $from+1, …` — `n` placeholders.
pub(super) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

pub(super) const STAFF_COLS: &str = "id, facility_id, first_name, last_name, role, fte_milli, contract_start, contract_end, nights_allowed, overtime_allowed, hourly_pay_grosze, experience_years, version";
pub(super) const APPLICATION_COLS: &str = "id, facility_id, candidate_name, date_of_birth, applied_by, applied_on, stage, barthel_total, carer_age, carer_health, local_support, points, refused, decision_note, contract_on, version";
pub(super) const UNIT_COLS: &str = "u.id, u.facility_id, u.name, u.places, u.accessible, u.version, (SELECT COUNT(*) FROM residents r WHERE r.unit_id = u.id AND r.moved_out IS NULL) AS residents";

/// Columns of [`RotaRecord`].
pub(super) const ROTA_COLS: &str =
    "id, facility_id, month, number, origin, based_on, problem, excluded, rota, locks, status, violations, note, published_at, published_by, created_by, created_at, version";

macro_rules! impl_store {
    ($store:ident, $db:ty, $conn:ty, $backend:literal, $begin:literal) => {
        use async_trait::async_trait;
        use chrono::{DateTime, NaiveDate, Utc};

        use super::model::*;
        use super::sql::*;
        use super::{NewAudit, Owned, Result, Store, StoreError};
        use crate::domain::RuleError;

        type Conn = $conn;
        type Query<'q> = sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>>;

        /// Binds [`RESIDENT_FIELDS`] in order.
        fn bind_resident<'q>(q: Query<'q>, r: &'q ResidentInput) -> Query<'q> {
            q.bind(r.unit_id)
                .bind(r.room_id)
                .bind(&r.first_name)
                .bind(&r.last_name)
                .bind(r.date_of_birth)
                .bind(&r.certificate.number)
                .bind(&r.certificate.issuer)
                .bind(code(&r.certificate.degree))
                .bind(r.certificate.valid_from)
                .bind(r.certificate.valid_until)
                .bind(&r.legal_representative)
                .bind(r.supported_decision_making)
                .bind(r.moved_in)
                .bind(r.moved_out)
                .bind(to_json(&r.day_programme))
                .bind(to_json(&r.one_to_one))
                .bind(to_json(&r.register))
        }

        /// Binds [`STAFF_FIELDS`] in order.
        fn bind_staff<'q>(q: Query<'q>, s: &'q StaffInput) -> Query<'q> {
            q.bind(&s.first_name)
                .bind(&s.last_name)
                .bind(s.role.code())
                .bind(s.fte.milli())
                .bind(s.contract_start)
                .bind(s.contract_end)
                .bind(s.nights_allowed)
                .bind(s.overtime_allowed)
                .bind(s.hourly_pay.grosze())
                .bind(i64::from(s.experience_years))
        }

        async fn insert_id(c: &mut Conn, q: Query<'_>) -> Result<i64> {
            use sqlx::Row;
            let row = q.fetch_one(&mut *c).await.map_err(map_db)?;
            Ok(row.try_get::<i64, _>(0)?)
        }

        /// How a write transaction starts. SQLite takes the write lock up front
        /// (`BEGIN IMMEDIATE`), so a transaction that reads before it writes waits for other
        /// writers instead of failing to upgrade its lock.
        const BEGIN: &str = $begin;

        fn rule(field: &str, message: impl Into<String>, message_pl: impl Into<String>) -> StoreError {
            StoreError::Rule(RuleError::new(field, message, message_pl))
        }

        /// Applies a versioned UPDATE's outcome: not found, stale, or done.
        async fn check_versioned(c: &mut Conn, table: &'static str, entity: &'static str, id: i64, rows: u64) -> Result<()> {
            if rows == 1 {
                return Ok(());
            }
            let current: Option<i64> = sqlx::query_scalar(&format!("SELECT version FROM {table} WHERE id = $1")).bind(id).fetch_optional(&mut *c).await?;
            match current {
                None => Err(StoreError::NotFound(entity)),
                Some(current) => Err(StoreError::Stale { current }),
            }
        }

        /// Takes the facility's row lock first, so checks of facility-wide limits and the write
        /// that follows cannot interleave with another writer (PostgreSQL row lock; SQLite's
        /// write lock is taken by the first write of the transaction).
        async fn lock_facility(c: &mut Conn, facility_id: i64) -> Result<()> {
            let rows = sqlx::query("UPDATE facilities SET version = version WHERE id = $1").bind(facility_id).execute(&mut *c).await?.rows_affected();
            if rows == 0 {
                return Err(StoreError::NotFound("facility"));
            }
            Ok(())
        }

        async fn user_facilities(c: &mut Conn, user_id: i64) -> Result<Vec<i64>> {
            Ok(sqlx::query_scalar("SELECT facility_id FROM user_facilities WHERE user_id = $1 ORDER BY facility_id").bind(user_id).fetch_all(&mut *c).await?)
        }

        async fn load_user(c: &mut Conn, row: UserRow) -> Result<(User, String)> {
            let ids = user_facilities(c, row.id).await?;
            row.into_user(ids)
        }

        async fn load_units(c: &mut Conn, facility_id: i64) -> Result<Vec<Unit>> {
            let rows: Vec<UnitRow> = sqlx::query_as(&format!("SELECT {UNIT_COLS} FROM units u WHERE u.facility_id = $1 ORDER BY u.id")).bind(facility_id).fetch_all(&mut *c).await?;
            let rooms: Vec<RoomRow> = sqlx::query_as(
                "SELECT r.id, r.unit_id, r.name, r.kind, r.area_hundredths, r.accessible, r.serves_room_id, r.version FROM rooms r JOIN units u ON u.id = r.unit_id WHERE u.facility_id = $1 ORDER BY r.id",
            )
            .bind(facility_id)
            .fetch_all(&mut *c)
            .await?;
            let mut rooms: Vec<Room> = rooms.into_iter().map(Room::try_from).collect::<Result<_>>()?;
            Ok(rows
                .into_iter()
                .map(|u| {
                    let mine = rooms.iter().filter(|r| r.unit_id == u.id).cloned().collect();
                    rooms.retain(|r| r.unit_id != u.id);
                    u.into_unit(mine)
                })
                .collect())
        }

        async fn load_facility(c: &mut Conn, id: i64) -> Result<Facility> {
            let row: FacilityRow = sqlx::query_as("SELECT id, operator_id, name, address, building_type, profile, duty_start, version FROM facilities WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *c)
                .await?
                .ok_or(StoreError::NotFound("facility"))?;
            let units = load_units(c, id).await?;
            let js: Vec<JustificationRow> = sqlx::query_as("SELECT id, rule, unit_id, room_id, reason, recorded_at FROM justifications WHERE facility_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(&mut *c)
                .await?;
            facility_from(row, units, js.into_iter().map(Into::into).collect())
        }

        async fn load_unit(c: &mut Conn, id: i64) -> Result<Unit> {
            let facility_id: i64 = sqlx::query_scalar("SELECT facility_id FROM units WHERE id = $1").bind(id).fetch_optional(&mut *c).await?.ok_or(StoreError::NotFound("unit"))?;
            load_units(c, facility_id).await?.into_iter().find(|u| u.id == id).ok_or(StoreError::NotFound("unit"))
        }

        async fn load_room(c: &mut Conn, id: i64) -> Result<Room> {
            let row: RoomRow = sqlx::query_as("SELECT id, unit_id, name, kind, area_hundredths, accessible, serves_room_id, version FROM rooms WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *c)
                .await?
                .ok_or(StoreError::NotFound("room"))?;
            Room::try_from(row)
        }

        /// A bathroom may serve only a resident room of the same unit.
        async fn check_room_refs(c: &mut Conn, unit_id: i64, input: &RoomInput) -> Result<()> {
            if let Some(serves) = input.serves_room_id {
                if input.kind != crate::domain::standards::RoomKind::Bathroom {
                    return Err(rule("serves_room_id", "only a bathroom serves a resident room", "tylko łazienka przynależy do pokoju mieszkalnego"));
                }
                let kind: Option<(i64, String)> = sqlx::query_as("SELECT unit_id, kind FROM rooms WHERE id = $1").bind(serves).fetch_optional(&mut *c).await?;
                match kind {
                    Some((u, k)) if u == unit_id && k == "resident_room" => {}
                    _ => return Err(rule("serves_room_id", "must be a resident room in the same unit", "musi być pokojem mieszkalnym w tym samym zespole")),
                }
            }
            Ok(())
        }

        async fn load_resident(c: &mut Conn, id: i64) -> Result<Resident> {
            let row: ResidentRow = sqlx::query_as(&format!("SELECT {RESIDENT_COLS} FROM residents WHERE id = $1"))
                .bind(id)
                .fetch_optional(&mut *c)
                .await?
                .ok_or(StoreError::NotFound("resident"))?;
            let absences: Vec<AbsenceRow> = sqlx::query_as("SELECT id, kind, from_at, to_at, note FROM resident_absences WHERE resident_id = $1 ORDER BY from_at")
                .bind(id)
                .fetch_all(&mut *c)
                .await?;
            let consents: Vec<ConsentRow> = sqlx::query_as("SELECT id, subject, given_by, given_on, note FROM consents WHERE resident_id = $1 ORDER BY given_on, id")
                .bind(id)
                .fetch_all(&mut *c)
                .await?;
            row.into_resident(absences.into_iter().map(Absence::try_from).collect::<Result<_>>()?, consents.into_iter().map(Into::into).collect())
        }

        /// Capacity and room rules that need the stored state; `me` is the resident being
        /// edited (excluded from the counts).
        async fn check_placement(c: &mut Conn, facility_id: i64, me: Option<i64>, input: &ResidentInput) -> Result<()> {
            let me = me.unwrap_or(-1);
            let unit: Option<(i64, i64)> = sqlx::query_as("SELECT facility_id, places FROM units WHERE id = $1").bind(input.unit_id).fetch_optional(&mut *c).await?;
            let places = match unit {
                Some((f, p)) if f == facility_id => p,
                _ => return Err(rule("unit_id", "no such housing unit in this facility", "nie ma takiego zespołu mieszkalnego w tej placówce")),
            };
            if input.moved_out.is_none() {
                let in_wsm: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM residents WHERE facility_id = $1 AND moved_out IS NULL AND id <> $2")
                    .bind(facility_id)
                    .bind(me)
                    .fetch_one(&mut *c)
                    .await?;
                let max = i64::from(crate::domain::standards::MAX_RESIDENTS_PER_WSM);
                if in_wsm >= max {
                    return Err(rule("unit_id", format!("the WSM already has {in_wsm} residents; a WSM houses at most {max}"), format!("WSM ma już {in_wsm} mieszkańców; WSM mieści najwyżej {max}")));
                }
                let in_unit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM residents WHERE unit_id = $1 AND moved_out IS NULL AND id <> $2")
                    .bind(input.unit_id)
                    .bind(me)
                    .fetch_one(&mut *c)
                    .await?;
                if in_unit >= places {
                    return Err(rule("unit_id", format!("the unit's {places} places are all taken"), format!("wszystkie miejsca w zespole ({places}) są zajęte")));
                }
            }
            if let Some(room_id) = input.room_id {
                let room: Option<(i64, String)> = sqlx::query_as("SELECT unit_id, kind FROM rooms WHERE id = $1").bind(room_id).fetch_optional(&mut *c).await?;
                match room {
                    Some((u, k)) if u == input.unit_id && k == "resident_room" => {}
                    _ => return Err(rule("room_id", "must be a resident room in the chosen unit", "musi być pokojem mieszkalnym w wybranym zespole")),
                }
                if input.moved_out.is_none() {
                    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM residents WHERE room_id = $1 AND moved_out IS NULL AND id <> $2")
                        .bind(room_id)
                        .bind(me)
                        .fetch_one(&mut *c)
                        .await?;
                    if taken > 0 {
                        return Err(rule("room_id", "the room is taken by another resident; rooms are single", "pokój zajmuje inny mieszkaniec; pokoje są jednoosobowe"));
                    }
                }
            }
            Ok(())
        }

        async fn load_staff(c: &mut Conn, row: StaffRow, today: NaiveDate) -> Result<Staff> {
            let id = row.id;
            let units: Vec<i64> = sqlx::query_scalar("SELECT unit_id FROM staff_units WHERE staff_id = $1 ORDER BY unit_id").bind(id).fetch_all(&mut *c).await?;
            let checks: Vec<CheckRow> = sqlx::query_as("SELECT id, kind, checked_on, evidence_ref, expires_on FROM vetting_checks WHERE staff_id = $1 ORDER BY checked_on DESC, id DESC")
                .bind(id)
                .fetch_all(&mut *c)
                .await?;
            let leave: Vec<LeaveRow> = sqlx::query_as("SELECT id, kind, from_date, to_date, note FROM staff_leave WHERE staff_id = $1 ORDER BY from_date").bind(id).fetch_all(&mut *c).await?;
            let unav: Vec<UnavailabilityRow> =
                sqlx::query_as("SELECT id, from_at, to_at, reason FROM staff_unavailability WHERE staff_id = $1 ORDER BY from_at").bind(id).fetch_all(&mut *c).await?;
            staff_from(
                row,
                units,
                checks.into_iter().map(VettingCheck::try_from).collect::<Result<_>>()?,
                leave.into_iter().map(Leave::try_from).collect::<Result<_>>()?,
                unav.into_iter().map(Into::into).collect(),
                today,
            )
        }

        async fn load_staff_id(c: &mut Conn, id: i64, today: NaiveDate) -> Result<Staff> {
            let row: StaffRow = sqlx::query_as(&format!("SELECT {STAFF_COLS} FROM staff WHERE id = $1")).bind(id).fetch_optional(&mut *c).await?.ok_or(StoreError::NotFound("staff member"))?;
            load_staff(c, row, today).await
        }

        async fn set_staff_units(c: &mut Conn, facility_id: i64, staff_id: i64, unit_ids: &[i64]) -> Result<()> {
            sqlx::query("DELETE FROM staff_units WHERE staff_id = $1").bind(staff_id).execute(&mut *c).await?;
            for (i, u) in unit_ids.iter().enumerate() {
                let f: Option<i64> = sqlx::query_scalar("SELECT facility_id FROM units WHERE id = $1").bind(u).fetch_optional(&mut *c).await?;
                if f != Some(facility_id) {
                    return Err(rule(&format!("unit_ids[{i}]"), format!("unit {u} is not a unit of this facility"), format!("zespół {u} nie należy do tej placówki")));
                }
                sqlx::query("INSERT INTO staff_units (staff_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING").bind(staff_id).bind(u).execute(&mut *c).await?;
            }
            Ok(())
        }

        async fn load_application(c: &mut Conn, id: i64) -> Result<Application> {
            let row: ApplicationRow = sqlx::query_as(&format!("SELECT {APPLICATION_COLS} FROM applications WHERE id = $1"))
                .bind(id)
                .fetch_optional(&mut *c)
                .await?
                .ok_or(StoreError::NotFound("application"))?;
            Application::try_from(row)
        }

        async fn exists(c: &mut Conn, table: &'static str, entity: &'static str, id: i64) -> Result<()> {
            let found: Option<i64> = sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE id = $1")).bind(id).fetch_optional(&mut *c).await?;
            found.map(|_| ()).ok_or(StoreError::NotFound(entity))
        }

        #[async_trait]
        impl Store for $store {
            fn backend(&self) -> &'static str {
                $backend
            }

            async fn migrate(&self) -> Result<()> {
                MIGRATOR.run(&self.pool).await.map_err(|e| StoreError::Db(e.into()))
            }

            async fn ping(&self) -> Result<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn create_user(&self, user: &NewUser, password_hash: &str) -> Result<User> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                let id: i64 = sqlx::query_scalar("INSERT INTO users (email, password_hash, role, staff_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                    .bind(user.email.trim().to_lowercase())
                    .bind(password_hash)
                    .bind(user.role.code())
                    .bind(user.staff_id)
                    .bind(Utc::now())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(map_db)?;
                for (i, f) in user.facility_ids.iter().enumerate() {
                    exists(&mut tx, "facilities", "facility", *f).await.map_err(|_| rule(&format!("facility_ids[{i}]"), format!("no facility {f}"), format!("nie ma placówki {f}")))?;
                    sqlx::query("INSERT INTO user_facilities (user_id, facility_id) VALUES ($1, $2) ON CONFLICT DO NOTHING").bind(id).bind(f).execute(&mut *tx).await?;
                }
                let row: UserRow = sqlx::query_as("SELECT id, email, role, staff_id, password_hash FROM users WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
                let (u, _) = load_user(&mut tx, row).await?;
                tx.commit().await?;
                Ok(u)
            }

            async fn users(&self) -> Result<Vec<User>> {
                let mut c = self.pool.acquire().await?;
                let rows: Vec<UserRow> = sqlx::query_as("SELECT id, email, role, staff_id, password_hash FROM users ORDER BY id").fetch_all(&mut *c).await?;
                let mut out = Vec::new();
                for r in rows {
                    out.push(load_user(&mut c, r).await?.0);
                }
                Ok(out)
            }

            async fn user_credentials(&self, email: &str) -> Result<Option<(User, String)>> {
                let mut c = self.pool.acquire().await?;
                let row: Option<UserRow> = sqlx::query_as("SELECT id, email, role, staff_id, password_hash FROM users WHERE email = $1")
                    .bind(email.trim().to_lowercase())
                    .fetch_optional(&mut *c)
                    .await?;
                match row {
                    Some(r) => Ok(Some(load_user(&mut c, r).await?)),
                    None => Ok(None),
                }
            }

            async fn create_session(&self, token_hash: &str, user_id: i64, expires_at: DateTime<Utc>) -> Result<()> {
                sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                    .bind(token_hash)
                    .bind(user_id)
                    .bind(Utc::now())
                    .bind(expires_at)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn session_user(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<User>> {
                let mut c = self.pool.acquire().await?;
                let found: Option<(i64, DateTime<Utc>)> = sqlx::query_as("SELECT user_id, expires_at FROM sessions WHERE token_hash = $1").bind(token_hash).fetch_optional(&mut *c).await?;
                let Some((user_id, expires_at)) = found else { return Ok(None) };
                if expires_at <= now {
                    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&mut *c).await?;
                    return Ok(None);
                }
                let row: UserRow = sqlx::query_as("SELECT id, email, role, staff_id, password_hash FROM users WHERE id = $1").bind(user_id).fetch_one(&mut *c).await?;
                Ok(Some(load_user(&mut c, row).await?.0))
            }

            async fn delete_session(&self, token_hash: &str) -> Result<()> {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
                Ok(())
            }

            async fn audit(&self, e: NewAudit) -> Result<()> {
                sqlx::query("INSERT INTO audit_log (at, user_id, action, entity, entity_id, facility_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(Utc::now())
                    .bind(e.user_id)
                    .bind(e.action)
                    .bind(e.entity)
                    .bind(e.entity_id)
                    .bind(e.facility_id)
                    .bind(e.detail)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>> {
                let rows: Vec<AuditRow> = sqlx::query_as("SELECT id, at, user_id, action, entity, entity_id, facility_id, detail FROM audit_log ORDER BY id DESC LIMIT $1")
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn facility_of(&self, kind: Owned, id: i64) -> Result<i64> {
                let (sql, entity) = match kind {
                    Owned::Unit => ("SELECT facility_id FROM units WHERE id = $1", "unit"),
                    Owned::Room => ("SELECT u.facility_id FROM rooms r JOIN units u ON u.id = r.unit_id WHERE r.id = $1", "room"),
                    Owned::Justification => ("SELECT facility_id FROM justifications WHERE id = $1", "justification"),
                    Owned::Resident => ("SELECT facility_id FROM residents WHERE id = $1", "resident"),
                    Owned::Application => ("SELECT facility_id FROM applications WHERE id = $1", "application"),
                    Owned::Staff => ("SELECT facility_id FROM staff WHERE id = $1", "staff member"),
                    Owned::Rota => ("SELECT facility_id FROM rota_versions WHERE id = $1", "rota version"),
                };
                let found: Option<i64> = sqlx::query_scalar(sql).bind(id).fetch_optional(&self.pool).await?;
                found.ok_or(StoreError::NotFound(entity))
            }

            async fn create_operator(&self, input: &OperatorInput) -> Result<Operator> {
                let row: OperatorRow = sqlx::query_as("INSERT INTO operators (name, tax_id, created_at) VALUES ($1, $2, $3) RETURNING id, name, tax_id, version")
                    .bind(&input.name)
                    .bind(&input.tax_id)
                    .bind(Utc::now())
                    .fetch_one(&self.pool)
                    .await
                    .map_err(map_db)?;
                Ok(row.into())
            }

            async fn operators(&self) -> Result<Vec<Operator>> {
                let rows: Vec<OperatorRow> = sqlx::query_as("SELECT id, name, tax_id, version FROM operators ORDER BY id").fetch_all(&self.pool).await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn create_facility(&self, f: &FacilityInput) -> Result<Facility> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                exists(&mut tx, "operators", "operator", f.operator_id).await.map_err(|_| rule("operator_id", format!("no operator {}", f.operator_id), format!("nie ma operatora {}", f.operator_id)))?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO facilities (operator_id, name, address, building_type, profile, duty_start, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(f.operator_id)
                .bind(&f.name)
                .bind(&f.address)
                .bind(f.building_type.code())
                .bind(&f.profile)
                .bind(f.duty_start)
                .bind(Utc::now())
                .fetch_one(&mut *tx)
                .await
                .map_err(map_db)?;
                let out = load_facility(&mut tx, id).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn update_facility(&self, id: i64, version: i64, f: &FacilityInput) -> Result<Facility> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                let rows = sqlx::query(
                    "UPDATE facilities SET operator_id = $1, name = $2, address = $3, building_type = $4, profile = $5, duty_start = $6, version = version + 1 WHERE id = $7 AND version = $8",
                )
                .bind(f.operator_id)
                .bind(&f.name)
                .bind(&f.address)
                .bind(f.building_type.code())
                .bind(&f.profile)
                .bind(f.duty_start)
                .bind(id)
                .bind(version)
                .execute(&mut *tx)
                .await
                .map_err(map_db)?
                .rows_affected();
                check_versioned(&mut tx, "facilities", "facility", id, rows).await?;
                exists(&mut tx, "operators", "operator", f.operator_id).await.map_err(|_| rule("operator_id", format!("no operator {}", f.operator_id), format!("nie ma operatora {}", f.operator_id)))?;
                let out = load_facility(&mut tx, id).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn facility(&self, id: i64) -> Result<Facility> {
                let mut c = self.pool.acquire().await?;
                load_facility(&mut c, id).await
            }

            async fn facility_ids(&self) -> Result<Vec<i64>> {
                Ok(sqlx::query_scalar("SELECT id FROM facilities ORDER BY id").fetch_all(&self.pool).await?)
            }

            async fn create_unit(&self, facility_id: i64, u: &UnitInput) -> Result<Unit> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                lock_facility(&mut tx, facility_id).await?;
                let places: Option<i64> = sqlx::query_scalar("SELECT CAST(SUM(places) AS BIGINT) FROM units WHERE facility_id = $1").bind(facility_id).fetch_one(&mut *tx).await?;
                let total = places.unwrap_or(0) + i64::from(u.places);
                let max = i64::from(crate::domain::standards::MAX_RESIDENTS_PER_WSM);
                if total > max {
                    return Err(rule("places", format!("the WSM would have {total} places; at most {max}"), format!("WSM miałby {total} miejsc; najwyżej {max}")));
                }
                let id: i64 = sqlx::query_scalar("INSERT INTO units (facility_id, name, places, accessible) VALUES ($1, $2, $3, $4) RETURNING id")
                    .bind(facility_id)
                    .bind(&u.name)
                    .bind(i64::from(u.places))
                    .bind(u.accessible)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(map_db)?;
                let out = load_unit(&mut tx, id).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn update_unit(&self, id: i64, version: i64, u: &UnitInput) -> Result<Unit> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                let facility_id: i64 = sqlx::query_scalar("SELECT facility_id FROM units WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound("unit"))?;
                lock_facility(&mut tx, facility_id).await?;
                let rows = sqlx::query("UPDATE units SET name = $1, places = $2, accessible = $3, version = version + 1 WHERE id = $4 AND version = $5")
                    .bind(&u.name)
                    .bind(i64::from(u.places))
                    .bind(u.accessible)
                    .bind(id)
                    .bind(version)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_db)?
                    .rows_affected();
                check_versioned(&mut tx, "units", "unit", id, rows).await?;
                let total: Option<i64> = sqlx::query_scalar("SELECT CAST(SUM(places) AS BIGINT) FROM units WHERE facility_id = $1").bind(facility_id).fetch_one(&mut *tx).await?;
                let max = i64::from(crate::domain::standards::MAX_RESIDENTS_PER_WSM);
                if total.unwrap_or(0) > max {
                    return Err(rule("places", format!("the WSM would have {} places; at most {max}", total.unwrap_or(0)), format!("WSM miałby {} miejsc; najwyżej {max}", total.unwrap_or(0))));
                }
                let out = load_unit(&mut tx, id).await?;
                if out.residents > out.places {
                    return Err(rule("places", format!("{} residents live in the unit; places cannot go below that", out.residents), format!("liczba mieszkańców zespołu: {}; miejsc nie może być mniej", out.residents)));
                }
                tx.commit().await?;
                Ok(out)
            }

            async fn delete_unit(&self, id: i64) -> Result<()> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                let used: i64 = sqlx::query_scalar(
                    "SELECT (SELECT COUNT(*) FROM rooms WHERE unit_id = $1) + (SELECT COUNT(*) FROM residents WHERE unit_id = $1) + (SELECT COUNT(*) FROM staff_units WHERE unit_id = $1)",
                )
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                if used > 0 {
                    exists(&mut tx, "units", "unit", id).await?;
                    return Err(StoreError::Duplicate {
                        field: "id".into(),
                        message: "the unit still has rooms, residents or staff; move them first".into(),
                        message_pl: "zespół nadal ma pokoje, mieszkańców lub pracowników; najpierw ich przenieś".into(),
                    });
                }
                sqlx::query("DELETE FROM justifications WHERE unit_id = $1").bind(id).execute(&mut *tx).await?;
                let rows = sqlx::query("DELETE FROM units WHERE id = $1").bind(id).execute(&mut *tx).await.map_err(map_db)?.rows_affected();
                if rows == 0 {
                    return Err(StoreError::NotFound("unit"));
                }
                tx.commit().await?;
                Ok(())
            }

            async fn create_room(&self, unit_id: i64, r: &RoomInput) -> Result<Room> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                exists(&mut tx, "units", "unit", unit_id).await?;
                check_room_refs(&mut tx, unit_id, r).await?;
                let id: i64 = sqlx::query_scalar("INSERT INTO rooms (unit_id, name, kind, area_hundredths, accessible, serves_room_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                    .bind(unit_id)
                    .bind(&r.name)
                    .bind(r.kind.code())
                    .bind(r.area_m2.hundredths())
                    .bind(r.accessible)
                    .bind(r.serves_room_id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(map_db)?;
                let out = load_room(&mut tx, id).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn update_room(&self, id: i64, version: i64, r: &RoomInput) -> Result<Room> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                let rows = sqlx::query("UPDATE rooms SET name = $1, kind = $2, area_hundredths = $3, accessible = $4, serves_room_id = $5, version = version + 1 WHERE id = $6 AND version = $7")
                    .bind(&r.name)
                    .bind(r.kind.code())
                    .bind(r.area_m2.hundredths())
                    .bind(r.accessible)
                    .bind(r.serves_room_id)
                    .bind(id)
                    .bind(version)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_db)?
                    .rows_affected();
                check_versioned(&mut tx, "rooms", "room", id, rows).await?;
                let room = load_room(&mut tx, id).await?;
                check_room_refs(&mut tx, room.unit_id, r).await?;
                if r.kind.code() != "resident_room" {
                    let lives: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM residents WHERE room_id = $1 AND moved_out IS NULL").bind(id).fetch_one(&mut *tx).await?;
                    if lives > 0 {
                        return Err(rule("kind", "a resident lives in this room; it stays a resident room", "w tym pokoju mieszka mieszkaniec; pozostaje pokojem mieszkalnym"));
                    }
                }
                tx.commit().await?;
                Ok(room)
            }

            async fn delete_room(&self, id: i64) -> Result<()> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                exists(&mut tx, "rooms", "room", id).await?;
                let used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM residents WHERE room_id = $1").bind(id).fetch_one(&mut *tx).await?;
                if used > 0 {
                    return Err(StoreError::Duplicate {
                        field: "id".into(),
                        message: "a resident's record refers to this room".into(),
                        message_pl: "karta mieszkańca odwołuje się do tego pokoju".into(),
                    });
                }
                sqlx::query("UPDATE rooms SET serves_room_id = NULL WHERE serves_room_id = $1").bind(id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM justifications WHERE room_id = $1").bind(id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM rooms WHERE id = $1").bind(id).execute(&mut *tx).await.map_err(map_db)?;
                tx.commit().await?;
                Ok(())
            }

            async fn add_justification(&self, facility_id: i64, j: &JustificationInput) -> Result<Justification> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                exists(&mut tx, "facilities", "facility", facility_id).await?;
                if let Some(u) = j.unit_id {
                    let f: Option<i64> = sqlx::query_scalar("SELECT facility_id FROM units WHERE id = $1").bind(u).fetch_optional(&mut *tx).await?;
                    if f != Some(facility_id) {
                        return Err(rule("unit_id", "no such unit in this facility", "nie ma takiego zespołu w tej placówce"));
                    }
                }
                if let Some(r) = j.room_id {
                    let f: Option<(i64, i64)> = sqlx::query_as("SELECT u.facility_id, u.id FROM rooms r JOIN units u ON u.id = r.unit_id WHERE r.id = $1").bind(r).fetch_optional(&mut *tx).await?;
                    match f {
                        Some((f, u)) if f == facility_id && j.unit_id.is_none_or(|ju| ju == u) => {}
                        _ => return Err(rule("room_id", "no such room in this facility (or not in the given unit)", "nie ma takiego pokoju w tej placówce (albo nie w podanym zespole)")),
                    }
                }
                let row: JustificationRow = sqlx::query_as(
                    "INSERT INTO justifications (facility_id, rule, unit_id, room_id, reason, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, rule, unit_id, room_id, reason, recorded_at",
                )
                .bind(facility_id)
                .bind(&j.rule)
                .bind(j.unit_id)
                .bind(j.room_id)
                .bind(&j.reason)
                .bind(Utc::now())
                .fetch_one(&mut *tx)
                .await
                .map_err(map_db)?;
                tx.commit().await?;
                Ok(row.into())
            }

            async fn delete_justification(&self, id: i64) -> Result<()> {
                let rows = sqlx::query("DELETE FROM justifications WHERE id = $1").bind(id).execute(&self.pool).await?.rows_affected();
                if rows == 0 {
                    return Err(StoreError::NotFound("justification"));
                }
                Ok(())
            }

            async fn create_resident(&self, facility_id: i64, r: &ResidentInput) -> Result<Resident> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                lock_facility(&mut tx, facility_id).await?;
                check_placement(&mut tx, facility_id, None, r).await?;
                let n = RESIDENT_FIELDS.split(", ").count();
                let sql = format!("INSERT INTO residents ({RESIDENT_FIELDS}, facility_id, created_at) VALUES ({}) RETURNING id", placeholders(1, n + 2));
                let id = insert_id(&mut tx, bind_resident(sqlx::query(&sql), r).bind(facility_id).bind(Utc::now())).await?;
                let out = load_resident(&mut tx, id).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn update_resident(&self, id: i64, version: i64, r: &ResidentInput) -> Result<Resident> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                let facility_id: i64 =
                    sqlx::query_scalar("SELECT facility_id FROM residents WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound("resident"))?;
                lock_facility(&mut tx, facility_id).await?;
                let n = RESIDENT_FIELDS.split(", ").count();
                let sql = format!("UPDATE residents SET {}, version = version + 1 WHERE id = ${} AND version = ${}", set_clause(RESIDENT_FIELDS), n + 1, n + 2);
                let rows = bind_resident(sqlx::query(&sql), r).bind(id).bind(version).execute(&mut *tx).await.map_err(map_db)?.rows_affected();
                check_versioned(&mut tx, "residents", "resident", id, rows).await?;
                check_placement(&mut tx, facility_id, Some(id), r).await?;
                let out = load_resident(&mut tx, id).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn resident(&self, id: i64) -> Result<Resident> {
                let mut c = self.pool.acquire().await?;
                load_resident(&mut c, id).await
            }

            async fn residents(&self, facility_id: i64) -> Result<Vec<Resident>> {
                let mut c = self.pool.acquire().await?;
                let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM residents WHERE facility_id = $1 ORDER BY last_name, first_name, id").bind(facility_id).fetch_all(&mut *c).await?;
                let mut out = Vec::with_capacity(ids.len());
                for id in ids {
                    out.push(load_resident(&mut c, id).await?);
                }
                Ok(out)
            }

            async fn add_absence(&self, resident_id: i64, a: &AbsenceInput) -> Result<Absence> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                exists(&mut tx, "residents", "resident", resident_id).await?;
                let row: AbsenceRow = sqlx::query_as("INSERT INTO resident_absences (resident_id, kind, from_at, to_at, note) VALUES ($1, $2, $3, $4, $5) RETURNING id, kind, from_at, to_at, note")
                    .bind(resident_id)
                    .bind(code(&a.kind))
                    .bind(a.from)
                    .bind(a.to)
                    .bind(&a.note)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(map_db)?;
                tx.commit().await?;
                Absence::try_from(row)
            }

            async fn add_consent(&self, resident_id: i64, a: &ConsentInput) -> Result<Consent> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                exists(&mut tx, "residents", "resident", resident_id).await?;
                let row: ConsentRow = sqlx::query_as("INSERT INTO consents (resident_id, subject, given_by, given_on, note, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, subject, given_by, given_on, note")
                    .bind(resident_id)
                    .bind(&a.subject)
                    .bind(&a.given_by)
                    .bind(a.given_on)
                    .bind(&a.note)
                    .bind(Utc::now())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(map_db)?;
                tx.commit().await?;
                Ok(row.into())
            }

            async fn add_barthel(&self, resident_id: i64, b: &BarthelInput, user_id: i64) -> Result<BarthelAssessment> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                exists(&mut tx, "residents", "resident", resident_id).await?;
                let row: BarthelRow = sqlx::query_as(
                    "INSERT INTO barthel_assessments (resident_id, assessed_on, assessor, scores, total, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     RETURNING id, resident_id, assessed_on, assessor, scores, total, recorded_at",
                )
                .bind(resident_id)
                .bind(b.assessed_on)
                .bind(&b.assessor)
                .bind(to_json(&b.items))
                .bind(i64::from(b.items.total()))
                .bind(user_id)
                .bind(Utc::now())
                .fetch_one(&mut *tx)
                .await
                .map_err(map_db)?;
                tx.commit().await?;
                BarthelAssessment::try_from(row)
            }

            async fn barthel_history(&self, resident_id: i64) -> Result<Vec<BarthelAssessment>> {
                let mut c = self.pool.acquire().await?;
                exists(&mut c, "residents", "resident", resident_id).await?;
                let rows: Vec<BarthelRow> = sqlx::query_as(
                    "SELECT id, resident_id, assessed_on, assessor, scores, total, recorded_at FROM barthel_assessments WHERE resident_id = $1 ORDER BY assessed_on, id",
                )
                .bind(resident_id)
                .fetch_all(&mut *c)
                .await?;
                rows.into_iter().map(BarthelAssessment::try_from).collect()
            }

            async fn add_plan(&self, resident_id: i64, p: &PlanInput, user_id: i64) -> Result<SupportPlan> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                exists(&mut tx, "residents", "resident", resident_id).await?;
                let next: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(plan_version), 0) + 1 FROM support_plans WHERE resident_id = $1").bind(resident_id).fetch_one(&mut *tx).await?;
                let row: PlanRow = sqlx::query_as(
                    "INSERT INTO support_plans (resident_id, plan_version, body, review_date, consent_by, consent_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                     RETURNING id, resident_id, plan_version, body, recorded_at",
                )
                .bind(resident_id)
                .bind(next)
                .bind(to_json(p))
                .bind(p.review_date)
                .bind(&p.consent_by)
                .bind(p.consent_on)
                .bind(user_id)
                .bind(Utc::now())
                .fetch_one(&mut *tx)
                .await
                .map_err(map_db)?;
                tx.commit().await?;
                SupportPlan::try_from(row)
            }

            async fn plans(&self, resident_id: i64) -> Result<Vec<SupportPlan>> {
                let mut c = self.pool.acquire().await?;
                exists(&mut c, "residents", "resident", resident_id).await?;
                let rows: Vec<PlanRow> = sqlx::query_as("SELECT id, resident_id, plan_version, body, recorded_at FROM support_plans WHERE resident_id = $1 ORDER BY plan_version")
                    .bind(resident_id)
                    .fetch_all(&mut *c)
                    .await?;
                rows.into_iter().map(SupportPlan::try_from).collect()
            }

            async fn create_application(&self, facility_id: i64, a: &ApplicationInput) -> Result<Application> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                exists(&mut tx, "facilities", "facility", facility_id).await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO applications (facility_id, candidate_name, date_of_birth, applied_by, applied_on, stage, created_at) VALUES ($1, $2, $3, $4, $5, 'application', $6) RETURNING id",
                )
                .bind(facility_id)
                .bind(&a.candidate_name)
                .bind(a.date_of_birth)
                .bind(&a.applied_by)
                .bind(a.applied_on)
                .bind(Utc::now())
                .fetch_one(&mut *tx)
                .await
                .map_err(map_db)?;
                let out = load_application(&mut tx, id).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn application(&self, id: i64) -> Result<Application> {
                let mut c = self.pool.acquire().await?;
                load_application(&mut c, id).await
            }

            async fn applications(&self, facility_id: i64) -> Result<Vec<Application>> {
                let rows: Vec<ApplicationRow> = sqlx::query_as(&format!("SELECT {APPLICATION_COLS} FROM applications WHERE facility_id = $1 ORDER BY id"))
                    .bind(facility_id)
                    .fetch_all(&self.pool)
                    .await?;
                rows.into_iter().map(Application::try_from).collect()
            }

            async fn save_application(&self, a: &Application, version: i64) -> Result<Application> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                let rows = sqlx::query(
                    "UPDATE applications SET stage = $1, barthel_total = $2, carer_age = $3, carer_health = $4, local_support = $5, points = $6, refused = $7, decision_note = $8, \
                     contract_on = $9, version = version + 1 WHERE id = $10 AND version = $11",
                )
                .bind(a.stage.code())
                .bind(a.barthel_total.map(i64::from))
                .bind(a.carer_age.map(i64::from))
                .bind(a.carer_health.as_ref().map(code))
                .bind(a.local_support.as_ref().map(code))
                .bind(a.points.map(i64::from))
                .bind(a.refused)
                .bind(&a.decision_note)
                .bind(a.contract_on)
                .bind(a.id)
                .bind(version)
                .execute(&mut *tx)
                .await
                .map_err(map_db)?
                .rows_affected();
                check_versioned(&mut tx, "applications", "application", a.id, rows).await?;
                let out = load_application(&mut tx, a.id).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn create_staff(&self, facility_id: i64, s: &StaffInput, today: NaiveDate) -> Result<Staff> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                exists(&mut tx, "facilities", "facility", facility_id).await?;
                let n = STAFF_FIELDS.split(", ").count();
                let sql = format!("INSERT INTO staff ({STAFF_FIELDS}, facility_id, created_at) VALUES ({}) RETURNING id", placeholders(1, n + 2));
                let id = insert_id(&mut tx, bind_staff(sqlx::query(&sql), s).bind(facility_id).bind(Utc::now())).await?;
                set_staff_units(&mut tx, facility_id, id, &s.unit_ids).await?;
                let out = load_staff_id(&mut tx, id, today).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn update_staff(&self, id: i64, version: i64, s: &StaffInput, today: NaiveDate) -> Result<Staff> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                let n = STAFF_FIELDS.split(", ").count();
                let sql = format!("UPDATE staff SET {}, version = version + 1 WHERE id = ${} AND version = ${}", set_clause(STAFF_FIELDS), n + 1, n + 2);
                let rows = bind_staff(sqlx::query(&sql), s).bind(id).bind(version).execute(&mut *tx).await.map_err(map_db)?.rows_affected();
                check_versioned(&mut tx, "staff", "staff member", id, rows).await?;
                let facility_id: i64 = sqlx::query_scalar("SELECT facility_id FROM staff WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
                set_staff_units(&mut tx, facility_id, id, &s.unit_ids).await?;
                let out = load_staff_id(&mut tx, id, today).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn staff(&self, id: i64, today: NaiveDate) -> Result<Staff> {
                let mut c = self.pool.acquire().await?;
                load_staff_id(&mut c, id, today).await
            }

            async fn staff_list(&self, facility_id: i64, today: NaiveDate) -> Result<Vec<Staff>> {
                let mut c = self.pool.acquire().await?;
                let rows: Vec<StaffRow> = sqlx::query_as(&format!("SELECT {STAFF_COLS} FROM staff WHERE facility_id = $1 ORDER BY last_name, first_name, id"))
                    .bind(facility_id)
                    .fetch_all(&mut *c)
                    .await?;
                let mut out = Vec::with_capacity(rows.len());
                for r in rows {
                    out.push(load_staff(&mut c, r, today).await?);
                }
                Ok(out)
            }

            async fn add_check(&self, staff_id: i64, k: &CheckInput, user_id: i64) -> Result<VettingCheck> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                exists(&mut tx, "staff", "staff member", staff_id).await?;
                let row: CheckRow = sqlx::query_as(
                    "INSERT INTO vetting_checks (staff_id, kind, checked_on, evidence_ref, expires_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     RETURNING id, kind, checked_on, evidence_ref, expires_on",
                )
                .bind(staff_id)
                .bind(k.kind.code())
                .bind(k.checked_on)
                .bind(&k.evidence_ref)
                .bind(k.expires_on)
                .bind(user_id)
                .bind(Utc::now())
                .fetch_one(&mut *tx)
                .await
                .map_err(map_db)?;
                tx.commit().await?;
                VettingCheck::try_from(row)
            }

            async fn add_leave(&self, staff_id: i64, l: &LeaveInput) -> Result<Leave> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                exists(&mut tx, "staff", "staff member", staff_id).await?;
                let row: LeaveRow = sqlx::query_as("INSERT INTO staff_leave (staff_id, kind, from_date, to_date, note) VALUES ($1, $2, $3, $4, $5) RETURNING id, kind, from_date, to_date, note")
                    .bind(staff_id)
                    .bind(code(&l.kind))
                    .bind(l.from)
                    .bind(l.to)
                    .bind(&l.note)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(map_db)?;
                tx.commit().await?;
                Leave::try_from(row)
            }

            async fn add_unavailability(&self, staff_id: i64, u: &UnavailabilityInput) -> Result<Unavailability> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                exists(&mut tx, "staff", "staff member", staff_id).await?;
                let row: UnavailabilityRow = sqlx::query_as("INSERT INTO staff_unavailability (staff_id, from_at, to_at, reason) VALUES ($1, $2, $3, $4) RETURNING id, from_at, to_at, reason")
                    .bind(staff_id)
                    .bind(u.from)
                    .bind(u.to)
                    .bind(&u.reason)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(map_db)?;
                tx.commit().await?;
                Ok(row.into())
            }

            async fn create_rota_version(&self, v: &NewRotaVersion) -> Result<RotaRecord> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                lock_facility(&mut tx, v.facility_id).await?;
                let number: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM rota_versions WHERE facility_id = $1 AND month = $2")
                    .bind(v.facility_id)
                    .bind(&v.month)
                    .fetch_one(&mut *tx)
                    .await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO rota_versions (facility_id, month, number, origin, based_on, problem, excluded, rota, locks, status, violations, note, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                )
                .bind(v.facility_id)
                .bind(&v.month)
                .bind(number)
                .bind(v.origin)
                .bind(v.based_on)
                .bind(&v.problem)
                .bind(&v.excluded)
                .bind(&v.rota)
                .bind(&v.locks)
                .bind(&v.status)
                .bind(v.violations)
                .bind(&v.note)
                .bind(v.created_by)
                .bind(Utc::now())
                .fetch_one(&mut *tx)
                .await
                .map_err(map_db)?;
                let out = load_rota(&mut tx, id).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn rota_version(&self, id: i64) -> Result<RotaRecord> {
                let mut c = self.pool.acquire().await?;
                load_rota(&mut c, id).await
            }

            async fn rota_versions(&self, facility_id: i64, month: &str) -> Result<Vec<RotaRecord>> {
                Ok(sqlx::query_as(&format!("SELECT {ROTA_COLS} FROM rota_versions WHERE facility_id = $1 AND month = $2 ORDER BY number"))
                    .bind(facility_id)
                    .bind(month)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn update_rota_draft(&self, id: i64, version: i64, rota: &str, locks: &str, status: &str, violations: i64) -> Result<RotaRecord> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                let rows = sqlx::query("UPDATE rota_versions SET rota = $1, locks = $2, status = $3, violations = $4, version = version + 1 WHERE id = $5 AND version = $6 AND published_at IS NULL")
                    .bind(rota)
                    .bind(locks)
                    .bind(status)
                    .bind(violations)
                    .bind(id)
                    .bind(version)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if rows == 0 {
                    refuse_published(&mut tx, id).await?;
                }
                check_versioned(&mut tx, "rota_versions", "rota version", id, rows).await?;
                let out = load_rota(&mut tx, id).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn publish_rota(&self, id: i64, version: i64, user_id: i64) -> Result<RotaRecord> {
                let mut tx = self.pool.begin_with(BEGIN).await?;
                let rows = sqlx::query("UPDATE rota_versions SET published_at = $1, published_by = $2, version = version + 1 WHERE id = $3 AND version = $4 AND published_at IS NULL")
                    .bind(Utc::now())
                    .bind(user_id)
                    .bind(id)
                    .bind(version)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if rows == 0 {
                    refuse_published(&mut tx, id).await?;
                }
                check_versioned(&mut tx, "rota_versions", "rota version", id, rows).await?;
                let out = load_rota(&mut tx, id).await?;
                tx.commit().await?;
                Ok(out)
            }

            async fn published_rota(&self, facility_id: i64, month: &str) -> Result<Option<RotaRecord>> {
                Ok(sqlx::query_as(&format!(
                    "SELECT {ROTA_COLS} FROM rota_versions WHERE facility_id = $1 AND month = $2 AND published_at IS NOT NULL ORDER BY published_at DESC, number DESC LIMIT 1"
                ))
                .bind(facility_id)
                .bind(month)
                .fetch_optional(&self.pool)
                .await?)
            }
        }

        async fn load_rota(c: &mut Conn, id: i64) -> Result<RotaRecord> {
            let row: Option<RotaRecord> = sqlx::query_as(&format!("SELECT {ROTA_COLS} FROM rota_versions WHERE id = $1")).bind(id).fetch_optional(&mut *c).await?;
            row.ok_or(StoreError::NotFound("rota version"))
        }

        /// A published version is never changed: say so instead of "stale".
        async fn refuse_published(c: &mut Conn, id: i64) -> Result<()> {
            let published: Option<Option<DateTime<Utc>>> = sqlx::query_scalar("SELECT published_at FROM rota_versions WHERE id = $1").bind(id).fetch_optional(&mut *c).await?;
            match published {
                None => Err(StoreError::NotFound("rota version")),
                Some(Some(_)) => Err(rule("version", "this rota version is published and is kept unchanged; make a new draft from it", "ta wersja grafiku jest opublikowana i pozostaje bez zmian; utwórz z niej nowy szkic")),
                Some(None) => Ok(()),
            }
        }
    };
}

pub(super) use impl_store;
