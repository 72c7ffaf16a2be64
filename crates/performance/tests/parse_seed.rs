//! Targets (年度指标值) and actuals (实际完成值) as printed in the seed's 25 project tables
//! (`../shared/seed/xicheng-kexin-2024-juesuan.txt`, copied here by hand, plus the forms
//! the issue names), each with the typed value a reader would give it.
#![allow(clippy::unwrap_used)]

use juesuan_performance::value::{Cmp, Judgement, Part, Value, When, parse};
use rust_decimal::Decimal;

fn q(cmp: Cmp, v: &str, unit: &str) -> Value {
    Value::Quantity(juesuan_performance::Quantity {
        cmp,
        value: v.parse::<Decimal>().unwrap(),
        unit: unit.to_string(),
    })
}

fn by(year: u16, month: Option<u8>, day: Option<u8>, part: Option<Part>) -> Value {
    Value::Deadline {
        by: When {
            year,
            month,
            day,
            part,
        },
    }
}

fn qual(j: Option<Judgement>) -> Value {
    Value::Qualitative { judgement: j }
}

use Cmp::*;
use Judgement::*;

#[test]
fn seed_targets_and_actuals() {
    let cases: Vec<(&str, Value)> = vec![
        // quantities with comparators
        ("100%", q(Eq, "100", "%")),
        (">95%", q(Gt, "95", "%")),
        ("≥98%", q(Ge, "98", "%")),
        ("≤2%", q(Le, "2", "%")),
        ("=100%", q(Eq, "100", "%")),
        ("≥100%", q(Ge, "100", "%")),
        ("≥99%", q(Ge, "99", "%")),
        ("≥99.9%", q(Ge, "99.9", "%")),
        ("≥50%", q(Ge, "50", "%")),
        ("≤6460596", q(Le, "6460596", "")),
        ("≤377万元", q(Le, "377", "万元")),
        ("≤2小时", q(Le, "2", "小时")),
        ("≤148.2万元", q(Le, "148.2", "万元")),
        (">-75db", q(Gt, "-75", "db")),
        ("控制在24小时以内", q(Le, "24", "小时")),
        ("平均年故障时间在24小时以内", q(Le, "24", "小时")),
        ("平均年故障时间控制在24小时内", q(Le, "24", "小时")),
        ("小于5秒", q(Lt, "5", "秒")),
        ("小于2秒", q(Lt, "2", "秒")),
        ("打开时间响应时间小于3秒", q(Lt, "3", "秒")),
        ("打开页面时间和数据响应时间小于5秒", q(Lt, "5", "秒")),
        ("复杂操作（100用户）的系统响时间小于5秒", q(Lt, "5", "秒")),
        ("单一操作（100用户）的系统响时间小于2秒", q(Lt, "2", "秒")),
        ("全年故障率低于0.1%", q(Lt, "0.1", "%")),
        ("设计开发上线时间不超过10个月", q(Le, "10", "个月")),
        ("设计开发上线时间8个月", q(Eq, "8", "个月")),
        ("本年度不超过418.3693万元", q(Le, "418.3693", "万元")),
        ("不少于3套", q(Ge, "3", "套")),
        ("不少于2个", q(Ge, "2", "个")),
        ("不少于1个部门", q(Ge, "1", "个")),
        ("不少于5条", q(Ge, "5", "条")),
        ("不少于5家", q(Ge, "5", "家")),
        ("不少于3个系统模块建设", q(Ge, "3", "个")),
        ("不少于10个单位的项目申请和验收支撑", q(Ge, "10", "个")),
        ("40家以上", q(Ge, "40", "家")),
        ("市场采购价：约100+万元。", q(Ge, "100", "万元")),
        (
            "可承担最大日访问量大于等于100万次点击需求",
            q(Ge, "100", "万次"),
        ),
        ("服务用户满意度达到90%", q(Eq, "90", "%")),
        ("用户满意度85%", q(Eq, "85", "%")),
        ("100%达到预期指标", q(Eq, "100", "%")),
        ("1次", q(Eq, "1", "次")),
        ("1套系统", q(Eq, "1", "套")),
        ("1套", q(Eq, "1", "套")),
        ("48万", q(Eq, "48", "万")),
        ("211.5万", q(Eq, "211.5", "万")),
        ("45个", q(Eq, "45", "个")),
        ("8条", q(Eq, "8", "条")),
        ("8份", q(Eq, "8", "份")),
        ("4篇", q(Eq, "4", "篇")),
        ("44条", q(Eq, "44", "条")),
        ("385万元", q(Eq, "385", "万元")),
        ("88.56万元", q(Eq, "88.56", "万元")),
        ("77.76288万元", q(Eq, "77.76288", "万元")),
        ("99.71%", q(Eq, "99.71", "%")),
        ("95.88", q(Eq, "95.88", "")),
        ("10", q(Eq, "10", "")),
        ("完成6个研究报告。", q(Eq, "6", "个")),
        ("需采购正版化授权产品10366套。", q(Eq, "10366", "套")),
        ("采购正版化授权产品10366套。", q(Eq, "10366", "套")),
        ("年度累计热线受理6214件。", q(Eq, "6214", "件")),
        ("满足最大日访问量100万点击需求", q(Eq, "100", "万")),
        // the forms
        ("2130Mb/s", q(Eq, "2130", "Mb/s")),
        ("12个月", q(Eq, "12", "个月")),
        ("不少于3个", q(Ge, "3", "个")),
        // deadlines and periods
        ("2025年年初", by(2025, None, None, Some(Part::Early))),
        ("2025年初", by(2025, None, None, Some(Part::Early))),
        ("2024年5月完成", by(2024, Some(5), None, None)),
        ("2024年4月完成", by(2024, Some(4), None, None)),
        ("2024年12月份全部完成", by(2024, Some(12), None, None)),
        (
            "2024年12月完成技术开发和初验",
            by(2024, Some(12), None, None),
        ),
        ("2025年1月完成终验", by(2025, Some(1), None, None)),
        (
            "拟于2024年8月底前完成实施。",
            by(2024, Some(8), None, Some(Part::Late)),
        ),
        (
            "拟于2024年7月底前完成采购。",
            by(2024, Some(7), None, Some(Part::Late)),
        ),
        (
            "于2024年8月底前完成实施扩容部署。",
            by(2024, Some(8), None, Some(Part::Late)),
        ),
        ("2024年7月完成招标采购", by(2024, Some(7), None, None)),
        ("2024年9月30日前", by(2024, Some(9), Some(30), None)),
        // qualitative
        ("定性", qual(None)),
        ("达到预期效果", qual(Some(Achieved))),
        ("提升", qual(Some(Achieved))),
        ("提高", qual(Some(Achieved))),
        ("有效发挥", qual(Some(Achieved))),
        ("及时完成", qual(Some(Achieved))),
        ("及时 完成", qual(Some(Achieved))),
        ("满意", qual(Some(Achieved))),
        ("均反馈满意", qual(Some(Achieved))),
        ("已实现", qual(Some(Achieved))),
        ("已达标", qual(Some(Achieved))),
        ("全年零故障率", qual(Some(Achieved))),
        ("通过等保三级、通过密码测评", qual(Some(Achieved))),
        ("系统功能满足合同约定要求", qual(Some(Achieved))),
        ("完成28个机构的55个项目申请和验收支撑", qual(Some(Achieved))),
        (
            "4个系统，7*24小时的正常运行和5*8小时驻场日常运维服务",
            qual(Some(Achieved)),
        ),
        ("未完成", qual(Some(NotAchieved))),
        ("按工作要求推进中", qual(Some(Partial))),
        ("按进度计划要求，部分完成", qual(Some(Partial))),
        ("马连道地区数据企业形成集聚效应", qual(None)),
        ("否", Value::Boolean { yes: false }),
        // not applicable
        ("不涉及", Value::NotApplicable),
        ("--", Value::NotApplicable),
        ("/", Value::NotApplicable),
        ("无", Value::NotApplicable),
        ("", Value::NotApplicable),
    ];
    let mut failed = Vec::new();
    for (text, want) in &cases {
        let got = parse(text);
        assert_eq!(got.text, *text, "the original text is kept");
        if got.value != *want {
            failed.push(format!("{text:?}: got {:?}, want {want:?}", got.value));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    let distinct: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.0).collect();
    assert!(distinct.len() >= 60, "{}", distinct.len());
}

#[test]
fn periods_and_unknowns() {
    let Value::Period { from, to } = parse("2024年1-6月").value else {
        panic!()
    };
    assert_eq!((from.month, to.month), (Some(1), Some(6)));
    // several numbers and no word saying what came of them
    assert!(matches!(
        parse("累计巡检3543余次、处理应急故障15件").value,
        Value::Unknown { .. }
    ));
    // impossible dates are not deadlines
    assert!(!matches!(
        parse("2024年13月完成").value,
        Value::Deadline { .. }
    ));
}
