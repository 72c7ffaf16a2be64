//! Office files that are not zip packages, written byte by byte: the compound file (OLE,
//! CFB) of an old `.doc`/`.xls`, and the one Word and Excel write for a `.docx`/`.xlsx`
//! protected by a password (an `EncryptedPackage` stream beside `EncryptionInfo`).

/// A compound file as Office writes one (version 3, 512-byte sectors): the header, one FAT
/// sector, and one directory sector holding the root and the given streams (their data is
/// left out: readers of these tests look no further than the directory).
pub fn compound_file(streams: &[&str]) -> Vec<u8> {
    let mut out = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    out.resize(512, 0);
    let mut put = |at: usize, bytes: &[u8]| out[at..at + bytes.len()].copy_from_slice(bytes);
    put(24, &0x3e_u16.to_le_bytes()); // minor version
    put(26, &3_u16.to_le_bytes()); // major version
    put(28, &0xfffe_u16.to_le_bytes()); // little-endian
    put(30, &9_u16.to_le_bytes()); // sectors of 2^9 bytes
    put(32, &6_u16.to_le_bytes()); // mini sectors of 2^6 bytes
    put(44, &1_u32.to_le_bytes()); // one FAT sector
    put(48, &1_u32.to_le_bytes()); // the directory starts at sector 1
    put(56, &4096_u32.to_le_bytes()); // mini stream cutoff
    put(60, &0xffff_fffe_u32.to_le_bytes()); // no mini FAT
    put(68, &0xffff_fffe_u32.to_le_bytes()); // no DIFAT sectors
    put(76, &0_u32.to_le_bytes()); // the FAT is sector 0
    for i in 1..109 {
        put(76 + 4 * i, &0xffff_ffff_u32.to_le_bytes());
    }
    // The FAT: sector 0 is the FAT, sector 1 (the directory) ends its chain.
    let mut fat = Vec::new();
    for v in [0xffff_fffd_u32, 0xffff_fffe] {
        fat.extend_from_slice(&v.to_le_bytes());
    }
    fat.resize(512, 0xff);
    out.extend_from_slice(&fat);
    let mut dir = Vec::new();
    for (name, kind) in std::iter::once(("Root Entry", 5)).chain(streams.iter().map(|s| (*s, 2))) {
        let mut e = [0u8; 128];
        let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&(units.len() as u16 + 2).to_le_bytes());
        e[66] = kind;
        dir.extend_from_slice(&e);
    }
    dir.resize(512, 0);
    out.extend_from_slice(&dir);
    out
}

/// A `.docx` or `.xlsx` protected by a password, as Office writes it.
pub fn encrypted_package() -> Vec<u8> {
    compound_file(&["\u{6}DataSpaces", "EncryptionInfo", "EncryptedPackage"])
}
