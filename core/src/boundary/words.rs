//! The words every face shows for a gate's or a veto's result, so a scorecard, a
//! notebook and a web form say the same thing in both languages.

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
