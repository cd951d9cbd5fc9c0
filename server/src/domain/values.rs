//! Exact decimal quantities that can only be built valid: floor area, FTE, money.
//!
//! JSON carries them as decimal strings (`"15.50"`) or plain numbers (`15.5`); both are parsed
//! through their decimal text, never through floating-point arithmetic.

use std::fmt;
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use super::RuleError;

/// Reads a JSON number or string as an exact decimal.
pub(crate) fn decimal_from_json<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Num(serde_json::Number),
        Str(String),
    }
    let text = match Raw::deserialize(d)? {
        Raw::Num(n) => n.to_string(),
        Raw::Str(s) => s,
    };
    Decimal::from_str(text.trim()).map_err(|_| de::Error::custom(format!("'{text}'{NOT_DECIMAL}")))
}

/// Scales a decimal to an integer count of `1/10^places`, refusing more decimal places.
fn to_scaled(value: Decimal, places: u32) -> Option<i64> {
    let scaled = value * Decimal::from(10i64.pow(places));
    if scaled.fract() != Decimal::ZERO {
        return None;
    }
    scaled.trunc().to_i64()
}

// The rule texts of the values below, in English and Polish. A value read from JSON reaches the
// client through serde, which carries one text only; [`polish`] finds the Polish again.
const AREA_POSITIVE: (&str, &str) = ("area must be greater than 0 m²", "powierzchnia musi być większa niż 0 m²");
const AREA_PLACES: (&str, &str) = ("area has at most 2 decimal places (0.01 m²)", "powierzchnia ma najwyżej 2 miejsca po przecinku (0,01 m²)");
const AREA_MAX: (&str, &str) = ("area must be below 100000 m²", "powierzchnia musi być mniejsza niż 100000 m²");
const FTE_PLACES: (&str, &str) = ("FTE has at most 3 decimal places", "etat ma najwyżej 3 miejsca po przecinku");
const FTE_RANGE: (&str, &str) = ("FTE must be greater than 0 and at most 1.0", "etat musi być większy niż 0 i wynosić najwyżej 1,0");
const MONEY_NEGATIVE: (&str, &str) = ("amount must not be negative", "kwota nie może być ujemna");
const MONEY_PLACES: (&str, &str) = ("amount has at most 2 decimal places (grosze)", "kwota ma najwyżej 2 miejsca po przecinku (grosze)");
const TEXTS: [(&str, &str); 7] = [AREA_POSITIVE, AREA_PLACES, AREA_MAX, FTE_PLACES, FTE_RANGE, MONEY_NEGATIVE, MONEY_PLACES];
const NOT_DECIMAL: &str = " is not a decimal number";

/// The Polish of a value's rule text (as serde passes it on), if it is one of ours.
pub fn polish(message: &str) -> Option<String> {
    if let Some((_, pl)) = TEXTS.iter().find(|(en, _)| *en == message) {
        return Some((*pl).to_string());
    }
    let text = message.strip_suffix(NOT_DECIMAL)?.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(format!("„{text}” nie jest liczbą dziesiętną"))
}

fn rule(text: (&str, &str)) -> RuleError {
    RuleError::new("", text.0, text.1)
}

fn fmt_scaled(f: &mut fmt::Formatter<'_>, v: i64, places: u32) -> fmt::Result {
    let d = Decimal::new(v, places);
    write!(f, "{d:.prec$}", prec = places as usize)
}

/// A floor area in square metres, exact to 0.01 m², strictly positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AreaM2(i64);

impl AreaM2 {
    /// Parses an area: positive, at most two decimal places, below 100 000 m².
    pub fn parse(value: Decimal) -> Result<Self, RuleError> {
        if value <= Decimal::ZERO {
            return Err(rule(AREA_POSITIVE));
        }
        let hundredths = to_scaled(value, 2).ok_or_else(|| rule(AREA_PLACES))?;
        if hundredths >= 10_000_000 {
            return Err(rule(AREA_MAX));
        }
        Ok(Self(hundredths))
    }
    /// From stored hundredths of a square metre.
    pub fn from_hundredths(h: i64) -> Self {
        Self(h)
    }
    /// In hundredths of a square metre (the stored form).
    pub fn hundredths(self) -> i64 {
        self.0
    }
    /// As an exact decimal.
    pub fn decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }
}

impl fmt::Display for AreaM2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_scaled(f, self.0, 2)
    }
}

/// A full-time-equivalent share of a contract, exact to 0.001, in (0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fte(i64);

impl Fte {
    /// Parses an FTE: greater than 0, at most 1, at most three decimal places.
    pub fn parse(value: Decimal) -> Result<Self, RuleError> {
        let milli = to_scaled(value, 3).ok_or_else(|| rule(FTE_PLACES))?;
        if milli <= 0 || milli > 1000 {
            return Err(rule(FTE_RANGE));
        }
        Ok(Self(milli))
    }
    /// From stored thousandths.
    pub fn from_milli(m: i64) -> Self {
        Self(m)
    }
    /// In thousandths (the stored form).
    pub fn milli(self) -> i64 {
        self.0
    }
    /// As an exact decimal.
    pub fn decimal(self) -> Decimal {
        Decimal::new(self.0, 3).normalize()
    }
}

/// An amount of money in Polish złoty, exact to the grosz, never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

impl Money {
    /// Parses an amount: not negative, at most two decimal places.
    pub fn parse(value: Decimal) -> Result<Self, RuleError> {
        if value < Decimal::ZERO {
            return Err(rule(MONEY_NEGATIVE));
        }
        let grosze = to_scaled(value, 2).ok_or_else(|| rule(MONEY_PLACES))?;
        Ok(Self(grosze))
    }
    /// From stored grosze.
    pub fn from_grosze(g: i64) -> Self {
        Self(g)
    }
    /// In grosze (the stored form).
    pub fn grosze(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_scaled(f, self.0, 2)
    }
}

macro_rules! decimal_serde {
    ($t:ty, $ser:expr) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                #[allow(clippy::redundant_closure_call)]
                ($ser)(self, s)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let dec = decimal_from_json(d)?;
                <$t>::parse(dec).map_err(|e| de::Error::custom(e.message))
            }
        }
    };
}

decimal_serde!(AreaM2, |v: &AreaM2, s: S| s.serialize_str(&v.to_string()));
decimal_serde!(Money, |v: &Money, s: S| s.serialize_str(&v.to_string()));
decimal_serde!(Fte, |v: &Fte, s: S| s.serialize_str(&v.decimal().to_string()));

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn area_is_exact_to_the_hundredth() {
        assert_eq!(AreaM2::parse(dec("15.5")).unwrap().hundredths(), 1550);
        assert_eq!(AreaM2::parse(dec("15.5")).unwrap().to_string(), "15.50");
        assert_eq!(AreaM2::parse(dec("0.01")).unwrap().hundredths(), 1);
        assert!(AreaM2::parse(dec("15.505")).is_err());
        assert!(AreaM2::parse(dec("0")).is_err());
        assert_eq!(AreaM2::parse(dec("-3")).unwrap_err().message, "area must be greater than 0 m²");
        assert_eq!(AreaM2::parse(dec("-3")).unwrap_err().message_pl, "powierzchnia musi być większa niż 0 m²");
    }

    #[test]
    fn area_reads_json_numbers_without_float_error() {
        let a: AreaM2 = serde_json::from_str("15.1").unwrap();
        assert_eq!(a.hundredths(), 1510);
        let b: AreaM2 = serde_json::from_str("\"11.25\"").unwrap();
        assert_eq!(b.hundredths(), 1125);
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"11.25\"");
        assert!(serde_json::from_str::<AreaM2>("-1").is_err());
    }

    #[test]
    fn fte_lies_in_zero_to_one() {
        assert_eq!(Fte::parse(dec("0.75")).unwrap().milli(), 750);
        assert_eq!(Fte::parse(dec("1")).unwrap().milli(), 1000);
        assert!(Fte::parse(dec("0")).is_err());
        assert!(Fte::parse(dec("1.01")).is_err());
        assert!(Fte::parse(dec("0.3333")).is_err());
        assert_eq!(serde_json::to_string(&Fte::from_milli(500)).unwrap(), "\"0.5\"");
    }

    #[test]
    fn a_value_rule_read_through_serde_finds_its_polish_again() {
        let e = serde_json::from_str::<AreaM2>("-1").unwrap_err().to_string();
        let en = e.split(" at line ").next().unwrap();
        assert_eq!(polish(en).as_deref(), Some("powierzchnia musi być większa niż 0 m²"));
        let e = serde_json::from_str::<Fte>("\"1.5\"").unwrap_err().to_string();
        assert_eq!(polish(e.split(" at line ").next().unwrap()).as_deref(), Some("etat musi być większy niż 0 i wynosić najwyżej 1,0"));
        let e = serde_json::from_str::<Money>("\"abc\"").unwrap_err().to_string();
        assert_eq!(polish(e.split(" at line ").next().unwrap()).as_deref(), Some("„abc” nie jest liczbą dziesiętną"));
        assert_eq!(polish("something else"), None);
    }

    #[test]
    fn money_is_grosze() {
        assert_eq!(Money::parse(dec("32.5")).unwrap().grosze(), 3250);
        assert_eq!(Money::from_grosze(614779).to_string(), "6147.79");
        assert!(Money::parse(dec("-0.01")).is_err());
        assert!(Money::parse(dec("1.001")).is_err());
    }
}
