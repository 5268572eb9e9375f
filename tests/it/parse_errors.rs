//! Every public `FromStr` of the crate returns the crate's own [`ParseError`], whose message
//! quotes the text that was rejected (strum's own error said only "Matching variant not
//! found").

use std::fmt::Debug;
use std::str::FromStr;

use materiel::ParseError;
use materiel::catalog::{Guidance, MissileRole, NameSource, PlatformKind, Qualifier};
use materiel::import::sipri::Category;
use materiel::ledger::{Basis, Condition, Precision, RequestKind, Status};
use materiel::provenance::{Credibility, Reliability};
use materiel::units::{Dimension, LengthUnit, MassUnit, PowerUnit, TimeUnit, VelocityUnit};

/// Parses `text` as a `T`, expects a `ParseError::Name` for `what` and returns its message.
fn rejected<T>(text: &str, what: &str) -> String
where
    T: FromStr<Err = ParseError> + Debug,
{
    let err = text
        .parse::<T>()
        .expect_err("the text is not a name of the enumeration");
    assert!(
        matches!(&err, ParseError::Name { what: w, text: t } if *w == what && t == text),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains(&format!("{text:?}")), "{message}");
    message
}

#[test]
fn catalog_enums_name_the_text() {
    assert_eq!(
        rejected::<PlatformKind>("warship", "platform kind"),
        "unknown platform kind \"warship\""
    );
    rejected::<MissileRole>("anti_everything", "missile role");
    rejected::<Guidance>("telepathy", "guidance");
    rejected::<materiel::catalog::Category>("spaceship", "category");
    rejected::<NameSource>("rumour", "name source");
    rejected::<Qualifier>("roughly", "qualifier");
}

#[test]
fn provenance_enums_name_the_text() {
    rejected::<Reliability>("G", "reliability");
    rejected::<Credibility>("7", "credibility");
}

#[test]
fn unit_enums_name_the_text() {
    rejected::<Dimension>("temperature", "dimension");
    rejected::<LengthUnit>("furlong", "length unit");
    rejected::<MassUnit>("stone", "mass unit");
    rejected::<VelocityUnit>("knots per fortnight", "velocity unit");
    rejected::<TimeUnit>("fortnight", "time unit");
    rejected::<PowerUnit>("horses", "power unit");
}

#[test]
fn ledger_enums_name_the_text() {
    assert_eq!(
        rejected::<Status>("airborne", "status"),
        "unknown status \"airborne\""
    );
    rejected::<Basis>("guess", "count basis");
    rejected::<Condition>("shiny", "condition");
    rejected::<RequestKind>("rental", "request kind");
    rejected::<Precision>("decade", "precision");
}

#[test]
fn sipri_category_names_the_text() {
    rejected::<Category>("Spaceships", "SIPRI category");
}

#[test]
fn valid_names_still_parse() -> Result<(), ParseError> {
    assert_eq!(
        "sam_system".parse::<PlatformKind>()?,
        PlatformKind::SamSystem
    );
    assert_eq!("operational".parse::<Status>()?, Status::Operational);
    assert_eq!("b".parse::<Reliability>()?, Reliability::B);
    assert_eq!("3".parse::<Credibility>()?, Credibility::PossiblyTrue);
    assert_eq!("km".parse::<LengthUnit>()?, LengthUnit::Kilometre);
    assert_eq!("year".parse::<Precision>()?, Precision::Year);
    assert_eq!(
        "Air defence systems".parse::<Category>()?,
        Category::AirDefenceSystems
    );
    Ok(())
}
