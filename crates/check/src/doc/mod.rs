//! The document rules: what only a published document can get wrong — template leftovers,
//! doubled words, sentences whose arithmetic does not hold, text that contradicts the
//! tables, missing tables and parts. Each rule is one registry entry ([`DOC_RULES`]) with its
//! check in the module of its family; the checks read one [`DocCtx`]: the document's
//! paragraphs with their sections, the table cells, what recognition found, the package
//! filled from the tables, and the statements parsed from the sentences once ([`facts`]).

mod base;
mod budget;
mod changes;
mod completeness;
mod counts;
mod detail;
mod doubled;
pub(crate) mod facts;
mod glossary;
mod leftovers;
mod lists;
mod names;
mod numbering;
mod percent;
mod procurement;
mod punctuation;
mod purposes;
mod reading;
mod running;
pub(crate) use procurement::stated as stated_procurement;
pub(crate) use running::stated as stated_running_costs;
mod shares;
mod structure;
mod tables;
mod toc;
mod units;
mod years;

use std::cell::OnceCell;
use std::ops::Range;

use juesuan_diagnostics::{DocPlace, Location, Meta, Sink, Source};
use juesuan_io::document::{At, Block, Document};
use juesuan_model::{Catalog, Package};

use crate::Recognition;
use crate::recognize::{Problem, is_heading};

pub use juesuan_diagnostics::{Doc, Family};
pub(crate) use tables::stated_initial_budgets;

/// The check of a document rule.
pub type DocCheck = for<'a, 'b, 'c> fn(&'a DocCtx<'b>, &mut Sink<'c>);

/// Two short text documents written for a rule (the seed's export format: tab-prefixed cells,
/// a blank line ends a row): one on which it fires, one on which it stays silent.
#[derive(Debug, Clone, Copy)]
pub struct DocFixture {
    /// A document on which the rule fires.
    pub fires: &'static str,
    /// A document on which it stays silent.
    pub silent: &'static str,
}

/// A document rule.
pub type DocRule = juesuan_diagnostics::Rule<DocCheck, DocFixture>;

/// Every document rule, in code order.
pub static DOC_RULES: &[DocRule] = &[
    structure::D001,
    structure::D002,
    reading::D003,
    leftovers::D010,
    leftovers::D011,
    leftovers::D012,
    doubled::D020,
    doubled::D021,
    changes::D022,
    years::D023,
    base::D024,
    years::D025,
    changes::D030,
    shares::D031,
    shares::D032,
    changes::D033,
    changes::D034,
    changes::D035,
    tables::D036,
    lists::D037,
    tables::D040,
    tables::D041,
    tables::D042,
    counts::D043,
    procurement::D044,
    running::D045,
    units::D046,
    tables::D047,
    purposes::D048,
    completeness::D050,
    completeness::D051,
    completeness::D052,
    completeness::D053,
    completeness::D054,
    glossary::D055,
    detail::D056,
    detail::D057,
    names::D070,
    numbering::D071,
    punctuation::D072,
    punctuation::D073,
    punctuation::D074,
    percent::D075,
    toc::D076,
];

/// The rule of a code (case-insensitive).
pub fn doc_rule(code: &str) -> Option<&'static DocRule> {
    DOC_RULES
        .iter()
        .find(|r| r.meta.code.eq_ignore_ascii_case(code.trim()))
}

/// The documentation entries of the document rules.
pub fn metas() -> impl Iterator<Item = &'static Meta> {
    DOC_RULES.iter().map(|r| &r.meta)
}

/// A paragraph of the document with its section heading.
pub struct Sentence<'a> {
    /// Its text.
    pub text: &'a str,
    /// Where it starts.
    pub at: At,
    /// The heading of the section it is in.
    pub section: Option<&'a str>,
    /// Index among the paragraphs.
    pub para: usize,
    /// Index of its block in the document.
    pub block: usize,
}

/// The text of a table cell.
pub struct CellText<'a> {
    /// Its text.
    pub text: &'a str,
    /// Where it is.
    pub at: At,
    /// Index of its table's block in the document.
    pub block: usize,
}

/// What every document rule reads.
pub struct DocCtx<'a> {
    /// The document as read.
    pub document: &'a Document,
    /// The classification catalog.
    pub catalog: &'a Catalog,
    /// What the document was recognised as.
    pub recognition: &'a Recognition,
    /// The package filled from its tables.
    pub package: &'a Package,
    /// What reading and recognition could not make sense of.
    pub problems: &'a [Problem],
    /// A budget's package with the tables read: the rules made for final accounts read
    /// `package`, which for a budget holds no tables; the budget branches of the rules that
    /// truly apply (D-030, D-033, D-034, D-040, D-041) read this.
    pub budget: Option<&'a Package>,
    /// The paragraphs, each with its section.
    pub paras: Vec<Sentence<'a>>,
    /// The table cells with text.
    pub cells: Vec<CellText<'a>>,
    statements: OnceCell<facts::Statements>,
}

impl<'a> DocCtx<'a> {
    /// The context of a document and what was recognised in it.
    pub fn new(
        document: &'a Document,
        catalog: &'a Catalog,
        recognition: &'a Recognition,
        package: &'a Package,
        problems: &'a [Problem],
    ) -> DocCtx<'a> {
        let mut paras = Vec::new();
        let mut cells = Vec::new();
        let mut section: Option<&str> = None;
        for (block, b) in document.blocks.iter().enumerate() {
            match b {
                Block::Para(p) => {
                    if p.heading || is_heading(&p.text) {
                        section = Some(&p.text);
                    }
                    let para = paras.len();
                    paras.push(Sentence {
                        text: &p.text,
                        at: p.at,
                        section,
                        para,
                        block,
                    });
                }
                Block::Table(t) => {
                    for c in t.rows.iter().flatten() {
                        if !c.text.is_empty() {
                            cells.push(CellText {
                                text: &c.text,
                                at: c.at,
                                block,
                            });
                        }
                    }
                }
            }
        }
        DocCtx {
            document,
            catalog,
            recognition,
            package,
            problems,
            budget: None,
            paras,
            cells,
            statements: OnceCell::new(),
        }
    }

    /// The regional format of a 决算 whose format was recognised: what the rules that hold a
    /// disclosure to its region's requirements read; `None` for budgets and unknown formats,
    /// whose requirements these rules do not know.
    pub fn final_accounts_region(&self) -> Option<crate::Region> {
        self.recognition
            .kind
            .is_final_accounts()
            .then_some(self.recognition.profile)
            .flatten()
    }

    /// The statements of the sentences (changes, shares, budget against final…), parsed on
    /// first use and shared by every rule.
    pub fn statements(&self) -> &facts::Statements {
        self.statements.get_or_init(|| facts::Statements::of(self))
    }

    /// The place of the text `range` (bytes) of a paragraph, quoted with `context`
    /// characters either side, with the boxes it covers on the page.
    pub fn at(&self, s: &Sentence, range: Range<usize>, context: usize) -> Location {
        let range = clamp(s.text, range);
        Location::text(s.section)
            .quote(around(s.text, range.start, range.end, context))
            .source(self.place(s.at, s.block, Some(range)))
    }

    /// A document place: page and line, block, the byte range of the offending text in the
    /// block, and its boxes on the page (a paragraph's text, or a table cell at `at`).
    pub fn place(&self, at: At, block: usize, range: Option<Range<usize>>) -> Source {
        let boxes = match self.document.blocks.get(block) {
            Some(Block::Para(p)) => range.clone().map(|r| p.boxes(r)).unwrap_or_default(),
            Some(Block::Table(t)) => t
                .rows
                .iter()
                .flatten()
                .find(|c| c.at == at && !c.text.is_empty())
                .map(|c| c.boxes())
                .unwrap_or_default(),
            None => Vec::new(),
        };
        Source::Document(DocPlace {
            page: at.page,
            line: at.line,
            block: u32::try_from(block).ok(),
            span: range.map(|r| juesuan_diagnostics::Span::new(r.start, r.end)),
            boxes,
        })
    }
}

/// A byte range moved onto char boundaries and into the text.
fn clamp(text: &str, r: Range<usize>) -> Range<usize> {
    let mut start = r.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = r.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The text around a byte range, at most `n` characters each side, on char boundaries,
/// with `…` where it was cut.
pub(crate) fn around(text: &str, start: usize, end: usize, n: usize) -> String {
    let s = text[..start]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let s = if n == 0 { start } else { s };
    let e = text[end..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| end + i);
    let mut q = String::new();
    if s > 0 {
        q.push('…');
    }
    q.push_str(&text[s..e]);
    if e < text.len() {
        q.push('…');
    }
    q
}

/// A decimal as written in a sentence and its decimals (`2,940.05` → (2940.05, 2)).
pub(crate) fn dec(s: &str) -> Option<(rust_decimal::Decimal, u32)> {
    let clean: String = s.chars().filter(|c| *c != ',').collect();
    let d: rust_decimal::Decimal = clean.parse().ok()?;
    Some((d, clean.split_once('.').map_or(0, |(_, f)| f.len() as u32)))
}
