//! Resident rules (domain.md §2): adults with a severe-disability certificate, weekly
//! schedules for day programmes and 1:1 support.

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::RuleError;

/// Degree on the disability certificate; only "znaczny" or an equivalent qualifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CertificateDegree {
    /// *znaczny stopień niepełnosprawności*.
    Znaczny,
    /// A legal equivalent (e.g. I disability group, total incapacity for independent living).
    Equivalent,
}

/// Whole years between `born` and `on`.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

/// "rok", "lata" or "lat" after a number of years.
fn years_pl(n: impl Into<i64>) -> &'static str {
    let n = n.into();
    match (n % 10, n % 100) {
        _ if n == 1 => "rok",
        (2..=4, r) if !(12..=14).contains(&r) => "lata",
        _ => "lat",
    }
}

/// WSM residents are adults: 18 or older on `today`.
pub fn check_adult(born: NaiveDate, today: NaiveDate) -> Result<(), RuleError> {
    if born > today {
        return Err(RuleError::new("date_of_birth", "date of birth lies in the future", "data urodzenia wypada w przyszłości"));
    }
    let age = age_on(born, today);
    if age < 18 {
        return Err(RuleError::new(
            "date_of_birth",
            format!("residents must be adults (18 or older); this person is {age}"),
            format!("mieszkańcy muszą być pełnoletni (18 lat lub więcej); ta osoba ma {age} {}", years_pl(age)),
        ));
    }
    Ok(())
}

/// Day of the week in schedules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum WeekDay {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// Kind of day programme a resident attends away from home.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayProgrammeKind {
    /// Środowiskowy dom samopomocy.
    Sds,
    /// Warsztat terapii zajęciowej.
    Wtz,
    /// Zakład aktywności zawodowej.
    Zaz,
    /// Another day centre.
    DayCentre,
    /// Anything else.
    Other,
}

/// A weekly interval: on these days, from..to wall-clock time (Europe/Warsaw), same day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeeklyInterval {
    /// Days of the week.
    pub days: Vec<WeekDay>,
    /// Start, "HH:MM".
    #[schema(value_type = String, example = "08:00")]
    pub from: NaiveTime,
    /// End, "HH:MM", after the start.
    #[schema(value_type = String, example = "15:00")]
    pub to: NaiveTime,
    /// Day programme: which kind (ŚDS, WTZ, ZAZ, day centre, other).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<DayProgrammeKind>,
    /// Day programme: where (name of the provider).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// 1:1 support: why (health data, audited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Checks a weekly schedule; `field` is its JSON name.
pub fn check_weekly(field: &str, intervals: &[WeeklyInterval]) -> Result<(), RuleError> {
    for (i, iv) in intervals.iter().enumerate() {
        let at = format!("{field}[{i}]");
        if iv.days.is_empty() {
            return Err(RuleError::new(format!("{at}.days"), "name at least one day", "wskaż co najmniej jeden dzień"));
        }
        if iv.to <= iv.from {
            return Err(RuleError::new(format!("{at}.to"), "must be after 'from' on the same day", "musi być później niż „od” tego samego dnia"));
        }
        for (j, other) in intervals.iter().enumerate().skip(i + 1) {
            let shares_day = iv.days.iter().any(|d| other.days.contains(d));
            if shares_day && iv.from < other.to && other.from < iv.to {
                return Err(RuleError::new(format!("{field}[{j}]"), format!("overlaps {field}[{i}] on a shared day"), format!("nakłada się na {field}[{i}] w tym samym dniu tygodnia")));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_eighteenth_birthday_makes_an_adult() {
        assert!(check_adult(d("2008-11-23"), d("2026-11-23")).is_ok());
        let e = check_adult(d("2008-11-24"), d("2026-11-23")).unwrap_err();
        assert_eq!(e.field, "date_of_birth");
        assert!(e.message.contains("this person is 17"));
        assert_eq!(e.message_pl, "mieszkańcy muszą być pełnoletni (18 lat lub więcej); ta osoba ma 17 lat");
        assert!(check_adult(d("2024-11-23"), d("2026-11-23")).unwrap_err().message_pl.ends_with("ma 2 lata"));
        assert!(check_adult(d("2030-01-01"), d("2026-11-23")).is_err());
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_on(d("1990-02-28"), d("2026-02-27")), 35);
        assert_eq!(age_on(d("1990-02-28"), d("2026-02-28")), 36);
    }

    #[test]
    fn weekly_schedules_must_be_well_formed() {
        let iv = |days: Vec<WeekDay>, f: &str, t: &str| WeeklyInterval {
            days,
            from: NaiveTime::parse_from_str(f, "%H:%M").unwrap(),
            to: NaiveTime::parse_from_str(t, "%H:%M").unwrap(),
            programme: None,
            place: None,
            reason: None,
        };
        use WeekDay::*;
        assert!(check_weekly("day_programme", &[iv(vec![Mon, Tue], "08:00", "15:00")]).is_ok());
        assert_eq!(check_weekly("x", &[iv(vec![Mon], "15:00", "08:00")]).unwrap_err().field, "x[0].to");
        assert_eq!(check_weekly("x", &[iv(vec![], "08:00", "09:00")]).unwrap_err().field, "x[0].days");
        let e = check_weekly("x", &[iv(vec![Mon, Tue], "08:00", "12:00"), iv(vec![Tue], "11:00", "13:00")]).unwrap_err();
        assert_eq!(e.field, "x[1]");
        assert!(check_weekly("x", &[iv(vec![Mon], "08:00", "12:00"), iv(vec![Tue], "11:00", "13:00")]).is_ok());
    }
}
