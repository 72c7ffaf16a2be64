//! D-070: the unit's own name written slightly differently somewhere in the document.

use juesuan_diagnostics::{Meta, Severity, Sink};

use super::{Doc, DocCtx, DocFixture, DocRule, Family};

pub(super) const D070: DocRule = DocRule {
    meta: Meta {
        code: "D-070",
        name: "单位名称前后不一致",
        severity: Severity::Warning,
        family: Family::Document,
        doc: Doc {
            what: "单位名称取自文件标题（如“上海市普陀区财政局2024年度部门决算”）。在封面、各级标题、\
表题、表格（编制单位）和正文中查找与它只差一个字（错一个字、多一个字或少一个字）\
或少了中间两三个字（简称）的写法。\
“本部门”“我局”、不带“上海市普陀区”的简称、所属单位名称（名称后面还有字，如\
“上海市普陀区财政局财政所”）和另一个单位（“上海市普陀区民政局”，区名后的第一个字就不同）不报。",
            why: "单位名称是公开文件的主体，写错一个字或随手简写，读者会怀疑公开的是不是这个单位，\
也说明文件是从别处改来、没有统一校对。",
            bad: "标题是“上海市普陀区财政局”，正文写“上海市普陀区财攻局2024年度收入支出总计……”；\
或标题“北京市西城区科学技术和信息化局”，表中写“北京市西城区科技和信息化局”。",
            good: "全文统一写“上海市普陀区财政局”；需要简称时在第一次出现处注明\
（“北京市西城区科学技术和信息化局（简称区科技和信息化局）”）。",
            basis: "《地方预决算公开操作规程》（财预〔2016〕143号）第四条（内容准确、形式规范）；\
上海市2024年度部门决算公开样张封面、目录、第一部分（“上海市XX局”全文一致）。",
        },
    },
    check: variants,
    fixtures: &[DocFixture {
        fires: "上海市普陀区财政局2024年度部门决算\n上海市普陀区财攻局2024年度收入支出总计2995.39万元。\n",
        silent: "上海市普陀区财政局2024年度部门决算\n上海市普陀区财政局财政所、上海市普陀区民政局和本部门。普陀区财政局2024年度收入支出总计2995.39万元。\n",
    }],
};

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Where the unit's name proper starts: after its region (`上海市普陀区`, `北京市西城区`).
fn proper_start(name: &[char]) -> usize {
    name.iter()
        .rposition(|c| matches!(c, '区' | '县' | '市' | '省'))
        .map_or(0, |i| i + 1)
}

/// Whether `cand` is a near-miss of `name`: one character changed, added or dropped, or two
/// or three characters dropped from the middle (an abbreviation). The first character of the
/// name proper changed means another unit (`财政局` → `民政局`).
fn near_miss(name: &[char], cand: &[char]) -> bool {
    if cand == name {
        return false;
    }
    let proper = proper_start(name);
    // Common prefix and suffix.
    let pre = name.iter().zip(cand).take_while(|(a, b)| a == b).count();
    let suf = name
        .iter()
        .rev()
        .zip(cand.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (n, m) = (name.len(), cand.len());
    // An abbreviation: two or three characters dropped from the name proper, kept in order
    // (`科学技术和信息化局` → `科技和信息化局`).
    if (2..=3).contains(&n.saturating_sub(m)) && pre > proper && suf > 0 {
        let mut rest = name.iter();
        if cand.iter().all(|c| rest.any(|x| x == c)) {
            return true;
        }
    }
    let pre = pre.min(n.min(m));
    let suf = suf.min(n.min(m) - pre);
    let removed = n - pre - suf; // characters of the name replaced
    let added = m - pre - suf; // characters put in their place
    // The difference must lie in the name proper and leave its last character (局, 委).
    if pre < proper || suf == 0 {
        return false;
    }
    match (removed, added) {
        (1, 1) => pre != proper && cand.get(pre).is_some_and(|c| is_han(*c)),
        (1, 0) | (0, 1) => pre != proper,
        (2 | 3, 0) => pre > proper,
        _ => false,
    }
}

fn variants(cx: &DocCtx, sink: &mut Sink) {
    let Some(unit) = cx.recognition.unit.as_deref() else {
        return;
    };
    let name: Vec<char> = unit.chars().collect();
    let proper = proper_start(&name);
    // Only a name with a region and a name proper of some length can be told from others.
    if proper == 0 || name.len() < proper + 3 || name.len() > 40 {
        return;
    }
    let region: String = name[..proper].iter().collect();
    // Each occurrence of the region opens a candidate: the run of Han characters after it.
    let texts = cx
        .paras
        .iter()
        .map(|s| (s.text, Some(s)))
        .chain(cx.cells.iter().map(|c| (c.text, None)));
    let mut seen: Vec<String> = Vec::new();
    for (text, para) in texts {
        for (at, _) in text.match_indices(region.as_str()) {
            if text[at..].starts_with(unit) {
                continue;
            }
            let run: Vec<char> = text[at..]
                .chars()
                .take_while(|c| is_han(*c))
                .take(name.len() + 12)
                .collect();
            // The candidate: a prefix of the run ending with the name's last character.
            let Some(last) = name.last() else { return };
            let hit = (name.len().saturating_sub(3)..=(name.len() + 1).min(run.len()))
                .filter(|&l| l > proper && run.get(l - 1) == Some(last))
                .find(|&l| near_miss(&name, &run[..l]));
            let Some(l) = hit else { continue };
            let cand: String = run[..l].iter().collect();
            // Report each variant once, where it first appears.
            if seen.contains(&cand) {
                continue;
            }
            seen.push(cand.clone());
            let msg = format!("单位名称写成“{cand}”，应为“{unit}”");
            let f = match para {
                Some(s) => sink.finding(cx.at(s, at..at + cand.len(), 6), msg),
                None => {
                    let Some(c) = cx.cells.iter().find(|c| std::ptr::eq(c.text, text)) else {
                        continue;
                    };
                    sink.finding(
                        juesuan_diagnostics::Location::text(None)
                            .quote(text)
                            .source(cx.place(c.at, c.block, None)),
                        msg,
                    )
                }
            };
            sink.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::near_miss;

    fn nm(a: &str, b: &str) -> bool {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        near_miss(&a, &b)
    }

    #[test]
    fn near_misses() {
        assert!(nm("上海市普陀区财政局", "上海市普陀区财攻局"));
        assert!(nm("上海市普陀区财政局", "上海市普陀区财局"));
        assert!(nm(
            "北京市西城区科学技术和信息化局",
            "北京市西城区科技和信息化局"
        ));
        assert!(!nm("上海市普陀区财政局", "上海市普陀区民政局"));
        assert!(!nm("上海市普陀区财政局", "上海市普陀区财政局"));
        assert!(!nm("上海市普陀区财政局", "上海市普陀区审计局"));
    }
}
