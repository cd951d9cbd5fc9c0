//! Pure domain rules of a WSM (domain.md §1–§3): values that can only be built valid,
//! the Barthel index, the space standards check, admission, and staff vetting.
//!
//! Nothing here touches storage or HTTP; every rule has its unit tests beside it.

pub mod admission;
pub mod barthel;
pub mod resident;
pub mod standards;
pub mod values;
pub mod vetting;

/// A rule broken by client input: names the field (a JSON path) and the rule, in English and
/// in Polish (the app's default language).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct RuleError {
    /// JSON path of the offending field, e.g. `items.feeding`.
    pub field: String,
    /// What the rule is, in words a manager understands (English).
    pub message: String,
    /// The same in Polish.
    pub message_pl: String,
}

impl RuleError {
    /// Builds an error for `field` with its message in English and in Polish.
    pub fn new(field: impl Into<String>, message: impl Into<String>, message_pl: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into(), message_pl: message_pl.into() }
    }

    /// An error from a serde data error's text (which is English): the Polish is found for our
    /// own texts and the common serde shapes, else a Polish lead-in carries the English.
    pub fn from_serde(field: impl Into<String>, message: impl Into<String>) -> Self {
        let message = message.into();
        let message_pl = serde_polish(&message);
        Self { field: field.into(), message, message_pl }
    }

    /// The same error with `prefix.` put before its field path.
    pub fn under(mut self, prefix: &str) -> Self {
        self.field = if self.field.is_empty() { prefix.to_string() } else { format!("{prefix}.{}", self.field) };
        self
    }
}

/// The Polish of a serde data error's text: our own value rules ([`values::polish`]),
/// the common serde shapes (missing, unknown or repeated field, unknown value), the solver's
/// amount texts; anything else keeps serde's English after a Polish lead-in.
pub fn serde_polish(message: &str) -> String {
    fn allowed(rest: &str) -> String {
        let list = rest.strip_prefix("one of ").unwrap_or(rest).replace("` or `", "`, `");
        format!("; dozwolone: {list}")
    }
    if let Some(pl) = values::polish(message) {
        return pl;
    }
    if let Some(name) = message.strip_prefix("missing field ") {
        return format!("brak pola {name}");
    }
    if let Some(name) = message.strip_prefix("duplicate field ") {
        return format!("pole {name} podano dwa razy");
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return match rest.split_once(", expected ") {
            Some((name, expected)) => format!("nieznane pole {name}{}", allowed(expected)),
            None => format!("nieznane pole {}", rest.split(", there are no fields").next().unwrap_or(rest)),
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        return match rest.split_once(", expected ") {
            Some((value, expected)) => format!("nieznana wartość {value}{}", allowed(expected)),
            None => format!("nieznana wartość {rest}"),
        };
    }
    // The solver's `Amount` (money in złoty).
    let quoted = |suffix: &str| message.strip_suffix(suffix).and_then(|m| m.strip_prefix('\'')).and_then(|m| m.strip_suffix('\''));
    if let Some(v) = quoted(" is not an amount") {
        return format!("„{v}” nie jest kwotą");
    }
    if let Some(v) = quoted(" has more than two decimal places (grosze)") {
        return format!("„{v}” ma więcej niż dwa miejsca po przecinku (grosze)");
    }
    if let Some(v) = quoted(" is too large") {
        return format!("„{v}” jest za duże");
    }
    format!("nieprawidłowe dane: {message}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_texts_get_polish() {
        assert_eq!(serde_polish("unknown variant `x`, expected one of `a`, `b`"), "nieznana wartość `x`; dozwolone: `a`, `b`");
        assert_eq!(serde_polish("unknown variant `x`, expected `a` or `b`"), "nieznana wartość `x`; dozwolone: `a`, `b`");
        assert_eq!(serde_polish("area must be greater than 0 m²"), "powierzchnia musi być większa niż 0 m²");
        assert_eq!(serde_polish("'1.234' has more than two decimal places (grosze)"), "„1.234” ma więcej niż dwa miejsca po przecinku (grosze)");
        assert_eq!(serde_polish("missing field `name`"), "brak pola `name`");
        assert_eq!(serde_polish("invalid type: string \"a\", expected u8"), "nieprawidłowe dane: invalid type: string \"a\", expected u8");
        let e = RuleError::from_serde("area_m2", "area must be greater than 0 m²");
        assert_eq!((e.field.as_str(), e.message.as_str(), e.message_pl.as_str()), ("area_m2", "area must be greater than 0 m²", "powierzchnia musi być większa niż 0 m²"));
    }
}
