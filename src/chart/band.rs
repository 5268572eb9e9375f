//! The range the sources allow a count, drawn as a band behind a step chart's lines, where
//! sources disagree (an assessment that claims contradict): the line alone would print one
//! source's figure as the only one.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::Frame;
use super::svg::{BASE, Scale, days};

/// The colour of the band (a light blue-grey, under every palette colour).
pub(super) const BAND: &str = "#9ecae1";

impl Frame {
    /// The range the sources allow the count a chart draws, step by step: from each date,
    /// `lower..=upper` (`None`: no upper limit) until the next date (the last until the end of
    /// the axis). A step whose range is one figure draws nothing. Drawn as a shaded band behind the lines (class `range`, with `data-from`,
    /// `data-lower`, `data-upper`; empty for no limit), named in the legend; the y axis
    /// reaches its upper bounds. [`timeline_svg`](super::timeline_svg) then says, in its
    /// caption, that the line is one reckoning among the figures the sources give.
    ///
    /// ```
    /// use materiel::chart::{Frame, Series, steps_svg};
    /// use materiel::jiff::civil::date;
    ///
    /// let frame = Frame::new("Fighters (illustrative)", "counts to 2025-12-31", date(2025, 12, 31))
    ///     .range_band([(date(2025, 11, 1), 21, Some(24))]);
    /// let line = Series::new("held").step(date(2015, 1, 1), 21).step(date(2025, 11, 1), 24);
    /// let svg = steps_svg(&frame, "aircraft", &[line]);
    /// assert!(svg.contains(r#"class="range" data-from="2025-11-01" data-lower="21" data-upper="24""#));
    /// ```
    #[must_use]
    pub fn range_band(mut self, steps: impl IntoIterator<Item = (Date, u64, Option<u64>)>) -> Self {
        self.band.extend(steps);
        self.band.sort_by_key(|s| s.0);
        self
    }

    /// The highest figure the band reaches (its upper bounds, or its lower where there is no
    /// limit).
    pub(super) fn band_top(&self) -> u64 {
        self.band
            .iter()
            .map(|(_, lower, upper)| upper.unwrap_or(*lower))
            .max()
            .unwrap_or(0)
    }

    /// The caption's words for the band, if there is one: its last range.
    pub(super) fn band_note(&self) -> Option<String> {
        let (date, lower, upper) = self.band.last()?;
        let range = match upper {
            Some(u) if u == lower => format!("{lower}"),
            Some(u) => format!("{lower} to {u}"),
            None => format!("at least {lower} (no upper limit)"),
        };
        Some(format!(
            "Sources disagree: the shaded band is the range their figures allow (from {date}: \
             {range}); the line is the count as the ledger reckons it (the latest assessment, \
             then the flows since), not the only figure."
        ))
    }
}

/// Draws the band of `frame` on `scale`, clipped to the axis.
pub(super) fn draw(s: &mut String, frame: &Frame, scale: &Scale) {
    for (i, (date, lower, upper)) in frame.band.iter().enumerate() {
        let a = days(*date).clamp(scale.x0, scale.x1);
        let b = frame
            .band
            .get(i + 1)
            .map_or(scale.x1, |n| days(n.0).clamp(scale.x0, scale.x1));
        if a >= b || *upper == Some(*lower) {
            continue;
        }
        let (xa, xb) = (scale.x(a), scale.x(b));
        let top = upper.map_or(scale.y(scale.y_max), |u| scale.y(u));
        let bottom = scale.y(*lower).min(BASE);
        let upper_text = upper.map(|u| u.to_string()).unwrap_or_default();
        let _ = writeln!(
            s,
            r#"<rect class="range" data-from="{date}" data-lower="{lower}" data-upper="{upper_text}" x="{xa:.1}" y="{top:.1}" width="{w:.1}" height="{h:.1}" fill="{BAND}" fill-opacity="0.5"/>"#,
            w = xb - xa,
            h = (bottom - top).max(1.0)
        );
    }
}
