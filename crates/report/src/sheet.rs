//! Formatted worksheets for people: a bold shaded header that stays in view,
//! an autofilter, widths that fit Chinese text, and a page set up to print.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use crate::text::width;

/// The most characters (UTF-16 units) a spreadsheet cell holds.
const CELL_MAX: usize = 32_767;

/// The last row of a worksheet (zero-based).
const LAST_ROW: u32 = 1_048_575;

/// Text cut to what a cell can hold, the cut marked with "…". A submission
/// may fill a cell to the limit, and a message quoting it, or a title
/// naming it, would otherwise make the whole report fail to write.
pub fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    if s.len() <= CELL_MAX || s.encode_utf16().count() <= CELL_MAX {
        return s.into();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        if used + c.len_utf16() > CELL_MAX - 1 {
            break;
        }
        used += c.len_utf16();
        out.push(c);
    }
    out.push('…');
    out.into()
}

/// A cell value for a report sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, always written as a string (never as a formula), wrapped and
    /// indented, and cut to what a cell holds.
    Text(String),
    /// A whole number such as a count or row number, right-aligned with a
    /// space after it.
    Num(f64),
    /// A number shown with one decimal.
    Score(f64),
    /// A date, shown as yyyy-mm-dd and centred.
    Date(chrono::NaiveDate),
    /// A share (0.25), shown as a percentage with one decimal (25.0%).
    Percent(f64),
    /// An empty cell that still gets the table's border.
    Blank,
}

/// A score as the rubric rounds it: to tenths, half up, stored as the
/// number a person would type (1.7, never 1.7000000000000002).
pub fn tenths(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let t = wuyi_core::rubric::measure::to_tenths(x.abs()) as f64 / 10.0;
    if x < 0.0 { -t } else { t }
}

impl Cell {
    /// A [`Cell::Text`] from anything that converts into a string.
    pub fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    fn shown_width(&self) -> usize {
        match self {
            Cell::Text(s) => s.lines().map(width).max().unwrap_or(0),
            // The number and the padding after it (see [`COUNT_FORMAT`]).
            Cell::Num(n) => format!("{n}").len() + 1,
            Cell::Score(_) => 6,
            Cell::Date(_) => 10,
            Cell::Percent(_) => 7,
            Cell::Blank => 0,
        }
    }
}

/// Number formats with a space's width after the digits (`_ `), so that a
/// right-aligned number never touches the text or number printed to its
/// right ("8.0100.0%"); text cells are indented from the left for the same
/// reason.
pub const SCORE_FORMAT: &str = "0.0_ ";
/// The number format for whole numbers (counts, row numbers), with the same
/// trailing space as [`SCORE_FORMAT`].
pub const COUNT_FORMAT: &str = "0_ ";
/// The number format for shares, shown as a percentage with one decimal and
/// the same trailing space as [`SCORE_FORMAT`].
pub const PERCENT_FORMAT: &str = "0.0%_ ";

/// The cell formats every report workbook shares: 10.5-point 宋体 with thin
/// borders, plus a title style and the good/bad/warn colours for marked cells.
pub struct Formats {
    /// Column headers: bold, centred, wrapped, on a light blue fill.
    pub header: Format,
    /// The sheet title merged across the top row: 16-point bold 黑体.
    pub title: Format,
    /// Ordinary text cells: wrapped and indented one step from the left.
    pub text: Format,
    /// Scores, with one decimal ([`SCORE_FORMAT`]).
    pub score: Format,
    /// Whole numbers: counts and row numbers.
    pub count: Format,
    /// Dates as yyyy-mm-dd, centred.
    pub date: Format,
    /// A cell marked good (passed, acceptable, target met): dark green on light green.
    pub good: Format,
    /// A cell marked bad (an error, vetoed, unassessable, revoked): dark red on
    /// light red.
    pub bad: Format,
    /// A cell marked for attention (a warning, failed the pass line, points
    /// lost, target not met): dark amber on light yellow; also used for the
    /// note on rows that did not fit.
    pub warn: Format,
}

impl Default for Formats {
    fn default() -> Self {
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(10.5)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xDDEBF7)),
            title: Format::new()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            text: base.clone().set_text_wrap().set_indent(1),
            score: base.clone().set_num_format(SCORE_FORMAT),
            count: base.clone().set_num_format(COUNT_FORMAT),
            date: base
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Center),
            good: base
                .clone()
                .set_indent(1)
                .set_font_color(Color::RGB(0x006100))
                .set_background_color(Color::RGB(0xC6EFCE)),
            bad: base
                .clone()
                .set_indent(1)
                .set_font_color(Color::RGB(0x9C0006))
                .set_background_color(Color::RGB(0xFFC7CE)),
            warn: base
                .set_indent(1)
                .set_font_color(Color::RGB(0x9C5700))
                .set_background_color(Color::RGB(0xFFEB9C)),
        }
    }
}

/// Reports carry a fixed creation time so that the same inputs give the same
/// bytes.
pub fn new_workbook() -> Workbook {
    let mut wb = Workbook::new();
    if let Ok(t) = ExcelDateTime::from_ymd(2020, 1, 1) {
        let props = DocProperties::new()
            .set_creation_datetime(&t)
            .set_author("wuyi");
        wb.set_properties(&props);
    }
    wb
}

/// How many lines text needs in a column `col_width` Excel units wide.
pub fn lines_needed(s: &str, col_width: f64) -> usize {
    // A column's width less the cell's indent and padding.
    let usable = (col_width - 2.0).max(1.0);
    s.split('\n')
        .map(|line| ((width(line) as f64) / usable).ceil().max(1.0) as usize)
        .sum::<usize>()
        .clamp(1, 30)
}

/// Row height in points for a number of lines of 10.5-point text: CJK
/// fonts (宋体, or the Noto CJK that stands in for it) need about 16 points
/// a line, or the first and last lines are clipped when printed.
pub fn row_height(lines: usize) -> f64 {
    16.0 * lines as f64 + 4.0
}

/// Column width in Excel units for text of `w` display columns.
fn excel_width(w: usize, min: usize, max: usize) -> f64 {
    (w.clamp(min, max) as f64) + 2.0
}

/// Writes a header and rows as a filterable, printable table starting at
/// `top` (0 when there is no title above it). `styles` may give a row's
/// verdict column a colour: (column, format) pairs per row.
pub struct TableSheet<'a> {
    /// The column headings, one per column, written in the header row.
    pub headers: Vec<String>,
    /// The table's rows, each a cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// Per row, cells to colour: (column, which format).
    pub marks: Vec<Vec<(usize, Mark)>>,
    /// A title merged across the top row above the header, if any.
    pub title: Option<String>,
    /// Widest a column may grow, in display columns.
    pub max_width: usize,
    /// Whether the sheet prints on landscape A4 (for wide tables) rather
    /// than portrait.
    pub landscape: bool,
    /// The cell formats to write with, shared by every sheet of the workbook.
    pub formats: &'a Formats,
}

/// Which colour a marked cell gets: the [`Formats`] `good`, `bad` or `warn`
/// format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Green: passed, acceptable, target met.
    Good,
    /// Red: an error, a veto, an application that cannot be assessed.
    Bad,
    /// Amber: a warning, a score under the pass line, points lost.
    Warn,
}

impl TableSheet<'_> {
    /// Writes the table with each column as wide as its widest cell (within
    /// `max_width`), through the same row writer as [`StreamTable`].
    pub fn write(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        let widths = (0..self.headers.len())
            .map(|c| {
                let header_w = width(&self.headers[c]).min(12);
                let content_w = self
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(Cell::shown_width)
                    .max()
                    .unwrap_or(0);
                excel_width(header_w.max(content_w), 4, self.max_width)
            })
            .collect();
        let mut table = StreamTable::begin(
            ws,
            self.formats,
            self.title.as_deref(),
            &self.headers,
            widths,
            self.landscape,
        )?;
        for (r, row) in self.rows.iter().enumerate() {
            table.row(row, self.marks.get(r).map(Vec::as_slice).unwrap_or(&[]))?;
        }
        table.end()
    }
}

/// Writes one cell. Strings are always written as strings: text a sender
/// typed is never turned into a formula.
fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell,
    text_fmt: &Format,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) => ws.write_string_with_format(r, c, fit(s), text_fmt)?,
        Cell::Num(n) => {
            let fmt = number_format(text_fmt, f, COUNT_FORMAT);
            ws.write_number_with_format(r, c, *n, fmt.as_ref().unwrap_or(&f.count))?
        }
        Cell::Score(n) => {
            let fmt = number_format(text_fmt, f, SCORE_FORMAT);
            ws.write_number_with_format(r, c, tenths(*n), fmt.as_ref().unwrap_or(&f.score))?
        }
        Cell::Percent(n) => {
            let fmt = number_format(text_fmt, f, PERCENT_FORMAT)
                .unwrap_or_else(|| f.count.clone().set_num_format(PERCENT_FORMAT));
            ws.write_number_with_format(r, c, *n, &fmt)?
        }
        Cell::Date(d) => {
            use chrono::Datelike;
            let dt = ExcelDateTime::from_ymd(
                d.year().clamp(1900, 9999) as u16,
                d.month() as u8,
                d.day() as u8,
            )?;
            ws.write_datetime_with_format(r, c, &dt, &f.date)?
        }
        Cell::Blank => ws.write_blank(r, c, &f.text)?,
    };
    Ok(())
}

/// A marked (coloured) cell holding a number: the mark's colours with the
/// number's format, right-aligned as numbers are. `None` for an unmarked
/// cell, which takes the plain number format.
fn number_format(text_fmt: &Format, f: &Formats, code: &str) -> Option<Format> {
    if std::ptr::eq(text_fmt, &f.text) {
        return None;
    }
    Some(
        text_fmt
            .clone()
            .set_num_format(code)
            .set_indent(0)
            .set_align(FormatAlign::Right),
    )
}

fn mark_format(f: &Formats, mark: Option<Mark>) -> &Format {
    match mark {
        Some(Mark::Good) => &f.good,
        Some(Mark::Bad) => &f.bad,
        Some(Mark::Warn) => &f.warn,
        None => &f.text,
    }
}

/// A table written one row at a time, for sheets too long to hold: column
/// widths are fixed up front (so each row's height can be set as it is
/// written), and nothing of a row is kept once it is written.
pub struct StreamTable<'a> {
    ws: &'a mut Worksheet,
    f: &'a Formats,
    widths: Vec<f64>,
    top: u32,
    next: u32,
    landscape: bool,
    /// Rows past the sheet's last row, counted and not written.
    dropped: u64,
}

impl<'a> StreamTable<'a> {
    /// Sets the column widths and writes the title (if any) and the header
    /// row, ready for rows to follow beneath.
    pub fn begin(
        ws: &'a mut Worksheet,
        f: &'a Formats,
        title: Option<&str>,
        headers: &[String],
        widths: Vec<f64>,
        landscape: bool,
    ) -> Result<Self, XlsxError> {
        let ncols = headers.len() as u16;
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        let mut top = 0;
        if let Some(title) = title {
            ws.set_row_height(0, 30)?;
            if ncols > 1 {
                ws.merge_range(0, 0, 0, ncols - 1, &fit(title), &f.title)?;
            } else {
                ws.write_string_with_format(0, 0, fit(title), &f.title)?;
            }
            top = 1;
        }
        let header_lines = headers
            .iter()
            .zip(&widths)
            .map(|(h, w)| lines_needed(h, *w))
            .max()
            .unwrap_or(1);
        if header_lines > 1 {
            ws.set_row_height(top, row_height(header_lines))?;
        }
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(top, c as u16, fit(h), &f.header)?;
        }
        Ok(StreamTable {
            ws,
            f,
            widths,
            top,
            next: top + 1,
            landscape,
            dropped: 0,
        })
    }

    /// Writes the next row, colouring the cells named in `marks`, with its
    /// height set for its tallest wrapped cell. Rows past the sheet's last row
    /// are counted instead of written.
    pub fn row(&mut self, cells: &[Cell], marks: &[(usize, Mark)]) -> Result<(), XlsxError> {
        // The last row is kept for the note saying how many did not fit;
        // a sheet that overflowed must not cost the whole report.
        if self.next >= LAST_ROW {
            self.dropped += 1;
            return Ok(());
        }
        let r = self.next;
        let lines = cells
            .iter()
            .zip(&self.widths)
            .map(|(cell, w)| match cell {
                Cell::Text(s) => lines_needed(s, *w),
                _ => 1,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            self.ws.set_row_height(r, row_height(lines))?;
        }
        for (c, cell) in cells.iter().enumerate() {
            let mark = marks.iter().find(|(mc, _)| *mc == c).map(|(_, k)| *k);
            write_cell(
                self.ws,
                r,
                c as u16,
                cell,
                mark_format(self.f, mark),
                self.f,
            )?;
        }
        self.next += 1;
        Ok(())
    }

    /// Finishes the table: a note for any rows that did not fit, the header
    /// frozen in view, an autofilter over the whole table, and the page setup.
    pub fn end(mut self) -> Result<(), XlsxError> {
        if self.dropped > 0 {
            let note = format!(
                "…… 另有 {n} 行超出工作表的行数上限，未列出（完整内容见 CSV 或 JSON 报告） / {n} more rows do not fit in a worksheet (see the CSV or JSON report)",
                n = self.dropped
            );
            self.ws
                .write_string_with_format(self.next, 0, note, &self.f.warn)?;
            self.next += 1;
        }
        let ncols = self.widths.len() as u16;
        self.ws.set_freeze_panes(self.top + 1, 0)?;
        if ncols > 0 {
            self.ws
                .autofilter(self.top, 0, (self.next - 1).max(self.top), ncols - 1)?;
        }
        page_setup(self.ws, self.top, self.landscape)
    }
}

/// A4, fit to one page wide, header rows repeated on every page, and page
/// numbers in the footer.
pub fn page_setup(ws: &mut Worksheet, header_row: u32, landscape: bool) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, header_row)?;
    ws.set_footer("&C&P / &N");
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::tenths;

    #[test]
    fn scores_are_stored_in_tenths_as_the_rubric_rounds() {
        assert_eq!(tenths(1.7000000000000002), 1.7);
        assert_ne!(0.1 * 3.0, 0.3);
        assert_eq!(tenths(0.1 * 3.0), 0.3);
        assert_eq!(format!("{}", tenths(0.1 + 0.2 + 1.4)), "1.7");
        assert_eq!(tenths(4.25), 4.3);
        assert_eq!(tenths(59.95), 60.0);
        assert_eq!(tenths(-1.25), -1.3);
        assert_eq!(tenths(0.0), 0.0);
    }
}
