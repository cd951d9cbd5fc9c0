//! Pure rota model, checker and cost formulas (no IO).
#![deny(missing_docs)]
