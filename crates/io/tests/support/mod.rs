//! What several of the reader's test files share.

pub mod pdf;
