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
    Edit {
        target: Target::Seed,
        what: "团组人次按样张写“累计”",
        find: "团组2个、2人次",
        nth: 0,
        replace: "团组2个、累计2人次",
        code: "",
    },
    Edit {
        target: Target::Seed,
        what: "中小企业合同金额加千分位",
        find: "授予中小企业合同金额3718.1012万元",
        nth: 0,
        replace: "授予中小企业合同金额3,718.1012万元",
        code: "",
    },
    Edit {
        target: Target::Putuo,
        what: "政府采购分项改用逗号分隔",
        find: "货物采购金额4.79万元、工程采购金额0万元、",
        nth: 0,
        replace: "货物采购金额4.79万元，工程采购金额0万元，",
        code: "",
    },
    Edit {
        target: Target::Putuo,
        what: "机关运行经费写“为”",
        find: "机关运行经费支出184.65万元",
        nth: 0,
        replace: "机关运行经费支出为184.65万元",
        code: "",
    },
    Edit {
        target: Target::Putuo,
        what: "车辆列举以“等”结尾",
        find: "离退休干部用车0辆、其他用车0辆。",
        nth: 0,
        replace: "离退休干部用车0辆、其他用车0辆等。",
        code: "",
    },
];
