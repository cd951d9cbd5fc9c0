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

/// A rule broken by client input: names the field (a JSON path) and the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct RuleError {
    /// JSON path of the offending field, e.g. `items.feeding`.
    pub field: String,
    /// What the rule is, in words a manager understands.
    pub message: String,
}

impl RuleError {
    /// Builds an error for `field` with a message.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }

    /// The same error with `prefix.` put before its field path.
    pub fn under(mut self, prefix: &str) -> Self {
        self.field = if self.field.is_empty() { prefix.to_string() } else { format!("{prefix}.{}", self.field) };
        self
    }
}
