//! What several of the reader's test files (and an example) share.
// Each test file uses part of it.
#![allow(dead_code)]

pub mod bombs;
pub mod office;
pub mod pdf;
