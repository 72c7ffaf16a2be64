//! Findings as data, the way annotate-snippets keeps a diagnostic: a rule code, a
//! [`Severity`], a message, a typed [`Location`] (a workbook cell, a table row and column, a
//! project's indicator row, or a page, line, byte span and glyph boxes of a document), the
//! values involved as typed figures, and the arithmetic that failed. Every rule — of a
//! package, a published document, a performance table — is a [`Rule`] entry with a [`Meta`]
//! (code, name, severity, family, documentation in fixed sections) and a check function that
//! writes into a [`Sink`]. One renderer per output format ([`render`]) draws every finding;
//! nothing downstream parses a rendered string back.
//!
//! This crate depends on nothing of juesuan's: the model, the rules, the checker, the
//! performance engine, the review and the workbench all build on it.

mod finding;
mod location;
mod rule;
mod severity;

pub mod render;

pub use finding::{Arithmetic, Finding, Part, Quantity, Report, Unit, Value};
pub use location::{DocPlace, Location, ProjectRef, Rect, RowRef, Source, Span, Subject, TableRef};
pub use rule::{Doc, Family, Meta, Rule, Sink};
pub use severity::Severity;
