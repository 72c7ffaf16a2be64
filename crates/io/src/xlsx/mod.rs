//! Excel workbooks: the form finance staff fill.

pub mod grid;
pub mod layout;
pub mod read;
pub mod write;

pub use read::{WorkbookRead, read_workbook};
pub use write::{WriteOptions, write_workbook};
