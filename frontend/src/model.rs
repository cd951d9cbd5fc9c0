//! Data the pages show, shared by the server (which fills it) and the browser.

use serde::{Deserialize, Serialize};

/// What the signed-in user may see on the overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// Signed-in e-mail.
    pub user_email: String,
    /// Role code: admin, manager, staff, funder.
    pub role: String,
    /// Facilities visible to the user.
    pub facilities: Vec<FacilitySummary>,
}

/// One facility on the overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacilitySummary {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// Building standard: "3.1.1", "3.1.2" or "3.1.3".
    pub building_type: String,
    /// Housing units.
    pub units: Vec<UnitSummary>,
    /// Residents living there.
    pub residents: u32,
    /// Planned places.
    pub places: u32,
    /// Staff members (None when the role may not see staff).
    pub staff: Option<u32>,
    /// Staff who may be rostered today.
    pub rosterable_staff: Option<u32>,
    /// Standards breaches not covered by a justification (None when not visible).
    pub breaches: Option<u32>,
    /// Reminders the scheduled jobs raised (None when the role may not see them).
    pub notices: Option<Vec<Notice>>,
}

/// A reminder raised by a scheduled job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// Kind code (barthel_review, plan_review, vetting_expiry, certificate_expiry,
    /// supervision_missing, rota_unpublished, statement_draft).
    pub kind: String,
    /// The message (English).
    pub message: String,
    /// The message in Polish (empty when the server kept none).
    pub message_pl: String,
    /// Due date, "YYYY-MM-DD".
    pub due_on: Option<String>,
    /// The day it was raised, "YYYY-MM-DD".
    pub raised_on: String,
}

/// One housing unit on the overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitSummary {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Residents living there.
    pub residents: u32,
    /// Places.
    pub places: u32,
}

/// Errors a page may show. Never carries database text: the server logs details and sends
/// only the kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UiError {
    /// Not signed in.
    Unauthorized,
    /// Signed in, not allowed.
    Forbidden,
    /// Wrong e-mail or password.
    InvalidCredentials,
    /// A field breaks a rule.
    Invalid {
        /// JSON path of the field.
        field: String,
        /// The rule.
        message: String,
    },
    /// Something went wrong on the server or on the way (details are in the server log).
    Internal,
}

impl std::fmt::Display for UiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl leptos::server_fn::error::FromServerFnError for UiError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(_: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        UiError::Internal
    }
}

/// A worker's own shifts and requests (the phone-first "my shifts" page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyShifts {
    /// The worker's name.
    pub name: String,
    /// The next shift that has not ended yet.
    pub next: Option<ShiftRow>,
    /// Shifts from today to the end of next month (published rotas only).
    pub upcoming: Vec<ShiftRow>,
    /// The worker's requests, newest day first.
    pub requests: Vec<RequestRow>,
}

/// One shift as the worker sees it, in Europe/Warsaw time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftRow {
    /// Day the shift starts, "YYYY-MM-DD".
    pub date: String,
    /// Weekday, 0 = Monday.
    pub weekday: u8,
    /// Shift code.
    pub code: String,
    /// "07:00".
    pub start: String,
    /// "19:00" (next day when not after the start).
    pub end: String,
    /// Real hours (13 on the October night).
    pub hours: String,
    /// Unit name.
    pub unit: String,
    /// Who else is on in the unit.
    pub coworkers: Vec<String>,
}

/// One of the worker's requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRow {
    /// Day, "YYYY-MM-DD".
    pub date: String,
    /// Shift code or none (whole day).
    pub shift: Option<String>,
    /// Wishes to work (true) or to be off (false).
    pub want: bool,
    /// Why.
    pub reason: String,
    /// pending, accepted, declined.
    pub status: String,
}

/// A new calendar subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarLinks {
    /// https/http feed URL.
    pub url: String,
    /// webcal:// URL (one tap subscribes on a phone).
    pub webcal: String,
}

/// A facility's funder statements (funders of it, its managers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementsPage {
    /// Facility id.
    pub facility_id: i64,
    /// Facility name.
    pub facility: String,
    /// Statements, newest month first, each kind's versions newest first.
    pub statements: Vec<StatementItem>,
}

/// One statement version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementItem {
    /// Id (for the downloads).
    pub id: i64,
    /// Month, "YYYY-MM".
    pub month: String,
    /// "state" or "municipality".
    pub kind: String,
    /// The municipality, for municipality statements.
    pub municipality: String,
    /// Version number.
    pub number: i64,
    /// "draft" or "issued".
    pub status: String,
    /// The version it corrects (its number).
    pub corrects: Option<i64>,
    /// Total, "1 234,56 zł".
    pub total: String,
    /// For a correction: the difference, "-12,00 zł".
    pub difference: Option<String>,
    /// Lines: code, days, total ("1 234,56").
    pub lines: Vec<(String, u32, String)>,
    /// For a correction: the lines that changed against the corrected version: code, before,
    /// after, difference ("—" for a line that is new or gone).
    pub changes: Vec<(String, String, String, String)>,
}

/// A facility's residents (managers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResidentsPage {
    /// Facility id.
    pub facility_id: i64,
    /// Facility name.
    pub facility: String,
    /// Units with free places: (id, name, residents, places).
    pub units: Vec<(i64, String, u32, u32)>,
    /// Residents living there.
    pub residents: Vec<ResidentItem>,
}

/// A resident in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResidentItem {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Unit name.
    pub unit: String,
    /// Latest Barthel total.
    pub barthel: Option<u8>,
    /// Latest band key.
    pub band: Option<String>,
    /// Next reassessment due, "YYYY-MM-DD".
    pub next_due: Option<String>,
}

/// A Barthel band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandView {
    /// Lowest total.
    pub from: u8,
    /// Highest total.
    pub to: u8,
    /// Key.
    pub key: String,
    /// Polish label.
    pub label_pl: String,
    /// English label.
    pub label_en: String,
}

/// One assessment in a resident's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BarthelItem {
    /// Date, "YYYY-MM-DD".
    pub date: String,
    /// Total.
    pub total: u8,
    /// Band key.
    pub band: Option<String>,
    /// Assessor.
    pub assessor: String,
}

/// A resident's page (managers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResidentPage {
    /// Id.
    pub id: i64,
    /// Facility id.
    pub facility_id: i64,
    /// Name.
    pub name: String,
    /// Unit name.
    pub unit: String,
    /// Date of birth.
    pub date_of_birth: String,
    /// Certificate: number, issuer, valid until.
    pub certificate: String,
    /// The band table (a setting).
    pub bands: Vec<BandView>,
    /// Each item's key and allowed scores.
    pub items: Vec<(String, Vec<u8>)>,
    /// History, oldest first.
    pub history: Vec<BarthelItem>,
    /// The ZOL threshold (≤ 40).
    pub zol_threshold: u8,
}

/// The admission form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewResident {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// "YYYY-MM-DD".
    pub date_of_birth: String,
    /// Certificate number.
    pub certificate_number: String,
    /// Issuing board.
    pub certificate_issuer: String,
    /// "znaczny" or "equivalent".
    pub certificate_degree: String,
    /// "YYYY-MM-DD".
    pub certificate_valid_from: String,
    /// Unit id.
    pub unit_id: i64,
    /// "YYYY-MM-DD".
    pub moved_in: String,
}

/// The rota planner's data for a facility and month (managers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Planner {
    /// Facility id.
    pub facility_id: i64,
    /// Month, "YYYY-MM".
    pub month: String,
    /// Days of the month: (date "YYYY-MM-DD", day of month, weekday 0 = Monday).
    pub days: Vec<(String, u32, u8)>,
    /// Versions of the month, oldest first: (id, number, status, published).
    pub versions: Vec<(i64, i64, String, bool)>,
    /// The version shown.
    pub rota: Option<RotaShown>,
}

/// A rota version as the planner shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RotaShown {
    /// Version id.
    pub id: i64,
    /// Number in the month.
    pub number: i64,
    /// Edit version (If-Match).
    pub version: i64,
    /// Solver status.
    pub status: String,
    /// Published?
    pub published: bool,
    /// What made it.
    pub note: String,
    /// Units: (problem id, name).
    pub units: Vec<(String, String)>,
    /// Workers: (problem id, name, units they may work in, hours planned, target, nights, weekend shifts).
    pub workers: Vec<WorkerRow>,
    /// Cells: (worker id, date, shift, unit).
    pub cells: Vec<(String, String, String, String)>,
    /// Cells whose worker is a resident's dedicated 1:1 worker: (worker id, date, resident name).
    #[serde(default)]
    pub dedicated: Vec<(String, String, String)>,
    /// Locked cells: (worker id, date).
    pub locks: Vec<(String, String)>,
    /// Labour-law breaches: (rule, worker, date, message in English, in Polish).
    pub breaches: Vec<(String, String, String, String, String)>,
    /// Cover per unit and day: (unit id, date, planned staff-hours, needed staff-hours, short).
    pub cover: Vec<(String, String, String, String, bool)>,
    /// Uncovered slots: unit, from, to (Warsaw time, "dd.mm HH:MM"), staff needed, planned.
    pub gaps: Vec<(String, String, String, u32, u32)>,
    /// The short-staffing diagnosis in words (English, Polish).
    pub diagnosis: Vec<(String, String)>,
    /// After a repair: (worker name, date, before, after); a supervision session attended is
    /// [`SUPERVISION`] there, shown in the reader's language.
    pub changes: Vec<(String, String, String, String)>,
    /// After a repair: whom to call.
    pub call: Vec<String>,
}

/// A worker's row of the grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WorkerRow {
    /// Problem id ("s12").
    pub id: String,
    /// Name.
    pub name: String,
    /// Units the worker may work in.
    pub units: Vec<String>,
    /// Planned hours.
    pub planned: String,
    /// Target hours.
    pub target: String,
    /// Night shifts.
    pub nights: u32,
    /// Weekend shifts.
    pub weekends: u32,
}

/// A solve job as the planner shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct JobShown {
    /// Id.
    pub id: i64,
    /// running, done, cancelled, failed.
    pub state: String,
    /// Seconds so far.
    pub seconds: String,
    /// Rotas found so far.
    pub solutions: u64,
    /// Uncovered staff-minutes of the best so far.
    pub uncovered: Option<i64>,
    /// The stored version when done.
    pub rota_id: Option<i64>,
    /// Why it failed.
    pub error: Option<String>,
}

/// A facility's dashboard (managers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Dashboard {
    /// Facility id.
    pub facility_id: i64,
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// Residents living there.
    pub residents: u32,
    /// Planned places.
    pub places: u32,
    /// Per unit: name, residents, places.
    pub units: Vec<(String, u32, u32)>,
    /// Staff, and how many may be rostered today.
    pub staff: (u32, u32),
    /// Standards breaches no justification covers: rule, place, message (English, Polish),
    /// measured, limit, unit.
    pub breaches: Vec<[String; 7]>,
    /// Breaches a recorded justification covers.
    pub justified: u32,
    /// Reviews and checks due within 14/30 days or overdue, soonest first.
    pub due: Vec<Notice>,
    /// Next month, "YYYY-MM".
    pub next_month: String,
    /// Its rota: "none", "draft", "short" or "published".
    pub rota_status: String,
    /// This month, "YYYY-MM".
    pub this_month: String,
    /// Support funded this month, "1 234,56 zł" (None when it cannot be computed).
    pub funded: Option<String>,
    /// Actual support cost this month (the published rota and eligible lines).
    pub actual: Option<String>,
    /// Funded − actual (negative: the WSM pays the difference).
    pub gap: Option<String>,
    /// Whether the gap is negative.
    pub gap_negative: bool,
    /// What could not be computed.
    pub missing: Vec<String>,
}

/// A standards breach as the building editor shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BreachView {
    /// Rule key, e.g. `room.min_area`.
    pub rule: String,
    /// In words (English).
    pub message: String,
    /// In words (Polish).
    pub message_pl: String,
    /// Measured value.
    pub measured: String,
    /// The standard's limit.
    pub limit: String,
    /// Unit of both (m2, residents, …).
    pub unit: String,
    /// Lowest value a justification can make acceptable, when the standard allows one.
    pub justifiable_to: Option<String>,
    /// Covered by a recorded justification.
    pub justified: bool,
    /// Unit concerned.
    pub unit_id: Option<i64>,
    /// Room concerned.
    pub room_id: Option<i64>,
}

/// A room in the building editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RoomView {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Kind code.
    pub kind: String,
    /// Area, m².
    pub area: String,
    /// Accessible.
    pub accessible: bool,
    /// A bathroom's resident room.
    pub serves: Option<i64>,
    /// Edit version.
    pub version: i64,
    /// Breaches of this room.
    pub breaches: Vec<BreachView>,
}

/// A housing unit in the building editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UnitView {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Places.
    pub places: u32,
    /// Residents.
    pub residents: u32,
    /// Rooms.
    pub rooms: Vec<RoomView>,
    /// Breaches of the unit as a whole.
    pub breaches: Vec<BreachView>,
}

/// The building editor's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Building {
    /// Facility id.
    pub facility_id: i64,
    /// Name.
    pub name: String,
    /// Building standard code.
    pub building_type: String,
    /// Units.
    pub units: Vec<UnitView>,
    /// Breaches of the facility as a whole.
    pub breaches: Vec<BreachView>,
    /// Recorded justifications: id, rule, place, reason.
    pub justifications: Vec<(i64, String, String, String)>,
}

/// A vetting check's state as a badge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CheckBadge {
    /// Kind code.
    pub kind: String,
    /// "ok", "expiring" (within 30 days), "expired" or "missing".
    pub state: String,
    /// Expiry, "YYYY-MM-DD".
    pub expires: Option<String>,
}

/// A staff member in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct StaffRow {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Role code.
    pub role: String,
    /// FTE.
    pub fte: String,
    /// Unit names.
    pub units: Vec<String>,
    /// May be rostered today.
    pub rosterable: bool,
    /// Current state of each check.
    pub checks: Vec<CheckBadge>,
    /// Leave or unavailability today or later: "from–to kind".
    pub upcoming_leave: Vec<String>,
}

/// A facility's staff (managers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct StaffPage {
    /// Facility id.
    pub facility_id: i64,
    /// Facility name.
    pub facility: String,
    /// Staff.
    pub rows: Vec<StaffRow>,
    /// Requests awaiting a decision (this month and the next): id, edit version, who, date,
    /// shift, "off"/"work", reason.
    pub pending: Vec<(i64, i64, String, String, String, String, String)>,
}

/// One staff member's record (managers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct StaffDetail {
    /// The list row.
    pub row: StaffRow,
    /// Facility id.
    pub facility_id: i64,
    /// Contract "from – to".
    pub contract: String,
    /// Nights allowed.
    pub nights_allowed: bool,
    /// Overtime allowed.
    pub overtime_allowed: bool,
    /// Every recorded check, newest first: kind, checked on, evidence, expires.
    pub history: Vec<(String, String, String, String)>,
    /// Leave: kind, from, to, note.
    pub leave: Vec<(String, String, String, String)>,
    /// Unavailability in Europe/Warsaw: from, to, reason.
    pub unavailability: Vec<(String, String, String)>,
}

/// A facility's month in money (managers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CostsPage {
    /// Facility id.
    pub facility_id: i64,
    /// Facility name.
    pub facility: String,
    /// Month, "YYYY-MM".
    pub month: String,
    /// Whether the month could be costed (else `missing` says why).
    pub computed: bool,
    /// Headline figures: key, "1 234,56 zł".
    pub figures: Vec<(String, String)>,
    /// Funded against actual: key, funded (grosze), actual (grosze), funded text, actual text.
    pub versus: Vec<(String, i64, i64, String, String)>,
    /// Staffing: key, value.
    pub staffing: Vec<(String, String)>,
    /// Maintenance by municipality: name, amount.
    pub municipalities: Vec<(String, String)>,
    /// Residents: code, variant, days, support text, support grosze.
    pub residents: Vec<(String, String, u32, String, i64)>,
    /// Allocation: code, 1:1 hours, shared hours, cost text, cost grosze.
    pub allocation: Vec<(String, String, String, String, i64)>,
    /// Cost lines: category, funding source, amount, description, counts in.
    pub lines: Vec<(String, String, String, String, String)>,
    /// What could not be computed.
    pub missing: Vec<String>,
    /// The month's statements: id, edit version, kind, municipality, number, status, total.
    pub statements: Vec<(i64, i64, String, String, i64, String, String)>,
}

/// A resident's support plan and weekly schedules, as the editor shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PlanPage {
    /// Resident id.
    pub resident_id: i64,
    /// Versions, newest first: number, valid from, review date, hours per week, consent by.
    pub versions: Vec<(i64, String, String, String, String)>,
    /// Goals of the newest version, one per line ("goal | how progress is seen").
    pub goals: String,
    /// Services of the newest version, one per line ("kind internal|external hours [provider]").
    pub services: String,
    /// 1:1 hours per week in the newest version.
    pub one_to_one_hours: String,
    /// The plan's day programme, one interval per line.
    pub plan_day_programme: String,
    /// Review date, valid from, consent by, consent on of the newest version.
    pub review_date: String,
    /// Valid from.
    pub valid_from: String,
    /// Consent by.
    pub consent_by: String,
    /// Consent on.
    pub consent_on: String,
    /// The resident's weekly 1:1 periods (what the rota covers), one per line.
    pub one_to_one: String,
    /// The resident's weekly day programme (away from home), one per line.
    pub day_programme: String,
    /// The resident record's edit version.
    pub resident_version: i64,
    /// This month, "YYYY-MM" (the what-if's default).
    pub month: String,
}

/// A what-if's answer: rows of (key, before, after) and the Barthel total's meaning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WhatIfShown {
    /// Month.
    pub month: String,
    /// key, before, after.
    pub rows: Vec<(String, String, String)>,
    /// Barthel: total, band key, at or below the ZOL threshold.
    pub barthel: Option<(u8, String, bool)>,
}

/// The published rota of a worker's facility for a month, by day (no resident data at all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UnitRota {
    /// Month, "YYYY-MM".
    pub month: String,
    /// Published version number (None: nothing published).
    pub number: Option<i64>,
    /// Days: date, weekday (0 = Monday), lines "D 07:00–19:00 · unit: names".
    pub days: Vec<(String, u8, Vec<String>)>,
}

/// Stands for a supervision session in a [`RotaShown::changes`] row (before or after).
pub const SUPERVISION: &str = "@supervision";
