//! Start tags of the usual shape, read in one pass.
//!
//! Nearly every `<row>` and `<c>` tag a spreadsheet program writes is
//! `name="value"` pairs separated by white space, closed by `>` or `/>`.
//! [`plain_tag`] reads such a tag in one pass over its bytes and gives
//! exactly what the general path ([`tag_end`](super::rows::tag_end), then
//! [`attrs_in`](super::xml::attrs_in)) gives for it; any other shape is
//! left to the general path, which decides as calamine does.

/// A tag read: the attributes asked for, where its `>` is, and whether it
/// ends in `/>`.
pub(super) type TagRead<'a, const N: usize> = ([Option<&'a str>; N], usize, bool);

/// The attributes named by `keys`, where the tag's `>` is and whether it
/// ends in `/>`, for a tag whose attributes start at `from` (just after
/// the element's name). `None` when the tag is not of the plain shape: a
/// key holding white space, a quote or `<`, `>` or `/`; an empty key;
/// white space around `=`; a value without quotes; a value or the tag
/// running past the end of `text`; a `/` not followed by `>`.
///
/// As the general path does, the attributes are taken in order and the
/// search stops once as many matches as keys were seen, so of two
/// attributes with the same name the second counts only while a key is
/// still missing.
#[inline(always)]
pub(super) fn plain_tag<'a, const N: usize>(
    text: &'a str,
    from: usize,
    keys: [&str; N],
) -> Option<TagRead<'a, N>> {
    let b = text.as_bytes();
    let mut i = from;
    let mut out = [None; N];
    let mut found = 0;
    loop {
        while b.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        match b[i] {
            b'>' => return Some((out, i, false)),
            b'/' => return (b.get(i + 1) == Some(&b'>')).then_some((out, i + 1, true)),
            _ => {}
        }
        let key_start = i;
        loop {
            match *b.get(i)? {
                b'=' => break,
                c if c.is_ascii_whitespace() || matches!(c, b'"' | b'\'' | b'<' | b'>' | b'/') => {
                    return None;
                }
                _ => i += 1,
            }
        }
        if i == key_start {
            return None;
        }
        let key = &b[key_start..i];
        i += 1;
        let quote = *b.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        i += 1;
        let value_start = i;
        i += b.get(i..)?.iter().position(|&c| c == quote)?;
        if found < N
            && let Some(k) = keys.iter().position(|k| same(k.as_bytes(), key))
        {
            out[k] = Some(&text[value_start..i]);
            found += 1;
        }
        i += 1;
    }
}

/// Byte-wise equality of two short keys, without a call to `memcmp`.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

#[cfg(test)]
mod tests {
    use super::super::rows::tag_end;
    use super::super::xml::attrs_in;
    use super::*;

    /// The general path: the tag's `>`, then the attributes of what lies
    /// between the name and it. `None` where it finds no `>`; `Some(None)`
    /// where it refuses the attributes.
    fn general<'a, const N: usize>(
        text: &'a str,
        from: usize,
        keys: [&str; N],
    ) -> Option<Option<TagRead<'a, N>>> {
        let gt = tag_end(&text.as_bytes()[from..])? + from;
        let content = &text[from..gt];
        let (raw, empty) = match content.strip_suffix('/') {
            Some(c) => (c, true),
            None => (content, false),
        };
        Some(attrs_in(raw, keys).ok().map(|a| (a, gt, empty)))
    }

    /// Whether the one-pass reading took the tag; where it did, it must
    /// agree with the general path.
    fn agree(tag: &str) -> bool {
        let text = format!("<c{tag}");
        let fast = plain_tag(&text, 2, ["r", "s", "t"]);
        let slow = general(&text, 2, ["r", "s", "t"]);
        if let Some(fast) = fast {
            assert_eq!(slow, Some(Some(fast)), "{text:?}");
        }
        let one = plain_tag(&text, 2, ["r"]);
        if let Some(one) = one {
            assert_eq!(general(&text, 2, ["r"]), Some(Some(one)), "{text:?}");
        }
        assert_eq!(fast.is_some(), one.is_some(), "{text:?}");
        fast.is_some()
    }

    #[test]
    fn usual_tags_read_in_one_pass() {
        let text = r#"<c r="B2" s="3" t="s"><v>1</v></c>"#;
        let (attrs, gt, empty) = plain_tag(text, 2, ["r", "s", "t"]).unwrap();
        assert_eq!(attrs, [Some("B2"), Some("3"), Some("s")]);
        assert_eq!((gt, empty), (21, false));
        let text = "<c r='A1'\n\ts=\"\"/>";
        let (attrs, gt, empty) = plain_tag(text, 2, ["r", "s", "t"]).unwrap();
        assert_eq!(attrs, [Some("A1"), Some(""), None]);
        assert_eq!((gt, empty), (text.len() - 1, true));
        let text = r#"<row r="7" spans="1:3" x14ac:dyDescent="0.25">"#;
        let ([r], gt, empty) = plain_tag(text, 4, ["r"]).unwrap();
        assert_eq!((r, gt, empty), (Some("7"), text.len() - 1, false));
    }

    #[test]
    fn other_shapes_go_to_the_general_path() {
        for tag in [
            r#" r = "A1">"#,
            r#" r=A1>"#,
            r#" r"#,
            r#" r="A1"#,
            r#" r="A1"/ >"#,
            r#" ="A1">"#,
            r#" r s="1">"#,
            r#" r>="A1">"#,
        ] {
            let text = format!("<c{tag}");
            assert_eq!(plain_tag(&text, 2, ["r", "s", "t"]), None, "{text:?}");
        }
    }

    #[test]
    fn duplicates_count_as_the_general_path_counts_them() {
        let text = r#"<c r="A1" r="B1" s="1" t="s" r="C1">"#;
        let (attrs, ..) = plain_tag(text, 2, ["r", "s", "t"]).unwrap();
        assert_eq!(attrs, [Some("B1"), Some("1"), None]);
        assert!(agree(&text[2..]));
    }

    /// Every tag built from a few dozen pieces, and thousands of random
    /// strings over the bytes that matter: wherever the one-pass reading
    /// gives an answer, the general path gives the same.
    #[test]
    fn agrees_with_the_general_path() {
        let pieces = [
            " ", "\t", "\n", "r", "s", "t", "x:r", "=", "\"", "'", "A1", "3", ">", "/", "/>", "<",
            "&amp;", "é", "r=\"B2\"", " s='1'", " t=\"s\"", "\"\"",
        ];
        let (mut seen, mut taken) = (0, 0);
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in [">", "/>", "", "\">"] {
                        taken += usize::from(agree(&format!("{a}{b}{c}{d}")));
                        seen += 1;
                    }
                }
            }
        }
        let mut next = super::super::tests::xorshift(0x2545_F491_4F6C_DD1D);
        let alphabet = [
            " ", "=", "\"", "'", ">", "/", "r", "s", "t", "A", "1", "\n", "<", "ß",
        ];
        for _ in 0..50_000 {
            let len = (next() % 24) as usize;
            let tag: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            taken += usize::from(agree(&tag));
            seen += 1;
        }
        // Both paths were exercised: many tags read in one pass, many left.
        assert!(seen > 90_000, "{seen}");
        assert!(taken > 2_000 && seen - taken > 2_000, "{taken} of {seen}");
    }
}
