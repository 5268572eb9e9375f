//! `materiel timeline --svg` and `materiel losses --svg`: the charts are the library's
//! (`materiel::chart`); what is the command's own is the dated view every chart states.

/// A chart's view text, with its knowledge time always a date (`as known at` the time the
/// chart is drawn, when the view does not give one), and the date its time axis runs to: the
/// view's date, or today.
pub(crate) fn dated_view(at: &materiel::AsOf) -> (String, materiel::jiff::civil::Date) {
    let now = materiel::jiff::Timestamp::now();
    let view = crate::output::describe(at).replace(
        "as known now",
        &format!("as known at {}", now.strftime("%Y-%m-%dT%H:%M:%SZ")),
    );
    let end = at
        .valid_date()
        .unwrap_or_else(|| materiel::jiff::tz::Offset::UTC.to_datetime(now).date());
    (view, end)
}
