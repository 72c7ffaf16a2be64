//! Seeded edits for the form rules.

use super::Edit;

pub const EDITS: &[Edit] = &[];
