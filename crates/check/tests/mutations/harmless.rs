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
    // Lists, bases and purposes (D-024, D-037, D-047, D-048).
    Edit {
        target: Target::Putuo,
        what: "因公出国（境）费没有预算也没有支出，决算写成0万元",
        find: "因公出国（境）费决算为0.00万元，完成预算的0%",
        nth: 0,
        replace: "因公出国（境）费决算为0万元，完成预算的0%",
        code: "",
    },
    Edit {
        target: Target::Putuo,
        what: "住房公积金的用途换一种说法",
        find: "主要用于：缴纳在职人员住房公积金。",
        nth: 0,
        replace: "主要用于：按规定为在职人员缴存住房公积金。",
        code: "",
    },
    Edit {
        target: Target::Putuo,
        what: "其他收入补足两位小数",
        find: "其他收入6.2万元",
        nth: 0,
        replace: "其他收入6.20万元",
        code: "",
    },
    Edit {
        target: Target::Seed,
        what: "支出构成改用逗号分隔",
        find: "；项目支出12865.17万元",
        nth: 0,
        replace: "，项目支出12865.17万元",
        code: "",
    },
];
