//! Records the store keeps and the inputs that create or replace them. These are also the
//! JSON shapes of the REST API (one set of types, so the OpenAPI document cannot drift).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::admission::{CarerHealth, LocalSupport, Stage};
use crate::domain::barthel::{Band, BarthelScores};
use crate::domain::resident::{CertificateDegree, WeeklyInterval};
use crate::domain::standards::{BuildingType, RoomKind};
use crate::domain::values::{AreaM2, Fte, Money};
use crate::domain::vetting::{CheckKind, Rosterability};

/// Account roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, everywhere.
    Admin,
    /// The facilities assigned to the account.
    Manager,
    /// Own record and shifts; the unit rota without health data.
    Staff,
    /// Cost statements of the funded facilities only.
    Funder,
}

impl Role {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Manager => "manager",
            Self::Staff => "staff",
            Self::Funder => "funder",
        }
    }
    /// Parses a stored code.
    pub fn from_code(s: &str) -> Option<Self> {
        [Self::Admin, Self::Manager, Self::Staff, Self::Funder].into_iter().find(|r| r.code() == s)
    }
}

/// A signed-in account.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct User {
    /// Id.
    pub id: i64,
    /// Login e-mail.
    pub email: String,
    /// Role.
    pub role: Role,
    /// For a staff account: the staff record it belongs to.
    pub staff_id: Option<i64>,
    /// Facilities a manager manages or a funder funds.
    pub facility_ids: Vec<i64>,
}

/// Input: a new account.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Login e-mail.
    pub email: String,
    /// Password, at least 10 characters.
    pub password: String,
    /// Role.
    pub role: Role,
    /// Staff record (staff accounts only).
    #[serde(default)]
    pub staff_id: Option<i64>,
    /// Facilities (managers and funders).
    #[serde(default)]
    pub facility_ids: Vec<i64>,
}

/// An operator running one or more WSMs.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Operator {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// NIP.
    pub tax_id: Option<String>,
    /// Edit version.
    pub version: i64,
}

/// Input: an operator.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OperatorInput {
    /// Name.
    pub name: String,
    /// NIP.
    #[serde(default)]
    pub tax_id: Option<String>,
}

/// Input: a facility (a WSM at one address).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FacilityInput {
    /// Operator.
    pub operator_id: i64,
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// Building standard: "3.1.1", "3.1.2" or "3.1.3".
    pub building_type: BuildingType,
    /// Which disabilities it serves.
    pub profile: String,
    /// Start of the 20-year duty to keep running the WSM (§III.4.4).
    #[serde(default)]
    pub duty_start: Option<NaiveDate>,
}

/// A facility with its units and rooms.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Facility {
    /// Id.
    pub id: i64,
    /// Operator.
    pub operator_id: i64,
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// Building standard.
    pub building_type: BuildingType,
    /// Profile.
    pub profile: String,
    /// Start of the 20-year duty.
    pub duty_start: Option<NaiveDate>,
    /// End of the 20-year duty (computed).
    pub duty_end: Option<NaiveDate>,
    /// Edit version.
    pub version: i64,
    /// Housing units.
    pub units: Vec<Unit>,
    /// Recorded justifications of deviations.
    pub justifications: Vec<Justification>,
    /// Residents living here now.
    pub residents: u32,
}

/// Input: a housing unit.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitInput {
    /// Name, unique in the facility.
    pub name: String,
    /// Planned places, 1–6.
    pub places: u32,
    /// Accessible for wheelchair users.
    #[serde(default)]
    pub accessible: bool,
}

/// A housing unit (zespół mieszkalny) or flat.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Unit {
    /// Id.
    pub id: i64,
    /// Facility.
    pub facility_id: i64,
    /// Name.
    pub name: String,
    /// Planned places.
    pub places: u32,
    /// Accessible.
    pub accessible: bool,
    /// Edit version.
    pub version: i64,
    /// Rooms.
    pub rooms: Vec<Room>,
    /// Residents living here now.
    pub residents: u32,
}

/// Input: a room.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoomInput {
    /// Name, unique in the unit.
    pub name: String,
    /// Use.
    pub kind: RoomKind,
    /// Floor area in m², exact to 0.01 (string or number).
    #[schema(value_type = String, example = "15.50")]
    pub area_m2: AreaM2,
    /// Accessible.
    #[serde(default)]
    pub accessible: bool,
    /// For a bathroom: the resident room it belongs to.
    #[serde(default)]
    pub serves_room_id: Option<i64>,
}

/// A room.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Room {
    /// Id.
    pub id: i64,
    /// Unit.
    pub unit_id: i64,
    /// Name.
    pub name: String,
    /// Use.
    pub kind: RoomKind,
    /// Floor area, m² (decimal text).
    #[schema(value_type = String, example = "15.50")]
    pub area_m2: AreaM2,
    /// Accessible.
    pub accessible: bool,
    /// For a bathroom: the resident room it belongs to.
    pub serves_room_id: Option<i64>,
    /// Edit version.
    pub version: i64,
}

/// Input: a justification for deviating from a rule.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JustificationInput {
    /// Rule key, e.g. `room.min_area`.
    pub rule: String,
    /// Unit concerned (per-unit rules).
    #[serde(default)]
    pub unit_id: Option<i64>,
    /// Room concerned (per-room rules).
    #[serde(default)]
    pub room_id: Option<i64>,
    /// Why the deviation is justified.
    pub reason: String,
}

/// A recorded justification.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Justification {
    /// Id.
    pub id: i64,
    /// Rule key.
    pub rule: String,
    /// Unit.
    pub unit_id: Option<i64>,
    /// Room.
    pub room_id: Option<i64>,
    /// Reason.
    pub reason: String,
    /// When recorded.
    pub recorded_at: DateTime<Utc>,
}

/// Disability certificate.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// Number.
    pub number: String,
    /// Issuing body (e.g. PZON).
    pub issuer: String,
    /// Degree: "znaczny" or "equivalent".
    pub degree: CertificateDegree,
    /// Valid from.
    pub valid_from: NaiveDate,
    /// Valid until; null = permanent.
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
}

/// Data the supported-housing register asks for (anonymised statistics only).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterData {
    /// Disability (kind).
    #[serde(default)]
    pub disability: String,
    /// Past homelessness or housing exclusion.
    #[serde(default)]
    pub past_homelessness: bool,
    /// Left a care or educational institution.
    #[serde(default)]
    pub left_care_institution: bool,
    /// Was in foster care.
    #[serde(default)]
    pub foster_care: bool,
    /// Left another institution (e.g. DPS, hospital).
    #[serde(default)]
    pub left_other_institution: bool,
}

/// Input: a resident.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResidentInput {
    /// Housing unit.
    pub unit_id: i64,
    /// Resident room (single).
    #[serde(default)]
    pub room_id: Option<i64>,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Date of birth (adults only).
    pub date_of_birth: NaiveDate,
    /// Disability certificate.
    pub certificate: Certificate,
    /// Legal guardian or representative.
    #[serde(default)]
    pub legal_representative: Option<String>,
    /// Supported decision-making in place.
    #[serde(default)]
    pub supported_decision_making: bool,
    /// Moved in.
    pub moved_in: NaiveDate,
    /// Moved out (or died).
    #[serde(default)]
    pub moved_out: Option<NaiveDate>,
    /// Weekly day-programme attendance (away from home).
    #[serde(default)]
    pub day_programme: Vec<WeeklyInterval>,
    /// Weekly 1:1 support periods (health data).
    #[serde(default)]
    pub one_to_one: Vec<WeeklyInterval>,
    /// Register data.
    #[serde(default)]
    pub register: RegisterData,
}

/// A resident.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Resident {
    /// Id.
    pub id: i64,
    /// Facility.
    pub facility_id: i64,
    /// Unit.
    pub unit_id: i64,
    /// Room.
    pub room_id: Option<i64>,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Date of birth.
    pub date_of_birth: NaiveDate,
    /// Certificate.
    pub certificate: Certificate,
    /// Legal representative.
    pub legal_representative: Option<String>,
    /// Supported decision-making.
    pub supported_decision_making: bool,
    /// Moved in.
    pub moved_in: NaiveDate,
    /// Moved out.
    pub moved_out: Option<NaiveDate>,
    /// Age when moving in (register data, computed).
    pub age_on_moving_in: i32,
    /// Day programme.
    pub day_programme: Vec<WeeklyInterval>,
    /// 1:1 periods.
    pub one_to_one: Vec<WeeklyInterval>,
    /// Register data.
    pub register: RegisterData,
    /// Dated absences.
    pub absences: Vec<Absence>,
    /// Consent records.
    pub consents: Vec<Consent>,
    /// Edit version.
    pub version: i64,
}

/// Kind of absence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AbsenceKind {
    /// In hospital.
    Hospital,
    /// With family.
    Family,
    /// Holiday / trip.
    Holiday,
    /// Other.
    Other,
}

/// Input: a dated absence.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AbsenceInput {
    /// Kind.
    pub kind: AbsenceKind,
    /// From (instant, RFC 3339 with offset).
    pub from: DateTime<Utc>,
    /// To (after from).
    pub to: DateTime<Utc>,
    /// Note.
    #[serde(default)]
    pub note: String,
}

/// A dated absence.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Absence {
    /// Id.
    pub id: i64,
    /// Kind.
    pub kind: AbsenceKind,
    /// From (UTC).
    pub from: DateTime<Utc>,
    /// To (UTC).
    pub to: DateTime<Utc>,
    /// Note.
    pub note: String,
}

/// Input: a consent record.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// What was consented to (e.g. "support_plan", "data_processing").
    pub subject: String,
    /// Who gave it (the resident or the representative's name).
    pub given_by: String,
    /// When.
    pub given_on: NaiveDate,
    /// Note.
    #[serde(default)]
    pub note: String,
}

/// A consent record.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Consent {
    /// Id.
    pub id: i64,
    /// Subject.
    pub subject: String,
    /// Given by.
    pub given_by: String,
    /// Given on.
    pub given_on: NaiveDate,
    /// Note.
    pub note: String,
}

/// Input: a Barthel assessment.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BarthelInput {
    /// Date of the assessment.
    pub assessed_on: NaiveDate,
    /// Who assessed (signs it).
    pub assessor: String,
    /// The ten item scores.
    pub items: BarthelScores,
}

/// A Barthel assessment (append-only history).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BarthelAssessment {
    /// Id.
    pub id: i64,
    /// Resident.
    pub resident_id: i64,
    /// Date.
    pub assessed_on: NaiveDate,
    /// Assessor.
    pub assessor: String,
    /// Scores.
    pub items: BarthelScores,
    /// Total 0–100.
    pub total: u8,
    /// Band (from the band setting).
    pub band: Option<Band>,
    /// At or below the ZOL admission threshold (40).
    pub at_or_below_zol_threshold: bool,
    /// Next reassessment due (3 months).
    pub next_due: NaiveDate,
    /// When recorded.
    pub recorded_at: DateTime<Utc>,
}

/// Services of the catalogue (§IV.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ServiceKind {
    DailyLiving,
    Safety,
    SocialActivity,
    SupportedDecisionMaking,
    Communication,
    TherapyRehabilitation,
    GroupActivities,
    PersonalAssistance,
}

/// Who delivers a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// WSM staff.
    Internal,
    /// External provider (ŚDS, WTZ, ZAZ, private therapy, assistant of the resident's choice).
    External,
}

/// A service in a plan.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanService {
    /// Service from the catalogue.
    pub service: ServiceKind,
    /// Internal or external.
    pub provider: Provider,
    /// Provider's name (external).
    #[serde(default)]
    pub provider_name: Option<String>,
    /// Hours per week (exact, up to 2 decimals).
    #[schema(value_type = String, example = "4.5")]
    pub hours_per_week: rust_decimal::Decimal,
}

/// A goal in a plan.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanGoal {
    /// The goal in the resident's words where possible.
    pub text: String,
    /// How progress is seen.
    #[serde(default)]
    pub measure: Option<String>,
}

/// Input: a new version of an individual support plan.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    /// Goals.
    pub goals: Vec<PlanGoal>,
    /// Services.
    pub services: Vec<PlanService>,
    /// 1:1 hours per week.
    #[schema(value_type = String, example = "10")]
    pub one_to_one_hours_per_week: rust_decimal::Decimal,
    /// Day-programme schedule the plan relies on.
    #[serde(default)]
    pub day_programme: Vec<WeeklyInterval>,
    /// Next review (at most 3 months after `valid_from`).
    pub review_date: NaiveDate,
    /// From when this version applies.
    pub valid_from: NaiveDate,
    /// Who consented (resident or representative); plans are made with consent.
    pub consent_by: String,
    /// When consent was given.
    pub consent_on: NaiveDate,
}

/// One version of a support plan (versions are never erased).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SupportPlan {
    /// Id.
    pub id: i64,
    /// Resident.
    pub resident_id: i64,
    /// Version number, 1, 2, …
    pub plan_version: i64,
    /// Content.
    pub plan: PlanInput,
    /// Total service hours per week.
    #[schema(value_type = String)]
    pub hours_per_week: rust_decimal::Decimal,
    /// When recorded.
    pub recorded_at: DateTime<Utc>,
}

/// Input: an admission application.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationInput {
    /// Candidate's name.
    pub candidate_name: String,
    /// Date of birth (adults only).
    pub date_of_birth: NaiveDate,
    /// "candidate" or "guardian".
    pub applied_by: String,
    /// Date filed.
    pub applied_on: NaiveDate,
}

/// Input: the next step of an application.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdvanceInput {
    /// The stage to move to.
    pub to: Stage,
    /// Assessment: Barthel total.
    #[serde(default)]
    pub barthel_total: Option<u8>,
    /// Assessment: age of the oldest main family carer.
    #[serde(default)]
    pub carer_age: Option<u8>,
    /// Assessment: carer's health.
    #[serde(default)]
    pub carer_health: Option<CarerHealth>,
    /// Assessment: local support.
    #[serde(default)]
    pub local_support: Option<LocalSupport>,
    /// Decision: admitted (true) or refused (false).
    #[serde(default)]
    pub admitted: Option<bool>,
    /// Decision note.
    #[serde(default)]
    pub note: Option<String>,
    /// Contract: date signed.
    #[serde(default)]
    pub contract_on: Option<NaiveDate>,
}

/// An application on its way through admission.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Application {
    /// Id.
    pub id: i64,
    /// Facility.
    pub facility_id: i64,
    /// Candidate.
    pub candidate_name: String,
    /// Date of birth.
    pub date_of_birth: NaiveDate,
    /// Filed by.
    pub applied_by: String,
    /// Filed on.
    pub applied_on: NaiveDate,
    /// Stage.
    pub stage: Stage,
    /// Barthel total.
    pub barthel_total: Option<u8>,
    /// Carer's age.
    pub carer_age: Option<u8>,
    /// Carer's health.
    pub carer_health: Option<CarerHealth>,
    /// Local support.
    pub local_support: Option<LocalSupport>,
    /// Ranking points (higher first).
    pub points: Option<u32>,
    /// Refused at decision.
    pub refused: bool,
    /// Decision note.
    pub decision_note: Option<String>,
    /// Contract date.
    pub contract_on: Option<NaiveDate>,
    /// Edit version.
    pub version: i64,
}

/// Staff roles (§IV.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum StaffRole {
    Manager,
    OccupationalTherapist,
    SpecialEducator,
    Physiotherapist,
    Psychologist,
    AacTherapist,
    SpeechTherapist,
    JobCoach,
    Carer,
    NightCarer,
    MedicalCarer,
    Nurse,
    Supervisor,
    AdminTechnical,
}

impl StaffRole {
    /// Stored code.
    pub fn code(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }
    /// Parses a stored code.
    pub fn from_code(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
    }
}

/// Input: a staff member.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffInput {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Role.
    pub role: StaffRole,
    /// FTE, (0, 1].
    #[schema(value_type = String, example = "1.0")]
    pub fte: Fte,
    /// Contract start.
    pub contract_start: NaiveDate,
    /// Contract end (fixed-term).
    #[serde(default)]
    pub contract_end: Option<NaiveDate>,
    /// Units of the facility the worker may work in.
    pub unit_ids: Vec<i64>,
    /// May work nights (false e.g. in pregnancy).
    #[serde(default = "yes")]
    pub nights_allowed: bool,
    /// May work overtime.
    #[serde(default)]
    pub overtime_allowed: bool,
    /// Hourly pay, zł (exact grosze).
    #[schema(value_type = String, example = "38.50")]
    pub hourly_pay: Money,
    /// Years of experience with disabled people (a manager needs ≥ 3).
    #[serde(default)]
    pub experience_years: u32,
}

fn yes() -> bool {
    true
}

/// A staff member.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Staff {
    /// Id.
    pub id: i64,
    /// Facility.
    pub facility_id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Role.
    pub role: StaffRole,
    /// FTE.
    #[schema(value_type = String)]
    pub fte: Fte,
    /// Contract start.
    pub contract_start: NaiveDate,
    /// Contract end.
    pub contract_end: Option<NaiveDate>,
    /// Units.
    pub unit_ids: Vec<i64>,
    /// Nights allowed.
    pub nights_allowed: bool,
    /// Overtime allowed.
    pub overtime_allowed: bool,
    /// Hourly pay, zł.
    #[schema(value_type = String)]
    pub hourly_pay: Money,
    /// Years of experience.
    pub experience_years: u32,
    /// Vetting checks, newest first.
    pub checks: Vec<VettingCheck>,
    /// May be rostered for direct support today: every check present and current.
    pub rosterability: Rosterability,
    /// Leave.
    pub leave: Vec<Leave>,
    /// Unavailability.
    pub unavailability: Vec<Unavailability>,
    /// Edit version.
    pub version: i64,
}

/// Input: a vetting check.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInput {
    /// Which check.
    pub kind: CheckKind,
    /// Date of the check / certificate.
    pub checked_on: NaiveDate,
    /// Evidence reference (certificate number, file reference).
    pub evidence_ref: String,
    /// Expiry, where one applies.
    #[serde(default)]
    pub expires_on: Option<NaiveDate>,
}

/// A recorded vetting check.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct VettingCheck {
    /// Id.
    pub id: i64,
    /// Kind.
    pub kind: CheckKind,
    /// Checked on.
    pub checked_on: NaiveDate,
    /// Evidence.
    pub evidence_ref: String,
    /// Expiry.
    pub expires_on: Option<NaiveDate>,
}

/// Kind of leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum LeaveKind {
    Annual,
    Sick,
    Unpaid,
    Other,
}

/// Input: leave (whole days).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaveInput {
    /// Kind.
    pub kind: LeaveKind,
    /// First day.
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// Note.
    #[serde(default)]
    pub note: String,
}

/// Leave.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Leave {
    /// Id.
    pub id: i64,
    /// Kind.
    pub kind: LeaveKind,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Note.
    pub note: String,
}

/// Input: an unavailability interval.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnavailabilityInput {
    /// From (instant).
    pub from: DateTime<Utc>,
    /// To (after from).
    pub to: DateTime<Utc>,
    /// Reason.
    #[serde(default)]
    pub reason: String,
}

/// Unavailability.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Unavailability {
    /// Id.
    pub id: i64,
    /// From (UTC).
    pub from: DateTime<Utc>,
    /// To (UTC).
    pub to: DateTime<Utc>,
    /// Reason.
    pub reason: String,
}

/// One audit entry: who did what to which record, when.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    /// Id.
    pub id: i64,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// Who.
    pub user_id: Option<i64>,
    /// "read" or "write".
    pub action: String,
    /// Entity kind, e.g. "barthel".
    pub entity: String,
    /// Entity id.
    pub entity_id: Option<i64>,
    /// Facility.
    pub facility_id: Option<i64>,
    /// Detail.
    pub detail: String,
}

/// A rota version as stored: the problem it was solved for, the rota, locks and who is left
/// out, each as JSON text (the solver's file contract), plus its publication.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RotaRecord {
    /// Id.
    pub id: i64,
    /// Facility.
    pub facility_id: i64,
    /// Month, "YYYY-MM".
    pub month: String,
    /// 1, 2, … per facility and month.
    pub number: i64,
    /// "solved", "repaired" or "copied".
    pub origin: String,
    /// The version it was made from.
    pub based_on: Option<i64>,
    /// Problem JSON.
    pub problem: String,
    /// Staff left out, JSON.
    pub excluded: String,
    /// Rota JSON.
    pub rota: String,
    /// Locked cells, JSON.
    pub locks: String,
    /// Solver status of the current rota.
    pub status: String,
    /// Checker violations of the current rota (hand edits may add some).
    pub violations: i64,
    /// Note (what made it: repair reason…).
    pub note: String,
    /// When published.
    pub published_at: Option<DateTime<Utc>>,
    /// Who published.
    pub published_by: Option<i64>,
    /// Who made it.
    pub created_by: Option<i64>,
    /// When made.
    pub created_at: DateTime<Utc>,
    /// Edit version.
    pub version: i64,
}

/// A new rota version.
#[derive(Debug, Clone)]
pub struct NewRotaVersion {
    /// Facility.
    pub facility_id: i64,
    /// Month, "YYYY-MM".
    pub month: String,
    /// "solved", "repaired" or "copied".
    pub origin: &'static str,
    /// Made from.
    pub based_on: Option<i64>,
    /// Problem JSON.
    pub problem: String,
    /// Staff left out, JSON.
    pub excluded: String,
    /// Rota JSON.
    pub rota: String,
    /// Locks JSON.
    pub locks: String,
    /// Solver status.
    pub status: String,
    /// Checker violations.
    pub violations: i64,
    /// Note.
    pub note: String,
    /// Who.
    pub created_by: i64,
}
