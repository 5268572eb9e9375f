//! [`Category`]: the taxonomy every platform and every imported row maps to, with its SIPRI
//! armament category, its Oryx type heading(s) and the default kind of a generic fallback.

use super::PlatformKind;

macro_rules! categories {
    ($(
        $(#[$meta:meta])*
        $variant:ident => $sipri:literal, [$($oryx:literal),*], $kind:ident;
    )+) => {
        /// What a platform is, in a taxonomy taken from the sources themselves: SIPRI's armament
        /// categories (and the descriptions under them) and Oryx's type headings.
        ///
        /// Every platform has one ([`Platform::category`](super::Platform::category)); a name
        /// the catalog does not know gets one from the keyword rules
        /// ([`Catalog::classify`](super::Catalog::classify)), and a generic fallback takes the
        /// category's [`default_kind`](Self::default_kind). Written in snake case
        /// (`"infantry_fighting_vehicle"`) in catalog files, JSON and [`Display`](std::fmt::Display).
        ///
        /// Each category maps to one SIPRI armament category ([`sipri`](Self::sipri); a SIPRI
        /// row keeps its own) and to at most one Oryx type heading
        /// ([`oryx_headings`](Self::oryx_headings): Oryx spells some headings differently for
        /// Ukraine, and both spellings are listed). Several categories share a heading: Oryx
        /// counts mortars under towed artillery and MANPADS under SAM systems.
        ///
        /// | category | SIPRI armament category | Oryx type heading | default kind |
        /// |---|---|---|---|
        $(
        #[doc = concat!("| [`", stringify!($variant), "`](Self::", stringify!($variant), ") | ", $sipri, " | ", $("`", $oryx, "` ",)* " | ", stringify!($kind), " |")]
        )+
        ///
        /// (The table names the variants in Rust; their text form is snake case.)
        ///
        /// # Example
        ///
        /// ```
        /// use materiel::PlatformKind;
        /// use materiel::catalog::Category;
        ///
        /// let c: Category = "self_propelled_artillery".parse()?;
        /// assert_eq!(c.sipri(), "Artillery");
        /// assert_eq!(c.oryx_headings(), ["Self-Propelled Artillery"]);
        /// assert_eq!(c.default_kind(), PlatformKind::Artillery);
        /// assert_eq!(Category::Radar.oryx_headings(), ["Radars", "Radars And Communications Equipment"]);
        /// assert!(Category::Torpedo.oryx_headings().is_empty());
        /// # Ok::<(), materiel::ParseError>(())
        /// ```
        #[derive(
            Clone,
            Copy,
            Debug,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            serde::Serialize,
            serde::Deserialize,
            strum::Display,
            strum::EnumString,
            strum::EnumIter,
            strum::IntoStaticStr,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        #[non_exhaustive]
        #[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::category)]
        pub enum Category {
            $( $(#[$meta])* $variant, )+
        }

        impl Category {
            /// The SIPRI armament category this category falls under, as the SIPRI export
            /// writes it (`"Armoured vehicles"`).
            ///
            /// ```
            /// use materiel::catalog::Category;
            /// assert_eq!(Category::Manpads.sipri(), "Missiles");
            /// ```
            pub fn sipri(self) -> &'static str {
                match self {
                    $( Category::$variant => $sipri, )+
                }
            }

            /// Oryx's type heading(s) for this category (Russia's spelling first, then
            /// Ukraine's where it differs), or none when Oryx has no heading for it.
            ///
            /// ```
            /// use materiel::catalog::Category;
            /// assert_eq!(Category::Mortar.oryx_headings(), ["Towed Artillery"]);
            /// assert_eq!(Category::Vehicle.oryx_headings().len(), 2);
            /// ```
            pub fn oryx_headings(self) -> &'static [&'static str] {
                match self {
                    $( Category::$variant => { const H: &[&str] = &[$($oryx),*]; H } )+
                }
            }

            /// The category of a SIPRI row of armament category `sipri` (as the export
            /// writes it) when neither the catalog nor a keyword rule says more: the one
            /// category under it where there is one (`Engines`, `Satellites`,
            /// `Naval weapons`), [`Other`](Self::Other) for SIPRI's `Other`; `None` where
            /// SIPRI's category splits (`Aircraft`: combat, trainer, transport, ...) or is not
            /// SIPRI's.
            ///
            /// ```
            /// use materiel::catalog::Category;
            /// assert_eq!(Category::sipri_default("Engines"), Some(Category::Engine));
            /// assert_eq!(Category::sipri_default("Other"), Some(Category::Other));
            /// assert_eq!(Category::sipri_default("Aircraft"), None);
            /// ```
            pub fn sipri_default(sipri: &str) -> Option<Category> {
                if sipri == "Other" {
                    return Some(Category::Other);
                }
                const ALL: &[Category] = &[$(Category::$variant),+];
                let mut under = ALL.iter().filter(|c| c.sipri() == sipri);
                match (under.next(), under.next()) {
                    (Some(&c), None) => Some(c),
                    _ => None,
                }
            }

            /// The kind of a generic fallback in this category: the [`Spec`](super::Spec)
            /// type whose fields fit it.
            ///
            /// ```
            /// use materiel::PlatformKind;
            /// use materiel::catalog::Category;
            /// assert_eq!(Category::Tank.default_kind(), PlatformKind::ArmouredVehicle);
            /// ```
            pub fn default_kind(self) -> PlatformKind {
                match self {
                    $( Category::$variant => PlatformKind::$kind, )+
                }
            }

            /// True for munitions, the categories whose items are spent when used:
            /// missiles of every role, MANPADS, guided bombs, guided shells and rockets,
            /// torpedoes and loitering munitions (the categories of kind
            /// [`PlatformKind::Missile`]). A munition delivered but never assessed is held
            /// "up to" what was delivered ([`Ledger::bounds`](crate::ledger::Ledger::bounds)):
            /// its expenditure is unknown.
            ///
            /// ```
            /// use materiel::catalog::Category;
            /// assert!(Category::Manpads.is_munition());
            /// assert!(Category::GuidedProjectile.is_munition());
            /// assert!(!Category::SamSystem.is_munition());
            /// ```
            pub fn is_munition(self) -> bool {
                self.default_kind() == PlatformKind::Missile
            }
        }
    };
}

categories! {
    /// Fighter, attack and multirole aircraft.
    CombatAircraft => "Aircraft", ["Aircraft"], Aircraft;
    /// Trainer aircraft.
    TrainerAircraft => "Aircraft", ["Aircraft"], Aircraft;
    /// Transport and tanker aircraft.
    TransportAircraft => "Aircraft", ["Aircraft"], Transport;
    /// AEW&C, maritime patrol, reconnaissance and other special-mission aircraft.
    SpecialMissionAircraft => "Aircraft", ["Aircraft"], Aircraft;
    /// Light and utility aircraft.
    LightAircraft => "Aircraft", ["Aircraft"], Aircraft;
    /// Helicopters of every role.
    Helicopter => "Aircraft", ["Helicopters"], Helicopter;
    /// Armed uncrewed aircraft.
    CombatUav => "Aircraft", ["Unmanned Combat Aerial Vehicles"], Uav;
    /// Reconnaissance uncrewed aircraft.
    ReconnaissanceUav => "Aircraft", ["Reconnaissance Unmanned Aerial Vehicles"], Uav;
    /// Main battle tanks and light tanks.
    Tank => "Armoured vehicles", ["Tanks"], ArmouredVehicle;
    /// Armoured fighting vehicles: reconnaissance vehicles, tank destroyers, fire-support vehicles.
    ArmouredFightingVehicle => "Armoured vehicles", ["Armoured Fighting Vehicles"], ArmouredVehicle;
    /// Infantry fighting vehicles.
    InfantryFightingVehicle => "Armoured vehicles", ["Infantry Fighting Vehicles"], ArmouredVehicle;
    /// Armoured personnel carriers.
    ArmouredPersonnelCarrier => "Armoured vehicles", ["Armoured Personnel Carriers"], ArmouredVehicle;
    /// Mine-resistant ambush-protected vehicles.
    Mrap => "Armoured vehicles", ["Mine-Resistant Ambush Protected"], ArmouredVehicle;
    /// Infantry mobility vehicles (SIPRI's armoured patrol vehicles, APVs).
    InfantryMobilityVehicle => "Armoured vehicles", ["Infantry Mobility Vehicles"], ArmouredVehicle;
    /// Command posts and communications stations.
    CommandPost => "Armoured vehicles", ["Command Posts And Communications Stations"], ArmouredVehicle;
    /// Engineering, recovery and bridging vehicles and equipment.
    EngineeringVehicle => "Armoured vehicles", ["Engineering Vehicles And Equipment"], ArmouredVehicle;
    /// Uncrewed ground vehicles.
    UnmannedGroundVehicle => "Armoured vehicles", ["Unmanned Ground Vehicles"], ArmouredVehicle;
    /// Self-propelled anti-tank missile systems.
    SelfPropelledAntiTank => "Armoured vehicles", ["Self-Propelled Anti-Tank Missile Systems"], ArmouredVehicle;
    /// Artillery support vehicles and equipment (ammunition carriers, artillery reconnaissance).
    ArtillerySupportVehicle => "Armoured vehicles", ["Artillery Support Vehicles And Equipment"], ArmouredVehicle;
    /// Towed guns and howitzers.
    TowedArtillery => "Artillery", ["Towed Artillery"], Artillery;
    /// Self-propelled guns and howitzers.
    SelfPropelledArtillery => "Artillery", ["Self-Propelled Artillery"], Artillery;
    /// Multiple rocket launchers and missile artillery.
    RocketArtillery => "Artillery", ["Rocket and Missile Artillery"], Artillery;
    /// Mortars (Oryx counts them under towed artillery).
    Mortar => "Artillery", ["Towed Artillery"], Artillery;
    /// Coastal defence systems.
    CoastalDefence => "Artillery", ["Rocket and Missile Artillery"], Artillery;
    /// Surface-to-air missile systems.
    SamSystem => "Air defence systems", ["Surface-To-Air Missile Systems"], SamSystem;
    /// Towed anti-aircraft guns.
    AntiAircraftGun => "Air defence systems", ["Anti-Aircraft Guns"], Artillery;
    /// Self-propelled anti-aircraft guns.
    SelfPropelledAntiAircraftGun => "Air defence systems", ["Self-Propelled Anti-Aircraft Guns"], ArmouredVehicle;
    /// Radars.
    Radar => "Sensors", ["Radars", "Radars And Communications Equipment"], Generic;
    /// Jammers, deception and other electronic-warfare systems.
    ElectronicWarfare => "Sensors", ["Jammers And Deception Systems"], Generic;
    /// Other sensors (sonars, optronics).
    Sensor => "Sensors", [], Generic;
    /// Air-to-air missiles.
    AirToAirMissile => "Missiles", [], Missile;
    /// Surface-to-air missiles (the interceptors of SAM systems).
    SurfaceToAirMissile => "Missiles", [], Missile;
    /// Man-portable air-defence systems (Oryx counts them under SAM systems).
    Manpads => "Missiles", ["Surface-To-Air Missile Systems"], Missile;
    /// Anti-tank guided missiles.
    AntiTankMissile => "Missiles", [], Missile;
    /// Anti-ship missiles.
    AntiShipMissile => "Missiles", [], Missile;
    /// Air-to-surface missiles, anti-radiation missiles included.
    AirToSurfaceMissile => "Missiles", [], Missile;
    /// Surface-to-surface ballistic and cruise missiles.
    SurfaceToSurfaceMissile => "Missiles", [], Missile;
    /// Guided bombs.
    GuidedBomb => "Missiles", [], Missile;
    /// Guided shells and rockets.
    GuidedProjectile => "Missiles", [], Missile;
    /// Torpedoes.
    Torpedo => "Missiles", [], Missile;
    /// Loitering munitions.
    LoiteringMunition => "Missiles", [], Missile;
    /// Frigates, destroyers, corvettes and other surface combatants.
    SurfaceCombatant => "Ships", ["Naval Ships and Submarines", "Naval Ships"], Ship;
    /// Submarines.
    Submarine => "Ships", ["Naval Ships and Submarines", "Naval Ships"], Ship;
    /// Patrol vessels and boats.
    PatrolVessel => "Ships", ["Naval Ships and Submarines", "Naval Ships"], Ship;
    /// Landing ships and craft.
    AmphibiousShip => "Ships", ["Naval Ships and Submarines", "Naval Ships"], Ship;
    /// Minehunters and minesweepers.
    MineWarfareShip => "Ships", ["Naval Ships and Submarines", "Naval Ships"], Ship;
    /// Auxiliary and support ships.
    AuxiliaryShip => "Ships", ["Naval Ships and Submarines", "Naval Ships"], Ship;
    /// Naval guns and other naval weapons.
    NavalWeapon => "Naval weapons", [], Generic;
    /// Trucks, jeeps, other unarmoured vehicles and trains.
    Vehicle => "Other", ["Trucks, Vehicles, Jeeps, and Trains", "Trucks, Vehicles, and Jeeps"], Generic;
    /// Engines.
    Engine => "Engines", [], Generic;
    /// Satellites.
    Satellite => "Satellites", [], Generic;
    /// Turrets and other components.
    Component => "Other", [], Generic;
    /// Anything else.
    Other => "Other", [], Generic;
}
