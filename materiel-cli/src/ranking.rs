//! `--sort units|tiv` and `--top N` (`deliveries`, `transfers`): rows ranked by size, the
//! largest first, and the N largest kept with one `all others` row summing the rest, so a
//! ranked answer's totals are the unranked answer's.

use clap::{Args, ValueEnum};

/// What rows are ranked by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SortArg {
    /// Units delivered.
    Units,
    /// SIPRI TIV (millions).
    Tiv,
}

impl SortArg {
    /// The option's value, for headings.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Units => "units",
            Self::Tiv => "TIV",
        }
    }
}

/// `--sort`, `--top`.
#[derive(Clone, Debug, Args)]
#[command(next_help_heading = "Ranking")]
pub(crate) struct RankArgs {
    /// Rows by MEASURE, largest first; rows of the same size keep the default order (by
    /// name). Without --sort or --top, rows keep the default order.
    #[arg(long, value_enum, value_name = "MEASURE")]
    pub(crate) sort: Option<SortArg>,
    /// Only the N largest rows (by --sort; by TIV when --sort is not given), then one
    /// `all others` row summing every other row, so the heading's totals and the column sums
    /// stay those of the whole answer.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) top: Option<u64>,
}

impl RankArgs {
    /// The measure rows are ranked by, if any.
    pub(crate) fn measure(&self) -> Option<SortArg> {
        self.sort.or(self.top.is_some().then_some(SortArg::Tiv))
    }

    /// Ranks `rows` (in the default order) by `size` (units, TIV) of the measure, largest
    /// first, stably (ties keep the default order); with `--top`, returns the rows past the
    /// N largest, taken out of `rows` (empty when there are none).
    pub(crate) fn rank<T>(&self, rows: &mut Vec<T>, size: impl Fn(&T, SortArg) -> u64) -> Vec<T> {
        let Some(measure) = self.measure() else {
            return Vec::new();
        };
        rows.sort_by_key(|r| std::cmp::Reverse(size(r, measure)));
        match self.top {
            Some(n) if (n as usize) < rows.len() => rows.split_off(n as usize),
            _ => Vec::new(),
        }
    }

    /// The heading's words for the ranking: `, the 10 largest by TIV`, or empty.
    pub(crate) fn suffix(&self) -> String {
        match (self.measure(), self.top) {
            (Some(m), Some(n)) => format!(", the {n} largest by {} and all others", m.name()),
            (Some(m), None) => format!(", largest {} first", m.name()),
            (None, _) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(sort: Option<SortArg>, top: Option<u64>) -> RankArgs {
        RankArgs { sort, top }
    }

    #[test]
    fn ranks_largest_first_ties_in_the_default_order_and_keeps_the_rest() {
        // (name, units, tiv) in the default order.
        let rows = vec![("a", 5, 1), ("b", 9, 3), ("c", 5, 7), ("d", 1, 2)];
        let size = |r: &(&str, u64, u64), m: SortArg| match m {
            SortArg::Units => r.1,
            SortArg::Tiv => r.2,
        };
        let mut by_units = rows.clone();
        assert!(
            args(Some(SortArg::Units), None)
                .rank(&mut by_units, size)
                .is_empty()
        );
        let names: Vec<_> = by_units.iter().map(|r| r.0).collect();
        assert_eq!(names, ["b", "a", "c", "d"]);
        // --top without --sort ranks by TIV.
        let mut top = rows.clone();
        let rest = args(None, Some(2)).rank(&mut top, size);
        assert_eq!(top.iter().map(|r| r.0).collect::<Vec<_>>(), ["c", "b"]);
        assert_eq!(rest.iter().map(|r| r.0).collect::<Vec<_>>(), ["d", "a"]);
        // No ranking: the default order, nothing taken.
        let mut same = rows.clone();
        assert!(args(None, None).rank(&mut same, size).is_empty());
        assert_eq!(same, rows);
        // --top larger than the answer: nothing taken.
        let mut all = rows.clone();
        assert!(args(None, Some(10)).rank(&mut all, size).is_empty());
    }
}
