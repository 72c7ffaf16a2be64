//! One renderer per output format, each drawing from the typed [`crate::Finding`]: compiler-
//! style text ([`text`]), JSON ([`json`]), CSV for Excel ([`csv`]), HTML fragments
//! ([`html`]); and the rule documentation ([`rules`]: the list, one rule's sections, the
//! Markdown reference).

pub mod csv;
pub mod html;
pub mod json;
pub mod rules;
pub mod text;
