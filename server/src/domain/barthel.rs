//! The Barthel index (Mahoney & Barthel 1965): ten items, each with its own set of valid
//! scores, total 0–100 (domain.md §2).

use serde::{Deserialize, Serialize};

use super::RuleError;

/// The ten Barthel items with the only scores each may take, in form order.
pub const ITEMS: [(&str, &[u8]); 10] = [
    ("feeding", &[0, 5, 10]),
    ("transfers", &[0, 5, 10, 15]),
    ("grooming", &[0, 5]),
    ("toilet_use", &[0, 5, 10]),
    ("bathing", &[0, 5]),
    ("mobility", &[0, 5, 10, 15]),
    ("stairs", &[0, 5, 10]),
    ("dressing", &[0, 5, 10]),
    ("bowels", &[0, 5, 10]),
    ("bladder", &[0, 5, 10]),
];

/// An item's name in Polish (as the assessment form shows it).
fn item_pl(name: &str) -> &str {
    match name {
        "feeding" => "Spożywanie posiłków",
        "transfers" => "Przemieszczanie się z łóżka na wózek i z powrotem",
        "grooming" => "Utrzymanie higieny osobistej",
        "toilet_use" => "Korzystanie z toalety",
        "bathing" => "Mycie całego ciała",
        "mobility" => "Poruszanie się po płaskiej powierzchni",
        "stairs" => "Wchodzenie i schodzenie po schodach",
        "dressing" => "Ubieranie się i rozbieranie",
        "bowels" => "Kontrolowanie stolca",
        "bladder" => "Kontrolowanie moczu",
        other => other,
    }
}

/// The Ministry of Health's admission threshold for a nursing home (ZOL): total ≤ 40.
pub const ZOL_THRESHOLD: u8 = 40;

/// One assessment's ten item scores. Build it with [`BarthelScores::validate`] after parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BarthelScores {
    /// Feeding: 0, 5, 10.
    pub feeding: u8,
    /// Moving from wheelchair to bed and back: 0, 5, 10, 15.
    pub transfers: u8,
    /// Personal grooming: 0, 5.
    pub grooming: u8,
    /// Toilet use: 0, 5, 10.
    pub toilet_use: u8,
    /// Bathing: 0, 5.
    pub bathing: u8,
    /// Walking on level surface (or wheelchair 5): 0, 5, 10, 15.
    pub mobility: u8,
    /// Stairs: 0, 5, 10.
    pub stairs: u8,
    /// Dressing: 0, 5, 10.
    pub dressing: u8,
    /// Bowels: 0, 5, 10.
    pub bowels: u8,
    /// Bladder: 0, 5, 10.
    pub bladder: u8,
}

impl BarthelScores {
    fn values(&self) -> [u8; 10] {
        [
            self.feeding,
            self.transfers,
            self.grooming,
            self.toilet_use,
            self.bathing,
            self.mobility,
            self.stairs,
            self.dressing,
            self.bowels,
            self.bladder,
        ]
    }

    /// Checks every item against its allowed scores; the first wrong one is named.
    pub fn validate(&self) -> Result<(), RuleError> {
        for ((name, allowed), value) in ITEMS.iter().zip(self.values()) {
            if !allowed.contains(&value) {
                let list: Vec<String> = allowed.iter().map(u8::to_string).collect();
                return Err(RuleError::new(
                    format!("items.{name}"),
                    format!("Barthel item '{name}' allows only {}; got {value}", list.join(", ")),
                    format!("pozycja skali Barthel „{}” dopuszcza tylko {}; podano {value}", item_pl(name), list.join(", ")),
                ));
            }
        }
        Ok(())
    }

    /// The total, 0–100.
    pub fn total(&self) -> u8 {
        self.values().iter().sum()
    }
}

/// One interpretation band: totals `from..=to` read as `label`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Band {
    /// Lowest total in the band.
    pub from: u8,
    /// Highest total in the band.
    pub to: u8,
    /// Stable key of the band.
    pub key: String,
    /// Polish label.
    pub label_pl: String,
    /// English label.
    pub label_en: String,
}

/// The band table is a setting because Polish sources differ (domain.md §2); the default is
/// 0–20 / 21–85 / 86–100.
pub fn default_bands() -> Vec<Band> {
    let band = |from, to, key: &str, pl: &str, en: &str| Band {
        from,
        to,
        key: key.into(),
        label_pl: pl.into(),
        label_en: en.into(),
    };
    vec![
        band(0, 20, "severe", "stan pacjenta ciężki (całkowicie zależny)", "severe (totally dependent)"),
        band(21, 85, "moderate", "stan pacjenta średnio ciężki", "moderate dependency"),
        band(86, 100, "light", "stan pacjenta lekki", "light dependency"),
    ]
}

/// The band a total falls in.
pub fn band_for(total: u8, bands: &[Band]) -> Option<&Band> {
    bands.iter().find(|b| b.from <= total && total <= b.to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(v: u8) -> BarthelScores {
        BarthelScores {
            feeding: v,
            transfers: v,
            grooming: v.min(5),
            toilet_use: v,
            bathing: v.min(5),
            mobility: v,
            stairs: v,
            dressing: v,
            bowels: v,
            bladder: v,
        }
    }

    #[test]
    fn a_fully_independent_person_scores_100() {
        let s = BarthelScores { transfers: 15, mobility: 15, ..all(10) };
        s.validate().unwrap();
        assert_eq!(s.total(), 100);
        assert_eq!(band_for(100, &default_bands()).unwrap().key, "light");
    }

    #[test]
    fn a_wrong_score_names_the_item_and_its_allowed_values() {
        let s = BarthelScores { grooming: 10, ..all(0) };
        let e = s.validate().unwrap_err();
        assert_eq!(e.field, "items.grooming");
        assert_eq!(e.message, "Barthel item 'grooming' allows only 0, 5; got 10");
        assert_eq!(e.message_pl, "pozycja skali Barthel „Utrzymanie higieny osobistej” dopuszcza tylko 0, 5; podano 10");
        let s = BarthelScores { feeding: 7, ..all(0) };
        assert_eq!(s.validate().unwrap_err().field, "items.feeding");
        let s = BarthelScores { transfers: 20, ..all(0) };
        assert!(s.validate().unwrap_err().message.contains("0, 5, 10, 15"));
    }

    #[test]
    fn bands_follow_the_default_table_and_the_zol_threshold() {
        let b = default_bands();
        assert_eq!(band_for(0, &b).unwrap().key, "severe");
        assert_eq!(band_for(20, &b).unwrap().key, "severe");
        assert_eq!(band_for(21, &b).unwrap().key, "moderate");
        assert_eq!(band_for(85, &b).unwrap().key, "moderate");
        assert_eq!(band_for(86, &b).unwrap().key, "light");
        let s = all(5);
        assert_eq!(s.total(), 50);
        assert!(s.total() > ZOL_THRESHOLD);
    }
}
