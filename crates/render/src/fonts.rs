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
    const MARKS: [&str; 14] = [
        "CJK",
        "Han Sans",
        "Han Serif",
        "WenQuanYi",
        "WQY",
        "SimSun",
        "SimHei",
        "FangSong",
        "Fangsong",
        "KaiTi",
        "Kaiti",
        "YaHei",
        "XiaoBiaoSong",
        "Heiti",
    ];
    MARKS.iter().any(|m| name.contains(m))
        || name.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// What a face does in a 公文 (GB/T 9704): each has its official font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The body text: 仿宋_GB2312.
    Body,
    /// Headings of levels 1 and 2, table titles: 黑体.
    Heading,
    /// Headings of level 3, captions: 楷体_GB2312.
    Level3,
    /// The document's title and the cover: 方正小标宋简体.
    Title,
}

impl Role {
    /// Every role, in the order reported.
    pub const ALL: [Role; 4] = [Role::Body, Role::Heading, Role::Level3, Role::Title];

    /// The official font's name as a 公文 names it.
    pub fn official(self) -> &'static str {
        match self {
            Role::Body => "仿宋_GB2312",
            Role::Heading => "黑体",
            Role::Level3 => "楷体_GB2312",
            Role::Title => "方正小标宋简体",
        }
    }

    /// Family names of the official face and of its accepted equivalents, preferred first
    /// (the Chinese and the English name of each).
    pub fn accepted(self) -> &'static [&'static str] {
        match self {
            Role::Body => &[
                "仿宋_GB2312",
                "FangSong_GB2312",
                "仿宋",
                "FangSong",
                "华文仿宋",
                "STFangsong",
            ],
            Role::Heading => &["黑体", "SimHei", "华文黑体", "STHeiti"],
            Role::Level3 => &[
                "楷体_GB2312",
                "KaiTi_GB2312",
                "楷体",
                "KaiTi",
                "华文楷体",
                "STKaiti",
            ],
            Role::Title => &[
                "方正小标宋简体",
                "FZXiaoBiaoSong-B05S",
                "方正小标宋_GBK",
                "FZXiaoBiaoSong-B05",
            ],
        }
    }

    /// The word a fallback family holds (`Serif` or `Sans`): a Song-like face for the body,
    /// 楷体 and the title, a Hei-like one for headings.
    fn fallback_kind(self) -> &'static str {
        match self {
            Role::Heading => "Sans",
            Role::Body | Role::Level3 | Role::Title => "Serif",
        }
    }
}

/// A face found on the machine: its file, index in the file, and every family name it
/// gives (English and Chinese).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Face {
    /// The font file.
    pub path: PathBuf,
    /// The face's index in a collection (`.ttc`).
    pub index: u32,
    /// Its family names, the first as the font lists it first.
    pub names: Vec<String>,
}

/// The face chosen for a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The role.
    pub role: Role,
    /// The face.
    pub face: Face,
    /// True when the official font (or an accepted equivalent) is not installed and a
    /// fallback is used.
    pub fallback: bool,
}

impl Choice {
    /// The family name to show (the first the face gives).
    pub fn family(&self) -> &str {
        self.face.names.first().map_or("", String::as_str)
    }
}

/// Picks a face for each role from `faces` (CJK faces, Simplified Chinese first): the
/// official font or an accepted equivalent when there is one, else a serif or sans CJK
/// face as the role wants, else the first face. `None` without any face.
pub fn choose(faces: &[Face]) -> Option<Vec<Choice>> {
    let first = faces.first()?;
    let has = |f: &Face, name: &str| f.names.iter().any(|n| n == name);
    Some(
        Role::ALL
            .into_iter()
            .map(|role| {
                let official = role
                    .accepted()
                    .iter()
                    .find_map(|name| faces.iter().find(|f| has(f, name)));
                match official {
                    Some(face) => Choice {
                        role,
                        face: face.clone(),
                        fallback: false,
                    },
                    None => Choice {
                        role,
                        face: faces
                            .iter()
                            .find(|f| f.names.iter().any(|n| n.contains(role.fallback_kind())))
                            .unwrap_or(first)
                            .clone(),
                        fallback: true,
                    },
                }
            })
            .collect(),
    )
}

/// One line naming the fallback used for each official font that is missing, as `build`
/// prints it; `None` when every official font is installed.
pub fn fallback_note(choices: &[Choice]) -> Option<String> {
    let missing: Vec<String> = choices
        .iter()
        .filter(|c| c.fallback)
        .map(|c| format!("{}→{}", c.role.official(), c.family()))
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "PDF 未找到公文字体，已用替代字体：{}（安装公文字体，或用 JUESUAN_FONT_DIR 指向其所在文件夹，重新生成即用公文字体）",
            missing.join("，")
        )
    })
}

/// The faces the PDF uses on this machine, one per role; `None` without a CJK font (or
/// without the `pdf` feature).
pub fn choices() -> Option<Vec<Choice>> {
    #[cfg(feature = "pdf")]
    {
        use std::sync::OnceLock;
        static CHOICES: OnceLock<Option<Vec<Choice>>> = OnceLock::new();
        CHOICES.get_or_init(|| choose(system::faces())).clone()
    }
    #[cfg(not(feature = "pdf"))]
    {
        None
    }
}

/// What [`fallback_note`] says for the fonts of this machine.
pub fn report() -> Option<String> {
    choices().as_deref().and_then(fallback_note)
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

    /// The CJK faces with all their family names, in the order of [`cjk_faces`].
    pub fn faces() -> &'static [super::Face] {
        static FACES: OnceLock<Vec<super::Face>> = OnceLock::new();
        FACES.get_or_init(|| {
            let db = database();
            cjk_faces()
                .iter()
                .map(|(path, index, family)| {
                    let mut names = vec![family.clone()];
                    for f in db.faces() {
                        let same = match &f.source {
                            Source::File(p) | Source::SharedFile(p, _) => p == path,
                            Source::Binary(_) => false,
                        };
                        if same && f.index == *index {
                            for (n, _) in &f.families {
                                if !names.contains(n) {
                                    names.push(n.clone());
                                }
                            }
                        }
                    }
                    super::Face {
                        path: path.clone(),
                        index: *index,
                        names,
                    }
                })
                .collect()
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
                    if !f.families.iter().any(|(n, _)| super::is_cjk_family(n)) {
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

    fn face(names: &[&str]) -> Face {
        Face {
            path: PathBuf::from(format!("/f/{}.ttf", names[0])),
            index: 0,
            names: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    #[test]
    fn official_fonts_are_preferred_and_fallbacks_named() {
        let noto = [face(&["Noto Sans CJK SC"]), face(&["Noto Serif CJK SC"])];
        let c = choose(&noto).unwrap();
        let fams: Vec<&str> = c.iter().map(Choice::family).collect();
        assert_eq!(
            fams,
            [
                "Noto Serif CJK SC",
                "Noto Sans CJK SC",
                "Noto Serif CJK SC",
                "Noto Serif CJK SC"
            ]
        );
        assert!(c.iter().all(|c| c.fallback));
        assert_eq!(
            fallback_note(&c).unwrap(),
            "PDF 未找到公文字体，已用替代字体：仿宋_GB2312→Noto Serif CJK SC，黑体→Noto Sans CJK SC，\
             楷体_GB2312→Noto Serif CJK SC，方正小标宋简体→Noto Serif CJK SC（安装公文字体，或用 \
             JUESUAN_FONT_DIR 指向其所在文件夹，重新生成即用公文字体）"
        );
        // 仿宋 (not _GB2312) and 黑体 installed, by their Chinese or English names
        let mut some = noto.to_vec();
        some.push(face(&["FangSong", "仿宋"]));
        some.push(face(&["SimHei", "黑体"]));
        let c = choose(&some).unwrap();
        assert_eq!(c[0].family(), "FangSong");
        assert!(!c[0].fallback && !c[1].fallback && c[2].fallback && c[3].fallback);
        let note = fallback_note(&c).unwrap();
        assert!(
            !note.contains("仿宋_GB2312") && !note.contains("黑体→"),
            "{note}"
        );
        assert!(
            note.contains("楷体_GB2312→Noto Serif CJK SC，方正小标宋简体→"),
            "{note}"
        );
        // the _GB2312 face wins over the plain one; all four: nothing to say
        some.push(face(&["FangSong_GB2312", "仿宋_GB2312"]));
        some.push(face(&["KaiTi_GB2312", "楷体_GB2312"]));
        some.push(face(&["FZXiaoBiaoSong-B05S", "方正小标宋简体"]));
        let c = choose(&some).unwrap();
        assert_eq!(c[0].family(), "FangSong_GB2312");
        assert_eq!(c[3].family(), "FZXiaoBiaoSong-B05S");
        assert_eq!(fallback_note(&c), None);
        assert_eq!(choose(&[]), None);
    }

    #[test]
    fn cjk_families_are_recognised() {
        assert!(is_cjk_family("Noto Sans CJK SC"));
        assert!(is_cjk_family("文泉驿微米黑"));
        assert!(!is_cjk_family("DejaVu Sans"));
    }
}
