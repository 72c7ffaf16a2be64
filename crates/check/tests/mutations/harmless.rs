//! Edits that change nothing a reader would call an error: reflow and spacing.

use super::{Edit, Target};

pub const EDITS: &[Edit] = &[Edit {
    target: Target::Seed,
    what: "句末多一个空格",
    find: "下降20.88%",
    nth: 0,
    replace: "下降20.88% ",
    code: "",
}];
