//! Seeded edits for the accuracy rules: figures against tables and against each other.

use super::{Edit, Target};

pub const EDITS: &[Edit] = &[Edit {
    target: Target::Seed,
    what: "变动率改错",
    find: "下降20.88%",
    nth: 0,
    replace: "下降21.88%",
    code: "D-030",
}];
