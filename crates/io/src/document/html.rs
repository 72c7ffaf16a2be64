//! Web pages: what disclosure sites publish, what Word's "save as web page" writes and what
//! juesuan's own generator writes. `html5gum` (a WHATWG tokenizer) reads the markup; this
//! module keeps only as much of the tree as decides where blocks begin and end: headings and
//! paragraphs (a `br` ends a paragraph, as pages use it), captions as the paragraphs above
//! their table, tables laid out on their grid as the DOCX reader lays out merged cells (a
//! merged cell in its first position, the positions it covers empty), and nothing of `head`,
//! scripts, styles, drawings or hidden parts. The generator's HTML reads into the same blocks
//! as its DOCX, so the checker sees one document whichever was published.
//!
//! Encodings: UTF-8, UTF-16 with a byte order mark, and whatever a `<meta>` declares —
//! GBK/GB2312/GB18030 above all — through `encoding_rs`.

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8};
use html5gum::{DefaultEmitter, EndTag, StartTag, Token, Tokenizer};

use super::{At, Block, Cell, MAX_CHARS, Para, Table, tidy, too_much_text};
use crate::error::{Place, Problem};

/// Deepest table nesting followed (as for DOCX).
const MAX_DEPTH: usize = 32;
/// Most rows of one table.
const MAX_ROWS: usize = 10_000;
/// Most columns of one table.
const MAX_COLS: usize = 1_000;
/// Most rows and grid positions (counting those a merged cell covers) in all tables of a
/// page: `rowspan` and `colspan` let a few bytes ask for millions of empty cells.
const MAX_CELLS: usize = 2_000_000;
/// Largest `colspan` honoured (the HTML standard's cap).
const MAX_COLSPAN: u64 = 1_000;
/// Largest `rowspan` honoured (the HTML standard's cap).
const MAX_ROWSPAN: u64 = 65_534;
/// Most open elements tracked inside a hidden one: unclosed tags (`<p>` after `<p>`) would
/// otherwise pile up, and every end tag search the pile.
const MAX_HIDDEN: usize = 256;

/// How far into the file a `<meta>` declaring the encoding is looked for (browsers look at the
/// first 1,024 bytes; pages saved by content systems put long scripts before it).
const PRESCAN_BYTES: usize = 64 * 1024;

pub(super) fn read(bytes: &[u8]) -> Result<Vec<Block>, Problem> {
    let src = decode(bytes)?;
    let mut reader = Reader::new(&src);
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Script, style and title contents are raw text: a `<` inside them opens no tag.
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(src.as_str(), emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(t) => reader.start(&t)?,
            Token::EndTag(t) => reader.end(&t)?,
            Token::String(s) => reader.text(&s.value, s.span.start, s.span.end)?,
            _ => {}
        }
    }
    let blocks = reader.finish()?;
    if blocks.is_empty() {
        return Err(Problem::file(
            "网页中没有可读的文字（内容可能由脚本加载：请在浏览器中打开后另存为“网页，全部”，或下载原始的 PDF/Word 文件）",
        ));
    }
    Ok(blocks)
}

/// The page as text. A byte order mark decides, as in browsers. Otherwise bytes that are valid
/// UTF-8 are UTF-8 whatever a `<meta>` says: declarations are often wrong on government
/// sites (a page saved as UTF-8 still saying `gb2312`), while GBK text is practically never
/// valid UTF-8 by chance. Else the encoding the page declares, and GBK (GB18030) for a page
/// that declares none (what browsers set to Chinese assume).
fn decode(bytes: &[u8]) -> Result<String, Problem> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom..).unwrap_or_default();
        return enc
            .decode_without_bom_handling_and_without_replacement(body)
            .map(|s| s.into_owned())
            .ok_or_else(|| {
                at_line(
                    bad_line(body, enc),
                    format!(
                        "网页以 {} 的字节顺序标记开头，但内容不是有效的 {} 文本",
                        enc.name(),
                        enc.name()
                    ),
                )
            });
    }
    if looks_binary(bytes) {
        return Err(Problem::file(
            "不是网页：文件含有大量二进制数据（可能是图片、压缩包或损坏的文件）",
        ));
    }
    let declared = declared_encoding(bytes);
    let mut tried: Vec<&'static Encoding> = Vec::with_capacity(3);
    for enc in [Some(UTF_8), declared, Some(GB18030)].into_iter().flatten() {
        if tried.contains(&enc) {
            continue;
        }
        if let Some(s) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            return Ok(s.into_owned());
        }
        tried.push(enc);
    }
    // Placed where the encoding the page declares (else UTF-8) fails.
    let first = declared.unwrap_or(UTF_8);
    let message = match declared {
        Some(enc) => format!(
            "网页声明的编码是 {}，但内容不是有效的 {} 文本，也不是 UTF-8 或 GBK 编码（文件可能已损坏）",
            enc.name(),
            enc.name()
        ),
        None => "网页既不是 UTF-8 也不是 GBK 编码的文本（文件可能已损坏，或不是网页）".to_string(),
    };
    Err(at_line(bad_line(bytes, first), message))
}

/// Whether the bytes look like a binary file rather than text: control characters other than
/// white space in more than one byte in a hundred (browsers drop a stray NUL; a picture or an
/// archive is full of them).
fn looks_binary(bytes: &[u8]) -> bool {
    let head = bytes.get(..PRESCAN_BYTES).unwrap_or(bytes);
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    controls > 8 && controls * 100 > head.len()
}

/// The line (1-based) of the first byte `enc` cannot decode, for the error.
fn bad_line(bytes: &[u8], enc: &'static Encoding) -> u32 {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(64 * 1024);
    let mut lines = 1usize;
    let mut rest = bytes;
    loop {
        out.clear();
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut out, true);
        lines += out.matches('\n').count();
        rest = rest.get(read..).unwrap_or_default();
        if result != DecoderResult::OutputFull || read == 0 && out.is_empty() {
            return u32::try_from(lines).unwrap_or(u32::MAX);
        }
    }
}

/// The encoding the page's `<meta>` declares, looked for in its `head` (up to the first tag
/// that cannot stand there, at most [`PRESCAN_BYTES`]). Tags are ASCII in every encoding a page
/// may declare, and GBK's second bytes are never `<`, `>`, `=` or quotes, so the bytes can
/// be tokenized before they are decoded.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(bytes.get(..PRESCAN_BYTES).unwrap_or(bytes));
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(head.as_ref(), emitter) {
        let Ok(token) = token;
        let Token::StartTag(t) = token else { continue };
        let name = t.name.as_slice();
        if name == b"meta" {
            let label = declared_charset(&t);
            // A page cannot declare UTF-16 for itself (it would not be read that far): such a
            // declaration means UTF-8, as WHATWG says (`output_encoding`).
            if let Some(enc) = label.and_then(|l| Encoding::for_label(l.as_bytes())) {
                return Some(enc.output_encoding());
            }
        } else if !in_head(name) && !matches!(name, b"html" | b"head") {
            return None;
        }
    }
    None
}

/// Line numbers of byte offsets, counted on from the last offset asked for (tokens come in
/// source order, so the whole file is counted once).
struct Lines<'a> {
    src: &'a [u8],
    pos: usize,
    line: usize,
}

impl Lines<'_> {
    fn of(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.src.len());
        let newlines = |a: usize, b: usize| {
            self.src
                .get(a..b)
                .map_or(0, |s| s.iter().filter(|&&c| c == b'\n').count())
        };
        if offset >= self.pos {
            self.line += newlines(self.pos, offset);
        } else {
            self.line = self.line.saturating_sub(newlines(offset, self.pos));
        }
        self.pos = offset;
        u32::try_from(self.line).unwrap_or(u32::MAX)
    }
}

/// Text being gathered for one paragraph, caption or cell.
#[derive(Default)]
struct Acc {
    /// Lines finished (at a `br`, or in a cell at a paragraph's end), tidied, joined by `\n`.
    text: String,
    /// The line being read, as in the source.
    raw: String,
    /// Source line where it starts: its opening tag's, else its first text's.
    start: Option<u32>,
    /// Some of it was read inside a heading.
    heading: bool,
}

impl Acc {
    /// Marks where a block opened by a tag starts, unless text came before.
    fn begin(&mut self, line: u32) {
        if self.text.is_empty() && self.raw.trim().is_empty() {
            self.start = Some(line);
        }
    }

    fn push(&mut self, s: &str, line: Option<u32>, heading: bool) {
        if let Some(line) = line {
            self.start.get_or_insert(line);
            self.heading |= heading;
        }
        self.raw.push_str(s);
    }

    /// Ends the current line (`br`, or a paragraph inside a cell).
    fn line_break(&mut self) {
        let t = tidy(&self.raw);
        self.raw.clear();
        self.add_line(&t);
    }

    /// Appends a finished line.
    fn add_line(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(t);
    }

    /// The text gathered, where it starts and whether it is a heading; empty text is none.
    fn take(&mut self) -> Option<(String, u32, bool)> {
        self.line_break();
        let start = self.start.take();
        let heading = std::mem::take(&mut self.heading);
        let text = std::mem::take(&mut self.text);
        (!text.is_empty()).then(|| (text, start.unwrap_or(1), heading))
    }
}

/// A cell being read.
struct OpenCell {
    acc: Acc,
    line: u32,
    span: u32,
    /// 0: down to the table's last row.
    rowspan: u32,
}

/// A cell read, before the table is laid out on its grid.
struct RawCell {
    text: String,
    line: u32,
    span: u32,
    rowspan: u32,
}

/// A table being read.
struct TableBuf {
    line: u32,
    rows: Vec<Vec<RawCell>>,
    cell: Option<OpenCell>,
    caption: Option<Acc>,
    in_row: bool,
}

struct Reader<'a> {
    src: &'a str,
    lines: Lines<'a>,
    blocks: Vec<Block>,
    /// The paragraph being read outside tables.
    para: Acc,
    /// Open tables, the innermost last.
    tables: Vec<TableBuf>,
    /// Open elements whose text is not shown (`head`, `script`, `svg`…), innermost last.
    hidden: Vec<Vec<u8>>,
    /// Inside `h1`…`h6` (outside `nav`).
    heading: bool,
    /// Inside `nav`: a table of contents or a site's menus, whose headings (`目录`) head no
    /// section of the document (Word's table of contents has its own styles, not headings).
    nav: u32,
    /// Inside `pre` (newlines are line breaks).
    pre: u32,
    /// Characters of text other than whitespace read so far.
    chars: usize,
    /// Table rows and grid positions made so far.
    cells: usize,
}

fn is_heading(name: &[u8]) -> bool {
    matches!(name, b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6")
}

/// Elements whose start and end end a paragraph (HTML's block-level elements), other than
/// headings, `pre` and tables, handled on their own.
fn is_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"address"
            | b"article"
            | b"aside"
            | b"blockquote"
            | b"body"
            | b"center"
            | b"dd"
            | b"details"
            | b"dialog"
            | b"dir"
            | b"div"
            | b"dl"
            | b"dt"
            | b"fieldset"
            | b"figcaption"
            | b"figure"
            | b"footer"
            | b"form"
            | b"header"
            | b"hgroup"
            | b"hr"
            | b"html"
            | b"legend"
            | b"li"
            | b"main"
            | b"menu"
            | b"nav"
            | b"ol"
            | b"p"
            | b"search"
            | b"section"
            | b"summary"
            | b"ul"
    )
}

/// Elements whose newlines are line breaks.
fn is_pre(name: &[u8]) -> bool {
    matches!(name, b"pre" | b"listing" | b"plaintext" | b"xmp")
}

/// Elements whose text a browser does not show as text: `head`, code, styles, templates,
/// fallbacks, form controls' lists, and drawings (a chart's axis labels are not prose).
fn hides(name: &[u8]) -> bool {
    matches!(
        name,
        b"head"
            | b"script"
            | b"style"
            | b"template"
            | b"noscript"
            | b"title"
            | b"svg"
            | b"math"
            | b"iframe"
            | b"noembed"
            | b"noframes"
            | b"select"
            | b"textarea"
            | b"canvas"
    )
}

/// Elements without contents or end tag.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"basefont"
            | b"bgsound"
            | b"br"
            | b"col"
            | b"embed"
            | b"frame"
            | b"hr"
            | b"img"
            | b"input"
            | b"keygen"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
    )
}

/// Whether an element is marked not to be shown: the `hidden` attribute, or an inline style
/// `display: none` (content systems keep search keywords and duplicates that way). Not for
/// the whole page: a `<body style="display:none">` is shown by a script once loaded (against
/// clickjacking), and the page is the point.
fn hidden_by_attributes(t: &StartTag<usize>) -> bool {
    if matches!(t.name.as_slice(), b"html" | b"body") {
        return false;
    }
    if attr(t, "hidden").is_some() {
        return true;
    }
    attr(t, "style").is_some_and(|s| {
        let s: Vec<u8> = s
            .iter()
            .filter(|c| !c.is_ascii_whitespace())
            .map(u8::to_ascii_lowercase)
            .collect();
        super::find(&s, b"display:none").is_some()
    })
}

/// Elements that may stand in `head`; any other start tag ends a `head` left open.
fn in_head(name: &[u8]) -> bool {
    matches!(
        name,
        b"base"
            | b"basefont"
            | b"bgsound"
            | b"link"
            | b"meta"
            | b"noframes"
            | b"script"
            | b"style"
            | b"template"
            | b"title"
            | b"noscript"
    )
}

/// HTML's "rules for parsing non-negative integers": leading digits after optional space
/// and `+`; `None` when there are none.
fn non_negative(v: &[u8]) -> Option<u64> {
    let v = v.trim_ascii_start();
    let v = v.strip_prefix(b"+").unwrap_or(v);
    let digits = v.iter().take_while(|c| c.is_ascii_digit()).count();
    let digits = v.get(..digits).filter(|d| !d.is_empty())?;
    Some(digits.iter().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

fn attr<'t>(t: &'t StartTag<usize>, name: &str) -> Option<&'t [u8]> {
    t.attributes
        .get(name.as_bytes())
        .map(|v| v.value.as_slice())
}

/// The encoding a `<meta>` declares (`charset=`, or `http-equiv="Content-Type"` with
/// `content="text/html; charset=…"`), lowercased.
fn declared_charset(t: &StartTag<usize>) -> Option<String> {
    let lower = |v: &[u8]| String::from_utf8_lossy(v).to_ascii_lowercase();
    if let Some(c) = attr(t, "charset") {
        return Some(lower(c).trim().to_string());
    }
    if lower(attr(t, "http-equiv")?).trim() != "content-type" {
        return None;
    }
    let content = lower(attr(t, "content")?);
    let at = content.find("charset")?;
    let rest = content.get(at + "charset".len()..)?.trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_ascii_whitespace())
        .unwrap_or(rest.len());
    rest.get(..end).map(str::to_string)
}

fn at_line(line: u32, message: String) -> Problem {
    Problem {
        place: Place::Line {
            line: line as usize,
            column: 1,
        },
        message,
    }
}

impl<'a> Reader<'a> {
    fn new(src: &'a str) -> Reader<'a> {
        Reader {
            src,
            lines: Lines {
                src: src.as_bytes(),
                pos: 0,
                line: 1,
            },
            blocks: Vec::new(),
            para: Acc::default(),
            tables: Vec::new(),
            hidden: Vec::new(),
            heading: false,
            nav: 0,
            pre: 0,
            chars: 0,
            cells: 0,
        }
    }

    /// Where text goes now: the innermost open cell or caption, else the paragraph. Text in
    /// a table outside its cells goes where the table stands, as browsers move it there.
    fn dest(&mut self) -> &mut Acc {
        for t in self.tables.iter_mut().rev() {
            if let Some(c) = t.cell.as_mut() {
                return &mut c.acc;
            }
            if let Some(c) = t.caption.as_mut() {
                return c;
            }
        }
        &mut self.para
    }

    /// Whether text goes into a cell or a caption.
    fn in_cell(&self) -> bool {
        self.tables
            .iter()
            .any(|t| t.cell.is_some() || t.caption.is_some())
    }

    /// A block starts or ends: a new paragraph, or inside a cell or caption a new line.
    fn boundary(&mut self) {
        if self.in_cell() {
            self.dest().line_break();
        } else {
            self.flush_para();
        }
    }

    /// A line break (`br`, a newline in `pre`): a new line in a cell or caption, a space in a
    /// heading (a title set on two lines is one heading, as in Word), else a new paragraph:
    /// pages separate paragraphs with `<br>` as often as with `<p>`.
    fn line_break(&mut self) {
        if self.in_cell() {
            self.dest().line_break();
        } else if self.heading {
            self.para.push(" ", None, true);
        } else {
            self.flush_para();
        }
    }

    fn flush_para(&mut self) {
        if let Some((text, line, heading)) = self.para.take() {
            self.blocks.push(Block::Para(Para {
                text,
                at: At::line(line),
                heading,
                geometry: Default::default(),
            }));
        }
    }

    fn count_cells(&mut self, n: usize, line: u32) -> Result<(), Problem> {
        self.cells = self.cells.saturating_add(n);
        if self.cells > MAX_CELLS {
            return Err(at_line(
                line,
                format!(
                    "网页中表格的单元格超过 {} 万个，超出上限，未读取",
                    MAX_CELLS / 10_000
                ),
            ));
        }
        Ok(())
    }

    fn start(&mut self, t: &StartTag<usize>) -> Result<(), Problem> {
        let name = t.name.as_slice();
        if !self.hidden.is_empty() {
            if self.hidden == [b"head"] && !in_head(name) {
                // `</head>` may be left out: the body's first tag ends it.
                self.hidden.clear();
            } else {
                self.hide(t);
                return Ok(());
            }
        }
        if hides(name) || hidden_by_attributes(t) {
            self.hide(t);
            return Ok(());
        }
        let line = self.lines.of(t.span.start);
        match name {
            b"br" => self.line_break(),
            _ if is_heading(name) => {
                self.boundary();
                self.heading = self.nav == 0;
                self.dest().begin(line);
            }
            b"nav" => {
                self.boundary();
                self.nav = self.nav.saturating_add(1);
            }
            b"table" => {
                self.boundary();
                if self.tables.len() >= MAX_DEPTH {
                    return Err(at_line(
                        line,
                        "网页表格嵌套过深，疑似恶意文件，未读取".to_string(),
                    ));
                }
                self.tables.push(TableBuf {
                    line,
                    rows: Vec::new(),
                    cell: None,
                    caption: None,
                    in_row: false,
                });
            }
            b"caption" if !self.tables.is_empty() => {
                self.close_cell()?;
                self.close_caption();
                if let Some(t) = self.tables.last_mut() {
                    t.in_row = false;
                    t.caption = Some(Acc {
                        start: Some(line),
                        ..Acc::default()
                    });
                }
            }
            b"tr" if !self.tables.is_empty() => {
                self.close_cell()?;
                self.close_caption();
                self.new_row()?;
            }
            b"td" | b"th" if !self.tables.is_empty() => {
                self.close_cell()?;
                self.close_caption();
                if !self.tables.last().is_some_and(|t| t.in_row) {
                    self.new_row()?;
                }
                let span = attr(t, "colspan")
                    .and_then(non_negative)
                    .map_or(1, |n| n.clamp(1, MAX_COLSPAN));
                // Per the standard a `rowspan` of 0 runs down to the end of the table.
                let rowspan = attr(t, "rowspan")
                    .and_then(non_negative)
                    .map_or(1, |n| n.min(MAX_ROWSPAN));
                if let Some(tb) = self.tables.last_mut() {
                    tb.cell = Some(OpenCell {
                        acc: Acc::default(),
                        line,
                        span: span as u32,
                        rowspan: rowspan as u32,
                    });
                }
            }
            b"thead" | b"tbody" | b"tfoot" | b"colgroup" if !self.tables.is_empty() => {
                self.close_cell()?;
                self.close_caption();
                if let Some(t) = self.tables.last_mut() {
                    t.in_row = false;
                }
            }
            _ if is_pre(name) => {
                self.boundary();
                self.pre += 1;
                self.dest().begin(line);
            }
            // Table parts outside a table start a block as a `div` would.
            _ if is_block(name) || matches!(name, b"caption" | b"tr" | b"td" | b"th") => {
                self.boundary();
                self.dest().begin(line);
            }
            _ => {}
        }
        Ok(())
    }

    /// Enters an element whose text is not read (unless it closes itself, which only
    /// drawings and formulas may).
    /// Enters an element whose text is not read: one that `hides`, one marked `hidden` or
    /// `display: none`, or any element inside those (so that a nested `</div>` does not end a
    /// hidden `div`). Void elements have no end tag and are not entered; a self-closing tag
    /// (`<rect/>` in a drawing) neither, unless its contents are raw text all the same
    /// (`<script src=… />` runs on to `</script>`).
    fn hide(&mut self, t: &StartTag<usize>) {
        let name = t.name.as_slice();
        let raw = html5gum::naive_next_state(name).is_some();
        // Raw text must be entered whatever the depth, or a script's text would be shown.
        if !is_void(name) && (raw || !t.self_closing) && (raw || self.hidden.len() < MAX_HIDDEN) {
            self.hidden.push(name.to_vec());
        }
    }

    fn end(&mut self, t: &EndTag<usize>) -> Result<(), Problem> {
        let name = t.name.as_slice();
        if !self.hidden.is_empty() {
            if let Some(i) = self.hidden.iter().rposition(|h| h == name) {
                self.hidden.truncate(i);
            }
            return Ok(());
        }
        match name {
            _ if is_heading(name) => {
                self.boundary();
                self.heading = false;
            }
            b"nav" => {
                self.boundary();
                self.nav = self.nav.saturating_sub(1);
            }
            // Browsers read a stray `</br>` as `<br>`.
            b"br" => self.line_break(),
            b"table" => self.close_table()?,
            b"caption" => self.close_caption(),
            b"td" | b"th" => self.close_cell()?,
            b"tr" | b"thead" | b"tbody" | b"tfoot" => {
                self.close_cell()?;
                if let Some(t) = self.tables.last_mut() {
                    t.in_row = false;
                }
            }
            _ if is_pre(name) => {
                self.boundary();
                self.pre = self.pre.saturating_sub(1);
            }
            _ if is_block(name) => self.boundary(),
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, value: &[u8], from: usize, to: usize) -> Result<(), Problem> {
        let s = String::from_utf8_lossy(value);
        let shown = s.chars().filter(|c| !c.is_whitespace()).count();
        if !self.hidden.is_empty() {
            if self.hidden == [b"head"] && shown > 0 {
                // Text in `head` outside its elements ends it, as in browsers.
                self.hidden.clear();
            } else {
                return Ok(());
            }
        }
        self.chars = self.chars.saturating_add(shown);
        if self.chars > MAX_CHARS {
            return Err(too_much_text());
        }
        // The line of the first character shown, from the source (entities not decoded).
        let line = (shown > 0).then(|| {
            let raw = self.src.get(from..to).unwrap_or_default();
            let lead = raw.len() - raw.trim_ascii_start().len();
            self.lines.of(from + lead)
        });
        // NUL is dropped by browsers; it is no text.
        let s = s.replace('\0', "");
        let heading = self.heading;
        if self.pre > 0 {
            // Preformatted: every newline breaks the line (entities hold none, so the source
            // has as many as the text).
            let first = self.lines.of(from);
            for (i, part) in s.split('\n').enumerate() {
                if i > 0 {
                    self.line_break();
                }
                let at = u32::try_from(i).map_or(first, |i| first.saturating_add(i));
                let shown = part.chars().any(|c| !c.is_whitespace());
                self.dest().push(part, shown.then_some(at), heading);
            }
        } else {
            self.dest().push(&s, line, heading);
        }
        Ok(())
    }

    fn new_row(&mut self) -> Result<(), Problem> {
        let Some(line) = self.tables.last().map(|t| t.line) else {
            return Ok(());
        };
        self.count_cells(1, line)?;
        if let Some(t) = self.tables.last_mut() {
            if t.rows.len() >= MAX_ROWS {
                return Err(at_line(
                    line,
                    format!("网页表格超过 {MAX_ROWS} 行，超出上限，未读取"),
                ));
            }
            t.rows.push(Vec::new());
            t.in_row = true;
        }
        Ok(())
    }

    fn close_cell(&mut self) -> Result<(), Problem> {
        let Some(t) = self.tables.last_mut() else {
            return Ok(());
        };
        let Some(mut c) = t.cell.take() else {
            return Ok(());
        };
        let line = t.line;
        c.acc.line_break();
        let Some(row) = t.rows.last_mut() else {
            return Ok(());
        };
        if row.len() >= MAX_COLS {
            return Err(at_line(
                line,
                format!("网页表格超过 {MAX_COLS} 列，超出上限，未读取"),
            ));
        }
        row.push(RawCell {
            text: std::mem::take(&mut c.acc.text),
            line: c.line,
            span: c.span,
            rowspan: c.rowspan,
        });
        // The cell's positions in its own row; those it covers below count when laid out.
        self.count_cells(c.span as usize, line)
    }

    /// Ends a caption: above a table it is the paragraph right above the table (where the
    /// title of a printed table stands); in a nested table a line of the enclosing cell.
    fn close_caption(&mut self) {
        let top = self.tables.len() == 1;
        let Some(mut cap) = self.tables.last_mut().and_then(|t| t.caption.take()) else {
            return;
        };
        let Some((text, line, _)) = cap.take() else {
            return;
        };
        if top {
            // Each line its own paragraph, as a title and the unit line printed above a
            // table are.
            self.flush_para();
            for l in text.split('\n') {
                self.blocks.push(Block::Para(Para {
                    text: l.to_string(),
                    at: At::line(line),
                    heading: false,
                    geometry: Default::default(),
                }));
            }
        } else {
            let d = self.dest();
            d.line_break();
            d.add_line(&text);
        }
    }

    fn close_table(&mut self) -> Result<(), Problem> {
        if self.tables.is_empty() {
            return Ok(());
        }
        self.close_cell()?;
        self.close_caption();
        let Some(t) = self.tables.pop() else {
            return Ok(());
        };
        if self.tables.is_empty() {
            // Text found in the table outside its cells is shown above it.
            self.flush_para();
            let rows = layout(t.rows, t.line, &mut self.cells)?;
            if !rows.is_empty() {
                self.blocks.push(Block::Table(Table {
                    rows,
                    at: At::line(t.line),
                }));
            }
        } else {
            // A nested table's text goes into the enclosing cell, a cell a line (as DOCX).
            let d = self.dest();
            d.line_break();
            d.start.get_or_insert(t.line);
            for c in t.rows.iter().flatten() {
                d.add_line(&c.text);
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<Block>, Problem> {
        while !self.tables.is_empty() {
            self.close_table()?;
        }
        self.flush_para();
        Ok(self.blocks)
    }
}

/// Lays a table's cells out on its grid as HTML's table model does: each cell takes the
/// first position its row leaves free (positions covered by a `rowspan` from above are
/// taken). A merged cell stands in its first position with its `span` and `rowspan`; the
/// positions it covers hold empty cells, as the DOCX reader leaves them. Rows left empty are
/// dropped.
fn layout(rows: Vec<Vec<RawCell>>, line: u32, used: &mut usize) -> Result<Vec<Vec<Cell>>, Problem> {
    let n = rows.len();
    let mut grid: Vec<Vec<Option<Cell>>> = Vec::new();
    grid.resize_with(n, Vec::new);
    for (r, row) in rows.into_iter().enumerate() {
        let mut col = 0usize;
        for c in row {
            let Some(own) = grid.get(r) else { break };
            while own.get(col).is_some_and(Option::is_some) {
                col += 1;
            }
            let span = c.span.max(1) as usize;
            let down = match c.rowspan {
                0 => n - r,
                k => (k as usize).min(n - r),
            };
            if col + span > MAX_COLS {
                return Err(at_line(
                    line,
                    format!("网页表格超过 {MAX_COLS} 列，超出上限，未读取"),
                ));
            }
            *used = used.saturating_add(span.saturating_mul(down - 1));
            if *used > MAX_CELLS {
                return Err(at_line(
                    line,
                    format!(
                        "网页中表格的单元格超过 {} 万个，超出上限，未读取",
                        MAX_CELLS / 10_000
                    ),
                ));
            }
            let at = At::line(c.line);
            for (i, grid_row) in grid.iter_mut().skip(r).take(down).enumerate() {
                if grid_row.len() < col + span {
                    grid_row.resize_with(col + span, || None);
                }
                // A position another cell already took (overlapping spans) stays its.
                for (j, slot) in grid_row.iter_mut().skip(col).take(span).enumerate() {
                    if slot.is_none() {
                        // In a row below, the positions start with an empty cell as wide as
                        // the merged one: what the DOCX reader makes of a `vMerge`
                        // continuation, which keeps its `gridSpan`.
                        let wide = i > 0 && j == 0;
                        *slot = Some(Cell {
                            span: if wide { span as u32 } else { 1 },
                            ..Cell::new("", at)
                        });
                    }
                }
            }
            if let Some(slot) = grid.get_mut(r).and_then(|g| g.get_mut(col)) {
                *slot = Some(Cell {
                    text: c.text,
                    at,
                    span: span as u32,
                    rowspan: down as u32,
                    rect: None,
                });
            }
            col += span;
        }
    }
    Ok(grid
        .into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| {
            r.into_iter()
                .map(|c| c.unwrap_or_else(|| Cell::new("", At::line(line))))
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(blocks: &[Block], i: usize) -> &Table {
        match blocks.get(i) {
            Some(Block::Table(t)) => t,
            other => panic!("table expected at {i}: {other:?}"),
        }
    }

    fn para(blocks: &[Block], i: usize) -> &Para {
        match blocks.get(i) {
            Some(Block::Para(p)) => p,
            other => panic!("paragraph expected at {i}: {other:?}"),
        }
    }

    #[test]
    fn headings_paragraphs_and_loose_text() {
        let src = "<!DOCTYPE html>\n<html><head><title>不读</title>\n<style>p{}</style></head>\n<body>\n<h1>第一部分\n单位职责</h1>\n<div>收入 <b>100</b>\n万元<p>段落<br>第二行</p>尾巴</div>\n<script>var a = '<p>x</p>';</script><ul><li>一</li><li>二</ul></body></html>";
        let blocks = read(src.as_bytes()).unwrap();
        let texts: Vec<_> = blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => (p.text.as_str(), p.at.line, p.heading),
                Block::Table(_) => ("表格", 0, false),
            })
            .collect();
        assert_eq!(
            texts,
            vec![
                ("第一部分单位职责", 5, true),
                ("收入100万元", 7, false),
                ("段落", 8, false),
                ("第二行", 8, false),
                ("尾巴", 8, false),
                ("一", 9, false),
                ("二", 9, false),
            ]
        );
    }

    #[test]
    fn merged_cells_take_their_first_position() {
        let src = "<table>\n<tr><th rowspan=2>项目</th><th colspan=\"2\">金额</th></tr>\n<tr><th>甲</th><th>乙</th></tr>\n<tr><td>合计</td><td>1,234.50</td><td>0</td></tr>\n</table>";
        let blocks = read(src.as_bytes()).unwrap();
        let t = table(&blocks, 0);
        assert_eq!(t.at, At::line(1));
        let grid: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            grid,
            vec![
                vec!["项目", "金额", ""],
                vec!["", "甲", "乙"],
                vec!["合计", "1,234.50", "0"]
            ]
        );
        assert_eq!((t.rows[0][0].span, t.rows[0][0].rowspan), (1, 2));
        assert_eq!((t.rows[0][1].span, t.rows[0][1].rowspan), (2, 1));
        assert_eq!(t.rows[1][0].at, At::line(2), "covered by the cell above");
        assert_eq!(t.rows[2][1].at, At::line(4));
    }

    #[test]
    fn spans_are_clipped_and_zero_rowspan_runs_down() {
        let src = "<table><tr><td rowspan=0 colspan=0>a</td><td rowspan=99>b</td></tr><tr><td>c</td></tr></table>";
        let t = read(src.as_bytes()).unwrap();
        let t = table(&t, 0);
        assert_eq!((t.rows[0][0].span, t.rows[0][0].rowspan), (1, 2));
        assert_eq!(t.rows[0][1].rowspan, 2);
        assert_eq!(t.text(1, 2), "c");
    }

    #[test]
    fn nested_tables_fill_their_cell() {
        let src = "<table><tr><td>外<table><caption>内表</caption><tr><td>x</td><td>y</td></tr></table></td><td>z</td></tr></table>";
        let blocks = read(src.as_bytes()).unwrap();
        assert_eq!(blocks.len(), 1);
        let t = table(&blocks, 0);
        assert_eq!(t.text(0, 0), "外\n内表\nx\ny");
        assert_eq!(t.text(0, 1), "z");
    }

    #[test]
    fn caption_is_the_paragraph_above_its_table() {
        let src = "<p>前文</p><table><caption>表1 收入支出决算总表</caption><tr><td>a</td></tr></table><p>注：后文</p>";
        let blocks = read(src.as_bytes()).unwrap();
        assert_eq!(para(&blocks, 1).text, "表1收入支出决算总表");
        table(&blocks, 2);
        assert_eq!(para(&blocks, 3).text, "注：后文");
    }

    /// GBK bytes of `s` (what a GB2312 page holds).
    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(s).0.into_owned()
    }

    #[test]
    fn gbk_pages_are_decoded() {
        let page = "<html><head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\n<title>标题</title></head><body><p>本年收入合计1,234.50万元。</p><table><tr><td>支出</td></tr></table></body></html>";
        let blocks = read(&gbk(page)).unwrap();
        assert_eq!(para(&blocks, 0).text, "本年收入合计1,234.50万元。");
        assert_eq!(table(&blocks, 1).text(0, 0), "支出");
        // `<meta charset>`, a GBK-only character (GB2312 lacks 镕), and no declaration at all
        // (Chinese browsers assume GBK when the bytes are not UTF-8).
        let blocks = read(&gbk("<meta charset=\"GBK\"><p>朱镕基</p>")).unwrap();
        assert_eq!(para(&blocks, 0).text, "朱镕基");
        let blocks = read(&gbk("<p>收入</p>\n<p>支出</p>")).unwrap();
        assert_eq!(para(&blocks, 1).text, "支出");
        // A page saved as UTF-8 that still declares gb2312 is read as what it is.
        let blocks = read("<meta charset=gb2312><p>收入</p>".as_bytes()).unwrap();
        assert_eq!(para(&blocks, 0).text, "收入");
        // A byte order mark beats a declaration.
        let blocks = read("\u{feff}<meta charset=gbk><p>收入</p>".as_bytes()).unwrap();
        assert_eq!(para(&blocks, 0).text, "收入");
        // A declaration after the head is not one.
        assert_eq!(declared_encoding(b"<p>x</p><meta charset=gbk>"), None);
        assert_eq!(
            declared_encoding(
                b"<!DOCTYPE html><html><head><script>var a='<p>';</script><meta charset=GB2312>"
            ),
            Some(encoding_rs::GBK)
        );
    }

    #[test]
    fn undecodable_text_is_an_error_at_its_line() {
        // Neither UTF-8 nor GBK (0xFF starts nothing in either), on line 3.
        let e = read(b"<p>ok</p>\n<p>ok</p>\n<p>\xff\xfe\xff</p>").unwrap_err();
        assert!(e.to_string().contains("第3行"), "{e}");
        assert!(e.to_string().contains("UTF-8"), "{e}");
        let e = read(b"<meta charset=gbk>\n<p>\xff</p>").unwrap_err();
        assert!(e.to_string().contains("声明的编码是 GBK"), "{e}");
        assert!(e.to_string().contains("第2行"), "{e}");
    }

    #[test]
    fn empty_and_binary_files_are_errors() {
        for bytes in [
            &b""[..],
            b"   \n",
            b"<!DOCTYPE html><html><head><title>t</title></head><body><script>render()</script></body></html>",
        ] {
            let e = read(bytes).unwrap_err();
            assert!(e.to_string().contains("没有可读的文字"), "{e}");
        }
        // A PNG's first bytes and pseudo-random garbage: errors, never a panic.
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0\x5c\x72\xa8\x66\0\0\0\x04";
        let e = read(png).unwrap_err();
        assert!(e.to_string().contains("二进制"), "{e}");
        let mut x: u32 = 0x1234_5678;
        for len in [1usize, 7, 100, 5000] {
            let garbage: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    x.to_le_bytes()[0]
                })
                .collect();
            // Whatever it is, the reader answers.
            let _ = read(&garbage);
            let _ = read(&[b"<table><tr><td>".as_slice(), &garbage].concat());
        }
    }

    #[test]
    fn entities_and_white_space() {
        let src = "<p>&nbsp;&nbsp;&#12288;&#x3000;收入&amp;支出&lt;合计&gt; A&nbsp;&nbsp;B &yen;5 &copy &unknown;</p>";
        let blocks = read(src.as_bytes()).unwrap();
        assert_eq!(para(&blocks, 0).text, "收入&支出<合计> A B ¥5 © &unknown;");
    }

    #[test]
    fn br_breaks_paragraphs_cell_lines_not_headings() {
        let src = "<div>　　一、收入支出决算总体情况说明<br>\n　　2024年度收入总计100万元。<br><br>二、收入决算情况说明</div>\n<h2>第二部分<br>公开表</h2><table><tr><td>一般公共<br/>预算<p>财政拨款</p></td></tr></table>";
        let blocks = read(src.as_bytes()).unwrap();
        let texts: Vec<_> = blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => (p.text.as_str(), p.at.line, p.heading),
                Block::Table(_) => ("表格", 0, false),
            })
            .collect();
        assert_eq!(
            texts,
            vec![
                ("一、收入支出决算总体情况说明", 1, false),
                ("2024年度收入总计100万元。", 2, false),
                ("二、收入决算情况说明", 2, false),
                ("第二部分公开表", 3, true),
                ("表格", 0, false),
            ]
        );
        assert_eq!(table(&blocks, 4).text(0, 0), "一般公共\n预算\n财政拨款");
    }

    #[test]
    fn scripts_styles_and_hidden_parts_are_skipped() {
        let src = "<body style=\"display:none\"><script src=\"a.js\"/>document.write('<p>脚本</p>')</script><style>p::before{content:'样式'}</style>\
            <div style=\"DISPLAY: None\"><div>隐藏</div><p>仍隐藏</p></div><p hidden>隐藏段</p><input type=hidden value=x>\
            <select><option>选项</option></select><!-- <p>注释</p> --><p>正文</p><svg><rect/><text>42</text></svg><p>尾</p></body>";
        let blocks = read(src.as_bytes()).unwrap();
        let texts: Vec<_> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.text.as_str()),
                Block::Table(_) => None,
            })
            .collect();
        assert_eq!(texts, vec!["正文", "尾"]);
    }

    #[test]
    fn a_typical_government_page() {
        // A content system's page: navigation, a nested layout table around the article, the
        // article in `div`s with `&nbsp;` indents, a table with merged cells, `&nbsp;` in
        // empty cells, a footer.
        let src = r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<script type="text/javascript">var _hmt = _hmt || [];</script></head>
<body><div class="nav"><a href="/">首页</a></div>
<div class="article"><div class="title">某局2024年度部门决算</div>
<div class="content"><p style="text-indent:2em">&nbsp;&nbsp;一、收入支出决算总体情况说明</p>
<p align="center"><strong>表1 收入支出决算总表</strong></p>
<table border="1" cellspacing="0">
 <tr><td colspan="2">收入</td><td colspan="2">支出</td></tr>
 <tr><td>项目</td><td>决算数</td><td>项目</td><td>决算数</td></tr>
 <tr><td>一般公共预算财政拨款收入</td><td>1,234.50</td><td rowspan="2">一般公共服务支出</td><td rowspan="2">1,234.50</td></tr>
 <tr><td>&nbsp;</td><td></td></tr>
</table>
<p>注：本表无数据。</p></div></div>
<div class="footer">主办单位：某局</div></body></html>"#;
        let blocks = read(src.as_bytes()).unwrap();
        let texts: Vec<_> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.text.as_str()),
                Block::Table(_) => None,
            })
            .collect();
        assert_eq!(
            texts,
            vec![
                "首页",
                "某局2024年度部门决算",
                "一、收入支出决算总体情况说明",
                "表1收入支出决算总表",
                "注：本表无数据。",
                "主办单位：某局"
            ]
        );
        let t = table(&blocks, 4);
        assert_eq!(t.at, At::line(8));
        assert_eq!(t.width(), 4);
        assert_eq!(t.text(0, 0), "收入");
        assert_eq!(t.rows[0][0].span, 2);
        assert_eq!(t.text(0, 2), "支出");
        assert_eq!(t.text(2, 3), "1,234.50");
        assert_eq!(t.rows[2][2].rowspan, 2);
        // The row below: its own two cells, then the positions the merged cells cover.
        let last: Vec<&str> = t.rows[3].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(last, vec!["", "", "", ""]);
        assert_eq!(t.rows[3][2].at, At::line(11));
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "<p>收入</p>\n<h2>标题</h2>".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let blocks = read(&b).unwrap();
        assert_eq!(para(&blocks, 0).text, "收入");
        assert_eq!(para(&blocks, 1).at, At::line(2));
        assert!(para(&blocks, 1).heading);
    }

    #[test]
    fn head_left_open_and_hidden_elements() {
        let src = "<head><meta charset=utf-8><title>t</title><p>正文</p><svg><text>42</text></svg><noscript>n</noscript><template><p>t</p></template>后";
        let blocks = read(src.as_bytes()).unwrap();
        let texts: Vec<_> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.text.as_str()),
                Block::Table(_) => None,
            })
            .collect();
        assert_eq!(texts, vec!["正文", "后"]);
    }

    #[test]
    fn limits() {
        let deep = "<table><tr><td>".repeat(40);
        let e = read(deep.as_bytes()).unwrap_err();
        assert!(e.to_string().contains("嵌套过深"), "{e}");
        let wide = format!("<table><tr>{}</table>", "<td>x".repeat(1001));
        let e = read(wide.as_bytes()).unwrap_err();
        assert!(e.to_string().contains("1000 列"), "{e}");
        let wide = "<table><tr><td colspan=999>a<td colspan=9>b</table>";
        let e = read(wide.as_bytes()).unwrap_err();
        assert!(e.to_string().contains("1000 列"), "{e}");
        let long = format!("<table>{}</table>", "<tr><td>x".repeat(10_001));
        let e = read(long.as_bytes()).unwrap_err();
        assert!(e.to_string().contains("10000 行"), "{e}");
        // A small file asking for a huge grid.
        let huge = format!(
            "<table><tr><td colspan=1000 rowspan=0>x</td></tr>{}</table>",
            "<tr>".repeat(9_000)
        );
        let e = read(huge.as_bytes()).unwrap_err();
        assert!(e.to_string().contains("单元格超过"), "{e}");
        // Unclosed tags piling up in a hidden part, and end tags searching the pile.
        let pile = format!(
            "<div hidden>{}{}</div><p>后</p>",
            "<p>".repeat(200_000),
            "</b>".repeat(200_000)
        );
        let blocks = read(pile.as_bytes()).unwrap();
        assert_eq!(para(&blocks, 0).text, "后");
    }
}
