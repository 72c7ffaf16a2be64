//! Performance self-evaluation (绩效自评): typed targets and actuals ([`value`]), the
//! scoring engine that recomputes every row of a 项目支出绩效自评表 ([`score`]), indicator
//! quality ([`quality`]), the department summary ([`summary`]) and the text and CSV the
//! terminal shows ([`report`]). Depends on the model only; the CLI, the generator and the
//! workbench read the same results.

pub mod value;

pub use value::{Cmp, Judgement, Parsed, Quantity, Value, When, parse};
pub mod score;

pub use score::{Computed, ProjectScore, RowScore, score_project};
pub mod quality;
pub mod report;
pub mod summary;

pub use quality::{Concern, Note, review};
pub use summary::{Evaluation, Summary, evaluate, evaluate_package, profile_of};
