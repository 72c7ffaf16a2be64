//! Reading with a size limit; writing atomically without clobbering.

use std::io::{Read, Write};
use std::path::Path;

use crate::error::IoError;

/// Reads a whole file, refusing files above `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, IoError> {
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => IoError::NotFound(path.to_path_buf()),
        _ => IoError::Read {
            path: path.to_path_buf(),
            source: e,
        },
    })?;
    let size = file
        .metadata()
        .map_err(|e| IoError::Read {
            path: path.to_path_buf(),
            source: e,
        })?
        .len();
    if size > limit {
        return Err(IoError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` guards against a file that grows while being read.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| IoError::Read {
            path: path.to_path_buf(),
            source: e,
        })?;
    if bytes.len() as u64 > limit {
        return Err(IoError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is renamed into
/// place, so a reader never sees half a file. Without `force`, an existing file is kept and
/// [`IoError::Exists`] returned.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<(), IoError> {
    let werr = |e: std::io::Error| IoError::Write {
        path: path.to_path_buf(),
        source: e,
    };
    if !force && path.exists() {
        return Err(IoError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.exists() {
        std::fs::create_dir_all(dir).map_err(werr)?;
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".juesuan-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(werr)?;
    tmp.write_all(bytes).map_err(werr)?;
    tmp.as_file().sync_all().map_err(werr)?;
    // Temporary files are private (0600); an output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0o644);
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode))
            .map_err(werr)?;
    }
    if force {
        tmp.persist(path).map_err(|e| werr(e.error))?;
    } else {
        // Refuses to replace a file created meanwhile.
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                IoError::Exists(path.to_path_buf())
            } else {
                werr(e.error)
            }
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_refuses_to_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/out.txt");
        write_atomic(&p, b"one", false).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        let e = write_atomic(&p, b"two", false).unwrap_err();
        assert!(matches!(e, IoError::Exists(_)));
        assert!(e.to_string().contains("--force"));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // no temporary files left behind
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644);
        }
    }

    #[test]
    fn size_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.toml");
        std::fs::write(&p, vec![b'a'; 100]).unwrap();
        assert!(matches!(
            read_limited(&p, 10),
            Err(IoError::TooLarge { .. })
        ));
        assert_eq!(read_limited(&p, 100).unwrap().len(), 100);
        assert!(matches!(
            read_limited(&dir.path().join("none"), 10),
            Err(IoError::NotFound(_))
        ));
    }
}
