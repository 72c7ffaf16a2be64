//! Every rule juesuan has, of every family: the package rules and the performance rules of
//! the audit (`juesuan_rules::ALL`), the indicator-quality rules `juesuan perf` adds
//! (`juesuan_rules::QUALITY`) and the document rules of the checker ([`DOC_RULES`]).
//! `juesuan rules`, `juesuan rule CODE`, the generated rule reference and every report that
//! names a rule read this one list.

use std::sync::LazyLock;

use juesuan_diagnostics::{Family, Meta};

use crate::DOC_RULES;

static ALL: LazyLock<Vec<&'static Meta>> = LazyLock::new(|| {
    let mut all: Vec<&'static Meta> = juesuan_rules::ALL.iter().map(|r| &r.meta).collect();
    all.extend(juesuan_rules::QUALITY.iter().map(|r| &r.meta));
    all.extend(DOC_RULES.iter().map(|r| &r.meta));
    all
});

/// Every rule: package rules, performance and indicator-quality rules, document rules.
pub fn all() -> &'static [&'static Meta] {
    &ALL
}

/// The rules of one family.
pub fn of(family: Family) -> Vec<&'static Meta> {
    ALL.iter().copied().filter(|m| m.family == family).collect()
}

/// The rule with this code (case-insensitive, surrounding spaces ignored).
pub fn find(code: &str) -> Option<&'static Meta> {
    let code = code.trim();
    ALL.iter()
        .copied()
        .find(|m| m.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_across_families() {
        let mut seen = std::collections::HashSet::new();
        for m in all() {
            assert!(seen.insert(m.code), "{} is registered twice", m.code);
        }
        for family in Family::ALL {
            assert!(!of(family).is_empty(), "no {family:?} rules");
        }
        assert_eq!(find(" d-031 ").map(|m| m.code), Some("D-031"));
        assert_eq!(find("PF-003").map(|m| m.family), Some(Family::Performance));
        assert_eq!(find("pq-004").map(|m| m.code), Some("PQ-004"));
    }
}
