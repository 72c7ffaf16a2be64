//! `ToUnicode` CMaps: `bfchar` and `bfrange` entries, and the code length the codespace
//! declares.

use std::collections::HashMap;

/// Largest range expanded.
const MAX_RANGE: u32 = 65_536;
/// Most entries kept from one map.
const MAX_ENTRIES: usize = 200_000;

#[derive(Debug)]
enum Tok<'a> {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(&'a [u8]),
}

fn tokens(data: &[u8]) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'<' => {
                let start = i + 1;
                let end = data[start..]
                    .iter()
                    .position(|b| *b == b'>')
                    .map_or(data.len(), |p| start + p);
                let digits: Vec<u8> = data[start..end]
                    .iter()
                    .filter(|b| b.is_ascii_hexdigit())
                    .copied()
                    .collect();
                let bytes = digits
                    .chunks(2)
                    .map(|c| {
                        let s = std::str::from_utf8(c).unwrap_or("0");
                        let v = u8::from_str_radix(s, 16).unwrap_or(0);
                        if c.len() == 1 { v << 4 } else { v }
                    })
                    .collect();
                out.push(Tok::Hex(bytes));
                i = end + 1;
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < data.len()
                    && !data[i].is_ascii_whitespace()
                    && !matches!(data[i], b'<' | b'[' | b']' | b'%')
                {
                    i += 1;
                }
                out.push(Tok::Word(&data[start..i]));
            }
        }
    }
    out
}

fn code(b: &[u8]) -> u32 {
    b.iter().take(4).fold(0u32, |a, x| (a << 8) | u32::from(*x))
}

fn utf16(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks(2)
        .map(|c| (u16::from(c[0]) << 8) | u16::from(*c.get(1).unwrap_or(&0)))
        .collect();
    String::from_utf16_lossy(&units)
}

/// Fills `map` from a CMap; returns the code length in bytes the codespace declares.
pub fn parse(data: &[u8], map: &mut HashMap<u32, String>) -> Option<usize> {
    let toks = tokens(data);
    let mut code_len = None;
    let mut i = 0;
    while i < toks.len() && map.len() < MAX_ENTRIES {
        match &toks[i] {
            Tok::Word(b"begincodespacerange") => {
                if let Some(Tok::Hex(lo)) = toks.get(i + 1) {
                    code_len.get_or_insert(lo.len());
                }
                i += 1;
            }
            Tok::Word(b"beginbfchar") => {
                i += 1;
                while let (Some(Tok::Hex(src)), Some(Tok::Hex(dst))) =
                    (toks.get(i), toks.get(i + 1))
                {
                    map.insert(code(src), utf16(dst));
                    i += 2;
                }
            }
            Tok::Word(b"beginbfrange") => {
                i += 1;
                while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) = (toks.get(i), toks.get(i + 1))
                {
                    let (lo, hi) = (code(lo), code(hi));
                    match toks.get(i + 2) {
                        Some(Tok::Hex(dst)) => {
                            if hi >= lo && hi - lo < MAX_RANGE {
                                let base = dst.clone();
                                for (k, c) in (lo..=hi).enumerate() {
                                    let mut d = base.clone();
                                    // Increment the last byte pair, as the spec says.
                                    if let Some(last) = d.len().checked_sub(2) {
                                        let v = ((u16::from(d[last]) << 8)
                                            | u16::from(d[last + 1]))
                                        .wrapping_add(k as u16);
                                        d[last] = (v >> 8) as u8;
                                        d[last + 1] = v as u8;
                                    }
                                    map.insert(c, utf16(&d));
                                }
                            }
                            i += 3;
                        }
                        Some(Tok::Open) => {
                            let mut j = i + 3;
                            let mut c = lo;
                            while let Some(Tok::Hex(dst)) = toks.get(j) {
                                if c <= hi {
                                    map.insert(c, utf16(dst));
                                }
                                c = c.saturating_add(1);
                                j += 1;
                            }
                            i = j + 1;
                        }
                        _ => break,
                    }
                }
            }
            _ => i += 1,
        }
    }
    code_len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_and_ranges() {
        let cm = b"1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0011> <4E00> endbfchar
2 beginbfrange <0020> <0022> <0041> <0030> <0031> [<6536> <5165>] endbfrange";
        let mut m = HashMap::new();
        assert_eq!(parse(cm, &mut m), Some(2));
        assert_eq!(m[&0x11], "一");
        assert_eq!(m[&0x21], "B");
        assert_eq!(m[&0x22], "C");
        assert_eq!(m[&0x30], "收");
        assert_eq!(m[&0x31], "入");
    }

    #[test]
    fn garbage_does_not_panic() {
        let mut m = HashMap::new();
        for junk in [
            &b"beginbfrange <FFFFFFFF> <0> <00>"[..],
            b"<",
            b"beginbfchar <0",
            b"[[[]]",
        ] {
            let _ = parse(junk, &mut m);
        }
    }
}
