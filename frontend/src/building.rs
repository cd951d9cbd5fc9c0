//! The building editor: housing units and rooms against the space standards. Each breach is
//! shown next to its room or unit with the rule and the limit; a justification is recorded
//! inline where the standard allows one. Every change goes through the JSON API (validation,
//! optimistic locking with the edit version, audit), and the standards report is recomputed
//! from the saved building at once.

use leptos::prelude::*;

use crate::dashboard::FacilityNav;
use crate::i18n::{t, tr, Key, Lang};
use crate::ui::{in_lang, measure_unit, number};
use crate::ui::{error_text, load_error};
use crate::model::{BreachView, Building, RoomView, UiError, UnitView};

/// Room kinds: code, Polish, English.
pub const ROOM_KINDS: &[(&str, &str, &str)] = &[
    ("resident_room", "pokój mieszkańca", "resident's room"),
    ("bathroom", "łazienka", "bathroom"),
    ("day_room", "pokój dzienny", "day room"),
    ("kitchen", "kuchnia", "kitchen"),
    ("kitchenette", "aneks kuchenny", "kitchenette"),
    ("staff_room", "pokój personelu", "staff room"),
    ("medical", "gabinet medyczny", "medical room"),
    ("rehab", "sala rehabilitacji", "rehabilitation room"),
    ("laundry", "pralnia", "laundry"),
    ("storage", "magazyn", "storage"),
    ("other", "inne", "other"),
];

fn kind_name(lang: Lang, code: &str) -> &'static str {
    ROOM_KINDS.iter().find(|k| k.0 == code).map_or("—", |k| tr(lang, k.1, k.2))
}

#[cfg(feature = "ssr")]
fn breach(v: &serde_json::Value) -> BreachView {
    use crate::backend::text;
    BreachView {
        rule: text(&v["rule"]),
        message: text(&v["message"]),
        message_pl: text(&v["message_pl"]),
        measured: text(&v["measured"]),
        limit: text(&v["limit"]),
        unit: text(&v["unit"]),
        justifiable_to: v["justifiable_to"].as_str().map(str::to_string),
        justified: v["justified"].as_bool().unwrap_or(false),
        unit_id: v["unit_id"].as_i64(),
        room_id: v["room_id"].as_i64(),
    }
}

/// The facility's units, rooms, breaches and justifications.
#[server]
pub async fn get_building(facility_id: i64) -> Result<Building, UiError> {
    use crate::backend::{api, items, text};
    let f = api("GET", format!("/api/v1/facilities/{facility_id}"), None, None).await?;
    let report = api("GET", format!("/api/v1/facilities/{facility_id}/standards"), None, None).await?;
    let all: Vec<BreachView> = items(&report["breaches"]).iter().map(breach).collect();
    let mut places = Vec::new();
    let units = items(&f["units"])
        .iter()
        .map(|u| {
            let uid = u["id"].as_i64().unwrap_or_default();
            places.push((Some(uid), None, text(&u["name"])));
            let rooms = items(&u["rooms"])
                .iter()
                .map(|r| {
                    let rid = r["id"].as_i64().unwrap_or_default();
                    places.push((Some(uid), Some(rid), format!("{} / {}", text(&u["name"]), text(&r["name"]))));
                    RoomView {
                        id: rid,
                        name: text(&r["name"]),
                        kind: text(&r["kind"]),
                        area: text(&r["area_m2"]),
                        accessible: r["accessible"].as_bool().unwrap_or(false),
                        serves: r["serves_room_id"].as_i64(),
                        version: r["version"].as_i64().unwrap_or_default(),
                        breaches: all.iter().filter(|b| b.room_id == Some(rid)).cloned().collect(),
                    }
                })
                .collect();
            UnitView {
                id: uid,
                name: text(&u["name"]),
                places: u["places"].as_u64().unwrap_or_default() as u32,
                residents: u["residents"].as_u64().unwrap_or_default() as u32,
                rooms,
                breaches: all.iter().filter(|b| b.unit_id == Some(uid) && b.room_id.is_none()).cloned().collect(),
            }
        })
        .collect();
    let place = |unit: Option<i64>, room: Option<i64>| places.iter().find(|p| p.1 == room && (room.is_some() || p.0 == unit)).map_or_else(|| text(&f["name"]), |p| p.2.clone());
    let justifications = items(&f["justifications"])
        .iter()
        .map(|j| (j["id"].as_i64().unwrap_or_default(), text(&j["rule"]), place(j["unit_id"].as_i64(), j["room_id"].as_i64()), text(&j["reason"])))
        .collect();
    Ok(Building {
        facility_id,
        name: text(&f["name"]),
        building_type: text(&f["building_type"]),
        units,
        breaches: all.iter().filter(|b| b.unit_id.is_none() && b.room_id.is_none()).cloned().collect(),
        justifications,
    })
}

#[cfg(feature = "ssr")]
fn room_body(name: &str, kind: &str, area: &str, accessible: &Option<String>, serves: &str) -> Result<serde_json::Value, UiError> {
    let serves = if serves.trim().is_empty() {
        serde_json::Value::Null
    } else {
        serves.trim().parse::<i64>().map(serde_json::Value::from).map_err(|_| crate::ui::invalid("serves_room_id", "wybierz pokój", "pick a room"))?
    };
    Ok(serde_json::json!({"name": name, "kind": kind, "area_m2": area.trim().replace(',', "."), "accessible": accessible.is_some(), "serves_room_id": serves}))
}

/// Saves a room (`version` is the one the form showed: a concurrent edit is refused).
#[server]
pub async fn save_room(room_id: i64, version: i64, name: String, kind: String, area: String, accessible: Option<String>, serves: String) -> Result<(), UiError> {
    let body = room_body(&name, &kind, &area, &accessible, &serves)?;
    crate::backend::api("PUT", format!("/api/v1/rooms/{room_id}"), Some(body), Some(version)).await.map(|_| ())
}

/// Adds a room to a unit.
#[server]
pub async fn add_room(unit_id: i64, name: String, kind: String, area: String, accessible: Option<String>, serves: String) -> Result<(), UiError> {
    let body = room_body(&name, &kind, &area, &accessible, &serves)?;
    crate::backend::api("POST", format!("/api/v1/units/{unit_id}/rooms"), Some(body), None).await.map(|_| ())
}

/// Removes a room.
#[server]
pub async fn remove_room(room_id: i64) -> Result<(), UiError> {
    crate::backend::api("DELETE", format!("/api/v1/rooms/{room_id}"), None, None).await.map(|_| ())
}

/// Adds a housing unit.
#[server]
pub async fn add_unit(facility_id: i64, name: String, places: String, accessible: Option<String>) -> Result<(), UiError> {
    let places: u32 = places.trim().parse().map_err(|_| crate::ui::invalid("places", "liczba miejsc musi być liczbą całkowitą", "must be a whole number of places"))?;
    crate::backend::api("POST", format!("/api/v1/facilities/{facility_id}/units"), Some(serde_json::json!({"name": name, "places": places, "accessible": accessible.is_some()})), None).await.map(|_| ())
}

/// Records why a deviation is justified.
#[server]
pub async fn justify(facility_id: i64, rule: String, unit_id: Option<i64>, room_id: Option<i64>, reason: String) -> Result<(), UiError> {
    let body = serde_json::json!({"rule": rule, "unit_id": unit_id, "room_id": room_id, "reason": reason});
    crate::backend::api("POST", format!("/api/v1/facilities/{facility_id}/justifications"), Some(body), None).await.map(|_| ())
}

/// `/placowki/:id/budynek`.
#[component]
pub fn BuildingRoute() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let facility = crate::app::id_param();
    let save = ServerAction::<SaveRoom>::new();
    let add = ServerAction::<AddRoom>::new();
    let remove = ServerAction::<RemoveRoom>::new();
    let unit = ServerAction::<AddUnit>::new();
    let just = ServerAction::<Justify>::new();
    let data = Resource::new(
        move || (facility(), save.version().get(), add.version().get(), remove.version().get(), unit.version().get(), just.version().get()),
        |(f, ..)| get_building(f),
    );
    let actions = Actions { save, add, remove, unit, just };
    view! {
        <Suspense fallback=move || view! { <p class="notice">{t(lang, Key::Loading)}</p> }>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok(b) => view! { <BuildingView b actions/> }.into_any(),
                        Err(e) => load_error(lang, e),
                    })
            }}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    save: ServerAction<SaveRoom>,
    add: ServerAction<AddRoom>,
    remove: ServerAction<RemoveRoom>,
    unit: ServerAction<AddUnit>,
    just: ServerAction<Justify>,
}

#[component]
fn BuildingView(b: Building, actions: Actions) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let f = b.facility_id;
    let errors = move || {
        [
            actions.save.value().get().and_then(|r| r.err()),
            actions.add.value().get().and_then(|r| r.err()),
            actions.remove.value().get().and_then(|r| r.err()),
            actions.unit.value().get().and_then(|r| r.err()),
            actions.just.value().get().and_then(|r| r.err()),
        ]
        .into_iter()
        .flatten()
        .map(|e| view! { <p class="error" role="alert" id="building-error">{error_text(lang, &e)}</p> })
        .collect_view()
    };
    let passes = b.units.iter().all(|u| u.breaches.iter().all(|x| x.justified) && u.rooms.iter().all(|r| r.breaches.iter().all(|x| x.justified))) && b.breaches.iter().all(|x| x.justified);
    view! {
        <p><a href="/">{t(lang, Key::Back)}</a></p>
        <h1>{format!("{} — {}", b.name, tr(lang, "budynek", "building"))}</h1>
        <FacilityNav facility_id=f/>
        <p>
            {format!("{}: {} ", t(lang, Key::BuildingType), b.building_type)}
            {if passes { view! { <span class="badge ok" id="standards-ok">{t(lang, Key::NoBreaches)}</span> }.into_any() } else { view! { <span class="badge bad" id="standards-bad">{t(lang, Key::Breaches)}</span> }.into_any() }}
        </p>
        {errors}
        {b.breaches.iter().cloned().map(|x| view! { <BreachLine b=x facility_id=f just=actions.just/> }).collect_view()}
        {b.units.iter().cloned().map(|u| view! { <UnitCard u facility_id=f actions/> }).collect_view()}
        <section class="card" aria-labelledby="new-unit-title">
            <h2 id="new-unit-title">{tr(lang, "Nowe mieszkanie", "New housing unit")}</h2>
            <ActionForm action=actions.unit attr:id="unit-form" attr:class="row">
                <input type="hidden" name="facility_id" value=f.to_string()/>
                <label>{t(lang, Key::Unit)}<input name="name" required/></label>
                <label>{tr(lang, "Miejsca (1–6)", "Places (1–6)")}<input name="places" type="number" min="1" max="6" required/></label>
                <label class="check"><input type="checkbox" name="accessible" value="on"/>{tr(lang, "Dostępne", "Accessible")}</label>
                <button type="submit">{tr(lang, "Dodaj", "Add")}</button>
            </ActionForm>
        </section>
        {(!b.justifications.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="just-title">
                <h2 id="just-title">{tr(lang, "Uzasadnione odstępstwa", "Justified deviations")}</h2>
                <ul id="justifications">{b.justifications.iter().map(|(_, rule, place, reason)| view! { <li><code>{rule.clone()}</code>{format!(" · {place}: {reason}")}</li> }).collect_view()}</ul>
            </section>
        })}
    }
}

#[component]
fn BreachLine(b: BreachView, facility_id: i64, just: ServerAction<Justify>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let unit = measure_unit(lang, &b.unit);
    let text = format!(
        "{} — {} {} {unit}, {} {} {unit}{}",
        b.rule,
        tr(lang, "jest", "measured"),
        number(lang, &b.measured),
        tr(lang, "norma", "limit"),
        number(lang, &b.limit),
        b.justifiable_to.as_ref().map_or(String::new(), |j| format!(" ({} {} {unit})", tr(lang, "z uzasadnieniem do", "with a justification down to"), number(lang, j))),
    );
    let rule = b.rule.clone();
    let form = (!b.justified && b.justifiable_to.is_some()).then(|| {
        let b = b.clone();
        let id = format!("why-{}-{}-{}", b.rule.replace('.', "-"), b.unit_id.unwrap_or(0), b.room_id.unwrap_or(0));
        view! {
            <ActionForm action=just attr:class="row justify-form">
                <input type="hidden" name="facility_id" value=facility_id.to_string()/>
                <input type="hidden" name="rule" value=b.rule.clone()/>
                {b.unit_id.map(|u| view! { <input type="hidden" name="unit_id" value=u.to_string()/> })}
                {b.room_id.map(|r| view! { <input type="hidden" name="room_id" value=r.to_string()/> })}
                <label for=id.clone()>{tr(lang, "Uzasadnienie", "Justification")}</label>
                <input id=id name="reason" required/>
                <button type="submit" class="secondary">{tr(lang, "Zapisz uzasadnienie", "Record")}</button>
            </ActionForm>
        }
    });
    view! {
        <div class=if b.justified { "breach justified muted" } else { "breach" } data-rule=rule role="note">
            <p>{in_lang(lang, &b.message, &b.message_pl)}</p>
            <p><small>{text}</small>{b.justified.then(|| view! { " " <span class="badge ok">{tr(lang, "uzasadnione", "justified")}</span> })}</p>
            {form}
        </div>
    }
}

#[component]
fn UnitCard(u: UnitView, facility_id: i64, actions: Actions) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let resident_rooms: Vec<(i64, String)> = u.rooms.iter().filter(|r| r.kind == "resident_room").map(|r| (r.id, r.name.clone())).collect();
    let rooms = u.rooms.iter().cloned().map(|r| view! { <RoomRow r resident_rooms=resident_rooms.clone() facility_id actions/> }).collect_view();
    let uid = u.id;
    view! {
        <section class="card unit" data-unit=u.id aria-labelledby=format!("unit-{}", u.id)>
            <h2 id=format!("unit-{}", u.id)>{format!("{} · {} / {} {}", u.name, u.residents, u.places, t(lang, Key::Places))}</h2>
            {u.breaches.iter().cloned().map(|x| view! { <BreachLine b=x facility_id just=actions.just/> }).collect_view()}
            <ul class="rooms plain">{rooms}</ul>
            <h3>{tr(lang, "Nowe pomieszczenie", "New room")}</h3>
            <ActionForm action=actions.add attr:class="row add-room">
                <input type="hidden" name="unit_id" value=uid.to_string()/>
                <input type="hidden" name="serves" value=""/>
                <label>{tr(lang, "Nazwa", "Name")}<input name="name" required/></label>
                <label>{tr(lang, "Rodzaj", "Kind")}<KindSelect current=String::from("resident_room")/></label>
                <label>{tr(lang, "Powierzchnia m²", "Area m²")}<input name="area" inputmode="decimal" required/></label>
                <label class="check"><input type="checkbox" name="accessible" value="on"/>{tr(lang, "Dostępne", "Accessible")}</label>
                <button type="submit">{tr(lang, "Dodaj", "Add")}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn KindSelect(current: String) -> impl IntoView {
    let lang = expect_context::<Lang>();
    view! {
        <select name="kind">
            {ROOM_KINDS.iter().map(|(code, pl, en)| view! { <option value=*code selected=*code == current>{tr(lang, pl, en)}</option> }).collect_view()}
        </select>
    }
}

#[component]
fn RoomRow(r: RoomView, resident_rooms: Vec<(i64, String)>, facility_id: i64, actions: Actions) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let id = r.id;
    let bathroom = r.kind == "bathroom";
    let (name, kind, area, version) = (r.name.clone(), r.kind.clone(), r.area.clone(), r.version);
    let remove_label = format!("{} {}", tr(lang, "Usuń", "Remove"), r.name);
    let kind_text = kind_name(lang, &r.kind);
    view! {
        <li class="room" data-room=r.id>
            <ActionForm action=actions.save attr:class="row room-form">
                <input type="hidden" name="room_id" value=id.to_string()/>
                <input type="hidden" name="version" value=version.to_string()/>
                <label>{tr(lang, "Nazwa", "Name")}<input name="name" value=name.clone() required/></label>
                <label>{tr(lang, "Rodzaj", "Kind")}<KindSelect current=kind.clone()/></label>
                <label>{tr(lang, "Powierzchnia m²", "Area m²")}<input name="area" class="area" value=area.clone() inputmode="decimal" required/></label>
                <label class="check"><input type="checkbox" name="accessible" value="on" checked=r.accessible/>{tr(lang, "Dostępne", "Accessible")}</label>
                {if bathroom {
                    view! {
                        <label>{tr(lang, "Przy pokoju", "Serves room")}
                            <select name="serves">
                                <option value="">{"—"}</option>
                                {resident_rooms.iter().map(|(rid, n)| view! { <option value=rid.to_string() selected=r.serves == Some(*rid)>{n.clone()}</option> }).collect_view()}
                            </select>
                        </label>
                    }.into_any()
                } else {
                    view! { <input type="hidden" name="serves" value=""/> }.into_any()
                }}
                <button type="submit">{t(lang, Key::Save)}</button>
            </ActionForm>
            <ActionForm action=actions.remove attr:class="row">
                <input type="hidden" name="room_id" value=id.to_string()/>
                <button type="submit" class="secondary" aria-label=remove_label.clone()>{tr(lang, "Usuń", "Remove")}</button>
            </ActionForm>
            <p class="muted"><small>{kind_text}</small></p>
            {r.breaches.iter().cloned().map(|x| view! { <BreachLine b=x facility_id just=actions.just/> }).collect_view()}
        </li>
    }
}
