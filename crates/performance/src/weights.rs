//! The weights of a project's first-level indicators (产出, 效益, 满意度) against the profile's
//! defaults: one test, used by the audit rule that reports it (PF-006).

use juesuan_model::{Profile, ProjectEvaluation};
use rust_decimal::Decimal;

/// The first-level groups, in table order: (what the 一级指标 contains, its name).
pub const GROUPS: [(&str, &str); 3] = [
    ("产出", "产出指标"),
    ("效益", "效益指标"),
    ("满意", "满意度指标"),
];

/// Which first-level group an 一级指标 belongs to (`效果指标` counts as 效益).
pub fn group(level1: &str) -> Option<usize> {
    // Most names have no spaces: no allocation for them.
    let l: std::borrow::Cow<str> = if level1.contains(char::is_whitespace) {
        level1.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        level1.into()
    };
    if l.contains("产出") {
        Some(0)
    } else if l.contains("效益") || l.contains("效果") {
        Some(1)
    } else if l.contains("满意") {
        Some(2)
    } else {
        None
    }
}

/// The sums of the weights of each first-level group, from the rows with a numeric weight;
/// `None` when no row has one.
pub fn first_level_sums(p: &ProjectEvaluation) -> Option<[Decimal; 3]> {
    sums_of(p.indicators.iter().map(|i| {
        (
            i.level1.as_deref(),
            i.weight.as_ref().and_then(juesuan_model::Figure::number),
        )
    }))
}

/// [`first_level_sums`] from rows whose weights are already parsed: (一级指标, 分值).
pub fn sums_of<'a>(
    rows: impl Iterator<Item = (Option<&'a str>, Option<Decimal>)>,
) -> Option<[Decimal; 3]> {
    let mut sums = [Decimal::ZERO; 3];
    let mut any = false;
    for (level1, w) in rows {
        if let (Some(w), Some(g)) = (w, level1.and_then(group)) {
            sums[g] += w;
            any = true;
        }
    }
    any.then_some(sums)
}

/// A first-level group whose weight is 10 or more away from the profile's default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deviation {
    /// `产出指标`.
    pub name: &'static str,
    /// Σ weights found.
    pub found: Decimal,
    /// The profile's default.
    pub default: Decimal,
}

/// The first-level groups of a project whose weights are far from the profile's defaults.
pub fn deviations(p: &ProjectEvaluation, profile: &Profile) -> Vec<Deviation> {
    match first_level_sums(p) {
        Some(sums) => deviations_of(sums, profile),
        None => Vec::new(),
    }
}

/// The groups among `sums` (产出, 效益, 满意度) far from the profile's defaults.
pub fn deviations_of(sums: [Decimal; 3], profile: &Profile) -> Vec<Deviation> {
    let w = &profile.performance_weights;
    let defaults = [w.output, w.effect, w.satisfaction];
    GROUPS
        .iter()
        .zip(sums)
        .zip(defaults)
        .filter(|((_, found), default)| (*found - *default).abs() >= Decimal::TEN)
        .map(|(((_, name), found), default)| Deviation {
            name,
            found,
            default,
        })
        .collect()
}
