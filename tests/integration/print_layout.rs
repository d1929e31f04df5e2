//! What an office prints: the distribution chart of `评分汇总.xlsx`, and
//! every workbook the tool writes checked cell by cell so that no number
//! touches the text beside it. Read back from the written files.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use wuyi_testkit::{Community, Info, Style};

use crate::util::*;

fn community(seed: u64, name: &str, town: &str) -> Community {
    Community::generate(
        seed,
        Info {
            name: name.into(),
            kind: "小区".into(),
            district: "城关区".into(),
            town: town.into(),
            assessed_on: NaiveDate::from_ymd_opt(2022, 3, 30).unwrap(),
            contact: "王芳".into(),
            phone: "13800000000".into(),
        },
        40,
    )
}

/// One town with a pass and a veto; another whose only file cannot be
/// assessed (its case log is missing); a file that is not a workbook.
fn inbox(dir: &Path) {
    community(1, "幸福里小区", "东关街道")
        .write(&dir.join("东关街道-幸福里小区.xlsx"), &Style::default())
        .unwrap();
    let mut jx = community(2, "锦绣花园小区", "东关街道");
    jx.add_case(5, "确诊病例", 3, "定点医院治疗");
    jx.write(&dir.join("东关街道-锦绣花园小区.xlsx"), &Style::default())
        .unwrap();
    let mut kl = community(3, "康乐小区", "西城街道");
    kl.drop_sheet(wuyi_core::ledger::contract::SheetKey::Cases);
    kl.write(&dir.join("西城街道-康乐小区.xlsx"), &Style::default())
        .unwrap();
}

fn zip_entry(path: &Path, name: &str) -> Option<String> {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut e = z.by_name(name).ok()?;
    let mut s = String::new();
    e.read_to_string(&mut s).unwrap();
    Some(s)
}

fn zip_names(path: &Path) -> Vec<String> {
    let f = std::fs::File::open(path).unwrap();
    let z = zip::ZipArchive::new(f).unwrap();
    z.file_names().map(|n| n.unwrap().into_owned()).collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let rest = &tag[start..];
    Some(&rest[..rest.find('"')?])
}

/// Every `<tag ...>` element (its opening tag, and its body up to `</tag>`
/// when it has one).
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        if !after.starts_with([' ', '>', '/']) {
            rest = after;
            continue;
        }
        let from = &rest[i..];
        let gt = from.find('>').unwrap();
        let end = if from[..gt].ends_with('/') {
            gt + 1
        } else {
            from.find(&close).map(|c| c + close.len()).unwrap_or(gt + 1)
        };
        out.push(&from[..end]);
        rest = &from[end..];
    }
    out
}

#[derive(Debug)]
struct Xf {
    num_fmt: String,
    horizontal: String,
    indent: u32,
}

fn styles(path: &Path) -> Vec<Xf> {
    let xml = zip_entry(path, "xl/styles.xml").unwrap();
    let mut codes: HashMap<String, String> = HashMap::new();
    for f in elements(&xml, "numFmt") {
        codes.insert(
            attr(f, "numFmtId").unwrap().into(),
            attr(f, "formatCode").unwrap().replace("&quot;", "\""),
        );
    }
    let xfs = &xml[xml.find("<cellXfs").unwrap()..xml.find("</cellXfs>").unwrap()];
    elements(xfs, "xf")
        .into_iter()
        .map(|x| {
            let id = attr(x, "numFmtId").unwrap_or("0").to_string();
            let align = elements(x, "alignment").first().copied().unwrap_or("");
            let indent: u32 = attr(align, "indent").unwrap_or("0").parse().unwrap();
            let mut horizontal = attr(align, "horizontal").unwrap_or("general").to_string();
            // Excel and LibreOffice put an indented cell without an
            // alignment of its own on the left.
            if indent > 0 && horizontal == "general" {
                horizontal = "left".into();
            }
            Xf {
                num_fmt: codes.get(&id).cloned().unwrap_or(id),
                horizontal,
                indent,
            }
        })
        .collect()
}

/// Cells whose content could touch the next cell's when printed: a number
/// without the trailing space of `_ ` in its format, or text on the left
/// edge (neither indented nor centred). Rows with a single filled cell (a
/// title, a note across the table) have no neighbour to touch.
fn touching_cells(path: &Path) -> Vec<String> {
    let xfs = styles(path);
    let mut found = Vec::new();
    for sheet in zip_names(path)
        .into_iter()
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
    {
        let xml = zip_entry(path, &sheet).unwrap();
        for row in elements(&xml, "row") {
            let cells: Vec<&str> = elements(row, "c")
                .into_iter()
                .filter(|c| c.contains("<v>") || c.contains("<is>"))
                .collect();
            if cells.len() < 2 {
                continue;
            }
            for c in cells {
                let s: usize = attr(c, "s").unwrap_or("0").parse().unwrap();
                let xf = &xfs[s];
                let r = attr(c, "r").unwrap();
                let is_text = matches!(attr(c, "t"), Some("s" | "inlineStr" | "str"));
                let ok = if xf.horizontal == "center" || xf.horizontal == "centerContinuous" {
                    true
                } else if is_text {
                    xf.indent > 0 || xf.horizontal == "right"
                } else if xf.num_fmt.contains("yy") {
                    // Dates are written centred; any other is a finding.
                    false
                } else {
                    xf.num_fmt.contains("_ ") || (xf.horizontal == "left" && xf.indent > 0)
                };
                if !ok {
                    found.push(format!("{}:{sheet}!{r} {xf:?}", path.display()));
                }
            }
        }
    }
    found
}

fn xlsx_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect()
}

#[test]
fn the_distribution_chart_counts_vetoes_and_unassessable_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let inbox_dir = root.join("收件");
    std::fs::create_dir_all(&inbox_dir).unwrap();
    inbox(&inbox_dir);
    let o = wuyi(&["score", "收件", "--out", "评分"], root);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let book = root.join("评分/评分汇总.xlsx");

    // The chart's data, as the sheet holds it.
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    use calamine::Reader;
    let range = wb.worksheet_range("分布图").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header = &rows[1];
    assert_eq!(
        header,
        &[
            "街道(乡镇)",
            "60分以下",
            "60-69分",
            "70-79分",
            "80-89分",
            "90分以上",
            "一票否决",
            "无法评分"
        ],
        "{rows:?}"
    );
    let row = |town: &str| -> Vec<String> {
        rows.iter()
            .find(|r| r[0] == town)
            .unwrap_or_else(|| panic!("{town} not in {rows:?}"))
            .clone()
    };
    // The veto has points but is counted apart; the pass is in its band.
    let dg = row("东关街道");
    let bands: usize = dg[1..6].iter().map(|c| c.parse::<usize>().unwrap()).sum();
    assert_eq!(bands, 1, "{dg:?}");
    assert_eq!((dg[6].as_str(), dg[7].as_str()), ("1", "0"), "{dg:?}");
    // A town whose only file could not be scored is still there.
    let xc = row("西城街道");
    assert_eq!(xc[1..6], ["0", "0", "0", "0", "0"], "{xc:?}");
    assert_eq!((xc[6].as_str(), xc[7].as_str()), ("0", "1"), "{xc:?}");

    // The chart: one series per column, a whole-number axis.
    let chart_name = zip_names(&book)
        .into_iter()
        .find(|n| n.starts_with("xl/charts/chart"))
        .expect("a chart");
    let chart = zip_entry(&book, &chart_name).unwrap();
    let series = elements(&chart, "c:ser");
    assert_eq!(series.len(), 7, "{chart}");
    for (i, s) in series.iter().enumerate() {
        let col = (b'B' + i as u8) as char;
        assert!(
            s.contains(&format!("分布图!${col}$2")),
            "series {i} is not named from column {col}: {s}"
        );
        assert!(
            s.contains(&format!("分布图!${col}$3:${col}$4")),
            "series {i} does not count column {col}: {s}"
        );
    }
    let val_ax = elements(&chart, "c:valAx");
    let val_ax = val_ax.first().expect("a value axis");
    assert!(val_ax.contains("formatCode=\"0\""), "{val_ax}");
    assert!(val_ax.contains("<c:majorUnit val=\"1\"/>"), "{val_ax}");
    assert!(val_ax.contains("<c:min val=\"0\"/>"), "{val_ax}");
}

#[test]
fn no_number_touches_the_text_beside_it_in_any_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for town in ["东关", "西城"] {
        std::fs::create_dir_all(root.join(town)).unwrap();
    }
    inbox(&root.join("东关"));
    community(4, "和平社区", "西城街道")
        .write(&root.join("西城/西城街道-和平社区.xlsx"), &Style::messy(4))
        .unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["score", "东关", "--out", "东关评分", "--feedback"],
        vec!["score", "西城", "--out", "西城评分", "--feedback"],
        vec!["merge", "东关评分", "西城评分", "--out", "全县"],
        vec![
            "awards",
            "--quarter",
            "2022Q1",
            "东关评分",
            "--out",
            "名单/2022Q1.xlsx",
        ],
        vec!["template", "--out", "模板/台账模板.xlsx"],
        vec!["template", "--inspections", "--out", "模板/核查模板.xlsx"],
    ];
    for args in &runs {
        let o = wuyi(args, root);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let books = xlsx_files(root);
    let written: Vec<&PathBuf> = books
        .iter()
        .filter(|p| !p.starts_with(root.join("东关")) && !p.starts_with(root.join("西城")))
        .collect();
    // The summaries, the feedback (with and without problems), the merge,
    // the award list and both templates.
    assert!(written.len() >= 9, "{written:?}");
    let found: Vec<String> = written.iter().flat_map(|p| touching_cells(p)).collect();
    assert!(
        found.is_empty(),
        "{} cells:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn help_says_clap_own_words_in_the_language_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    for flag in ["--help", "-h"] {
        let zh = wuyi(&["score", flag], tmp.path());
        assert_eq!(zh.status.code(), Some(0));
        let zh = String::from_utf8(zh.stdout).unwrap();
        assert!(zh.contains("[默认值：zh]"), "{zh}");
        assert!(zh.contains("[默认值：100]"), "{zh}");
        for english in ["Possible values", "[default:", "[possible values:"] {
            assert!(!zh.contains(english), "{english} in {zh}");
        }
        let en = wuyi(&["--lang", "en", "score", flag], tmp.path());
        let en = String::from_utf8(en.stdout).unwrap();
        assert!(en.contains("[default: zh]"), "{en}");
        assert!(!en.contains("默认值："), "{en}");
    }
    let long = String::from_utf8(wuyi(&["score", "--help"], tmp.path()).stdout).unwrap();
    assert!(long.contains("可选值：\n          - zh: 中文"), "{long}");
    let en = wuyi(&["--lang", "en", "score", "--help"], tmp.path());
    assert!(
        String::from_utf8(en.stdout)
            .unwrap()
            .contains("Possible values:\n")
    );
    let short = String::from_utf8(wuyi(&["score", "-h"], tmp.path()).stdout).unwrap();
    assert!(short.contains("[可选值：zh, en]"), "{short}");
}

/// The veto reason of the inbox, in full, from `results.json`.
fn veto_reason(report: &Path) -> String {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(report.join("results.json")).unwrap()).unwrap();
    json["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["verdict"] == "vetoed")
        .unwrap()["reason_zh"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_summary_is_whole_in_a_pipe_and_fitted_on_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("收件")).unwrap();
    inbox(&root.join("收件"));
    // A pipe: nothing is cut, whatever COLUMNS says.
    let o = wuyi_cmd()
        .args(["score", "收件", "--out", "管道"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "40")
        .output()
        .unwrap();
    let piped = String::from_utf8(o.stdout).unwrap();
    let reason = veto_reason(&root.join("管道"));
    assert!(reason.contains("确诊病例"), "{reason}");
    assert!(piped.contains(&reason), "{piped}");

    // A terminal (a pseudo-terminal made by `script`, where there is one):
    // every line of the table within COLUMNS, the case category kept.
    if !Path::new("/usr/bin/script").exists() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_wuyi");
    for columns in [72usize, 100] {
        let out = format!("终端{columns}");
        let o = Command::new("/usr/bin/script")
            .args([
                "-qec",
                &format!("{bin} score 收件 --out {out}"),
                "/dev/null",
            ])
            .current_dir(root)
            .env("NO_COLOR", "1")
            .env("COLUMNS", columns.to_string())
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&o.stdout).replace('\r', "");
        let table: Vec<&str> = shown
            .lines()
            .skip_while(|l| !l.contains("名称"))
            .take_while(|l| !l.starts_with("共 "))
            .map(|l| l.rsplit('\u{1b}').next().unwrap_or(l))
            .collect();
        assert!(table.len() > 4, "{shown}");
        for l in &table {
            let w = unicode_width::UnicodeWidthStr::width(*l);
            assert!(w <= columns, "{columns}: {w} {l}");
        }
        let veto = table.iter().find(|l| l.contains("锦绣花园小区")).unwrap();
        assert!(veto.contains("确诊病例"), "{veto}");
        assert!(!veto.contains(&reason), "{veto}");
    }
}

/// Rows with a cell containing `needle` in the sheet `sheet_xml` of `path`,
/// as (height in points, if set).
fn row_heights_with(path: &Path, sheet_xml: &str, needle: &str) -> Vec<Option<f64>> {
    let strings = zip_entry(path, "xl/sharedStrings.xml").unwrap_or_default();
    let index: Vec<usize> = elements(&strings, "si")
        .iter()
        .enumerate()
        .filter(|(_, si)| si.contains(needle))
        .map(|(i, _)| i)
        .collect();
    let xml = zip_entry(path, sheet_xml).unwrap();
    elements(&xml, "row")
        .into_iter()
        .filter(|row| {
            elements(row, "c").iter().any(|c| {
                attr(c, "t") == Some("s")
                    && index.iter().any(|i| c.contains(&format!("<v>{i}</v>")))
            })
        })
        .map(|row| attr(row, "ht").map(|h| h.parse().unwrap()))
        .collect()
}

#[test]
fn a_wrapped_count_on_the_coverage_sheet_gets_its_height() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("收件")).unwrap();
    inbox(&root.join("收件"));
    let o = wuyi(
        &[
            "awards",
            "--quarter",
            "2022Q1",
            "收件",
            "--out",
            "名单.xlsx",
        ],
        root,
    );
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    let book = root.join("名单.xlsx");
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    use calamine::Reader;
    let names = wb.sheet_names().to_vec();
    let n = names.iter().position(|s| s.contains("覆盖率")).unwrap();
    let heights = row_heights_with(
        &book,
        &format!("xl/worksheets/sheet{}.xml", n + 1),
        "（无疫街道",
    );
    assert!(!heights.is_empty());
    // "2（无疫街道 0）" is wider than the town column: two lines' height.
    for h in heights {
        assert!(h.is_some_and(|h| h >= 30.0), "{h:?}");
    }
}
