//! The data model of juesuan: one unit-year of final accounts (a *package*), its money and
//! classification codes, the catalogs of codes, and the regional profiles.
//!
//! Everything else (readers, the audit, the generator, the checker, the server) depends on
//! this crate and on nothing else of juesuan. See `docs/ARCHITECTURE.md`.

pub mod amount;
pub mod catalog;
pub mod code;
pub mod explanation;
pub mod fields;
pub mod messages;
pub mod package;
pub mod performance;
pub mod profile;
pub mod summary;
pub mod tables;
pub mod text;

pub use amount::{Amount, AmountError, Change, Direction, MoneyUnit, round_half_up};
pub use catalog::{Catalog, CatalogEntry, CatalogError};
pub use code::{Classification, Code, CodeError, CodeMap, CodeSet, Level};
pub use explanation::{Explanation, Remark, Subject, ThreePublicItem};
pub use fields::{Cell, CellKind, CellValue, CodedRecord, FieldDef, Figure, Record};
pub use package::{FORMAT, MemberUnit, Notice, Package, PriorYear, Severity, Unit};
pub use performance::{
    DepartmentEvaluation, Funds, FundsLine, Indicator, Performance, PerformanceManagement,
    ProjectEvaluation, ProjectTarget, TargetFunds, TextBlock,
};
pub use profile::{
    DetailDef, DisclosureKind, Family, GlossaryDef, GradeBand, LineLevel, PieceDef, Profile,
    ReasonPolicy, ReasonSubject, StatementDef, StatementTopic, StatementWhen, TableStyle,
};
pub use summary::PackageSummary;
pub use tables::{Coverage, TableKind, Tables};
