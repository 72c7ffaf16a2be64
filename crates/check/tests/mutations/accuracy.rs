//! Seeded edits for the accuracy rules: figures against tables and against each other.

use super::{Edit, Target};

pub const EDITS: &[Edit] = &[Edit {
    target: Target::Seed,
    what: "变动率改错",
    find: "下降20.88%",
    nth: 0,
    replace: "下降21.88%",
    code: "D-030",
}];

/// Text against table and narrative arithmetic: D-024 a ratio without a base, D-037 lists
/// that must add up, D-047 a figure on one side only, D-048 a 科目's purpose.
pub const LISTS: &[Edit] = &[
    Edit {
        target: Target::Putuo,
        what: "“三公”经费支出决算表合计预算数漏填，说明写0.95万元",
        find: "0.95",
        nth: 0,
        replace: "",
        code: "D-047",
    },
    Edit {
        target: Target::Putuo,
        what: "说明的项级科目写成报表中没有数的提租补贴",
        find: "住房改革支出（款）购房补贴（项）",
        nth: 0,
        replace: "住房改革支出（款）提租补贴（项）",
        code: "D-047",
    },
    Edit {
        target: Target::Putuo,
        what: "说明把购房补贴的支出决算写成0",
        find: "年初预算为258.50万元，支出决算为258.50万元",
        nth: 0,
        replace: "年初预算为258.50万元，支出决算为0.00万元",
        code: "D-047",
    },
    Edit {
        target: Target::Putuo,
        what: "说明把“三公”经费年初预算写成0，报表预算数0.95",
        find: "“三公”经费财政拨款支出年初预算为0.95万元",
        nth: 0,
        replace: "“三公”经费财政拨款支出年初预算为0.00万元",
        code: "D-047",
    },
    Edit {
        target: Target::Putuo,
        what: "年初预算写成0，仍写完成年初预算的98.20%",
        find: "一般公共预算财政拨款支出年初预算为2993.92万元",
        nth: 0,
        replace: "一般公共预算财政拨款支出年初预算为0万元",
        code: "D-024",
    },
    Edit {
        target: Target::Putuo,
        what: "报表中因公出国（境）费没有预算，说明写有支出并完成预算的100%",
        find: "因公出国（境）费决算为0.00万元，完成预算的0%",
        nth: 0,
        replace: "因公出国（境）费决算为0.50万元，完成预算的100%",
        code: "D-024",
    },
    Edit {
        target: Target::Seed,
        what: "年初预算为0的“三公”经费仍写增长率",
        find: "比2024年度年初预算数0万元增加9.39万元。",
        nth: 0,
        replace: "比2024年度年初预算数0万元增加9.39万元，增长100%。",
        code: "D-024",
    },
    Edit {
        target: Target::Putuo,
        what: "公用经费抄错，人员经费加公用经费不等于基本支出",
        find: "公用经费184.65万元",
        nth: 0,
        replace: "公用经费194.65万元",
        code: "D-037",
    },
    Edit {
        target: Target::Putuo,
        what: "服务采购金额数字颠倒，三类采购之和不等于采购总额",
        find: "服务采购金额246.47万元",
        nth: 0,
        replace: "服务采购金额264.47万元",
        code: "D-037",
    },
    Edit {
        target: Target::Putuo,
        what: "一个项级科目的年初预算抄错，各项年初预算之和不等于总预算",
        find: "年初预算为187.75万元",
        nth: 0,
        replace: "年初预算为197.75万元",
        code: "D-037",
    },
    Edit {
        target: Target::Putuo,
        what: "项目支出写大，基本支出加项目支出超过本年支出合计",
        find: "项目支出603.14万元",
        nth: 0,
        replace: "项目支出703.14万元",
        code: "D-037",
    },
    Edit {
        target: Target::Seed,
        what: "政府采购服务支出抄错，货物、工程、服务之和不等于总额",
        find: "政府采购服务支出9680.738万元",
        nth: 0,
        replace: "政府采购服务支出9608.738万元",
        code: "D-037",
    },
    Edit {
        target: Target::Putuo,
        what: "住房公积金的用途写成医疗保险",
        find: "主要用于：缴纳在职人员住房公积金。",
        nth: 0,
        replace: "主要用于：缴纳在职人员基本医疗保险。",
        code: "D-048",
    },
    Edit {
        target: Target::Putuo,
        what: "机关事业单位基本养老保险缴费支出的用途写成住房公积金",
        find: "主要用于：在职人员的基本养老保险支出。",
        nth: 0,
        replace: "主要用于：在职人员的住房公积金支出。",
        code: "D-048",
    },
];
