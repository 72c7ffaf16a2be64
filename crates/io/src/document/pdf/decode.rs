//! Stream decoding within a budget. A FlateDecode stream inflates up to ~1000-fold and filters
//! chain, so a file of 1 MB could ask for gigabytes, and `hayro-syntax` decodes without a
//! limit. Every stream the reader decodes itself (page contents, form XObjects, `ToUnicode`
//! maps) therefore goes through the filters here, which stop at [`MAX_STREAM_BYTES`] for one
//! stream and [`MAX_DECODED_BYTES`] for the document; and the streams `hayro-syntax`
//! decodes on its own (cross-reference and object streams, streams whose `/Length` is wrong)
//! are measured before it sees the file ([`super::scan`]). Image streams are never decoded.
//!
//! The filters give byte for byte what `hayro-syntax` gives (the tests compare them), so
//! normal files read as before.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::rc::Rc;

use flate2::read::{DeflateDecoder, ZlibDecoder};
use hayro_syntax::object::{Array, Dict, Name, Object, ObjectIdentifier, Stream};

use crate::document::{MAX_DECODED_BYTES, MAX_STREAM_BYTES};

/// Which limit decoding ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Over {
    /// One stream would decode to more than [`MAX_STREAM_BYTES`].
    Stream,
    /// The document's streams together would decode to more than [`MAX_DECODED_BYTES`].
    Total,
}

/// One document's decoding: the bytes decoded so far and the small form XObjects already
/// decoded (a logo or a header drawn on every page is decoded, and counted, once).
#[derive(Default)]
pub(super) struct Streams {
    used: u64,
    forms: HashMap<ObjectIdentifier, Option<Rc<Vec<u8>>>>,
    /// The bytes `forms` keeps.
    kept: usize,
}

/// The largest form XObject kept once decoded: larger ones are decoded, and counted, each
/// time they are drawn, so what is kept stays small and a large form drawn again and again
/// runs into the budget.
const KEEP_FORM: usize = 1024 * 1024;
/// The most bytes of decoded forms kept.
const KEEP_FORMS: usize = 16 * 1024 * 1024;

/// Why one filter stopped.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Stop {
    /// The output would pass the limit.
    TooLarge,
    /// The data is broken; what was decoded before the break is kept in the output.
    Broken,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Filter {
    AsciiHex,
    Ascii85,
    Lzw,
    Flate,
    RunLength,
    /// Image codecs and `Crypt`: never what text is drawn with, so such streams are skipped.
    Other,
}

impl Filter {
    /// The filter a name stands for, as `hayro-syntax` reads them (abbreviations included).
    pub(super) fn from_name(name: &[u8]) -> Option<Filter> {
        Some(match name {
            b"ASCIIHexDecode" | b"AHx" => Filter::AsciiHex,
            b"ASCII85Decode" | b"A85" => Filter::Ascii85,
            b"LZWDecode" | b"LZW" => Filter::Lzw,
            b"FlateDecode" | b"Fl" => Filter::Flate,
            b"RunLengthDecode" | b"RL" => Filter::RunLength,
            b"CCITTFaxDecode" | b"CCF" | b"JBIG2Decode" | b"DCTDecode" | b"DCT" | b"JPXDecode"
            | b"Crypt" => Filter::Other,
            _ => return None,
        })
    }

    /// The most bytes one input byte can become: deflate's longest match in two bits, an
    /// LZW code of nine bits for a table entry of up to 4,096 bytes, a run of 128 from two
    /// bytes, `z` for four zeros.
    fn ratio(self) -> u64 {
        match self {
            Filter::Flate => 1032,
            Filter::Lzw => 4096,
            Filter::RunLength => 64,
            Filter::Ascii85 => 4,
            Filter::AsciiHex | Filter::Other => 1,
        }
    }
}

/// A stream's filters with their parameters, as `hayro-syntax` reads them: `None` when the
/// array names a filter it does not know (it then fails the stream); a single unknown name
/// leaves the data as it is.
fn filters<'a>(dict: &Dict<'a>) -> Option<Vec<(Filter, Option<Dict<'a>>)>> {
    if let Some(f) = dict
        .get::<Name>(&b"F"[..])
        .or_else(|| dict.get::<Name>(&b"Filter"[..]))
        .and_then(|n| Filter::from_name(&n))
    {
        let params = dict
            .get::<Dict>(&b"DP"[..])
            .or_else(|| dict.get::<Dict>(&b"DecodeParms"[..]));
        return Some(vec![(f, params)]);
    }
    let Some(names) = dict
        .get::<Array>(&b"F"[..])
        .or_else(|| dict.get::<Array>(&b"Filter"[..]))
    else {
        return Some(Vec::new());
    };
    let filters = names
        .iter::<Name>()
        .map(|n| Filter::from_name(&n))
        .collect::<Option<Vec<_>>>()?;
    let params: Vec<Object> = dict
        .get::<Array>(&b"DP"[..])
        .or_else(|| dict.get::<Array>(&b"DecodeParms"[..]))
        .map(|a| a.iter::<Object>().collect())
        .unwrap_or_default();
    Some(
        filters
            .into_iter()
            .enumerate()
            .map(|(i, f)| (f, params.get(i).cloned().and_then(Object::into_dict)))
            .collect(),
    )
}

/// The `Predictor` of a filter's parameters (1: none).
fn predictor(params: Option<&Dict>) -> u8 {
    params
        .and_then(|p| p.get::<u8>(&b"Predictor"[..]))
        .unwrap_or(1)
}

impl Streams {
    /// A document's decoding, its budget already charged with what `hayro-syntax` will
    /// decode on its own (see [`super::scan`]): an error when that alone is over the limits.
    pub(super) fn new(file: &[u8]) -> Result<Streams, Over> {
        Ok(Streams {
            used: super::scan::measure(file)?,
            ..Streams::default()
        })
    }

    /// The most bytes the next filter may produce when `before` bytes of the same content
    /// were decoded already (a page's contents may be several streams), and the limit that
    /// sets it.
    fn room(&self, before: usize) -> (usize, Over) {
        let stream = MAX_STREAM_BYTES.saturating_sub(before as u64);
        let left = MAX_DECODED_BYTES.saturating_sub(self.used);
        let (room, over) = if stream <= left {
            (stream, Over::Stream)
        } else {
            (left, Over::Total)
        };
        (usize::try_from(room).unwrap_or(usize::MAX), over)
    }

    fn charge(&mut self, n: usize) {
        self.used = self.used.saturating_add(n as u64);
    }

    /// A stream's decoded data; `None` when it cannot be decoded (then it is skipped, as
    /// before).
    pub(super) fn decode(&mut self, stream: &Stream) -> Result<Option<Vec<u8>>, Over> {
        let mut out = Vec::new();
        Ok(self.decode_into(stream, &mut out)?.then_some(out))
    }

    /// A form XObject's decoded content: a small one decoded once per document.
    pub(super) fn form(&mut self, stream: &Stream) -> Result<Option<Rc<Vec<u8>>>, Over> {
        let id = stream.dict().obj_id();
        if let Some(cached) = id.and_then(|id| self.forms.get(&id)) {
            return Ok(cached.clone());
        }
        let data = self.decode(stream)?.map(Rc::new);
        let len = data.as_ref().map_or(0, |d| d.len());
        if let Some(id) = id
            && len <= KEEP_FORM
            && self.kept + len <= KEEP_FORMS
        {
            self.kept += len;
            self.forms.insert(id, data.clone());
        }
        Ok(data)
    }

    /// Appends a stream's decoded data to `out`, what `out` holds already counting towards
    /// the limit for one stream; `false` (and `out` unchanged) when it cannot be decoded.
    pub(super) fn decode_into(&mut self, stream: &Stream, out: &mut Vec<u8>) -> Result<bool, Over> {
        let raw = stream.raw_data();
        let Some(chain) = filters(stream.dict()) else {
            return Ok(false);
        };
        let start = out.len();
        if chain.is_empty() {
            // Bytes read from the file as they are; but a page may list one stream many times.
            let (room, over) = self.room(start);
            if raw.len() > room {
                return Err(over);
            }
            self.charge(raw.len());
            out.extend_from_slice(&raw);
            return Ok(true);
        }
        if chain.iter().any(|(f, _)| *f == Filter::Other) {
            return Ok(false);
        }
        // Predictors (rows of image-like data) are left to hayro-syntax, once the filters
        // have shown the data fits: a predictor only shrinks it. Text streams never have one.
        let predicted = chain
            .iter()
            .any(|(f, p)| matches!(f, Filter::Flate | Filter::Lzw) && predictor(p.as_ref()) > 1);
        let raw_len = raw.len() as u64;
        let mut current: Cow<[u8]> = raw;
        for (i, (filter, params)) in chain.iter().enumerate() {
            let last = i + 1 == chain.len() && !predicted;
            let mut scratch = Vec::new();
            let target = if last { &mut *out } else { &mut scratch };
            let from = target.len();
            let (room, over) = self.room(start);
            match apply(*filter, &current, params.as_ref(), target, room) {
                Ok(()) => {}
                Err(Stop::TooLarge) => {
                    out.truncate(start);
                    return Err(over);
                }
                Err(Stop::Broken) if *filter == Filter::Flate => {
                    // hayro-syntax then decodes leniently (pdf.js's inflater); when even the
                    // worst case of the whole chain fits, let it, for the same result.
                    let worst = chain
                        .iter()
                        .fold(raw_len, |n, (f, _)| n.saturating_mul(f.ratio()));
                    if worst <= room as u64 {
                        out.truncate(start);
                        return Ok(self.hayro(stream, out));
                    }
                    // Otherwise what was inflated before the break, as the lenient
                    // decoder would mostly give too.
                }
                Err(Stop::Broken) => {
                    out.truncate(start);
                    return Ok(false);
                }
            }
            self.charge(target.len() - from);
            if !last {
                current = Cow::Owned(scratch);
            }
        }
        if predicted {
            drop(current);
            return Ok(self.hayro(stream, out));
        }
        Ok(true)
    }

    /// hayro-syntax's own decoding of a stream already known to fit the room left.
    fn hayro(&mut self, stream: &Stream, out: &mut Vec<u8>) -> bool {
        match stream.decoded() {
            Ok(data) => {
                self.charge(data.len());
                out.extend_from_slice(&data);
                true
            }
            Err(_) => false,
        }
    }
}

/// Whether a byte continues a PDF name or number (not white space or a delimiter).
pub(super) fn is_regular(b: u8) -> bool {
    !matches!(
        b,
        0 | b'\t'
            | b'\n'
            | 0x0c
            | b'\r'
            | b' '
            | b'('
            | b')'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'/'
            | b'%'
    )
}

/// Runs one filter, appending at most `room` bytes to `out`.
fn apply(
    filter: Filter,
    input: &[u8],
    params: Option<&Dict>,
    out: &mut Vec<u8>,
    room: usize,
) -> Result<(), Stop> {
    let early_change = params
        .and_then(|p| p.get::<u8>(&b"EarlyChange"[..]))
        .is_none_or(|e| e != 0);
    apply_with(filter, input, early_change, out, room)
}

/// Runs one filter with LZW's `EarlyChange` given, appending at most `room` bytes to `out`.
pub(super) fn apply_with(
    filter: Filter,
    input: &[u8],
    early_change: bool,
    out: &mut Vec<u8>,
    room: usize,
) -> Result<(), Stop> {
    match filter {
        Filter::Flate => flate(input, out, room),
        Filter::Lzw => lzw(input, early_change, out, room),
        Filter::AsciiHex => ascii_hex(input, out, room),
        Filter::Ascii85 => ascii_85(input, out, room),
        Filter::RunLength => run_length(input, out, room),
        Filter::Other => Err(Stop::Broken),
    }
}

/// Reads a decoder to its end, but never more than `room` bytes.
fn read_capped(decoder: impl Read, out: &mut Vec<u8>, room: usize) -> Result<(), Stop> {
    let start = out.len();
    let read = decoder.take(room as u64 + 1).read_to_end(out);
    if out.len() - start > room {
        return Err(Stop::TooLarge);
    }
    read.map(|_| ()).map_err(|_| Stop::Broken)
}

/// Whether data starts with a zlib header, as pdf.js's inflater checks it.
fn zlib_header(data: &[u8]) -> bool {
    match data {
        [cmf, flg, ..] => {
            cmf & 0x0f == 0x08
                && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0
                && flg & 0x20 == 0
        }
        _ => false,
    }
}

/// FlateDecode as `hayro-syntax` does it: zlib, else raw deflate; when both break, the
/// output holds what the attempt the lenient fallback would follow inflated before the break.
fn flate(input: &[u8], out: &mut Vec<u8>, room: usize) -> Result<(), Stop> {
    let start = out.len();
    match read_capped(ZlibDecoder::new(input), out, room) {
        Err(Stop::Broken) => {}
        done => return done,
    }
    let zlib = out.split_off(start);
    match read_capped(DeflateDecoder::new(input), out, room) {
        Err(Stop::Broken) => {}
        done => return done,
    }
    if zlib_header(input) {
        out.truncate(start);
        out.extend_from_slice(&zlib);
    }
    Err(Stop::Broken)
}

/// ASCIIHexDecode: hex digits up to `>`, white space skipped, an odd last digit padded
/// with `0`; any other byte breaks the stream.
fn ascii_hex(input: &[u8], out: &mut Vec<u8>, room: usize) -> Result<(), Stop> {
    let mut digits = 0usize;
    for &b in input {
        match b {
            b'>' => break,
            b if b.is_ascii_hexdigit() => digits += 1,
            0 | b'\t' | b'\n' | 0x0c | b'\r' | b' ' => {}
            _ => return Err(Stop::Broken),
        }
    }
    if digits.div_ceil(2) > room {
        return Err(Stop::TooLarge);
    }
    let mut high: Option<u8> = None;
    for &b in input {
        let v = match b {
            b'>' => break,
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => continue,
        };
        match high.take() {
            Some(h) => out.push(h << 4 | v),
            None => high = Some(v),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    Ok(())
}

/// ASCII85Decode: groups of five up to `~`, `z` for four zeros, a short last group padded
/// with `u`; a character outside `!`..`u` breaks the stream.
fn ascii_85(input: &[u8], out: &mut Vec<u8>, room: usize) -> Result<(), Stop> {
    let start = out.len();
    let mut group = [0u8; 5];
    let mut n = 0usize;
    for &b in input {
        if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            continue;
        }
        if b == b'~' {
            break;
        }
        if b == b'z' && n == 0 {
            out.extend_from_slice(&[0; 4]);
        } else {
            group[n] = b;
            n += 1;
            if n == 5 {
                out.extend_from_slice(&word_85(group).ok_or(Stop::Broken)?);
                n = 0;
            }
        }
        if out.len() - start > room {
            return Err(Stop::TooLarge);
        }
    }
    if n > 0 {
        group[n..].fill(b'u');
        let word = word_85(group).ok_or(Stop::Broken)?;
        out.extend_from_slice(&word[..n - 1]);
    }
    if out.len() - start > room {
        return Err(Stop::TooLarge);
    }
    Ok(())
}

fn word_85(group: [u8; 5]) -> Option<[u8; 4]> {
    let mut q = 0u64;
    for b in group {
        if !(0x21..=0x75).contains(&b) {
            return None;
        }
        q = q * 85 + u64::from(b - 0x21);
    }
    u32::try_from(q).ok().map(u32::to_be_bytes)
}

/// RunLengthDecode: a length byte, then that many + 1 literal bytes (< 128) or one byte
/// repeated 257 − length times (> 128); 128 or a short run ends the data.
fn run_length(input: &[u8], out: &mut Vec<u8>, room: usize) -> Result<(), Stop> {
    let start = out.len();
    let mut i = 0;
    while let Some(&len) = input.get(i) {
        i += 1;
        match len {
            128 => break,
            0..=127 => {
                let Some(run) = input.get(i..i + len as usize + 1) else {
                    break;
                };
                out.extend_from_slice(run);
                i += run.len();
            }
            _ => {
                let Some(&b) = input.get(i) else {
                    break;
                };
                out.resize(out.len() + 257 - len as usize, b);
                i += 1;
            }
        }
        if out.len() - start > room {
            return Err(Stop::TooLarge);
        }
    }
    Ok(())
}

/// LZWDecode: codes of 9 to 12 bits, most significant bit first, 256 clearing the table
/// and 257 ending the data; a missing end is tolerated, an impossible code breaks the stream.
fn lzw(input: &[u8], early_change: bool, out: &mut Vec<u8>, room: usize) -> Result<(), Stop> {
    const CLEAR: usize = 256;
    const END: usize = 257;
    const FIRST: usize = 258;
    const MAX_ENTRIES: usize = 4096;
    let start = out.len();
    // The entries from 258 on, each a stretch (offset from `start`, length) of the output:
    // an entry is the previous code's output plus one byte, and that byte is the first of
    // the output following it, so the entry was written out just before.
    let mut table: Vec<(usize, usize)> = Vec::new();
    // The previous code's output, which the next code extends into a new entry.
    let mut prev: Option<(usize, usize)> = None;
    let mut bit = 0usize;
    loop {
        let size = FIRST + table.len();
        let width = match size + usize::from(early_change) {
            n if n >= 2048 => 12,
            n if n >= 1024 => 11,
            n if n >= 512 => 10,
            _ => 9,
        };
        let Some(code) = read_bits(input, bit, width) else {
            return Ok(());
        };
        bit += width;
        match code {
            CLEAR => {
                table.clear();
                prev = None;
                continue;
            }
            END => return Ok(()),
            _ => {}
        }
        let here = out.len() - start;
        if code < 256 {
            out.push(code as u8);
        } else if code < size {
            let (off, len) = table[code - FIRST];
            out.extend_from_within(start + off..start + off + len);
        } else if code == size
            && size < MAX_ENTRIES
            && let Some((off, len)) = prev
        {
            out.extend_from_within(start + off..start + off + len);
            out.push(out[start + off]);
        } else {
            return Err(Stop::Broken);
        }
        if let Some((off, len)) = prev
            && size < MAX_ENTRIES
        {
            table.push((off, len + 1));
        }
        prev = Some((here, out.len() - start - here));
        if out.len() - start > room {
            return Err(Stop::TooLarge);
        }
    }
}

/// `width` bits from bit `bit` on, most significant first; `None` past the end.
fn read_bits(data: &[u8], bit: usize, width: usize) -> Option<usize> {
    let bytes = data.get(bit / 8..=(bit + width - 1) / 8)?;
    let v = bytes
        .iter()
        .enumerate()
        .fold(0u64, |v, (i, &b)| v | u64::from(b) << (56 - 8 * i));
    Some(((v >> (64 - bit % 8 - width)) & ((1 << width) - 1)) as usize)
}

/// The size a Flate stream inflates to, counted without keeping it, up to just past
/// `room`: zlib layers stacked in one another are followed, and raw deflate is tried when
/// zlib breaks, as `hayro-syntax` would.
pub(super) fn inflated_len(data: &[u8], room: u64) -> u64 {
    fn layers<'a>(data: &'a [u8], depth: usize) -> Box<dyn Read + 'a> {
        let mut r: Box<dyn Read + 'a> = Box::new(ZlibDecoder::new(data));
        for _ in 1..depth {
            r = Box::new(ZlibDecoder::new(r));
        }
        r
    }
    fn count(mut r: impl Read, room: u64) -> (u64, bool) {
        let mut buf = vec![0u8; 64 * 1024];
        let mut n = 0u64;
        loop {
            match r.read(&mut buf) {
                Ok(0) => return (n, true),
                Ok(k) => n += k as u64,
                Err(_) => return (n, false),
            }
            if n > room {
                return (n, true);
            }
        }
    }
    let (mut most, whole) = count(layers(data, 1), room);
    if !whole {
        most = most.max(count(DeflateDecoder::new(data), room).0);
    }
    // Data that inflates to another zlib stream is a filter array of several FlateDecode:
    // each layer is counted (a text layer that merely looks like zlib breaks at once).
    for depth in 2..=4 {
        let mut head = [0u8; 2];
        if most > room
            || layers(data, depth - 1).read_exact(&mut head).is_err()
            || !zlib_header(&head)
        {
            break;
        }
        most = most.max(count(layers(data, depth), room).0);
    }
    most
}

/// A zlib stream of `mib` MiB of zeros, made of one compressed MiB repeated (a few KB a
/// MiB), so a test never holds the inflated data.
#[cfg(test)]
pub(super) fn zeros_bomb(mib: usize) -> Vec<u8> {
    // Raw deflate ending in a sync flush: byte-aligned, not final, and starting with a
    // literal zero, so it means one MiB of zeros wherever it is repeated.
    let zeros = vec![0; 1 << 20];
    let mut block = Vec::with_capacity(1 << 16);
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    while c.total_in() < zeros.len() as u64 || block.len() == block.capacity() {
        block.reserve(1 << 16);
        let at = c.total_in() as usize;
        c.compress_vec(&zeros[at..], &mut block, flate2::FlushCompress::Sync)
            .expect("deflating zeros");
    }
    let mut out = vec![0x78, 0xda];
    for _ in 0..mib {
        out.extend_from_slice(&block);
    }
    // A final empty stored block, and the Adler-32 of so many zeros.
    out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    let n = (mib as u64) << 20;
    let adler = ((n % 65521) << 16) | 1;
    out.extend_from_slice(&(adler as u32).to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::Arc;

    use flate2::Compression;
    use flate2::write::{DeflateEncoder, ZlibEncoder};
    use hayro_syntax::Pdf;

    use super::*;

    /// A PDF of one empty page and, from object 4 on, one stream per `(dictionary entries,
    /// data)`, with its `/Length` and a correct xref table.
    fn pdf_with(streams: &[(String, Vec<u8>)]) -> Pdf {
        let mut objects: Vec<Vec<u8>> = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_vec(),
        ];
        for (dict, data) in streams {
            let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
            o.extend_from_slice(data);
            o.extend_from_slice(b"\nendstream");
            objects.push(o);
        }
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(o);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        Pdf::new(Arc::new(out)).expect("a valid test PDF")
    }

    fn stream(pdf: &Pdf, i: usize) -> Stream<'_> {
        pdf.xref()
            .get::<Stream>(ObjectIdentifier::new(4 + i as i32, 0))
            .expect("the stream")
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
        z.write_all(data).unwrap();
        z.finish().unwrap()
    }

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut z = DeflateEncoder::new(Vec::new(), Compression::default());
        z.write_all(data).unwrap();
        z.finish().unwrap()
    }

    fn hex(data: &[u8]) -> Vec<u8> {
        let mut s: String = data.iter().map(|b| format!("{b:02x}")).collect();
        s.insert_str(s.len() / 2, "\n ");
        s.push('>');
        s.into_bytes()
    }

    fn a85(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in data.chunks(4) {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            let mut q = u32::from_be_bytes(word);
            if q == 0 && chunk.len() == 4 {
                out.push(b'z');
                continue;
            }
            let mut group = [0u8; 5];
            for g in group.iter_mut().rev() {
                *g = (q % 85) as u8 + 0x21;
                q /= 85;
            }
            out.extend_from_slice(&group[..chunk.len() + 1]);
            if out.len() % 70 < 5 {
                out.push(b'\n');
            }
        }
        out.extend_from_slice(b"~>");
        out
    }

    fn run_length(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < data.len() {
            let run = data[i..]
                .iter()
                .take(128)
                .take_while(|b| **b == data[i])
                .count();
            if run >= 2 {
                out.push((257 - run) as u8);
                out.push(data[i]);
                i += run;
            } else {
                let n = (data.len() - i).min(128);
                out.push((n - 1) as u8);
                out.extend_from_slice(&data[i..i + n]);
                i += n;
            }
        }
        out.push(128);
        out
    }

    /// LZW as PDF writes it: a clear code first, codes of 9 to 12 bits, a clear code when the
    /// table is full, the end code last.
    fn lzw_encode(data: &[u8], early_change: bool) -> Vec<u8> {
        let mut bits = 0u64;
        let mut nbits = 0u32;
        let mut out = Vec::new();
        let mut put = |code: usize, width: u32, out: &mut Vec<u8>| {
            bits = bits << width | code as u64;
            nbits += width;
            while nbits >= 8 {
                out.push((bits >> (nbits - 8)) as u8);
                nbits -= 8;
            }
        };
        let width = |size: usize| match size + usize::from(early_change) {
            n if n >= 2048 => 12,
            n if n >= 1024 => 11,
            n if n >= 512 => 10,
            _ => 9,
        };
        // The decoder reads each code knowing one entry fewer than the encoder has made: it
        // adds an entry when it reads the code after.
        let mut table: HashMap<Vec<u8>, usize> = HashMap::new();
        put(256, 9, &mut out);
        let mut w: Vec<u8> = Vec::new();
        for &b in data {
            let mut wb = w.clone();
            wb.push(b);
            if wb.len() == 1 || table.contains_key(&wb) {
                w = wb;
                continue;
            }
            let size = 258 + table.len();
            let code = if w.len() == 1 {
                w[0] as usize
            } else {
                table[&w]
            };
            put(code, width(size - 1), &mut out);
            table.insert(wb, size);
            if 258 + table.len() >= 4095 {
                put(256, width(258 + table.len() - 1), &mut out);
                table.clear();
            }
            w = vec![b];
        }
        if !w.is_empty() {
            let code = if w.len() == 1 {
                w[0] as usize
            } else {
                table[&w]
            };
            put(code, width(258 + table.len() - 1), &mut out);
        }
        put(257, width(258 + table.len()), &mut out);
        if nbits > 0 {
            out.push((bits << (8 - nbits)) as u8);
        }
        out
    }

    /// Text like a page's content, then bytes of every value (a font subset, an image row).
    fn samples() -> Vec<Vec<u8>> {
        let mut text = Vec::new();
        for i in 0..3000 {
            text.extend_from_slice(
                format!(
                    "BT /F1 {} Tf {} 700 Td (第{i}行 Hello) Tj ET\n",
                    9 + i % 5,
                    i % 500
                )
                .as_bytes(),
            );
        }
        let mut state = 12345u32;
        let noise: Vec<u8> = (0..50_000)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (state >> 16) as u8
            })
            .collect();
        vec![
            Vec::new(),
            b"q 1 0 0 1 0 0 cm Q".to_vec(),
            (0..=255).collect(),
            vec![0; 10_000],
            text,
            noise,
        ]
    }

    /// Each way of encoding: the dictionary entries and the encoded data; the first
    /// [`ROUND_TRIPS`] give the data back.
    fn encodings(data: &[u8]) -> Vec<(String, Vec<u8>)> {
        vec![
            (String::new(), data.to_vec()),
            ("/Filter /FlateDecode".into(), zlib(data)),
            ("/Filter /Fl".into(), zlib(data)),
            // Raw deflate without the zlib header, as some writers put it.
            ("/Filter /FlateDecode".into(), deflate(data)),
            ("/Filter /ASCIIHexDecode".into(), hex(data)),
            ("/Filter /ASCII85Decode".into(), a85(data)),
            ("/Filter /RunLengthDecode".into(), run_length(data)),
            ("/Filter /LZWDecode".into(), lzw_encode(data, true)),
            (
                "/Filter /LZWDecode /DecodeParms << /EarlyChange 0 >>".into(),
                lzw_encode(data, false),
            ),
            (
                "/Filter [/ASCII85Decode /FlateDecode]".into(),
                a85(&zlib(data)),
            ),
            (
                "/Filter [/FlateDecode /FlateDecode]".into(),
                zlib(&zlib(data)),
            ),
            (
                "/Filter [/ASCIIHexDecode /LZWDecode] /DecodeParms [null << /EarlyChange 1 >>]"
                    .into(),
                hex(&lzw_encode(data, true)),
            ),
            // Broken or odd: a last odd hex digit, cut short, checksum wrong, an unknown
            // filter, an unknown one in an array, a predictor, what is not ASCII85.
            ("/Filter /AHx".into(), {
                let mut h = hex(data);
                h.insert(h.len() - 1, b'A');
                h
            }),
            ("/Filter /FlateDecode".into(), {
                let z = zlib(data);
                z[..z.len() * 2 / 3].to_vec()
            }),
            ("/Filter /FlateDecode".into(), {
                let mut z = zlib(data);
                let n = z.len();
                z[n - 1] ^= 0xff;
                z
            }),
            ("/Filter /NoSuchDecode".into(), data.to_vec()),
            ("/Filter [/FlateDecode /NoSuchDecode]".into(), zlib(data)),
            (
                "/Filter /FlateDecode /DecodeParms << /Predictor 2 /Columns 4 >>".into(),
                zlib(data),
            ),
            ("/Filter /ASCII85Decode".into(), b"87cUR{DZ~>".to_vec()),
        ]
    }

    const ROUND_TRIPS: usize = 12;

    #[test]
    fn decodes_as_hayro_syntax_does() {
        for data in samples() {
            let encoded = encodings(&data);
            let pdf = pdf_with(&encoded);
            let mut streams = Streams::default();
            for (i, (dict, _)) in encoded.iter().enumerate() {
                let s = stream(&pdf, i);
                let ours = streams.decode(&s).expect("within the limits");
                let theirs = s.decoded().ok();
                assert_eq!(
                    ours.as_deref(),
                    theirs.as_deref(),
                    "`{dict}` on {} bytes",
                    data.len()
                );
                if i < ROUND_TRIPS {
                    assert_eq!(
                        ours.as_deref(),
                        Some(&data[..]),
                        "`{dict}` gives the data back"
                    );
                }
            }
        }
    }

    /// Every stream of the real documents in `../shared/` (override with `JUESUAN_SHARED`)
    /// that is not an image: skipped when they are absent.
    #[test]
    fn decodes_the_real_documents_as_hayro_syntax_does() {
        let shared = std::env::var_os("JUESUAN_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
            });
        let mut files: Vec<_> = ["reference", "corpus"]
            .iter()
            .filter_map(|d| std::fs::read_dir(shared.join(d)).ok())
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            .collect();
        files.sort();
        if files.is_empty() {
            eprintln!("no PDFs under {}: skipped", shared.display());
            return;
        }
        let mut compared = 0;
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            // Streams are never inside object streams: the objects written out in the file
            // are all there is to look at (and `Pdf::objects` parses every object stream
            // once per object in it).
            let mut ids: Vec<(usize, usize)> = memchr::memmem::find_iter(&bytes, b" obj")
                .filter_map(|at| super::super::scan::object_number(&bytes, at + 1))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            let pdf = Pdf::new(Arc::new(bytes)).unwrap();
            let mut streams = Streams::default();
            for (n, g) in ids {
                let id = ObjectIdentifier::new(n as i32, g as i32);
                let Some(s) = pdf.xref().get::<Stream>(id) else {
                    continue;
                };
                let Some(ours) = streams.decode(&s).unwrap() else {
                    continue;
                };
                assert_eq!(Some(ours), s.decoded().ok(), "{}", path.display());
                compared += 1;
            }
        }
        assert!(compared > 100, "only {compared} streams compared");
    }

    #[test]
    fn small_forms_are_kept_and_large_ones_decoded_each_time() {
        let pdf = pdf_with(&[
            ("/Filter /FlateDecode".into(), zlib(&[b' '; 1000])),
            ("/Filter /FlateDecode".into(), zeros_bomb(2)),
        ]);
        let mut streams = Streams::default();
        let small = stream(&pdf, 0);
        let first = streams.form(&small).unwrap().unwrap();
        assert!(Rc::ptr_eq(&first, &streams.form(&small).unwrap().unwrap()));
        assert_eq!(streams.used, 1000, "counted once");
        let large = stream(&pdf, 1);
        streams.form(&large).unwrap().unwrap();
        streams.form(&large).unwrap().unwrap();
        assert_eq!(streams.used, 1000 + 2 * (2 << 20), "counted each time");
        assert_eq!(streams.kept, 1000);
    }

    #[test]
    fn image_streams_are_not_decoded() {
        let pdf = pdf_with(&[
            (
                "/Subtype /Image /Filter /DCTDecode".into(),
                vec![0xff, 0xd8],
            ),
            ("/Filter [/FlateDecode /DCTDecode]".into(), zlib(b"xx")),
        ]);
        let mut streams = Streams::default();
        assert_eq!(streams.decode(&stream(&pdf, 0)), Ok(None));
        assert_eq!(streams.decode(&stream(&pdf, 1)), Ok(None));
        assert_eq!(streams.used, 0);
    }

    #[test]
    fn the_bomb_used_in_tests_is_valid_zlib() {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(&zeros_bomb(3)[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out.len(), 3 << 20);
        assert!(out.iter().all(|b| *b == 0));
    }

    #[test]
    fn stops_at_the_limit_for_one_stream() {
        let mib = (MAX_STREAM_BYTES >> 20) as usize + 1;
        let pdf = pdf_with(&[
            ("/Filter /FlateDecode".into(), zeros_bomb(mib)),
            (
                "/Filter [/FlateDecode /FlateDecode]".into(),
                zlib(&zeros_bomb(mib)),
            ),
            (
                "/Filter [/ASCIIHexDecode /FlateDecode]".into(),
                hex(&zeros_bomb(mib)),
            ),
            ("/Filter /FlateDecode".into(), zeros_bomb(1)),
        ]);
        let mut streams = Streams::default();
        for i in 0..3 {
            assert_eq!(
                streams.decode(&stream(&pdf, i)),
                Err(Over::Stream),
                "stream {i}"
            );
        }
        // What was refused was not charged; a normal stream still decodes.
        let one = streams.decode(&stream(&pdf, 3)).unwrap().unwrap();
        assert_eq!(one.len(), 1 << 20);
    }

    #[test]
    fn the_limit_for_one_stream_covers_a_page_listing_several() {
        let half = (MAX_STREAM_BYTES >> 21) as usize;
        let pdf = pdf_with(&[("/Filter /FlateDecode".into(), zeros_bomb(half + 1))]);
        let mut streams = Streams::default();
        let mut content = Vec::new();
        assert_eq!(
            streams.decode_into(&stream(&pdf, 0), &mut content),
            Ok(true)
        );
        let before = content.len();
        assert_eq!(
            streams.decode_into(&stream(&pdf, 0), &mut content),
            Err(Over::Stream)
        );
        assert_eq!(content.len(), before, "nothing appended when over");
    }

    #[test]
    fn stops_at_the_limit_for_the_document() {
        let pdf = pdf_with(&[("/Filter /FlateDecode".into(), zeros_bomb(48))]);
        let mut streams = Streams::default();
        let s = stream(&pdf, 0);
        let per = 48u64 << 20;
        for _ in 0..MAX_DECODED_BYTES / per {
            assert!(streams.decode(&s).unwrap().is_some());
        }
        assert_eq!(streams.decode(&s), Err(Over::Total));
    }

    #[test]
    fn each_filter_stops_at_its_room() {
        let big = vec![7u8; 5000];
        for (filter, input) in [
            (Filter::Flate, zlib(&big)),
            (Filter::Lzw, lzw_encode(&big, true)),
            (Filter::AsciiHex, hex(&big)),
            (Filter::Ascii85, a85(&big)),
            (Filter::RunLength, run_length(&big)),
        ] {
            let mut out = Vec::new();
            assert_eq!(
                apply_with(filter, &input, true, &mut out, 1000),
                Err(Stop::TooLarge),
                "{filter:?}"
            );
            assert!(out.len() <= 1000 + 4096, "{filter:?} kept {}", out.len());
            let mut out = Vec::new();
            assert_eq!(apply_with(filter, &input, true, &mut out, 5000), Ok(()));
            assert_eq!(out, big, "{filter:?}");
        }
    }

    #[test]
    fn inflated_len_counts_layers_without_keeping_them() {
        assert_eq!(inflated_len(&zlib(b"hello"), 100), 5);
        assert_eq!(inflated_len(&deflate(b"hello"), 100), 5);
        let bomb = zeros_bomb(4);
        assert_eq!(inflated_len(&bomb, 10 << 20), 4 << 20);
        assert!(inflated_len(&zlib(&bomb), 10 << 20) >= 4 << 20);
        assert!(inflated_len(&zlib(&zlib(&bomb)), 1 << 20) > 1 << 20);
        assert_eq!(inflated_len(b"not zlib at all", 100), 0);
    }
}
