//! The tables' columns, in order, with their documented meaning and value sets (written once,
//! for the documentation and for [`column_values`]).

#[allow(unused_imports)] // the documentation links to the types and functions of `export`
use super::*;

/// A set of column values written once, as documentation text (`value_set!(doc: "a", "b")`
/// gives "`a`, `b`") or as the list [`column_values`] returns (`value_set!(list: ...)`), so
/// the two cannot differ. The sets below are checked against their enumerations by the tests.
macro_rules! value_set {
    (doc: $first:literal $(, $rest:literal)* $(,)?) => {
        concat!("`", $first, "`" $(, ", `", $rest, "`")*)
    };
    (list: $($value:literal),+ $(,)?) => {
        &[$($value),+]
    };
}

/// [`Change::name`], in declaration order ([`strum::VariantNames::VARIANTS`] of [`Change`]).
macro_rules! change_kinds {
    ($form:ident) => {
        value_set!($form: "requested", "ordered", "delivered", "status_changed", "assessed",
            "lost", "retired", "expended", "transferred", "observed", "opening_unknown",
            "claimed", "resolved", "retracted")
    };
}

/// [`Quantity`](crate::ledger::Quantity), in declaration order (`in_status` with its status in
/// `claim_status`).
macro_rules! quantities {
    ($form:ident) => {
        value_set!($form: "held", "in_status", "delivered", "lost")
    };
}

/// [`Decision`](crate::ledger::Decision), in declaration order.
macro_rules! decisions {
    ($form:ident) => {
        value_set!($form: "pick", "narrow", "keep_range")
    };
}

/// [`Status`], in declaration order.
macro_rules! statuses {
    ($form:ident) => {
        value_set!($form: "operational", "degraded", "non_operational_maintenance",
            "non_operational_supply", "non_operational_damaged", "stored", "unknown")
    };
}

/// [`Basis`], in declaration order.
macro_rules! bases {
    ($form:ident) => {
        value_set!($form: "exact", "at_least", "up_to", "about", "estimate")
    };
}

/// [`Precision`](crate::ledger::Precision), in declaration order.
macro_rules! precisions {
    ($form:ident) => {
        value_set!($form: "year", "month", "day", "on_or_before")
    };
}

/// [`Condition`](crate::ledger::Condition), in declaration order.
macro_rules! conditions {
    ($form:ident) => {
        value_set!($form: "new", "second_hand", "second_hand_modernised", "captured",
            "licensed_production")
    };
}

/// [`RequestKind`](crate::ledger::RequestKind), in declaration order.
macro_rules! request_kinds {
    ($form:ident) => {
        value_set!($form: "acquisition", "repair", "upgrade", "support", "unspecified")
    };
}

/// [`LossCause`], in declaration order.
macro_rules! causes {
    ($form:ident) => {
        value_set!($form: "destroyed", "damaged", "abandoned", "captured")
    };
}

/// [`Remainder`](crate::ledger::Remainder), in declaration order.
macro_rules! remainders {
    ($form:ident) => {
        value_set!($form: "due", "unstated", "unknown")
    };
}

/// [`PlatformKind`](crate::PlatformKind), in declaration order.
macro_rules! platform_kinds {
    ($form:ident) => {
        value_set!($form: "aircraft", "sam_system", "missile", "transport", "generic",
            "armoured_vehicle", "artillery", "helicopter", "uav", "ship")
    };
}

/// The values an enumerated column of the tables holds, in the order their enumeration
/// declares them; `None` for any other name.
///
/// The enumerated columns are, in every table that has them: `platform_kind`,
/// `effective_precision`, `change` (in the pipeline table only `requested` and `ordered`
/// occur), `from_status`, `to_status`, `into_status`, `observed_status`, `condition`,
/// `request_kind`, `cause`, `claim_quantity`, `claim_status`, `decision`, `remainder` and every column whose name ends in `_basis`. A cell of such a
/// column holds one of these values, or is empty (`null`) where its column's documentation
/// says so. Other columns (ids, holders, dates, counts, grades, flags, text, and the facts
/// columns, whose values their source documents) are not enumerated here. The lists are the
/// ones the column documentation shows, written once for both.
///
/// # Example
///
/// ```
/// use materiel::export::column_values;
///
/// assert_eq!(column_values("effective_precision"), Some(&["year", "month", "day", "on_or_before"][..]));
/// assert!(column_values("condition").is_some_and(|v| v.contains(&"licensed_production")));
/// assert!(column_values("change").is_some_and(|v| v.contains(&"opening_unknown")));
/// assert_eq!(column_values("breakdown_stored_basis"), column_values("count_basis"));
/// assert_eq!(column_values("note"), None);
/// ```
pub fn column_values(column: &str) -> Option<&'static [&'static str]> {
    Some(match column {
        "platform_kind" => platform_kinds!(list),
        "effective_precision" => precisions!(list),
        "change" => change_kinds!(list),
        "from_status" | "to_status" | "into_status" | "observed_status" => statuses!(list),
        "condition" => conditions!(list),
        "request_kind" => request_kinds!(list),
        "cause" => causes!(list),
        "claim_quantity" => quantities!(list),
        "claim_status" => statuses!(list),
        "decision" => decisions!(list),
        "remainder" => remainders!(list),
        _ if column.ends_with("_basis") && column.len() > "_basis".len() => bases!(list),
        _ => return None,
    })
}

/// The columns of the [`entries`] table, in order: one row per entry, in append order,
/// retracted entries and retractions included.
///
/// Every enumerated column lists its values (also given by [`column_values`]).
///
/// * `id`: the [`EntryId`] number.
/// * `holder`: the holder id (`VEN`, `aviacon-zitotrans`).
/// * `platform`: the catalog platform id, or the designation of generic equipment.
/// * `platform_generic`: `true` for generic (uncatalogued) equipment, `false` for a catalog
///   platform.
/// * `platform_label`: a name for people ([`PlatformRef::label`]: the catalog designation).
#[doc = concat!(
    "* `platform_kind`: the [`PlatformKind`](crate::PlatformKind), one of ",
    platform_kinds!(doc),
    "; empty for a catalog id the ledger's catalog does not hold."
)]
/// * `effective`: the effective date as written (`2013`, `2013-07`, `2013-07-15`,
///   `<=2022-03-19`); `effective_first_day` and `effective_last_day`: the period's first and
///   last days (both the day itself for an on-or-before date);
#[doc = concat!(
    "  `effective_precision`: the [`Precision`](crate::ledger::Precision), one of ",
    precisions!(doc),
    "."
)]
/// * `recorded`: the recorded (transaction) time, RFC 3339.
#[doc = concat!(
    "* `change`: the change kind ([`Change::name`]), one of ",
    change_kinds!(doc),
    "."
)]
/// * `count` and `count_basis`: the change's count ([`Change::count`]; an assessment's total)
///   and its basis; empty for a request or observation without a count, an opening-unknown
#[doc = concat!(
    "  statement and a retraction. Every `_basis` column holds a [`Basis`], one of ",
    bases!(doc),
    "."
)]
/// * `from_status`: the status units left (status change, loss, retirement, expenditure,
///   transfer); `to_status`: the status they entered (status change); `into_status`: the
///   status units entered service in (delivery) or at the receiver (transfer);
#[doc = concat!(
    "  `observed_status`: the status an observation saw, when it said. Each is a [`Status`], \
     one of ",
    statuses!(doc),
    "."
)]
#[doc = concat!(
    "* `breakdown_<status>` and `breakdown_<status>_basis`, for each status in \
     [`Status::ALL`] order (",
    statuses!(doc),
    "): an assessment's count for the status and its basis; empty for statuses the \
     assessment does not list (which it puts at zero) and for other kinds."
)]
/// * `supplier`: the supplier of a request, order or delivery, when known; `recipient`: the
///   receiving holder of a transfer.
#[doc = concat!(
    "* `condition` (orders and deliveries): the [`Condition`](crate::ledger::Condition), \
     one of ",
    conditions!(doc),
    "; `request_kind` (requests): the [`RequestKind`](crate::ledger::RequestKind), one of ",
    request_kinds!(doc),
    "."
)]
#[doc = concat!(
    "* `cause` (losses): the [`LossCause`], one of ",
    causes!(doc),
    "; `captor`: the capturing holder, when known."
)]
/// * `retracted_entry`: the id of the entry a retraction withdraws; `retracted_by`: the id of
///   the retraction that withdrew this entry, if any.
/// * `source_citation`, `source_url`, `source_reference`, `source_grade`: the entry's
///   [`Source`](crate::Source).
/// * `note`: the free-text note.
/// * The entry's SIPRI facts ([`SipriDeal`], read through [`SipriDeal::of`]), empty for an
///   entry without them:
///   `sipri_deal` (the deal id), `designation`, `description` and `armament_category` (SIPRI's
///   text), `order_year` and `order_year_estimate`, `sipri_status` (`new`, `second_hand`,
///   `second_hand_modernised`), `licensed` (local production under licence), `tiv_unit`,
///   `sipri_estimate` and `tiv_delivery` (millions of TIV, as numbers), `delivered_estimate`
///   and `delivery_year_estimate` (a delivery's flags). A flag SIPRI leaves empty is an
///   empty cell.
#[doc = concat!(
    "* `claim_quantity` (claims and resolutions): what is counted, a \
     [`Quantity`](crate::ledger::Quantity), one of ",
    quantities!(doc),
    "; `claim_status`: the status of `in_status`, else empty. A claim's figure is in `count`."
)]
#[doc = concat!(
    "* `decision` (resolutions): the [`Decision`](crate::ledger::Decision), one of ",
    decisions!(doc),
    "; `decision_entry`: the claim picked; `decision_lower` and `decision_upper`: a narrowed \
     range (`decision_upper` empty: no upper limit)."
)]
///
/// # Example
///
/// ```
/// use materiel::export::ENTRY_COLUMNS;
/// assert_eq!(ENTRY_COLUMNS[..3], ["id", "holder", "platform"]);
/// assert_eq!(ENTRY_COLUMNS.last(), Some(&"decision_upper"));
/// ```
pub const ENTRY_COLUMNS: &[&str] = &[
    "id",
    "holder",
    "platform",
    "platform_generic",
    "platform_label",
    "platform_kind",
    "effective",
    "effective_first_day",
    "effective_last_day",
    "effective_precision",
    "recorded",
    "change",
    "count",
    "count_basis",
    "from_status",
    "to_status",
    "into_status",
    "observed_status",
    "breakdown_operational",
    "breakdown_operational_basis",
    "breakdown_degraded",
    "breakdown_degraded_basis",
    "breakdown_non_operational_maintenance",
    "breakdown_non_operational_maintenance_basis",
    "breakdown_non_operational_supply",
    "breakdown_non_operational_supply_basis",
    "breakdown_non_operational_damaged",
    "breakdown_non_operational_damaged_basis",
    "breakdown_stored",
    "breakdown_stored_basis",
    "breakdown_unknown",
    "breakdown_unknown_basis",
    "supplier",
    "recipient",
    "condition",
    "request_kind",
    "cause",
    "captor",
    "retracted_entry",
    "retracted_by",
    "source_citation",
    "source_url",
    "source_reference",
    "source_grade",
    "note",
    "sipri_deal",
    "designation",
    "description",
    "armament_category",
    "order_year",
    "order_year_estimate",
    "sipri_status",
    "licensed",
    "tiv_unit",
    "sipri_estimate",
    "tiv_delivery",
    "delivered_estimate",
    "delivery_year_estimate",
    "claim_quantity",
    "claim_status",
    "decision",
    "decision_entry",
    "decision_lower",
    "decision_upper",
];

/// The state columns shared by [`HOLDINGS_COLUMNS`] and [`TIMELINE_COLUMNS`], written by
/// `state_cells` (`operational` to `consistent`), between the columns each table puts before
/// and after them.
macro_rules! with_state_columns {
    ([$($before:literal),* $(,)?], [$($after:literal),* $(,)?]) => {
        &[
            $($before,)*
            "operational",
            "operational_basis",
            "degraded",
            "degraded_basis",
            "non_operational_maintenance",
            "non_operational_maintenance_basis",
            "non_operational_supply",
            "non_operational_supply_basis",
            "non_operational_damaged",
            "non_operational_damaged_basis",
            "stored",
            "stored_basis",
            "unknown",
            "unknown_basis",
            "in_service",
            "in_service_basis",
            "mission_capable",
            "mission_capable_basis",
            "delivered",
            "delivered_basis",
            "transferred_in",
            "transferred_in_basis",
            "captured_in",
            "captured_in_basis",
            "captured_held_lower",
            "captured_held_upper",
            "lost",
            "lost_basis",
            "retired",
            "retired_basis",
            "expended",
            "expended_basis",
            "transferred_out",
            "transferred_out_basis",
            "adjustment",
            "baseline_known",
            "readiness_rate",
            "readiness_lower",
            "readiness_upper",
            "consistent",
            $($after,)*
        ]
    };
}

/// The columns of the [`holdings`] and [`all_holdings`] tables, in order: one row per
/// holder and platform with a non-empty [`LotState`] at the view's date (the rows of
/// [`Ledger::holdings`]).
///
/// * `holder`, `platform`, `platform_generic`, `platform_label`, `platform_kind`: as in
///   [`ENTRY_COLUMNS`].
#[doc = concat!(
    "* `<status>` and `<status>_basis` for each status in [`Status::ALL`] order (",
    statuses!(doc),
    "): units in the status ([`LotState::count`]) and their basis; always filled (`0`, \
     `exact` when none). Every `_basis` column holds a [`Basis`], one of ",
    bases!(doc),
    "."
)]
/// * `in_service`, `mission_capable` and their `_basis`: [`LotState::in_service`] and
///   [`LotState::mission_capable`].
/// * `delivered`, `transferred_in`, `captured_in`, `lost`, `retired`, `expended`,
///   `transferred_out` and their `_basis`: the lot's flows up to the date.
/// * `captured_held_lower`, `captured_held_upper`: of the units in service, how many were
///   captured from other holders ("of which captured"): the range of
///   [`LotState::captured_held`] (both `0` when the lot captured nothing).
/// * `adjustment`: [`LotState::adjustment`] (may be negative).
/// * `baseline_known`: [`LotState::baseline_known`]: `false` for a lot whose opening stock
///   is unknown and not yet assessed, whose counts are then lower bounds.
/// * `readiness_rate`, `readiness_lower`, `readiness_upper`: the
///   [`Readiness`](crate::ledger::Readiness) figures, over possessed units (stored units not
///   counted, [`Possessed::ExcludingStored`](crate::ledger::Possessed)); empty when undefined
///   (no possessed unit of known status, or none possessed).
/// * `consistent`: [`LotState::is_consistent`] (`false` only in grade-filtered views).
/// * `weakest_grade`: the weakest source grade of the entries that move the lot's counts,
///   taken per axis: the weakest reliability letter with the weakest credibility digit, which
///   may come from different entries (`B4` and `C1` give `C4`;
///   [`Provenance::weakest_grade`](crate::ledger::Provenance::weakest_grade)); empty when
///   none does. Every such entry meets it, so `as_of_min_grade` set to it keeps them all.
/// * `as_of_valid`, `as_of_known`, `as_of_min_grade`: the view ([`AsOf`]): the valid date,
///   the known-at time (RFC 3339) and the minimum grade; empty when not set (after every
///   entry; everything recorded; any grade).
/// * `category`, `origin`, `family`: the platform's [`Category`](crate::catalog::Category)
///   (`combat_aircraft`, `tank`, ...; for generic equipment the category its importer gave it,
///   such as Oryx's `Unknown tank`, empty when it has none), its country of origin in the
///   catalog (`RUS`; `SUN` for Soviet-era designs; empty for generic equipment, which has
///   none), and the catalog id of its family root (`il-76` for the Il-76TD; empty for generic
///   equipment): [`PlatformRef::category`], [`PlatformRef::origin`], [`PlatformRef::family`].
///   Added after the first release, so at the end.
///
/// # Example
///
/// ```
/// use materiel::export::HOLDINGS_COLUMNS;
/// assert_eq!(HOLDINGS_COLUMNS[5..7], ["operational", "operational_basis"]);
/// assert!(HOLDINGS_COLUMNS.contains(&"weakest_grade"));
/// ```
pub const HOLDINGS_COLUMNS: &[&str] = with_state_columns!(
    [
        "holder",
        "platform",
        "platform_generic",
        "platform_label",
        "platform_kind"
    ],
    [
        "weakest_grade",
        "as_of_valid",
        "as_of_known",
        "as_of_min_grade",
        "category",
        "origin",
        "family"
    ]
);

/// The columns of the [`timeline`] table, in order: one row per [`TimelineStep`] of
/// [`Ledger::timeline`].
///
/// * `holder`, `platform`, `platform_generic`, `platform_label`, `platform_kind`: as in
///   [`ENTRY_COLUMNS`].
#[doc = concat!(
    "* `effective`, `effective_first_day`, `effective_precision`: the step's label \
     ([`TimelineStep::date`]), the day the step starts, and how precisely that is known \
     (one of ",
    precisions!(doc),
    "). A step lasts until the next one starts."
)]
/// * the state columns of [`HOLDINGS_COLUMNS`], from `operational` to `consistent`, for the
///   state during the step.
/// * `as_of_valid`, `as_of_known`, `as_of_min_grade`: the view, as in [`HOLDINGS_COLUMNS`].
///
/// # Example
///
/// ```
/// use materiel::export::{HOLDINGS_COLUMNS, TIMELINE_COLUMNS};
/// assert_eq!(TIMELINE_COLUMNS[5..8], ["effective", "effective_first_day", "effective_precision"]);
/// // The state columns are the holdings' ones.
/// assert_eq!(TIMELINE_COLUMNS[8..45], HOLDINGS_COLUMNS[5..42]);
/// ```
pub const TIMELINE_COLUMNS: &[&str] = with_state_columns!(
    [
        "holder",
        "platform",
        "platform_generic",
        "platform_label",
        "platform_kind",
        "effective",
        "effective_first_day",
        "effective_precision"
    ],
    ["as_of_valid", "as_of_known", "as_of_min_grade"]
);

/// The columns of the [`pipeline`] and [`all_pipelines`] tables, in order: one row per open
/// request or order ([`PipelineItem`] of [`Ledger::pipeline`]).
///
/// * `id` to `count_basis`: the request's or order's columns of the same names in
///   [`ENTRY_COLUMNS`]; `change` is `requested` or `ordered`.
/// * `outstanding`: units still outstanding ([`PipelineItem::outstanding`]); empty for a
///   request that gave no count and for an order whose remainder is unknown.
#[doc = concat!(
    "* `remainder`: what is still due ([`PipelineItem::remainder`]), one of ",
    remainders!(doc),
    ": `due` (`outstanding` units, known to be open), `unstated` (a request that gave no \
     count) or `unknown` (an order known only as a bound whose known part is delivered, such \
     as a SIPRI deal: complete or not, no source says)."
)]
/// * `supplier`, `condition`, `request_kind`, `source_citation`, `source_url`,
///   `source_reference`, `source_grade`, `note`: as in [`ENTRY_COLUMNS`].
/// * `as_of_valid`, `as_of_known`, `as_of_min_grade`: the view, as in [`HOLDINGS_COLUMNS`].
///
/// # Example
///
/// ```
/// use materiel::export::PIPELINE_COLUMNS;
/// assert_eq!(PIPELINE_COLUMNS[12..15], ["count", "count_basis", "outstanding"]);
/// ```
pub const PIPELINE_COLUMNS: &[&str] = &[
    "id",
    "holder",
    "platform",
    "platform_generic",
    "platform_label",
    "platform_kind",
    "effective",
    "effective_first_day",
    "effective_last_day",
    "effective_precision",
    "recorded",
    "change",
    "count",
    "count_basis",
    "outstanding",
    "remainder",
    "supplier",
    "condition",
    "request_kind",
    "source_citation",
    "source_url",
    "source_reference",
    "source_grade",
    "note",
    "as_of_valid",
    "as_of_known",
    "as_of_min_grade",
];

/// The columns of the [`losses`] table, in order: one row per holder, platform, cause (with
/// its captor) and month with units lost ([`LossRow`](crate::ledger::LossRow) of
/// [`Ledger::losses`]), as `materiel losses --format csv` writes them.
///
/// * `holder`, `platform`, `platform_generic`, `platform_label`, `platform_kind`: as in
///   [`ENTRY_COLUMNS`]; `holder` is the holder that lost the units.
#[doc = concat!(
    "* `cause`: the [`LossCause`] without its captor, one of ",
    causes!(doc),
    "; `captor`: the capturing holder of a capture, when known (empty otherwise)."
)]
/// * `month`: the month of the losses' effective dates, `YYYY-MM` (for a loss list's
///   on-or-before date, the month of the day it was listed by).
#[doc = concat!(
    "* `count` and `count_basis`: the units lost in the month and their basis, one of ",
    bases!(doc),
    " (the weakest basis of the losses summed)."
)]
/// * `category`, `origin`, `family`: as in [`HOLDINGS_COLUMNS`].
///
/// # Example
///
/// ```
/// use materiel::export::LOSS_COLUMNS;
/// assert_eq!(LOSS_COLUMNS[5..10], ["cause", "captor", "month", "count", "count_basis"]);
/// ```
pub const LOSS_COLUMNS: &[&str] = &[
    "holder",
    "platform",
    "platform_generic",
    "platform_label",
    "platform_kind",
    "cause",
    "captor",
    "month",
    "count",
    "count_basis",
    "category",
    "origin",
    "family",
];
