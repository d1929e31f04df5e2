//! The character encoding of a text file the office hands over — a CSV
//! saved by Excel or WPS. On Chinese Windows, "CSV (逗号分隔)" is written
//! in the ANSI code page, GBK; "CSV UTF-8" has a byte-order mark; "Unicode
//! 文本" is UTF-16 with a byte-order mark. The encoding is found, never
//! guessed at when the bytes fit none of them.

use encoding_rs::{Encoding, GB18030, UTF_8};

/// Which encoding a text was read as, for messages and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-16 (little or big endian) with a byte-order mark.
    Utf16Bom,
    /// UTF-8 without a byte-order mark (pure ASCII is reported as this).
    Utf8,
    /// GB18030, the superset of GBK and GB2312 that Chinese Windows writes.
    Gb18030,
}

impl Detected {
    /// The encoding's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Detected::Utf8Bom => "UTF-8 (BOM)",
            Detected::Utf16Bom => "UTF-16",
            Detected::Utf8 => "UTF-8",
            Detected::Gb18030 => "GBK/GB18030",
        }
    }
}

/// The bytes could not be read in any of the encodings: not valid UTF-8 and
/// not valid GB18030 either (a binary file, or text in another encoding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecodable {
    /// Byte offset of the first sequence that is not valid GB18030.
    pub at: usize,
}

/// Decodes a text file: a byte-order mark says UTF-8 or UTF-16; otherwise
/// valid UTF-8 is UTF-8; otherwise it is read as GB18030 (which covers GBK
/// and GB2312). Bytes that are not valid GB18030 either are refused rather
/// than replaced, so no name is ever read with a character changed.
pub fn decode(bytes: &[u8]) -> Result<(String, Detected), Undecodable> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let detected = if enc == UTF_8 {
            Detected::Utf8Bom
        } else {
            Detected::Utf16Bom
        };
        return enc
            .decode_without_bom_handling_and_without_replacement(&bytes[bom_len..])
            .map(|s| (s.into_owned(), detected))
            .ok_or_else(|| Undecodable {
                at: first_error(enc, &bytes[bom_len..]) + bom_len,
            });
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), Detected::Utf8));
    }
    GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| (s.into_owned(), Detected::Gb18030))
        .ok_or_else(|| Undecodable {
            at: first_error(GB18030, bytes),
        })
}

/// Where decoding `bytes` as `enc` first fails.
fn first_error(enc: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len() * 3),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            read.saturating_sub(bad as usize + after as usize)
        }
        _ => read,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(s: &str) -> Vec<u8> {
        let (b, _, unmappable) = GB18030.encode(s);
        assert!(!unmappable);
        b.into_owned()
    }

    #[test]
    fn gbk_text_from_chinese_windows_is_read() {
        let text = "区县,街道(乡镇),名称,类型\r\n城关区,东关街道,幸福里小区,小区\r\n";
        let (s, d) = decode(&gbk(text)).unwrap();
        assert_eq!(s, text);
        assert_eq!(d, Detected::Gb18030);
    }

    #[test]
    fn gb18030_four_byte_characters_are_read() {
        // 㐀 (U+3400) and 𠀀 (U+20000) are outside GBK: four bytes in GB18030.
        let text = "名称\n㐀𠀀村\n";
        let (s, d) = decode(&gbk(text)).unwrap();
        assert_eq!(s, text);
        assert_eq!(d, Detected::Gb18030);
    }

    #[test]
    fn boms_say_utf8_and_utf16() {
        let (s, d) = decode("\u{feff}名称\n和平社区\n".as_bytes()).unwrap();
        assert_eq!((s.as_str(), d), ("名称\n和平社区\n", Detected::Utf8Bom));

        let mut le = vec![0xFF, 0xFE];
        le.extend("名称\t类型\n".encode_utf16().flat_map(u16::to_le_bytes));
        let (s, d) = decode(&le).unwrap();
        assert_eq!((s.as_str(), d), ("名称\t类型\n", Detected::Utf16Bom));

        let mut be = vec![0xFE, 0xFF];
        be.extend("名称\n".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap().0, "名称\n");
    }

    #[test]
    fn plain_utf8_and_ascii_stay_utf8() {
        assert_eq!(
            decode("名称\n".as_bytes()).unwrap(),
            ("名称\n".into(), Detected::Utf8)
        );
        assert_eq!(
            decode(b"name\n").unwrap(),
            ("name\n".into(), Detected::Utf8)
        );
    }

    #[test]
    fn bytes_in_no_encoding_are_refused_with_where() {
        // 0x80 alone is not GB18030; 0xFF is never a lead byte.
        let mut b = gbk("名称,");
        let at = b.len();
        b.extend([0xFF, 0xFF, b'\n']);
        assert_eq!(decode(&b), Err(Undecodable { at }));
    }
}
