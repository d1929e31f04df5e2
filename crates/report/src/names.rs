//! File names that are legal on Windows, where the reports are opened.
//! Windows refuses `< > : " / \ | ? *` and control characters in a name,
//! reserves device names (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with any
//! extension, and the superscript COM¹ …), and silently drops trailing dots
//! and spaces, so `幸福里.` and `幸福里` would be one file.
//!
//! Names the tool makes from what a submission holds are made safe with
//! [`safe_stem`]; names the user gives (`--out`) are checked with
//! [`check_output_name`] and refused with the reason, never changed behind
//! the user's back.

use std::path::{Component, Path, PathBuf};

use anyhow::{Result, bail};

use crate::i18n::Lang;

/// The most bytes of a name kept in a file name made from it, leaving room
/// for a suffix and a counter within the 255 bytes file systems allow.
pub const NAME_BYTES: usize = 150;

/// The most characters kept.
const NAME_CHARS: usize = 60;

fn forbidden(c: char) -> bool {
    matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        || c.is_control()
        // Direction overrides would make a name read differently from
        // what it is.
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Whether Windows reserves this name for a device, whatever follows its
/// first dot (`con.txt`, `NUL .xlsx`, `com¹`).
pub fn is_reserved(name: &str) -> bool {
    let upper = name.to_uppercase();
    let stem = upper.split('.').next().unwrap_or("").trim_end();
    if matches!(stem, "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$") {
        return true;
    }
    let mut chars = stem.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: Vec<char> = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && rest.len() == 1
        && matches!(rest[0], '0'..='9' | '¹' | '²' | '³')
}

/// A name made safe to be a file name stem on Windows and elsewhere:
/// forbidden characters become `_`, trailing dots and spaces go, long names
/// are cut (on a character boundary) to 60 characters and 150 bytes, and a
/// reserved or empty name gets a leading `_`.
pub fn safe_stem(name: &str) -> String {
    let trim = |s: &str| {
        s.trim_matches(|c: char| c == '.' || c.is_whitespace())
            .to_string()
    };
    let mut base = trim(
        &name
            .chars()
            .map(|c| if forbidden(c) { '_' } else { c })
            .collect::<String>(),
    );
    if base.chars().count() > NAME_CHARS || base.len() > NAME_BYTES {
        let mut cut = String::new();
        for c in base.chars().take(NAME_CHARS) {
            if cut.len() + c.len_utf8() > NAME_BYTES {
                break;
            }
            cut.push(c);
        }
        base = trim(&cut);
    }
    if base.is_empty() || is_reserved(&base) {
        base = format!("_{base}");
    }
    base
}

/// Why a file or folder name cannot be used on Windows; `None` when it can.
pub fn windows_problem(name: &str, lang: Lang) -> Option<String> {
    if let Some(c) = name.chars().find(|c| forbidden(*c)) {
        let shown = if c.is_control() || !c.is_ascii() {
            format!("U+{:04X}", c as u32)
        } else {
            c.to_string()
        };
        return Some(match lang {
            Lang::Zh => format!("含有 Windows 文件名中不允许的字符“{shown}”"),
            Lang::En => format!("holds \"{shown}\", which Windows does not allow in a name"),
        });
    }
    if is_reserved(name) {
        return Some(
            lang.pick(
                "是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM1、LPT1 等）",
                "is a device name Windows reserves (CON, PRN, AUX, NUL, COM1, LPT1 …)",
            )
            .to_string(),
        );
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Some(
            lang.pick(
                "以句点或空格结尾，Windows 会把它们去掉",
                "ends in a dot or a space, which Windows drops",
            )
            .to_string(),
        );
    }
    None
}

/// Refuses an output path whose last part Windows cannot hold as given.
/// Folders above it already exist or are the user's to name; only the name
/// being made is checked.
pub fn check_output_name(path: &Path, lang: Lang) -> Result<()> {
    let Some(Component::Normal(last)) = path.components().next_back() else {
        return Ok(());
    };
    let name = last.to_string_lossy();
    if let Some(why) = windows_problem(&name, lang) {
        let shown = crate::text::sanitize(&path.display().to_string());
        match lang {
            Lang::Zh => bail!("输出文件名 {shown} 不能使用：{why}；请换一个名称"),
            Lang::En => bail!("the output name {shown} cannot be used: it {why}; choose another"),
        }
    }
    Ok(())
}

/// The workbook file an `--out` names: checked as [`check_output_name`]
/// does, given `.xlsx` when it has no extension (Excel will not open a file
/// without one), refused when it has another. The flag says whether the
/// extension was added, so the user can be told.
pub fn workbook_output(out: &Path, lang: Lang) -> Result<(PathBuf, bool)> {
    check_output_name(out, lang)?;
    match out.extension().map(|e| e.to_string_lossy().to_lowercase()) {
        None => {
            let mut name = out.as_os_str().to_owned();
            name.push(".xlsx");
            let path = PathBuf::from(name);
            check_output_name(&path, lang)?;
            Ok((path, true))
        }
        Some(e) if e == "xlsx" => Ok((out.to_path_buf(), false)),
        Some(_) => {
            let shown = crate::text::sanitize(&out.display().to_string());
            match lang {
                Lang::Zh => bail!("--out 须为 .xlsx 文件：{shown}"),
                Lang::En => bail!("--out must be an .xlsx file: {shown}"),
            }
        }
    }
}

/// What the terminal says when `.xlsx` was added to an `--out`.
pub fn extension_added_note(path: &Path, lang: Lang) -> String {
    let shown = crate::text::sanitize(&path.display().to_string());
    match lang {
        Lang::Zh => format!("未指定扩展名，已加上 .xlsx：{shown}"),
        Lang::En => format!("no extension given; .xlsx added: {shown}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_device_names_in_every_form() {
        for n in [
            "CON",
            "con",
            "Con.xlsx",
            "NUL .csv",
            "aux",
            "PRN.tar.gz",
            "COM1",
            "lpt9.txt",
            "COM¹",
            "LPT³",
            "CONIN$",
            "conout$",
        ] {
            assert!(is_reserved(n), "{n}");
        }
        for n in [
            "CONSOLE",
            "COM10",
            "LPT",
            "COMA",
            "和平社区",
            "nul1",
            "xCON",
        ] {
            assert!(!is_reserved(n), "{n}");
        }
    }

    #[test]
    fn stems_are_made_safe() {
        assert_eq!(safe_stem("东关/西城:社区?"), "东关_西城_社区_");
        assert_eq!(safe_stem("幸福里小区. . "), "幸福里小区");
        assert_eq!(safe_stem(" ..幸福里"), "幸福里");
        assert_eq!(safe_stem("aux.1"), "_aux.1");
        assert_eq!(safe_stem(""), "_");
        assert_eq!(safe_stem("..."), "_");
        let long = safe_stem(&"长".repeat(100));
        assert_eq!(long.chars().count(), 50);
        assert!(long.len() <= NAME_BYTES);
        let emoji = safe_stem(&"😷".repeat(100));
        assert!(emoji.len() <= NAME_BYTES);
        assert!(windows_problem(&emoji, Lang::Zh).is_none());
    }

    #[test]
    fn every_safe_stem_is_a_legal_windows_name() {
        let samples = [
            "CON",
            "a<b>c",
            "末尾点.",
            "末尾空格 ",
            "tab\there",
            "\u{202E}gpj.exe",
            "com².x",
            "   ",
            "a|b*c\"d",
        ];
        for s in samples {
            let stem = safe_stem(s);
            assert_eq!(windows_problem(&stem, Lang::En), None, "{s:?} → {stem:?}");
            let with_ext = format!("{stem}-评分反馈.xlsx");
            assert_eq!(windows_problem(&with_ext, Lang::En), None, "{with_ext:?}");
        }
    }

    #[test]
    fn workbook_outputs_get_xlsx_when_they_have_no_extension() {
        let (p, added) = workbook_output(Path::new("out/台账模板"), Lang::Zh).unwrap();
        assert_eq!(p, Path::new("out/台账模板.xlsx"));
        assert!(added);
        let (p, added) = workbook_output(Path::new("名单.XLSX"), Lang::Zh).unwrap();
        assert_eq!(p, Path::new("名单.XLSX"));
        assert!(!added);
        let e = workbook_output(Path::new("名单.xls"), Lang::En).unwrap_err();
        assert!(e.to_string().contains(".xlsx"), "{e}");
        assert!(workbook_output(Path::new("模板 "), Lang::Zh).is_err());
    }

    #[test]
    fn output_names_windows_cannot_hold_are_refused_with_why() {
        let e = check_output_name(Path::new("out/CON.xlsx"), Lang::Zh).unwrap_err();
        assert!(e.to_string().contains("保留的设备名"), "{e}");
        let e = check_output_name(Path::new("评分结果."), Lang::En).unwrap_err();
        assert!(e.to_string().contains("ends in a dot"), "{e}");
        let e = check_output_name(Path::new("2022:Q1.xlsx"), Lang::En).unwrap_err();
        assert!(e.to_string().contains("\":\""), "{e}");
        for ok in [
            "2022Q1评分",
            "out/名单.xlsx",
            ".",
            "..",
            "a/b/",
            "评分 结果",
        ] {
            assert!(check_output_name(Path::new(ok), Lang::Zh).is_ok(), "{ok}");
        }
    }
}
