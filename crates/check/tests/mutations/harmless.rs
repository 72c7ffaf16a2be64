//! Edits that change nothing a reader would call an error: reflow and spacing.

use super::{Edit, Target};

pub const EDITS: &[Edit] = &[
    Edit {
        target: Target::Seed,
        what: "句末多一个空格",
        find: "下降20.88%",
        nth: 0,
        replace: "下降20.88% ",
        code: "",
    },
    // Rewordings the completeness rules (D-050…D-057) must take in their stride.
    Edit {
        target: Target::Putuo,
        what: "名词解释换一种说法（“是指”“及其”）",
        find: "二、事业收入：指事业单位开展专业业务活动及辅助活动所取得的收入。",
        nth: 0,
        replace: "二、事业收入：是指事业单位开展专业业务活动及其辅助活动取得的收入。",
        code: "",
    },
    Edit {
        target: Target::Seed,
        what: "团组数和人次换一种说法（“共”“累计”）",
        find: "2024年度组织因公出国（境）团组2个、2人次。",
        nth: 0,
        replace: "2024年度共组织因公出国（境）团组2个、累计2人次。",
        code: "",
    },
    Edit {
        target: Target::Putuo,
        what: "政府采购类别换一种说法（“货物类采购”）",
        find: "货物采购金额4.79万元",
        nth: 0,
        replace: "货物类采购金额4.79万元",
        code: "",
    },
    Edit {
        target: Target::Putuo,
        what: "项级科目的用途换一种说法（“主要用于”后不用冒号）",
        find: "主要用于：委托中介机构开展各类审计及绩效评价工作。",
        nth: 0,
        replace: "主要用于委托中介机构开展各类审计及绩效评价工作。",
        code: "",
    },
];
