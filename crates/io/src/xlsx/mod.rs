//! Excel workbooks: the form finance staff fill.
//!
//! One module per sheet family holds that family's layout, its reader and its writer side
//! by side, so that a column cannot change on one side only: `tables` (the public
//! tables), `unit` (单位信息), `explanation` (说明数据, 说明填写, 说明文字), `performance`
//! (the 绩效 sheets). [`read`] and [`write`] are the workbook entry points; [`layout`]
//! names the sheets; `common`, `ctx` and `kv` are what the families share.

mod common;
mod ctx;
mod explanation;
pub mod grid;
mod kv;
pub mod layout;
mod performance;
pub mod read;
mod tables;
mod unit;
pub mod write;

pub use read::{WorkbookRead, read_workbook};
pub use write::{WriteOptions, write_workbook};
