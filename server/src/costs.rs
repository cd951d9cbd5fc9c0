//! A facility's month in money: the state-funded support cost per resident and for unused
//! places, maintenance shares, bottom-up staffing, the actual cost of the published rota and
//! the cost lines against what is funded, and the allocation of staff time per resident. The
//! formulas are the solver crate's ([`wsm_solver::cost`]); this module gathers their inputs
//! from the register and the reference tables and says what is missing.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use wsm_solver::cost::{self, Amount, EmployerRates, FeeBand, Maintenance, Month, NightTime, Staffing, Support, SupportParams, Variant, WageStep, WorkerCost};

use crate::domain::RuleError;
use crate::store::costs::{CostLineRow, FacilityFundingRow, ResidentFundingRow};
use crate::store::model::{Facility, Resident};
use crate::store::{Store, StoreError};

/// Categories a cost line may carry (§IV.3.3.2 eligible, §IV.3.3.3 ineligible).
pub const CATEGORIES: &[(&str, bool, &str)] = &[
    ("utilities", true, "media (energy, heating, water, waste)"),
    ("food", true, "meals and food for residents' meals"),
    ("inspections", true, "periodic inspections of building installations and equipment"),
    ("transport", true, "necessary transport of residents"),
    ("staff_other", true, "pay of staff and service providers outside the rota"),
    ("equipment", true, "purchase and repair of equipment, rehabilitation equipment, consumables and therapy materials"),
    ("interest", false, "interest on debt"),
    ("loans", false, "loan or credit amounts and costs"),
    ("fines", false, "penalties and fines"),
    ("pfron_payments", false, "payments to PFRON"),
    ("used_assets", false, "used fixed assets co-funded in the last 7 years (10 for real estate)"),
    ("recoverable_vat", false, "VAT that can be recovered"),
    ("leasing_non_capital", false, "leasing costs other than the capital part"),
    ("late_interest", false, "interest for late payment"),
    ("depreciation", false, "depreciation"),
];

/// Funding sources of a cost line.
pub const SOURCES: &[&str] = &["state_support", "maintenance", "pfron", "eu", "own", "other"];

/// Whether a category is eligible; `None` when unknown.
pub fn eligible(category: &str) -> Option<bool> {
    CATEGORIES.iter().find(|c| c.0 == category).map(|c| c.1)
}

/// A stable pseudonym for a resident in funder statements: no name, not guessable from the id.
pub fn pseudonym(salt: &str, resident_id: i64) -> String {
    let digest = Sha256::digest(format!("{salt}:{resident_id}").as_bytes());
    let hex: String = digest.iter().take(3).map(|b| format!("{b:02X}")).collect();
    format!("M-{hex}")
}

/// Errors of the cost calculation that a client can act on.
#[derive(Debug, thiserror::Error)]
pub enum CostError {
    /// A reference figure is missing or unreadable (field, message, the message in Polish).
    #[error("{1}")]
    Reference(String, String, String),
    /// Storage.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reference tables as the formulas need them.
#[derive(Debug, Clone)]
pub struct Tables {
    /// Minimum wage by date.
    pub wages: Vec<WageStep>,
    /// Employer rates by (operator, year); operator 0 is the default.
    pub rates: BTreeMap<(i64, i32), EmployerRates>,
    /// DPS reference cost by (county, profile, year).
    pub dps: BTreeMap<(String, String, i32), Amount>,
    /// Night time by operator.
    pub night: BTreeMap<i64, NightTime>,
    /// Fee tables by name.
    pub fees: BTreeMap<String, Vec<FeeBand>>,
    /// Income criteria.
    pub criteria: Vec<cost::CriterionStep>,
}

/// The JSON of each reference kind.
pub mod refs {
    use super::*;

    /// minimum_wage.
    #[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct MinimumWage {
        /// In force from.
        pub from: NaiveDate,
        /// Monthly amount, zł ("4806.00").
        #[schema(value_type = String)]
        pub amount: Amount,
    }
    /// employer_rates.
    #[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Rates {
        /// Operator (0: the default for every operator).
        pub operator_id: i64,
        /// Year.
        pub year: i32,
        /// Contribution rates, %.
        #[schema(value_type = Object)]
        pub rates: EmployerRates,
    }
    /// income_criterion.
    #[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Criterion {
        /// In force from.
        pub from: NaiveDate,
        /// Single person, zł.
        #[schema(value_type = String)]
        pub single: Amount,
        /// Per person in a family, zł.
        #[schema(value_type = String)]
        pub family: Amount,
    }
    /// fee_table.
    #[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct FeeTable {
        /// Name (the key).
        pub name: String,
        /// The council resolution it follows.
        pub resolution: String,
        /// Bands.
        #[schema(value_type = Vec<Object>)]
        pub bands: Vec<FeeBand>,
    }
    /// dps_cost.
    #[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct DpsCost {
        /// County (powiat).
        pub county: String,
        /// Facility profile.
        pub profile: String,
        /// Year.
        pub year: i32,
        /// Average monthly cost of a DPS place, zł.
        #[schema(value_type = String)]
        pub amount: Amount,
    }
    /// work_rules.
    #[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
    #[serde(deny_unknown_fields)]
    pub struct WorkRules {
        /// Operator.
        pub operator_id: i64,
        /// Start of the 8-hour night time, "HH:MM" (21:00–23:00).
        #[schema(value_type = String)]
        pub night_start: chrono::NaiveTime,
    }
}

/// Checks a reference record's JSON for its kind and returns its key; an error names the field
/// (a JSON path inside the record, empty for the whole record).
pub fn validate_reference(kind: &str, data: &serde_json::Value) -> Result<String, RuleError> {
    fn parse<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> Result<T, RuleError> {
        serde_path_to_error::deserialize(v.clone()).map_err(|e| RuleError::from_serde(e.path().to_string(), e.inner().to_string()))
    }
    // The solver's own texts have no Polish: a Polish lead-in carries them.
    let solver = |field: String, what_pl: &str, m: String| RuleError::new(field, m.clone(), format!("{what_pl}: {m}"));
    let positive = |field: &str, a: Amount| if a.grosze() > 0 { Ok(()) } else { Err(RuleError::new(field, "must be greater than 0", "musi być większe niż 0")) };
    match kind {
        "minimum_wage" => {
            let r: refs::MinimumWage = parse(data)?;
            positive("amount", r.amount)?;
            Ok(r.from.to_string())
        }
        "employer_rates" => {
            let r: refs::Rates = parse(data)?;
            r.rates.validate().map_err(|(f, m)| solver(format!("rates.{f}"), "nieprawidłowa stawka składki", m))?;
            if !(2000..=2100).contains(&r.year) {
                return Err(RuleError::new("year", "must be a year between 2000 and 2100", "musi być rokiem od 2000 do 2100"));
            }
            Ok(format!("{}:{}", r.operator_id, r.year))
        }
        "income_criterion" => {
            let r: refs::Criterion = parse(data)?;
            positive("single", r.single)?;
            positive("family", r.family)?;
            Ok(r.from.to_string())
        }
        "fee_table" => {
            let r: refs::FeeTable = parse(data)?;
            cost::validate_fee_bands(&r.bands).map_err(|(f, m)| solver(f, "nieprawidłowe progi tabeli odpłatności", m))?;
            if r.name.trim().is_empty() {
                return Err(RuleError::new("name", "must not be empty", "nie może być puste"));
            }
            Ok(r.name)
        }
        "dps_cost" => {
            let r: refs::DpsCost = parse(data)?;
            positive("amount", r.amount)?;
            if r.county.trim().is_empty() || r.county.contains('|') {
                return Err(RuleError::new("county", "must be a county name (no '|')", "musi być nazwą powiatu (bez znaku „|”)"));
            }
            if r.profile.contains('|') {
                return Err(RuleError::new("profile", "must not contain '|'", "nie może zawierać znaku „|”"));
            }
            Ok(format!("{}|{}|{}", r.county, r.profile, r.year))
        }
        "work_rules" => {
            let r: refs::WorkRules = parse(data)?;
            NightTime { start: r.night_start }.validate().map_err(|m| solver("night_start".to_string(), "nieprawidłowy początek pory nocnej", m))?;
            Ok(format!("operator:{}", r.operator_id))
        }
        _ => Err(RuleError::new(
            "kind",
            "must be one of minimum_wage, employer_rates, income_criterion, fee_table, dps_cost, work_rules",
            "musi być jednym z: minimum_wage, employer_rates, income_criterion, fee_table, dps_cost, work_rules",
        )),
    }
}

fn stored<T: serde::de::DeserializeOwned>(kind: &str, key: &str, data: &str) -> Result<T, CostError> {
    serde_json::from_str(data).map_err(|e| CostError::Reference(kind.into(), format!("stored {kind} '{key}' is unreadable: {e}"), format!("zapisany rekord {kind} „{key}” jest nieczytelny: {e}")))
}

/// Loads every reference table.
pub async fn tables(store: &dyn Store) -> Result<Tables, CostError> {
    let mut t = Tables { wages: Vec::new(), rates: BTreeMap::new(), dps: BTreeMap::new(), night: BTreeMap::new(), fees: BTreeMap::new(), criteria: Vec::new() };
    for r in store.reference_rows("minimum_wage").await? {
        let w: refs::MinimumWage = stored("minimum_wage", &r.key, &r.data)?;
        t.wages.push(WageStep { from: w.from, amount: w.amount });
    }
    for r in store.reference_rows("employer_rates").await? {
        let x: refs::Rates = stored("employer_rates", &r.key, &r.data)?;
        t.rates.insert((x.operator_id, x.year), x.rates);
    }
    for r in store.reference_rows("dps_cost").await? {
        let x: refs::DpsCost = stored("dps_cost", &r.key, &r.data)?;
        t.dps.insert((x.county, x.profile, x.year), x.amount);
    }
    for r in store.reference_rows("work_rules").await? {
        let x: refs::WorkRules = stored("work_rules", &r.key, &r.data)?;
        t.night.insert(x.operator_id, NightTime { start: x.night_start });
    }
    for r in store.reference_rows("fee_table").await? {
        let x: refs::FeeTable = stored("fee_table", &r.key, &r.data)?;
        t.fees.insert(x.name, x.bands);
    }
    for r in store.reference_rows("income_criterion").await? {
        let x: refs::Criterion = stored("income_criterion", &r.key, &r.data)?;
        t.criteria.push(cost::CriterionStep { from: x.from, single: x.single, family: x.family });
    }
    Ok(t)
}

impl Tables {
    /// The operator's rates for the year, or the default's.
    pub fn rates_for(&self, operator_id: i64, year: i32) -> Result<&EmployerRates, CostError> {
        self.rates
            .get(&(operator_id, year))
            .or_else(|| self.rates.get(&(0, year)))
            .ok_or_else(|| {
                CostError::Reference(
                    "employer_rates".into(),
                    format!("no employer contribution rates for {year} (operator {operator_id} or the default)"),
                    format!("brak stawek składek pracodawcy na {year} (operatora {operator_id} ani domyślnych)"),
                )
            })
    }
}

/// A facility's funding settings with their defaults (no county, no reduction, 20 % absence
/// allowance, the default fee table).
pub fn funding_or_default(facility_id: i64, row: Option<FacilityFundingRow>) -> FacilityFundingRow {
    row.unwrap_or(FacilityFundingRow { facility_id, county: String::new(), reduction: "0".into(), absence_allowance: "20".into(), fee_table: "default".into(), version: 0 })
}

/// One resident's month.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResidentMonth {
    /// Resident id (managers' view only; statements carry the code).
    pub resident_id: i64,
    /// Stable pseudonym.
    pub code: String,
    /// Variant and where it comes from.
    #[schema(value_type = String)]
    pub variant: Variant,
    /// "record" (set on the funding record) or "day programme" (derived).
    pub variant_from: String,
    /// Days of stay in the month.
    pub days: u32,
    /// Support cost.
    #[schema(value_type = Object)]
    pub support: Support,
    /// Municipality paying the rest of maintenance.
    pub municipality: Option<String>,
    /// Maintenance split, when the income and the county's DPS cost are known.
    #[schema(value_type = Option<Object>)]
    pub maintenance: Option<Maintenance>,
}

/// A cost line with how it counts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LineView {
    /// Id.
    pub id: i64,
    /// Category.
    pub category: String,
    /// Funding source.
    pub funding_source: String,
    /// Amount.
    #[schema(value_type = String)]
    pub amount: Amount,
    /// Description.
    pub description: String,
    /// "support", "maintenance" or "excluded".
    pub counts_in: String,
    /// Why excluded, when it is.
    pub excluded_because: Option<String>,
    /// Edit version.
    pub version: i64,
}

/// Actual against funded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Actual {
    /// The published rota version costed, if any.
    pub rota_id: Option<i64>,
    /// Per worker.
    #[schema(value_type = Vec<Object>)]
    pub workers: Vec<WorkerCost>,
    /// Staff cost of the rota (employer's cost).
    #[schema(value_type = String)]
    pub rota_cost: Amount,
    /// Cost lines.
    pub lines: Vec<LineView>,
    /// Actual support cost: rota + eligible lines charged to state support.
    #[schema(value_type = String)]
    pub support: Amount,
    /// Funded support − actual support (negative: the WSM pays the difference).
    #[schema(value_type = String)]
    pub support_gap: Amount,
    /// Actual maintenance: eligible lines charged to maintenance.
    #[schema(value_type = String)]
    pub maintenance: Amount,
    /// Funded maintenance − actual maintenance.
    #[schema(value_type = String)]
    pub maintenance_gap: Amount,
    /// Lines excluded from any claim (ineligible, or funded elsewhere).
    #[schema(value_type = String)]
    pub excluded: Amount,
}

/// Staff time and cost allocated to one resident.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Allocation {
    /// Resident.
    pub resident_id: i64,
    /// Pseudonym.
    pub code: String,
    /// 1:1 hours.
    #[schema(value_type = String)]
    pub one_to_one_hours: Decimal,
    /// Share of the other staff hours.
    #[schema(value_type = String)]
    pub shared_hours: Decimal,
    /// Share of the rota's staff cost.
    #[schema(value_type = String)]
    pub cost: Amount,
}

/// A facility's month in money.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MonthlyCosts {
    /// Facility.
    pub facility_id: i64,
    /// Month, "YYYY-MM".
    pub month: String,
    /// Days in the month.
    pub month_days: u32,
    /// Minimum wage on the 1st.
    #[schema(value_type = String)]
    pub minimum_wage: Amount,
    /// Employer's contribution rate, %.
    #[schema(value_type = String)]
    pub employer_rate: Decimal,
    /// Declared reduction, %.
    #[schema(value_type = String)]
    pub reduction: Decimal,
    /// Residents.
    pub residents: Vec<ResidentMonth>,
    /// Places (sum over units).
    pub places: u32,
    /// Place-days used by residents.
    pub used_place_days: u32,
    /// Place-days unused.
    pub unused_place_days: u32,
    /// Funding of unused places.
    #[schema(value_type = String)]
    pub unused_places: Amount,
    /// Support funded in all: residents + unused places.
    #[schema(value_type = String)]
    pub support_total: Amount,
    /// Maintenance by municipality (the municipality's shares).
    #[schema(value_type = Object)]
    pub maintenance_by_municipality: BTreeMap<String, Amount>,
    /// Residents' maintenance shares in all.
    #[schema(value_type = String)]
    pub maintenance_residents: Amount,
    /// Maintenance cost in all.
    #[schema(value_type = String)]
    pub maintenance_total: Amount,
    /// FTE the cover rules demand against the FTE the index funds.
    #[schema(value_type = Object)]
    pub staffing: Staffing,
    /// Actual against funded.
    pub actual: Actual,
    /// Per-resident allocation of the rota's staff time (managers only; never in statements).
    pub allocation: Vec<Allocation>,
    /// What could not be computed and why.
    pub missing: Vec<String>,
}

fn decimal_setting(field: &str, text: &str) -> Result<Decimal, CostError> {
    text.parse().map_err(|_| CostError::Reference(field.into(), format!("stored {field} '{text}' is not a number"), format!("zapisane ustawienie {field} „{text}” nie jest liczbą")))
}

/// The staffing variant of a resident: the funding record's, else I with a day programme.
pub fn variant_of(r: &Resident, f: Option<&ResidentFundingRow>) -> (Variant, &'static str) {
    match f.and_then(|f| f.variant.as_deref()) {
        Some("I") => (Variant::I, "record"),
        Some("II") => (Variant::II, "record"),
        _ if !r.day_programme.is_empty() => (Variant::I, "day programme"),
        _ => (Variant::II, "day programme"),
    }
}

/// Computes a facility's month.
pub async fn monthly(store: &dyn Store, facility: &Facility, month: Month, today: NaiveDate) -> Result<MonthlyCosts, CostError> {
    monthly_with(store, facility, month, today, None).await
}

/// [`monthly`] with the residents given instead of the stored ones (a what-if: the stored
/// records with a change not yet saved).
pub async fn monthly_with(store: &dyn Store, facility: &Facility, month: Month, today: NaiveDate, residents: Option<Vec<Resident>>) -> Result<MonthlyCosts, CostError> {
    let t = tables(store).await?;
    let funding = funding_or_default(facility.id, store.facility_funding(facility.id).await?);
    let reduction = decimal_setting("reduction", &funding.reduction)?;
    let allowance = decimal_setting("absence_allowance", &funding.absence_allowance)?;
    let year = month.first.year();
    let rates = t.rates_for(facility.operator_id, year)?.clone();
    let mw = cost::wage_on(&t.wages, month.first).ok_or_else(|| {
        CostError::Reference("minimum_wage".into(), format!("no minimum wage is recorded for {}", month.first), format!("brak zapisanego minimalnego wynagrodzenia na {}", month.first))
    })?;
    let salt = store.setting("pseudonym_salt").await?.unwrap_or_default();
    let residents = match residents {
        Some(r) => r,
        None => store.residents(facility.id).await?,
    };
    let fundings = store.resident_fundings(facility.id).await?;
    let params = SupportParams { wages: &t.wages, rates: &rates, reduction };
    let mut missing = Vec::new();
    let dps = t.dps.get(&(funding.county.clone(), facility.profile.clone(), year)).copied();
    if dps.is_none() {
        missing.push(format!("no DPS reference cost for county '{}', profile '{}', {year}: maintenance is not split", funding.county, facility.profile));
    }
    let mut out_residents = Vec::new();
    let mut used = 0u32;
    for r in &residents {
        let days = month.days_within(r.moved_in, r.moved_out);
        if days.is_empty() {
            continue;
        }
        used += days.len() as u32;
        let f = fundings.iter().find(|f| f.resident_id == r.id);
        let (variant, from) = variant_of(r, f);
        let support = cost::support(month, variant, &days, &params).map_err(|m| CostError::Reference("minimum_wage".into(), m.clone(), format!("nie można obliczyć kosztu wsparcia: {m}")))?;
        let maintenance = match (dps, f) {
            (Some(c), Some(f)) => Some(cost::maintenance(c, Amount(f.monthly_income_grosze), days.len() as u32, month.days)),
            (_, None) => {
                missing.push(format!("resident {} ({}) has no income and municipality recorded", pseudonym(&salt, r.id), r.id));
                None
            }
            _ => None,
        };
        out_residents.push(ResidentMonth {
            resident_id: r.id,
            code: pseudonym(&salt, r.id),
            variant,
            variant_from: from.into(),
            days: days.len() as u32,
            support,
            municipality: f.map(|f| f.municipality.clone()),
            maintenance,
        });
    }
    let places: u32 = facility.units.iter().map(|u| u.places).sum();
    let unused_days = (places * month.days).saturating_sub(used);
    let unused = cost::unused_places(month, unused_days, &params).map_err(|m| CostError::Reference("minimum_wage".into(), m.clone(), format!("nie można obliczyć kosztu niewykorzystanych miejsc: {m}")))?;
    let support_total = Amount::sum(out_residents.iter().map(|r| &r.support.total)) + unused;
    let mut by_municipality: BTreeMap<String, Amount> = BTreeMap::new();
    let (mut m_res, mut m_total) = (Amount(0), Amount(0));
    for r in &out_residents {
        if let (Some(m), Some(name)) = (&r.maintenance, &r.municipality) {
            *by_municipality.entry(name.clone()).or_default() += m.municipality;
            m_res += m.resident;
            m_total += m.cost;
        }
    }

    // Bottom-up staffing from the month's problem (what the cover rules demand).
    let staff = store.staff_list(facility.id, today).await?;
    let built = crate::rota::build_problem(facility, &residents, &staff, &[], month.first, None);
    let d = wsm_solver::demand::demand(&built.problem);
    let cover_minutes: i64 = d.needed.iter().map(|row| row.iter().zip(&d.slots).map(|(n, s)| i64::from(*n) * s.minutes()).sum::<i64>()).sum();
    let staffing = cost::staffing(cover_minutes, built.problem.norm_hours(), allowance, month.days, &out_residents.iter().map(|r| (r.variant, r.days)).collect::<Vec<_>>());

    // Actual: the newest published rota, priced, and the cost lines.
    let mut workers = Vec::new();
    let mut allocation = Vec::new();
    let published = store.published_rota(facility.id, &month.label()).await?;
    let rota_id = published.as_ref().map(|r| r.id);
    if let Some(record) = &published {
        let problem: wsm_solver::problem::Problem = serde_json::from_str(&record.problem).map_err(|e| StoreError::Corrupt(format!("rota {} problem: {e}", record.id)))?;
        let rota: wsm_solver::rota::Rota = serde_json::from_str(&record.rota).map_err(|e| StoreError::Corrupt(format!("rota {}: {e}", record.id)))?;
        let pay = |id: &str| staff.iter().find(|s| format!("s{}", s.id) == id).map(|s| Amount(s.hourly_pay.grosze()));
        let night = t.night.get(&facility.operator_id).copied().unwrap_or_else(NightTime::default_22);
        workers = cost::rota_cost(&problem, &rota, &pay, mw.amount, night, &rates);
        let rota_total = Amount::sum(workers.iter().map(|w| &w.total));
        let (time, unallocated) = cost::allocate(&problem, &rota);
        let all: Decimal = time.iter().map(|x| x.one_to_one_minutes + x.shared_minutes).sum::<Decimal>() + unallocated;
        for x in time {
            let Some(id) = x.resident.strip_prefix('r').and_then(|s| s.parse::<i64>().ok()) else { continue };
            let mine = x.one_to_one_minutes + x.shared_minutes;
            let share = if all.is_zero() { Amount(0) } else { Amount::round(rota_total.decimal() * mine / all) };
            allocation.push(Allocation {
                resident_id: id,
                code: pseudonym(&salt, id),
                one_to_one_hours: (x.one_to_one_minutes / Decimal::from(60)).round_dp(2),
                shared_hours: (x.shared_minutes / Decimal::from(60)).round_dp(2),
                cost: share,
            });
        }
    } else {
        missing.push(format!("no published rota for {}: the actual staff cost is 0", month.label()));
    }
    let rota_cost = Amount::sum(workers.iter().map(|w| &w.total));
    let mut lines = Vec::new();
    let (mut a_support, mut a_maint, mut excluded) = (rota_cost, Amount(0), Amount(0));
    for l in store.cost_lines(facility.id, &month.label()).await? {
        let (counts_in, why) = line_counts(&l);
        match counts_in {
            "support" => a_support += Amount(l.amount_grosze),
            "maintenance" => a_maint += Amount(l.amount_grosze),
            _ => excluded += Amount(l.amount_grosze),
        }
        lines.push(LineView { id: l.id, category: l.category, funding_source: l.funding_source, amount: Amount(l.amount_grosze), description: l.description, counts_in: counts_in.into(), excluded_because: why, version: l.version });
    }
    let actual = Actual { rota_id, workers, rota_cost, lines, support: a_support, support_gap: support_total - a_support, maintenance: a_maint, maintenance_gap: m_total - a_maint, excluded };
    Ok(MonthlyCosts {
        facility_id: facility.id,
        month: month.label(),
        month_days: month.days,
        minimum_wage: mw.amount,
        employer_rate: rates.total(),
        reduction,
        residents: out_residents,
        places,
        used_place_days: used,
        unused_place_days: unused_days,
        unused_places: unused,
        support_total,
        maintenance_by_municipality: by_municipality,
        maintenance_residents: m_res,
        maintenance_total: m_total,
        staffing,
        actual,
        allocation,
        missing,
    })
}

/// Where a cost line counts: an ineligible category or a line funded elsewhere is excluded
/// (and shown), so nothing is claimed twice.
pub fn line_counts(l: &CostLineRow) -> (&'static str, Option<String>) {
    match (eligible(&l.category), l.funding_source.as_str()) {
        (Some(false), _) => ("excluded", Some(format!("ineligible cost ({})", l.category))),
        (_, "pfron") => ("excluded", Some("funded by PFRON: not claimed twice".into())),
        (_, "eu") => ("excluded", Some("funded by an EU project: not claimed twice".into())),
        (_, "own") | (_, "other") => ("excluded", Some("paid from own or other funds".into())),
        (_, "maintenance") => ("maintenance", None),
        _ => ("support", None),
    }
}
