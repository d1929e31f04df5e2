//! What is wrong with a rubric file, in words: every [`IssueKind`] a
//! rubric's check finds, and the message that lists them. The issues that
//! belong to one kind of measure are worded in that kind's section of
//! [`measure`](super::measure).

use crate::i18n::Lang;
use wuyi_core::rubric::{Issue, IssueKind, RubricError};

use super::contract::AliasText;
use super::pair;

/// A number in a rubric message: to three decimals, without trailing zeros.
pub(super) fn fmt(x: f64) -> String {
    wuyi_sheets::format_number((x * 1000.0).round() / 1000.0)
}

/// Every issue found in a rubric, under a line naming it.
pub fn rubric_error(e: &RubricError, lang: Lang) -> String {
    let mut out = pair(
        lang,
        format!("评分标准 {} 有 {} 处问题：", e.source, e.issues.len()),
        format!("the rubric {} has {} problems:", e.source, e.issues.len()),
    );
    for i in &e.issues {
        out.push_str("\n  - ");
        out.push_str(&issue(i, lang));
    }
    out
}

/// One issue, with the item it is about.
pub fn issue(i: &Issue, lang: Lang) -> String {
    let text = kind(&i.kind, lang);
    match &i.item {
        Some(id) => pair(
            lang,
            format!("评分项 {id}：{text}"),
            format!("item {id}: {text}"),
        ),
        None => text,
    }
}

fn kind(k: &IssueKind, lang: Lang) -> String {
    match k {
        IssueKind::Unreadable { .. }
        | IssueKind::Toml { .. }
        | IssueKind::PointsDontAddUp { .. }
        | IssueKind::TotalNotPositive
        | IssueKind::PassScoreOutside { .. }
        | IssueKind::NoItems
        | IssueKind::WindowZero
        | IssueKind::GateCategory { .. }
        | IssueKind::CategoryWindowZero { .. }
        | IssueKind::CategoryWindowUnknown { .. }
        | IssueKind::CoverageTarget { .. }
        | IssueKind::TitleType { .. }
        | IssueKind::Alias(_) => whole(k, lang),
        IssueKind::NoId { .. }
        | IssueKind::DuplicateId
        | IssueKind::UnknownSection { .. }
        | IssueKind::PointsNotPositive
        | IssueKind::SelfIdTwice { .. }
        | IssueKind::ProblemsNeedDeduct
        | IssueKind::ThresholdNeedsShare
        | IssueKind::ThresholdAt { .. }
        | IssueKind::StepsNeedShare
        | IssueKind::NoSteps
        | IssueKind::StepsOrder
        | IssueKind::StepShare { .. }
        | IssueKind::StepPoints { .. }
        | IssueKind::DeductPer
        | IssueKind::SelfDeduct
        | IssueKind::UnknownSheet { .. }
        | IssueKind::UnknownColumn { .. }
        | IssueKind::ColumnKind { .. }
        | IssueKind::LeafGrids => item(k, lang),
        IssueKind::FilledNoColumns
        | IssueKind::RangeOrder { .. }
        | IssueKind::DailyDays
        | IssueKind::ProblemCode { .. } => super::measure::issue(k, lang),
    }
}

/// An issue with the rubric as a whole: its file, totals, gate, awards and aliases.
fn whole(k: &IssueKind, lang: Lang) -> String {
    let s = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    match k {
        IssueKind::Unreadable { error: e } => pair(
            lang,
            format!("无法读取：{e}"),
            format!("cannot read it: {e}"),
        ),
        IssueKind::Toml { error: e } => pair(
            lang,
            format!("TOML 格式错误：{e}"),
            format!("not valid TOML: {e}"),
        ),
        IssueKind::PointsDontAddUp { sum, total } => pair(
            lang,
            format!(
                "各项分值合计 {} 分，与总分 total = {} 不符",
                fmt(*sum),
                fmt(*total)
            ),
            format!(
                "the items' points add up to {}, not the stated total {}",
                fmt(*sum),
                fmt(*total)
            ),
        ),
        IssueKind::TotalNotPositive => s("总分 total 必须大于 0", "total must be above 0"),
        IssueKind::PassScoreOutside { pass, total } => pair(
            lang,
            format!(
                "及格线 pass_score = {} 应在 0 到总分 {} 之间",
                fmt(*pass),
                fmt(*total)
            ),
            format!(
                "pass_score = {} must be between 0 and the total {}",
                fmt(*pass),
                fmt(*total)
            ),
        ),
        IssueKind::NoItems => s("没有任何评分项", "the rubric has no items"),
        IssueKind::WindowZero => s(
            "gate.window_days 必须至少为 1 天",
            "gate.window_days must be at least 1",
        ),
        IssueKind::GateCategory { category: c } => pair(
            lang,
            format!("gate.categories 中的“{c}”不是涉疫台账的类别"),
            format!("gate.categories: \"{c}\" is not a case-log category"),
        ),
        IssueKind::CategoryWindowZero { category: c } => pair(
            lang,
            format!("gate.category_windows 中“{c}”的天数必须至少为 1"),
            format!("gate.category_windows: \"{c}\" needs at least 1 day"),
        ),
        IssueKind::CategoryWindowUnknown { category: c } => pair(
            lang,
            format!("gate.category_windows 中的“{c}”不是涉疫台账的类别"),
            format!("gate.category_windows: \"{c}\" is not a case-log category"),
        ),
        IssueKind::CoverageTarget { value } => pair(
            lang,
            format!("awards.coverage_target = {value} 应在 0 到 1 之间（如 0.9 表示 90%）"),
            format!("awards.coverage_target = {value} must be between 0 and 1 (0.9 means 90%)"),
        ),
        IssueKind::TitleType { kind: t } => pair(
            lang,
            format!("awards.titles 中的“{t}”不是申报类型（小区、社区、村、自然村、单位）"),
            format!(
                "awards.titles: \"{t}\" is not a community type (小区, 社区, 村, 自然村, 单位)"
            ),
        ),
        IssueKind::Alias(a) => a.message(lang),
        // The other kinds are worded by the other group.
        _ => String::new(),
    }
}

/// An issue with one item: its id, section, points, measure or scoring.
fn item(k: &IssueKind, lang: Lang) -> String {
    let s = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    match k {
        IssueKind::NoId { name } => pair(
            lang,
            format!("评分项“{name}”没有编号 id"),
            format!("item \"{name}\" has no id"),
        ),
        IssueKind::DuplicateId => s("编号重复", "the id is used twice"),
        IssueKind::UnknownSection { section } => pair(
            lang,
            format!("所属部分 section = \"{section}\" 未在 [[sections]] 中定义"),
            format!("section \"{section}\" is not defined in [[sections]]"),
        ),
        IssueKind::PointsNotPositive => s("分值 points 必须大于 0", "points must be above 0"),
        IssueKind::SelfIdTwice { item } => pair(
            lang,
            format!("自评表编号“{item}”被多个评分项使用"),
            format!("self-assessment id \"{item}\" is used by more than one item"),
        ),
        IssueKind::ProblemsNeedDeduct => s(
            "problems 计的是差错处数，应使用 deduct（每处扣分）计分",
            "a problems measure counts findings; score it with deduct",
        ),
        IssueKind::ThresholdNeedsShare => s(
            "threshold 计分只适用于比例类度量",
            "threshold scoring needs a measure that gives a share",
        ),
        IssueKind::ThresholdAt { at } => pair(
            lang,
            format!("threshold 的 at = {at} 应在 0 到 1 之间"),
            format!("threshold at = {at} must be between 0 and 1"),
        ),
        IssueKind::StepsNeedShare => s(
            "steps 计分只适用于比例类度量",
            "steps scoring needs a measure that gives a share",
        ),
        IssueKind::NoSteps => s("steps 至少要有一档", "steps needs at least one step"),
        IssueKind::StepsOrder => s(
            "steps 应按比例从高到低排列，得分不增",
            "steps must go from the highest share down, with points not increasing",
        ),
        IssueKind::StepShare { share } => pair(
            lang,
            format!("steps 中的比例 {share} 应在 0 到 1 之间"),
            format!("step share {share} must be between 0 and 1"),
        ),
        IssueKind::StepPoints { points, max } => pair(
            lang,
            format!("steps 中的得分 {} 超出本项分值 {}", fmt(*points), fmt(*max)),
            format!(
                "step points {} are outside the item's {} points",
                fmt(*points),
                fmt(*max)
            ),
        ),
        IssueKind::DeductPer => s(
            "deduct 的 per（每处扣分）必须大于 0",
            "deduct per must be above 0",
        ),
        IssueKind::SelfDeduct => s(
            "自评项不能使用 deduct 计分",
            "a self-assessed item cannot use deduct",
        ),
        IssueKind::UnknownSheet { sheet: name } => pair(
            lang,
            format!(
                "工作表“{name}”不在台账规范中（应为 网格台账、一户一档、涉疫台账、消杀记录 或 自评表）"
            ),
            format!(
                "sheet \"{name}\" is not in the ledger contract (Grids, Households, Cases, Disinfection or SelfAssessment)"
            ),
        ),
        IssueKind::UnknownColumn {
            sheet,
            column: name,
        } => pair(
            lang,
            format!("工作表“{sheet}”没有列“{name}”"),
            format!("sheet \"{sheet}\" has no column \"{name}\""),
        ),
        IssueKind::ColumnKind { column } => pair(
            lang,
            format!("列“{column}”的类型不适用于这种度量"),
            format!("column \"{column}\" has the wrong kind of value for this measure"),
        ),
        IssueKind::LeafGrids => s(
            "only_leaf_grids 只能用于网格台账",
            "only_leaf_grids applies to the grid ledger only",
        ),
        // The other kinds are worded by the other group.
        _ => String::new(),
    }
}
