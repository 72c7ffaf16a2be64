//! Performance self-evaluation (绩效自评): typed targets and actuals ([`value`]), the
//! scoring engine that recomputes every row of a 项目支出绩效自评表 ([`score`]), the department
//! summary ([`summary`]), the text and CSV the terminal shows ([`report`]), and the tests the
//! audit's performance rules share with the engine ([`funds`]: amounts typed in 元;
//! [`weights`]: first-level weights). The indicator-quality rules (`PQ-…`) are registry
//! entries of `juesuan-rules` built on [`score`]. Depends on the model and the diagnostics
//! only; the CLI, the generator and the workbench read the same results.

pub mod value;

pub use value::{Cmp, Judgement, Parsed, Quantity, Value, When, parse};
pub mod score;

pub use score::{Computed, ProjectScore, RowScore, score_project, score_project_within};
pub mod funds;
pub mod report;
pub mod summary;
pub mod weights;

pub use summary::{Evaluation, Summary, evaluate, evaluate_package, evaluate_within, profile_of};
