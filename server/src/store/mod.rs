//! Storage: one [`Store`] trait, one implementation per database (SQLite file, PostgreSQL),
//! picked once at start-up from the URL scheme. Writes that belong together run in one
//! transaction; edits carry a version and a stale one is refused, never silently applied.

pub mod costs;
pub mod model;
pub mod selfservice;
mod postgres;
mod sql;
mod sqlite;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::RuleError;
use model::*;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// What can go wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such record.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The edit was based on an old version.
    #[error("stale version: the record is now at version {current}")]
    Stale {
        /// The version the record has now.
        current: i64,
    },
    /// A rule that needs the stored data (capacity, ownership…) refused the write.
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// A unique value is taken.
    #[error("{field}: {message}")]
    Duplicate {
        /// Field at fault.
        field: String,
        /// What is taken.
        message: String,
        /// The same in Polish.
        message_pl: String,
    },
    /// Anything else from the database.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    /// Stored data that cannot be read back (a bug or a hand-edited database).
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
}

/// Storage result.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Kinds of record whose facility decides who may touch them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Owned {
    Unit,
    Room,
    Justification,
    Resident,
    Application,
    Staff,
    Rota,
}

/// A line for the audit log.
#[derive(Debug, Clone)]
pub struct NewAudit {
    /// Who.
    pub user_id: Option<i64>,
    /// "read" or "write".
    pub action: &'static str,
    /// Entity kind.
    pub entity: &'static str,
    /// Entity id.
    pub entity_id: Option<i64>,
    /// Facility.
    pub facility_id: Option<i64>,
    /// Detail.
    pub detail: String,
}

/// The storage interface. Each method that writes is one transaction.
#[async_trait]
pub trait Store: costs::CostStore + selfservice::SelfServiceStore + Send + Sync + 'static {
    /// "sqlite" or "postgres".
    fn backend(&self) -> &'static str;
    /// Applies pending migrations.
    async fn migrate(&self) -> Result<()>;
    /// Checks the database answers.
    async fn ping(&self) -> Result<()>;

    /// Creates an account (the password already hashed).
    async fn create_user(&self, user: &NewUser, password_hash: &str) -> Result<User>;
    /// All accounts.
    async fn users(&self) -> Result<Vec<User>>;
    /// An account and its password hash, by e-mail.
    async fn user_credentials(&self, email: &str) -> Result<Option<(User, String)>>;
    /// Stores a session.
    async fn create_session(&self, token_hash: &str, user_id: i64, expires_at: DateTime<Utc>) -> Result<()>;
    /// The account of a live session.
    async fn session_user(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<User>>;
    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
    /// Appends to the audit log.
    async fn audit(&self, entry: NewAudit) -> Result<()>;
    /// The newest audit entries.
    async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>>;

    /// The facility a record belongs to.
    async fn facility_of(&self, kind: Owned, id: i64) -> Result<i64>;

    /// Creates an operator.
    async fn create_operator(&self, input: &OperatorInput) -> Result<Operator>;
    /// All operators.
    async fn operators(&self) -> Result<Vec<Operator>>;
    /// Creates a facility.
    async fn create_facility(&self, input: &FacilityInput) -> Result<Facility>;
    /// Replaces a facility's details.
    async fn update_facility(&self, id: i64, version: i64, input: &FacilityInput) -> Result<Facility>;
    /// A facility with units, rooms and justifications.
    async fn facility(&self, id: i64) -> Result<Facility>;
    /// Ids of all facilities.
    async fn facility_ids(&self) -> Result<Vec<i64>>;
    /// Adds a unit (refused if the WSM would exceed 12 places).
    async fn create_unit(&self, facility_id: i64, input: &UnitInput) -> Result<Unit>;
    /// Replaces a unit.
    async fn update_unit(&self, id: i64, version: i64, input: &UnitInput) -> Result<Unit>;
    /// Removes an empty unit.
    async fn delete_unit(&self, id: i64) -> Result<()>;
    /// Adds a room.
    async fn create_room(&self, unit_id: i64, input: &RoomInput) -> Result<Room>;
    /// Replaces a room.
    async fn update_room(&self, id: i64, version: i64, input: &RoomInput) -> Result<Room>;
    /// Removes a room nobody lives in.
    async fn delete_room(&self, id: i64) -> Result<()>;
    /// Records a justification.
    async fn add_justification(&self, facility_id: i64, input: &JustificationInput) -> Result<Justification>;
    /// Removes a justification.
    async fn delete_justification(&self, id: i64) -> Result<()>;

    /// Adds a resident (refused beyond 12 per WSM or the unit's places, or into a taken room).
    async fn create_resident(&self, facility_id: i64, input: &ResidentInput) -> Result<Resident>;
    /// Replaces a resident's record.
    async fn update_resident(&self, id: i64, version: i64, input: &ResidentInput) -> Result<Resident>;
    /// A resident with absences and consents.
    async fn resident(&self, id: i64) -> Result<Resident>;
    /// Residents of a facility (current and past).
    async fn residents(&self, facility_id: i64) -> Result<Vec<Resident>>;
    /// Records an absence.
    async fn add_absence(&self, resident_id: i64, input: &AbsenceInput) -> Result<Absence>;
    /// Records a consent.
    async fn add_consent(&self, resident_id: i64, input: &ConsentInput) -> Result<Consent>;
    /// Appends a Barthel assessment (already validated).
    async fn add_barthel(&self, resident_id: i64, input: &BarthelInput, user_id: i64) -> Result<BarthelAssessment>;
    /// Barthel history, oldest first.
    async fn barthel_history(&self, resident_id: i64) -> Result<Vec<BarthelAssessment>>;
    /// Appends a new plan version.
    async fn add_plan(&self, resident_id: i64, input: &PlanInput, user_id: i64) -> Result<SupportPlan>;
    /// All plan versions, oldest first.
    async fn plans(&self, resident_id: i64) -> Result<Vec<SupportPlan>>;

    /// Files an application.
    async fn create_application(&self, facility_id: i64, input: &ApplicationInput) -> Result<Application>;
    /// One application.
    async fn application(&self, id: i64) -> Result<Application>;
    /// A facility's applications.
    async fn applications(&self, facility_id: i64) -> Result<Vec<Application>>;
    /// Saves an application's new state if it is still at `version`.
    async fn save_application(&self, app: &Application, version: i64) -> Result<Application>;

    /// Adds a staff member.
    async fn create_staff(&self, facility_id: i64, input: &StaffInput, today: NaiveDate) -> Result<Staff>;
    /// Replaces a staff member's record.
    async fn update_staff(&self, id: i64, version: i64, input: &StaffInput, today: NaiveDate) -> Result<Staff>;
    /// One staff member with checks, leave and rosterability on `today`.
    async fn staff(&self, id: i64, today: NaiveDate) -> Result<Staff>;
    /// A facility's staff.
    async fn staff_list(&self, facility_id: i64, today: NaiveDate) -> Result<Vec<Staff>>;
    /// Records a vetting check.
    async fn add_check(&self, staff_id: i64, input: &CheckInput, user_id: i64) -> Result<VettingCheck>;
    /// Records leave.
    async fn add_leave(&self, staff_id: i64, input: &LeaveInput) -> Result<Leave>;
    /// Records unavailability.
    async fn add_unavailability(&self, staff_id: i64, input: &UnavailabilityInput) -> Result<Unavailability>;

    /// Stores a new rota version, numbered next for its facility and month.
    async fn create_rota_version(&self, input: &NewRotaVersion) -> Result<RotaRecord>;
    /// One rota version.
    async fn rota_version(&self, id: i64) -> Result<RotaRecord>;
    /// All versions of a facility's month, oldest first.
    async fn rota_versions(&self, facility_id: i64, month: &str) -> Result<Vec<RotaRecord>>;
    /// Replaces a draft's rota and locks if it is still at `version` (published versions are
    /// kept unchanged).
    async fn update_rota_draft(&self, id: i64, version: i64, rota: &str, locks: &str, status: &str, violations: i64) -> Result<RotaRecord>;
    /// Publishes a draft if it is still at `version`.
    async fn publish_rota(&self, id: i64, version: i64, user_id: i64) -> Result<RotaRecord>;
    /// The newest published version of a facility's month.
    async fn published_rota(&self, facility_id: i64, month: &str) -> Result<Option<RotaRecord>>;
}

/// Opens the store a URL names: `sqlite://…` or `postgres://…`.
pub async fn open(url: &str, max_connections: u32) -> anyhow::Result<std::sync::Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(std::sync::Arc::new(PgStore::connect(url, max_connections).await?))
    } else if url.starts_with("sqlite:") {
        Ok(std::sync::Arc::new(SqliteStore::connect(url, max_connections).await?))
    } else {
        anyhow::bail!("database URL must start with sqlite:// or postgres://, got '{url}'")
    }
}
