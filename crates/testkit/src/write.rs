//! Writing a community as a workbook: clean, or in one of the untidy
//! styles real submissions come in.

use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::{Community, Rng};
use wuyi_core::ledger::contract::SheetKey;

/// How untidy a written workbook is. `Style::default()` is the clean form.
#[derive(Debug, Clone, Default)]
pub struct Style {
    /// A merged title row and a note above each table's header.
    pub title_rows: bool,
    /// Columns in a shuffled order, with blank columns between.
    pub shuffle_columns: bool,
    /// Columns the contract does not know.
    pub extra_columns: bool,
    /// Headers with units, full-width brackets, line breaks, spaces, "*".
    pub decorated_headers: bool,
    /// Blank rows among the data.
    pub blank_rows: bool,
    /// A 合计 row under each table, and a signature line under that.
    pub totals_row: bool,
    /// Counts written as text: full-width digits, thousands separators, units.
    pub text_numbers: bool,
    /// Dates written as text in mixed Chinese formats rather than as dates.
    pub text_dates: bool,
    /// Dates as bare serial numbers (a date format the reader cannot see).
    pub serial_dates: bool,
    /// Yes/no as √/×, Y/N, 1/0 rather than 是/否.
    pub mixed_yes_no: bool,
    /// English sheet names and English headers.
    pub english: bool,
    /// Seed for the style's random choices (column order, which text form
    /// each number, date or yes/no takes), so a style writes the same
    /// workbook every time.
    pub seed: u64,
}

impl Style {
    /// Everything messy at once.
    pub fn messy(seed: u64) -> Self {
        Style {
            title_rows: true,
            shuffle_columns: true,
            extra_columns: true,
            decorated_headers: true,
            blank_rows: true,
            totals_row: true,
            text_numbers: true,
            text_dates: true,
            serial_dates: false,
            mixed_yes_no: true,
            english: false,
            seed,
        }
    }
}

/// A cell to write, before the style decides how.
#[derive(Debug, Clone)]
pub enum Out {
    /// Text, written as a string cell.
    Text(String),
    /// A count: a number cell, or with `text_numbers` text such as full-width
    /// digits, `1,234` or `5人`.
    Int(i64),
    /// A score or other decimal, always a number cell.
    Num(f64),
    /// A date: a `yyyy-mm-dd` formatted date cell, text in a mixed Chinese
    /// format with `text_dates`, or a bare serial number with `serial_dates`.
    Date(NaiveDate),
    /// A yes/no answer: 是/否, or with `mixed_yes_no` one of √/×, Y/N, 是/否,
    /// 1/0.
    Bool(bool),
    /// An empty cell: nothing is written.
    Blank,
}

fn t(s: &str) -> Out {
    if s.is_empty() {
        Out::Blank
    } else {
        Out::Text(s.to_string())
    }
}

/// A table to write: (Chinese header, English header, unit) and rows.
struct TableOut {
    key: SheetKey,
    zh_name: &'static str,
    en_name: &'static str,
    headers: Vec<(&'static str, &'static str, &'static str)>,
    rows: Vec<Vec<Out>>,
    /// Index of a count column to total in the 合计 row.
    total_col: Option<usize>,
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn group_thousands(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn serial(d: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (d - epoch).num_days() as f64
}

impl Community {
    fn tables(&self) -> Vec<TableOut> {
        let grids = TableOut {
            key: SheetKey::Grids,
            zh_name: "网格台账",
            en_name: "Grids",
            headers: vec![
                ("网格编号", "grid_id", ""),
                ("上级网格", "parent_grid", ""),
                ("网格长", "leader", ""),
                ("网格长电话", "leader_phone", ""),
                ("楼栋", "building", ""),
                ("楼栋长", "building_leader", ""),
                ("户数", "households", "户"),
                ("人数", "residents", "人"),
            ],
            rows: self
                .grids
                .iter()
                .map(|g| {
                    vec![
                        t(&g.id),
                        g.parent.as_deref().map(t).unwrap_or(Out::Blank),
                        t(&g.leader),
                        t(&g.leader_phone),
                        t(&g.building),
                        t(&g.building_leader),
                        Out::Int(g.households),
                        Out::Int(g.residents),
                    ]
                })
                .collect(),
            total_col: Some(6),
        };
        let households = self.households_table();
        let cases = TableOut {
            key: SheetKey::Cases,
            zh_name: "涉疫台账",
            en_name: "Cases",
            headers: vec![
                ("日期", "date", ""),
                ("类别", "category", ""),
                ("户编号", "household_id", ""),
                ("备注", "note", ""),
            ],
            rows: self
                .cases
                .iter()
                .map(|c| {
                    vec![
                        Out::Date(c.date),
                        t(&c.category),
                        t(&c.household_id),
                        t(&c.note),
                    ]
                })
                .collect(),
            total_col: None,
        };
        let disinfection = TableOut {
            key: SheetKey::Disinfection,
            zh_name: "消杀记录",
            en_name: "Disinfection",
            headers: vec![
                ("日期", "date", ""),
                ("部位", "place", ""),
                ("责任人", "by", ""),
            ],
            rows: self
                .disinfection
                .iter()
                .map(|d| vec![Out::Date(d.date), t(&d.place), t(&d.by)])
                .collect(),
            total_col: None,
        };
        let num = |v: Option<f64>| v.map(Out::Num).unwrap_or(Out::Blank);
        let self_items = TableOut {
            key: SheetKey::SelfAssessment,
            zh_name: "自评表",
            en_name: "SelfAssessment",
            headers: vec![
                ("编号", "item_id", ""),
                ("项目", "item", ""),
                ("分值", "max_points", "分"),
                ("自评得分", "self_score", "分"),
                ("核定得分", "verified_score", "分"),
                ("佐证材料", "evidence", ""),
            ],
            rows: self
                .self_items
                .iter()
                .map(|s| {
                    vec![
                        t(&s.id),
                        t(&s.item),
                        Out::Num(s.max_points),
                        num(s.self_score),
                        num(s.verified_score),
                        t(&s.evidence),
                    ]
                })
                .collect(),
            total_col: None,
        };
        vec![grids, households, cases, disinfection, self_items]
    }

    fn households_table(&self) -> TableOut {
        TableOut {
            key: SheetKey::Households,
            zh_name: "一户一档",
            en_name: "Households",
            headers: vec![
                ("户编号", "household_id", ""),
                ("网格编号", "grid_id", ""),
                ("地址", "address", ""),
                ("户主", "head", ""),
                ("联系电话", "phone", ""),
                ("户籍人口", "registered", "人"),
                ("常住人口", "residents", "人"),
                ("核酸检测人数", "tested", "人"),
                ("疫苗接种人数", "vaccinated", "人"),
                ("境外返乡人员", "overseas_returnees", "人"),
                ("中高风险地区返乡人员", "risk_area_returnees", "人"),
                ("密接", "close_contacts", "人"),
                ("次密接", "secondary_contacts", "人"),
                ("七类人", "vulnerable", "人"),
                ("租户", "tenant", ""),
                ("更新日期", "updated_on", ""),
            ],
            rows: self
                .households
                .iter()
                .map(|h| {
                    vec![
                        t(&h.id),
                        t(&h.grid_id),
                        t(&h.address),
                        t(&h.head),
                        t(&h.phone),
                        Out::Int(h.registered),
                        Out::Int(h.residents),
                        Out::Int(h.tested),
                        Out::Int(h.vaccinated),
                        Out::Int(h.overseas_returnees),
                        Out::Int(h.risk_area_returnees),
                        Out::Int(h.close_contacts),
                        Out::Int(h.secondary_contacts),
                        Out::Int(h.vulnerable),
                        Out::Bool(h.tenant),
                        Out::Date(h.updated_on),
                    ]
                })
                .collect(),
            total_col: Some(6),
        }
    }

    /// Writes the community as a workbook in the given style.
    pub fn write(&self, path: &Path, style: &Style) -> Result<(), XlsxError> {
        let mut wb = self.to_workbook(style)?;
        wb.save(path)
    }

    /// Builds the workbook in memory, as [`Community::write`] saves it: the
    /// information sheet and the five tables, less dropped sheets and blanked
    /// cells.
    pub fn to_workbook(&self, style: &Style) -> Result<Workbook, XlsxError> {
        let mut rng = Rng::new(style.seed);
        let mut wb = Workbook::new();
        // A fixed creation time, so the same community gives the same bytes.
        if let Ok(t) = ExcelDateTime::from_ymd(2022, 1, 1) {
            wb.set_properties(&DocProperties::new().set_creation_datetime(&t));
        }
        let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
        let bold = Format::new().set_bold();

        if !self.missing_sheets.contains(&SheetKey::Info) {
            self.write_info(&mut wb, style, &mut rng, &date_fmt, &bold)?;
        }
        for mut table in self.tables() {
            if self.missing_sheets.contains(&table.key) {
                continue;
            }
            for b in self.blanks.iter().filter(|b| b.sheet == table.key) {
                let col = table.headers.iter().position(|(_, en, _)| *en == b.column);
                if let (Some(c), Some(row)) = (col, table.rows.get_mut(b.row)) {
                    row[c] = Out::Blank;
                }
            }
            let ws = wb.add_worksheet();
            write_table(
                ws,
                &table,
                style,
                &mut rng,
                &date_fmt,
                &bold,
                &self.info.name,
            )?;
        }
        Ok(wb)
    }

    fn write_info(
        &self,
        wb: &mut Workbook,
        style: &Style,
        rng: &mut Rng,
        date_fmt: &Format,
        bold: &Format,
    ) -> Result<(), XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name(if style.english {
            "Info"
        } else {
            "基本信息"
        })?;
        ws.set_column_width(0, 14)?;
        ws.set_column_width(1, 24)?;
        let mut r = 0;
        if style.title_rows {
            ws.merge_range(0, 0, 0, 1, &format!("{}基本信息", self.info.name), bold)?;
            r = 2;
        }
        let i = &self.info;
        let label = |zh: &'static str, en: &'static str| if style.english { en } else { zh };
        let info_rows: [(&str, Out); 7] = [
            (label("名称", "name"), t(&i.name)),
            (label("类型", "type"), t(&i.kind)),
            (label("所属区县", "district"), t(&i.district)),
            (
                label(
                    if style.decorated_headers {
                        "所属街道（乡镇）"
                    } else {
                        "所属街道"
                    },
                    "town",
                ),
                t(&i.town),
            ),
            (label("评估日期", "assessed_on"), Out::Date(i.assessed_on)),
            (label("联系人", "contact"), t(&i.contact)),
            (label("联系电话", "phone"), t(&i.phone)),
        ];
        for (k, v) in info_rows {
            let k = if style.decorated_headers {
                format!("{k}：")
            } else {
                k.to_string()
            };
            ws.write_string(r, 0, &k)?;
            write_out(ws, r, 1, &v, style, rng, date_fmt)?;
            r += 1;
        }
        Ok(())
    }
}

fn write_out(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: &Out,
    style: &Style,
    rng: &mut Rng,
    date_fmt: &Format,
) -> Result<(), XlsxError> {
    match v {
        Out::Blank => {}
        Out::Text(s) => {
            ws.write_string(r, c, s)?;
        }
        Out::Int(n) if style.text_numbers => {
            let s = match rng.range(0, 3) {
                0 => full_width(&n.to_string()),
                1 => group_thousands(*n),
                2 => format!("{n}人"),
                _ => n.to_string(),
            };
            ws.write_string(r, c, &s)?;
        }
        Out::Int(n) => {
            ws.write_number(r, c, *n as f64)?;
        }
        Out::Num(n) => {
            ws.write_number(r, c, *n)?;
        }
        Out::Bool(b) if style.mixed_yes_no => {
            let (y, n) = *rng.pick(&[("√", "×"), ("Y", "N"), ("是", "否"), ("1", "0")]);
            ws.write_string(r, c, if *b { y } else { n })?;
        }
        Out::Bool(b) => {
            ws.write_string(r, c, if *b { "是" } else { "否" })?;
        }
        Out::Date(d) if style.text_dates => {
            use chrono::Datelike;
            let s = match rng.range(0, 4) {
                0 => format!("{}/{}/{}", d.year(), d.month(), d.day()),
                1 => format!("{}.{}.{}", d.year(), d.month(), d.day()),
                2 => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
                3 => d.format("%Y%m%d").to_string(),
                _ => d.format("%Y-%m-%d").to_string(),
            };
            ws.write_string(r, c, &s)?;
        }
        Out::Date(d) if style.serial_dates => {
            ws.write_number(r, c, serial(*d))?;
        }
        Out::Date(d) => {
            use chrono::Datelike;
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(r, c, &dt, date_fmt)?;
        }
    }
    Ok(())
}

fn write_table(
    ws: &mut Worksheet,
    table: &TableOut,
    style: &Style,
    rng: &mut Rng,
    date_fmt: &Format,
    bold: &Format,
    community: &str,
) -> Result<(), XlsxError> {
    ws.set_name(if style.english {
        table.en_name
    } else {
        table.zh_name
    })?;
    let n = table.headers.len();
    // Where each contract column goes, and which columns hold extras.
    let mut order: Vec<usize> = (0..n).collect();
    if style.shuffle_columns {
        for i in (1..n).rev() {
            let j = rng.range(0, i as i64) as usize;
            order.swap(i, j);
        }
    }
    let mut positions = vec![0u16; n];
    let mut extras = Vec::new();
    let mut c: u16 = if style.shuffle_columns { 1 } else { 0 };
    for (k, &col) in order.iter().enumerate() {
        positions[col] = c;
        c += 1;
        if style.shuffle_columns && k == n / 2 {
            c += 1; // a blank column in the middle
        }
        if style.extra_columns && k == 1 {
            extras.push(c);
            c += 1;
        }
    }
    let mut r = 0u32;
    if style.title_rows {
        ws.merge_range(
            0,
            0,
            0,
            c.saturating_sub(1).max(1),
            &format!("{community}{}", table.zh_name),
            bold,
        )?;
        ws.write_string(1, 0, "注：本表由社区网格员据实填写，每周更新。")?;
        r = 3;
    }
    for (i, (zh, en, unit)) in table.headers.iter().enumerate() {
        let h = if style.english {
            en.to_string()
        } else if style.decorated_headers {
            match i % 4 {
                0 if !unit.is_empty() => format!("{zh}（{unit}）"),
                1 if !unit.is_empty() => format!("{zh}\n({unit})"),
                2 => format!("*{zh}"),
                3 => format!(" {zh} "),
                _ => zh.to_string(),
            }
        } else {
            zh.to_string()
        };
        ws.write_string_with_format(r, positions[i], &h, bold)?;
    }
    for &e in &extras {
        ws.write_string_with_format(r, e, "备用列", bold)?;
    }
    r += 1;
    let mut total: i64 = 0;
    for (k, row) in table.rows.iter().enumerate() {
        if style.blank_rows && k > 0 && k.is_multiple_of(7) {
            r += 1;
        }
        for (i, v) in row.iter().enumerate() {
            write_out(ws, r, positions[i], v, style, rng, date_fmt)?;
        }
        for &e in &extras {
            ws.write_string(r, e, "—")?;
        }
        if let Some(tc) = table.total_col
            && let Some(Out::Int(v)) = row.get(tc)
        {
            total += v;
        }
        r += 1;
    }
    if style.totals_row && table.total_col.is_some() {
        let leftmost = positions.iter().copied().min().unwrap_or(0);
        ws.write_string(r, leftmost, "合计")?;
        if let Some(tc) = table.total_col
            && positions[tc] != leftmost
        {
            ws.write_number(r, positions[tc], total as f64)?;
        }
        ws.write_string(r + 2, leftmost, "填表人：张三    审核人：李四")?;
    }
    Ok(())
}
