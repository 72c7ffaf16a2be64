//! What the explanation still needs from people: each line whose change the profile wants
//! explained without a reason (E-001), and each item line whose use it wants stated
//! without one (E-007) — the rows `juesuan reasons` writes into the 说明填写 sheet. The
//! two rules and this list are the same computation, so the sheet asks for exactly what
//! the audit reports.

use juesuan_model::{Catalog, Package, Subject};

use crate::Ctx;
use crate::rules::explanation;

/// One line that needs a reason, a use or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needed {
    /// What is to be explained.
    pub subject: Subject,
    /// Its name for people: `一般公共服务支出（类）201`.
    pub name: String,
    /// Its 事项 cell in the 说明填写 sheet (read back as `subject`).
    pub sheet_key: String,
    /// The two figures and the change: `决算1030.00万元，比年初预算1000.00万元增加30.00万元`.
    pub comparison: Option<String>,
    /// A reason (主要原因) is missing.
    pub reason: bool,
    /// A use (主要用于) is missing.
    pub usage: bool,
}

/// The lines the explanation still needs a reason or a use for, in the audit's order.
pub fn needed(pkg: &Package, catalog: &Catalog) -> Vec<Needed> {
    let ctx = Ctx::new(pkg, catalog);
    let mut out: Vec<Needed> = Vec::new();
    let entry = |subject: Subject| Needed {
        subject,
        name: explanation::subject_name(&ctx, subject),
        sheet_key: explanation::sheet_key(&ctx, subject),
        comparison: None,
        reason: false,
        usage: false,
    };
    for (subject, c) in explanation::missing_reason_subjects(&ctx) {
        let mut n = entry(subject);
        n.comparison = Some(explanation::describe_comparison(&c));
        n.reason = true;
        out.push(n);
    }
    for subject in explanation::missing_usage_subjects(&ctx) {
        match out.iter_mut().find(|n| n.subject == subject) {
            Some(n) => n.usage = true,
            None => {
                let mut n = entry(subject);
                n.usage = true;
                out.push(n);
            }
        }
    }
    out
}
