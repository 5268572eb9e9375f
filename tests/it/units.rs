//! Quantity text format: exact round trip, no panics, every error variant and its message.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use materiel::units::{
    Dimension, Length, LengthUnit, Mass, MassUnit, Power, PowerUnit, Quantity, QuantityError,
    Speed, Time, TimeUnit, Unit, Velocity, VelocityUnit, format_quantity, parse_quantity,
};
use proptest::prelude::*;
use strum::IntoEnumIterator;

/// Every finite non-negative `f64`: normal, subnormal and zero, plus a dense everyday range.
fn finite_non_negative() -> impl Strategy<Value = f64> {
    use proptest::num::f64::{NORMAL, POSITIVE, SUBNORMAL, ZERO};
    prop_oneof![0.0..1e6f64, POSITIVE | NORMAL | SUBNORMAL | ZERO]
}

fn round_trips<Q: Quantity>(si: f64, unit: Q::Unit) -> Result<(), TestCaseError> {
    let q = Q::from_unit(si, <Q::Unit as Unit>::SI);
    let text = format_quantity(q, unit);
    let back = parse_quantity::<Q>(&text);
    prop_assert_eq!(back, Ok(q), "{:?} in {:?} written as {:?}", q, unit, text);
    // A value given in the unit itself round-trips too, when it is representable.
    let in_unit = Q::from_unit(si, unit);
    if in_unit.si_value().is_finite() {
        let text = format_quantity(in_unit, unit);
        prop_assert_eq!(parse_quantity::<Q>(&text), Ok(in_unit), "{:?}", text);
    }
    Ok(())
}

proptest! {
    #[test]
    fn length_text_round_trips_exactly(v in finite_non_negative()) {
        for unit in LengthUnit::iter() {
            round_trips::<Length>(v, unit)?;
        }
    }

    #[test]
    fn mass_text_round_trips_exactly(v in finite_non_negative()) {
        for unit in MassUnit::iter() {
            round_trips::<Mass>(v, unit)?;
        }
    }

    #[test]
    fn velocity_text_round_trips_exactly(v in finite_non_negative()) {
        for unit in VelocityUnit::iter() {
            round_trips::<Velocity>(v, unit)?;
        }
    }

    #[test]
    fn time_text_round_trips_exactly(v in finite_non_negative()) {
        for unit in TimeUnit::iter() {
            round_trips::<Time>(v, unit)?;
        }
    }

    #[test]
    fn power_text_round_trips_exactly(v in finite_non_negative()) {
        for unit in PowerUnit::iter() {
            round_trips::<Power>(v, unit)?;
        }
    }

    #[test]
    fn mach_numbers_stay_mach_numbers(m in 0.0..40.0f64) {
        let text = format!("{m} Mach");
        let speed: Speed = text.parse().unwrap();
        prop_assert_eq!(speed, Speed::Mach(m));
        prop_assert_eq!(speed.velocity(), None);
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = parse_quantity::<Length>(&text);
        let _ = parse_quantity::<Mass>(&text);
        let _ = parse_quantity::<Velocity>(&text);
        let _ = parse_quantity::<Time>(&text);
        let _ = parse_quantity::<Power>(&text);
        let _ = text.parse::<Speed>();
    }

    #[test]
    fn quantity_like_text_never_panics(text in "[-+0-9 ._eE]{0,16}(nan|inf|[a-zA-Z/]{0,6})") {
        let _ = parse_quantity::<Length>(&text);
        let _ = parse_quantity::<Velocity>(&text);
    }
}

#[test]
fn empty() {
    let err = parse_quantity::<Length>("  ").unwrap_err();
    assert_eq!(err, QuantityError::Empty);
    assert_eq!(
        err.to_string(),
        "empty quantity: expected a number and a unit, such as \"400 km\""
    );
}

#[test]
fn missing_number() {
    let err = parse_quantity::<Length>("km").unwrap_err();
    assert_eq!(err, QuantityError::MissingNumber { text: "km".into() });
    assert_eq!(
        err.to_string(),
        "quantity \"km\" has no number: expected a number and a unit, such as \"400 km\""
    );
}

#[test]
fn missing_unit() {
    let err = parse_quantity::<Length>("400").unwrap_err();
    assert_eq!(err, QuantityError::MissingUnit { text: "400".into() });
    assert_eq!(
        err.to_string(),
        "quantity \"400\" has no unit: expected a number and a unit, such as \"400 km\""
    );
}

#[test]
fn bad_number() {
    let err = parse_quantity::<Length>("1.2.3 km").unwrap_err();
    assert_eq!(
        err,
        QuantityError::BadNumber {
            text: "1.2.3 km".into(),
            number: "1.2.3".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "`1.2.3` is not a number in quantity \"1.2.3 km\""
    );
}

#[test]
fn not_finite() {
    for text in ["NaN km", "inf km", "-inf km", "1e400 km"] {
        let err = parse_quantity::<Length>(text).unwrap_err();
        assert_eq!(err, QuantityError::NotFinite { text: text.into() });
        assert_eq!(err.to_string(), format!("quantity {text:?} is not finite"));
    }
}

#[test]
fn negative() {
    let err = parse_quantity::<Mass>("-3 kg").unwrap_err();
    assert_eq!(
        err,
        QuantityError::Negative {
            text: "-3 kg".into()
        }
    );
    assert_eq!(err.to_string(), "quantity \"-3 kg\" is negative");
}

#[test]
fn unknown_unit() {
    let err = parse_quantity::<Mass>("12 parsecs").unwrap_err();
    assert_eq!(
        err,
        QuantityError::UnknownUnit {
            text: "12 parsecs".into(),
            unit: "parsecs".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "unknown unit `parsecs` in quantity \"12 parsecs\""
    );
}

#[test]
fn wrong_dimension() {
    let err = parse_quantity::<Length>("50 t").unwrap_err();
    assert_eq!(
        err,
        QuantityError::WrongDimension {
            text: "50 t".into(),
            expected: Dimension::Length,
            found: Dimension::Mass
        }
    );
    assert_eq!(
        err.to_string(),
        "quantity \"50 t\" is a mass, expected a length"
    );
}

#[test]
fn accepts_any_unit_of_the_dimension() {
    let a: Velocity = parse_quantity("3600 km/h").unwrap();
    let b: Velocity = parse_quantity("1000 m/s").unwrap();
    assert!((a.si_value() - b.si_value()).abs() < 1e-9);
    let grouped: Mass = parse_quantity("17 700 kg").unwrap();
    assert_eq!(grouped, parse_quantity::<Mass>("17700 kg").unwrap());
}

#[test]
fn time_and_power_read_their_units() {
    use uom::si::{power::kilowatt, time::hour};
    let endurance: Time = parse_quantity("18 h").unwrap();
    assert_eq!(endurance.get::<hour>(), 18.0);
    let kw: Power = parse_quantity("1 kW").unwrap();
    assert_eq!(kw.get::<kilowatt>(), 1.0);
    let hp: Power = parse_quantity("1 hp").unwrap();
    let ps: Power = parse_quantity("1 PS").unwrap();
    assert!(hp.si_value() > ps.si_value(), "mechanical hp is the larger");
    assert_eq!(
        parse_quantity::<Power>("840 km").unwrap_err(),
        QuantityError::WrongDimension {
            text: "840 km".into(),
            expected: Dimension::Power,
            found: Dimension::Length
        }
    );
    assert!(matches!(
        parse_quantity::<Time>("18 hp").unwrap_err(),
        QuantityError::WrongDimension {
            expected: Dimension::Time,
            found: Dimension::Power,
            ..
        }
    ));
}

#[test]
fn speeds_are_velocities_or_mach_numbers_never_converted() {
    use uom::si::velocity::kilometer_per_hour;
    let v: Speed = "2120 km/h".parse().unwrap();
    assert_eq!(
        v.velocity(),
        Some(Velocity::new::<kilometer_per_hour>(2120.0))
    );
    assert_eq!(v.mach_number(), None);
    let m: Speed = "3.5 Mach".parse().unwrap();
    assert_eq!(m, Speed::Mach(3.5));
    assert_eq!(m.velocity(), None);
    for bad in ["-2 Mach", "NaN Mach", "Mach", "3 mach", "3 kg", "3"] {
        assert!(bad.parse::<Speed>().is_err(), "{bad}");
    }
    assert!(matches!(
        "3 kg".parse::<Speed>().unwrap_err(),
        QuantityError::WrongDimension {
            expected: Dimension::Velocity,
            ..
        }
    ));
    assert!(Speed::mach(-1.0).is_err());
    assert!(Speed::mach(f64::INFINITY).is_err());
}
