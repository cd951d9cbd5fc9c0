//! Admission (concept §II; `001_…` shows the same pipeline with a waiting list): application →
//! assessment → ranking → decision → contract. Steps cannot be skipped or taken backwards.

use serde::{Deserialize, Serialize};

use super::RuleError;

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Filed by the candidate or the legal guardian.
    Application,
    /// Functional assessment done (Barthel total recorded).
    Assessment,
    /// On the ranked waiting list.
    Ranking,
    /// The operator decided, in consultation with the candidate.
    Decision,
    /// Contract signed (open-ended).
    Contract,
}

impl Stage {
    /// The pipeline in order.
    pub const ORDER: [Stage; 5] = [Stage::Application, Stage::Assessment, Stage::Ranking, Stage::Decision, Stage::Contract];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Application => "application",
            Self::Assessment => "assessment",
            Self::Ranking => "ranking",
            Self::Decision => "decision",
            Self::Contract => "contract",
        }
    }
    /// The step's name in Polish (as error messages show it).
    pub fn name_pl(self) -> &'static str {
        match self {
            Self::Application => "wniosek",
            Self::Assessment => "ocena",
            Self::Ranking => "lista rankingowa",
            Self::Decision => "decyzja",
            Self::Contract => "umowa",
        }
    }
    /// Parses a stored code.
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ORDER.into_iter().find(|k| k.code() == s)
    }
    fn index(self) -> usize {
        Self::ORDER.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// Checks a move from `from` to `to`: only the next step; a refused application ends at
/// the decision.
pub fn check_transition(from: Stage, to: Stage, refused: bool) -> Result<(), RuleError> {
    if refused {
        return Err(RuleError::new("to", "the application was refused; it cannot move on", "wniosek odrzucono; nie może przejść dalej"));
    }
    let (f, t) = (from.index(), to.index());
    if t <= f {
        return Err(RuleError::new(
            "to",
            format!("cannot go back from '{}' to '{}'", from.code(), to.code()),
            format!("nie można cofnąć się z etapu „{}” do „{}”", from.name_pl(), to.name_pl()),
        ));
    }
    if t > f + 1 {
        let next = Stage::ORDER[f + 1];
        return Err(RuleError::new(
            "to",
            format!("cannot skip from '{}' to '{}'; the next step is '{}'", from.code(), to.code(), next.code()),
            format!("nie można przeskoczyć z etapu „{}” do „{}”; następny etap to „{}”", from.name_pl(), to.name_pl(), next.name_pl()),
        ));
    }
    Ok(())
}

/// Age and health of the family carers, as the qualification form records them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CarerHealth {
    /// No family carer at all.
    NoCarer,
    /// Carer in poor health or disabled.
    Poor,
    /// Carer with health limits.
    Limited,
    /// Carer in good health.
    Good,
}

/// Support available locally (family, neighbours, services) besides the WSM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LocalSupport {
    /// None.
    None,
    /// Some, not enough.
    Limited,
    /// Enough to keep living at home for now.
    Adequate,
}

/// The ranking inputs of the documented criteria.
#[derive(Debug, Clone, Copy)]
pub struct RankingFacts {
    /// Barthel total from the assessment (lower = more support needed).
    pub barthel_total: u8,
    /// Age of the oldest main family carer, if any.
    pub carer_age: Option<u8>,
    /// Carer's health.
    pub carer_health: CarerHealth,
    /// Local support.
    pub local_support: LocalSupport,
}

/// Priority points (0–100, higher = admitted sooner). The concept ranks by intensity of needed
/// support, life situation, and age and health of family carers; the weights are ours:
/// support intensity up to 50 (`(100 − Barthel) / 2`), carers' age up to 20 (no carer or ≥ 75: 20,
/// 65–74: 15, 55–64: 8), carers' health up to 15, lack of local support up to 15.
pub fn priority_points(f: RankingFacts) -> u32 {
    let intensity = u32::from(100 - f.barthel_total.min(100)) / 2;
    let age = match (f.carer_health, f.carer_age) {
        (CarerHealth::NoCarer, _) => 20,
        (_, Some(a)) if a >= 75 => 20,
        (_, Some(a)) if a >= 65 => 15,
        (_, Some(a)) if a >= 55 => 8,
        _ => 0,
    };
    let health = match f.carer_health {
        CarerHealth::NoCarer | CarerHealth::Poor => 15,
        CarerHealth::Limited => 8,
        CarerHealth::Good => 0,
    };
    let local = match f.local_support {
        LocalSupport::None => 15,
        LocalSupport::Limited => 8,
        LocalSupport::Adequate => 0,
    };
    intensity + age + health + local
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_follows_the_last() {
        for w in Stage::ORDER.windows(2) {
            assert!(check_transition(w[0], w[1], false).is_ok());
        }
    }

    #[test]
    fn skipping_or_going_back_is_refused_with_the_next_step_named() {
        let e = check_transition(Stage::Application, Stage::Ranking, false).unwrap_err();
        assert_eq!(e.field, "to");
        assert_eq!(e.message, "cannot skip from 'application' to 'ranking'; the next step is 'assessment'");
        assert_eq!(e.message_pl, "nie można przeskoczyć z etapu „wniosek” do „lista rankingowa”; następny etap to „ocena”");
        let e = check_transition(Stage::Decision, Stage::Assessment, false).unwrap_err();
        assert_eq!(e.message, "cannot go back from 'decision' to 'assessment'");
        assert!(check_transition(Stage::Ranking, Stage::Ranking, false).is_err());
        assert!(check_transition(Stage::Decision, Stage::Contract, true).is_err());
    }

    #[test]
    fn the_most_dependent_person_with_an_old_ill_carer_and_no_help_ranks_first() {
        let high = priority_points(RankingFacts { barthel_total: 10, carer_age: Some(78), carer_health: CarerHealth::Poor, local_support: LocalSupport::None });
        let low = priority_points(RankingFacts { barthel_total: 90, carer_age: Some(50), carer_health: CarerHealth::Good, local_support: LocalSupport::Adequate });
        assert_eq!(high, 45 + 20 + 15 + 15);
        assert_eq!(low, 5);
        assert_eq!(priority_points(RankingFacts { barthel_total: 0, carer_age: None, carer_health: CarerHealth::NoCarer, local_support: LocalSupport::None }), 100);
    }
}
