//! Fuzzes `parse_quantity`: no input may panic, and what parses formats back, in every unit of
//! its dimension, to text that parses to exactly the same quantity.
#![no_main]

use libfuzzer_sys::fuzz_target;
use materiel::units::{Length, Mass, Quantity, Velocity, format_quantity, parse_quantity};
use strum::IntoEnumIterator;

fn round_trips<Q>(text: &str)
where
    Q: Quantity,
    Q::Unit: IntoEnumIterator,
{
    let Ok(quantity) = parse_quantity::<Q>(text) else {
        return;
    };
    for unit in Q::Unit::iter() {
        let written = format_quantity(quantity, unit);
        assert_eq!(
            parse_quantity::<Q>(&written).ok(),
            Some(quantity),
            "{text:?} parsed, was written as {written:?} in {unit:?}, and did not read back"
        );
    }
}

fuzz_target!(|text: &str| {
    round_trips::<Length>(text);
    round_trips::<Mass>(text);
    round_trips::<Velocity>(text);
});
