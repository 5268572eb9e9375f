//! The reference catalog: figures from public sources.
//!
//! Figures are public, encyclopedia-level values; where public sources disagree the first
//! value is used and the others are given in comments. Fields the sources are silent on are
//! left unknown (`None`), never invented. Source names (public sources): Chinese, Korean and
//! Japanese Wikipedia articles on the Su-30MKK, Su-30, Kh-31, S-300 and Il-76; SISO-REF-010
//! entity enumerations (SA-23 components); Flightglobal and AIN reports on Su-30MK2
//! deliveries; Zeit (2014) on Buk; Latin American News on Igla-S; Britannica and TASS on the
//! Il-76; SIPRI Arms Transfers Database (designations used by SIPRI, as aliases).

use uom::si::{length, mass, velocity};

use super::{
    AircraftSpec, Catalog, CatalogError, Envelope, Guidance, MissileRole, MissileSpec,
    PayloadRange, Platform, PlatformBuilder, PlatformId, SamSystemSpec, Spec, TransportSpec,
};
use crate::holder::HolderId;
use crate::units::{Length, Mass, Velocity};

const WIKI_SU30: &str = "Chinese, Korean and Japanese Wikipedia articles on the Su-30MKK and Su-30";
const FLIGHTGLOBAL: &str = "Flightglobal and AIN reports on Su-30MK2 deliveries";
const WIKI_KH31: &str = "Chinese, Korean and Japanese Wikipedia articles on the Kh-31";
const WIKI_S300: &str = "Chinese, Korean and Japanese Wikipedia articles on the S-300";
const SISO: &str = "SISO-REF-010 entity enumerations (SA-23 components)";
const ZEIT: &str = "Zeit (2014) on Buk";
const LANEWS: &str = "Latin American News on Igla-S";
const WIKI_IL76: &str = "Chinese, Korean and Japanese Wikipedia articles on the Il-76";
const BRITANNICA: &str = "Britannica and TASS on the Il-76";
const SIPRI: &str = "SIPRI Arms Transfers Database";

fn m(v: f64) -> Length {
    Length::new::<length::meter>(v)
}
fn km(v: f64) -> Length {
    Length::new::<length::kilometer>(v)
}
fn kg(v: f64) -> Mass {
    Mass::new::<mass::kilogram>(v)
}
fn t(v: f64) -> Mass {
    Mass::new::<mass::ton>(v)
}
fn kmh(v: f64) -> Velocity {
    Velocity::new::<velocity::kilometer_per_hour>(v)
}
fn mps(v: f64) -> Velocity {
    Velocity::new::<velocity::meter_per_second>(v)
}

fn id(s: &'static str) -> PlatformId {
    PlatformId(s.into())
}

fn platform(slug: &'static str, designation: &str, spec: impl Into<Spec>) -> PlatformBuilder {
    Platform::builder(id(slug), designation, spec)
}

/// Su-30MK/MKK family figures, published for the family (public sources: Chinese, Korean and
/// Japanese Wikipedia on the Su-30MKK and Su-30). Max take-off mass 38 000 kg is also quoted
/// (Su-30MKK); max speed 2 125 and 2 450 km/h also quoted (Mach 2.0 at altitude). Engines:
/// 2 x Saturn AL-31F family, 122.58 kN with afterburner each. Ferry range and combat radius:
/// not found.
fn su30_figures() -> AircraftSpec {
    AircraftSpec::new()
        .with_crew(2)
        .with_length(m(21.935))
        .with_wingspan(m(14.7))
        .with_empty_mass(kg(17_700.0))
        .with_max_takeoff_mass(kg(34_500.0))
        .with_max_external_load(kg(8_000.0))
        .with_hardpoints(12)
        .with_max_speed(kmh(2_120.0))
        .with_service_ceiling(m(17_300.0))
        .with_range(km(3_000.0))
        .with_engine_count(2)
        .with_engine("Saturn AL-31F family")
}

fn platforms() -> Result<Vec<Platform>, CatalogError> {
    let rus = || HolderId::known_state("RUS");
    let sun = || HolderId::known_state("SUN");
    let sam_missile = || MissileSpec::new(MissileRole::SurfaceToAir);
    Ok(vec![
        // Su-30MK: SIPRI's name for the whole export family (MKI, MKK, MKM, MK2). Su-30 first
        // flight 1989-12-31. Figures are those published for the Su-30MK/MKK family (public
        // sources: Chinese, Korean and Japanese Wikipedia on the Su-30MKK and Su-30).
        platform("su-30mk", "Su-30MK", su30_figures())
            .as_family()
            .origin(rus())
            .manufacturer("Sukhoi (KnAAPO)")
            .source(WIKI_SU30)
            .source(SIPRI)
            .build()?,
        // Su-30MK2, Flanker-G: shown 2003, first deliveries (China) 2004. Venezuela: 24 ordered
        // July 2006, delivered 2006-2008 (SIPRI designation `Su-30MK`). Public sources:
        // Wikipedia as above; Flightglobal and AIN reports on Su-30MK2 deliveries; SIPRI.
        platform("su-30mk2", "Su-30MK2", su30_figures())
            .nato_name("Flanker-G")
            .family(id("su-30mk"))
            .origin(rus())
            .manufacturer("Sukhoi (KnAAPO)")
            .service_entry(2004)
            .munition(id("kh-31a"))
            .source(WIKI_SU30)
            .source(FLIGHTGLOBAL)
            .source(SIPRI)
            .build()?,
        // Kh-31A (Mod 1), AS-17 Krypton: ramjet anti-ship missile, active radar terminal
        // homing, in service late 1980s. Mod 2: 5.23 m, 700 kg, warhead 110 kg, range 70 km
        // (70-103 km also quoted). Speed Mach 4.5 at altitude, about 1 000 m/s quoted (the
        // value used); Mach 2.5 at low level. Public sources: Chinese, Korean and Japanese
        // Wikipedia on the Kh-31; SIPRI (`Kh-31A1`).
        platform(
            "kh-31a",
            "Kh-31A",
            MissileSpec::new(MissileRole::AntiShip)
                .with_guidance(Guidance::ActiveRadar)
                .with_length(m(4.7))
                .with_diameter(m(0.36))
                .with_launch_mass(kg(610.0))
                .with_warhead_mass(kg(90.0))
                .with_range(Envelope::up_to(km(50.0)))
                .with_max_speed(mps(1_000.0)),
        )
        .nato_name("AS-17 Krypton")
        .alias("Kh-31A1")
        .origin(sun())
        .manufacturer("Zvezda (now Tactical Missiles Corporation)")
        .source(WIKI_KH31)
        .source(SIPRI)
        .build()?,
        // S-300VM / Antey-2500, SA-23 Gladiator/Giant. Max engagement range against aircraft
        // 200 km (250 km also quoted); ballistic range and max altitude not found. Public
        // sources: Wikipedia on the S-300; SISO-REF-010 (components); SIPRI.
        platform(
            "s-300vm",
            "S-300VM",
            SamSystemSpec::new()
                .with_engagement_range(Envelope::up_to(km(200.0)))
                .with_components(vec![
                    "9A83M launcher".to_owned(),
                    "9A82M launcher".to_owned(),
                    "9S32M guidance radar".to_owned(),
                    "9S15M2 radar".to_owned(),
                    "9S19M2 radar".to_owned(),
                    "9S457 command post".to_owned(),
                ]),
        )
        .nato_name("SA-23 Gladiator/Giant")
        .alias("S-300VM/SA-23 SAMS")
        .alias("Antey-2500")
        .origin(rus())
        .manufacturer("Almaz-Antey")
        .munition(id("9m82m"))
        .munition(id("9m83m"))
        .source(WIKI_S300)
        .source(SISO)
        .source(SIPRI)
        .build()?,
        // 9M82M, SA-23B Giant: S-300VM interceptor; per-missile figures not found.
        platform("9m82m", "9M82M", sam_missile())
            .nato_name("SA-23B Giant")
            .origin(rus())
            .source(WIKI_S300)
            .source(SISO)
            .source(SIPRI)
            .build()?,
        // 9M83M, SA-23A Gladiator: S-300VM interceptor; per-missile figures not found.
        platform("9m83m", "9M83M", sam_missile())
            .nato_name("SA-23A Gladiator")
            .origin(rus())
            .source(WIKI_S300)
            .source(SISO)
            .source(SIPRI)
            .build()?,
        // Buk-M2 (9K317), SA-17 Grizzly. Engagement range 3-45 km (3-42 km, and 50 km for the
        // Buk-M2E, also quoted); altitude 0.015-25 km; up to 24 targets at once. Public
        // sources: Zeit (2014) on Buk; SIPRI.
        platform(
            "buk-m2",
            "Buk-M2",
            SamSystemSpec::new()
                .with_engagement_range(Envelope::between(km(3.0), km(45.0)))
                .with_engagement_altitude(Envelope::between(km(0.015), km(25.0)))
                .with_simultaneous_targets(24),
        )
        .nato_name("SA-17 Grizzly")
        .alias("9K317")
        .origin(rus())
        .manufacturer("Almaz-Antey")
        .munition(id("9m317"))
        .source(ZEIT)
        .source(SIPRI)
        .build()?,
        // 9M317: Buk-M2 interceptor; mass, warhead and speed not found.
        platform("9m317", "9M317", sam_missile())
            .origin(rus())
            .source(ZEIT)
            .source(SIPRI)
            .build()?,
        // Igla-S (9K338), SA-24 Grinch: MANPADS, catalogued as one platform for launcher and
        // missile. In Russian service 2004. Max range 6 km, max altitude 3 500 m, system ready
        // to fire about 19 kg; missile mass, warhead and speed not found. Public sources:
        // Latin American News on Igla-S; SIPRI.
        platform(
            "igla-s",
            "Igla-S",
            MissileSpec::new(MissileRole::Manpads)
                .with_range(Envelope::up_to(km(6.0)))
                .with_altitude(Envelope::up_to(m(3_500.0)))
                .with_system_mass(kg(19.0)),
        )
        .nato_name("SA-24 Grinch")
        .alias("9K338")
        .origin(rus())
        .manufacturer("KBM Kolomna")
        .service_entry(2004)
        .source(LANEWS)
        .source(SIPRI)
        .build()?,
        // Il-76, Candid: SIPRI's name for every variant (also `Il-76MF`). First flight
        // 1971-03-25, service 1974. Four engines. Il-76M (not catalogued): payload 40 t,
        // range with max payload 4 200 km, max take-off mass 170 t.
        platform("il-76", "Il-76", TransportSpec::new().with_engine_count(4))
            .as_family()
            .nato_name("Candid")
            .alias("Il-76MF")
            .origin(sun())
            .manufacturer("Ilyushin")
            .service_entry(1974)
            .source(WIKI_IL76)
            .source(BRITANNICA)
            .source(SIPRI)
            .build()?,
        // Il-76TD, Candid: first flight 1982-05-05; built in Tashkent, later Aviastar-SP.
        // Max payload 50 t (48 t and 52 t also quoted); max take-off mass 190 t (195 t also
        // quoted); max speed 850 km/h; cargo hold 24.5 m long with ramp. Public sources:
        // Wikipedia on the Il-76; Britannica and TASS on the Il-76.
        platform(
            "il-76td",
            "Il-76TD",
            TransportSpec::new()
                .with_crew(7)
                .with_max_payload(t(50.0))
                .with_range_at_max_payload(km(4_400.0))
                .with_payload_range(vec![PayloadRange::new(t(40.0), km(5_400.0))])
                .with_cruise_speed(kmh(800.0))
                .with_max_speed(kmh(850.0))
                .with_max_takeoff_mass(t(190.0))
                .with_hold_length(m(20.0))
                .with_hold_width(m(3.46))
                .with_hold_height(m(3.4))
                .with_engine_count(4),
        )
        .nato_name("Candid")
        .family(id("il-76"))
        .origin(sun())
        .manufacturer("Ilyushin")
        .source(WIKI_IL76)
        .source(BRITANNICA)
        .build()?,
    ])
}

/// The reference catalog; its validity is asserted by the crate's tests.
pub(super) fn catalog() -> Catalog {
    #[allow(clippy::expect_used)]
    platforms()
        .and_then(Catalog::from_platforms)
        .expect("the reference catalog is valid (see tests/it/catalog.rs)")
}

#[cfg(test)]
mod tests {
    #[test]
    fn reference_catalog_is_valid() {
        assert!(
            super::platforms()
                .and_then(super::super::Catalog::from_platforms)
                .is_ok()
        );
    }
}
