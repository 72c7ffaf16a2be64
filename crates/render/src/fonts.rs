//! Finding a CJK font for the PNG charts and the PDF. Fonts are looked for in
//! `JUESUAN_FONT_DIR` (one or more folders separated by `:`) and then in the system's font
//! folders (Debian: `fonts-noto-cjk`). Without one, PNG and PDF are skipped with one line
//! saying how to install fonts — never an error.

use std::path::PathBuf;

/// How to get a CJK font, printed when none is found.
pub const INSTALL_HINT: &str = "未找到中文字体，PNG 图表和 PDF 已跳过。安装字体后重试：Debian/Ubuntu 执行 `apt-get install fonts-noto-cjk`，或把 .ttf/.otf/.ttc 字体放入一个文件夹并设置环境变量 JUESUAN_FONT_DIR 指向它。";

/// Folders searched for fonts, in order.
pub fn font_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("JUESUAN_FONT_DIR")
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    if std::env::var_os("JUESUAN_NO_SYSTEM_FONTS").is_none() {
        dirs.extend(
            [
                "/usr/share/fonts",
                "/usr/local/share/fonts",
                "/Library/Fonts",
                "/System/Library/Fonts",
                "C:\\Windows\\Fonts",
            ]
            .map(PathBuf::from),
        );
        if let Some(home) = std::env::var_os("HOME") {
            let home = PathBuf::from(home);
            dirs.push(home.join(".fonts"));
            dirs.push(home.join(".local/share/fonts"));
        }
    }
    dirs.into_iter().filter(|d| d.is_dir()).collect()
}

/// True when a family name looks like a Chinese font.
pub fn is_cjk_family(name: &str) -> bool {
    const MARKS: [&str; 10] = [
        "CJK",
        "Han Sans",
        "Han Serif",
        "WenQuanYi",
        "WQY",
        "SimSun",
        "SimHei",
        "FangSong",
        "KaiTi",
        "YaHei",
    ];
    MARKS.iter().any(|m| name.contains(m))
        || name.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[cfg(feature = "pdf")]
mod system {
    use std::path::PathBuf;
    use std::sync::{Arc, OnceLock};

    use resvg::usvg::fontdb::{Database, Source};

    /// The font database, loaded once per process.
    pub fn database() -> &'static Arc<Database> {
        static DB: OnceLock<Arc<Database>> = OnceLock::new();
        DB.get_or_init(|| {
            let mut db = Database::new();
            for dir in super::font_dirs() {
                db.load_fonts_dir(dir);
            }
            Arc::new(db)
        })
    }

    /// Files holding CJK faces: (path, face index, first family name), sans first.
    pub fn cjk_faces() -> &'static [(PathBuf, u32, String)] {
        static FACES: OnceLock<Vec<(PathBuf, u32, String)>> = OnceLock::new();
        FACES.get_or_init(|| {
            let mut out: Vec<(PathBuf, u32, String)> = database()
                .faces()
                .filter_map(|f| {
                    let family = f.families.first().map(|(n, _)| n.clone())?;
                    if !super::is_cjk_family(&family) {
                        return None;
                    }
                    let path = match &f.source {
                        Source::File(p) => p.clone(),
                        Source::SharedFile(p, _) => p.clone(),
                        Source::Binary(_) => return None,
                    };
                    Some((path, f.index, family))
                })
                .collect();
            // Simplified Chinese first, then the rest; a stable order keeps output stable.
            out.sort_by_key(|(p, i, fam)| (!fam.ends_with(" SC"), fam.clone(), p.clone(), *i));
            out
        })
    }
}

#[cfg(feature = "pdf")]
pub use system::{cjk_faces, database};

/// The first CJK family found, if any.
pub fn cjk_family() -> Option<String> {
    #[cfg(feature = "pdf")]
    {
        cjk_faces().first().map(|f| f.2.clone())
    }
    #[cfg(not(feature = "pdf"))]
    {
        None
    }
}

/// Renders an SVG to PNG at twice its size. `None` when no CJK font is available (or the
/// build has no `pdf` feature).
pub fn svg_to_png(svg: &str) -> Option<(Vec<u8>, u32, u32)> {
    #[cfg(feature = "pdf")]
    {
        use resvg::{tiny_skia, usvg};
        let family = cjk_family()?;
        let opts = usvg::Options {
            font_family: family,
            fontdb: database().clone(),
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(svg, &opts).ok()?;
        let size = tree.size().to_int_size();
        let (w, h) = (size.width() * 2, size.height() * 2);
        let mut pixmap = tiny_skia::Pixmap::new(w, h)?;
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(2.0, 2.0),
            &mut pixmap.as_mut(),
        );
        let png = pixmap.encode_png().ok()?;
        Some((png, w, h))
    }
    #[cfg(not(feature = "pdf"))]
    {
        let _ = svg;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_families_are_recognised() {
        assert!(is_cjk_family("Noto Sans CJK SC"));
        assert!(is_cjk_family("文泉驿微米黑"));
        assert!(!is_cjk_family("DejaVu Sans"));
    }
}
