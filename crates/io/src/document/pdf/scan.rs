//! The streams `hayro-syntax` decodes on its own, measured in the raw file before it sees it.
//!
//! `hayro-syntax` decodes some streams without being asked and without a limit:
//! - object and cross-reference streams, while loading or repairing the file and whenever an
//!   object stored in one is needed (and it keeps object streams decoded);
//! - any stream whose `/Length` does not end at its `endstream`: it then looks for the end by
//!   decoding the data up to each `endstream` it finds, and it does so wherever the stream is
//!   referenced, even where only a number is expected.
//!
//! So every `stream` keyword of the file is looked at first. An object or cross-reference
//! stream is decoded into a count charged to the document's budget; a stream whose length
//! cannot be confirmed is decoded into a count that must stay within the limit for one
//! stream (and all of those together within the budget again, so measuring stays bounded
//! too). Streams whose length is confirmed, nearly all of them, cost a look at their
//! dictionary's text.
//!
//! This reads bytes, not objects, and where it cannot confirm a length it measures: a length
//! stored in an object stream, a dictionary with an escaped name (`#`) or a comment. The data
//! is measured as Flate however the filters are named, and also through the filters the
//! dictionary's text names. Not measured: encrypted data (only `hayro-syntax` decrypts it),
//! and data past the first `endstream` after a stream of unconfirmed length, which
//! `hayro-syntax` reaches only when the data before it does not decode with a filter other
//! than Flate (RunLength and ASCII85 then make at most 64 and 5 times as much).

use std::borrow::Cow;
use std::collections::HashMap;

use memchr::memmem;

use super::decode::{Filter, Over, Stop, apply_with, inflated_len, is_regular};
use crate::document::{MAX_DECODED_BYTES, MAX_STREAM_BYTES};

/// What the internal streams decode to, to charge to the document's budget; an error when
/// one stream `hayro-syntax` would decode on its own is over the limits.
pub(super) fn measure(file: &[u8]) -> Result<u64, Over> {
    let mut internal = 0u64;
    let mut loose = 0u64;
    // The data looked through for streams of unconfirmed length: each is measured up to the
    // first `endstream` after it, and a file can make those overlap (keywords inside data),
    // so the looking is bounded too. Real files stay far below: their streams are disjoint.
    let mut looked = 0usize;
    let may_look = file.len().saturating_mul(2).saturating_add(1 << 20);
    let mut lengths: Option<Lengths> = None;
    let keyword = memmem::Finder::new(b"stream");
    let end_keyword = memmem::Finder::new(b"endstream");
    // Where the text before the next keyword starts: after the previous stream or keyword.
    let mut from = 0usize;
    let mut at = 0usize;
    while let Some(i) = file.get(at..).and_then(|rest| keyword.find(rest)) {
        let k = at + i;
        at = k + 6;
        if file.get(k.saturating_sub(3)..k) == Some(&b"end"[..]) {
            from = at;
            continue;
        }
        let Some(start) = data_start(file, at) else {
            continue;
        };
        // The dictionary's text: after the object's `n g obj` (or, failing that, the end of
        // the object before), up to the keyword.
        let head = from.min(k);
        let dict = &file[memmem::rfind_iter(&file[head..k], b"obj")
            .map(|o| head + o)
            .find(|&o| {
                file.get(o.saturating_sub(3)..o) == Some(&b"end"[..])
                    || object_number(file, o).is_some()
            })
            .map_or(head, |o| o + 3)..k];
        from = at;
        let is_internal = has_name(dict, b"/ObjStm") || has_name(dict, b"/XRef");
        let data = match framed(file, dict, start, &mut lengths) {
            Some((data_end, end)) => {
                // Keywords inside the data are not keywords.
                at = end;
                from = end;
                if !is_internal {
                    continue;
                }
                &file[start..data_end]
            }
            None => {
                // hayro-syntax tries the data up to each `endstream` in turn, and the first
                // always decodes as Flate.
                let data_end = end_keyword
                    .find(&file[start..])
                    .map_or(file.len(), |e| start + e);
                looked = looked.saturating_add(data_end - start);
                if looked > may_look {
                    return Err(Over::Total);
                }
                &file[start..data_end]
            }
        };
        let spent = if is_internal {
            &mut internal
        } else {
            &mut loose
        };
        let left = MAX_DECODED_BYTES.saturating_sub(*spent);
        let (room, over) = if MAX_STREAM_BYTES <= left {
            (MAX_STREAM_BYTES, Over::Stream)
        } else {
            (left, Over::Total)
        };
        let n = measure_data(data, &named_filters(dict), room);
        if n > room {
            return Err(over);
        }
        *spent += n;
    }
    Ok(internal)
}

/// Where a stream's data starts after its keyword's end of line, as `hayro-syntax` reads it
/// (`None`: it reads no data there).
fn data_start(file: &[u8], after_keyword: usize) -> Option<usize> {
    match file.get(after_keyword..)? {
        [b'\r', b'\n', ..] => Some(after_keyword + 2),
        [b'\n' | b'\r', ..] => Some(after_keyword + 1),
        _ => None,
    }
}

/// White space as `hayro-syntax` skips it.
fn is_white(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

fn skip_white(s: &[u8], mut i: usize) -> usize {
    while s.get(i).is_some_and(|b| is_white(*b)) {
        i += 1;
    }
    i
}

/// Whether the text names `name` (not a longer name starting with it, as `/XRefStm`).
fn has_name(text: &[u8], name: &[u8]) -> bool {
    memmem::find_iter(text, name)
        .any(|at| text.get(at + name.len()).is_none_or(|b| !is_regular(*b)))
}

/// Where the data of a stream whose `/Length`, read from its dictionary's text `dict`, ends
/// at its `endstream` as `hayro-syntax` checks it, ends, and where its `endstream` ends;
/// `None` when that cannot be confirmed. Every `/Length` in the text must agree (a nested
/// dictionary could hold one).
fn framed(
    file: &[u8],
    dict: &[u8],
    start: usize,
    lengths: &mut Option<Lengths>,
) -> Option<(usize, usize)> {
    // An escaped name could spell `/Length` where the text does not show it; the dictionary
    // must end right before the keyword, or hayro-syntax would not read it as the stream's.
    let trimmed = &dict[..dict
        .iter()
        .rposition(|b| !is_white(*b))
        .map_or(0, |i| i + 1)];
    if dict.contains(&b'#') || dict.contains(&b'%') || !trimmed.ends_with(b">>") {
        return None;
    }
    let mut found = None;
    for at in memmem::find_iter(dict, b"/Length") {
        let rest = &dict[at + 7..];
        if rest.first().is_some_and(|b| is_regular(*b)) {
            // `/Length1` and the like, of embedded fonts.
            continue;
        }
        let data_end = start.checked_add(length(rest, file, lengths)?)?;
        let p = skip_white(file, data_end);
        if !file.get(p..)?.starts_with(b"endstream") || found.is_some_and(|f| f != data_end) {
            return None;
        }
        found = Some(data_end);
    }
    found.map(|data_end| (data_end, skip_white(file, data_end) + 9))
}

/// A non-negative integer at `i` ending at a delimiter: its value and where it ends.
fn integer(s: &[u8], i: usize) -> Option<(usize, usize)> {
    let digits = s
        .get(i..)?
        .iter()
        .take(13)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 || digits > 12 || s.get(i + digits).is_some_and(|b| is_regular(*b)) {
        return None;
    }
    let value = std::str::from_utf8(&s[i..i + digits]).ok()?.parse().ok()?;
    Some((value, i + digits))
}

/// The value after a `/Length` key: a number, or `n g R` looked up in the file.
fn length(rest: &[u8], file: &[u8], lengths: &mut Option<Lengths>) -> Option<usize> {
    let (n, after) = integer(rest, skip_white(rest, 0))?;
    if let Some((g, after_g)) = integer(rest, skip_white(rest, after)) {
        let r = skip_white(rest, after_g);
        if rest.get(r) == Some(&b'R') && rest.get(r + 1).is_none_or(|b| !is_regular(*b)) {
            return lengths
                .get_or_insert_with(|| Lengths::scan(file))
                .0
                .get(&(n, g))
                .copied()
                .flatten();
        }
    }
    Some(n)
}

/// The objects of a file that are a bare integer (`12 0 obj 3456 endobj`), as indirect
/// `/Length`s are written: `None` for an object defined twice with different values.
struct Lengths(HashMap<(usize, usize), Option<usize>>);

impl Lengths {
    fn scan(file: &[u8]) -> Lengths {
        let mut map = HashMap::new();
        for at in memmem::find_iter(file, b"obj") {
            if file.get(at.saturating_sub(3)..at) == Some(&b"end"[..])
                || file.get(at + 3).is_some_and(|b| is_regular(*b))
            {
                continue;
            }
            let Some((n, g)) = object_number(file, at) else {
                continue;
            };
            let Some((value, after)) = integer(file, skip_white(file, at + 3)) else {
                continue;
            };
            if !file[skip_white(file, after)..].starts_with(b"endobj") {
                continue;
            }
            map.entry((n, g))
                .and_modify(|v: &mut Option<usize>| {
                    if *v != Some(value) {
                        *v = None;
                    }
                })
                .or_insert(Some(value));
        }
        Lengths(map)
    }
}

/// The `n g` before an `obj` keyword at `at`.
pub(super) fn object_number(file: &[u8], at: usize) -> Option<(usize, usize)> {
    // Bounded looks back, so that no run of spaces or digits is walked more than once.
    let back_white = |end: usize| {
        let n = file[..end]
            .iter()
            .rev()
            .take(256)
            .take_while(|b| is_white(**b))
            .count();
        (n > 0 && n < 256).then_some(end - n)
    };
    let back_digits = |end: usize| {
        let n = file[..end]
            .iter()
            .rev()
            .take(13)
            .take_while(|b| b.is_ascii_digit())
            .count();
        (n > 0 && n <= 12).then_some(end - n)
    };
    let g_end = back_white(at)?;
    let g_start = back_digits(g_end)?;
    let n_end = back_white(g_start)?;
    let n_start = back_digits(n_end)?;
    if n_start > 0 && is_regular(file[n_start - 1]) {
        return None;
    }
    let (n, _) = integer(file, n_start)?;
    let (g, _) = integer(file, g_start)?;
    Some((n, g))
}

/// The filters a dictionary's text names, in order.
fn named_filters(dict: &[u8]) -> Vec<Filter> {
    memchr::memchr_iter(b'/', dict)
        .filter_map(|at| {
            let name = &dict[at + 1..];
            let len = name.iter().take_while(|b| is_regular(**b)).count();
            Filter::from_name(&name[..len])
        })
        .collect()
}

/// The most bytes a stream's data decodes to, up to just past `room`: as Flate, layers
/// included, and through the filters its dictionary names, keeping what each decoded before
/// its data broke.
fn measure_data(data: &[u8], named: &[Filter], room: u64) -> u64 {
    let mut most = inflated_len(data, room);
    if most > room
        || named
            .iter()
            .all(|f| matches!(f, Filter::Flate | Filter::Other))
    {
        return most;
    }
    let cap = usize::try_from(room).unwrap_or(usize::MAX);
    // Both ways LZW's code width may change: the parameters are not read here.
    for early_change in [true, false] {
        let mut current: Cow<[u8]> = Cow::Borrowed(data);
        for &filter in named {
            let mut out = Vec::new();
            if apply_with(filter, &current, early_change, &mut out, cap) == Err(Stop::TooLarge) {
                return room + 1;
            }
            most = most.max(out.len() as u64);
            current = Cow::Owned(out);
        }
        if !named.contains(&Filter::Lzw) {
            break;
        }
    }
    most
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::ZlibEncoder;

    use super::super::decode::zeros_bomb;
    use super::*;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
        z.write_all(data).unwrap();
        z.finish().unwrap()
    }

    /// A file of numbered objects (`n 0 obj … endobj`), each given as its text between, a
    /// stream as `(dictionary, data)` with the dictionary written as given.
    fn file(objects: &[(&str, Option<&[u8]>)]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        for (i, (text, data)) in objects.iter().enumerate() {
            out.extend_from_slice(format!("{} 0 obj\n{text}", i + 1).as_bytes());
            if let Some(data) = data {
                out.extend_from_slice(b"\nstream\r\n");
                out.extend_from_slice(data);
                out.extend_from_slice(b"\nendstream");
            }
            out.extend_from_slice(b"\nendobj\n");
        }
        out.extend_from_slice(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
        out
    }

    const OVER: usize = (MAX_STREAM_BYTES >> 20) as usize + 1;

    #[test]
    fn streams_of_confirmed_length_are_left_to_the_reader() {
        let bomb = zeros_bomb(OVER);
        let n = bomb.len();
        let direct = format!("<< /Filter /FlateDecode /Length {n} >>");
        let indirect = "<< /Length 3 0 R /Filter /FlateDecode >>";
        let font = format!("<< /Length1 99999 /Length {n} /Length2 0 >>");
        let count = format!("{n}");
        for objects in [
            vec![(direct.as_str(), Some(&bomb[..]))],
            vec![
                (indirect, Some(&bomb[..])),
                ("<< >>", None),
                (count.as_str(), None),
            ],
            vec![(font.as_str(), Some(&bomb[..]))],
        ] {
            assert_eq!(measure(&file(&objects)), Ok(0), "{}", objects[0].0);
        }
    }

    #[test]
    fn streams_whose_length_is_wrong_are_measured() {
        let bomb = zeros_bomb(OVER);
        let n = bomb.len();
        let short = format!("<< /Filter /FlateDecode /Length {} >>", n - 10);
        let indirect = "<< /Length 3 0 R /Filter /FlateDecode >>";
        // One past would still end at `endstream`, after the end of line.
        let wrong = format!("{}", n + 3);
        let nested = format!(
            "<< /Length {} /Filter /FlateDecode /X << /Length {n} >> >>",
            n + 5
        );
        for objects in [
            vec![("<< /Filter /FlateDecode >>", Some(&bomb[..]))],
            vec![(short.as_str(), Some(&bomb[..]))],
            vec![(indirect, Some(&bomb[..])), ("<< >>", None), (&wrong, None)],
            vec![(nested.as_str(), Some(&bomb[..]))],
            // A length in an object stream (not found as `3 0 obj`), an escaped name.
            vec![(indirect, Some(&bomb[..]))],
            vec![("<< /Filter /Fl#61teDecode >>", Some(&bomb[..]))],
        ] {
            assert_eq!(
                measure(&file(&objects)),
                Err(Over::Stream),
                "{}",
                objects[0].0
            );
        }
        // Not a bomb: measured, and let through.
        let small = zlib(b"BT (Hello) Tj ET");
        assert_eq!(
            measure(&file(&[("<< /Filter /FlateDecode >>", Some(&small[..]))])),
            Ok(0)
        );
    }

    #[test]
    fn object_and_cross_reference_streams_are_counted() {
        let objects = zlib(&[b' '; 5000]);
        let text = format!(
            "<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>",
            objects.len()
        );
        assert_eq!(measure(&file(&[(&text, Some(&objects[..]))])), Ok(5000));
        let bomb = zeros_bomb(OVER);
        for dict in [
            format!(
                "<< /Type /ObjStm /Filter /FlateDecode /Length {} >>",
                bomb.len()
            ),
            format!(
                "<< /Type /XRef /W [1 2 1] /Filter /FlateDecode /Length {} >>",
                bomb.len()
            ),
            // Broken as well: found by its type all the same.
            "<< /Type /XRef /Filter /FlateDecode >>".to_string(),
        ] {
            assert_eq!(
                measure(&file(&[(&dict, Some(&bomb[..]))])),
                Err(Over::Stream),
                "{dict}"
            );
        }
        // `/XRefStm` is a trailer key, not a type.
        let dict = format!(
            "<< /XRefStm 0 /Filter /FlateDecode /Length {} >>",
            bomb.len()
        );
        assert_eq!(measure(&file(&[(&dict, Some(&bomb[..]))])), Ok(0));
    }

    #[test]
    fn object_streams_together_stop_at_the_budget() {
        let part = zeros_bomb(60);
        let dict = format!(
            "<< /Type /ObjStm /Filter /FlateDecode /Length {} >>",
            part.len()
        );
        let objects: Vec<(&str, Option<&[u8]>)> =
            (0..5).map(|_| (dict.as_str(), Some(&part[..]))).collect();
        assert_eq!(measure(&file(&objects)), Err(Over::Total));
        assert_eq!(measure(&file(&objects[..4])), Ok(240 << 20));
    }

    #[test]
    fn keywords_without_ends_are_looked_through_boundedly() {
        let mut f = b"%PDF-1.7\n".to_vec();
        for _ in 0..50_000 {
            f.extend_from_slice(b"<< /Filter /FlateDecode >>\nstream\n");
        }
        let started = std::time::Instant::now();
        assert_eq!(measure(&f), Err(Over::Total));
        assert!(started.elapsed().as_secs() < 20);
    }

    #[test]
    fn lengths_of_objects_are_read_from_the_text() {
        let f = b"1 0 obj 12 endobj\n 2 0 obj\n<< >>\nendobj 3 1 obj 7 endobj 3 1 obj 8 endobj 4 0 obj 5 0 R endobj";
        let l = Lengths::scan(f);
        assert_eq!(l.0.get(&(1, 0)), Some(&Some(12)));
        assert_eq!(l.0.get(&(2, 0)), None);
        assert_eq!(l.0.get(&(3, 1)), Some(&None), "defined twice differently");
        assert_eq!(l.0.get(&(4, 0)), None);
        assert_eq!(object_number(b"x12 0 obj", 6), None);
        assert_eq!(object_number(b"\n12 0 obj", 6), Some((12, 0)));
    }
}
