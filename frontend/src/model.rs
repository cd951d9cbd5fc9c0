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
    /// The message (English, from the server; the kind is translated).
    pub message: String,
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
