//! The document rules: what only a published document can get wrong — template leftovers,
//! doubled words, sentences whose arithmetic does not hold, text that contradicts the
//! tables, missing tables and sections. Each has a stable code, a name, an explanation and
//! two fixtures (a text document where it fires and one where it stays silent), tested in
//! `tests/doc_rules.rs`.

use juesuan_model::Severity;
use juesuan_rules::{Finding, Location};

/// A document rule.
#[derive(Debug, Clone, Copy)]
pub struct DocRule {
    /// Stable code (`D-010`).
    pub code: &'static str,
    /// Short name.
    pub name: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// What it checks and why.
    pub explanation: &'static str,
    /// A text document on which it fires.
    pub fires: &'static str,
    /// A text document on which it stays silent.
    pub silent: &'static str,
}

/// Every document rule, in code order.
pub static DOC_RULES: &[DocRule] = &[
    DocRule {
        code: "D-001",
        name: "缺少必需的报表",
        severity: Severity::Error,
        explanation: "按地区格式，部门决算应公开的报表（上海 9 张、北京 9 张以上）在文件中找不到。文件写明“报表详见附件”时，只作提示。",
        fires: "上海市普陀区财政局2024年度部门决算\n第二部分 上海市普陀区财政局2024年度部门决算表\n第三部分 上海市普陀区财政局2024年度部门决算情况说明\n",
        silent: "上海市普陀区财政局2024年度部门决算\n说明\n",
    },
    DocRule {
        code: "D-002",
        name: "缺少必需的部分",
        severity: Severity::Warning,
        explanation: "按地区格式，公开文件应有的部分（如上海的概况、决算表、情况说明、名词解释）找不到标题。",
        fires: "上海市普陀区财政局2024年度部门决算\n第一部分 上海市普陀区财政局概况\n第二部分 上海市普陀区财政局2024年度部门决算表\n",
        silent: "上海市普陀区财政局2024年度部门决算\n第一部分 概况\n第二部分 部门决算表\n第三部分 部门决算情况说明\n第四部分 名词解释\n",
    },
    DocRule {
        code: "D-003",
        name: "文件或报表读取有问题",
        severity: Severity::Info,
        explanation: "读取时发现的问题：无文本层的页、读不出的字体、报表中无法识别的行列。相关内容没有核对。",
        fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t九十\n\t九十\n\t0\n\n\t201\n\t一般公共服务支出\n\t九十\n\t九十\n\t0\n\n",
        silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t0\n\n\t201\n\t一般公共服务支出\n\t90\n\t90\n\t0\n\n",
    },
    DocRule {
        code: "D-010",
        name: "模板占位符残留",
        severity: Severity::Error,
        explanation: "XX、XXX、某某、××、。。。等模板占位符没有替换成实际内容。",
        fires: "上海市XX局2024年度部门决算\n",
        silent: "上海市普陀区财政局2024年度部门决算\n",
    },
    DocRule {
        code: "D-011",
        name: "模板选择项残留",
        severity: Severity::Error,
        explanation: "“增加（减少）”“增长（下降）”“增加/减少”等模板里的选择项没有选定。",
        fires: "上海市普陀区财政局2024年度部门决算\n公务接待费0万元，比年初预算0万元增加（减少）0万元。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n公务接待费0万元，与年初预算持平。\n",
    },
    DocRule {
        code: "D-012",
        name: "模板填写说明残留",
        severity: Severity::Error,
        explanation: "模板的填写说明留在了公开文件里：“（此处插入…）”“示例如下”“各单位需根据…”“由主管部门根据…填写”“（注：有中央转移支付的…）”等。",
        fires: "上海市普陀区财政局2024年度部门决算\n（此处插入图表，用上述收入金额制作饼状图，示例如下）\n",
        silent: "上海市普陀区财政局2024年度部门决算\n图1：收入决算\n",
    },
    DocRule {
        code: "D-020",
        name: "字词重复",
        severity: Severity::Warning,
        explanation: "同一个字或词连写两遍（“出出”“是是”），而不是“常常”“局局长”这类正常叠用。",
        fires: "上海市普陀区财政局2024年度部门决算\n使用一般公共预算财政拨款安排基本支出出1999.73万元。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n财政局局长常常强调，基本支出1999.73万元。\n",
    },
    DocRule {
        code: "D-021",
        name: "句子或短语重复",
        severity: Severity::Warning,
        explanation: "同一句话或四字以上的短语紧接着重复出现（“并组织实施。并组织实施。”）。",
        fires: "上海市普陀区财政局2024年度部门决算\n负责本区科普工作，并组织实施。并组织实施。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n负责本区科普工作，并组织实施。\n",
    },
    DocRule {
        code: "D-022",
        name: "比较缺少基期",
        severity: Severity::Error,
        explanation: "比较句丢了比较对象：“…14864.9万元，18787.37万元减少…”应为“比上年18787.37万元减少…”。",
        fires: "上海市普陀区财政局2024年度部门决算\n本年支出合计14864.9万元，18787.37万元减少3922.47万元，下降20.88%。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n本年支出合计14864.9万元，比上年18787.37万元减少3922.47万元，下降20.88%。\n",
    },
    DocRule {
        code: "D-023",
        name: "年份与报告年度不符",
        severity: Severity::Warning,
        explanation: "标题或“截至…年12月31日”里的年份不是报告年度（多为套用上年文件）。",
        fires: "上海市普陀区财政局2024年度部门决算\n截至2023年12月31日，共有车辆0辆。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n截至2024年12月31日，共有车辆0辆。\n",
    },
    DocRule {
        code: "D-030",
        name: "变动金额或变动率与所列金额不符",
        severity: Severity::Error,
        explanation: "“本年X万元，比上年A万元增加（减少）D万元，增长（下降）P%”中，D 应等于 |X−A|，P 应等于 D÷A（按所写小数位舍入）。",
        fires: "上海市普陀区财政局2024年度部门决算\n收入合计150万元，比上年100万元增加40万元，增长40%。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n收入合计150万元，比上年100万元增加50万元，增长50%。\n",
    },
    DocRule {
        code: "D-031",
        name: "占比与金额不符",
        severity: Severity::Error,
        explanation: "“A万元，占…的P%”中，P 应等于 A 除以所说的合计（句中先写的合计，或“占…合计的”所指的数）。",
        fires: "上海市普陀区财政局2024年度部门决算\n本年收入合计200万元，其中：财政拨款收入150万元，占70%；其他收入50万元，占25%。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n本年收入合计200万元，其中：财政拨款收入150万元，占75%；其他收入50万元，占25%。\n",
    },
    DocRule {
        code: "D-032",
        name: "各项占比之和不是100%",
        severity: Severity::Warning,
        explanation: "同一合计下列出的各项占比，加起来超过 100%，或在各项金额加起来等于合计时不足 100%（舍入允许的误差之外）。",
        fires: "上海市普陀区财政局2024年度部门决算\n支出300万元，主要用于以下方面：教育支出（类）100万元，占33.5%；科学技术支出（类）200万元，占66.7%。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n支出300万元，主要用于以下方面：教育支出（类）100万元，占33.33%；科学技术支出（类）200万元，占66.67%。\n",
    },
    DocRule {
        code: "D-033",
        name: "“持平”“一致”与金额不符",
        severity: Severity::Error,
        explanation: "两个金额不相等，却写“一致”“持平”“相同”。",
        fires: "上海市普陀区财政局2024年度部门决算\n卫生健康支出决算146.04万元，比年初预算146.07万元一致。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n卫生健康支出决算146.07万元，比年初预算146.07万元一致。\n",
    },
    DocRule {
        code: "D-034",
        name: "增减方向与金额不符",
        severity: Severity::Error,
        explanation: "写“增加/增长/大于”但本年数小于比较数，或写“减少/下降/小于”但本年数大于比较数。",
        fires: "上海市普陀区财政局2024年度部门决算\n年初预算为100万元，支出决算为90万元。决算数大于预算数的主要原因：追加。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n年初预算为100万元，支出决算为90万元。决算数小于预算数的主要原因：结余。\n",
    },
    DocRule {
        code: "D-035",
        name: "完成预算比例与金额不符",
        severity: Severity::Error,
        explanation: "“年初预算为A万元，支出决算为X万元，完成年初预算的P%”中，P 应等于 X÷A。",
        fires: "上海市普陀区财政局2024年度部门决算\n年初预算为200万元，支出决算为150万元，完成年初预算的70%。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n年初预算为200万元，支出决算为150万元，完成年初预算的75%。\n",
    },
    DocRule {
        code: "D-036",
        name: "分项之和与合计不符",
        severity: Severity::Error,
        explanation: "说明逐类列出的一般公共预算财政拨款支出决算数，加起来与说明写的合计不等（按所写的小数位，舍入解释不了）。",
        fires: "上海市普陀区财政局2024年度部门决算\n一般公共预算财政拨款支出100万元。\n（二）一般公共预算财政拨款支出决算具体情况\n1、教育支出\n2024年度决算40万元。\n2、科学技术支出\n2024年度决算50万元。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n一般公共预算财政拨款支出100万元。\n（二）一般公共预算财政拨款支出决算具体情况\n1、教育支出\n2024年度决算40万元。\n2、科学技术支出\n2024年度决算60万元。\n",
    },
    DocRule {
        code: "D-040",
        name: "说明数字与报表不符",
        severity: Severity::Error,
        explanation: "情况说明里写的金额（收支总计、本年收入合计、财政拨款收支总计、一般公共预算财政拨款支出、各类支出、基本支出等）与同一文件中报表的数不同。",
        fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t0\n\n\t201\n\t一般公共服务支出\n\t90\n\t90\n\t0\n\n2024年度一般公共预算财政拨款支出100万元。\n",
        silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n\t\n\t合计\n\t90\n\t90\n\t0\n\n\t201\n\t一般公共服务支出\n\t90\n\t90\n\t0\n\n2024年度一般公共预算财政拨款支出90万元。\n",
    },
    DocRule {
        code: "D-041",
        name: "空表与说明不符",
        severity: Severity::Warning,
        explanation: "说明或表下注写“无政府性基金（国有资本经营）预算财政拨款收支”“故本表无数据”，而该表有不为零的数。（表为空却没有这类说明，由审核规则 T7-004、T9-004 报告。）",
        fires: "上海市普陀区测试局2024年度部门决算\n政府性基金预算财政拨款收入支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t年初结转和结余\n\t本年收入\n\t本年支出小计\n\t基本支出\n\t项目支出\n\t年末结转和结余\n\n\t\n\t合计\n\t0\n\t10\n\t10\n\t0\n\t10\n\t0\n\n\t2120801\n\t征地和拆迁补偿支出\n\t0\n\t10\n\t10\n\t0\n\t10\n\t0\n\n注：上海市普陀区测试局无政府性基金预算财政拨款支出，故本表无数据。\n",
        silent: "上海市普陀区测试局2024年度部门决算\n政府性基金预算财政拨款收入支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t年初结转和结余\n\t本年收入\n\t本年支出小计\n\t基本支出\n\t项目支出\n\t年末结转和结余\n\n\t\n\t合计\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n\t2120801\n\t征地和拆迁补偿支出\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n注：上海市普陀区测试局无政府性基金预算财政拨款支出，故本表无数据。\n",
    },
    DocRule {
        code: "D-042",
        name: "说明列出的经费科目在报表中没有数",
        severity: Severity::Warning,
        explanation: "基本支出说明“主要包括：…”列出的经济分类科目，在一般公共预算财政拨款基本支出决算表中为空或为零。",
        fires: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款基本支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t决算数\n\n\t301\n\t工资福利支出\n\t10\n\n\t30101\n\t基本工资\n\t10\n\n\t30102\n\t津贴补贴\n\t\n\n\t\n\t人员经费合计\n\t10\n\n\t\n\t公用经费合计\n\t0\n\n人员经费10万元，主要包括：基本工资、津贴补贴。\n",
        silent: "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款基本支出决算表\n单位：万元\n\t科目编码\n\t科目名称\n\t决算数\n\n\t301\n\t工资福利支出\n\t10\n\n\t30101\n\t基本工资\n\t10\n\n\t30102\n\t津贴补贴\n\t\n\n\t\n\t人员经费合计\n\t10\n\n\t\n\t公用经费合计\n\t0\n\n人员经费10万元，主要包括：基本工资。\n",
    },
];

/// The rule of a code.
pub fn doc_rule(code: &str) -> Option<&'static DocRule> {
    DOC_RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code.trim()))
}

/// A finding of a document rule.
pub(crate) fn finding(code: &str, location: Location, message: impl Into<String>) -> Finding {
    let severity = doc_rule(code).map_or(Severity::Warning, |r| r.severity);
    Finding {
        code: code.to_string(),
        severity,
        message: message.into(),
        location,
        values: Vec::new(),
        relation: None,
        mismatch: None,
        decimals: None,
        hint: None,
    }
}

/// `juesuan rules` lines for the document rules.
pub fn rule_list() -> String {
    let mut s = String::new();
    for r in DOC_RULES {
        s.push_str(&format!(
            "{:<8} {}  {}\n",
            r.code,
            r.severity.label(),
            r.name
        ));
    }
    s
}

/// `juesuan rule D-…`.
pub fn rule_detail(r: &DocRule) -> String {
    format!(
        "{}  {}（{}）\n\n{}\n\n适用于：juesuan check 检查公开文件\n",
        r.code,
        r.name,
        r.severity.label(),
        r.explanation
    )
}
