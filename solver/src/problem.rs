//! The problem file: what the solver reads (`shared/spec/rota-problem.md`). Unknown fields are
//! errors, and every error names the JSON path at fault.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use serde::{de, Deserialize, Deserializer, Serialize};

use crate::calendar;

/// A problem as read from JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// Contract version (1).
    pub version: u32,
    /// IANA time zone of every wall-clock time (default Europe/Warsaw).
    #[serde(default = "warsaw")]
    pub timezone: String,
    /// First day.
    pub start: NaiveDate,
    /// Number of days.
    pub days: u32,
    /// Cover slot length in minutes (default 30).
    #[serde(default = "thirty")]
    pub slot_minutes: u32,
    /// The facility's cover night (default 21:00–07:00).
    #[serde(default)]
    pub night: Window,
    /// Shift types.
    pub shift_types: Vec<ShiftType>,
    /// Housing units.
    pub units: Vec<UnitRef>,
    /// Residents.
    #[serde(default)]
    pub residents: Vec<Resident>,
    /// Staff.
    pub staff: Vec<Staff>,
    /// Supervision sessions.
    #[serde(default)]
    pub supervision_sessions: Vec<Session>,
    /// `null` = Poland's public holidays in the horizon; a list overrides.
    #[serde(default)]
    pub holidays: Option<Vec<NaiveDate>>,
    /// Labour-law parameters.
    #[serde(default)]
    pub rules: Rules,
}

fn warsaw() -> String {
    "Europe/Warsaw".into()
}
fn thirty() -> u32 {
    30
}

/// A daily wall-clock window; `end` not after `start` means it ends the next day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// Start, "HH:MM".
    #[serde(deserialize_with = "hhmm", serialize_with = "ser_hhmm")]
    pub start: NaiveTime,
    /// End, "HH:MM".
    #[serde(deserialize_with = "hhmm", serialize_with = "ser_hhmm")]
    pub end: NaiveTime,
}

impl Default for Window {
    fn default() -> Self {
        Window { start: NaiveTime::from_hms_opt(21, 0, 0).expect("21:00"), end: NaiveTime::from_hms_opt(7, 0, 0).expect("07:00") }
    }
}

/// A shift type.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftType {
    /// Code, e.g. "D".
    pub id: String,
    /// Start, "HH:MM".
    #[serde(deserialize_with = "hhmm", serialize_with = "ser_hhmm")]
    pub start: NaiveTime,
    /// End, "HH:MM"; not after the start = next day.
    #[serde(deserialize_with = "hhmm", serialize_with = "ser_hhmm")]
    pub end: NaiveTime,
}

impl ShiftType {
    /// Wall-clock start and end of this shift on `date`.
    pub fn interval(&self, date: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
        let start = date.and_time(self.start);
        let end_day = if self.end <= self.start { date + Duration::days(1) } else { date };
        (start, end_day.and_time(self.end))
    }
    /// Length on the wall clock, minutes.
    pub fn wall_minutes(&self) -> i64 {
        let (s, e) = self.interval(NaiveDate::from_ymd_opt(2001, 1, 1).expect("date"));
        (e - s).num_minutes()
    }
}

/// A housing unit.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitRef {
    /// Id.
    pub id: String,
}

/// Day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Day {
    /// The weekday of a date.
    pub fn of(date: NaiveDate) -> Day {
        use chrono::Datelike;
        [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri, Day::Sat, Day::Sun][date.weekday().num_days_from_monday() as usize]
    }
}

/// A weekly wall-clock interval (same day).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weekly {
    /// Days.
    pub days: Vec<Day>,
    /// From, "HH:MM".
    #[serde(deserialize_with = "hhmm", serialize_with = "ser_hhmm")]
    pub from: NaiveTime,
    /// To, "HH:MM".
    #[serde(deserialize_with = "hhmm", serialize_with = "ser_hhmm")]
    pub to: NaiveTime,
}

impl Weekly {
    /// Whether a wall-clock moment lies in it.
    pub fn contains(&self, at: NaiveDateTime) -> bool {
        self.days.contains(&Day::of(at.date())) && self.from <= at.time() && at.time() < self.to
    }
}

/// A dated wall-clock interval.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    /// From, "YYYY-MM-DDTHH:MM".
    #[serde(deserialize_with = "datetime", serialize_with = "ser_datetime")]
    pub from: NaiveDateTime,
    /// To.
    #[serde(deserialize_with = "datetime", serialize_with = "ser_datetime")]
    pub to: NaiveDateTime,
}

impl Interval {
    /// Whether a wall-clock moment lies in it.
    pub fn contains(&self, at: NaiveDateTime) -> bool {
        self.from <= at && at < self.to
    }
}

/// A resident, as cover sees them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resident {
    /// Id.
    pub id: String,
    /// Housing unit.
    pub unit: String,
    /// Weekly absences (day programme).
    #[serde(default)]
    pub away_weekly: Vec<Weekly>,
    /// Dated absences (hospital, family).
    #[serde(default)]
    pub away: Vec<Interval>,
    /// Weekly 1:1 periods.
    #[serde(default)]
    pub one_to_one_weekly: Vec<Weekly>,
    /// Dated 1:1 periods.
    #[serde(default)]
    pub one_to_one: Vec<Interval>,
}

/// Whole days, inclusive.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl DateRange {
    /// Whether it includes `d`.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// A soft wish.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Day.
    pub date: NaiveDate,
    /// A shift type, or null for the whole day.
    #[serde(default)]
    pub shift: Option<String>,
    /// True: wishes to work it; false: wishes not to.
    pub want: bool,
    /// Weight (default 1).
    #[serde(default = "one")]
    pub weight: u32,
}

fn one() -> u32 {
    1
}

/// A hard assignment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixed {
    /// Day.
    pub date: NaiveDate,
    /// Shift type.
    pub shift: String,
    /// Unit.
    pub unit: String,
}

/// A worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    /// Id.
    pub id: String,
    /// FTE in (0, 1], exact to 0.001.
    #[serde(deserialize_with = "fte_milli", serialize_with = "ser_fte", rename = "fte")]
    pub fte_milli: u32,
    /// Units the worker may work in.
    pub units: Vec<String>,
    /// May work shifts that touch night time.
    #[serde(default = "yes")]
    pub nights: bool,
    /// Most nights in a row.
    #[serde(default)]
    pub max_consecutive_nights: Option<u32>,
    /// Leave days.
    #[serde(default)]
    pub leave: Vec<DateRange>,
    /// Intervals when no shift may overlap.
    #[serde(default)]
    pub unavailable: Vec<Interval>,
    /// Wishes.
    #[serde(default)]
    pub requests: Vec<Request>,
    /// Hard assignments.
    #[serde(default)]
    pub fixed: Vec<Fixed>,
    /// Supervision hours due in the period.
    #[serde(default)]
    pub supervision_hours: u32,
}

fn yes() -> bool {
    true
}

/// A supervision session.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Day.
    pub date: NaiveDate,
    /// From.
    #[serde(deserialize_with = "hhmm", serialize_with = "ser_hhmm")]
    pub from: NaiveTime,
    /// To (same day).
    #[serde(deserialize_with = "hhmm", serialize_with = "ser_hhmm")]
    pub to: NaiveTime,
    /// Places.
    pub capacity: u32,
}

/// Labour-law parameters.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// Daily rest, hours (art. 132: 11).
    pub daily_rest_hours: u32,
    /// Weekly rest, hours (art. 133: 35).
    pub weekly_rest_hours: u32,
    /// A free Sunday at least every this many weeks (art. 151¹²: 4).
    pub free_sunday_within_weeks: u32,
    /// Planned hours may differ from target by this much.
    pub hours_tolerance: u32,
    /// Planned overtime allowed above target.
    pub overtime_hours_max: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules { daily_rest_hours: 11, weekly_rest_hours: 35, free_sunday_within_weeks: 4, hours_tolerance: 12, overtime_hours_max: 0 }
    }
}

/// A problem that contradicts itself or the contract, at a JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{path}: {message}")]
pub struct Issue {
    /// JSON path, e.g. `staff[3].fixed[0]`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

fn issue(path: impl Into<String>, message: impl Into<String>) -> Issue {
    Issue { path: path.into(), message: message.into() }
}

fn hhmm<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
    let s = String::deserialize(d)?;
    NaiveTime::parse_from_str(&s, "%H:%M").map_err(|_| de::Error::custom(format!("'{s}' is not a time HH:MM")))
}

fn ser_hhmm<S: serde::Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.format("%H:%M").to_string())
}

fn datetime<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    let s = String::deserialize(d)?;
    NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| de::Error::custom(format!("'{s}' is not a local date-time YYYY-MM-DDTHH:MM")))
}

fn ser_datetime<S: serde::Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.format("%Y-%m-%dT%H:%M").to_string())
}

fn fte_milli<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = f64::deserialize(d)?;
    let milli = (v * 1000.0).round();
    if (v * 1000.0 - milli).abs() > 1e-6 || milli <= 0.0 || milli > 1000.0 {
        return Err(de::Error::custom(format!("FTE {v} must be in (0, 1] with at most 3 decimals")));
    }
    Ok(milli as u32)
}

fn ser_fte<S: serde::Serializer>(m: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(f64::from(*m) / 1000.0)
}

impl Problem {
    /// Parses JSON; a syntax or shape error names the JSON path.
    pub fn from_json(text: &str) -> Result<Problem, Issue> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner().to_string();
            issue(if path == "." { "$".to_string() } else { path }, inner.split(" at line ").next().unwrap_or(&inner).to_string())
        })
    }

    /// The time zone.
    pub fn tz(&self) -> Tz {
        self.timezone.parse().unwrap_or(chrono_tz::Europe::Warsaw)
    }

    /// The days of the horizon.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        (0..self.days).map(|i| self.start + Duration::days(i64::from(i)))
    }

    /// One past the last day.
    pub fn end(&self) -> NaiveDate {
        self.start + Duration::days(i64::from(self.days))
    }

    /// Public holidays used: the list given, or Poland's.
    pub fn holiday_list(&self) -> Vec<NaiveDate> {
        match &self.holidays {
            Some(list) => list.clone(),
            None => calendar::holidays_between(self.start, self.days),
        }
    }

    /// The period's working-time norm, hours.
    pub fn norm_hours(&self) -> u32 {
        calendar::norm_hours(self.start, self.days, &self.holiday_list())
    }

    /// A worker's target in minutes: FTE × norm − 8 h × FTE per Mon–Fri non-holiday leave day.
    pub fn target_minutes(&self, s: &Staff) -> i64 {
        use chrono::Datelike;
        let holidays = self.holiday_list();
        let leave_days = self
            .dates()
            .filter(|d| s.leave.iter().any(|l| l.contains(*d)) && d.weekday().number_from_monday() <= 5 && !holidays.contains(d))
            .count() as i64;
        let fte = i64::from(s.fte_milli);
        (fte * i64::from(self.norm_hours()) * 60 - fte * leave_days * 8 * 60) / 1000
    }

    /// Finds a shift type.
    pub fn shift(&self, id: &str) -> Option<&ShiftType> {
        self.shift_types.iter().find(|s| s.id == id)
    }

    /// Whether a shift touches the night window (for workers who may not work nights).
    pub fn touches_night(&self, shift: &ShiftType, date: NaiveDate) -> bool {
        let (s, e) = shift.interval(date);
        (-1..=1).any(|k| {
            let day = date + Duration::days(k);
            let ns = day.and_time(self.night.start);
            let ne = if self.night.end <= self.night.start { (day + Duration::days(1)).and_time(self.night.end) } else { day.and_time(self.night.end) };
            s < ne && ns < e
        })
    }

    /// Checks what serde cannot: references, ranges and contradictions. Empty = valid.
    pub fn validate(&self) -> Vec<Issue> {
        let mut out = Vec::new();
        if self.version != 1 {
            out.push(issue("version", "only version 1 is known"));
        }
        if self.timezone.parse::<Tz>().is_err() {
            out.push(issue("timezone", format!("unknown time zone '{}'", self.timezone)));
        }
        if self.days == 0 || self.days > 366 {
            out.push(issue("days", "between 1 and 366"));
        }
        if self.slot_minutes < 5 || self.slot_minutes > 240 || 1440 % self.slot_minutes != 0 {
            out.push(issue("slot_minutes", "must divide a day, between 5 and 240"));
        }
        if self.shift_types.is_empty() {
            out.push(issue("shift_types", "at least one shift type"));
        }
        let mut ids = HashSet::new();
        for (i, s) in self.shift_types.iter().enumerate() {
            if !ids.insert(s.id.as_str()) {
                out.push(issue(format!("shift_types[{i}].id"), format!("duplicate shift type '{}'", s.id)));
            }
            if s.wall_minutes() > 12 * 60 {
                out.push(issue(format!("shift_types[{i}]"), format!("shift '{}' lasts {} h; at most 12 h (art. 135)", s.id, s.wall_minutes() as f64 / 60.0)));
            }
        }
        let units: HashSet<&str> = self.units.iter().map(|u| u.id.as_str()).collect();
        if units.len() != self.units.len() {
            out.push(issue("units", "unit ids must be unique"));
        }
        for (i, r) in self.residents.iter().enumerate() {
            if !units.contains(r.unit.as_str()) {
                out.push(issue(format!("residents[{i}].unit"), format!("no unit '{}'", r.unit)));
            }
            for (name, list) in [("away_weekly", &r.away_weekly), ("one_to_one_weekly", &r.one_to_one_weekly)] {
                for (j, w) in list.iter().enumerate() {
                    if w.to <= w.from {
                        out.push(issue(format!("residents[{i}].{name}[{j}].to"), "must be after 'from' on the same day"));
                    }
                }
            }
            for (name, list) in [("away", &r.away), ("one_to_one", &r.one_to_one)] {
                for (j, w) in list.iter().enumerate() {
                    if w.to <= w.from {
                        out.push(issue(format!("residents[{i}].{name}[{j}].to"), "must be after 'from'"));
                    }
                }
            }
        }
        let mut staff_ids = HashSet::new();
        let end = self.end();
        for (i, s) in self.staff.iter().enumerate() {
            let at = format!("staff[{i}]");
            if !staff_ids.insert(s.id.as_str()) {
                out.push(issue(format!("{at}.id"), format!("duplicate staff id '{}'", s.id)));
            }
            if s.units.is_empty() {
                out.push(issue(format!("{at}.units"), "at least one unit"));
            }
            for (j, u) in s.units.iter().enumerate() {
                if !units.contains(u.as_str()) {
                    out.push(issue(format!("{at}.units[{j}]"), format!("no unit '{u}'")));
                }
            }
            for (j, l) in s.leave.iter().enumerate() {
                if l.to < l.from {
                    out.push(issue(format!("{at}.leave[{j}].to"), "must not be before 'from'"));
                }
            }
            for (j, r) in s.requests.iter().enumerate() {
                if let Some(id) = &r.shift {
                    if self.shift(id).is_none() {
                        out.push(issue(format!("{at}.requests[{j}].shift"), format!("no shift type '{id}'")));
                    }
                }
            }
            let mut fixed_days = HashSet::new();
            for (j, f) in s.fixed.iter().enumerate() {
                let fp = format!("{at}.fixed[{j}]");
                if f.date < self.start || f.date >= end {
                    out.push(issue(format!("{fp}.date"), "outside the horizon"));
                }
                if !fixed_days.insert(f.date) {
                    out.push(issue(format!("{fp}.date"), "two fixed shifts on one day; a worker works at most one shift a day"));
                }
                if !s.units.contains(&f.unit) {
                    out.push(issue(format!("{fp}.unit"), format!("'{}' may not work in unit '{}'", s.id, f.unit)));
                }
                match self.shift(&f.shift) {
                    None => out.push(issue(format!("{fp}.shift"), format!("no shift type '{}'", f.shift))),
                    Some(t) => {
                        if !s.nights && self.touches_night(t, f.date) {
                            out.push(issue(fp.clone(), format!("'{}' may not work nights, but shift '{}' touches night time", s.id, t.id)));
                        }
                        let (a, b) = t.interval(f.date);
                        if s.unavailable.iter().any(|u| a < u.to && u.from < b) {
                            out.push(issue(fp.clone(), format!("'{}' is unavailable during the fixed shift", s.id)));
                        }
                    }
                }
                if s.leave.iter().any(|l| l.contains(f.date)) {
                    out.push(issue(fp, format!("a fixed shift on {} falls on leave of '{}'", f.date, s.id)));
                }
            }
        }
        for (i, ses) in self.supervision_sessions.iter().enumerate() {
            if ses.to <= ses.from {
                out.push(issue(format!("supervision_sessions[{i}].to"), "must be after 'from' on the same day"));
            }
            if ses.capacity == 0 {
                out.push(issue(format!("supervision_sessions[{i}].capacity"), "at least 1"));
            }
            if ses.date < self.start || ses.date >= end {
                out.push(issue(format!("supervision_sessions[{i}].date"), "outside the horizon"));
            }
        }
        out
    }
}
