//! The space standards of a WSM by building type (domain.md §1, concept §III.3) and the check
//! that lists every breach with its rule, the measured value and the limit.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::values::AreaM2;

/// Most residents in one WSM.
pub const MAX_RESIDENTS_PER_WSM: u32 = 12;
/// Most residents in one housing unit.
pub const MAX_RESIDENTS_PER_UNIT: u32 = 6;
/// Most residents in one flat of a cluster of flats (type 3.1.3).
pub const MAX_RESIDENTS_PER_FLAT: u32 = 4;

/// The three building standards of §III.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum BuildingType {
    /// 3.1.1: a purpose-built building.
    #[serde(rename = "3.1.1")]
    PurposeBuilt,
    /// 3.1.2: an adapted existing building.
    #[serde(rename = "3.1.2")]
    Adapted,
    /// 3.1.3: a cluster of flats.
    #[serde(rename = "3.1.3")]
    Flats,
}

impl BuildingType {
    /// The stored code ("3.1.1", …).
    pub fn code(self) -> &'static str {
        match self {
            Self::PurposeBuilt => "3.1.1",
            Self::Adapted => "3.1.2",
            Self::Flats => "3.1.3",
        }
    }
    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "3.1.1" => Some(Self::PurposeBuilt),
            "3.1.2" => Some(Self::Adapted),
            "3.1.3" => Some(Self::Flats),
            _ => None,
        }
    }
    fn area_per_resident_m2(self) -> i64 {
        match self {
            Self::Adapted => 30,
            Self::PurposeBuilt | Self::Flats => 35,
        }
    }
    /// Allowed deviation, in percent, for a rule in a justified case.
    fn allowed_deviation_pct(self, rule: &str) -> Option<i64> {
        match (self, rule) {
            (Self::Adapted | Self::Flats, RULE_ROOM_AREA) => Some(25),
            (Self::Flats, RULE_AREA_PER_RESIDENT) => Some(20),
            _ => None,
        }
    }
}

/// What a room is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoomKind {
    /// A resident's single room.
    ResidentRoom,
    /// Bathroom.
    Bathroom,
    /// Day room (pokój dzienny).
    DayRoom,
    /// Kitchen.
    Kitchen,
    /// Kitchenette (aneks kuchenny) in a day room.
    Kitchenette,
    /// Staff room.
    StaffRoom,
    /// Medical room.
    Medical,
    /// Rehabilitation / exercise room.
    Rehab,
    /// Laundry.
    Laundry,
    /// Storage.
    Storage,
    /// Anything else.
    Other,
}

impl RoomKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::ResidentRoom => "resident_room",
            Self::Bathroom => "bathroom",
            Self::DayRoom => "day_room",
            Self::Kitchen => "kitchen",
            Self::Kitchenette => "kitchenette",
            Self::StaffRoom => "staff_room",
            Self::Medical => "medical",
            Self::Rehab => "rehab",
            Self::Laundry => "laundry",
            Self::Storage => "storage",
            Self::Other => "other",
        }
    }
    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
    }
}

/// Rule keys, stable: justifications refer to them.
pub const RULE_ROOM_AREA: &str = "room.min_area";
/// 3.1.1: each resident room has its own bathroom.
pub const RULE_OWN_BATHROOM: &str = "room.own_bathroom";
/// 3.1.1: a bathroom has at least 5 m².
pub const RULE_BATHROOM_AREA: &str = "bathroom.min_area";
/// Bathrooms per unit: one per resident (3.1.1) or one per two rooms (3.1.2, 3.1.3).
pub const RULE_BATHROOM_COUNT: &str = "unit.bathrooms";
/// Usable area per resident.
pub const RULE_AREA_PER_RESIDENT: &str = "area.per_resident";
/// Places per unit / flat.
pub const RULE_UNIT_PLACES: &str = "unit.max_residents";
/// Residents living in a unit beyond its places.
pub const RULE_UNIT_OCCUPANCY: &str = "unit.occupancy";
/// Residents per WSM.
pub const RULE_WSM_RESIDENTS: &str = "facility.max_residents";
/// Single rooms: one resident room per place.
pub const RULE_SINGLE_ROOMS: &str = "unit.single_rooms";
/// Required day room.
pub const RULE_DAY_ROOM: &str = "unit.day_room";
/// Required kitchen (or kitchenette).
pub const RULE_KITCHEN: &str = "unit.kitchen";
/// Required staff room (3.1.1, 3.1.2).
pub const RULE_STAFF_ROOM: &str = "unit.staff_room";

/// A room as the check sees it.
#[derive(Debug, Clone)]
pub struct RoomFacts {
    /// Room id.
    pub id: i64,
    /// Room name.
    pub name: String,
    /// Use.
    pub kind: RoomKind,
    /// Floor area.
    pub area: AreaM2,
    /// For a bathroom: the resident room it belongs to.
    pub serves_room: Option<i64>,
}

/// A housing unit (or flat) as the check sees it.
#[derive(Debug, Clone)]
pub struct UnitFacts {
    /// Unit id.
    pub id: i64,
    /// Unit name.
    pub name: String,
    /// Planned places (residents it is designed for).
    pub places: u32,
    /// Residents living there now.
    pub residents: u32,
    /// Its rooms.
    pub rooms: Vec<RoomFacts>,
}

/// A recorded justification for deviating from a rule in a justified case.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct JustificationFacts {
    /// Justification id.
    pub id: i64,
    /// The rule key it is for.
    pub rule: String,
    /// The unit it is for, if the rule is per unit.
    pub unit_id: Option<i64>,
    /// The room it is for, if the rule is per room.
    pub room_id: Option<i64>,
    /// Why.
    pub reason: String,
}

/// One breach of the standard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Breach {
    /// Rule key, e.g. `room.min_area`.
    pub rule: String,
    /// The unit concerned, if any.
    pub unit_id: Option<i64>,
    /// The room concerned, if any.
    pub room_id: Option<i64>,
    /// What is measured, in words (English).
    pub message: String,
    /// The same in Polish, with decimal commas (what the Polish UI shows).
    pub message_pl: String,
    /// Measured value (decimal text).
    #[schema(value_type = String)]
    pub measured: Decimal,
    /// The standard's limit (decimal text).
    #[schema(value_type = String)]
    pub limit: Decimal,
    /// Unit of both numbers: `m2`, `m2_per_resident`, `residents`, `rooms`.
    pub unit: String,
    /// The lowest value a justification can make acceptable, where the standard allows one.
    #[schema(value_type = Option<String>)]
    pub justifiable_to: Option<Decimal>,
    /// A recorded justification for this rule and place, if any.
    pub justification_id: Option<i64>,
    /// True when a recorded justification covers the breach within the allowed deviation.
    pub justified: bool,
}

struct Checker<'a> {
    building: BuildingType,
    justifications: &'a [JustificationFacts],
    breaches: Vec<Breach>,
}

impl Checker<'_> {
    /// Records a breach of a "value ≥ limit" rule (or "value ≤ limit" when `at_most`).
    #[allow(clippy::too_many_arguments)]
    fn breach(&mut self, rule: &str, unit_id: Option<i64>, room_id: Option<i64>, (message, message_pl): (String, String), measured: Decimal, limit: Decimal, unit: &str) {
        let justification = self
            .justifications
            .iter()
            .find(|j| j.rule == rule && j.room_id == room_id && (room_id.is_some() || j.unit_id == unit_id));
        let justifiable_to = self
            .building
            .allowed_deviation_pct(rule)
            .map(|pct| (limit * Decimal::from(100 - pct) / Decimal::from(100)).round_dp(2));
        let justified = match (justification, justifiable_to) {
            (Some(_), Some(floor)) => measured >= floor,
            _ => false,
        };
        self.breaches.push(Breach {
            rule: rule.to_string(),
            unit_id,
            room_id,
            message,
            message_pl,
            measured,
            limit,
            unit: unit.to_string(),
            justifiable_to,
            justification_id: justification.map(|j| j.id),
            justified,
        });
    }
}

/// A measure as Polish writes it: `13,50`, whole numbers without decimals (`30`).
fn pl(d: Decimal) -> String {
    let s = format!("{:.2}", d.round_dp(2)).replace('.', ",");
    s.strip_suffix(",00").map(str::to_string).unwrap_or(s)
}

fn m2(a: AreaM2) -> Decimal {
    a.decimal()
}

/// Checks a facility against its building type's standard; returns every breach.
///
/// Area per resident is measured against planned places (the standard is about what the
/// building is for); for a cluster of flats (3.1.3) per flat, otherwise for the whole WSM.
pub fn check(building: BuildingType, units: &[UnitFacts], justifications: &[JustificationFacts]) -> Vec<Breach> {
    let mut c = Checker { building, justifications, breaches: Vec::new() };
    let fifteen = Decimal::from(15);
    let per_unit_max = if building == BuildingType::Flats { MAX_RESIDENTS_PER_FLAT } else { MAX_RESIDENTS_PER_UNIT };

    let total_places: u32 = units.iter().map(|u| u.places).sum();
    let total_residents: u32 = units.iter().map(|u| u.residents).sum();
    let wsm_count = total_places.max(total_residents);
    if wsm_count > MAX_RESIDENTS_PER_WSM {
        c.breach(RULE_WSM_RESIDENTS, None, None, (format!("the WSM has {wsm_count} places/residents; at most {MAX_RESIDENTS_PER_WSM}"), format!("WSM ma {wsm_count} miejsc/mieszkańców; najwyżej {MAX_RESIDENTS_PER_WSM}")), wsm_count.into(), MAX_RESIDENTS_PER_WSM.into(), "residents");
    }

    for u in units {
        let uid = Some(u.id);
        let name = &u.name;
        if u.places > per_unit_max {
            c.breach(RULE_UNIT_PLACES, uid, None, (format!("unit '{name}' has {} places; at most {per_unit_max}", u.places), format!("zespół „{name}” ma {} miejsc; najwyżej {per_unit_max}", u.places)), u.places.into(), per_unit_max.into(), "residents");
        }
        if u.residents > u.places {
            c.breach(RULE_UNIT_OCCUPANCY, uid, None, (format!("unit '{name}' houses {} residents in {} places", u.residents, u.places), format!("w zespole „{name}” mieszka {} osób na {} miejsc", u.residents, u.places)), u.residents.into(), u.places.into(), "residents");
        }
        let resident_rooms: Vec<&RoomFacts> = u.rooms.iter().filter(|r| r.kind == RoomKind::ResidentRoom).collect();
        let bathrooms: Vec<&RoomFacts> = u.rooms.iter().filter(|r| r.kind == RoomKind::Bathroom).collect();
        if (resident_rooms.len() as u32) < u.places {
            c.breach(RULE_SINGLE_ROOMS, uid, None, (format!("unit '{name}' has {} resident rooms for {} places; rooms are single", resident_rooms.len(), u.places), format!("zespół „{name}” ma {} pokoi mieszkalnych na {} miejsc; pokoje są jednoosobowe", resident_rooms.len(), u.places)), resident_rooms.len().into(), u.places.into(), "rooms");
        }
        for r in &resident_rooms {
            if m2(r.area) < fifteen {
                c.breach(RULE_ROOM_AREA, uid, Some(r.id), (format!("resident room '{}' has {} m²; at least 15 m²", r.name, r.area), format!("pokój mieszkalny „{}” ma {} m²; co najmniej 15 m²", r.name, pl(m2(r.area)))), m2(r.area), fifteen, "m2");
            }
            if building == BuildingType::PurposeBuilt && !bathrooms.iter().any(|b| b.serves_room == Some(r.id)) {
                c.breach(RULE_OWN_BATHROOM, uid, Some(r.id), (format!("resident room '{}' has no own bathroom", r.name), format!("pokój mieszkalny „{}” nie ma własnej łazienki", r.name)), Decimal::ZERO, Decimal::ONE, "rooms");
            }
        }
        if building == BuildingType::PurposeBuilt {
            for b in &bathrooms {
                if m2(b.area) < Decimal::from(5) {
                    c.breach(RULE_BATHROOM_AREA, uid, Some(b.id), (format!("bathroom '{}' has {} m²; at least 5 m²", b.name, b.area), format!("łazienka „{}” ma {} m²; co najmniej 5 m²", b.name, pl(m2(b.area)))), m2(b.area), Decimal::from(5), "m2");
                }
            }
        }
        let needed_bathrooms = match building {
            BuildingType::PurposeBuilt => u.places as usize,
            _ => resident_rooms.len().max(u.places as usize).div_ceil(2),
        };
        if bathrooms.len() < needed_bathrooms {
            c.breach(RULE_BATHROOM_COUNT, uid, None, (format!("unit '{name}' has {} bathrooms; at least {needed_bathrooms}", bathrooms.len()), format!("zespół „{name}” ma {} łazienek; co najmniej {needed_bathrooms}", bathrooms.len())), bathrooms.len().into(), needed_bathrooms.into(), "rooms");
        }
        let has = |k: RoomKind| u.rooms.iter().any(|r| r.kind == k);
        if !has(RoomKind::DayRoom) {
            c.breach(RULE_DAY_ROOM, uid, None, (format!("unit '{name}' has no day room"), format!("zespół „{name}” nie ma pokoju dziennego")), Decimal::ZERO, Decimal::ONE, "rooms");
        }
        if !has(RoomKind::Kitchen) && !has(RoomKind::Kitchenette) {
            c.breach(RULE_KITCHEN, uid, None, (format!("unit '{name}' has no kitchen or kitchenette"), format!("zespół „{name}” nie ma kuchni ani aneksu kuchennego")), Decimal::ZERO, Decimal::ONE, "rooms");
        }
        if building != BuildingType::Flats && !has(RoomKind::StaffRoom) {
            c.breach(RULE_STAFF_ROOM, uid, None, (format!("unit '{name}' has no staff room"), format!("zespół „{name}” nie ma pokoju dla personelu")), Decimal::ZERO, Decimal::ONE, "rooms");
        }
        if building == BuildingType::Flats && u.places > 0 {
            let area: Decimal = u.rooms.iter().map(|r| m2(r.area)).sum();
            per_resident(&mut c, uid, (&format!("flat '{name}'"), &format!("mieszkanie „{name}”")), area, u.places);
        }
    }
    if building != BuildingType::Flats && total_places > 0 {
        let area: Decimal = units.iter().flat_map(|u| &u.rooms).map(|r| m2(r.area)).sum();
        per_resident(&mut c, None, ("the WSM", "WSM"), area, total_places);
    }
    c.breaches
}

fn per_resident(c: &mut Checker<'_>, unit_id: Option<i64>, (what, what_pl): (&str, &str), area: Decimal, places: u32) {
    let limit = Decimal::from(c.building.area_per_resident_m2());
    let measured = (area / Decimal::from(places)).round_dp(2);
    if measured < limit {
        c.breach(RULE_AREA_PER_RESIDENT, unit_id, None, (format!("{what} has {measured} m² usable area per resident; at least {limit} m²"), format!("{what_pl}: {} m² powierzchni użytkowej na mieszkańca; co najmniej {} m²", pl(measured), pl(limit))), measured, limit, "m2_per_resident");
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn room(id: i64, kind: RoomKind, area: &str, serves: Option<i64>) -> RoomFacts {
        RoomFacts { id, name: format!("r{id}"), kind, area: AreaM2::parse(Decimal::from_str(area).unwrap()).unwrap(), serves_room: serves }
    }

    /// A purpose-built unit of `n` residents that meets every rule.
    fn good_unit(id: i64, n: u32) -> UnitFacts {
        let mut rooms = Vec::new();
        for i in 0..n as i64 {
            rooms.push(room(id * 100 + i, RoomKind::ResidentRoom, "18", None));
            rooms.push(room(id * 100 + 50 + i, RoomKind::Bathroom, "5.5", Some(id * 100 + i)));
        }
        rooms.push(room(id * 100 + 90, RoomKind::DayRoom, "60", None));
        rooms.push(room(id * 100 + 91, RoomKind::Kitchen, "30", None));
        rooms.push(room(id * 100 + 92, RoomKind::StaffRoom, "12", None));
        rooms.push(room(id * 100 + 93, RoomKind::Other, "40", None));
        UnitFacts { id, name: format!("u{id}"), places: n, residents: n, rooms }
    }

    #[test]
    fn two_good_units_of_six_meet_the_purpose_built_standard() {
        let units = [good_unit(1, 6), good_unit(2, 6)];
        assert_eq!(check(BuildingType::PurposeBuilt, &units, &[]), vec![]);
    }

    #[test]
    fn a_small_room_is_a_breach_with_measured_value_and_limit() {
        let mut u = good_unit(1, 6);
        u.rooms[0] = room(100, RoomKind::ResidentRoom, "14.5", None);
        let b = check(BuildingType::PurposeBuilt, &[u], &[]);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].rule, RULE_ROOM_AREA);
        assert_eq!(b[0].room_id, Some(100));
        assert_eq!(b[0].measured.to_string(), "14.50");
        assert_eq!(b[0].limit, Decimal::from(15));
        assert!(!b[0].justified);
        assert_eq!(b[0].justifiable_to, None, "3.1.1 allows no deviation");
        assert_eq!(b[0].message, "resident room 'r100' has 14.50 m²; at least 15 m²");
        assert_eq!(b[0].message_pl, "pokój mieszkalny „r100” ma 14,50 m²; co najmniej 15 m²");
    }

    #[test]
    fn an_adapted_building_may_justify_rooms_down_to_minus_25_percent_and_no_further() {
        let mut u = good_unit(1, 4);
        u.rooms[0] = room(100, RoomKind::ResidentRoom, "11.25", None);
        u.rooms[2] = room(101, RoomKind::ResidentRoom, "11.24", None);
        let j = |id, room_id| JustificationFacts { id, rule: RULE_ROOM_AREA.into(), unit_id: Some(1), room_id: Some(room_id), reason: "listed building".into() };
        let b = check(BuildingType::Adapted, std::slice::from_ref(&u), &[j(7, 100), j(8, 101)]);
        let rooms: Vec<_> = b.iter().filter(|b| b.rule == RULE_ROOM_AREA).collect();
        assert_eq!(rooms.len(), 2);
        assert!(rooms[0].justified);
        assert_eq!(rooms[0].justification_id, Some(7));
        assert_eq!(rooms[0].justifiable_to.unwrap().to_string(), "11.25");
        assert!(!rooms[1].justified, "beyond −25 % is a breach even when justified");
        assert_eq!(rooms[1].justification_id, Some(8));
        // Without a justification nothing is covered.
        let b = check(BuildingType::Adapted, &[u], &[]);
        assert!(b.iter().all(|b| !b.justified));
    }

    #[test]
    fn purpose_built_needs_own_bathrooms_of_five_square_metres() {
        let mut u = good_unit(1, 2);
        u.rooms[1] = room(150, RoomKind::Bathroom, "4.99", Some(999));
        let b = check(BuildingType::PurposeBuilt, &[u], &[]);
        let rules: Vec<&str> = b.iter().map(|b| b.rule.as_str()).collect();
        assert_eq!(rules, vec![RULE_OWN_BATHROOM, RULE_BATHROOM_AREA]);
    }

    #[test]
    fn adapted_building_needs_one_bathroom_per_two_rooms_and_a_staff_room() {
        let mut u = good_unit(1, 5);
        u.rooms.retain(|r| !(r.kind == RoomKind::Bathroom && r.id >= 152) && r.kind != RoomKind::StaffRoom);
        let b = check(BuildingType::Adapted, &[u], &[]);
        let bath = b.iter().find(|b| b.rule == RULE_BATHROOM_COUNT).unwrap();
        assert_eq!((bath.measured, bath.limit), (Decimal::from(2), Decimal::from(3)));
        assert!(b.iter().any(|b| b.rule == RULE_STAFF_ROOM));
    }

    #[test]
    fn a_flat_holds_at_most_four_and_needs_no_staff_room() {
        let mut u = good_unit(1, 5);
        u.rooms.retain(|r| r.kind != RoomKind::StaffRoom);
        let b = check(BuildingType::Flats, &[u], &[]);
        let rules: Vec<&str> = b.iter().map(|b| b.rule.as_str()).collect();
        assert_eq!(rules, vec![RULE_UNIT_PLACES]);
    }

    #[test]
    fn kitchenette_replaces_kitchen_but_day_room_is_required() {
        let mut u = good_unit(1, 3);
        u.rooms.retain(|r| r.kind != RoomKind::Kitchen && r.kind != RoomKind::DayRoom);
        u.rooms.push(room(199, RoomKind::Kitchenette, "8", None));
        u.rooms.push(room(198, RoomKind::Other, "80", None));
        let b = check(BuildingType::PurposeBuilt, &[u], &[]);
        let rules: Vec<&str> = b.iter().map(|b| b.rule.as_str()).collect();
        assert_eq!(rules, vec![RULE_DAY_ROOM]);
    }

    #[test]
    fn area_per_resident_in_flats_may_be_justified_down_to_minus_20_percent() {
        // 4 places, 112 m² → 28 m² per resident = 35 × 0.8 exactly.
        let u = UnitFacts {
            id: 1,
            name: "flat 1".into(),
            places: 4,
            residents: 4,
            rooms: vec![
                room(1, RoomKind::ResidentRoom, "15", None),
                room(2, RoomKind::ResidentRoom, "15", None),
                room(3, RoomKind::ResidentRoom, "15", None),
                room(4, RoomKind::ResidentRoom, "15", None),
                room(5, RoomKind::Bathroom, "6", None),
                room(6, RoomKind::Bathroom, "6", None),
                room(7, RoomKind::DayRoom, "30", None),
                room(8, RoomKind::Kitchenette, "10", None),
            ],
        };
        let b = check(BuildingType::Flats, std::slice::from_ref(&u), &[]);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].rule, RULE_AREA_PER_RESIDENT);
        assert_eq!(b[0].measured.to_string(), "28.00");
        let j = JustificationFacts { id: 1, rule: RULE_AREA_PER_RESIDENT.into(), unit_id: Some(1), room_id: None, reason: "city centre flat".into() };
        let b = check(BuildingType::Flats, &[u], &[j]);
        assert!(b[0].justified);
    }

    #[test]
    fn too_many_residents_in_a_unit_and_in_the_wsm_are_breaches() {
        let mut a = good_unit(1, 6);
        a.residents = 7;
        let b = good_unit(2, 6);
        let c = good_unit(3, 1);
        let breaches = check(BuildingType::PurposeBuilt, &[a, b, c], &[]);
        let rules: Vec<&str> = breaches.iter().map(|b| b.rule.as_str()).collect();
        assert!(rules.contains(&RULE_WSM_RESIDENTS));
        assert!(rules.contains(&RULE_UNIT_OCCUPANCY));
    }
}
