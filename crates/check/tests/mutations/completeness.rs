//! Seeded edits for the completeness rules.

use super::Edit;

pub const EDITS: &[Edit] = &[];
