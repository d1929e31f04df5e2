//! A year of award lists for 城关区: four quarters of scored applications,
//! each quarter's register written to a workbook and read back as the next
//! quarter's `--register`, one cumulative events sheet. The expected lists
//! are written out by hand below.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use wuyi_core::awards::register::{self, Register};
use wuyi_core::awards::roster::RosterEntry;
use wuyi_core::awards::{self, Application, AwardList, Inputs, Quarter, Status, Topic, events};
use wuyi_core::ledger::contract::{CaseCategory, CommunityType};
use wuyi_core::results::Scorecard;
use wuyi_core::rubric::spec::AwardsSpec;
use wuyi_core::score::{CaseRecord, Verdict};
use wuyi_report::awards as render;
use wuyi_report::i18n::Lang;

use crate::util::date;

/// What the award list says, worded as the lists word it.
trait Worded {
    fn zh(&self) -> String;
    fn en(&self) -> String;
}

impl Worded for awards::Reason {
    fn zh(&self) -> String {
        wuyi_report::catalogue::awards::reason(self, Lang::Zh)
    }
    fn en(&self) -> String {
        wuyi_report::catalogue::awards::reason(self, Lang::En)
    }
}

impl Worded for awards::Why {
    fn zh(&self) -> String {
        wuyi_report::catalogue::awards::why(self, Lang::Zh)
    }
    fn en(&self) -> String {
        wuyi_report::catalogue::awards::why(self, Lang::En)
    }
}

const DISTRICT: &str = "城关区";
const DONG: &str = "东关街道";
const XI: &str = "西城街道";

fn d22(m: u32, d: u32) -> NaiveDate {
    date(2022, m, d)
}

/// A scored application as `wuyi score` would record it.
fn card(
    town: &str,
    name: &str,
    kind: CommunityType,
    on: NaiveDate,
    score: f64,
    verdict: Verdict,
    cases: &[(NaiveDate, CaseCategory)],
) -> Scorecard {
    let (reason_zh, reason_en) = match verdict {
        Verdict::Passed => (
            format!("得分 {score:.1}，达到及格线 60 分"),
            format!("scored {score:.1}"),
        ),
        Verdict::Failed => (
            format!("得分 {score:.1}，低于及格线 60 分"),
            format!("scored {score:.1}, below 60"),
        ),
        Verdict::Vetoed => (
            "14 天内有涉疫记录".to_string(),
            "case records within 14 days".to_string(),
        ),
        Verdict::Unassessable => (
            "缺少工作表“涉疫台账”".to_string(),
            "no case log".to_string(),
        ),
    };
    Scorecard {
        file: PathBuf::from(format!("{town}-{name}-{on}.xlsx")),
        name: name.to_string(),
        kind: Some(kind),
        district: Some(DISTRICT.to_string()),
        town: Some(town.to_string()),
        assessed_on: Some(on),
        score: (verdict != Verdict::Unassessable).then_some(score),
        pass_score: 60.0,
        sections: Vec::new(),
        items: Vec::new(),
        gate: None,
        verdict,
        reason_zh,
        reason_en,
        problems: Vec::new(),
        cases: cases
            .iter()
            .enumerate()
            .map(|(i, (d, c))| CaseRecord {
                date: *d,
                category: *c,
                location: format!("涉疫台账!A{}", i + 3),
            })
            .collect(),
        inspection: None,
    }
}

use CommunityType::{Community, Compound, NaturalVillage, Village};
use Verdict::{Failed, Passed, Vetoed};

fn roster() -> Vec<RosterEntry> {
    [
        (DONG, "幸福里小区", Compound),
        (DONG, "东关社区", Community),
        (DONG, "柳湾村", Village),
        (DONG, "锦绣花园小区", Compound),
        (XI, "和平社区", Community),
        (XI, "西城社区", Community),
        (XI, "康乐小区", Compound),
        (XI, "杨家庄自然村", NaturalVillage),
        (XI, "新华小区", Compound),
    ]
    .iter()
    .enumerate()
    .map(|(i, (t, n, k))| RosterEntry {
        place: awards::matching::Place::new(Some(DISTRICT), Some(t), n),
        kind: Some(*k),
        location: format!("名册!C{}", i + 2),
    })
    .collect()
}

/// The office's cumulative events log, as a workbook with a title row, a
/// text date and an Excel date.
fn write_events(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("事件").unwrap();
    ws.write_string(0, 0, "城关区动态管理事件登记表").unwrap();
    for (c, h) in ["区县", "街道（乡镇）", "名称", "日期", "事件", "备注"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    type EventRow<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        (u16, u8, u8),
        &'a str,
        &'a str,
    );
    let rows: [EventRow; 4] = [
        (
            DONG,
            "柳湾村",
            Some("2022/5/10"),
            (0, 0, 0),
            "新增确诊",
            "村民外出返乡确诊",
        ),
        (DONG, "东关社区", None, (2022, 7, 15), "新增无症状", ""),
        (
            DONG,
            "锦秀花园小区",
            Some("2022年11月2日"),
            (0, 0, 0),
            "新增确诊",
            "",
        ),
        (
            DONG,
            "幸福里小区",
            Some("20230105"),
            (0, 0, 0),
            "投诉查实未整改",
            "12345 投诉",
        ),
    ];
    for (i, (town, name, text_date, (y, m, d), event, note)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string(r, 0, DISTRICT).unwrap();
        ws.write_string(r, 1, *town).unwrap();
        ws.write_string(r, 2, *name).unwrap();
        match text_date {
            Some(t) => ws.write_string(r, 3, *t).unwrap(),
            None => ws
                .write_datetime_with_format(
                    r,
                    3,
                    ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                    &date_fmt,
                )
                .unwrap(),
        };
        ws.write_string(r, 4, *event).unwrap();
        ws.write_string(r, 5, *note).unwrap();
    }
    wb.save(path).unwrap();
}

fn run(
    dir: &Path,
    quarter: &str,
    spec: AwardsSpec,
    cards: &[Scorecard],
    register: Option<Register>,
    events: &[events::Event],
    lang: Lang,
) -> (AwardList, Register) {
    let q = Quarter::parse(quarter).unwrap();
    let list = awards::decide(&Inputs {
        quarter: q,
        spec,
        applications: cards.iter().map(Application::from_card).collect(),
        register,
        roster: Some(roster()),
        events: events.to_vec(),
        notes: Vec::new(),
    });
    // The register goes through the workbook, as it does between quarters.
    let path = dir.join(render::default_file_name(q, lang));
    std::fs::write(&path, render::render_xlsx(&list, lang).unwrap()).unwrap();
    let (reg, warnings) = register::read(&path).unwrap();
    assert_eq!(warnings, vec![], "{quarter}");
    assert_eq!(reg.quarter, Some(q));
    assert_eq!(reg.entries.len(), list.decisions.len());
    for (e, d) in reg.entries.iter().zip(&list.decisions) {
        assert_eq!(e.place, d.place);
        assert_eq!(e.status, d.status, "{}", d.place.name);
        assert_eq!(e.kind, d.kind, "{}", d.place.name);
        assert_eq!(e.awarded_on, d.awarded_on, "{}", d.place.name);
        assert_eq!(e.revoked_on, d.revoked_on, "{}", d.place.name);
        assert_eq!(e.title, d.title, "{}", d.place.name);
    }
    (list, reg)
}

fn statuses(list: &AwardList) -> Vec<(&str, Status)> {
    list.decisions
        .iter()
        .map(|d| (d.place.name.as_str(), d.status))
        .collect()
}

fn decision<'a>(list: &'a AwardList, name: &str) -> &'a awards::Decision {
    list.decisions
        .iter()
        .find(|d| d.place.name == name)
        .unwrap_or_else(|| panic!("{name} not in the list"))
}

fn spec(per_town: Option<usize>, total: Option<usize>) -> AwardsSpec {
    AwardsSpec {
        per_town_quota: per_town,
        total_quota: total,
        ..AwardsSpec::default()
    }
}

fn town<'a>(list: &'a AwardList, name: &str) -> &'a awards::TownCoverage {
    list.coverage.towns.iter().find(|t| t.town == name).unwrap()
}

#[test]
fn a_year_of_award_lists() {
    let dir = tempfile::tempdir().unwrap();
    let events_path = dir.path().join("事件.xlsx");
    write_events(&events_path);
    let (events, warnings) = events::read(&events_path).unwrap();
    assert_eq!(warnings, vec![]);
    assert_eq!(events.len(), 4);
    assert_eq!(events[1].date, d22(7, 15));
    assert_eq!(events[3].date, date(2023, 1, 5));

    // ── Q1: two per town at most. 东关: 柳湾村 and 东关社区 tie on 97.4; the
    // earlier assessment (柳湾村, 3-27) goes first, and 东关社区 is third.
    // 西城: 和平社区 and 新华小区 tie on score and date; 和平社区 comes first
    // by name. 和平社区 applied twice; the later application counts.
    let q1 = vec![
        card(DONG, "幸福里小区", Compound, d22(3, 28), 98.0, Passed, &[]),
        card(DONG, "东关社区", Community, d22(3, 29), 97.4, Passed, &[]),
        card(DONG, "柳湾村", Village, d22(3, 27), 97.4, Passed, &[]),
        card(
            DONG,
            "锦绣花园小区",
            Compound,
            d22(3, 30),
            97.0,
            Vetoed,
            &[
                (d22(3, 21), CaseCategory::Confirmed),
                (d22(3, 22), CaseCategory::CloseContact),
            ],
        ),
        card(XI, "和平社区", Community, d22(3, 15), 58.0, Failed, &[]),
        card(XI, "和平社区", Community, d22(3, 30), 90.0, Passed, &[]),
        card(XI, "西城社区", Community, d22(3, 29), 95.0, Passed, &[]),
        card(XI, "康乐小区", Compound, d22(3, 31), 55.6, Failed, &[]),
        card(XI, "新华小区", Compound, d22(3, 30), 90.0, Passed, &[]),
        // Last year's application is not this quarter's.
        card(
            XI,
            "杨家庄自然村",
            NaturalVillage,
            date(2021, 12, 20),
            91.0,
            Passed,
            &[],
        ),
    ];
    let (l1, r1) = run(
        dir.path(),
        "2022Q1",
        spec(Some(2), None),
        &q1,
        None,
        &events,
        Lang::Zh,
    );
    use Status::{Held, New, NotAwarded, Revoked};
    // In the roster's order, the office's own.
    assert_eq!(
        statuses(&l1),
        vec![
            ("幸福里小区", New),
            ("东关社区", NotAwarded),
            ("柳湾村", New),
            ("锦绣花园小区", NotAwarded),
            ("和平社区", New),
            ("西城社区", New),
            ("康乐小区", NotAwarded),
            ("杨家庄自然村", NotAwarded),
            ("新华小区", NotAwarded),
        ]
    );
    assert_eq!(l1.order, awards::order::Basis::Roster);
    let dg = decision(&l1, "东关社区");
    assert!(dg.cut);
    assert!(
        dg.reason.zh().contains("超出街道名额") && dg.reason.zh().contains("排第 3"),
        "{}",
        dg.reason.zh()
    );
    let xh = decision(&l1, "新华小区");
    assert!(
        xh.cut && xh.reason.zh().contains("排第 3"),
        "{}",
        xh.reason.zh()
    );
    let hp = decision(&l1, "和平社区");
    assert_eq!(hp.assessed_on, Some(d22(3, 30)));
    assert!(
        hp.note.zh().contains("共 2 份申报") && hp.note.zh().contains("以最近 2022-03-30"),
        "{}",
        hp.note.zh()
    );
    assert!(l1.notes.iter().any(|n| n.topic == Topic::Duplicate));
    assert!(
        decision(&l1, "锦绣花园小区")
            .reason
            .zh()
            .contains("一票否决")
    );
    assert!(
        decision(&l1, "杨家庄自然村")
            .reason
            .zh()
            .contains("不在 2022Q1 内")
    );
    assert_eq!(decision(&l1, "柳湾村").title, "无疫村");
    assert_eq!(decision(&l1, "柳湾村").awarded_on, Some(d22(3, 27)));
    assert_eq!(l1.cut(), 2);
    assert_eq!(l1.revocations, vec![]);
    assert_eq!((town(&l1, DONG).awarded, town(&l1, DONG).total), (2, 4));
    assert_eq!((town(&l1, XI).awarded, town(&l1, XI).total), (2, 5));
    assert!(!town(&l1, DONG).free);
    assert_eq!(l1.coverage.basis, awards::Basis::Roster);
    // Events after the quarter wait for their quarter.
    assert!(
        l1.notes
            .iter()
            .any(|n| n.topic == Topic::Events && n.text.zh().contains("4 条事件晚于"))
    );

    // ── Q2: 幸福里小区 re-confirmed, 和平社区 kept without re-applying,
    // 柳湾村 revoked by the events sheet (confirmed case 5-10), 西城社区
    // revoked by its own new application's case log (confirmed case 6-20,
    // after its award on 3-29). New awards within the quota.
    let q2 = vec![
        card(DONG, "幸福里小区", Compound, d22(6, 28), 97.5, Passed, &[]),
        card(DONG, "东关社区", Community, d22(6, 20), 96.0, Passed, &[]),
        card(
            DONG,
            "锦绣花园小区",
            Compound,
            d22(6, 25),
            95.0,
            Passed,
            &[(d22(3, 21), CaseCategory::Confirmed)],
        ),
        card(
            XI,
            "西城社区",
            Community,
            d22(6, 29),
            94.0,
            Vetoed,
            &[(d22(6, 20), CaseCategory::Confirmed)],
        ),
        card(
            XI,
            "杨家庄自然村",
            NaturalVillage,
            d22(6, 28),
            92.0,
            Passed,
            &[],
        ),
        card(XI, "新华小区", Compound, d22(6, 28), 91.0, Passed, &[]),
    ];
    let (l2, r2) = run(
        dir.path(),
        "2022Q2",
        spec(Some(2), None),
        &q2,
        Some(r1),
        &events,
        Lang::Zh,
    );
    assert_eq!(
        statuses(&l2),
        vec![
            ("幸福里小区", Held),
            ("东关社区", New),
            ("柳湾村", Revoked),
            ("锦绣花园小区", New),
            ("和平社区", Held),
            ("西城社区", Revoked),
            ("康乐小区", NotAwarded),
            ("杨家庄自然村", New),
            ("新华小区", New),
        ]
    );
    let lw = decision(&l2, "柳湾村");
    assert_eq!(lw.revoked_on, Some(d22(5, 10)));
    assert!(
        lw.reason.zh().contains("2022-05-10 新增确诊"),
        "{}",
        lw.reason.zh()
    );
    assert_eq!(lw.title, "无疫村");
    let xc = decision(&l2, "西城社区");
    assert_eq!(xc.revoked_on, Some(d22(6, 20)));
    assert!(
        xc.reason.zh().contains("2022-06-20 确诊病例"),
        "{}",
        xc.reason.zh()
    );
    assert!(decision(&l2, "幸福里小区").reason.zh().contains("复核达标"));
    let hp = decision(&l2, "和平社区");
    assert!(hp.reason.zh().contains("沿用 2022Q1"), "{}", hp.reason.zh());
    assert_eq!(hp.awarded_on, Some(d22(3, 30)));
    assert_eq!(hp.awarded_in, Some(Quarter::parse("2022Q1").unwrap()));
    let revoked: Vec<(&str, Option<NaiveDate>, bool)> = l2
        .revocations
        .iter()
        .map(|r| (r.place.name.as_str(), r.revoked_on, r.reawarded))
        .collect();
    assert_eq!(
        revoked,
        vec![
            ("柳湾村", Some(d22(5, 10)), false),
            ("西城社区", Some(d22(6, 20)), false)
        ]
    );
    assert_eq!((town(&l2, DONG).awarded, town(&l2, XI).awarded), (3, 3));

    // ── Q3, in English: a total quota of three. 东关社区 lost its title on
    // 7-15 (asymptomatic, events sheet) and won it back on 9-26. 西城社区 and
    // 康乐小区 tie on 93.0; 西城社区 was assessed first, 康乐小区 is cut.
    let q3 = vec![
        card(DONG, "柳湾村", Village, d22(9, 20), 96.0, Passed, &[]),
        card(DONG, "东关社区", Community, d22(9, 26), 95.0, Passed, &[]),
        card(
            XI,
            "西城社区",
            Community,
            d22(9, 25),
            93.0,
            Passed,
            &[(d22(6, 20), CaseCategory::Confirmed)],
        ),
        card(XI, "康乐小区", Compound, d22(9, 28), 93.0, Passed, &[]),
    ];
    let (l3, r3) = run(
        dir.path(),
        "2022Q3",
        spec(None, Some(3)),
        &q3,
        Some(r2),
        &events,
        Lang::En,
    );
    assert_eq!(
        statuses(&l3),
        vec![
            ("幸福里小区", Held),
            ("东关社区", New),
            ("柳湾村", New),
            ("锦绣花园小区", Held),
            ("和平社区", Held),
            ("西城社区", New),
            ("康乐小区", NotAwarded),
            ("杨家庄自然村", Held),
            ("新华小区", Held),
        ]
    );
    let kl = decision(&l3, "康乐小区");
    assert!(kl.cut);
    assert!(
        kl.reason.en().contains("total quota") && kl.reason.en().contains("ranked 4"),
        "{}",
        kl.reason.en()
    );
    let dg = decision(&l3, "东关社区");
    assert_eq!(dg.awarded_on, Some(d22(9, 26)));
    assert!(
        dg.note.zh().contains("2022-07-15 摘牌后重新评估授牌"),
        "{}",
        dg.note.zh()
    );
    assert!(
        dg.reason.zh().contains("2022-07-15 新增无症状") && dg.reason.zh().contains("重新授牌"),
        "{}",
        dg.reason.zh()
    );
    assert_eq!(
        l3.revocations
            .iter()
            .map(|r| (r.place.name.as_str(), r.revoked_on, r.reawarded))
            .collect::<Vec<_>>(),
        vec![("东关社区", Some(d22(7, 15)), true)]
    );
    let d = town(&l3, DONG);
    assert_eq!(
        (d.awarded, d.total, d.free, d.target_met),
        (4, 4, true, true)
    );
    let x = town(&l3, XI);
    assert_eq!(
        (x.awarded, x.total, x.free, x.target_met),
        (4, 5, false, false)
    );
    assert!(!l3.coverage.districts[0].free);
    // The English register reads back like the Chinese one (checked in run).
    assert_eq!(r3.entries.iter().filter(|e| e.status.holds()).count(), 8);

    // ── Q4: 康乐小区 completes 西城街道; the district is epidemic-free. The
    // complaint against 幸福里小区 is dated 2023 and waits; the event for
    // "锦秀花园小区" matches no community and is reported, not guessed.
    let q4 = vec![card(
        XI,
        "康乐小区",
        Compound,
        date(2022, 12, 20),
        94.0,
        Passed,
        &[],
    )];
    let (l4, r4) = run(
        dir.path(),
        "2022Q4",
        spec(None, None),
        &q4,
        Some(r3),
        &events,
        Lang::Zh,
    );
    assert_eq!(
        statuses(&l4),
        vec![
            ("幸福里小区", Held),
            ("东关社区", Held),
            ("柳湾村", Held),
            ("锦绣花园小区", Held),
            ("和平社区", Held),
            ("西城社区", Held),
            ("康乐小区", New),
            ("杨家庄自然村", Held),
            ("新华小区", Held),
        ]
    );
    assert!(l4.coverage.towns.iter().all(|t| t.free && t.target_met));
    let dist = &l4.coverage.districts[0];
    assert_eq!(
        (dist.awarded, dist.total, dist.free, dist.target_met),
        (9, 9, true, true)
    );
    let unknown = l4
        .notes
        .iter()
        .find(|n| n.topic == Topic::Events && n.text.zh().contains("锦秀花园小区"))
        .expect("the unmatched event is reported");
    assert!(
        unknown
            .text
            .zh()
            .contains("是否为“城关区 东关街道 锦绣花园小区”"),
        "{}",
        unknown.text.zh()
    );
    assert!(
        l4.notes
            .iter()
            .any(|n| n.text.zh().contains("1 条事件晚于"))
    );
    assert_eq!(r4.entries.iter().filter(|e| e.status.holds()).count(), 9);

    // Q1 of the next year: the complaint (2023-01-05, after its award on
    // 3-28) costs 幸福里小区 its title.
    let (l5, _) = run(
        dir.path(),
        "2023Q1",
        spec(None, None),
        &[],
        Some(r4),
        &events,
        Lang::Zh,
    );
    let xf = decision(&l5, "幸福里小区");
    assert_eq!(xf.status, Revoked);
    assert!(
        xf.reason.zh().contains("投诉查实未整改"),
        "{}",
        xf.reason.zh()
    );
    assert_eq!(l5.count(Held), 8);
}

#[test]
fn the_published_list_is_grouped_and_counted() {
    let cards = [
        card(DONG, "幸福里小区", Compound, d22(3, 28), 98.0, Passed, &[]),
        card(DONG, "柳湾村", Village, d22(3, 27), 97.4, Passed, &[]),
        card(XI, "和平社区", Community, d22(3, 30), 90.0, Passed, &[]),
    ];
    let list = awards::decide(&Inputs {
        quarter: Quarter::parse("2022Q1").unwrap(),
        spec: AwardsSpec::default(),
        applications: cards.iter().map(Application::from_card).collect(),
        register: None,
        roster: None,
        events: Vec::new(),
        notes: Vec::new(),
    });
    assert_eq!(list.coverage.basis, awards::Basis::Applicants);
    let bytes = render::render_xlsx(&list, Lang::Zh).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("l.xlsx");
    std::fs::write(&p, bytes).unwrap();
    let rows = sheet_text(&p, "公示名单");
    assert_eq!(rows[0][0], "2022年第一季度无疫小区（社区、村）名单");
    assert_eq!(
        rows[2][..8],
        [
            "序号",
            "区县",
            "街道(乡镇)",
            "名称",
            "类型",
            "称号",
            "得分",
            "评估日期"
        ]
    );
    assert_eq!(rows[3][0], "城关区（3 个）");
    assert_eq!(rows[4][0], "东关街道（2 个）");
    // No roster: pinyin order (liu before xing), and the sheet says so.
    assert_eq!(
        rows[5][..6],
        ["1", "城关区", "东关街道", "柳湾村", "村", "无疫村"]
    );
    assert_eq!(
        rows[6][..6],
        ["2", "城关区", "东关街道", "幸福里小区", "小区", "无疫小区"]
    );
    assert!(
        rows.iter().flatten().any(|c| c.contains("按名称拼音排序")),
        "{rows:?}"
    );
    assert_eq!(rows[7][0], "西城街道（1 个）");
    assert_eq!(rows[8][3], "和平社区");
    let coverage = sheet_text(&p, "覆盖率");
    assert!(coverage.iter().flatten().any(|c| c.contains("未提供名册")));

    let csv = String::from_utf8(render::render_csv(&list, Lang::Zh).unwrap()).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), 4);
}

/// Every cell of a sheet as text, rows padded to the same width.
fn sheet_text(path: &Path, name: &str) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn old_results_without_case_logs_still_revoke_on_gate_hits() {
    let mut c = card(DONG, "幸福里小区", Compound, d22(6, 28), 97.0, Vetoed, &[]);
    c.gate = Some(wuyi_core::results::GateReport {
        passed: false,
        window_days: 14,
        window_start: d22(6, 15),
        window_end: d22(6, 28),
        hits_zh: vec![
            "涉疫台账!A6 2022-06-21 确诊病例".into(),
            "一户一档!L22 户H00018登记密接 1 人".into(),
        ],
        hits_en: vec![],
        undecided_zh: vec![],
        undecided_en: vec![],
        summary_zh: String::new(),
        summary_en: String::new(),
    });
    let a = Application::from_card(&c);
    assert_eq!(
        a.cases,
        vec![CaseRecord {
            date: d22(6, 21),
            category: CaseCategory::Confirmed,
            location: "涉疫台账!A6".into()
        }]
    );
}

#[test]
fn registers_from_another_quarter_are_refused_or_noted() {
    let q2 = Quarter::parse("2022Q2").unwrap();
    assert!(awards::check_register_quarter(Some(q2), q2).is_err());
    assert!(awards::check_register_quarter(Quarter::parse("2022Q3"), q2).is_err());
    assert_eq!(
        awards::check_register_quarter(Quarter::parse("2022Q1"), q2),
        Ok(None)
    );
    assert!(
        awards::check_register_quarter(Quarter::parse("2021Q4"), q2)
            .unwrap()
            .is_some()
    );
}

/// A city's worth of applications: every name is compared only with the
/// few that could be close, so this stays quick.
#[test]
fn a_city_of_applications() {
    let towns: Vec<String> = (0..60).map(|t| format!("第{t}街道")).collect();
    let cards: Vec<Scorecard> = (0..6000)
        .map(|i| {
            let t = &towns[i % towns.len()];
            let name = format!(
                "{}号{}小区",
                i / 7,
                ["和平", "幸福", "阳光", "锦绣", "康乐", "新华", "东方"][i % 7]
            );
            card(
                t,
                &name,
                Compound,
                d22(3, 1 + (i % 28) as u32),
                60.0 + (i % 40) as f64,
                Passed,
                &[],
            )
        })
        .collect();
    let started = std::time::Instant::now();
    let list = awards::decide(&Inputs {
        quarter: Quarter::parse("2022Q1").unwrap(),
        spec: spec(Some(50), Some(2000)),
        applications: cards.iter().map(Application::from_card).collect(),
        register: None,
        roster: None,
        events: Vec::new(),
        notes: Vec::new(),
    });
    eprintln!("6000 applications decided in {:?}", started.elapsed());
    assert_eq!(list.decisions.len(), 6000);
    assert_eq!(list.count(Status::New), 2000);
    assert_eq!(list.cut(), 4000);
}

/// The rarer turns of a quarter, each with the reason the list gives.
#[test]
fn failed_reassessment_late_case_and_missing_type() {
    let reg_entry = |name: &str, kind| register::RegisterEntry {
        place: awards::matching::Place::new(Some(DISTRICT), Some(DONG), name),
        kind: Some(kind),
        title: "无疫小区".into(),
        status: Status::New,
        reason: Default::default(),
        awarded_on: Some(d22(3, 28)),
        awarded_in: Quarter::parse("2022Q1"),
        assessed_on: Some(d22(3, 28)),
        score: Some(90.0),
        revoked_on: None,
        location: String::new(),
    };
    let register = Register {
        quarter: Quarter::parse("2022Q1"),
        entries: vec![
            reg_entry("幸福里小区", Compound),
            reg_entry("锦绣花园小区", Compound),
        ],
    };
    let mut untyped = card(XI, "新华小区", Compound, d22(6, 10), 88.0, Passed, &[]);
    untyped.kind = None;
    let cards = [
        // A holder re-assessed below the line loses the title.
        card(DONG, "幸福里小区", Compound, d22(6, 20), 55.0, Failed, &[]),
        // A holder whose application cannot be assessed keeps it.
        card(
            DONG,
            "锦绣花园小区",
            Compound,
            d22(6, 21),
            0.0,
            Verdict::Unassessable,
            &[],
        ),
        // Passed on 6-01, then a confirmed case on 6-15: not awarded.
        card(XI, "和平社区", Community, d22(6, 1), 92.0, Passed, &[]),
        untyped,
    ];
    let events = vec![events::Event {
        place: awards::matching::Place::new(Some(DISTRICT), Some(XI), "和平社区"),
        date: d22(6, 15),
        kind: events::EventKind::Confirmed,
        note: String::new(),
        location: "事件!E4".into(),
    }];
    let list = awards::decide(&Inputs {
        quarter: Quarter::parse("2022Q2").unwrap(),
        spec: AwardsSpec::default(),
        applications: cards.iter().map(Application::from_card).collect(),
        register: Some(register),
        roster: None,
        events,
        notes: Vec::new(),
    });
    let xf = decision(&list, "幸福里小区");
    assert_eq!(
        (xf.status, xf.revoked_on),
        (Status::Revoked, Some(d22(6, 20)))
    );
    assert!(
        xf.reason.zh().contains("本季度复核未达标"),
        "{}",
        xf.reason.zh()
    );
    let jx = decision(&list, "锦绣花园小区");
    assert_eq!(jx.status, Status::Held);
    assert!(
        jx.reason.zh().contains("无法评分") && jx.reason.zh().contains("保持原称号"),
        "{}",
        jx.reason.zh()
    );
    assert_eq!(jx.assessed_on, Some(d22(3, 28)));
    let hp = decision(&list, "和平社区");
    assert_eq!(hp.status, Status::NotAwarded);
    assert!(
        hp.reason.zh().contains("但其后 2022-06-15 新增确诊"),
        "{}",
        hp.reason.zh()
    );
    let xh = decision(&list, "新华小区");
    assert_eq!(xh.status, Status::NotAwarded);
    assert!(xh.reason.zh().contains("类型未填写"), "{}", xh.reason.zh());
    assert!(list.notes.iter().any(|n| n.topic == Topic::Unassessable));
    assert_eq!(list.revocations.len(), 1);
}
