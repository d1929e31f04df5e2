//! Rubric files: the default passes its own check; broken ones fail with a
//! message that names the item and what is wrong.

use wuyi_core::rubric::{DEFAULT_TOML, Rubric};
use wuyi_report::i18n::Lang;

use crate::util::wuyi_cmd;

fn errors_of(text: &str) -> Vec<String> {
    match Rubric::parse(text, "test.toml") {
        Ok(_) => Vec::new(),
        Err(e) => e
            .issues
            .iter()
            .map(|i| wuyi_report::catalogue::rubric::issue(i, Lang::Zh))
            .collect(),
    }
}

fn broken(from: &str, to: &str) -> Vec<String> {
    assert!(DEFAULT_TOML.contains(from), "{from}");
    errors_of(&DEFAULT_TOML.replacen(from, to, 1))
}

#[test]
fn the_default_rubric_is_sound() {
    let r = Rubric::builtin().unwrap();
    assert_eq!(r.spec.total, 100.0);
    assert_eq!(r.spec.pass_score, 60.0);
    assert!((15..=25).contains(&r.items.len()));
    assert_eq!(r.items.iter().map(|i| i.points).sum::<f64>(), 100.0);
    assert_eq!(r.gate.window_days, 14);
    assert_eq!(r.sha256.len(), 64);
    let ids: Vec<String> = wuyi_report::template::SelfItem::of(&r)
        .into_iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(ids, ["A1", "B5", "B6", "C1", "C2"]);
}

#[test]
fn duplicate_ids_are_refused() {
    let e = broken("id = \"A2\"", "id = \"A1\"");
    assert_eq!(e, ["评分项 A1：编号重复"]);
}

#[test]
fn points_must_add_up_to_the_total() {
    let e = broken(
        "points = 8\nmeasure = { type = \"in_range\"",
        "points = 9\nmeasure = { type = \"in_range\"",
    );
    assert_eq!(e, ["各项分值合计 101 分，与总分 total = 100 不符"]);
}

#[test]
fn unknown_columns_and_sheets_are_named() {
    let e = broken("column = \"户数\"", "column = \"户数量\"");
    assert_eq!(e, ["评分项 A2：工作表“网格台账”没有列“户数量”"]);
    let e = broken("sheet = \"消杀记录\"", "sheet = \"消毒日志\"");
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("评分项 B7：工作表“消毒日志”不在台账规范中"),
        "{e:?}"
    );
}

#[test]
fn column_kinds_must_fit_the_measure() {
    let e = broken("numerator = \"核酸检测人数\"", "numerator = \"地址\"");
    assert_eq!(e, ["评分项 B3：列“地址”的类型不适用于这种度量"]);
}

#[test]
fn thresholds_must_be_sane() {
    let e = broken("[[0.98, 6], [0.9, 4], [0.8, 2]]", "[[0.8, 2], [0.9, 4]]");
    assert_eq!(e, ["评分项 B3：steps 应按比例从高到低排列，得分不增"]);
    let e = broken("[[0.98, 6], [0.9, 4], [0.8, 2]]", "[[98, 6]]");
    assert_eq!(e, ["评分项 B3：steps 中的比例 98 应在 0 到 1 之间"]);
    let e = broken("[[0.98, 6], [0.9, 4], [0.8, 2]]", "[[0.98, 7]]");
    assert_eq!(e, ["评分项 B3：steps 中的得分 7 超出本项分值 6"]);
    let e = broken("min = 10, max = 20", "min = 20, max = 10");
    assert_eq!(e, ["评分项 A2：in_range 的下限 20 大于上限 10"]);
    let e = broken("pass_score = 60", "pass_score = 160");
    assert_eq!(e, ["及格线 pass_score = 160 应在 0 到总分 100 之间"]);
    let e = broken(
        "scoring = { type = \"deduct\", per = 1 }",
        "scoring = { type = \"deduct\", per = 0 }",
    );
    assert_eq!(e, ["评分项 D4：deduct 的 per（每处扣分）必须大于 0"]);
}

#[test]
fn gate_categories_must_be_case_categories() {
    let e = broken("\"次密接\"]", "\"流感\"]");
    assert_eq!(e, ["gate.categories 中的“流感”不是涉疫台账的类别"]);
}

#[test]
fn several_problems_are_all_reported() {
    let text = DEFAULT_TOML
        .replacen("id = \"A2\"", "id = \"A1\"", 1)
        .replacen("column = \"户数\"", "column = \"x\"", 1);
    assert_eq!(errors_of(&text).len(), 2);
}

#[test]
fn toml_errors_and_unknown_fields_are_clear() {
    let e = errors_of("name = \"x\"\n[[items]\n");
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("TOML 格式错误"), "{e:?}");
    let e = broken(
        "points = 5\nmeasure = { type = \"self_assessed\" }",
        "pionts = 5\nmeasure = { type = \"self_assessed\" }",
    );
    assert!(e[0].contains("pionts"), "{e:?}");
}

#[test]
fn per_category_windows_override_the_default() {
    let text = DEFAULT_TOML.replacen(
        "household_contacts = true",
        "household_contacts = true\ncategory_windows = { \"次密接\" = 7 }",
        1,
    );
    let r = Rubric::parse(&text, "t").unwrap();
    let cat = wuyi_core::ledger::contract::CaseCategory::SecondaryContact;
    assert_eq!(r.gate.windows.get(&cat), Some(&7));
}

#[test]
fn rubric_check_command_exits_1_with_the_problems() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.toml");
    std::fs::write(&p, DEFAULT_TOML.replacen("id = \"A2\"", "id = \"A1\"", 1)).unwrap();
    let out = wuyi_cmd()
        .args(["rubric", "check"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("评分项 A1：编号重复"), "{text}");

    let out = wuyi_cmd()
        .args(["--lang", "en", "rubric", "check"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("item A1: the id is used twice"));

    let good = dir.path().join("good.toml");
    std::fs::write(&good, DEFAULT_TOML).unwrap();
    let out = wuyi_cmd()
        .args(["rubric", "check"])
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn rubric_show_lists_every_item() {
    let out = wuyi_cmd().args(["rubric", "show"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for it in Rubric::builtin().unwrap().items {
        assert!(text.contains(&it.name), "{}", it.name);
    }
    assert!(text.contains("及格线 60"));
}
