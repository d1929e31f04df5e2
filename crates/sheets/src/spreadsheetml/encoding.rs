//! The document's bytes: telling SpreadsheetML from other XML, and its text
//! decoded in the encoding it declares.

use super::*;

/// Whether the start of a file says it is SpreadsheetML: an XML document
/// naming the spreadsheet namespace or Excel's processing instruction,
/// in whatever encoding.
pub(crate) fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = match utf16(head) {
        Some(enc) => enc.decode_without_bom_handling(strip_bom(head)).0,
        None => String::from_utf8_lossy(head),
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('<') {
        return false;
    }
    let lower = text.to_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return false;
    }
    lower.contains("urn:schemas-microsoft-com:office:spreadsheet")
        || lower.contains("progid=\"excel.sheet\"")
        || lower.contains("progid='excel.sheet'")
}

pub(super) fn utf16(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    match head {
        [0xFF, 0xFE, ..] | [b'<', 0, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] | [0, b'<', ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

pub(super) fn strip_bom(bytes: &[u8]) -> &[u8] {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        &bytes[2..]
    } else if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        &bytes[3..]
    } else {
        bytes
    }
}

/// The encoding the XML declaration names, if any.
pub(super) fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(1024)];
    let end = memchr::memmem::find(head, b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?.trim_start();
    if !decl.starts_with("<?xml") {
        return None;
    }
    let at = decl.find("encoding")? + "encoding".len();
    let rest = decl[at..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let value = &rest[1..];
    Some(value[..value.find(quote)?].trim().to_string())
}

/// The document as UTF-8 text, from UTF-8, UTF-16 or whatever encoding the
/// declaration names (platforms in China often write GB2312 or GBK).
pub(super) fn decode(bytes: Vec<u8>, budget: &mut Budget) -> Result<String, OpenError> {
    let transcode = |enc: &'static encoding_rs::Encoding,
                     body: &[u8],
                     label: String,
                     budget: &mut Budget|
     -> Result<String, OpenError> {
        // The text is held beside the file's bytes: UTF-8 of Chinese from
        // GBK or UTF-16 is at most 1.5 times as long, plus replacements.
        budget.charge((body.len() as u64).saturating_mul(2))?;
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(refuse(XmlRefusal::BadEncoding { label }));
        }
        Ok(text.into_owned())
    };
    if let Some(enc) = utf16(&bytes) {
        return transcode(enc, strip_bom(&bytes), enc.name().to_string(), budget);
    }
    let has_bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
    let label = if has_bom {
        None
    } else {
        declared_encoding(&bytes)
    };
    if let Some(label) = label {
        let enc = encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            refuse(XmlRefusal::UnknownEncoding {
                label: label.clone(),
            })
        })?;
        // A declaration that could be read as ASCII is not in UTF-16,
        // whatever it says (those are caught by their bytes above).
        let ascii_compatible = enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE;
        if enc != encoding_rs::UTF_8 && ascii_compatible {
            return transcode(enc, &bytes, label, budget);
        }
    }
    let mut bytes = bytes;
    if has_bom {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|_| {
        refuse(XmlRefusal::BadEncoding {
            label: "UTF-8".into(),
        })
    })
}
