//! Positioned text and ruling lines of a PDF page: a small content-stream interpreter over
//! `hayro-syntax` that tracks the graphics and text state, decodes strings through the
//! fonts' `ToUnicode` maps, and keeps the horizontal and vertical strokes tables are drawn
//! with.

use std::collections::HashMap;
use std::rc::Rc;

use hayro_syntax::content::UntypedIter;
use hayro_syntax::object::{Array, Dict, Object, ObjectIdentifier, Stream};
use hayro_syntax::page::Resources;

use super::decode::{Over, Streams};

/// One decoded glyph in page space (points, y upwards).
#[derive(Debug, Clone)]
pub struct Glyph {
    /// The text it stands for (usually one character).
    pub text: String,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    /// Font size in page space.
    pub size: f32,
}

/// A horizontal or vertical ruling line in page space.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Whether the line is horizontal.
    pub horizontal: bool,
    /// The fixed coordinate (y of a horizontal line, x of a vertical one).
    pub at: f32,
    /// Start along the line.
    pub from: f32,
    /// End along the line.
    pub to: f32,
}

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// A font as far as text extraction needs it.
#[derive(Debug, Default)]
pub(crate) struct Font {
    /// Bytes per character code.
    code_len: usize,
    /// Code → text from `ToUnicode`.
    to_unicode: HashMap<u32, String>,
    /// Codes are UTF-16 (predefined `Uni…-UCS2/UTF16` CMaps).
    utf16_codes: bool,
    /// Code → width in 1/1000 text space units.
    widths: HashMap<u32, f32>,
    default_width: f32,
}

impl Font {
    fn text(&self, code: u32) -> Option<String> {
        if let Some(t) = self.to_unicode.get(&code) {
            return Some(t.clone());
        }
        if self.utf16_codes {
            return char::from_u32(code).map(String::from);
        }
        if self.code_len == 1 {
            // Simple fonts without a map: standard/WinAnsi encodings agree with Latin-1 on
            // the printable ASCII range, which is all a disclosure needs from them.
            let c = code as u8;
            return (c.is_ascii_graphic() || c == b' ').then(|| char::from(c).to_string());
        }
        None
    }

    fn width(&self, code: u32) -> f32 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
    }
}

fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Number(n) => Some(n.as_f64()),
        _ => None,
    }
}

fn key(k: &'static [u8]) -> &'static [u8] {
    k
}

fn load_font(dict: &Dict, streams: &mut Streams) -> Result<Font, Over> {
    let subtype = dict
        .get::<hayro_syntax::object::Name>(key(b"Subtype"))
        .map(|n| n.as_str().to_string())
        .unwrap_or_default();
    let mut font = Font::default();
    if subtype == "Type0" {
        font.code_len = 2;
        let enc = dict
            .get::<hayro_syntax::object::Name>(key(b"Encoding"))
            .map(|n| n.as_str().to_string())
            .unwrap_or_default();
        font.utf16_codes = enc.contains("UCS2") || enc.contains("UTF16");
        font.default_width = 1000.0;
        if let Some(desc) = dict
            .get::<Array>(key(b"DescendantFonts"))
            .and_then(|a| a.iter::<Dict>().next())
        {
            if let Some(dw) = desc.get::<Object>(key(b"DW")).as_ref().and_then(num) {
                font.default_width = dw as f32;
            }
            if let Some(w) = desc.get::<Array>(key(b"W")) {
                cid_widths(&w, &mut font.widths);
            }
        }
    } else {
        font.code_len = 1;
        font.default_width = 500.0;
        let first = dict
            .get::<Object>(key(b"FirstChar"))
            .as_ref()
            .and_then(num)
            .unwrap_or(0.0) as u32;
        if let Some(w) = dict.get::<Array>(key(b"Widths")) {
            for (i, o) in w.iter::<Object>().enumerate().take(256) {
                if let Some(v) = num(&o) {
                    font.widths.insert(first + i as u32, v as f32);
                }
            }
        }
    }
    if let Some(s) = dict.get::<Stream>(key(b"ToUnicode"))
        && let Some(data) = streams.decode(&s)?
    {
        let len = super::cmap::parse(&data, &mut font.to_unicode);
        if let Some(l) = len
            && font.code_len == 2
        {
            font.code_len = l.clamp(1, 4);
        }
    }
    Ok(font)
}

/// The dictionary of the XObject `name`, looked up where `Resources::get_x_object` looks
/// (these resources, then their parents) but without parsing the stream.
fn x_object_dict<'a>(
    resources: &Resources<'a>,
    name: &hayro_syntax::object::Name,
) -> Option<Dict<'a>> {
    let mut at = Some(resources);
    while let Some(r) = at {
        if let Some(dict) = r.x_objects.get::<Dict>(&**name) {
            return Some(dict);
        }
        at = r.parent();
    }
    None
}

/// The `W` array of a CID font: `c [w…]` and `c1 c2 w` entries.
fn cid_widths(w: &Array, out: &mut HashMap<u32, f32>) {
    let items: Vec<Object> = w.iter::<Object>().take(200_000).collect();
    let mut i = 0;
    while i < items.len() {
        let Some(first) = num(&items[i]) else {
            i += 1;
            continue;
        };
        match items.get(i + 1) {
            Some(Object::Array(a)) => {
                for (k, o) in a.iter::<Object>().enumerate().take(65_536) {
                    if let Some(v) = num(&o) {
                        out.insert(first as u32 + k as u32, v as f32);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let (Some(last), Some(v)) = (num(o), items.get(i + 2).and_then(num)) else {
                    break;
                };
                let (a, b) = (first as u32, last as u32);
                if b >= a && b - a <= 65_536 {
                    for c in a..=b {
                        out.insert(c, v as f32);
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
}

#[derive(Clone)]
struct TextState {
    font: Option<Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scaling: f64,
    leading: f64,
    rise: f64,
}

impl Default for TextState {
    fn default() -> Self {
        TextState {
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scaling: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    text: TextState,
}

/// Work limits per page: operators interpreted and glyphs kept.
const MAX_OPS: usize = 2_000_000;
const MAX_GLYPHS: usize = 400_000;
const MAX_FORM_DEPTH: usize = 8;

/// What a page yields.
#[derive(Default)]
pub struct PageContent {
    /// Glyphs in content order.
    pub glyphs: Vec<Glyph>,
    /// Ruling lines.
    pub rules: Vec<Rule>,
    /// Whether the page paints images (a scan when there are no glyphs).
    pub images: bool,
    /// Glyphs whose text could not be decoded (no `ToUnicode`).
    pub undecoded: usize,
}

/// Fonts shared by all pages of a document.
#[derive(Default)]
pub struct FontCache(HashMap<ObjectIdentifier, Rc<Font>>);

struct Interp<'c> {
    out: PageContent,
    fonts: &'c mut FontCache,
    streams: &'c mut Streams,
    /// The decoding limit a stream ran into: the page (and the document) stops there.
    over: Option<Over>,
    ops: usize,
    path: Vec<(f64, f64, f64, f64)>,
    start: (f64, f64),
    cur: (f64, f64),
}

/// Interprets one page's content; an error when a stream would decode beyond the limits.
pub fn page_content(
    page: &hayro_syntax::page::Page,
    fonts: &mut FontCache,
    streams: &mut Streams,
) -> Result<PageContent, Over> {
    let data = page_stream(page, streams)?;
    let mut it = Interp {
        out: PageContent::default(),
        fonts,
        streams,
        over: None,
        ops: 0,
        path: Vec::new(),
        start: (0.0, 0.0),
        cur: (0.0, 0.0),
    };
    let state = GState {
        ctm: IDENTITY,
        text: TextState::default(),
    };
    if let Some(data) = data {
        it.run(&data, page.resources(), state, 0);
    }
    match it.over {
        Some(over) => Err(over),
        None => Ok(it.out),
    }
}

/// A page's content: its `/Contents` stream, or its streams one after another with a space
/// between, those that cannot be decoded left out (as `hayro-syntax`'s `page_stream`, but
/// within the decoding limits and not kept once the page is read).
fn page_stream(
    page: &hayro_syntax::page::Page,
    streams: &mut Streams,
) -> Result<Option<Vec<u8>>, Over> {
    let dict = page.raw();
    if let Some(stream) = dict.get::<Stream>(key(b"Contents")) {
        return streams.decode(&stream);
    }
    let Some(array) = dict.get::<Array>(key(b"Contents")) else {
        return Ok(None);
    };
    let mut data = Vec::new();
    for stream in array.iter::<Stream>() {
        if streams.decode_into(&stream, &mut data)? {
            data.push(b' ');
        }
    }
    Ok(Some(data))
}

impl Interp<'_> {
    fn font(
        &mut self,
        resources: &Resources,
        name: hayro_syntax::object::Name,
    ) -> Option<Rc<Font>> {
        let dict: Dict = resources.get_font(name, Box::new(|_| None), Box::new(Some))?;
        match dict.obj_id() {
            Some(id) => {
                if let Some(f) = self.fonts.0.get(&id) {
                    return Some(f.clone());
                }
                let f = Rc::new(self.load_font(&dict)?);
                self.fonts.0.insert(id, f.clone());
                Some(f)
            }
            None => self.load_font(&dict).map(Rc::new),
        }
    }

    /// A font, or `None` (and the page stopped) when its `ToUnicode` map is over the limits.
    fn load_font(&mut self, dict: &Dict) -> Option<Font> {
        load_font(dict, self.streams)
            .map_err(|over| self.over = Some(over))
            .ok()
    }

    fn run(&mut self, data: &[u8], resources: &Resources, mut gs: GState, depth: usize) {
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        // One buffer for every instruction's operands, and the operator copied to the
        // stack: no allocation per instruction (a page holds tens of thousands).
        let mut args: Vec<Object> = Vec::new();
        for ins in UntypedIter::new(data) {
            self.ops += 1;
            if self.ops > MAX_OPS || self.out.glyphs.len() > MAX_GLYPHS || self.over.is_some() {
                return;
            }
            // Operators are at most 3 bytes; a longer one is no operator this reader knows.
            let mut op_name = [0u8; 4];
            let op: &[u8] = match op_name.get_mut(..ins.operator.len()) {
                Some(buf) => {
                    buf.copy_from_slice(&ins.operator);
                    buf
                }
                None => b"",
            };
            args.clear();
            args.extend(ins.operands());
            let n = |i: usize| args.get(i).and_then(num).unwrap_or(0.0);
            match op {
                b"q" if stack.len() < 256 => stack.push(gs.clone()),
                b"Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                b"cm" => gs.ctm = mul(&[n(0), n(1), n(2), n(3), n(4), n(5)], &gs.ctm),
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"Tf" => {
                    gs.text.size = n(1);
                    gs.text.font = match args.first() {
                        Some(Object::Name(name)) => self.font(resources, name.clone()),
                        _ => None,
                    };
                }
                b"Tc" => gs.text.char_spacing = n(0),
                b"Tw" => gs.text.word_spacing = n(0),
                b"Tz" => gs.text.scaling = n(0) / 100.0,
                b"TL" => gs.text.leading = n(0),
                b"Ts" => gs.text.rise = n(0),
                b"Td" | b"TD" => {
                    if op == b"TD" {
                        gs.text.leading = -n(1);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &tlm);
                    tm = tlm;
                }
                b"Tm" => {
                    tlm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    tm = tlm;
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.text.leading], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" => {
                    if op != b"Tj" {
                        if op == b"\"" {
                            gs.text.word_spacing = n(0);
                            gs.text.char_spacing = n(1);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.text.leading], &tlm);
                        tm = tlm;
                    }
                    if let Some(Object::String(s)) = args.last() {
                        self.show(&s.get(), &gs, &mut tm);
                    }
                }
                b"TJ" => {
                    if let Some(Object::Array(a)) = args.first() {
                        for o in a.iter::<Object>() {
                            match o {
                                Object::String(s) => self.show(&s.get(), &gs, &mut tm),
                                Object::Number(adj) => {
                                    let tx =
                                        -adj.as_f64() / 1000.0 * gs.text.size * gs.text.scaling;
                                    tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                }
                                _ => {}
                            }
                        }
                    }
                }
                b"m" => {
                    self.cur = apply(&gs.ctm, n(0), n(1));
                    self.start = self.cur;
                }
                b"l" => {
                    let p = apply(&gs.ctm, n(0), n(1));
                    self.path.push((self.cur.0, self.cur.1, p.0, p.1));
                    self.cur = p;
                }
                b"c" | b"v" | b"y" => {
                    let k = args.len();
                    if k >= 2 {
                        // Curves are not ruling lines; keep only the current point.
                        self.cur = apply(&gs.ctm, n(k - 2), n(k - 1));
                    }
                }
                b"h" => {
                    self.path
                        .push((self.cur.0, self.cur.1, self.start.0, self.start.1));
                    self.cur = self.start;
                }
                b"re" => {
                    let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                    let p = [
                        apply(&gs.ctm, x, y),
                        apply(&gs.ctm, x + w, y),
                        apply(&gs.ctm, x + w, y + h),
                        apply(&gs.ctm, x, y + h),
                    ];
                    for i in 0..4 {
                        let (a, b) = (p[i], p[(i + 1) % 4]);
                        self.path.push((a.0, a.1, b.0, b.1));
                    }
                    self.cur = p[0];
                    self.start = p[0];
                }
                b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*" => self.paint(true),
                b"f" | b"F" | b"f*" => self.paint(false),
                b"n" => self.path.clear(),
                b"Do" => {
                    if let Some(Object::Name(name)) = args.first() {
                        self.x_object(resources, name.clone(), &gs, depth);
                    }
                }
                b"BI" => self.out.images = true,
                _ => {}
            }
        }
    }

    fn x_object(
        &mut self,
        resources: &Resources,
        name: hayro_syntax::object::Name,
        gs: &GState,
        depth: usize,
    ) {
        // The dictionary first, read as a dictionary: an image's data is then never parsed,
        // which hayro-syntax does by decoding it whole when its length is wrong.
        let Some(dict) = x_object_dict(resources, &name) else {
            return;
        };
        let subtype = dict
            .get::<hayro_syntax::object::Name>(key(b"Subtype"))
            .map(|n| n.as_str().to_string())
            .unwrap_or_default();
        if subtype == "Image" {
            self.out.images = true;
            return;
        }
        if subtype != "Form" || depth >= MAX_FORM_DEPTH {
            return;
        }
        let Some(stream): Option<Stream> =
            resources.get_x_object(name, Box::new(|_| None), Box::new(Some))
        else {
            return;
        };
        let dict = stream.dict().clone();
        let data = match self.streams.form(&stream) {
            Ok(Some(data)) => data,
            Ok(None) => return,
            Err(over) => {
                self.over = Some(over);
                return;
            }
        };
        let mut inner = gs.clone();
        if let Some(m) = dict.get::<Array>(key(b"Matrix")) {
            let v: Vec<f64> = m.iter::<Object>().filter_map(|o| num(&o)).collect();
            if v.len() == 6 {
                inner.ctm = mul(&[v[0], v[1], v[2], v[3], v[4], v[5]], &gs.ctm);
            }
        }
        let res = match dict.get::<Dict>(key(b"Resources")) {
            Some(d) => Resources::from_parent(d, resources.clone()),
            None => resources.clone(),
        };
        self.run(&data, &res, inner, depth + 1);
    }

    /// Keeps the straight axis-parallel segments of a painted path (and thin filled
    /// rectangles, which many generators draw borders with).
    fn paint(&mut self, stroked: bool) {
        let path = std::mem::take(&mut self.path);
        if !stroked {
            // A filled shape is a line only when thin: take its bounding box.
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for &(a, b, c, d) in &path {
                x0 = x0.min(a).min(c);
                x1 = x1.max(a).max(c);
                y0 = y0.min(b).min(d);
                y1 = y1.max(b).max(d);
            }
            if path.len() <= 5 && x1 > x0 {
                if y1 - y0 < 2.5 && x1 - x0 > 2.5 {
                    self.push_rule(true, (y0 + y1) / 2.0, x0, x1);
                } else if x1 - x0 < 2.5 && y1 - y0 > 2.5 {
                    self.push_rule(false, (x0 + x1) / 2.0, y0, y1);
                }
            }
            return;
        }
        for (a, b, c, d) in path {
            if (b - d).abs() < 0.5 && (a - c).abs() > 0.5 {
                self.push_rule(true, b, a.min(c), a.max(c));
            } else if (a - c).abs() < 0.5 && (b - d).abs() > 0.5 {
                self.push_rule(false, a, b.min(d), b.max(d));
            }
        }
    }

    fn push_rule(&mut self, horizontal: bool, at: f64, from: f64, to: f64) {
        if self.out.rules.len() < 100_000 {
            self.out.rules.push(Rule {
                horizontal,
                at: at as f32,
                from: from as f32,
                to: to as f32,
            });
        }
    }

    fn show(&mut self, bytes: &[u8], gs: &GState, tm: &mut Matrix) {
        let Some(font) = gs.text.font.clone() else {
            return;
        };
        let t = &gs.text;
        let len = font.code_len.max(1);
        for chunk in bytes.chunks(len) {
            let code = chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
            let w0 = f64::from(font.width(code)) / 1000.0;
            let trm = mul(
                &mul(&[t.size * t.scaling, 0.0, 0.0, t.size, 0.0, t.rise], tm),
                &gs.ctm,
            );
            let space = if len == 1 && code == 32 {
                t.word_spacing
            } else {
                0.0
            };
            let tx = (w0 * t.size + t.char_spacing + space) * t.scaling;
            let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
            let x_scale = (trm[0] * trm[0] + trm[1] * trm[1]).sqrt();
            match font.text(code) {
                Some(text) if !text.chars().all(|c| c == '\0') => {
                    if self.out.glyphs.len() < MAX_GLYPHS {
                        self.out.glyphs.push(Glyph {
                            text,
                            x0: trm[4] as f32,
                            x1: (trm[4] + w0 * x_scale) as f32,
                            y: trm[5] as f32,
                            size: size as f32,
                        });
                    }
                }
                _ => self.out.undecoded += 1,
            }
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
        }
    }
}
