//! Checking the final-score pipeline: a scale, a cap and a rounding that give every
//! submission a score in the range the grades read.

use super::build::Builder;
use super::diagnostic::RulePath;
use super::*;
use crate::model::Pipeline;
use rust_decimal::Decimal;

impl Builder<'_> {
    /// Errors of `pipeline`: a scale or cap of zero or below would score every submission
    /// 0 or below (full marks `-100.0`), and more than 10 rounding places are no score a
    /// form shows.
    pub(super) fn pipeline(&mut self, pipeline: &Pipeline) {
        let at = RulePath::default().key("pipeline");
        if pipeline.normalise && pipeline.scale <= Decimal::ZERO {
            let scale = pipeline.scale;
            self.error(
                &at.key("scale"),
                DiagnosticCode::OutOfRange,
                format!("`scale = {scale}`：换算后满分须大于 0，否则每份申报都得 {scale} 分或更低"),
                format!("`scale = {scale}`: the scale must be above 0, or every submission scores {scale} or less"),
            );
        }
        if let Some(max) = pipeline.max.filter(|m| *m <= Decimal::ZERO) {
            self.error(
                &at.key("max"),
                DiagnosticCode::OutOfRange,
                format!("`max = {max}`：最终得分上限须大于 0，否则满分也只得 {max} 分"),
                format!("`max = {max}`: the final score's cap must be above 0, or full marks score {max}"),
            );
        }
        if pipeline.rounding.places > 10 {
            self.error(
                &at.key("rounding").key("places"),
                DiagnosticCode::OutOfRange,
                "最终得分最多保留 10 位小数",
                "round to at most 10 places",
            );
        }
    }
}
