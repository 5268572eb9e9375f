//! Reading the SVG charts back (`materiel::chart`, the command line's `--svg`, the examples):
//! well-formed, an attribute of a tag, the x ticks, and the checks every chart passes. Shared
//! by the library's tests (`tests/support/mod.rs`) and the command line's
//! (`materiel-cli/tests/it/support.rs`, through `#[path]`).

use materiel::jiff::civil::Date;

/// The value of attribute `name` in the start tag `tag`.
pub(crate) fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// Checks that `svg` is well-formed enough: an XML declaration, then elements that open and
/// close in order under one `<svg>` root, quoted attributes, known entities. Returns the start
/// tags.
pub(crate) fn svg_tags(svg: &str) -> Vec<String> {
    let body = svg
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("an XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut tags = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(!text.contains('>'), "{text}");
        for (at, _) in text.match_indices('&') {
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| text[at..].starts_with(e)),
                "{text}"
            );
        }
        let close = rest[open..].find('>').expect("a closed tag") + open;
        let tag = &rest[open + 1..close];
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else {
            let name = tag.split_whitespace().next().unwrap().trim_end_matches('/');
            if stack.is_empty() {
                assert!(tags.is_empty() && name == "svg", "one <svg> root: {tag}");
            }
            if !tag.ends_with('/') {
                stack.push(name.to_owned());
            }
            tags.push(tag.to_owned());
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(rest.trim(), "");
    tags
}

/// A chart's x ticks: (x, label, the date the tick marks).
pub(crate) fn x_ticks(svg: &str) -> Vec<(f64, String, Date)> {
    svg.lines()
        .filter_map(|line| {
            let tag = &line[line.find("<text class=\"tick\"")?..];
            let label = &tag[tag.find('>')? + 1..tag.find("</text>")?];
            Some((
                attr(tag, "x")?.parse().ok()?,
                label.to_owned(),
                attr(tag, "data-date")?.parse().ok()?,
            ))
        })
        .collect()
}

/// What [`check_chart`] read from a chart: its ticks and the date its axis ends on.
pub(crate) struct Checked {
    pub(crate) ticks: Vec<(f64, String, Date)>,
    pub(crate) end: Date,
}

/// Checks a chart: well-formed; x ticks strictly increasing, each labelled with the date it
/// marks (`YYYY` for 1 January, `YYYY-MM` for the first of a month), at positions linear in
/// that date; a source line; the axis's end date; every series running to the right edge.
pub(crate) fn check_chart(svg: &str) -> Checked {
    svg_tags(svg);
    let ticks = x_ticks(svg);
    for w in ticks.windows(2) {
        assert!(w[0].0 < w[1].0 && w[0].2 < w[1].2, "{ticks:?}");
    }
    for (_, label, date) in &ticks {
        let expected = if (date.month(), date.day()) == (1, 1) && label.len() == 4 {
            date.year().to_string()
        } else {
            assert_eq!(date.day(), 1, "{ticks:?}");
            date.strftime("%Y-%m").to_string()
        };
        assert_eq!(*label, expected, "{ticks:?}");
    }
    if ticks.len() >= 2 {
        let days = |d: Date| (d - ticks[0].2).get_days() as f64;
        // The scale between the first and last ticks (positions are written to 0.1).
        let last = &ticks[ticks.len() - 1];
        let scale = (last.0 - ticks[0].0) / days(last.2);
        for (x, _, date) in &ticks {
            let expected = ticks[0].0 + scale * days(*date);
            assert!((x - expected).abs() < 0.2, "{x} vs {expected}: {ticks:?}");
        }
    }
    assert!(svg.contains("<text class=\"source\""), "{svg}");
    let axes = svg
        .lines()
        .find(|l| l.starts_with("<g class=\"axes\""))
        .expect("axes");
    let end: Date = attr(axes, "data-end").unwrap().parse().unwrap();
    let axis = svg.lines().find(|l| l.starts_with("<line x1=")).unwrap();
    let right: f64 = attr(axis, "x2").unwrap().parse().unwrap();
    for line in svg.lines().filter(|l| l.contains("class=\"series\"")) {
        let points = attr(line, "points").unwrap();
        let last = points.split(' ').next_back().unwrap();
        let x: f64 = last.split(',').next().unwrap().parse().unwrap();
        assert_eq!(x, right, "{line}");
    }
    Checked { ticks, end }
}
