//! `wuyi score --inspections`: an inspection team's list lowering and
//! raising items, findings cited in the reports, and every row accounted
//! for; and the blank form from `wuyi template --inspections`.

use std::io::Read;
use std::path::Path;

use crate::util::*;
use calamine::{Reader, Xlsx, open_workbook};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use wuyi_testkit::{Community, Style};

/// Three communities of 东关街道, none with cases: 锦绣花园's grids are
/// too large, so A2 (measured from the grid ledger) costs it points.
fn inbox(dir: &Path) {
    for (seed, name, grids) in [
        (3, "幸福里小区", (12, 18)),
        (4, "锦绣花园", (30, 40)),
        (5, "和平社区", (12, 18)),
    ] {
        let mut c = Community::generate_with_grids(seed, info(name), 40, grids);
        c.cases.clear();
        c.write(&dir.join(format!("{name}.xlsx")), &Style::default())
            .unwrap();
    }
}

/// The inspection list as a county office types it: a title, the header
/// under it in its own words, dates as dates and as text.
fn inspection_list(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("明查暗访").unwrap();
    ws.write(0, 0, "城关区无疫小区明查暗访核查记录").unwrap();
    let header = [
        "区县",
        "街道",
        "社区名称",
        "评分项编号",
        "核定分",
        "扣分",
        "存在问题",
        "检查日期",
        "检查方式",
        "检查人",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write(2, c as u16, *h).unwrap();
    }
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    // name, item, verified, deduction, finding, date, method, inspector
    let data: &[[&str; 8]] = &[
        [
            "幸福里小区",
            "A1",
            "1",
            "",
            "专班人员未到岗",
            "2022-03-28",
            "暗访",
            "张三",
        ],
        [
            "幸福里小区",
            "B6",
            "",
            "1",
            "消毒液不足",
            "2022-03-20",
            "明查",
            "李四",
        ],
        [
            "幸福里小区",
            "B6",
            "",
            "3",
            "公共区域未消杀",
            "2022-03-29",
            "暗访",
            "王五",
        ],
        [
            "锦绣花园",
            "A2",
            "8",
            "",
            "网格已重新划分",
            "2022-03-30",
            "明查",
            "李四",
        ],
        [
            "锦秀花园",
            "C1",
            "1",
            "",
            "宣传栏空白",
            "2022-03-28",
            "暗访",
            "张三",
        ],
        ["和平社区", "Z9", "1", "", "", "2022-03-28", "明查", "张三"],
        ["和平社区", "C1", "2", "", "", "三月底", "明查", "张三"],
    ];
    for (i, [name, item, v, d, finding, date, method, who]) in data.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write(r, 0, "城关区").unwrap();
        ws.write(r, 1, "东关街道").unwrap();
        ws.write(r, 2, *name).unwrap();
        ws.write(r, 3, *item).unwrap();
        if let Ok(n) = v.parse::<f64>() {
            ws.write(r, 4, n).unwrap();
        }
        if let Ok(n) = d.parse::<f64>() {
            ws.write(r, 5, n).unwrap();
        }
        ws.write(r, 6, *finding).unwrap();
        match chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
            Ok(d) => {
                use chrono::Datelike;
                let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                    .unwrap();
                ws.write_datetime_with_format(r, 7, &dt, &date_fmt).unwrap();
            }
            Err(_) => {
                ws.write(r, 7, *date).unwrap();
            }
        }
        ws.write(r, 8, *method).unwrap();
        ws.write(r, 9, *who).unwrap();
    }
    wb.save(path).unwrap();
}

fn item<'a>(card: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    card["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap()
}

fn score_of(results: &serde_json::Value, name: &str) -> serde_json::Value {
    results["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap()
        .clone()
}

#[test]
fn inspections_lower_and_raise_items_and_every_row_is_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    inbox(&input);

    // The same inbox without inspections, for the self-assessed scores.
    let plain = dir.path().join("plain");
    let run = wuyi_cmd()
        .args(["score"])
        .arg(&input)
        .arg("--out")
        .arg(&plain)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let before = json(&plain);

    let list = dir.path().join("核查记录.xlsx");
    inspection_list(&list);
    let out = dir.path().join("out");
    let run = wuyi_cmd()
        .arg("score")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--feedback")
        .arg("--inspections")
        .arg(&list)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains("核查记录 核查记录.xlsx：3 处需核对"),
        "{stdout}"
    );

    let after = json(&out);
    assert_eq!(after["inspections"][0], "核查记录.xlsx");

    // 幸福里小区: A1 lowered to 1, B6 to 2 by the later of its two rows.
    let (b, a) = (
        score_of(&before, "幸福里小区"),
        score_of(&after, "幸福里小区"),
    );
    assert_eq!(item(&b, "A1")["earned"], 5.0);
    assert_eq!(item(&a, "A1")["earned"], 1.0);
    assert_eq!(item(&b, "B6")["earned"], 5.0);
    assert_eq!(item(&a, "B6")["earned"], 2.0);
    assert_eq!(item(&a, "A1")["unverified"], false);
    let why = item(&a, "B6")["why_zh"].as_str().unwrap();
    assert!(
        why.contains("暗访 2022-03-29 王五：公共区域未消杀（核定 2）")
            && why.contains("此前：明查 2022-03-20 李四：消毒液不足（核定 4）"),
        "{why}"
    );
    let self_score = b["score"].as_f64().unwrap();
    assert_eq!(a["inspection"]["self_score"].as_f64().unwrap(), self_score);
    let verified = a["score"].as_f64().unwrap();
    assert!(
        (verified - (self_score - 7.0)).abs() < 1e-9,
        "{verified} {self_score}"
    );
    assert_eq!(
        a["inspection"]["verified_score"].as_f64().unwrap(),
        verified
    );
    let unverified: Vec<&str> = a["inspection"]["unverified"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(unverified, ["B5", "C1", "C2"]);
    let section_a = a["sections"][0]["earned"].as_f64().unwrap();
    let section_a_before = b["sections"][0]["earned"].as_f64().unwrap();
    assert!((section_a_before - section_a - 4.0).abs() < 1e-9);

    // 锦绣花园: A2, measured low from its grids, raised to 8 by inspection.
    let (b, a) = (score_of(&before, "锦绣花园"), score_of(&after, "锦绣花园"));
    let a2_before = item(&b, "A2")["earned"].as_f64().unwrap();
    assert!(a2_before < 8.0, "{a2_before}");
    assert_eq!(item(&a, "A2")["earned"], 8.0);
    assert!(a["score"].as_f64().unwrap() > b["score"].as_f64().unwrap());

    // 和平社区: neither of its rows could be used; its score is its own.
    let (b, a) = (score_of(&before, "和平社区"), score_of(&after, "和平社区"));
    assert_eq!(a["score"], b["score"]);
    assert_eq!(a["inspection"]["items"].as_array().unwrap().len(), 0);

    // The summary: self, verified, difference and unverified items.
    let xlsx = out.join("评分汇总.xlsx");
    let wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert!(wb.sheet_names().contains(&"自评与核定".to_string()));
    let summary = xlsx_rows(&xlsx, "汇总");
    let h = &summary[1];
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let row = summary.iter().find(|r| r[3] == "幸福里小区").unwrap();
    assert_eq!(row[col("核定-自评")], "-7");
    assert_eq!(row[col("未核定项")], "B5、C1、C2");
    assert_eq!(row[col("自评得分")].parse::<f64>().unwrap(), self_score);

    // 自评与核定: the most overstated item first, the raised one last.
    let cmp = xlsx_rows(&xlsx, "自评与核定");
    assert_eq!(cmp[2][1], "幸福里小区");
    assert_eq!(cmp[2][2], "A1");
    assert_eq!(cmp[2][7], "4");
    assert_eq!(cmp.last().unwrap()[2], "A2");
    assert!(cmp.last().unwrap()[7].starts_with('-'));
    assert_eq!(cmp.len(), 2 + 3);

    // 核对事项: the misspelt name with the submitted spelling, the item the
    // rubric lacks, and the date that is not a date.
    let check = xlsx_rows(&xlsx, "核对事项");
    let text: Vec<&str> = check.iter().skip(2).map(|r| r[1].as_str()).collect();
    assert_eq!(text.len(), 3, "{text:?}");
    assert!(
        text.iter()
            .any(|t| t.contains("锦秀花园") && t.contains("可能是") && t.contains("锦绣花园")),
        "{text:?}"
    );
    assert!(text.iter().any(|t| t.contains("Z9")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("三月底")), "{text:?}");
    assert!(
        check.iter().any(|r| r[0] == "核查记录.xlsx 明查暗访!D9"),
        "{check:?}"
    );

    // The feedback workbook cites the finding on the item's line.
    let fb = xlsx_rows(
        &out.join("反馈").join("东关街道-幸福里小区-评分反馈.xlsx"),
        "评分反馈",
    );
    let a1 = fb.iter().find(|r| r[0] == "A1").unwrap();
    assert!(
        a1[5].contains("暗访 2022-03-28 张三：专班人员未到岗"),
        "{a1:?}"
    );
    assert!(
        fb.iter()
            .any(|r| r[0] == "未核定项" && r[1] == "B5、C1、C2")
    );

    // English: the same columns, in English.
    let en = dir.path().join("en");
    let run = wuyi_cmd()
        .args(["--lang", "en", "score"])
        .arg(&input)
        .arg("--out")
        .arg(&en)
        .arg("--inspections")
        .arg(&list)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("3 to check"), "{stdout}");
    let summary = xlsx_rows(&en.join("scores.xlsx"), "Summary");
    assert!(summary[1].contains(&"verified - self".to_string()));
}

#[test]
fn the_same_list_as_csv_gives_the_same_scores() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    inbox(&input);
    let csv = dir.path().join("核查.csv");
    std::fs::write(
        &csv,
        "\u{feff}名称,编号,核定得分,检查日期,方式,检查人,发现问题\n\
         幸福里小区,A1,1,2022-03-28,暗访,张三,专班人员未到岗\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = wuyi_cmd()
        .arg("score")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--inspections")
        .arg(&csv)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    // No district or town in the list: 幸福里小区 of 城关区 东关街道 is not
    // the 幸福里小区 the row names, and the row says so rather than guess.
    assert!(stdout.contains("1 处需核对"), "{stdout}");
    assert!(stdout.contains("可能是"), "{stdout}");

    std::fs::write(
        &csv,
        "\u{feff}区县,街道(乡镇),名称,编号,核定得分,检查日期,方式,检查人,发现问题\n\
         城关区,东关街道,幸福里小区,A1,1,2022-03-28,暗访,张三,专班人员未到岗\n",
    )
    .unwrap();
    let run = wuyi_cmd()
        .arg("score")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .arg("--inspections")
        .arg(&csv)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("各行均已使用"), "{stdout}");
    let after = json(&out);
    assert_eq!(item(&score_of(&after, "幸福里小区"), "A1")["earned"], 1.0);
}

#[test]
fn a_list_without_scores_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    inbox(&input);
    let csv = dir.path().join("核查.csv");
    std::fs::write(&csv, "名称,编号,发现问题\n幸福里小区,A1,未消杀\n").unwrap();
    let run = wuyi_cmd()
        .arg("score")
        .arg(&input)
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg("--inspections")
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("核定得分"), "{stderr}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn the_blank_form_has_dropdowns_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let form = dir.path().join("核查记录.xlsx");
    let run = wuyi_cmd()
        .args(["template", "--inspections", "--out"])
        .arg(&form)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let header = &xlsx_rows(&form, "核查记录")[1];
    assert_eq!(
        header,
        &[
            "区县",
            "街道(乡镇)",
            "名称",
            "编号",
            "核定得分",
            "扣分",
            "发现问题",
            "检查日期",
            "方式",
            "检查人"
        ]
    );
    let items = xlsx_rows(&form, "评分项");
    assert_eq!(items[1][0], "A1");
    assert_eq!(items.len(), 1 + 18);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&form).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("'评分项'!$A$2:$A$19"), "{xml}");
    assert!(xml.contains("明查,暗访"), "{xml}");

    // The blank form is a valid list with nothing in it.
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    inbox(&input);
    let run = wuyi_cmd()
        .arg("score")
        .arg(&input)
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg("--inspections")
        .arg(&form)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}");
    assert!(stdout.contains("各行均已使用"), "{stdout}");
}
