//! A worker's shifts in the published rotas: for the "my shifts" page and the personal
//! calendar feed (iCalendar, Europe/Warsaw). Only published versions count, the newest of each
//! month; no resident data is ever read here.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Europe::Warsaw;

use crate::store::{Owned, Store, StoreError};

/// One shift of the worker.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    /// Day the shift starts.
    pub date: NaiveDate,
    /// Shift code.
    pub code: String,
    /// Start instant.
    pub start: DateTime<Utc>,
    /// End instant (real time across DST).
    pub end: DateTime<Utc>,
    /// Wall-clock start in Warsaw, "HH:MM".
    pub start_local: String,
    /// Wall-clock end in Warsaw, "HH:MM".
    pub end_local: String,
    /// Unit name.
    pub unit: String,
    /// Co-workers on shift in the same unit at some time of this shift.
    pub coworkers: Vec<String>,
    /// Facility name and address.
    pub facility: (String, String),
    /// The rota version it comes from (number within the month) and when it was published.
    pub version: (i64, DateTime<Utc>),
}

/// The worker's shifts from the first day of `from_month` for `months` months.
pub async fn shifts(store: &dyn Store, staff_id: i64, from_month: NaiveDate, months: u32) -> Result<Vec<Shift>, StoreError> {
    let facility_id = store.facility_of(Owned::Staff, staff_id).await?;
    let facility = store.facility(facility_id).await?;
    let staff = store.staff_list(facility_id, Utc::now().date_naive()).await?;
    let name_of = |id: &str| staff.iter().find(|s| format!("s{}", s.id) == id).map_or(id.to_string(), |s| format!("{} {}", s.first_name, s.last_name));
    let unit_of = |id: &str| facility.units.iter().find(|u| format!("u{}", u.id) == id).map_or(id.to_string(), |u| u.name.clone());
    let me = format!("s{staff_id}");
    let mut out = Vec::new();
    let mut first = from_month.with_day(1).expect("day 1");
    for _ in 0..months {
        let label = first.format("%Y-%m").to_string();
        if let Some(record) = store.published_rota(facility_id, &label).await? {
            let problem: wsm_solver::problem::Problem = serde_json::from_str(&record.problem).map_err(|e| StoreError::Corrupt(format!("rota {} problem: {e}", record.id)))?;
            let rota: wsm_solver::rota::Rota = serde_json::from_str(&record.rota).map_err(|e| StoreError::Corrupt(format!("rota {}: {e}", record.id)))?;
            let tz = problem.tz();
            let span = |a: &wsm_solver::rota::Assignment| {
                problem.shift(&a.shift).map(|t| {
                    let (s, e) = t.interval(a.date);
                    (wsm_solver::calendar::instant(tz, s).with_timezone(&Utc), wsm_solver::calendar::instant(tz, e).with_timezone(&Utc))
                })
            };
            for a in rota.assignments.iter().filter(|a| a.staff == me) {
                let Some((start, end)) = span(a) else { continue };
                let mut coworkers: Vec<String> =
                    rota.assignments.iter().filter(|b| b.staff != me && b.unit == a.unit).filter(|b| span(b).is_some_and(|(s, e)| s < end && start < e)).map(|b| name_of(&b.staff)).collect();
                coworkers.sort();
                coworkers.dedup();
                out.push(Shift {
                    date: a.date,
                    code: a.shift.clone(),
                    start,
                    end,
                    start_local: start.with_timezone(&Warsaw).format("%H:%M").to_string(),
                    end_local: end.with_timezone(&Warsaw).format("%H:%M").to_string(),
                    unit: unit_of(&a.unit),
                    coworkers,
                    facility: (facility.name.clone(), facility.address.clone()),
                    version: (record.number, record.published_at.unwrap_or(record.created_at)),
                });
            }
        }
        first = first.checked_add_months(chrono::Months::new(1)).expect("a next month");
    }
    out.sort_by_key(|s| s.start);
    Ok(out)
}

/// Escapes a text value (RFC 5545 §3.3.11).
fn text(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if len + n > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += n;
    }
    out.push_str("\r\n");
    out
}

/// The iCalendar feed of a worker's shifts, with the Europe/Warsaw time zone defined, each
/// event keyed by worker and day (a new published version updates it: higher SEQUENCE).
pub fn ical(staff_id: i64, shifts: &[Shift], calendar_name: &str) -> String {
    let local = |t: DateTime<Utc>| t.with_timezone(&Warsaw).format("%Y%m%dT%H%M%S").to_string();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//WSM Ops//Grafik//PL".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", text(calendar_name)),
        "X-WR-TIMEZONE:Europe/Warsaw".into(),
        "REFRESH-INTERVAL;VALUE=DURATION:PT4H".into(),
        "X-PUBLISHED-TTL:PT4H".into(),
        "BEGIN:VTIMEZONE".into(),
        "TZID:Europe/Warsaw".into(),
        "BEGIN:DAYLIGHT".into(),
        "TZOFFSETFROM:+0100".into(),
        "TZOFFSETTO:+0200".into(),
        "TZNAME:CEST".into(),
        "DTSTART:19700329T020000".into(),
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU".into(),
        "END:DAYLIGHT".into(),
        "BEGIN:STANDARD".into(),
        "TZOFFSETFROM:+0200".into(),
        "TZOFFSETTO:+0100".into(),
        "TZNAME:CET".into(),
        "DTSTART:19701025T030000".into(),
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU".into(),
        "END:STANDARD".into(),
        "END:VTIMEZONE".into(),
    ];
    for s in shifts {
        let hours = (s.end - s.start).num_minutes() as f64 / 60.0;
        let others = if s.coworkers.is_empty() { String::new() } else { format!("\nRazem z: {}", s.coworkers.join(", ")) };
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:wsm-s{staff_id}-{}@wsm-ops", s.date.format("%Y%m%d")),
            format!("DTSTAMP:{}", s.version.1.format("%Y%m%dT%H%M%SZ")),
            format!("SEQUENCE:{}", s.version.0),
            format!("DTSTART;TZID=Europe/Warsaw:{}", local(s.start)),
            format!("DTEND;TZID=Europe/Warsaw:{}", local(s.end)),
            format!("SUMMARY:{}", text(&format!("Dyżur {} {}–{} · {}", s.code, s.start_local, s.end_local, s.unit))),
            format!("LOCATION:{}", text(&format!("{}, {}", s.facility.0, s.facility.1))),
            format!("DESCRIPTION:{}", text(&format!("{:.0} h pracy{}", hours, others))),
            "TRANSP:OPAQUE".into(),
            "END:VEVENT".into(),
        ]);
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect()
}

/// The months a feed covers: the previous one, this one and the next two.
pub fn feed_start(today: NaiveDate) -> NaiveDate {
    today.with_day(1).expect("day 1") - Duration::days(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shift(date: &str, code: &str, start: &str, end: &str) -> Shift {
        let p = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let (start, end) = (p(start), p(end));
        Shift {
            date: date.parse().unwrap(),
            code: code.into(),
            start,
            end,
            start_local: start.with_timezone(&Warsaw).format("%H:%M").to_string(),
            end_local: end.with_timezone(&Warsaw).format("%H:%M").to_string(),
            unit: "Zespół A".into(),
            coworkers: vec!["Anna Nowak".into()],
            facility: ("WSM Dom pod Lipami".into(), "ul. Lipowa 12, 20-020 Lublin".into()),
            version: (2, p("2026-10-20T10:00:00Z")),
        }
    }

    #[test]
    fn the_october_night_is_a_thirteen_hour_event_in_warsaw_time() {
        // 24 Oct 19:00 CEST (17:00Z) to 25 Oct 07:00 CET (06:00Z): 13 real hours.
        let s = shift("2026-10-24", "N", "2026-10-24T17:00:00Z", "2026-10-25T06:00:00Z");
        let feed = ical(7, &[s], "Moje dyżury");
        assert!(feed.contains("DTSTART;TZID=Europe/Warsaw:20261024T190000\r\n"), "{feed}");
        assert!(feed.contains("DTEND;TZID=Europe/Warsaw:20261025T070000\r\n"), "{feed}");
        assert!(feed.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Warsaw"), "{feed}");
        assert!(feed.contains("UID:wsm-s7-20261024@wsm-ops"));
        assert!(feed.contains("SEQUENCE:2"));
        assert!(feed.contains("13 h pracy"), "{feed}");
        // Commas are escaped, lines end in CRLF and no line is longer than 75 octets.
        assert!(feed.contains("LOCATION:WSM Dom pod Lipami\\, ul. Lipowa 12\\, 20-020 Lublin"), "{feed}");
        assert!(feed.split("\r\n").all(|l| l.len() <= 75), "{feed}");
        assert!(feed.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn long_lines_fold_without_splitting_a_character() {
        let folded = fold(&format!("SUMMARY:{}", "żółć ".repeat(30)));
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), format!("SUMMARY:{}", "żółć ".repeat(30)).trim_end());
    }
}
