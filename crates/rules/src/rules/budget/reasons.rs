//! Reasons for the changes against 上年预算 that the budget profile wants explained.

use super::super::explanation::missing_reasons;
use super::super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::Severity;

pub(super) const RULES: &[Rule] = &[Rule {
    meta: Meta {
        code: "B-022",
        name: "预算变动缺少主要原因",
        severity: Severity::Warning,
        family: Family::Budget,
        doc: Doc {
            what: "预算格式要求与上年预算比较并说明原因的地方（上海区级：财政拨款收入支出预算总额、\
“三公”经费各项；北京：收入预算总额、财政拨款收支总额、“三公”经费各项，见各预算地区配置的 reasons），\
本年预算与上年预算不等（超出舍入误差）而“说明填写”中没有主要原因时提示。",
            why: "只列增减不写原因，读者无从判断预算安排的变化是否合理；\
预算说明的格式要求写明“增加（减少）的主要原因是……”，持平的写“持平”。",
            bad: "“财政拨款收入3121.42万元，比2024年预算增加120.00万元”，其后没有“主要原因是……”。",
            good: "补写“财政拨款收入支出增加的主要原因是：人员经费标准调整。”；两数相等时写“持平”。",
            basis: "《中华人民共和国预算法》第十四条（对部门预算中机关运行经费的安排、使用情况等重要事项作出说明）；\
上海市区级部门预算公开格式四、部门预算编制说明（“比20YY年预算增加/减少……主要原因是……”）和\
六、其他相关情况说明（“三公”经费各项与上年预算比较及原因）；北京市部门预算情况说明二、收入预算情况说明\
（“比20YY年年初预算数增加……主要原因是……”）。",
        },
    },
    check: |ctx, sink| {
        // which changes need a reason is a budget profile's data
        if super::known_format(ctx) {
            missing_reasons(ctx, sink);
        }
    },
    fixtures: &[
        silent(Base::SyntheticBudget, &[]),
        fires(
            Base::SyntheticBudget,
            &["delete explanation.remarks.\"财政拨款收入支出总计\".reason"],
        ),
        fires(
            Base::SyntheticBudget,
            &["delete explanation.remarks.\"三公经费上年比较:公务接待费\""],
        ),
    ],
}];
