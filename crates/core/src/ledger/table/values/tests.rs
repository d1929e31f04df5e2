//! The borrowed reading of a cell ([`parse_seen`]) held to the reading from
//! an owned copy of the cell that it replaced, over generated cells of every
//! kind against every column of the contract.

use super::*;
use crate::ledger::contract::TABLE_SHEETS;

/// The reading of a cell as it was done from an owned copy of the cell,
/// kept as the reference the borrowed reading is held to.
fn parse_owned(
    cell: Cell,
    spec: &ColumnSpec,
    ctx: &ReadContext,
) -> Result<Option<Value>, ProblemKind> {
    match (spec.kind, cell) {
        (Kind::Text | Kind::Id, Cell::Text(t)) => {
            let text = normalize::clean_owned(t, spec.kind == Kind::Id);
            Ok((!text.is_empty()).then(|| Value::Text(text.into())))
        }
        (_, cell) => parse_cell(&cell, spec, ctx),
    }
}

fn parse_cell(
    cell: &Cell,
    spec: &ColumnSpec,
    ctx: &ReadContext,
) -> Result<Option<Value>, ProblemKind> {
    let column = || spec.zh.to_string();
    if let Cell::Error(e) = cell {
        return Err(ProblemKind::CellError {
            column: column(),
            value: e.clone(),
        });
    }
    if let Cell::Uncalculated(f) = cell {
        return Err(ProblemKind::UncalculatedFormula {
            column: column(),
            formula: f.clone(),
        });
    }
    let shown = || cell.display();
    // A count or score read as a number: below zero, or not a number at all,
    // is refused.
    let amount = |n: Option<(f64, Value)>| match n {
        Some((x, _)) if x < 0.0 => Err(ProblemKind::Negative {
            column: column(),
            value: x,
        }),
        Some((_, v)) => Ok(Some(v)),
        None => Err(ProblemKind::BadNumber {
            column: column(),
            value: shown(),
        }),
    };
    match spec.kind {
        Kind::Text | Kind::Id => {
            let text = match cell {
                Cell::Text(t) if spec.kind == Kind::Id => normalize::clean_id(t),
                Cell::Text(t) => clean_text(t),
                other => other.display(),
            };
            Ok((!text.is_empty()).then(|| Value::Text(text.into())))
        }
        Kind::Count => {
            let n = match cell {
                Cell::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(*n as i64),
                Cell::Text(t) => normalize::parse_integer(t),
                _ => None,
            };
            amount(n.map(|n| (n as f64, Value::Int(n))))
        }
        Kind::Score => {
            let n = match cell {
                Cell::Number(n) if n.is_finite() => Some(*n),
                Cell::Text(t) => normalize::parse_number(t),
                _ => None,
            };
            amount(n.map(|n| (n, Value::Num(n))))
        }
        Kind::Date => {
            let d = match cell {
                Cell::Date(d) => Some(*d),
                Cell::Number(n) => normalize::parse_date_number(*n, ctx.is_1904),
                Cell::Text(t) => normalize::parse_date_text(t),
                _ => None,
            };
            d.map(|d| Some(Value::Date(d))).ok_or(ProblemKind::BadDate {
                column: column(),
                value: shown(),
            })
        }
        Kind::YesNo => {
            let b = match cell {
                Cell::Bool(b) => Some(*b),
                Cell::Number(n) if *n == 1.0 => Some(true),
                Cell::Number(n) if *n == 0.0 => Some(false),
                Cell::Text(t) => normalize::parse_yes_no(t),
                _ => None,
            };
            b.map(|b| Some(Value::Bool(b)))
                .ok_or(ProblemKind::BadYesNo {
                    column: column(),
                    value: shown(),
                })
        }
        Kind::Category => {
            let c = match cell {
                Cell::Text(t) => CaseCategory::parse(t),
                _ => None,
            };
            c.map(|c| Some(Value::Category(c)))
                .ok_or(ProblemKind::BadCategory { value: shown() })
        }
    }
}

/// Pieces that generated texts are made of: numbers as people type them,
/// dates, yes/no answers with and without remarks, categories, ids in
/// full width, names, totals and "nothing" words, and every kind of white
/// space.
const PIECES: &[&str] = &[
    "",
    " ",
    "  ",
    "\u{3000}",
    "\n",
    "\t",
    "\u{a0}",
    "\r\n",
    "1",
    "12",
    "0",
    "-3",
    "3.5",
    "1e3",
    "１２",
    "1,234",
    "12,34",
    "3人",
    "12 户",
    "2.0",
    "0.5",
    "９",
    "2022-03-01",
    "2022/3/1",
    "22-3-1",
    "3/1/22",
    "2022年3月1日",
    "20220301",
    "2022.3.1",
    "44620",
    "是",
    "否",
    "否（已搬离）",
    "是(租住)",
    "是【租】",
    "否（",
    "）",
    "有",
    "无",
    "Y",
    "n",
    "yes",
    "No",
    "√",
    "×",
    "确诊",
    "无症状",
    "密接",
    "次密接",
    "新冠确诊病例",
    "境外输入",
    "Ｇ００１",
    "G 001",
    "G001",
    "张三",
    "欧阳 娜娜",
    "13800000000",
    "１号楼",
    "1号楼1单元101室",
    "。、",
    "TRUE",
    "#N/A",
    "合计",
    "小计",
    "本期无涉疫人员",
    "/",
    "-",
    "—",
    "*",
    "※",
    "（人）",
    "Ａ",
    "ｂ",
    "阳光花园小区二期12号楼3单元1502室",
];

/// A small fixed-seed generator, so the cells are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }
}

/// Every piece, every pair of pieces, and thousands of longer mixes.
fn texts() -> Vec<String> {
    let mut out: Vec<String> = PIECES.iter().map(|p| p.to_string()).collect();
    for a in PIECES {
        for b in PIECES {
            out.push(format!("{a}{b}"));
        }
    }
    let mut rng = Rng(0x5eed_1234_abcd_9876);
    for _ in 0..5_000 {
        let n = 3 + rng.next() % 4;
        out.push(
            (0..n)
                .map(|_| PIECES[rng.next() % PIECES.len()])
                .collect::<String>(),
        );
    }
    out
}

fn numbers() -> Vec<f64> {
    vec![
        0.0,
        -0.0,
        1.0,
        2.0,
        -1.0,
        0.5,
        -0.5,
        3.25,
        12.0,
        44620.0,
        44620.5,
        1462.0,
        60.0,
        61.0,
        2958465.0,
        2958466.0,
        9.0e15,
        8.99e15,
        -9.0e15,
        1e15,
        1e16,
        1e300,
        123456789012.0,
        13800000000.0,
        0.1 + 0.2,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MIN_POSITIVE,
    ]
}

fn cells() -> Vec<Cell> {
    let mut out = Vec::new();
    let texts = texts();
    for t in &texts {
        // A sheet never holds an empty text cell, but the reading must not
        // depend on that.
        out.push(Cell::Text(t.clone()));
    }
    for t in texts.iter().take(200) {
        out.push(Cell::Error(t.clone()));
        out.push(Cell::Uncalculated(t.clone()));
    }
    out.extend(numbers().into_iter().map(Cell::Number));
    out.extend([Cell::Bool(true), Cell::Bool(false)]);
    for (y, m, d) in [(2022, 3, 1), (1900, 1, 1), (1999, 12, 31), (2030, 6, 15)] {
        if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
            out.push(Cell::Date(date));
        }
    }
    out
}

/// Two results are the same when they are equal, or both hold NaN where
/// the other holds NaN (a NaN is never equal to itself).
fn same(a: &Result<Option<Value>, ProblemKind>, b: &Result<Option<Value>, ProblemKind>) -> bool {
    a == b || format!("{a:?}") == format!("{b:?}") && format!("{a:?}").contains("NaN")
}

#[test]
fn the_borrowed_reading_is_the_owned_reading() {
    let cells = cells();
    let mut kinds = std::collections::BTreeSet::new();
    let mut compared = 0usize;
    for is_1904 in [false, true] {
        let ctx = ReadContext {
            is_1904,
            ..ReadContext::default()
        };
        for sheet in TABLE_SHEETS {
            for spec in sheet.columns {
                kinds.insert(format!("{:?}", spec.kind));
                for cell in &cells {
                    let want = parse_owned(cell.clone(), spec, &ctx);
                    let got = parse_seen(Seen::from(cell), spec, &ctx);
                    assert!(
                        same(&got, &want),
                        "{cell:?} in {} ({:?}): {got:?} != {want:?}",
                        spec.key,
                        spec.kind
                    );
                    compared += 1;
                }
            }
        }
    }
    // Every kind of column was met, over many cells.
    assert_eq!(kinds.len(), 7, "{kinds:?}");
    assert!(compared > 500_000, "{compared}");
}

#[test]
fn cleaning_into_a_compact_string_is_clean_text_and_clean_id() {
    for t in texts() {
        assert_eq!(clean_compact(&t, false), normalize::clean_text(&t), "{t:?}");
        assert_eq!(clean_compact(&t, true), normalize::clean_id(&t), "{t:?}");
    }
}

#[test]
fn a_borrowed_cell_shows_as_the_cell() {
    for cell in cells() {
        let seen = Seen::from(&cell);
        assert_eq!(seen.display(), cell.display(), "{cell:?}");
        if !matches!(cell, Cell::Error(_) | Cell::Uncalculated(_)) {
            assert_eq!(seen.display_compact(), cell.display(), "{cell:?}");
        }
        assert_eq!(seen.text(), cell.text());
    }
}
