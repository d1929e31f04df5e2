//! `wuyi awards` driven as an office runs it: workbooks generated and
//! scored, the list written, read back with calamine, and fed into the next
//! quarter as `--register`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use wuyi::sample::{Community, Info, Style};

fn wuyi(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wuyi"))
        .args(args)
        .current_dir(dir)
        .env("CI", "1")
        .output()
        .unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn out_text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn write_community(
    dir: &Path,
    seed: u64,
    name: &str,
    kind: &str,
    town: &str,
    on: NaiveDate,
) -> Community {
    let c = Community::generate(
        seed,
        Info {
            name: name.into(),
            kind: kind.into(),
            district: "城关区".into(),
            town: town.into(),
            assessed_on: on,
            contact: "王芳".into(),
            phone: "13800000000".into(),
        },
        40,
    );
    c.write(&dir.join(format!("{town}-{name}.xlsx")), &Style::default())
        .unwrap();
    c
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, m, day).unwrap()
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name)
        .unwrap()
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    let wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.sheet_names()
}

fn column(rows: &[Vec<String>], header: &str) -> Vec<String> {
    let (hr, c) = rows
        .iter()
        .enumerate()
        .find_map(|(i, r)| r.iter().position(|h| h == header).map(|c| (i, c)))
        .unwrap_or_else(|| panic!("no {header} column"));
    rows[hr + 1..]
        .iter()
        .map(|r| r.get(c).cloned().unwrap_or_default())
        .collect()
}

#[test]
fn two_quarters_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let q1 = root.join("2022Q1收件");
    std::fs::create_dir_all(&q1).unwrap();
    write_community(&q1, 1, "幸福里小区", "小区", "东关街道", d(3, 28));
    write_community(&q1, 2, "柳湾村", "村", "东关街道", d(3, 27));
    let mut jx = Community::generate(
        3,
        Info {
            name: "锦绣花园小区".into(),
            kind: "小区".into(),
            district: "城关区".into(),
            town: "东关街道".into(),
            assessed_on: d(3, 30),
            contact: "赵海燕".into(),
            phone: "13800000001".into(),
        },
        40,
    );
    jx.add_case(9, "确诊病例", 3, "定点医院治疗");
    jx.write(&q1.join("东关街道-锦绣花园小区.xlsx"), &Style::default())
        .unwrap();

    let o = wuyi(
        &[
            "awards",
            "--quarter",
            "2022Q1",
            "2022Q1收件",
            "--out",
            "名单/2022Q1.xlsx",
        ],
        root,
    );
    assert_eq!(code(&o), 0, "{}", out_text(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("新授牌 2，保持 0"), "{stdout}");
    assert!(
        stdout.contains("东关街道") && stdout.contains("2/3") && stdout.contains("66.7%"),
        "{stdout}"
    );
    let list = root.join("名单/2022Q1.xlsx");
    assert_eq!(
        sheet_names(&list),
        vec![
            "公示名单",
            "摘牌名单",
            "未授牌",
            "覆盖率",
            "名册",
            "核对事项"
        ]
    );
    let published = sheet(&list, "公示名单");
    assert_eq!(published[0][0], "2022年第一季度无疫小区（社区、村）名单");
    assert_eq!(column(&published, "名称")[2..4], ["幸福里小区", "柳湾村"]);
    let not = sheet(&list, "未授牌");
    assert_eq!(column(&not, "名称"), vec!["锦绣花园小区"]);
    assert_eq!(column(&not, "申报结论"), vec!["一票否决"]);
    let csv = std::fs::read_to_string(root.join("名单/2022Q1.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}序号,区县,街道(乡镇),名称"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3);

    // Never overwritten by accident, never written over an input.
    let again = wuyi(
        &[
            "awards",
            "--quarter",
            "2022Q1",
            "2022Q1收件",
            "--out",
            "名单/2022Q1.xlsx",
        ],
        root,
    );
    assert_eq!(code(&again), 2);
    assert!(out_text(&again).contains("--force"));
    let onto_input = wuyi(
        &[
            "awards",
            "--quarter",
            "2022Q1",
            "2022Q1收件/东关街道-柳湾村.xlsx",
            "--out",
            "2022Q1收件/东关街道-柳湾村.xlsx",
            "--force",
        ],
        root,
    );
    assert_eq!(code(&onto_input), 2);
    assert!(
        out_text(&onto_input).contains("也是输入文件"),
        "{}",
        out_text(&onto_input)
    );
    let bad_quarter = wuyi(&["awards", "--quarter", "2022Q5", "2022Q1收件"], root);
    assert_eq!(code(&bad_quarter), 2);
    assert!(out_text(&bad_quarter).contains("不是有效季度"));
    let same_quarter = wuyi(
        &[
            "awards",
            "--quarter",
            "2022Q1",
            "2022Q1收件",
            "--register",
            "名单/2022Q1.xlsx",
            "--out",
            "x.xlsx",
        ],
        root,
    );
    assert_eq!(code(&same_quarter), 2, "{}", out_text(&same_quarter));

    // Q2: scored first, then listed from results.json, in English, with the
    // register, a roster and an events sheet, both as CSV.
    let q2 = root.join("2022Q2收件");
    std::fs::create_dir_all(&q2).unwrap();
    write_community(&q2, 11, "幸福里小区", "小区", "东关街道", d(6, 28));
    write_community(&q2, 12, "和平社区", "社区", "西城街道", d(6, 27));
    let o = wuyi(&["score", "2022Q2收件", "--out", "2022Q2评分"], root);
    assert_eq!(code(&o), 0, "{}", out_text(&o));
    std::fs::write(
        root.join("名册.csv"),
        "\u{feff}区县,街道（乡镇）,名称,类型\n城关区,东关街道,幸福里小区,小区\n城关区,东关街道,柳湾村,村\n\
         城关区,东关街道,锦绣花园小区,小区\n城关区,西城街道,和平社区,社区\n城关区,西城街道,康乐小区,小区\n",
    )
    .unwrap();
    std::fs::write(
        root.join("事件.csv"),
        "区县,街道,名称,日期,事件,备注\n城关区,东关街道,柳湾村,2022/5/10,新增确诊,返乡人员\n\
         城关区,东关街道,锦秀花园小区,2022-05-12,新增无症状,\n",
    )
    .unwrap();
    let o = wuyi(
        &[
            "--lang",
            "en",
            "awards",
            "--quarter",
            "2022q2",
            "2022Q2评分",
            "--register",
            "名单/2022Q1.xlsx",
            "--roster",
            "名册.csv",
            "--events",
            "事件.csv",
        ],
        root,
    );
    assert_eq!(code(&o), 0, "{}", out_text(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("1 newly awarded, 1 held); 1 revoked"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("锦秀花园小区") && stderr.contains("did you mean"),
        "{stderr}"
    );
    let list2: PathBuf = root.join("2022Q2-award-list.xlsx");
    assert!(root.join("2022Q2-award-list.csv").exists());
    assert_eq!(
        sheet_names(&list2),
        vec![
            "Published list",
            "Revoked",
            "Not awarded",
            "Coverage",
            "Register",
            "Checks"
        ]
    );
    let revoked = sheet(&list2, "Revoked");
    assert_eq!(column(&revoked, "name"), vec!["柳湾村"]);
    assert!(column(&revoked, "why")[0].contains("2022-05-10 new confirmed case"));
    let register = sheet(&list2, "Register");
    let names = column(&register, "name");
    let statuses = column(&register, "status");
    let pairs: Vec<(&str, &str)> = names
        .iter()
        .map(String::as_str)
        .zip(statuses.iter().map(String::as_str))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("幸福里小区", "held"),
            ("柳湾村", "revoked"),
            ("锦绣花园小区", "not awarded"),
            ("和平社区", "newly awarded"),
            ("康乐小区", "not awarded"),
        ]
    );
    let coverage = sheet(&list2, "Coverage");
    assert_eq!(column(&coverage, "holding")[..2], ["1", "1"]);
    assert_eq!(column(&coverage, "communities")[..2], ["3", "2"]);
}

#[test]
fn a_workbook_that_cannot_be_assessed_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write_community(root, 1, "幸福里小区", "小区", "东关街道", d(3, 28));
    std::fs::write(root.join("东关街道-坏文件.xlsx"), b"not a workbook").unwrap();
    let o = wuyi(
        &["awards", "--quarter", "2022Q1", ".", "--out", "out/l.xlsx"],
        root,
    );
    assert_eq!(code(&o), 1, "{}", out_text(&o));
    assert!(root.join("out/l.xlsx").exists());
    let not = sheet(&root.join("out/l.xlsx"), "未授牌");
    assert_eq!(column(&not, "申报结论"), vec!["无法评分"]);
}
