//! Findings are [`juesuan_diagnostics`]' typed data; this module re-exports them for the
//! rules and adds what package rules share when they make one.

use rust_decimal::Decimal;

pub use juesuan_diagnostics::{
    Arithmetic, Finding, Location, Part, Quantity, Report, RowRef, Severity, Unit, Value,
};

/// Formats a decimal for messages: as stated, no exponent.
pub fn num(d: Decimal) -> String {
    d.to_string()
}
