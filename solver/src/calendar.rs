//! Dates and times as Polish labour law counts them.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Weekday};
use chrono_tz::Tz;

/// Easter Sunday (Gregorian, anonymous algorithm).
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a valid date")
}

/// Public holidays in Poland (ustawa o dniach wolnych od pracy), 24 December from 2025.
pub fn polish_holidays(year: i32) -> Vec<NaiveDate> {
    let d = |m, day| NaiveDate::from_ymd_opt(year, m, day).expect("fixed holiday");
    let e = easter(year);
    let mut out = vec![
        d(1, 1),
        d(1, 6),
        e,
        e + Duration::days(1),
        d(5, 1),
        d(5, 3),
        e + Duration::days(49),
        e + Duration::days(60),
        d(8, 15),
        d(11, 1),
        d(11, 11),
        d(12, 25),
        d(12, 26),
    ];
    if year >= 2025 {
        out.push(d(12, 24));
    }
    out.sort();
    out
}

/// Holidays of every year a period touches.
pub fn holidays_between(start: NaiveDate, days: u32) -> Vec<NaiveDate> {
    let end = start + Duration::days(i64::from(days));
    (start.year()..=end.year()).flat_map(polish_holidays).filter(|h| *h >= start && *h < end).collect()
}

/// The working-time norm of a settlement period (art. 130 KP): 40 h × full weeks + 8 h ×
/// the remaining Monday–Friday days − 8 h for each holiday falling on a day other than Sunday.
pub fn norm_hours(start: NaiveDate, days: u32, holidays: &[NaiveDate]) -> u32 {
    let full_weeks = days / 7;
    let rest = (full_weeks * 7..days).map(|i| start + Duration::days(i64::from(i))).filter(|d| d.weekday().number_from_monday() <= 5).count() as u32;
    let end = start + Duration::days(i64::from(days));
    let off = holidays.iter().filter(|h| **h >= start && **h < end && h.weekday() != Weekday::Sun).count() as u32;
    (40 * full_weeks + 8 * rest).saturating_sub(8 * off)
}

/// The instant a wall-clock time names. A time skipped by the spring change is moved forward
/// past the gap; a time repeated in autumn is its first occurrence.
pub fn instant(tz: Tz, local: NaiveDateTime) -> chrono::DateTime<Tz> {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t,
        chrono::LocalResult::Ambiguous(first, _) => first,
        chrono::LocalResult::None => {
            let later = local + Duration::hours(1);
            tz.from_local_datetime(&later).earliest().unwrap_or_else(|| tz.from_utc_datetime(&local))
        }
    }
}

/// Real elapsed minutes between two wall-clock times.
pub fn elapsed_minutes(tz: Tz, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
    (instant(tz, to) - instant(tz, from)).num_minutes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn easter_and_the_moveable_feasts() {
        assert_eq!(easter(2024), d("2024-03-31"));
        assert_eq!(easter(2025), d("2025-04-20"));
        assert_eq!(easter(2026), d("2026-04-05"));
        let h = polish_holidays(2026);
        assert!(h.contains(&d("2026-04-06")), "Easter Monday");
        assert!(h.contains(&d("2026-05-24")), "Pentecost");
        assert!(h.contains(&d("2026-06-04")), "Corpus Christi");
        assert_eq!(h.len(), 14);
    }

    #[test]
    fn christmas_eve_is_a_holiday_from_2025() {
        assert!(!polish_holidays(2024).contains(&d("2024-12-24")));
        assert!(polish_holidays(2025).contains(&d("2025-12-24")));
    }

    #[test]
    fn monthly_norms_follow_article_130() {
        let norm = |s: &str, days| norm_hours(d(s), days, &holidays_between(d(s), days));
        assert_eq!(norm("2025-01-01", 31), 168, "Jan 2025: 1 and 6 Jan off");
        assert_eq!(norm("2026-03-01", 31), 176, "Mar 2026: no holidays");
        assert_eq!(norm("2026-11-01", 30), 160, "Nov 2026: 1 Nov is a Sunday, 11 Nov a Wednesday");
        assert_eq!(norm("2026-12-01", 31), 160, "Dec 2026: 24, 25 and 26 Dec; a Saturday holiday also lowers the norm");
        assert_eq!(norm("2026-02-01", 28), 160);
    }

    #[test]
    fn dst_nights_last_eleven_and_thirteen_hours() {
        let tz = chrono_tz::Europe::Warsaw;
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(elapsed_minutes(tz, at("2026-03-28 19:00"), at("2026-03-29 07:00")), 11 * 60);
        assert_eq!(elapsed_minutes(tz, at("2026-10-24 19:00"), at("2026-10-25 07:00")), 13 * 60);
        assert_eq!(elapsed_minutes(tz, at("2026-12-01 19:00"), at("2026-12-02 07:00")), 12 * 60);
        // 02:30 does not exist on 29 March: it is read as 03:30 CEST.
        assert_eq!(instant(tz, at("2026-03-29 02:30")).to_rfc3339(), "2026-03-29T03:30:00+02:00");
    }
}
