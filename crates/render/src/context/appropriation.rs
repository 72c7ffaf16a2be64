//! 财政拨款收入支出决算总表.

use juesuan_model::Tables;

use super::{Figures, Reader};

/// Inserts 财政拨款收入支出总计: the income side's 总计, else the expenditure side's.
pub(super) fn build(t: &Tables, f: &mut Figures) {
    let a = t.appropriation_summary.as_ref();
    let ra = Reader::of(a.map(|a| a.coverage));
    let total = a.and_then(|a| a.income.grand_total.or(a.grand_total.total));
    // the model's label is the table's (收入总计); the text names both sides
    f.insert("appropriation_total", ra.fig("财政拨款收入支出总计", total));
}
