//! A loss list's listing days on a chart: the gaps in them and the first listing's backlog,
//! so that a chart of what was listed per month does not print a scraper's pause as a
//! collapse in losses and its catch-up as a spike.

use jiff::civil::Date;

use super::Frame;
use super::svg::days;

/// The shortest gap in a loss list's listing days that a chart marks: a next listing day
/// 14 days or more after the one before it (Oryx's lists as scraped pause for 14 to 36 days
/// in six places, such as 2024-03-03 to 2024-04-08; between them a list is written to most
/// days).
///
/// # Example
///
/// ```
/// use materiel::chart::LISTING_GAP_DAYS;
///
/// // 2024-03-03 to 2024-04-08, a pause in Oryx's lists as scraped, is marked.
/// let from = jiff::civil::date(2024, 3, 3);
/// let until = jiff::civil::date(2024, 4, 8);
/// assert!(i64::from(from.until(until)?.get_days()) >= LISTING_GAP_DAYS);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const LISTING_GAP_DAYS: i64 = 14;

impl Frame {
    /// The days a loss list was written to (its listing days, in any order, repeats
    /// allowed), for a chart of what was listed per period: wherever the next listing day is
    /// [`LISTING_GAP_DAYS`] or more after the one before, the chart shades the days between
    /// (class `listing-gap`, with `data-from`, the last listing day before, and `data-until`,
    /// the next), draws the bars of the months the gap touches hatched and lighter
    /// (`data-gap="true"`), and lists the gap in a note: those bars count what was listed, not
    /// what was lost. Pass the listing days of the whole list, not only of the entries drawn:
    /// a category listed rarely has quiet spells that are not gaps in the list.
    ///
    /// ```
    /// use materiel::chart::{Frame, monthly_svg};
    /// use materiel::jiff::civil::date;
    ///
    /// let listed = [date(2024, 2, 28), date(2024, 3, 3), date(2024, 4, 8), date(2024, 4, 9)];
    /// let frame = Frame::new("Losses (illustrative)", "as known at 2024-04-10T00:00:00Z", date(2024, 4, 30))
    ///     .listing_days(listed);
    /// let months = [(date(2024, 2, 1), 900), (date(2024, 3, 1), 66), (date(2024, 4, 1), 1147)];
    /// let svg = monthly_svg(&frame, "units listed per month", &months);
    /// assert!(svg.contains(r#"<g class="listing-gap" data-from="2024-03-03" data-until="2024-04-08""#));
    /// assert!(svg.contains(r#"data-month="2024-03-01" data-units="66" data-gap="true""#));
    /// assert!(svg.contains("no listing between 2024-03-03 and 2024-04-08 (36 days)."));
    /// ```
    #[must_use]
    pub fn listing_days(mut self, listed: impl IntoIterator<Item = Date>) -> Self {
        let mut listed: Vec<Date> = listed.into_iter().collect();
        listed.sort_unstable();
        listed.dedup();
        self.gaps = listed
            .windows(2)
            .filter(|w| days(w[1]) - days(w[0]) >= LISTING_GAP_DAYS)
            .map(|w| (w[0], w[1]))
            .collect();
        self
    }

    /// The list's first listing day, `first`, holds every loss since `since` (Oryx's first
    /// scrape, 2022-03-19, lists the losses since 2022-02-24): on a chart whose axis reaches
    /// `first`, the days from `since` to it are shaded (class `backlog`), the bars of the
    /// months they touch are drawn as a gap's are, and a note says so.
    ///
    /// ```
    /// use materiel::chart::{Frame, monthly_svg};
    /// use materiel::jiff::civil::date;
    ///
    /// let frame = Frame::new("Losses (illustrative)", "as known at 2022-06-01T00:00:00Z", date(2022, 5, 31))
    ///     .first_listing(date(2022, 2, 24), date(2022, 3, 19));
    /// let svg = monthly_svg(&frame, "units listed per month", &[(date(2022, 3, 1), 370), (date(2022, 4, 1), 90)]);
    /// assert!(svg.contains(r#"<g class="backlog" data-from="2022-02-24" data-until="2022-03-19""#));
    /// assert!(svg.contains(r#"data-month="2022-03-01" data-units="370" data-gap="true""#));
    /// ```
    #[must_use]
    pub fn first_listing(mut self, since: Date, first: Date) -> Self {
        self.backlog = Some((since.min(first), first));
        self
    }

    /// The spans of days a chart from `x0` to `x1` (days) marks as listing gaps or backlog:
    /// `(class, from, until, first day shaded, day after the last shaded)`, clipped to the
    /// axis; a span wholly off the axis is left out.
    pub(super) fn listing_spans(
        &self,
        x0: i64,
        x1: i64,
    ) -> Vec<(&'static str, Date, Date, i64, i64)> {
        let backlog = self
            .backlog
            .map(|(since, first)| ("backlog", since, first, days(since), days(first)));
        let gaps = self
            .gaps
            .iter()
            .map(|&(a, b)| ("listing-gap", a, b, days(a) + 1, days(b)));
        backlog
            .into_iter()
            .chain(gaps)
            .filter(|&(.., from, until)| from <= x1 && until >= x0)
            .map(|(class, a, b, from, until)| (class, a, b, from.max(x0), until.min(x1)))
            .collect()
    }

    /// Whether the month starting `month` (and ending the day before `next`, in days) is
    /// touched by a listing gap or the first listing's backlog on an axis `x0..=x1`: some day
    /// of it lies after a gap's last listing day up to the next listing day (or from the
    /// backlog's start up to the first listing day).
    pub(super) fn month_in_gap(&self, x0: i64, x1: i64, month: i64, next: i64) -> bool {
        self.listing_spans(x0, x1).iter().any(|&(class, a, b, ..)| {
            let from = if class == "backlog" {
                days(a)
            } else {
                days(a) + 1
            };
            from < next && month <= days(b)
        })
    }

    /// The note under a chart that marks listing gaps or a backlog on an axis `x0..=x1`, if
    /// any touches it.
    pub(super) fn listing_note(&self, x0: i64, x1: i64) -> Option<String> {
        let spans = self.listing_spans(x0, x1);
        if spans.is_empty() {
            return None;
        }
        let mut parts = Vec::new();
        let mut gaps = Vec::new();
        for (class, a, b, ..) in &spans {
            if *class == "backlog" {
                parts.push(format!(
                    "the first listing, on {b}, holds every loss since {a}"
                ));
            } else {
                gaps.push(format!("{a} and {b} ({} days)", days(*b) - days(*a)));
            }
        }
        if !gaps.is_empty() {
            parts.push(format!("no listing between {}", gaps.join(", ")));
        }
        Some(format!(
            "Hatched, lighter bars and shaded days: the list was not written to for {LISTING_GAP_DAYS} \
             days or more, or its first listing holds the weeks before it, so those months' bars \
             count what was listed, not what was lost: {}.",
            parts.join("; ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn gaps_are_fourteen_days_or_more_between_listing_days() {
        let frame = Frame::new("t", "v", date(2025, 1, 1)).listing_days([
            date(2022, 6, 26),
            date(2022, 6, 12),
            date(2022, 6, 12),
            date(2022, 7, 9),
            date(2022, 7, 22),
        ]);
        assert_eq!(frame.gaps, [(date(2022, 6, 12), date(2022, 6, 26))]);
        let x0 = days(date(2022, 6, 1));
        let x1 = days(date(2022, 8, 31));
        assert!(frame.month_in_gap(x0, x1, x0, days(date(2022, 7, 1))));
        assert!(!frame.month_in_gap(x0, x1, days(date(2022, 7, 1)), days(date(2022, 8, 1))));
        // A gap off the axis is not marked.
        let late = days(date(2023, 1, 1));
        assert!(frame.listing_spans(late, late + 100).is_empty());
        assert_eq!(frame.listing_note(late, late + 100), None);
    }
}
