//! The words every face shows for a result (a gate's or veto's verdict, a basis, points
//! that do not count, advice's state, a refused submission), so a scorecard, a notebook and a
//! web form say the same thing in both languages.

use crate::model::Text;
use serde::Serialize;

/// What a gate (资格条件) or a veto (一票否决) came to, in a report or in score bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A gate whose condition holds.
    Passed,
    /// A gate whose condition does not hold, or cannot be told (missing evidence counts
    /// as not met).
    Failed,
    /// A veto whose condition holds: the submission is vetoed.
    Fired,
    /// A veto whose condition does not hold.
    NotFired,
    /// Score bounds only: the fields still open decide it.
    Open,
}

impl Verdict {
    /// Every verdict, in the order above.
    pub const ALL: [Verdict; 5] = [Self::Passed, Self::Failed, Self::Fired, Self::NotFired, Self::Open];

    /// A gate's verdict from a report's `passed` (`None`, not told, counts as failed).
    pub fn of_gate(passed: Option<bool>) -> Self {
        if passed == Some(true) {
            Self::Passed
        } else {
            Self::Failed
        }
    }

    /// A veto's verdict from a report's `fired` (`None`, not told, is not a veto).
    pub fn of_veto(fired: Option<bool>) -> Self {
        if fired == Some(true) {
            Self::Fired
        } else {
            Self::NotFired
        }
    }

    /// A gate's (`gate`) or veto's verdict in score bounds: settled either way, or open.
    pub fn of_settled(holds: crate::Settled, gate: bool) -> Self {
        match (holds, gate) {
            (crate::Settled::Yes, true) => Self::Passed,
            (crate::Settled::No, true) => Self::Failed,
            (crate::Settled::Yes, false) => Self::Fired,
            (crate::Settled::No, false) => Self::NotFired,
            (crate::Settled::Open, _) => Self::Open,
        }
    }

    /// The word in both languages: 符合 / 不符合 for gates, 是（一票否决）/ 否 for vetoes.
    pub fn word(self) -> Text {
        let (zh, en) = match self {
            Self::Passed => ("符合", "passed"),
            Self::Failed => ("不符合", "failed"),
            Self::Fired => ("是（一票否决）", "fired"),
            Self::NotFired => ("否", "not fired"),
            Self::Open => ("待定", "open"),
        };
        Text::new(zh, en)
    }

    /// Whether the verdict goes against the submission (shown in red).
    pub fn is_adverse(self) -> bool {
        matches!(self, Self::Failed | Self::Fired)
    }
}

impl crate::model::Basis {
    /// A rule's basis as a scorecard prints it: `有据：GB47（…）` / `sourced: GB47 (…)`, or
    /// `设定` / `set`, with the note on which numbers it covers.
    pub fn text(&self) -> Text {
        use crate::model::BasisKind;
        let (zh, en) = match self.kind {
            BasisKind::Sourced => ("有据", "sourced"),
            BasisKind::Set => ("设定", "set"),
        };
        let (mut zh, mut en) = match &self.source {
            Some(src) => (format!("{zh}：{src}"), format!("{en}: {src}")),
            None => (zh.to_owned(), en.to_owned()),
        };
        if let Some(note) = &self.note {
            zh.push_str(&format!("（{}）", note.zh));
            en.push_str(&format!(" ({})", note.en));
        }
        Text::new(zh, en)
    }
}

impl crate::CriterionResult {
    /// The points a scorecard shows: none when the criterion does not apply (合理缺项), so
    /// that an empty cell (`-/10` in a scorecard) is not read as 0 points.
    pub fn shown_points(&self) -> Option<&str> {
        self.applicable.then_some(self.points.as_str())
    }
}

impl crate::Settled {
    /// Whether a criterion applies, in words (score bounds): 适用 / applies, 不适用 / does not
    /// apply, 是否适用待定 / may not apply.
    pub fn applies_word(self) -> Text {
        match self {
            Self::Yes => Text::new("适用", "applies"),
            Self::No => Text::new("不适用", "does not apply"),
            Self::Open => Text::new("是否适用待定", "may not apply"),
        }
    }
}

impl crate::Advice {
    /// Where the target stands: 已达到 / reached, 可达到 / within reach, 无法达到 / out of reach.
    pub fn state_word(&self) -> Text {
        if self.reached {
            Text::new("已达到", "reached")
        } else if self.reachable {
            Text::new("可达到", "within reach")
        } else {
            Text::new("无法达到", "out of reach")
        }
    }

    /// The heading over the vetoes and gates in the way (`blocked_by`).
    pub fn blocked_heading() -> Text {
        Text::new("受以下事项阻碍（无法通过修改填报内容改变）", "Blocked by (no change to the entries can lift it)")
    }

    /// The heading over the advice for the best target within reach (`best`), when there is one.
    pub fn best_heading(&self) -> Option<Text> {
        let best = self.best.as_ref()?;
        Some(Text::new(format!("可达到的最好目标：{}", best.target), format!("Best reachable target: {}", best.target)))
    }
}

impl crate::Failure {
    /// The title over a refused submission's errors.
    pub fn title() -> Text {
        Text::new("提交内容无效，未予评分", "Invalid submission: not scored")
    }

    /// What a row of a table of answers shows for a refused submission.
    pub fn word() -> Text {
        Text::new("无效", "invalid")
    }
}
