//! 一般公共预算 / 政府性基金 财政拨款基本支出决算表: 人员经费 and 公用经费 with their items.

use juesuan_model::{Catalog, Level, Tables};
use rust_decimal::Decimal;

use super::{Fig, Figures, Reader};

/// Names of the items with expenditure on each side.
pub(super) struct Basic {
    /// 人员经费 items.
    pub personnel_items: Vec<String>,
    /// 公用经费 items.
    pub public_items: Vec<String>,
}

/// Inserts the totals of 基本支出, 人员经费 and 公用经费, and 政府性基金基本支出; returns the
/// items of each side.
pub(super) fn build(t: &Tables, catalog: &Catalog, f: &mut Figures) -> Basic {
    let b = t.general_budget_basic.as_ref();
    let rb = Reader::of(b.map(|b| b.coverage));
    let tot = b.map(|b| b.total.clone()).unwrap_or_default();
    let rows = b.map(|b| b.rows.as_slice()).unwrap_or_default();
    let side = |personnel: bool| -> (Option<Decimal>, Vec<String>) {
        let items = rows
            .iter()
            .filter(|r| r.code.level() == Level::Section)
            .filter(|r| catalog.is_personnel(&r.code) == personnel)
            .filter(|r| r.amount.is_some_and(|a| !a.is_zero()))
            .map(|r| r.name.clone())
            .collect();
        // the side's total from its 类 rows, read as the table's coverage says; none
        // when the side has no 类 row (an empty sum is not a stated zero)
        let classes: Vec<_> = rows
            .iter()
            .filter(|r| r.code.level() == Level::Class)
            .filter(|r| catalog.is_personnel(&r.code) == personnel)
            .collect();
        let total = if classes.is_empty() {
            None
        } else {
            classes
                .iter()
                .map(|r| rb.get(r.amount))
                .sum::<Option<Decimal>>()
        };
        (total, items)
    };
    let (personnel_sum, personnel_items) = side(true);
    let (public_sum, public_items) = side(false);
    // when the basic table gives no total, the 一般公共预算 table's 基本支出 column does
    let gb_basic = t.general_budget.as_ref().and_then(|g| g.total.basic);
    f.insert(
        "basic_total",
        rb.fig("一般公共预算财政拨款基本支出", tot.total.or(gb_basic)),
    );
    // the model's labels are the totals rows' (人员经费合计, 公用经费合计)
    f.insert(
        "personnel",
        Fig::new(
            "人员经费",
            tot.personnel.map(|a| a.value()).or(personnel_sum),
        ),
    );
    f.insert(
        "public",
        Fig::new("公用经费", tot.public.map(|a| a.value()).or(public_sum)),
    );
    let gfb = t.gov_fund_basic.as_ref();
    f.insert(
        "gov_fund_basic",
        Reader::of(gfb.map(|b| b.coverage))
            .fig("政府性基金基本支出", gfb.and_then(|b| b.total.total)),
    );
    Basic {
        personnel_items,
        public_items,
    }
}
