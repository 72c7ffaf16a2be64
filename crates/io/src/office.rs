//! Office files that are not zip packages: the compound files (OLE, CFB) of old `.doc` and
//! `.xls`, and the compound file Word and Excel write for a `.docx` or `.xlsx` protected by
//! a password, which holds the encrypted package.

/// The signature a compound file starts with.
const COMPOUND: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The stream an encrypted package is kept in, named in UTF-16.
const ENCRYPTED_PACKAGE: &[u8] = b"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";

/// A compound file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compound {
    /// A `.docx` or `.xlsx` protected by a password.
    Encrypted,
    /// Anything else: an old `.doc` or `.xls`, mostly.
    Other,
}

/// What compound file the bytes are, if they are one.
pub(crate) fn compound(bytes: &[u8]) -> Option<Compound> {
    if !bytes.starts_with(&COMPOUND) {
        return None;
    }
    // Directory entries are 128 bytes, in sectors of 512 or 4,096 bytes after a header of
    // 512, so each sits at a multiple of 128: its name in UTF-16, the name's length in bytes
    // with the final NUL at 64 (34 here), its type at 66 (2: a stream).
    let encrypted = bytes.chunks_exact(128).skip(4).any(|entry| {
        entry.starts_with(ENCRYPTED_PACKAGE)
            && entry[32..34] == [0, 0]
            && entry[64..66] == [34, 0]
            && entry[66] == 2
    });
    Some(if encrypted {
        Compound::Encrypted
    } else {
        Compound::Other
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header, a sector for the FAT, and the directory: the root and the given streams
    /// (the integration tests build a whole file; only the directory matters here).
    fn compound_file(streams: &[&str]) -> Vec<u8> {
        let mut out = COMPOUND.to_vec();
        out.resize(1024, 0);
        for (name, kind) in
            std::iter::once(("Root Entry", 5)).chain(streams.iter().map(|s| (*s, 2)))
        {
            let mut e = [0u8; 128];
            let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
            e[..units.len()].copy_from_slice(&units);
            e[64..66].copy_from_slice(&(units.len() as u16 + 2).to_le_bytes());
            e[66] = kind;
            out.extend_from_slice(&e);
        }
        out
    }

    #[test]
    fn encrypted_packages_are_told_from_old_files() {
        let encrypted = compound_file(&["EncryptionInfo", "EncryptedPackage"]);
        assert_eq!(compound(&encrypted), Some(Compound::Encrypted));
        let doc = compound_file(&["WordDocument", "1Table", "\u{5}SummaryInformation"]);
        assert_eq!(compound(&doc), Some(Compound::Other));
        // The name as text inside a stream, or a longer name, is no directory entry.
        let mut near = compound_file(&["EncryptedPackageX"]);
        near.extend_from_slice(&[0; 7]);
        near.extend_from_slice(ENCRYPTED_PACKAGE);
        assert_eq!(compound(&near), Some(Compound::Other));
        assert_eq!(compound(b"PK\x03\x04"), None);
    }
}
