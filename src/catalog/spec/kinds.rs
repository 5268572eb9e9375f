//! The spec types, one per [`PlatformKind`], each written with `spec_type!` (see the parent
//! module): its figures, texts, lists and enumerations, with their getters and setters.

#[cfg(doc)]
use super::PlatformKind;
use super::*;

spec_type! {
    /// Figures of a combat, trainer, special-mission or light aircraft
    /// ([`PlatformKind::Aircraft`]).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Catalog;
    /// use materiel::catalog::Spec;
    /// use uom::si::velocity::kilometer_per_hour;
    ///
    /// let c = Catalog::reference();
    /// let su = c.get(&"su-30mk2".parse()?).ok_or("in the catalog")?;
    /// let Spec::Aircraft(spec) = su.spec() else { return Err("an aircraft".into()) };
    /// assert_eq!(spec.crew().and_then(|f| f.value()), Some(2));
    /// let speed = spec.max_speed().and_then(|f| f.value()).and_then(|s| s.velocity());
    /// assert_eq!(speed.map(|v| v.get::<kilometer_per_hour>().round()), Some(2120.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    AircraftSpec;
    required {}
    figures {
        /// Crew members.
        crew: u32, with_crew;
        /// Length overall.
        length: Length, with_length;
        /// Wingspan.
        wingspan: Length, with_wingspan;
        /// Height.
        height: Length, with_height;
        /// Empty mass.
        empty_mass: Mass, with_empty_mass;
        /// Maximum take-off mass.
        max_takeoff_mass: Mass, with_max_takeoff_mass;
        /// Maximum external load (weapons and stores on the hardpoints).
        max_external_load: Mass, with_max_external_load;
        /// Number of hardpoints.
        hardpoints: u32, with_hardpoints;
        /// Maximum speed.
        max_speed: Speed, with_max_speed;
        /// Cruise speed.
        cruise_speed: Speed, with_cruise_speed;
        /// Service ceiling.
        service_ceiling: Length, with_service_ceiling;
        /// Range on internal fuel.
        range: Length, with_range;
        /// Combat radius.
        combat_radius: Length, with_combat_radius;
        /// Ferry range (with external tanks).
        ferry_range: Length, with_ferry_range;
        /// Number of engines.
        engine_count: u32, with_engine_count;
    }
    texts {
        /// Engine model, as text (`Saturn AL-31F`).
        engine, with_engine;
    }
    lists {}
    enums {}
}

spec_type! {
    /// Figures of a transport or tanker aircraft ([`PlatformKind::Transport`]).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Catalog;
    /// use materiel::catalog::Spec;
    /// use uom::si::mass::ton;
    ///
    /// let c = Catalog::reference();
    /// let il76 = c.get(&"il-76td".parse()?).ok_or("in the catalog")?;
    /// let Spec::Transport(spec) = il76.spec() else { return Err("a transport".into()) };
    /// assert_eq!(spec.max_payload().and_then(|f| f.value()).map(|m| m.get::<ton>()), Some(50.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    TransportSpec;
    required {}
    figures {
        /// Crew members.
        crew: u32, with_crew;
        /// Maximum payload.
        max_payload: Mass, with_max_payload;
        /// Range with the maximum payload.
        range_at_max_payload: Length, with_range_at_max_payload;
        /// Range (the condition says with what payload).
        range: Length, with_range;
        /// Ferry range.
        ferry_range: Length, with_ferry_range;
        /// Cruise speed.
        cruise_speed: Speed, with_cruise_speed;
        /// Maximum speed.
        max_speed: Speed, with_max_speed;
        /// Maximum take-off mass.
        max_takeoff_mass: Mass, with_max_takeoff_mass;
        /// Cargo hold length.
        cargo_hold_length: Length, with_cargo_hold_length;
        /// Cargo hold width.
        cargo_hold_width: Length, with_cargo_hold_width;
        /// Cargo hold height.
        cargo_hold_height: Length, with_cargo_hold_height;
        /// Number of engines.
        engine_count: u32, with_engine_count;
    }
    texts {
        /// Engine model, as text.
        engine, with_engine;
    }
    lists {}
    enums {}
}

spec_type! {
    /// Figures of a helicopter ([`PlatformKind::Helicopter`]).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::HelicopterSpec;
    /// assert!(HelicopterSpec::new().rotor_diameter().is_none());
    /// ```
    HelicopterSpec;
    required {}
    figures {
        /// Crew members.
        crew: u32, with_crew;
        /// Passengers (troops) carried.
        passengers: u32, with_passengers;
        /// Length.
        length: Length, with_length;
        /// Main rotor diameter.
        rotor_diameter: Length, with_rotor_diameter;
        /// Empty mass.
        empty_mass: Mass, with_empty_mass;
        /// Maximum take-off mass.
        max_takeoff_mass: Mass, with_max_takeoff_mass;
        /// Maximum speed.
        max_speed: Speed, with_max_speed;
        /// Cruise speed.
        cruise_speed: Speed, with_cruise_speed;
        /// Range.
        range: Length, with_range;
        /// Service ceiling.
        service_ceiling: Length, with_service_ceiling;
        /// Number of engines.
        engine_count: u32, with_engine_count;
    }
    texts {
        /// Engine model, as text.
        engine, with_engine;
    }
    lists {}
    enums {}
}

spec_type! {
    /// Figures of an uncrewed aircraft ([`PlatformKind::Uav`]).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::UavSpec;
    /// assert!(UavSpec::new().endurance().is_none());
    /// ```
    UavSpec;
    required {}
    figures {
        /// Length.
        length: Length, with_length;
        /// Wingspan.
        wingspan: Length, with_wingspan;
        /// Maximum take-off mass.
        max_takeoff_mass: Mass, with_max_takeoff_mass;
        /// Payload mass.
        payload_mass: Mass, with_payload_mass;
        /// Maximum speed.
        max_speed: Speed, with_max_speed;
        /// Cruise speed.
        cruise_speed: Speed, with_cruise_speed;
        /// Endurance.
        endurance: Time, with_endurance;
        /// Range.
        range: Length, with_range;
        /// Service ceiling.
        service_ceiling: Length, with_service_ceiling;
    }
    texts {
        /// Engine model, as text.
        engine, with_engine;
    }
    lists {}
    enums {}
}

spec_type! {
    /// Figures of an armoured vehicle ([`PlatformKind::ArmouredVehicle`]): tanks, IFVs, APCs,
    /// MRAPs and the other armoured categories.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Catalog;
    /// use materiel::catalog::Spec;
    /// use materiel::units::Power;
    /// use uom::si::power::horsepower;
    ///
    /// let c = Catalog::reference();
    /// let t64 = c.get(&"t-64".parse()?).ok_or("in the catalog")?;
    /// let Spec::ArmouredVehicle(spec) = t64.spec() else { return Err("a vehicle".into()) };
    /// assert_eq!(spec.engine_power().and_then(|f| f.value()), Some(Power::new::<horsepower>(750.0)));
    /// assert_eq!(spec.engine(), Some("5TDF diesel"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ArmouredVehicleSpec;
    required {}
    figures {
        /// Crew members.
        crew: u32, with_crew;
        /// Passengers (dismounts) carried.
        passengers: u32, with_passengers;
        /// Combat mass.
        combat_mass: Mass, with_combat_mass;
        /// Length.
        length: Length, with_length;
        /// Width.
        width: Length, with_width;
        /// Height.
        height: Length, with_height;
        /// Calibre of the main gun.
        main_gun_calibre: Length, with_main_gun_calibre;
        /// Maximum road speed.
        max_road_speed: Speed, with_max_road_speed;
        /// Road range.
        road_range: Length, with_road_range;
        /// Engine power.
        engine_power: Power, with_engine_power;
    }
    texts {
        /// Main armament, as text (`125 mm 2A46M smoothbore gun`).
        main_armament, with_main_armament;
        /// Engine model, as text.
        engine, with_engine;
    }
    lists {}
    enums {}
}

spec_type! {
    /// Figures of a gun, howitzer, mortar or rocket launcher ([`PlatformKind::Artillery`]).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::ArtillerySpec;
    /// assert!(ArtillerySpec::new().tubes().is_none());
    /// ```
    ArtillerySpec;
    required {}
    figures {
        /// Crew members.
        crew: u32, with_crew;
        /// Calibre.
        calibre: Length, with_calibre;
        /// Maximum range.
        max_range: Length, with_max_range;
        /// Combat mass.
        combat_mass: Mass, with_combat_mass;
        /// Barrel length.
        barrel_length: Length, with_barrel_length;
        /// Launch tubes (rocket launchers).
        tubes: u32, with_tubes;
        /// Maximum road speed (self-propelled).
        max_road_speed: Speed, with_max_road_speed;
        /// Road range (self-propelled).
        road_range: Length, with_road_range;
        /// Rate of fire, rounds per minute.
        rate_of_fire: u32, with_rate_of_fire;
    }
    texts {}
    lists {}
    enums {}
}

spec_type! {
    /// Figures of a surface-to-air missile system ([`PlatformKind::SamSystem`]). Its
    /// interceptors are separate [`Missile`](PlatformKind::Missile) platforms named by
    /// [`Platform::munitions`](crate::catalog::Platform::munitions).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Catalog;
    /// use materiel::catalog::Spec;
    /// use uom::si::length::kilometer;
    ///
    /// let c = Catalog::reference();
    /// let buk = c.get(&"buk-m2".parse()?).ok_or("in the catalog")?;
    /// let Spec::SamSystem(spec) = buk.spec() else { return Err("a SAM system".into()) };
    /// let range = spec.engagement_range().ok_or("a figure")?;
    /// assert_eq!(range.max().map(|r| r.get::<kilometer>()), Some(45.0));
    /// assert_eq!(spec.targets_engaged().map(|f| f.upper()), Some(24));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    SamSystemSpec;
    required {}
    figures {
        /// Engagement range against aircraft.
        engagement_range: Length, with_engagement_range;
        /// Engagement altitude.
        engagement_altitude: Length, with_engagement_altitude;
        /// Engagement range against ballistic missiles.
        ballistic_engagement_range: Length, with_ballistic_engagement_range;
        /// Targets engaged at once.
        targets_engaged: u32, with_targets_engaged;
        /// Missiles guided at once.
        missiles_guided: u32, with_missiles_guided;
    }
    texts {}
    lists {
        /// Component vehicles and radars, as text (`9S32M guidance radar`).
        components, with_components;
    }
    enums {}
}

spec_type! {
    /// Figures of a missile ([`PlatformKind::Missile`]): guided missiles, interceptors,
    /// MANPADS, guided bombs and projectiles, torpedoes, loitering munitions.
    ///
    /// A MANPADS (role [`MissileRole::Manpads`]) is catalogued as one platform for launcher
    /// and missile, since reports count them together; its [`launch_mass`](Self::launch_mass)
    /// is the missile's, and a ready-to-fire system mass is an alternative with that
    /// condition.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Catalog;
    /// use materiel::catalog::{MissileRole, Spec};
    ///
    /// let c = Catalog::reference();
    /// let kh31 = c.get(&"kh-31a".parse()?).ok_or("in the catalog")?;
    /// let Spec::Missile(spec) = kh31.spec() else { return Err("a missile".into()) };
    /// assert_eq!(spec.role(), MissileRole::AntiShip);
    /// // The pages give a Mach number: kept as one.
    /// let speed = spec.max_speed().ok_or("a figure")?;
    /// assert_eq!(speed.value().and_then(|s| s.mach_number()), Some(3.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    MissileSpec;
    required {
        /// What the missile is for.
        role: MissileRole;
    }
    figures {
        /// Length.
        length: Length, with_length;
        /// Body diameter.
        diameter: Length, with_diameter;
        /// Wingspan.
        wingspan: Length, with_wingspan;
        /// Launch mass of the missile.
        launch_mass: Mass, with_launch_mass;
        /// Warhead mass.
        warhead_mass: Mass, with_warhead_mass;
        /// Range.
        range: Length, with_range;
        /// Maximum speed.
        max_speed: Speed, with_max_speed;
        /// Maximum target altitude.
        max_altitude: Length, with_max_altitude;
    }
    texts {}
    lists {}
    enums {
        /// Terminal guidance.
        guidance: Guidance, with_guidance;
    }
}

spec_type! {
    /// Figures of a ship or submarine ([`PlatformKind::Ship`]).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::ShipSpec;
    /// assert!(ShipSpec::new().displacement().is_none());
    /// ```
    ShipSpec;
    required {}
    figures {
        /// Displacement (full load, unless the condition says otherwise).
        displacement: Mass, with_displacement;
        /// Length.
        length: Length, with_length;
        /// Beam.
        beam: Length, with_beam;
        /// Draught.
        draught: Length, with_draught;
        /// Maximum speed.
        max_speed: Speed, with_max_speed;
        /// Range.
        range: Length, with_range;
        /// Crew (complement).
        crew: u32, with_crew;
        /// Endurance.
        endurance: Time, with_endurance;
    }
    texts {}
    lists {}
    enums {}
}

spec_type! {
    /// Figures of equipment of no other kind ([`PlatformKind::Generic`]): radars, jammers,
    /// trucks, engines, components.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::GenericSpec;
    /// let radar = GenericSpec::new().with_description("3D air-surveillance radar");
    /// assert_eq!(radar.description(), Some("3D air-surveillance radar"));
    /// ```
    GenericSpec;
    required {}
    figures {
        /// Maximum range (detection range of a radar, operating range of a jammer).
        max_range: Length, with_max_range;
        /// Mass.
        mass: Mass, with_mass;
    }
    texts {
        /// Free-text description.
        description, with_description;
    }
    lists {}
    enums {}
}
