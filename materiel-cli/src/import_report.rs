//! The import reports as the command prints them: by default a summary (the counts, the
//! names a variant rule moved, the unresolved names with the most units), and with
//! `--list-names` every name with the platform it resolved to and every unresolved name.

/// Unresolved names shown without `--list-names`.
const TOP_UNRESOLVED: usize = 10;

/// `report` (a library import report, one line each, mapping lines indented by four spaces
/// under the `designations`/`systems` line, unresolved names under the `unresolved` line)
/// abridged unless `list_names`.
pub(crate) fn abridge(report: &str, list_names: bool) -> String {
    if list_names {
        return report.to_owned();
    }
    #[derive(PartialEq)]
    enum Section {
        Other,
        Resolved,
        Unresolved,
    }
    let mut out = String::new();
    let mut section = Section::Other;
    let (mut resolved, mut unresolved_shown, mut unresolved_left) = (0_usize, 0_usize, 0_usize);
    let close = |out: &mut String, section: &Section, resolved: usize, left: usize| match section {
        Section::Resolved if resolved > 0 => out.push_str(&format!(
            "    ({resolved} more names resolved to catalog platforms; --list-names lists \
                 each)\n"
        )),
        Section::Unresolved if left > 0 => out.push_str(&format!(
            "    (and {left} more names; --list-names lists every one)\n"
        )),
        _ => {}
    };
    for line in report.lines() {
        if let Some(item) = line.strip_prefix("    ") {
            match section {
                // A name a variant rule moved stays: it says where rows went.
                Section::Resolved if !item.contains(" by variant rule: ") => {
                    resolved += 1;
                    continue;
                }
                Section::Unresolved if unresolved_shown >= TOP_UNRESOLVED => {
                    unresolved_left += 1;
                    continue;
                }
                Section::Unresolved => unresolved_shown += 1,
                _ => {}
            }
            out.push_str(line);
            out.push('\n');
            continue;
        }
        close(&mut out, &section, resolved, unresolved_left);
        section = if line.starts_with("  designations ") || line.starts_with("  systems ") {
            Section::Resolved
        } else if line.starts_with("  unresolved ") {
            Section::Unresolved
        } else {
            Section::Other
        };
        if section == Section::Unresolved {
            let ranked = line.replacen(
                " names the catalog does not know, by ",
                " names the catalog does not know; the most by ",
                1,
            );
            out.push_str(&ranked);
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    close(&mut out, &section, resolved, unresolved_left);
    out
}

#[cfg(test)]
mod tests {
    use super::abridge;

    const REPORT: &str = "\
SIPRI
  designations       3 rows matched
    A -> a
    B -> b (3 rows -> b2 by variant rule: recipient VEN)
    C -> c
  unresolved         12 names the catalog does not know, by delivered:
       12 delivered,  1 rows  N1  (radar)
       11 delivered,  1 rows  N2  (radar)
       10 delivered,  1 rows  N3  (radar)
        9 delivered,  1 rows  N4  (radar)
        8 delivered,  1 rows  N5  (radar)
        7 delivered,  1 rows  N6  (radar)
        6 delivered,  1 rows  N7  (radar)
        5 delivered,  1 rows  N8  (radar)
        4 delivered,  1 rows  N9  (radar)
        3 delivered,  1 rows  N10  (radar)
        2 delivered,  1 rows  N11  (radar)
        1 delivered,  1 rows  N12  (radar)
  rejected: line 9
";

    #[test]
    fn the_summary_keeps_counts_variant_moves_and_the_top_unresolved() {
        let short = abridge(REPORT, false);
        assert!(!short.contains("A -> a"), "{short}");
        assert!(short.contains("    B -> b (3 rows"), "{short}");
        assert!(
            short.contains("(2 more names resolved to catalog platforms"),
            "{short}"
        );
        assert!(short.contains("12 names the catalog does not know; the most by delivered:"));
        assert!(
            short.contains("N10  (radar)") && !short.contains("N11"),
            "{short}"
        );
        assert!(short.contains("(and 2 more names; --list-names"), "{short}");
        assert!(short.ends_with("  rejected: line 9\n"), "{short}");
        assert_eq!(abridge(REPORT, true), REPORT);
    }
}
