//! Every rule juesuan has, of every family: the package rules and the performance rules of
//! the audit (`juesuan_rules::ALL`), the 预算 ↔ 决算 comparison rules
//! (`juesuan_rules::compare::RULES`) and the document rules of the checker ([`DOC_RULES`]).
//! `juesuan rules`, `juesuan rule CODE`, the generated rule reference and every report that
//! names a rule read this one list.

use std::sync::LazyLock;

use juesuan_diagnostics::{Family, Meta};

use crate::DOC_RULES;

static ALL: LazyLock<Vec<&'static Meta>> = LazyLock::new(|| {
    let mut all: Vec<&'static Meta> = juesuan_rules::ALL
        .iter()
        .chain(juesuan_rules::QUALITY)
        .map(|r| &r.meta)
        .collect();
    all.extend(DOC_RULES.iter().map(|r| &r.meta));
    all.extend(juesuan_rules::compare::RULES.iter().map(|r| &r.meta));
    all.extend(juesuan_rules::against::RULES.iter().map(|r| &r.meta));
    all.sort_by_key(|m| order(m.code));
    all
});

/// Listing order: by family of codes (tables T1…T12 by number, then X, C, E, P, PF, PQ, B, D, A),
/// then by number.
fn order(code: &str) -> (usize, u32, u32) {
    const PREFIXES: [&str; 10] = ["T", "X", "C", "E", "P", "PF", "PQ", "B", "D", "A"];
    let (prefix, number) = code.split_once('-').unwrap_or((code, ""));
    let letters: String = prefix
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let table: u32 = prefix[letters.len()..].parse().unwrap_or(0);
    let family = PREFIXES
        .iter()
        .position(|p| *p == letters)
        .unwrap_or(PREFIXES.len());
    (family, table, number.parse().unwrap_or(0))
}

/// Every rule: package rules, performance rules, budget comparison rules, document rules.
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
        assert_eq!(find("PQ-001").map(|m| m.family), Some(Family::Performance));
        let codes: Vec<&str> = all().iter().map(|m| m.code).collect();
        let pos = |c: &str| codes.iter().position(|x| *x == c).unwrap_or(usize::MAX);
        assert!(pos("T4-001") < pos("T5-001") && pos("T9-001") < pos("T10-001"));
        assert!(pos("P-002") < pos("PF-001") && pos("PF-022") < pos("PQ-001"));
        assert_eq!(find("PF-003").map(|m| m.family), Some(Family::Performance));
    }
}
