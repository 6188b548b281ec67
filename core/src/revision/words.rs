//! The words of a ruleset comparison: names of rule items and of their keys, and rule
//! values shown as a revision memo writes them (`≥95得10分；≥90得8分`), in zh and en.

use super::{Change, Impact, RuleChange, RuleItem};
use crate::model::Text;
use serde_json::Value;

impl Impact {
    /// Every impact, in the order changes are listed (the most consequential first).
    pub const ALL: [Self; 4] = [Self::Score, Self::Validity, Self::Report, Self::Wording];

    /// What the impact means, as a section heading.
    pub fn label(self) -> Text {
        match self {
            Self::Score => Text::new("可能改变得分、等级或结果", "Can change scores, grades or outcomes"),
            Self::Validity => Text::new("改变哪些提交有效", "Changes which submissions are valid"),
            Self::Report => {
                Text::new("改变报告中的注记、提示与目标", "Changes notes, warnings and the goal in reports")
            }
            Self::Wording => Text::new("文字、标注与条款引用", "Wording, labels and clause citations"),
        }
    }
}

impl RuleChange {
    /// What changed, as a memo's column names it: the key (第2部分分档 / part 2 bands), with
    /// 新增 / 删除 (added / removed) when the key came or went; for a whole item, 新增 or 删除.
    pub fn what(&self) -> Text {
        let verb = match self.change {
            Change::Added => Some(("新增", "added")),
            Change::Removed => Some(("删除", "removed")),
            Change::Changed => None,
        };
        match (&self.aspect_label, verb) {
            (Some(a), None) => a.clone(),
            (Some(a), Some((zh, en))) => Text::new(format!("{zh}{}", a.zh), format!("{en} {}", a.en)),
            (None, Some((zh, en))) => Text::new(zh, en),
            (None, None) => Text::new("", ""),
        }
    }
}

impl RuleItem {
    /// The item's name in a sentence.
    pub fn label(self) -> Text {
        let (zh, en) = match self {
            Self::Ruleset => ("规则集", "ruleset"),
            Self::Group => ("分组", "group"),
            Self::Field => ("字段", "field"),
            Self::Constraint => ("约束", "constraint"),
            Self::Derived => ("派生值", "derived value"),
            Self::Gate => ("资格条件", "gate"),
            Self::Dimension => ("一级指标", "dimension"),
            Self::Criterion => ("评分项", "criterion"),
            Self::Bonus => ("加分", "bonus"),
            Self::BonusItem => ("加分项", "bonus item"),
            Self::Veto => ("否决项", "veto"),
            Self::Grade => ("等级", "grade"),
            Self::Outcome => ("结果", "outcome"),
            Self::Note => ("注记", "note"),
            Self::Warning => ("提示", "warning"),
            Self::FinalScore => ("最终得分计算", "final-score pipeline"),
            Self::Goal => ("目标", "goal"),
            Self::Clause => ("条款", "clause"),
        };
        Text::new(zh, en)
    }
}

/// The name of a rule-file key in a sentence; `parts[1].bands` → 第2部分 分档 / part 2 bands.
pub(super) fn aspect_label(item: RuleItem, aspect: &str) -> Text {
    // An enum value's title: `values.valves.title`.
    if let Some(code) = aspect.strip_prefix("values.").and_then(|r| r.strip_suffix(".title")) {
        return Text::new(format!("可选值 {code} 的名称"), format!("title of value {code}"));
    }
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    for segment in aspect.split('.') {
        match segment.strip_prefix("parts[").and_then(|r| r.strip_suffix(']')?.parse::<usize>().ok()) {
            Some(i) => {
                zh.push(format!("第{}部分", i + 1));
                en.push(format!("part {}", i + 1));
            }
            None => {
                let (z, e) = key_label(item, segment);
                zh.push(z.to_owned());
                en.push(e.to_owned());
            }
        }
    }
    Text::new(zh.join(""), en.join(" "))
}

fn key_label(item: RuleItem, key: &str) -> (&str, &str) {
    match (item, key) {
        (RuleItem::Criterion | RuleItem::BonusItem, "max") => ("分值", "maximum points"),
        (RuleItem::FinalScore, "max") => ("上限", "upper clamp"),
        (RuleItem::Grade, "min") => ("最低分", "lowest score"),
        (_, "title") => ("标题", "title"),
        (_, "id") => ("编号", "id"),
        (RuleItem::Field | RuleItem::Group, "path") => ("路径", "path"),
        (RuleItem::Field, "actionable") => ("是否可改进", "actionable"),
        (RuleItem::Field, "step") => ("最小变化量", "step"),
        (_, "help") => ("说明", "help"),
        (_, "description") => ("描述", "description"),
        (_, "unit") => ("单位", "unit"),
        (_, "clause") => ("条款", "clauses"),
        (_, "basis") => ("依据", "basis"),
        (_, "version") => ("版本", "version"),
        (_, "source") => ("来源文件", "source document"),
        (_, "effective") => ("有效期", "effective period"),
        (_, "year_field") => ("年度字段", "year field"),
        (_, "subject_fields") => ("对象字段", "subject fields"),
        (_, "type") => ("类型", "type"),
        (_, "required") => ("必填", "required"),
        (_, "min") => ("最小值", "minimum"),
        (_, "max") => ("最大值", "maximum"),
        (_, "max_length") => ("最大长度", "maximum length"),
        (_, "values") => ("可选值", "allowed values"),
        (_, "default") => ("默认值", "default"),
        (RuleItem::Veto, "when") => ("否决条件", "veto condition"),
        (RuleItem::Criterion | RuleItem::BonusItem, "when") => ("适用条件", "applies when"),
        (RuleItem::Derived, "value") => ("表达式", "expression"),
        (_, "when") => ("条件", "condition"),
        (_, "otherwise") => ("条件不满足时的说明", "text when the condition fails"),
        (_, "kind") => ("计分方式", "kind"),
        (_, "points") => ("分数", "points"),
        (_, "value") => ("取值", "value"),
        (_, "bands") => ("分档", "bands"),
        (_, "terms") => ("计数项", "terms"),
        (_, "cap") => ("上限", "cap"),
        (_, "parts") => ("组成部分", "parts"),
        (_, "dimension") => ("所属一级指标", "dimension"),
        (_, "normalise") => ("按适用满分折算", "normalisation"),
        (_, "scale") => ("折算基数", "scale"),
        (_, "rounding") => ("舍入", "rounding"),
        (_, "message") => ("提示文字", "message"),
        (_, "for_each") => ("逐字段检查", "for each field"),
        (_, "path") => ("所指字段", "path"),
        (_, "outcome") => ("计入的结果", "outcome counted"),
        (_, "target") => ("目标数", "target"),
        (_, "statement") => ("表述", "statement"),
        (_, "similar_name_suffixes") => ("近似名称后缀", "similar-name suffixes"),
        (_, "number") => ("编号", "numbering"),
        (_, "unscored") => ("不计分原因", "reason unscored"),
        (_, "order") => ("顺序", "order"),
        (_, "veto_grade") => ("否决时的等级", "grade when vetoed"),
        (_, "format_version") => ("规则格式版本", "format version"),
        (_, key) => (key, key),
    }
}

/// A rule value as a memo shows it, in both languages.
pub(super) fn show(value: Option<&Value>) -> Text {
    Text::new(show_in(value, true), show_in(value, false))
}

fn show_in(value: Option<&Value>, zh: bool) -> String {
    let none = if zh { "（无）" } else { "(none)" };
    let Some(value) = value else { return none.to_owned() };
    match value {
        Value::Null => none.to_owned(),
        Value::Bool(b) => (if zh {
            if *b {
                "是"
            } else {
                "否"
            }
        } else if *b {
            "yes"
        } else {
            "no"
        })
        .to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => none.to_owned(),
        Value::Array(items) => {
            let sep = if zh { "；" } else { "; " };
            let shown: Vec<String> = items.iter().map(|i| show_item(i, zh)).collect();
            let plain = items.iter().all(|i| !i.is_object());
            shown.join(if plain && zh {
                "、"
            } else if plain {
                ", "
            } else {
                sep
            })
        }
        Value::Object(_) => show_item(value, zh),
    }
}

fn show_item(value: &Value, zh: bool) -> String {
    let Value::Object(map) = value else { return show_in(Some(value), zh) };
    let get = |k: &str| map.get(k).filter(|v| !v.is_null());
    if let (Some(Value::String(text_zh)), Some(Value::String(text_en))) = (get("zh"), get("en")) {
        return if zh { text_zh.clone() } else { text_en.clone() };
    }
    if let (Some(at_least), Some(points)) = (get("at_least"), get("points")) {
        let (a, p) = (show_in(Some(at_least), zh), show_in(Some(points), zh));
        return if zh { format!("≥{a}得{p}分") } else { format!("≥{a}: {p}") };
    }
    if let (Some(v), Some(w)) = (get("value"), get("weight")) {
        return format!("{}×{}", show_in(Some(v), zh), show_in(Some(w), zh));
    }
    if let (Some(Value::Number(places)), Some(Value::String(mode))) = (get("places"), get("mode")) {
        let mode = match (mode.as_str(), zh) {
            ("half_away_from_zero", true) => "四舍五入",
            ("half_even", true) => "银行家舍入",
            ("toward_zero", true) => "舍去",
            (other, _) => other,
        };
        return if zh { format!("保留{places}位小数，{mode}") } else { format!("{places} places, {mode}") };
    }
    // An effective period: 2011-05-12 至 2015-09-30（§4.2）, its notice of a year outside it
    // named only where turned off.
    if let (Some(Value::String(from)), Some(Value::String(to))) = (get("from"), get("to")) {
        let mut notes = get("clause").map(|c| show_in(Some(c), zh)).into_iter().collect::<Vec<_>>();
        if get("notice") == Some(&Value::Bool(false)) {
            notes.push((if zh { "不提示期外年份" } else { "no notice of a year outside it" }).to_owned());
        }
        let notes = notes.join(if zh { "，" } else { ", " });
        return match (zh, notes.is_empty()) {
            (true, true) => format!("{from} 至 {to}"),
            (true, false) => format!("{from} 至 {to}（{notes}）"),
            (false, true) => format!("{from} to {to}"),
            (false, false) => format!("{from} to {to} ({notes})"),
        };
    }
    if let Some(Value::String(code)) = get("code") {
        return code.clone();
    }
    // A basis: 依据 GB47 / sourced from GB47, or set by the rules' authors; its note after.
    if let Some(kind) = get("kind").and_then(Value::as_str).filter(|k| ["sourced", "set"].contains(k)) {
        let source = get("source").map(|v| show_in(Some(v), zh)).unwrap_or_default();
        let said = match (kind, zh) {
            ("sourced", true) => format!("依据 {source}"),
            ("sourced", false) => format!("sourced from {source}"),
            (_, true) => "规则制定者设定".to_owned(),
            (_, false) => "set by the rules' authors".to_owned(),
        };
        return match get("note").map(|n| show_in(Some(n), zh)) {
            Some(note) if zh => format!("{said}（{note}）"),
            Some(note) => format!("{said} ({note})"),
            None => said,
        };
    }
    if let Some(Value::String(kind)) = get("kind") {
        return show_part(kind, &get, zh);
    }
    let sep = if zh { "，" } else { ", " };
    map.iter()
        .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
        .map(|(k, v)| format!("{k}={}", show_in(Some(v), zh)))
        .collect::<Vec<_>>()
        .join(sep)
}

/// The change in one sentence: 评分项「C2 产品质量」第1部分分档：≥95得10分 → ≥96得10分.
pub(super) fn sentence(c: &RuleChange) -> Text {
    let item = c.item.label();
    let named_zh = match &c.title {
        Some(t) => format!("{}「{} {}」", item.zh, c.id, t.zh),
        None => format!("{}「{}」", item.zh, c.id),
    };
    let named_en = match &c.title {
        Some(t) => format!("{} {} ({})", item.en, c.id, t.en),
        None => format!("{} {}", item.en, c.id),
    };
    if let Some((was, now)) = c.renamed() {
        let key = c.aspect_label.as_ref().map_or("", |a| a.zh.as_str());
        let (zh, en) = match &c.title {
            Some(t) => (format!("{}「{was} {}」", item.zh, t.zh), format!("{} {was} ({})", item.en, t.en)),
            None => (format!("{}「{was}」", item.zh), format!("{} {was}", item.en)),
        };
        return Text::new(
            format!("{zh}{key}改为 {now}，内容不变"),
            format!("{en} renamed to {now}, its content unchanged"),
        );
    }
    let Some(aspect) = &c.aspect_label else {
        return match c.change {
            Change::Added => {
                Text::new(format!("新增{named_zh}：{}", c.new_text.zh), format!("{named_en} added: {}", c.new_text.en))
            }
            Change::Removed => Text::new(
                format!("删除{named_zh}：{}", c.old_text.zh),
                format!("{named_en} removed: {}", c.old_text.en),
            ),
            Change::Changed => Text::new(named_zh, named_en),
        };
    };
    match c.change {
        Change::Added => Text::new(
            format!("{named_zh}新增{}：{}", aspect.zh, c.new_text.zh),
            format!("{named_en}: {} added: {}", aspect.en, c.new_text.en),
        ),
        Change::Removed => Text::new(
            format!("{named_zh}删除{}：{}", aspect.zh, c.old_text.zh),
            format!("{named_en}: {} removed: {}", aspect.en, c.old_text.en),
        ),
        Change::Changed => Text::new(
            format!("{named_zh}{}：{} → {}", aspect.zh, c.old_text.zh, c.new_text.zh),
            format!("{named_en}: {}: {} → {}", aspect.en, c.old_text.en, c.new_text.en),
        ),
    }
}

/// A criterion's part: 满分：firm.rate_pct == 100 时得5分 / Full: 5 when firm.rate_pct == 100.
fn show_part<'a>(kind: &str, get: &dyn Fn(&str) -> Option<&'a Value>, zh: bool) -> String {
    let text = |k: &str| get(k).map(|v| show_in(Some(v), zh)).unwrap_or_default();
    let label = get("title").map(|l| format!("{}{}", show_in(Some(l), zh), if zh { "：" } else { ": " }));
    let label = label.unwrap_or_default();
    let requires = get("when").map(|r| {
        let r = show_in(Some(r), zh);
        if zh {
            format!("（前提：{r}）")
        } else {
            format!(" (when {r})")
        }
    });
    let requires = requires.unwrap_or_default();
    let body = match (kind, zh) {
        ("flag", true) => format!("{}时得{}分", text("value"), text("points")),
        ("flag", false) => format!("{} when {}", text("points"), text("value")),
        ("bands", _) => format!("{} {}", text("value"), text("bands")),
        (_, true) => format!("{}，上限{}", text("terms"), text("cap")),
        (_, false) => format!("{}, cap {}", text("terms"), text("cap")),
    };
    format!("{label}{body}{requires}")
}

/// What a whole rule item does, for one added or removed: a veto's condition, a grade's
/// lowest score, a criterion's points and parts, a field's type.
pub(super) fn item_text(item: RuleItem, v: &Value) -> Text {
    let get = |k: &str| v.get(k).filter(|x| !x.is_null());
    let both = |k: &str| show(get(k));
    match item {
        RuleItem::Veto | RuleItem::Gate | RuleItem::Note | RuleItem::Warning => both("when"),
        RuleItem::Outcome => match get("when") {
            Some(w) => show(Some(w)),
            None => Text::new("（其余情形）", "(otherwise)"),
        },
        RuleItem::Grade => match get("min") {
            Some(m) => {
                let m = show(Some(m));
                Text::new(format!("≥{}", m.zh), format!("≥{}", m.en))
            }
            None => Text::new("（其余得分）", "(any other score)"),
        },
        RuleItem::Derived => both("value"),
        RuleItem::Constraint => both("when"),
        RuleItem::Field => {
            let kind = get("type").and_then(Value::as_str).unwrap_or_default();
            let known = crate::model::FieldType::ALL.into_iter().find(|t| t.name() == kind);
            let kind_zh = known.map_or(kind, |t| t.word_zh());
            let (required_zh, required_en) = match get("required") {
                Some(Value::Bool(true)) => ("，必填", ", required"),
                _ => ("", ""),
            };
            Text::new(format!("{kind_zh}{required_zh}"), format!("{kind}{required_en}"))
        }
        RuleItem::Criterion | RuleItem::BonusItem => {
            let parts = show(get("parts"));
            match get("max") {
                Some(m) => {
                    let m = show(Some(m));
                    Text::new(format!("分值{}：{}", m.zh, parts.zh), format!("max {}: {}", m.en, parts.en))
                }
                None => parts,
            }
        }
        RuleItem::Clause => both("number"),
        _ => get("title").map_or_else(|| show(Some(v)), |t| show(Some(t))),
    }
}
