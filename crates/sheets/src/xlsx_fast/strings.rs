//! The shared-string table: entries of the usual shape read straight from
//! the part, the others by quick-xml as calamine reads them.

use quick_xml::events::Event;

use super::*;

impl FastXlsx {
    /// Reads the table into one buffer, as calamine reads it.
    ///
    /// Nearly every entry a spreadsheet program writes is
    /// `<si><t>text</t></si>` (or the same with `xml:space="preserve"`)
    /// whose text holds no markup, entity or carriage return; such an entry
    /// is read here in one pass and gives exactly what quick-xml's events
    /// give. Any other entry (rich text, phonetic guides, entities) is read
    /// by quick-xml on its own, and anything else between the entries hands
    /// the rest of the table to quick-xml.
    pub(super) fn shared_strings(&mut self, xl_path: &str) -> Fast<()> {
        let Some(text) = self.part(&format!("{xl_path}sharedStrings.xml"))? else {
            return Ok(());
        };
        let mut table = Table {
            text: std::mem::take(&mut self.text),
            strings: std::mem::take(&mut self.strings),
        };
        let read = table.read(&text);
        self.text = table.text;
        self.strings = table.strings;
        read
    }
}

/// The table as it is read: every string one after another, and where each
/// starts and ends.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Table {
    pub(super) text: String,
    pub(super) strings: Vec<(usize, usize)>,
}

impl Table {
    /// Reads the part's text into the table.
    pub(super) fn read(&mut self, text: &str) -> Fast<()> {
        let mut xml = reader(text);
        // Elements open, `<sst>` among them, as quick-xml counts them.
        let mut depth = 0u32;
        loop {
            match xml.read_event()? {
                Event::Start(e) => {
                    depth = depth.checked_add(1).ok_or(Unsupported)?;
                    if e.local_name().as_ref() == "sst" {
                        if let Some(n) = raw_attr(&e, "uniqueCount")?
                            && let Ok(n) = atoi_simd::parse::<usize, true, false>(n.as_bytes())
                        {
                            self.strings.reserve(n.min(text.len() / 8));
                        }
                        break;
                    }
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Eof => return Err(Unsupported),
                _ => {}
            }
        }
        self.text.reserve(text.len() / 2);
        let mut scratch = String::new();
        let mut pos = xml.buffer_position() as usize;
        let b = text.as_bytes();
        if b[..pos].ends_with(b"/>") {
            // `<sst …/>`: quick-xml ends it at once, and the table is empty
            // whatever follows.
            self.strings.shrink_to_fit();
            return Ok(());
        }
        loop {
            while b.get(pos).is_some_and(u8::is_ascii_whitespace) {
                pos += 1;
            }
            let rest = &text[pos..];
            if rest.starts_with("</sst>") {
                // An end tag with nothing open is refused, as quick-xml
                // refuses it.
                if depth == 0 {
                    return Err(Unsupported);
                }
                break;
            }
            if !rest.starts_with("<si>") {
                let mut rows = inside(rest, depth);
                self.strings_slowly(&mut rows, &mut scratch)?;
                break;
            }
            if let Some((value, len)) = plain_entry(rest) {
                let start = self.text.len();
                self.text.push_str(&unescape_excel(value));
                self.strings.push((start, self.text.len()));
                pos += len;
                continue;
            }
            let mut rows = inside(rest, depth);
            let Event::Start(e) = rows.next()? else {
                return Err(Unsupported);
            };
            let start = self.text.len();
            read_string(&mut rows, e.name().as_ref(), &mut self.text, &mut scratch)?;
            self.strings.push((start, self.text.len()));
            depth = rows.depth;
            pos += rows.xml.buffer_position() as usize;
        }
        self.text.shrink_to_fit();
        self.strings.shrink_to_fit();
        Ok(())
    }

    /// The rest of the table, event by event.
    fn strings_slowly<'a>(&mut self, xml: &mut Rows<'a>, scratch: &mut String) -> Fast<()> {
        loop {
            match xml.next()? {
                Event::Start(e) if e.local_name().as_ref() == "si" => {
                    let start = self.text.len();
                    read_string(xml, e.name().as_ref(), &mut self.text, scratch)?;
                    self.strings.push((start, self.text.len()));
                }
                Event::End(e) if e.local_name().as_ref() == "sst" => return Ok(()),
                Event::Eof => return Err(Unsupported),
                _ => {}
            }
        }
    }
}

/// A quick-xml reader over text that starts inside the table, its ends
/// matched against the `depth` elements open there.
fn inside(text: &str, depth: u32) -> Rows<'_> {
    let mut xml = reader(text);
    xml.config_mut().allow_unmatched_ends = true;
    Rows { xml, depth }
}

/// An entry `<si><t>text</t></si>` or `<si><t xml:space="preserve">text
/// </t></si>` whose text holds no `<`, `&` or carriage return: the text as
/// quick-xml's events give it (trimmed unless preserved, Excel's escapes
/// not yet undone) and the entry's length. `None` for any other entry.
pub(super) fn plain_entry(rest: &str) -> Option<(&str, usize)> {
    const PRESERVE: &str = "<si><t xml:space=\"preserve\">";
    const PLAIN: &str = "<si><t>";
    const END: &str = "</t></si>";
    let (open, preserve) = if rest.starts_with(PLAIN) {
        (PLAIN.len(), false)
    } else if rest.starts_with(PRESERVE) {
        (PRESERVE.len(), true)
    } else {
        return None;
    };
    let body = &rest.as_bytes()[open..];
    let len = memchr::memchr3(b'<', b'&', b'\r', body)?;
    if !body[len..].starts_with(END.as_bytes()) {
        return None;
    }
    let text = &rest[open..open + len];
    let text = if preserve {
        text
    } else {
        text.trim_matches([' ', '\t', '\r', '\n'])
    };
    Some((text, open + len + END.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table read event by event from the start, as it was read before
    /// entries of the usual shape were read straight from the text.
    fn reference(text: &str) -> Fast<Table> {
        let mut table = Table::default();
        let mut xml = reader(text);
        loop {
            match xml.read_event()? {
                Event::Start(e) if e.local_name().as_ref() == "sst" => break,
                Event::Eof => return Err(Unsupported),
                _ => {}
            }
        }
        let mut scratch = String::new();
        loop {
            match xml.read_event()? {
                Event::Start(e) if e.local_name().as_ref() == "si" => {
                    let start = table.text.len();
                    read_string(&mut xml, e.name().as_ref(), &mut table.text, &mut scratch)?;
                    table.strings.push((start, table.text.len()));
                }
                Event::End(e) if e.local_name().as_ref() == "sst" => break,
                Event::Eof => return Err(Unsupported),
                _ => {}
            }
        }
        Ok(table)
    }

    fn read(text: &str) -> Fast<Table> {
        let mut table = Table::default();
        table.read(text)?;
        Ok(table)
    }

    #[test]
    fn usual_entries_are_read_straight() {
        assert_eq!(
            plain_entry("<si><t> 张三 </t></si><si>"),
            Some(("张三", "<si><t> 张三 </t></si>".len()))
        );
        assert_eq!(
            plain_entry("<si><t xml:space=\"preserve\"> a </t></si>"),
            Some((" a ", "<si><t xml:space=\"preserve\"> a </t></si>".len()))
        );
        for other in [
            "<si><t>a&amp;b</t></si>",
            "<si><t>a\r\nb</t></si>",
            "<si><r><t>a</t></r></si>",
            "<si><t>a</t><rPh><t>b</t></rPh></si>",
            "<si><t/></si>",
            "<si><t>a</t></si",
            "<si ><t>a</t></si>",
        ] {
            assert_eq!(plain_entry(other), None, "{other}");
        }
    }

    /// Tables built from entries of every shape, in every order, with
    /// things between them: read the same as the event-by-event reading,
    /// or refused by both.
    #[test]
    fn tables_read_as_event_by_event() {
        let entries = [
            "<si><t>张三</t></si>",
            "<si><t> padded </t></si>",
            "<si><t xml:space=\"preserve\"> kept </t></si>",
            "<si><t>a_x000D_b</t></si>",
            "<si><t>a&amp;b&#x4E00;</t></si>",
            "<si><t>line\r\nend\rx</t></si>",
            "<si><r><rPr><b/></rPr><t>bold</t></r><r><t xml:space=\"preserve\"> rest</t></r></si>",
            "<si><t>漢字</t><rPh sb=\"0\" eb=\"1\"><t>かんじ</t></rPh></si>",
            "<si><t/></si>",
            "<si/>",
            "<x:si><x:t>prefixed</x:t></x:si>",
            "\n  ",
            "<!-- note -->",
            "<extLst><ext/></extLst>",
            "<si><t>a</t></b></si>",
            "<si><t>unclosed</t>",
            "</si>",
            "<si><t><![CDATA[c<d]]></t></si>",
            "</x>",
            "<si><si><t>nested</t></si></si>",
            "junk",
            "&amp;",
            "<?pi x?>",
            "</sst>",
            "<sst>",
            "<si><t>tab\tand\nline</t></si>",
        ];
        let heads = [
            "<sst xmlns=\"x\" count=\"3\">",
            "<sst xmlns=\"x\"/>",
            "<sst count=\"1\"<a b=\"c\"/>",
            "<doc><sst>",
        ];
        let mut next = super::super::tests::xorshift(0x9E37_79B9_7F4A_7C15);
        let (mut read_both, mut refused_both) = (0, 0);
        for i in 0..20_000 {
            let n = (next() % 6) as usize;
            let mut body = String::new();
            for _ in 0..n {
                body.push_str(entries[(next() % entries.len() as u64) as usize]);
            }
            let end = if i % 50 == 0 { "" } else { "</sst>" };
            let head = heads[(next() % heads.len() as u64) as usize];
            let text = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{head}{body}{end}");
            let ours = read(&text);
            assert_eq!(ours, reference(&text), "{text}");
            match ours {
                Ok(_) => read_both += 1,
                Err(_) => refused_both += 1,
            }
        }
        assert!(
            read_both > 1_000 && refused_both > 1_000,
            "{read_both} {refused_both}"
        );
    }
}
