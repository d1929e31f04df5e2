//! `wuyi awards` driven as an office runs it: workbooks generated and
//! scored, the list written, read back with calamine, and fed into the next
//! quarter as `--register`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use wuyi_testkit::{Community, Info, Style};

use crate::util::*;

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
    let published = xlsx_rows(&list, "公示名单");
    assert_eq!(published[0][0], "2022年第一季度无疫小区（社区、村）名单");
    // No roster: pinyin order.
    assert_eq!(column(&published, "名称")[2..4], ["柳湾村", "幸福里小区"]);
    let not = xlsx_rows(&list, "未授牌");
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
        out_text(&onto_input).contains("就是输入的台账"),
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
    let revoked = xlsx_rows(&list2, "Revoked");
    assert_eq!(column(&revoked, "name"), vec!["柳湾村"]);
    assert!(column(&revoked, "why")[0].contains("2022-05-10 new confirmed case"));
    let register = xlsx_rows(&list2, "Register");
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
    let coverage = xlsx_rows(&list2, "Coverage");
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
    let list = root.join("out/l.xlsx");
    assert!(list.exists());
    // Without a roster, a file that names no community is not one.
    assert!(column(&xlsx_rows(&list, "未授牌"), "名称").is_empty());
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("共 1 个社区"), "{stdout}");
    assert!(stdout.contains("1/1"), "{stdout}");
    assert!(!stdout.contains("（未填）"), "{stdout}");
    let checks = column(&xlsx_rows(&list, "核对事项"), "说明");
    assert!(
        checks
            .iter()
            .any(|c| c.contains("东关街道-坏文件.xlsx 无法评分") && c.contains("不列入名单")),
        "{checks:?}"
    );
}

/// The numbers at the top of a sheet's title, "（2 个，其中重新授牌 1 个）".
fn title_numbers(title: &str) -> Vec<usize> {
    title
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .filter(|n| *n < 1000)
        .collect()
}

/// Rows of a table sheet below its header whose first cell is a number.
fn numbered_rows(rows: &[Vec<String>]) -> usize {
    rows.iter()
        .skip(2)
        .filter(|r| r.first().is_some_and(|c| c.parse::<f64>().is_ok()))
        .count()
}

fn roster_csv(root: &Path, rows: &[(&str, &str, &str)]) {
    let mut s = String::from("\u{feff}区县,街道（乡镇）,名称,类型\n");
    for (t, n, k) in rows {
        s.push_str(&format!("城关区,{t},{n},{k}\n"));
    }
    std::fs::write(root.join("名册.csv"), s).unwrap();
}

#[test]
fn a_broken_file_is_never_a_community_and_coverage_counts_the_roster() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let inbox = root.join("收件");
    std::fs::create_dir_all(&inbox).unwrap();
    // The roster's order is not pinyin order (幸福里 xing before 柳湾 liu).
    roster_csv(
        root,
        &[
            ("东关街道", "幸福里小区", "小区"),
            ("东关街道", "柳湾村", "村"),
            ("西城街道", "和平社区", "社区"),
            ("西城街道", "康乐小区", "小区"),
        ],
    );
    write_community(&inbox, 1, "柳湾村", "村", "东关街道", d(3, 27));
    write_community(&inbox, 2, "幸福里小区", "小区", "东关街道", d(3, 28));
    // A file that cannot be read at all, named like a roster community.
    std::fs::write(inbox.join("西城街道-和平社区.xlsx"), b"\x00\x01 broken").unwrap();
    // A roster community whose case log is missing: listed, cannot be assessed.
    let mut kl = Community::generate(
        4,
        Info {
            name: "康乐小区".into(),
            kind: "小区".into(),
            district: "城关区".into(),
            town: "西城街道".into(),
            assessed_on: d(3, 29),
            contact: "李明".into(),
            phone: "13800000002".into(),
        },
        20,
    );
    kl.drop_sheet(wuyi_core::ledger::contract::SheetKey::Cases);
    kl.write(&inbox.join("西城街道-康乐小区.xlsx"), &Style::default())
        .unwrap();
    // The same fault in a community the roster does not know.
    let mut xj = kl.clone();
    xj.info.name = "新建小区".into();
    xj.write(&inbox.join("西城街道-新建小区.xlsx"), &Style::default())
        .unwrap();

    let o = wuyi(
        &[
            "awards",
            "--quarter",
            "2022Q1",
            "收件",
            "--roster",
            "名册.csv",
            "--out",
            "Q1.xlsx",
        ],
        root,
    );
    assert_eq!(code(&o), 1, "{}", out_text(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(!stdout.contains("（未填）"), "{stdout}");
    assert!(
        stdout.contains("共 4 个社区；持有称号 2 个（新授牌 2，保持 0）；摘牌 0；未授牌 2"),
        "{stdout}"
    );
    assert!(stdout.contains("2/4"), "{stdout}");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("西城街道-和平社区.xlsx 无法评分") && stderr.contains("不列入名单"),
        "{stderr}"
    );

    let list = root.join("Q1.xlsx");
    let published = xlsx_rows(&list, "公示名单");
    assert_eq!(
        column(&published, "名称")[2..4],
        ["幸福里小区", "柳湾村"],
        "roster order"
    );
    assert!(
        published
            .iter()
            .flatten()
            .any(|c| c.contains("按名册（--roster）中的顺序排列")),
        "{published:?}"
    );
    let not = xlsx_rows(&list, "未授牌");
    assert_eq!(column(&not, "名称"), ["和平社区", "康乐小区"]);
    assert_eq!(column(&not, "申报结论"), ["未申报", "无法评分"]);
    let coverage = xlsx_rows(&list, "覆盖率");
    assert_eq!(column(&coverage, "社区总数")[..2], ["2", "2"]);
    assert_eq!(column(&coverage, "持有称号")[..2], ["2", "0"]);
    let register = xlsx_rows(&list, "名册");
    assert_eq!(
        column(&register, "名称"),
        ["幸福里小区", "柳湾村", "和平社区", "康乐小区"]
    );
    let checks = column(&xlsx_rows(&list, "核对事项"), "说明");
    assert!(
        checks.iter().any(
            |c| c.contains("西城街道-和平社区.xlsx 无法评分") && c.contains("读不出是哪个社区")
        ),
        "{checks:?}"
    );
    assert!(
        checks
            .iter()
            .any(|c| c.contains("新建小区") && c.contains("不在名册")),
        "{checks:?}"
    );

    // Next quarter the register carries exactly the roster's communities.
    let o = wuyi(
        &[
            "awards",
            "--quarter",
            "2022Q2",
            "收件/东关街道-幸福里小区.xlsx",
            "--register",
            "Q1.xlsx",
            "--roster",
            "名册.csv",
            "--out",
            "Q2.xlsx",
        ],
        root,
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("共 4 个社区"), "{}", out_text(&o));
    assert_eq!(
        column(&xlsx_rows(&root.join("Q2.xlsx"), "名册"), "名称"),
        ["幸福里小区", "柳湾村", "和平社区", "康乐小区"]
    );
}

#[test]
fn a_pass_assessed_outside_the_quarter_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write_community(root, 1, "柳湾村", "村", "东关街道", d(3, 27));
    write_community(root, 2, "幸福里小区", "小区", "东关街道", d(5, 20));
    let o = wuyi(
        &["awards", "--quarter", "2022Q2", ".", "--out", "out/Q2.xlsx"],
        root,
    );
    assert_eq!(code(&o), 0, "{}", out_text(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("请核对：城关区 东关街道 柳湾村（东关街道-柳湾村.xlsx，达标）：评估日期 2022-03-27 不在 2022Q2 内"),
        "{stderr}"
    );
    let list = root.join("out/Q2.xlsx");
    let not = xlsx_rows(&list, "未授牌");
    assert_eq!(column(&not, "名称"), ["柳湾村"]);
    assert_eq!(column(&not, "申报结论"), ["达标"]);
    assert_eq!(
        column(&not, "未授牌原因"),
        ["达标，但评估日期 2022-03-27 不在 2022Q2 内，本季度不予授牌"]
    );
    assert!(!not.iter().flatten().any(|c| c.contains("未申报")));
    let checks = column(&xlsx_rows(&list, "核对事项"), "说明");
    assert!(
        checks
            .iter()
            .any(|c| c.contains("评估日期 2022-03-27 不在 2022Q2 内")),
        "{checks:?}"
    );
    assert_eq!(
        column(&xlsx_rows(&list, "公示名单"), "名称")[2],
        "幸福里小区"
    );
    assert!(
        column(&xlsx_rows(&list, "公示名单"), "名称")[3..]
            .iter()
            .all(String::is_empty)
    );
}

#[test]
fn counts_reconcile_between_terminal_titles_and_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let q1 = root.join("q1");
    let q2 = root.join("q2");
    std::fs::create_dir_all(&q1).unwrap();
    std::fs::create_dir_all(&q2).unwrap();
    write_community(&q1, 1, "幸福里小区", "小区", "东关街道", d(3, 28));
    write_community(&q1, 2, "柳湾村", "村", "东关街道", d(3, 27));
    write_community(&q1, 3, "和平社区", "社区", "西城街道", d(3, 30));
    let o = wuyi(
        &["awards", "--quarter", "2022Q1", "q1", "--out", "Q1.xlsx"],
        root,
    );
    assert_eq!(code(&o), 0, "{}", out_text(&o));

    // Q2: 幸福里 loses its title to a case and wins it back on a later
    // assessment; 柳湾村 loses it to a complaint; 和平社区 keeps it; 康乐小区
    // is newly awarded.
    write_community(&q2, 11, "幸福里小区", "小区", "东关街道", d(5, 20));
    write_community(&q2, 12, "康乐小区", "小区", "西城街道", d(6, 1));
    std::fs::write(
        root.join("事件.csv"),
        "区县,街道,名称,日期,事件\n城关区,东关街道,幸福里小区,2022-04-05,新增确诊\n\
         城关区,东关街道,柳湾村,2022-04-10,投诉查实未整改\n",
    )
    .unwrap();
    let o = wuyi(
        &[
            "awards",
            "--quarter",
            "2022Q2",
            "q2",
            "--register",
            "Q1.xlsx",
            "--events",
            "事件.csv",
            "--out",
            "Q2.xlsx",
        ],
        root,
    );
    assert_eq!(code(&o), 0, "{}", out_text(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let summary = stdout.lines().next().unwrap();
    assert!(
        summary.contains(
            "共 4 个社区；持有称号 3 个（新授牌 2，保持 1）；摘牌 2，其中重新授牌 1；未授牌 0"
        ),
        "{summary}"
    );

    let list = root.join("Q2.xlsx");
    let published = xlsx_rows(&list, "公示名单");
    assert_eq!(
        published[1][0],
        "截至 2022-06-30，共 3 个（新授牌 2 个，其中摘牌后重新授牌 1 个；保持 1 个）"
    );
    let statuses = column(&published, "状态");
    let held_rows: Vec<&String> = statuses.iter().filter(|s| !s.is_empty()).collect();
    assert_eq!(held_rows.len(), 3);
    assert_eq!(statuses.iter().filter(|s| *s == "新授牌").count(), 2);
    assert_eq!(statuses.iter().filter(|s| *s == "保持").count(), 1);

    let revoked = xlsx_rows(&list, "摘牌名单");
    assert_eq!(title_numbers(&revoked[0][0]), [2, 1], "{}", revoked[0][0]);
    assert_eq!(numbered_rows(&revoked), 2);
    assert_eq!(column(&revoked, "名称"), ["柳湾村", "幸福里小区"]);
    let again = column(&revoked, "备注");
    assert_eq!(again.iter().filter(|s| s.contains("重新授牌")).count(), 1);

    let not = xlsx_rows(&list, "未授牌");
    assert_eq!(title_numbers(&not[0][0]), [0], "{}", not[0][0]);
    assert_eq!(numbered_rows(&not), 0);

    // Every community once in the register, and the sums agree: holders +
    // titles lost and not won back + not awarded = communities.
    let register = xlsx_rows(&list, "名册");
    assert_eq!(
        numbered_rows(&register).max(column(&register, "名称").len()),
        4
    );
    let coverage = xlsx_rows(&list, "覆盖率");
    let holding: usize = column(&coverage, "持有称号")[..2]
        .iter()
        .map(|s| s.parse::<usize>().unwrap())
        .sum();
    assert_eq!(holding, 3);
}

#[test]
fn awards_reads_with_the_same_arguments_as_score() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write_community(root, 1, "柳湾村", "村", "东关街道", d(3, 27));
    roster_csv(root, &[("东关街道", "柳湾村", "村")]);
    let help = String::from_utf8_lossy(&wuyi(&["awards", "--help"], root).stdout).into_owned();
    let score_help = String::from_utf8_lossy(&wuyi(&["score", "--help"], root).stdout).into_owned();
    for flag in [
        "--jobs",
        "--max-file-mb",
        "--max-unpacked-mb",
        "--max-ratio",
        "--max-memory-mb",
        "--max-seconds",
    ] {
        assert!(help.contains(flag), "awards lacks {flag}: {help}");
        assert!(score_help.contains(flag), "score lacks {flag}");
    }
    // The limits are applied: a file over them cannot be assessed, and since
    // nothing in it was read it names no community (the roster's 柳湾村 has
    // not applied).
    let o = wuyi(
        &[
            "awards",
            "--quarter",
            "2022Q1",
            "东关街道-柳湾村.xlsx",
            "--roster",
            "名册.csv",
            "--jobs",
            "1",
            "--max-file-mb",
            "0",
            "--out",
            "l.xlsx",
        ],
        root,
    );
    assert_eq!(code(&o), 1, "{}", out_text(&o));
    let list = root.join("l.xlsx");
    assert_eq!(column(&xlsx_rows(&list, "未授牌"), "申报结论"), ["未申报"]);
    let checks = column(&xlsx_rows(&list, "核对事项"), "说明");
    assert!(
        checks
            .iter()
            .any(|c| c.contains("东关街道-柳湾村.xlsx 无法评分") && c.contains("上限")),
        "{checks:?}"
    );
    // An output that would replace an input is refused, the office's lists
    // included (名册.xlsx writes 名册.csv beside it).
    let o = wuyi(
        &[
            "awards",
            "--quarter",
            "2022Q1",
            "东关街道-柳湾村.xlsx",
            "--roster",
            "名册.csv",
            "--out",
            "名册.xlsx",
            "--force",
        ],
        root,
    );
    assert_eq!(code(&o), 2, "{}", out_text(&o));
    assert!(out_text(&o).contains("名册.csv"), "{}", out_text(&o));
    assert!(!root.join("名册.xlsx").exists());
}
