//! Employment checks (domain.md §3): a worker lacking any current check may not be rostered
//! for direct support.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The four checks every direct-support worker needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// Criminal-record certificate (KRK): no conviction for an intentional offence.
    CriminalRecord,
    /// Register of sexual offenders.
    SexOffenderRegister,
    /// Not deprived of or limited in parental authority.
    ParentalAuthority,
    /// Fulfils any maintenance obligation.
    Maintenance,
}

/// All checks, in display order.
pub const ALL_CHECKS: [CheckKind; 4] = [CheckKind::CriminalRecord, CheckKind::SexOffenderRegister, CheckKind::ParentalAuthority, CheckKind::Maintenance];

impl CheckKind {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::CriminalRecord => "criminal_record",
            Self::SexOffenderRegister => "sex_offender_register",
            Self::ParentalAuthority => "parental_authority",
            Self::Maintenance => "maintenance",
        }
    }
    /// Parses a stored code.
    pub fn from_code(s: &str) -> Option<Self> {
        ALL_CHECKS.into_iter().find(|k| k.code() == s)
    }
}

/// One recorded check, as the rule sees it.
#[derive(Debug, Clone)]
pub struct CheckFacts {
    /// Which check.
    pub kind: CheckKind,
    /// When it was done.
    pub checked_on: NaiveDate,
    /// When it stops being valid, if ever.
    pub expires_on: Option<NaiveDate>,
}

/// Whether a worker may be rostered, and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Rosterability {
    /// True only when every check is present and current.
    pub rosterable: bool,
    /// Checks never recorded.
    pub missing: Vec<CheckKind>,
    /// Checks whose newest record has expired.
    pub expired: Vec<CheckKind>,
}

/// Evaluates the checks on `today`: the newest record of each kind counts.
pub fn rosterability(checks: &[CheckFacts], today: NaiveDate) -> Rosterability {
    let mut missing = Vec::new();
    let mut expired = Vec::new();
    for kind in ALL_CHECKS {
        let newest = checks.iter().filter(|c| c.kind == kind && c.checked_on <= today).max_by_key(|c| c.checked_on);
        match newest {
            None => missing.push(kind),
            Some(c) if c.expires_on.is_some_and(|e| e < today) => expired.push(kind),
            Some(_) => {}
        }
    }
    Rosterability { rosterable: missing.is_empty() && expired.is_empty(), missing, expired }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn all_clear() -> Vec<CheckFacts> {
        ALL_CHECKS.into_iter().map(|kind| CheckFacts { kind, checked_on: d("2026-01-10"), expires_on: None }).collect()
    }

    #[test]
    fn a_worker_with_all_four_current_checks_is_rosterable() {
        let r = rosterability(&all_clear(), d("2026-11-23"));
        assert!(r.rosterable);
    }

    #[test]
    fn a_missing_check_blocks_rostering_and_is_named() {
        let mut c = all_clear();
        c.retain(|c| c.kind != CheckKind::SexOffenderRegister);
        let r = rosterability(&c, d("2026-11-23"));
        assert!(!r.rosterable);
        assert_eq!(r.missing, vec![CheckKind::SexOffenderRegister]);
    }

    #[test]
    fn an_expired_check_blocks_until_renewed() {
        let mut c = all_clear();
        c[0].expires_on = Some(d("2026-11-22"));
        let r = rosterability(&c, d("2026-11-23"));
        assert_eq!(r.expired, vec![CheckKind::CriminalRecord]);
        // Still valid on its expiry day.
        assert!(rosterability(&c, d("2026-11-22")).rosterable);
        c.push(CheckFacts { kind: CheckKind::CriminalRecord, checked_on: d("2026-11-20"), expires_on: Some(d("2027-11-20")) });
        assert!(rosterability(&c, d("2026-11-23")).rosterable);
    }

    #[test]
    fn a_check_dated_in_the_future_does_not_count_yet() {
        let mut c = all_clear();
        c[1].checked_on = d("2026-12-01");
        assert_eq!(rosterability(&c, d("2026-11-23")).missing, vec![CheckKind::SexOffenderRegister]);
    }
}
