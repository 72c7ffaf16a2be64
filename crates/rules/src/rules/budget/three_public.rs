//! The “三公” budget (T9 “三公”经费和机关运行经费预算表, in 万元): 合计 = 三项, 小计 = 购置 + 运行.

use super::super::three_public::sums;
use super::super::{Base, Doc, Family, Meta, Rule, fires, silent};
use crate::finding::Severity;

pub(super) const RULES: &[Rule] = &[Rule {
    meta: Meta {
        code: "B-012",
        name: "“三公”经费预算合计或公务用车小计不等于各项之和",
        severity: Severity::Error,
        family: Family::Budget,
        doc: Doc {
            what: "“三公”经费预算表（上海格式为“三公”经费和机关运行经费预算表，单位万元）：\
“三公”经费合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费小计；小计 = 购置费 + 运行费。\
按两位小数的舍入误差（每个数 ±0.005）比较。",
            why: "预算说明逐项说明“三公”经费预算及其增减；合计或小计与分项不符，\
说明中的总数和分项至少有一个是错的。",
            bad: "合计 47.91，因公出国（境）费 0 + 公务接待费 1.35 + 小计 45.56 = 46.91，差 1.00。",
            good: "小计应为 25 + 21.56 = 46.56，合计 0 + 1.35 + 46.56 = 47.91。",
            basis: "上海市区级部门预算公开格式表9《部门“三公”经费和机关运行经费预算表》（“三公”经费预算数：合计、\
因公出国（境）费、公务接待费、公务用车购置及运行费〔小计、购置费、运行费〕；机关运行经费预算数）；\
《中华人民共和国预算法》第十四条（部门预算中机关运行经费的安排等重要事项作出说明）。",
        },
    },
    check: |c, s| {
        sums(
            c,
            s,
            "total",
            &["overseas", "vehicle", "reception"],
            "“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费",
        );
        sums(
            c,
            s,
            "vehicle",
            &["vehicle_purchase", "vehicle_operation"],
            "公务用车小计 = 购置费 + 运行费",
        );
    },
    fixtures: &[
        silent(Base::SyntheticBudget, &[]),
        fires(
            Base::SyntheticBudget,
            &["tables.three_public.budget.reception += 1"],
        ),
        fires(
            Base::SyntheticBudget,
            &[
                "tables.three_public.budget.vehicle_operation += 1",
                "tables.three_public.budget.reception -= 1",
            ],
        ),
    ],
}];
