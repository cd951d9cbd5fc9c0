//! The HTTP API against the real server on 127.0.0.1:0, on SQLite and (when configured)
//! PostgreSQL: who may call what, bad input answered with the exact error and nothing
//! written, stale edits, admission, audit, probes.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use wsm_server::domain::standards::BuildingType;
use wsm_server::domain::vetting::ALL_CHECKS;
use wsm_server::store::model::*;
use wsm_tests::fixtures::{carer, d, layout, resident, Layout};
use wsm_tests::{account, client, databases, start, TestApp};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Admin,
    Manager,
    OtherManager,
    Staff,
    Funder,
    Anonymous,
}

const EVERYONE: [Who; 6] = [Who::Admin, Who::Manager, Who::OtherManager, Who::Staff, Who::Funder, Who::Anonymous];

struct World {
    app: TestApp,
    layout: Layout,
    other: Layout,
    worker: i64,
    clients: Vec<(Who, reqwest::Client)>,
}

impl World {
    fn client(&self, who: Who) -> &reqwest::Client {
        &self.clients.iter().find(|(w, _)| *w == who).expect("client").1
    }

    async fn call(&self, who: Who, method: Method, path: &str, body: Option<Value>, version: Option<i64>) -> (StatusCode, Value) {
        let mut req = self.client(who).request(method, format!("{}{path}", self.app.base));
        if let Some(b) = body {
            req = req.json(&b);
        }
        if let Some(v) = version {
            req = req.header("If-Match", v.to_string());
        }
        let resp = req.send().await.expect("request");
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

async fn world(db: &wsm_tests::TestDb) -> World {
    let app = start(db).await;
    let s = app.store.as_ref();
    let layout = layout(s, BuildingType::PurposeBuilt).await;
    let other = layout_small(s).await;
    let worker = s.create_staff(layout.facility, &carer(vec![layout.units[0]], "Zofia"), d("2026-11-23")).await.unwrap().id;
    account(s, "admin@t.pl", Role::Admin, None, vec![]).await;
    account(s, "manager@t.pl", Role::Manager, None, vec![layout.facility]).await;
    account(s, "other@t.pl", Role::Manager, None, vec![other.facility]).await;
    account(s, "staff@t.pl", Role::Staff, Some(worker), vec![]).await;
    account(s, "funder@t.pl", Role::Funder, None, vec![layout.facility]).await;
    let mut clients = Vec::new();
    for (who, email) in [(Who::Admin, "admin@t.pl"), (Who::Manager, "manager@t.pl"), (Who::OtherManager, "other@t.pl"), (Who::Staff, "staff@t.pl"), (Who::Funder, "funder@t.pl")] {
        clients.push((who, client(&app, email).await));
    }
    clients.push((Who::Anonymous, reqwest::Client::new()));
    World { app, layout, other, worker, clients }
}

/// A second facility, so "a manager of another facility" can be refused.
async fn layout_small(s: &dyn wsm_server::store::Store) -> Layout {
    layout(s, BuildingType::Flats).await
}

fn resident_json(unit: i64, room: Option<i64>, name: &str) -> Value {
    json!({
        "unit_id": unit, "room_id": room, "first_name": name, "last_name": "Nowak", "date_of_birth": "1984-03-01",
        "certificate": {"number": format!("C/{name}"), "issuer": "MZON Lublin", "degree": "znaczny", "valid_from": "2020-01-01", "valid_until": null},
        "moved_in": "2025-01-01",
        "day_programme": [{"days": ["mon", "wed"], "from": "08:00", "to": "14:00", "programme": "wtz", "place": "WTZ Lublin"}],
        "one_to_one": [{"days": ["sat"], "from": "10:00", "to": "12:00", "reason": "niepokój w weekendy"}]
    })
}

fn barthel_json(grooming: u8) -> Value {
    json!({"assessed_on": "2026-11-01", "assessor": "mgr Ewa Lis",
           "items": {"feeding": 5, "transfers": 10, "grooming": grooming, "toilet_use": 5, "bathing": 0, "mobility": 10, "stairs": 0, "dressing": 5, "bowels": 10, "bladder": 5}})
}

fn plan_json() -> Value {
    json!({"goals": [{"text": "samodzielne zakupy"}],
           "services": [{"service": "daily_living", "provider": "internal", "hours_per_week": "10.5"},
                        {"service": "therapy_rehabilitation", "provider": "external", "provider_name": "WTZ Lublin", "hours_per_week": 30}],
           "one_to_one_hours_per_week": 2, "review_date": "2026-12-31", "valid_from": "2026-10-01",
           "consent_by": "Jan Nowak", "consent_on": "2026-10-01"})
}

fn staff_json(unit: i64, name: &str) -> Value {
    json!({"first_name": name, "last_name": "Kowal", "role": "carer", "fte": "0.75", "contract_start": "2025-01-01",
           "unit_ids": [unit], "hourly_pay": "40.20"})
}

/// Every route of the API, with the roles that may call it. Everyone else gets 403 (401
/// without a session). The test below also checks this list equals the OpenAPI document.
const MATRIX: &[(&str, &str, &[Who])] = {
    use Who::*;
    const MANAGE: &[Who] = &[Admin, Manager];
    &[
        ("POST", "/api/v1/auth/login", &[Admin, Manager, OtherManager, Staff, Funder, Anonymous]),
        ("POST", "/api/v1/auth/logout", &[Admin, Manager, OtherManager, Staff, Funder, Anonymous]),
        ("GET", "/api/v1/me", &[Admin, Manager, OtherManager, Staff, Funder]),
        ("GET", "/api/v1/users", &[Admin]),
        ("POST", "/api/v1/users", &[Admin]),
        ("GET", "/api/v1/audit", &[Admin]),
        ("GET", "/api/v1/barthel/scale", &[Admin, Manager, OtherManager, Staff, Funder]),
        ("GET", "/api/v1/operators", &[Admin, Manager, OtherManager]),
        ("POST", "/api/v1/operators", &[Admin]),
        ("GET", "/api/v1/facilities", &[Admin, Manager, OtherManager, Staff]),
        ("POST", "/api/v1/facilities", &[Admin]),
        ("GET", "/api/v1/facilities/{id}", &[Admin, Manager, Staff]),
        ("PUT", "/api/v1/facilities/{id}", MANAGE),
        ("GET", "/api/v1/facilities/{id}/standards", MANAGE),
        ("POST", "/api/v1/facilities/{id}/units", MANAGE),
        ("PUT", "/api/v1/units/{id}", MANAGE),
        ("DELETE", "/api/v1/units/{id}", MANAGE),
        ("POST", "/api/v1/units/{id}/rooms", MANAGE),
        ("PUT", "/api/v1/rooms/{id}", MANAGE),
        ("DELETE", "/api/v1/rooms/{id}", MANAGE),
        ("POST", "/api/v1/facilities/{id}/justifications", MANAGE),
        ("DELETE", "/api/v1/justifications/{id}", MANAGE),
        ("GET", "/api/v1/facilities/{id}/residents", MANAGE),
        ("POST", "/api/v1/facilities/{id}/residents", MANAGE),
        ("GET", "/api/v1/residents/{id}", MANAGE),
        ("PUT", "/api/v1/residents/{id}", MANAGE),
        ("POST", "/api/v1/residents/{id}/absences", MANAGE),
        ("POST", "/api/v1/residents/{id}/consents", MANAGE),
        ("GET", "/api/v1/residents/{id}/barthel", MANAGE),
        ("POST", "/api/v1/residents/{id}/barthel", MANAGE),
        ("GET", "/api/v1/residents/{id}/plans", MANAGE),
        ("POST", "/api/v1/residents/{id}/plans", MANAGE),
        ("POST", "/api/v1/residents/{id}/what-if", MANAGE),
        ("GET", "/api/v1/facilities/{id}/applications", MANAGE),
        ("POST", "/api/v1/facilities/{id}/applications", MANAGE),
        ("POST", "/api/v1/applications/{id}/advance", MANAGE),
        ("GET", "/api/v1/facilities/{id}/staff", MANAGE),
        ("POST", "/api/v1/facilities/{id}/staff", MANAGE),
        ("GET", "/api/v1/staff/{id}", &[Admin, Manager, Staff]),
        ("PUT", "/api/v1/staff/{id}", MANAGE),
        ("POST", "/api/v1/staff/{id}/checks", MANAGE),
        ("POST", "/api/v1/staff/{id}/leave", MANAGE),
        ("POST", "/api/v1/staff/{id}/unavailability", MANAGE),
        ("GET", "/api/v1/facilities/{id}/rota-problem", MANAGE),
        ("GET", "/api/v1/facilities/{id}/rotas", MANAGE),
        ("POST", "/api/v1/facilities/{id}/rotas", MANAGE),
        ("GET", "/api/v1/rota-jobs/{id}", MANAGE),
        ("DELETE", "/api/v1/rota-jobs/{id}", MANAGE),
        ("GET", "/api/v1/rotas/{id}", MANAGE),
        ("PUT", "/api/v1/rotas/{id}/locks", MANAGE),
        ("PUT", "/api/v1/rotas/{id}/cells", MANAGE),
        ("POST", "/api/v1/rotas/{id}/repair", MANAGE),
        ("POST", "/api/v1/rotas/{id}/publish", MANAGE),
        ("GET", "/api/v1/facilities/{id}/rotas/published", &[Admin, Manager, Staff]),
        ("GET", "/api/v1/me/shifts", &[Staff]),
        ("GET", "/api/v1/reference/{kind}", &[Admin, Manager, OtherManager]),
        ("PUT", "/api/v1/reference/{kind}", &[Admin]),
        ("GET", "/api/v1/facilities/{id}/funding", MANAGE),
        ("PUT", "/api/v1/facilities/{id}/funding", MANAGE),
        ("GET", "/api/v1/residents/{id}/funding", MANAGE),
        ("PUT", "/api/v1/residents/{id}/funding", MANAGE),
        ("GET", "/api/v1/facilities/{id}/cost-lines", MANAGE),
        ("POST", "/api/v1/facilities/{id}/cost-lines", MANAGE),
        ("DELETE", "/api/v1/facilities/{id}/cost-lines/{line}", MANAGE),
        ("GET", "/api/v1/facilities/{id}/costs", MANAGE),
        ("GET", "/api/v1/facilities/{id}/statements", &[Admin, Manager, Funder]),
        ("POST", "/api/v1/facilities/{id}/statements", MANAGE),
        ("GET", "/api/v1/statements/{id}", &[Admin, Manager, Funder]),
        ("POST", "/api/v1/statements/{id}/issue", MANAGE),
        ("POST", "/api/v1/statements/{id}/correct", MANAGE),
        ("GET", "/api/v1/statements/{id}/export/{format}", &[Admin, Manager, Funder]),
        ("GET", "/api/v1/notifications", &[Admin, Manager, OtherManager]),
        ("GET", "/api/v1/job-runs", &[Admin]),
        ("POST", "/api/v1/me/calendar", &[Staff]),
        ("DELETE", "/api/v1/me/calendar", &[Staff]),
        ("GET", "/api/v1/calendar/{token}", &[Admin, Manager, OtherManager, Staff, Funder, Anonymous]),
        ("GET", "/api/v1/me/requests", &[Staff]),
        ("POST", "/api/v1/me/requests", &[Staff]),
        ("GET", "/api/v1/facilities/{id}/requests", MANAGE),
        ("POST", "/api/v1/requests/{id}/decide", MANAGE),
    ]
};

/// A statement of the world's facility stored directly, unique by its municipality name.
async fn statement(w: &World, n: usize, issued: bool) -> wsm_server::store::costs::StatementRow {
    use wsm_server::store::costs::NewStatement;
    let body = wsm_server::statements::Body {
        kind: "municipality".into(),
        facility: "F".into(),
        address: "A".into(),
        month: "2026-11".into(),
        municipality: Some(format!("G{n}")),
        columns: ["a".into(), "b".into(), "c".into()],
        lines: vec![],
        places: None,
        used_place_days: None,
        unused_place_days: None,
        total: wsm_solver::cost::Amount(0),
        actual: None,
        gap: None,
        basis: String::new(),
        correction: None,
    };
    let s = w.app.store.as_ref();
    let new = NewStatement { facility_id: w.layout.facility, month: "2026-11".into(), kind: "municipality".into(), municipality: format!("G{n}"), corrects: None, body: serde_json::to_string(&body).unwrap(), total_grosze: 0, created_by: None };
    let row = s.create_statement(&new).await.unwrap();
    if issued {
        s.issue_statement(row.id, row.version, 1).await.unwrap()
    } else {
        row
    }
}

/// A one-day draft for the facility's first unit and the world's worker, stored directly: the
/// empty rota keeps every rule (8 h target ± 12 h), so it can be published.
async fn draft(w: &World, month: &str) -> RotaRecord {
    let (unit, worker) = (w.layout.units[0], w.worker);
    let problem = json!({"version": 1, "start": format!("{month}-01"), "days": 1,
        "shift_types": [{"id": "D", "start": "07:00", "end": "19:00"}, {"id": "N", "start": "19:00", "end": "07:00"}],
        "units": [{"id": format!("u{unit}")}], "staff": [{"id": format!("s{worker}"), "fte": 1.0, "units": [format!("u{unit}")]}]});
    let rota = json!({"version": 1, "status": "optimal"});
    let new = NewRotaVersion {
        facility_id: w.layout.facility,
        month: month.into(),
        origin: "solved",
        based_on: None,
        problem: problem.to_string(),
        excluded: "[]".into(),
        rota: rota.to_string(),
        locks: "[]".into(),
        status: "optimal".into(),
        violations: 0,
        note: String::new(),
        created_by: 1,
    };
    w.app.store.create_rota_version(&new).await.unwrap()
}

/// Shrinks the facility's roomiest unit by one spare place when all 12 places are planned,
/// so a new unit fits.
async fn free_a_place(s: &dyn wsm_server::store::Store, f: i64) {
    let fac = s.facility(f).await.unwrap();
    if fac.units.iter().map(|u| u.places).sum::<u32>() < 12 {
        return;
    }
    let u = fac.units.iter().filter(|u| u.places > u.residents.max(1)).max_by_key(|u| u.places - u.residents).expect("a unit with a spare place");
    s.update_unit(u.id, u.version, &UnitInput { name: u.name.clone(), places: u.places - 1, accessible: u.accessible }).await.unwrap();
}

/// Prepares one call of a route for a caller: a fresh target where the call consumes one,
/// a valid body, and the current version for edits.
async fn prepare(w: &World, who: Who, method: &str, route: &str, n: usize) -> (String, Option<Value>, Option<i64>) {
    let s = w.app.store.as_ref();
    let f = w.layout.facility;
    let unit = w.layout.units[0];
    let fresh_resident = || async { s.create_resident(f, &resident(w.layout.units[1], None, &format!("M{n}"))).await };
    let email = match who {
        Who::Admin | Who::Anonymous => "admin@t.pl",
        Who::Manager => "manager@t.pl",
        Who::OtherManager => "other@t.pl",
        Who::Staff => "staff@t.pl",
        Who::Funder => "funder@t.pl",
    };
    let sub = |p: &str, id: i64| p.replace("{id}", &id.to_string());
    match (method, route) {
        ("POST", "/api/v1/auth/login") => (route.into(), Some(json!({"email": email, "password": wsm_tests::PASSWORD})), None),
        ("POST", "/api/v1/users") => (route.into(), Some(json!({"email": format!("u{n}@t.pl"), "password": "long-enough-pw", "role": "manager", "facility_ids": [f]})), None),
        ("POST", "/api/v1/operators") => (route.into(), Some(json!({"name": format!("Op {n}")})), None),
        ("POST", "/api/v1/facilities") => {
            let op = s.operators().await.unwrap()[0].id;
            (route.into(), Some(json!({"operator_id": op, "name": format!("F{n}"), "address": "ul. X 1", "building_type": "3.1.3", "profile": "autyzm"})), None)
        }
        ("PUT", "/api/v1/facilities/{id}") => {
            let cur = s.facility(f).await.unwrap();
            (sub(route, f), Some(json!({"operator_id": cur.operator_id, "name": format!("WSM {n}"), "address": cur.address, "building_type": "3.1.1", "profile": cur.profile})), Some(cur.version))
        }
        ("POST", "/api/v1/facilities/{id}/units") => {
            free_a_place(s, f).await;
            (sub(route, f), Some(json!({"name": format!("N{n}"), "places": 1})), None)
        }
        ("PUT", "/api/v1/units/{id}") => {
            let u = s.facility(f).await.unwrap().units.into_iter().find(|u| u.id == unit).unwrap();
            (sub(route, unit), Some(json!({"name": "A", "places": u.places, "accessible": n % 2 == 0})), Some(u.version))
        }
        ("DELETE", "/api/v1/units/{id}") => {
            free_a_place(s, f).await;
            let u = s.create_unit(f, &UnitInput { name: format!("Del{n}"), places: 1, accessible: false }).await.unwrap();
            (sub(route, u.id), None, None)
        }
        ("POST", "/api/v1/units/{id}/rooms") => (sub(route, unit), Some(json!({"name": format!("Pok{n}"), "kind": "storage", "area_m2": "4.5"})), None),
        ("PUT", "/api/v1/rooms/{id}") => {
            let r = s.create_room(unit, &RoomInput { name: format!("E{n}"), kind: wsm_server::domain::standards::RoomKind::Other, area_m2: wsm_tests::fixtures::area("9"), accessible: false, serves_room_id: None }).await.unwrap();
            (sub(route, r.id), Some(json!({"name": format!("E{n}"), "kind": "laundry", "area_m2": 9.25})), Some(r.version))
        }
        ("DELETE", "/api/v1/rooms/{id}") => {
            let r = s.create_room(unit, &RoomInput { name: format!("D{n}"), kind: wsm_server::domain::standards::RoomKind::Other, area_m2: wsm_tests::fixtures::area("9"), accessible: false, serves_room_id: None }).await.unwrap();
            (sub(route, r.id), None, None)
        }
        ("POST", "/api/v1/facilities/{id}/justifications") => (sub(route, f), Some(json!({"rule": "room.min_area", "room_id": w.layout.rooms[0][0], "reason": "zabytek"})), None),
        ("DELETE", "/api/v1/justifications/{id}") => {
            let j = s.add_justification(f, &JustificationInput { rule: "unit.day_room".into(), unit_id: Some(unit), room_id: None, reason: "r".into() }).await.unwrap();
            (sub(route, j.id), None, None)
        }
        ("POST", "/api/v1/facilities/{id}/residents") => {
            // Free a place first so an allowed caller can admit.
            let list = s.residents(f).await.unwrap();
            if list.iter().filter(|r| r.moved_out.is_none()).count() >= 12 {
                let r = &list[0];
                let mut out = resident(r.unit_id, None, &r.first_name);
                out.moved_out = Some(d("2026-01-01"));
                s.update_resident(r.id, r.version, &out).await.unwrap();
            }
            let free_unit = s.facility(f).await.unwrap().units.into_iter().find(|u| u.residents < u.places).map(|u| u.id).unwrap_or(unit);
            (sub(route, f), Some(resident_json(free_unit, None, &format!("Nowy{n}"))), None)
        }
        ("PUT", "/api/v1/residents/{id}") => {
            let r = match s.residents(f).await.unwrap().into_iter().find(|r| r.moved_out.is_none()) {
                Some(r) => r,
                None => fresh_resident().await.unwrap(),
            };
            (sub(route, r.id), Some(resident_json(r.unit_id, None, &format!("Zmiana{n}"))), Some(r.version))
        }
        (_, "/api/v1/residents/{id}/funding") => {
            let r = match s.residents(f).await.unwrap().into_iter().find(|r| r.moved_out.is_none()) {
                Some(r) => r,
                None => fresh_resident().await.unwrap(),
            };
            let current = s.resident_fundings(f).await.unwrap().into_iter().find(|x| x.resident_id == r.id);
            let current = match current {
                Some(c) => c,
                None => s
                    .put_resident_funding(&wsm_server::store::costs::ResidentFundingRow { resident_id: r.id, municipality: "Lublin".into(), monthly_income_grosze: 150_000, variant: None, version: 0 }, None)
                    .await
                    .unwrap(),
            };
            let body = (method == "PUT").then(|| json!({"municipality": "Świdnik", "monthly_income": "1800.50", "variant": "II"}));
            (sub(route, r.id), body, (method == "PUT").then_some(current.version))
        }
        (_, p) if p.starts_with("/api/v1/residents/{id}") => {
            let r = match s.residents(f).await.unwrap().into_iter().find(|r| r.moved_out.is_none()) {
                Some(r) => r,
                None => fresh_resident().await.unwrap(),
            };
            let body = match p {
                "/api/v1/residents/{id}/absences" => Some(json!({"kind": "hospital", "from": "2026-12-01T08:00:00+01:00", "to": "2026-12-03T12:00:00+01:00"})),
                "/api/v1/residents/{id}/consents" => Some(json!({"subject": "support_plan", "given_by": "Jan Nowak", "given_on": "2026-10-01"})),
                "/api/v1/residents/{id}/barthel" if method == "POST" => Some(barthel_json(5)),
                "/api/v1/residents/{id}/plans" if method == "POST" => Some(plan_json()),
                "/api/v1/residents/{id}/what-if" => Some(json!({"month": "2026-12", "one_to_one": [{"days": ["mon"], "from": "10:00:00", "to": "12:00:00"}], "barthel_total": 35})),
                _ => None,
            };
            (sub(route, r.id), body, None)
        }
        ("POST", "/api/v1/facilities/{id}/applications") => (sub(route, f), Some(json!({"candidate_name": "Kandydat", "date_of_birth": "1990-01-01", "applied_by": "guardian", "applied_on": "2026-10-01"})), None),
        ("POST", "/api/v1/applications/{id}/advance") => {
            let a = s.create_application(f, &ApplicationInput { candidate_name: "K".into(), date_of_birth: d("1990-01-01"), applied_by: "candidate".into(), applied_on: d("2026-10-01") }).await.unwrap();
            (sub(route, a.id), Some(json!({"to": "assessment", "barthel_total": 35, "carer_age": 70, "carer_health": "limited", "local_support": "none"})), Some(a.version))
        }
        ("POST", "/api/v1/facilities/{id}/staff") => (sub(route, f), Some(staff_json(unit, &format!("S{n}"))), None),
        ("PUT", "/api/v1/staff/{id}") => {
            let cur = s.staff(w.worker, d("2026-11-23")).await.unwrap();
            (sub(route, w.worker), Some(staff_json(unit, "Zofia")), Some(cur.version))
        }
        (_, p) if p.starts_with("/api/v1/staff/{id}") => {
            let body = match p {
                "/api/v1/staff/{id}/checks" => Some(json!({"kind": "criminal_record", "checked_on": "2026-01-05", "evidence_ref": "KRK/1"})),
                "/api/v1/staff/{id}/leave" => Some(json!({"kind": "annual", "from": "2026-12-01", "to": "2026-12-03"})),
                "/api/v1/staff/{id}/unavailability" => Some(json!({"from": "2026-12-10T07:00:00Z", "to": "2026-12-10T15:00:00Z", "reason": "lekarz"})),
                _ => None,
            };
            (sub(route, w.worker), body, None)
        }
        ("GET", "/api/v1/facilities/{id}/rota-problem") | ("GET", "/api/v1/facilities/{id}/rotas") => (format!("{}?month=2026-12", sub(route, f)), None, None),
        ("POST", "/api/v1/facilities/{id}/rotas") => (sub(route, f), Some(json!({"month": format!("{}-{:02}", 2030 + n / 12, 1 + n % 12), "time_limit_s": 2})), None),
        (_, "/api/v1/rota-jobs/{id}") => {
            let admin = w.client(Who::Admin);
            let month = format!("{}-{:02}", 2040 + n / 12, 1 + n % 12);
            let job: Value = admin.post(format!("{}{}", w.app.base, sub("/api/v1/facilities/{id}/rotas", f))).json(&json!({"month": month, "time_limit_s": 2})).send().await.unwrap().json().await.unwrap();
            (sub(route, job["id"].as_i64().expect("job id")), None, None)
        }
        ("GET", "/api/v1/rotas/{id}") => (sub(route, draft(w, "2027-01").await.id), None, None),
        ("PUT", "/api/v1/rotas/{id}/locks") => {
            let r = draft(w, "2027-02").await;
            (sub(route, r.id), Some(json!({"locks": [{"staff": format!("s{}", w.worker), "date": "2027-02-01"}]})), Some(r.version))
        }
        ("PUT", "/api/v1/rotas/{id}/cells") => {
            let r = draft(w, "2027-03").await;
            (sub(route, r.id), Some(json!({"staff": format!("s{}", w.worker), "date": "2027-03-01", "shift": "D", "unit": format!("u{unit}")})), Some(r.version))
        }
        ("POST", "/api/v1/rotas/{id}/repair") => {
            let r = draft(w, "2027-04").await;
            (sub(route, r.id), Some(json!({"staff_id": w.worker, "from": "2027-04-01", "to": "2027-04-01"})), None)
        }
        ("POST", "/api/v1/rotas/{id}/publish") => {
            let r = draft(w, "2027-05").await;
            (sub(route, r.id), None, Some(r.version))
        }
        ("GET", "/api/v1/facilities/{id}/rotas/published") => {
            let r = draft(w, "2027-06").await;
            s.publish_rota(r.id, r.version, 1).await.unwrap();
            (format!("{}?month=2027-06", sub(route, f)), None, None)
        }
        ("GET", "/api/v1/me/shifts") => ("/api/v1/me/shifts?month=2027-06".into(), None, None),
        ("GET", "/api/v1/reference/{kind}") => ("/api/v1/reference/minimum_wage".into(), None, None),
        ("GET", "/api/v1/calendar/{token}") => {
            // The feed's secret is its credential: whoever holds it reads the feed.
            let staff_user = s.users().await.unwrap().into_iter().find(|u| u.email == "staff@t.pl").unwrap();
            let token = format!("tok{n}");
            s.replace_calendar_token(staff_user.id, &wsm_server::auth::token_hash(&token)).await.unwrap();
            (format!("/api/v1/calendar/{token}"), None, None)
        }
        ("POST", "/api/v1/me/requests") => {
            let day = chrono::Utc::now().date_naive() + chrono::Duration::days(10);
            ("/api/v1/me/requests".into(), Some(json!({"date": day, "shift": null, "want": false, "reason": "wesele siostry"})), None)
        }
        ("GET", "/api/v1/facilities/{id}/requests") => (format!("{}?month=2026-11", sub(route, f)), None, None),
        ("POST", "/api/v1/requests/{id}/decide") => {
            let day = chrono::Utc::now().date_naive() + chrono::Duration::days(3);
            let r = s.add_staff_request(w.worker, day, Some("N"), true, "chcę noc").await.unwrap();
            (sub(route, r.id), Some(json!({"status": "accepted"})), Some(r.version))
        }
        ("PUT", "/api/v1/reference/{kind}") => ("/api/v1/reference/dps_cost".into(), Some(json!({"county": format!("Powiat {n}"), "profile": "intellectual", "year": 2026, "amount": "6500.00"})), None),
        ("PUT", "/api/v1/facilities/{id}/funding") => {
            let current = s.facility_funding(f).await.unwrap().map(|r| r.version);
            (sub(route, f), Some(json!({"county": "Lublin", "reduction": "10", "absence_allowance": 20, "fee_table": "default"})), current)
        }
        ("GET", "/api/v1/facilities/{id}/cost-lines") | ("GET", "/api/v1/facilities/{id}/costs") => (format!("{}?month=2026-11", sub(route, f)), None, None),
        ("POST", "/api/v1/facilities/{id}/cost-lines") => (sub(route, f), Some(json!({"month": "2026-11", "category": "food", "funding_source": "maintenance", "amount": "250.00", "description": "Zakupy"})), None),
        ("DELETE", "/api/v1/facilities/{id}/cost-lines/{line}") => {
            let row = wsm_server::store::costs::CostLineRow { id: 0, facility_id: f, month: "2026-11".into(), category: "food".into(), funding_source: "maintenance".into(), amount_grosze: 100, description: "x".into(), created_at: chrono::Utc::now(), version: 0 };
            let l = s.add_cost_line(&row, 1).await.unwrap();
            (sub(route, f).replace("{line}", &l.id.to_string()), None, Some(l.version))
        }
        ("POST", "/api/v1/facilities/{id}/statements") => (sub(route, f), Some(json!({"month": "2026-11"})), None),
        // Issued ones: funders receive nothing else.
        ("GET", "/api/v1/statements/{id}") => (sub(route, statement(w, n, true).await.id), None, None),
        ("GET", "/api/v1/statements/{id}/export/{format}") => (sub(route, statement(w, n, true).await.id).replace("{format}", "csv"), None, None),
        ("POST", "/api/v1/statements/{id}/issue") => {
            let st = statement(w, n, false).await;
            (sub(route, st.id), None, Some(st.version))
        }
        ("POST", "/api/v1/statements/{id}/correct") => (sub(route, statement(w, n, true).await.id), None, None),
        (_, p) if p.contains("{id}") => (sub(route, f), None, None),
        _ => (route.into(), None, None),
    }
}

#[tokio::test]
async fn every_route_answers_each_role_as_documented() {
    for db in databases().await {
        let w = world(&db).await;
        // A resident so resident routes have a target.
        w.app.store.create_resident(w.layout.facility, &resident(w.layout.units[0], Some(w.layout.rooms[0][0]), "Ada")).await.unwrap();
        let mut n = 0;
        for (method, route, allowed) in MATRIX {
            for who in EVERYONE {
                n += 1;
                let (path, body, version) = prepare(&w, who, method, route, n).await;
                let (status, reply) = if *route == "/api/v1/auth/logout" && who != Who::Anonymous {
                    // Sign out a separate session, so this caller's stays for the next routes.
                    let email = ["admin@t.pl", "manager@t.pl", "other@t.pl", "staff@t.pl", "funder@t.pl"][EVERYONE.iter().position(|x| *x == who).unwrap()];
                    let c = client(&w.app, email).await;
                    let r = c.post(format!("{}{path}", w.app.base)).send().await.unwrap();
                    (r.status(), Value::Null)
                } else {
                    w.call(who, method.parse().unwrap(), &path, body, version).await
                };
                let expected_ok = allowed.contains(&who);
                if expected_ok {
                    assert!(status.is_success(), "{}: {who:?} {method} {path} → {status} {reply}", db.kind);
                } else if who == Who::Anonymous {
                    assert_eq!(status, StatusCode::UNAUTHORIZED, "{}: {who:?} {method} {path} → {reply}", db.kind);
                } else {
                    assert_eq!(status, StatusCode::FORBIDDEN, "{}: {who:?} {method} {path} → {reply}", db.kind);
                }
            }
        }
        // The manager of another facility is refused on every facility-scoped route of ours.
        let (status, _) = w.call(Who::OtherManager, Method::GET, &format!("/api/v1/facilities/{}/residents", w.layout.facility), None, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = w.call(Who::OtherManager, Method::GET, &format!("/api/v1/facilities/{}/standards", w.other.facility), None, None).await;
        assert_eq!(status, StatusCode::OK);
    }
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routes_of_the_matrix() {
    let db = wsm_tests::sqlite().await.unwrap();
    let app = start(&db).await;
    let doc: Value = reqwest::get(format!("{}/api/openapi.json", app.base)).await.unwrap().json().await.unwrap();
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            documented.push((method.to_uppercase(), path.clone()));
        }
    }
    documented.sort();
    let mut routed: Vec<(String, String)> = MATRIX.iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
    routed.sort();
    assert_eq!(documented, routed, "every route must be in the OpenAPI document and in the role matrix");
}

fn error_of(v: &Value) -> (String, String, Option<String>) {
    let e = &v["error"];
    (e["code"].as_str().unwrap_or("").into(), e["message"].as_str().unwrap_or("").into(), e["field"].as_str().map(str::to_string))
}

#[tokio::test]
async fn bad_input_gets_the_exact_error_and_nothing_is_written() {
    for db in databases().await {
        let w = world(&db).await;
        let s = w.app.store.as_ref();
        let f = w.layout.facility;
        let m = Who::Manager;
        let r = s.create_resident(f, &resident(w.layout.units[0], Some(w.layout.rooms[0][0]), "Beata")).await.unwrap();

        // A Barthel score outside the item's set.
        let (st, v) = w.call(m, Method::POST, &format!("/api/v1/residents/{}/barthel", r.id), Some(barthel_json(10)), None).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{}", db.kind);
        assert_eq!(error_of(&v), ("invalid".into(), "Barthel item 'grooming' allows only 0, 5; got 10".into(), Some("items.grooming".into())));
        assert_eq!(v["error"]["message_pl"], "pozycja skali Barthel „Utrzymanie higieny osobistej” dopuszcza tylko 0, 5; podano 10", "{}", db.kind);
        assert!(s.barthel_history(r.id).await.unwrap().is_empty());

        // A negative area.
        let rooms_before = s.facility(f).await.unwrap().units[0].rooms.len();
        let (st, v) = w.call(m, Method::POST, &format!("/api/v1/units/{}/rooms", w.layout.units[0]), Some(json!({"name": "X", "kind": "storage", "area_m2": -4})), None).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_of(&v), ("invalid".into(), "area must be greater than 0 m²".into(), Some("area_m2".into())));
        assert_eq!(v["error"]["message_pl"], "powierzchnia musi być większa niż 0 m²", "{}: the Polish travels with the English", db.kind);
        assert_eq!(s.facility(f).await.unwrap().units[0].rooms.len(), rooms_before);

        // A month that is not YYYY-MM, in both languages.
        let (st, v) = w.call(m, Method::GET, &format!("/api/v1/facilities/{f}/cost-lines?month=2026-13"), None, None).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{}", db.kind);
        assert_eq!(error_of(&v), ("invalid".into(), "must be a month as YYYY-MM".into(), Some("month".into())));
        assert_eq!(v["error"]["message_pl"], "musi być miesiącem w postaci RRRR-MM", "{}", db.kind);

        // A resident under 18.
        let mut minor = resident_json(w.layout.units[0], None, "Młody");
        minor["date_of_birth"] = json!("2010-06-01");
        let (st, v) = w.call(m, Method::POST, &format!("/api/v1/facilities/{f}/residents"), Some(minor), None).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        let (code, msg, field) = error_of(&v);
        assert_eq!((code.as_str(), field.as_deref()), ("invalid", Some("date_of_birth")));
        assert!(msg.starts_with("residents must be adults (18 or older)"), "{msg}");

        // A certificate of the wrong degree.
        let mut wrong = resident_json(w.layout.units[0], None, "Lekki");
        wrong["certificate"]["degree"] = json!("umiarkowany");
        let (st, v) = w.call(m, Method::POST, &format!("/api/v1/facilities/{f}/residents"), Some(wrong), None).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_of(&v).2.as_deref(), Some("certificate.degree"));

        // An unknown field.
        let mut typo = resident_json(w.layout.units[0], None, "Literówka");
        typo["colour"] = json!("blue");
        let (st, v) = w.call(m, Method::POST, &format!("/api/v1/facilities/{f}/residents"), Some(typo), None).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        let (_, msg, field) = error_of(&v);
        assert_eq!(field.as_deref(), Some("colour"));
        assert!(msg.starts_with("unknown field `colour`"), "{msg}");
        assert!(v["error"]["message_pl"].as_str().unwrap_or("").starts_with("nieznane pole `colour`"), "{v}");

        // Malformed JSON.
        let resp = w.client(m).post(format!("{}/api/v1/facilities/{f}/residents", w.app.base)).header("content-type", "application/json").body("{\"unit_id\": 1,").send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let v: Value = resp.json().await.unwrap();
        assert_eq!(error_of(&v).0, "malformed_json");

        // Not JSON at all.
        let resp = w.client(m).post(format!("{}/api/v1/facilities/{f}/residents", w.app.base)).header("content-type", "text/plain").body("x").send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(s.residents(f).await.unwrap().len(), 1, "none of the bad requests wrote a resident on {}", db.kind);

        // The 13th resident.
        for u in 0..2 {
            for (i, room) in w.layout.rooms[u].iter().enumerate() {
                if (u, i) != (0, 0) {
                    s.create_resident(f, &resident(w.layout.units[u], Some(*room), &format!("P{u}{i}"))).await.unwrap();
                }
            }
        }
        let (st, v) = w.call(m, Method::POST, &format!("/api/v1/facilities/{f}/residents"), Some(resident_json(w.layout.units[1], None, "Trzynasty")), None).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_of(&v), ("invalid".into(), "the WSM already has 12 residents; a WSM houses at most 12".into(), Some("unit_id".into())));
        assert_eq!(v["error"]["message_pl"], "WSM ma już 12 mieszkańców; WSM mieści najwyżej 12", "{}", db.kind);
        assert_eq!(s.residents(f).await.unwrap().len(), 12);

        // A stale version, and a missing one.
        let url = format!("/api/v1/residents/{}", r.id);
        let (st, v) = w.call(m, Method::PUT, &url, Some(resident_json(w.layout.units[0], Some(w.layout.rooms[0][0]), "Beata2")), Some(1)).await;
        assert_eq!(st, StatusCode::OK, "{v}");
        assert_eq!(v["version"], 2);
        let (st, v) = w.call(m, Method::PUT, &url, Some(resident_json(w.layout.units[0], Some(w.layout.rooms[0][0]), "Beata3")), Some(1)).await;
        assert_eq!(st, StatusCode::CONFLICT);
        assert_eq!(v["error"]["code"], "stale_version");
        assert_eq!(v["error"]["current_version"], 2);
        assert!(v["error"]["message_pl"].as_str().unwrap_or("").contains("jest teraz w wersji 2"), "{v}");
        assert_eq!(s.resident(r.id).await.unwrap().first_name, "Beata2");
        let (st, v) = w.call(m, Method::PUT, &url, Some(resident_json(w.layout.units[0], None, "Beata4")), None).await;
        assert_eq!(st, StatusCode::PRECONDITION_REQUIRED);
        assert_eq!(error_of(&v).2.as_deref(), Some("If-Match"));

        // A unit over six places.
        let (st, v) = w.call(Who::Admin, Method::POST, &format!("/api/v1/facilities/{}/units", w.other.facility), Some(json!({"name": "Z", "places": 7})), None).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_of(&v).2.as_deref(), Some("places"));

        // A room name already taken in the unit: a conflict, in both languages.
        let (st, v) = w.call(m, Method::POST, &format!("/api/v1/units/{}/rooms", w.layout.units[0]), Some(json!({"name": "A1", "kind": "storage", "area_m2": "4.5"})), None).await;
        assert_eq!(st, StatusCode::CONFLICT, "{}: {v}", db.kind);
        assert_eq!(error_of(&v), ("conflict".into(), "a room with this name already exists in the unit".into(), Some("name".into())));
        assert_eq!(v["error"]["message_pl"], "pokój o tej nazwie już istnieje w zespole", "{}", db.kind);

        // Errors without a Polish text leave the field out.
        let (st, v) = w.call(m, Method::GET, "/api/v1/residents/999999", None, None).await;
        assert!(st == StatusCode::NOT_FOUND || st == StatusCode::FORBIDDEN, "{st}");
        assert!(v["error"].get("message_pl").is_none(), "{v}");
    }
}

#[tokio::test]
async fn reading_and_writing_health_data_is_audited() {
    for db in databases().await {
        let w = world(&db).await;
        let r = w.app.store.create_resident(w.layout.facility, &resident(w.layout.units[0], None, "Celina")).await.unwrap();
        let (st, v) = w.call(Who::Manager, Method::POST, &format!("/api/v1/residents/{}/barthel", r.id), Some(barthel_json(5)), None).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        assert_eq!(v["total"], 55);
        assert_eq!(v["band"]["key"], "moderate");
        assert_eq!(v["at_or_below_zol_threshold"], false);
        let (st, _) = w.call(Who::Manager, Method::GET, &format!("/api/v1/residents/{}/barthel", r.id), None, None).await;
        assert_eq!(st, StatusCode::OK);
        let (st, _) = w.call(Who::Manager, Method::POST, &format!("/api/v1/residents/{}/plans", r.id), Some(plan_json()), None).await;
        assert_eq!(st, StatusCode::CREATED);
        let (_, log) = w.call(Who::Admin, Method::GET, "/api/v1/audit", None, None).await;
        let manager_id = w.app.store.user_credentials("manager@t.pl").await.unwrap().unwrap().0.id;
        let entries: Vec<(String, String)> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["user_id"] == manager_id && e["entity_id"] == r.id)
            .map(|e| (e["action"].as_str().unwrap().to_string(), e["entity"].as_str().unwrap().to_string()))
            .collect();
        assert_eq!(entries, vec![("write".into(), "support_plan".into()), ("read".into(), "barthel".into()), ("write".into(), "barthel".into())], "{}", db.kind);
    }
}

#[tokio::test]
async fn admission_goes_step_by_step_and_ranks_the_waiting_list() {
    for db in databases().await {
        let w = world(&db).await;
        let f = w.layout.facility;
        let m = Who::Manager;
        let mut ids = Vec::new();
        for (name, barthel, age) in [("Lżejszy", 80, 50), ("Cięższy", 15, 81)] {
            let (st, a) = w.call(m, Method::POST, &format!("/api/v1/facilities/{f}/applications"), Some(json!({"candidate_name": name, "date_of_birth": "1990-02-02", "applied_by": "guardian", "applied_on": "2026-09-01"})), None).await;
            assert_eq!(st, StatusCode::CREATED);
            let id = a["id"].as_i64().unwrap();
            let url = format!("/api/v1/applications/{id}/advance");
            let (st, v) = w.call(m, Method::POST, &url, Some(json!({"to": "ranking"})), Some(1)).await;
            assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(error_of(&v), ("invalid".into(), "cannot skip from 'application' to 'ranking'; the next step is 'assessment'".into(), Some("to".into())));
            let (st, v) = w.call(m, Method::POST, &url, Some(json!({"to": "assessment", "barthel_total": barthel, "carer_age": age, "carer_health": "poor", "local_support": "none"})), Some(1)).await;
            assert_eq!(st, StatusCode::OK, "{v}");
            let (st, v) = w.call(m, Method::POST, &url, Some(json!({"to": "ranking"})), Some(2)).await;
            assert_eq!(st, StatusCode::OK, "{v}");
            ids.push(id);
        }
        let (_, list) = w.call(m, Method::GET, &format!("/api/v1/facilities/{f}/applications"), None, None).await;
        let ranked: Vec<&str> = list["ranked"].as_array().unwrap().iter().map(|a| a["candidate_name"].as_str().unwrap()).collect();
        assert_eq!(ranked, vec!["Cięższy", "Lżejszy"], "{}", db.kind);
        let url = format!("/api/v1/applications/{}/advance", ids[1]);
        let (st, v) = w.call(m, Method::POST, &url, Some(json!({"to": "assessment", "barthel_total": 20, "carer_health": "poor", "local_support": "none", "carer_age": 80})), Some(3)).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_of(&v).1, "cannot go back from 'ranking' to 'assessment'");
        let (st, _) = w.call(m, Method::POST, &url, Some(json!({"to": "decision", "admitted": true})), Some(3)).await;
        assert_eq!(st, StatusCode::OK);
        let (st, v) = w.call(m, Method::POST, &url, Some(json!({"to": "contract", "contract_on": "2026-11-02"})), Some(4)).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(v["stage"], "contract");
        let (st, v) = w.call(m, Method::POST, &url, Some(json!({"to": "contract", "contract_on": "2026-11-02"})), Some(4)).await;
        assert_eq!(st, StatusCode::CONFLICT, "{v}");
    }
}

#[tokio::test]
async fn the_standards_check_reports_a_small_room_until_justified_within_the_allowed_deviation() {
    for db in databases().await {
        let w = world(&db).await;
        let f = w.other.facility; // a cluster of flats (3.1.3): rooms may be justified down to −25 %
        let unit = w.other.units[0];
        let (st, room) = w.call(Who::OtherManager, Method::PUT, &format!("/api/v1/rooms/{}", w.other.rooms[0][0]), Some(json!({"name": "A1", "kind": "resident_room", "area_m2": "11.5"})), Some(1)).await;
        assert_eq!(st, StatusCode::OK, "{room}");
        let (_, rep) = w.call(Who::OtherManager, Method::GET, &format!("/api/v1/facilities/{f}/standards"), None, None).await;
        let small: Vec<&Value> = rep["breaches"].as_array().unwrap().iter().filter(|b| b["rule"] == "room.min_area").collect();
        assert_eq!(small.len(), 1, "{rep}");
        assert_eq!(small[0]["measured"], "11.50");
        assert_eq!(small[0]["justifiable_to"], "11.25");
        assert_eq!(small[0]["justified"], false);
        let (st, _) = w.call(Who::OtherManager, Method::POST, &format!("/api/v1/facilities/{f}/justifications"), Some(json!({"rule": "room.min_area", "unit_id": unit, "room_id": w.other.rooms[0][0], "reason": "kamienica"})), None).await;
        assert_eq!(st, StatusCode::CREATED);
        let (_, rep) = w.call(Who::OtherManager, Method::GET, &format!("/api/v1/facilities/{f}/standards"), None, None).await;
        let small: Vec<&Value> = rep["breaches"].as_array().unwrap().iter().filter(|b| b["rule"] == "room.min_area").collect();
        assert_eq!(small[0]["justified"], true, "{}", db.kind);
        // Flats of six break the 3.1.3 limit of four per flat regardless of justification.
        assert!(rep["breaches"].as_array().unwrap().iter().any(|b| b["rule"] == "unit.max_residents" && b["justified"] == false));
        assert_eq!(rep["passes"], false);
    }
}

#[tokio::test]
async fn staff_see_their_own_record_with_rosterability_and_nobody_elses() {
    for db in databases().await {
        let w = world(&db).await;
        let (st, me) = w.call(Who::Staff, Method::GET, &format!("/api/v1/staff/{}", w.worker), None, None).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(me["rosterability"]["rosterable"], false);
        assert_eq!(me["rosterability"]["missing"].as_array().unwrap().len(), 4);
        for kind in ALL_CHECKS {
            let (st, _) = w.call(Who::Manager, Method::POST, &format!("/api/v1/staff/{}/checks", w.worker), Some(json!({"kind": kind, "checked_on": "2026-01-05", "evidence_ref": "teczka"})), None).await;
            assert_eq!(st, StatusCode::CREATED);
        }
        let (_, me) = w.call(Who::Staff, Method::GET, &format!("/api/v1/staff/{}", w.worker), None, None).await;
        assert_eq!(me["rosterability"]["rosterable"], true, "{}", db.kind);
        let other = w.app.store.create_staff(w.layout.facility, &carer(vec![w.layout.units[1]], "Inna"), d("2026-11-23")).await.unwrap();
        let (st, _) = w.call(Who::Staff, Method::GET, &format!("/api/v1/staff/{}", other.id), None, None).await;
        assert_eq!(st, StatusCode::FORBIDDEN);
        let (st, _) = w.call(Who::Staff, Method::GET, &format!("/api/v1/facilities/{}/residents", w.layout.facility), None, None).await;
        assert_eq!(st, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn probes_request_ids_and_the_cross_site_guard() {
    let db = wsm_tests::sqlite().await.unwrap();
    let w = world(&db).await;
    let r = reqwest::get(format!("{}/healthz", w.app.base)).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("x-request-id").is_some());
    let r = reqwest::get(format!("{}/readyz", w.app.base)).await.unwrap();
    assert_eq!(r.status(), 200);
    let r = w.client(Who::Admin).post(format!("{}/api/v1/operators", w.app.base)).header("Origin", "https://evil.example").json(&json!({"name": "X"})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "cross_site");
    let host = w.app.base.clone();
    let r = w.client(Who::Admin).post(format!("{host}/api/v1/operators")).header("Origin", host.clone()).json(&json!({"name": "Y"})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    // Sign out ends the session.
    let (st, _) = w.call(Who::Funder, Method::POST, "/api/v1/auth/logout", None, None).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, _) = w.call(Who::Funder, Method::GET, "/api/v1/me", None, None).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    // Wrong password.
    let r = reqwest::Client::new().post(format!("{}/api/v1/auth/login", w.app.base)).json(&json!({"email": "admin@t.pl", "password": "nope"})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_demo_facility_meets_the_standard_but_for_one_justified_deviation() {
    for db in databases().await {
        wsm_server::demo::load(db.store.as_ref()).await.unwrap();
        let app = start(&db).await;
        let c = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let r = c.post(format!("{}/api/v1/auth/login", app.base)).json(&json!({"email": "kierownik@wsm.demo", "password": wsm_server::demo::DEMO_PASSWORD})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let rep: Value = c.get(format!("{}/api/v1/facilities/1/standards", app.base)).send().await.unwrap().json().await.unwrap();
        assert_eq!(rep["passes"], true, "{}: {rep}", db.kind);
        let breaches = rep["breaches"].as_array().unwrap();
        assert_eq!(breaches.len(), 1);
        assert_eq!((breaches[0]["rule"].as_str(), breaches[0]["justified"].as_bool()), (Some("room.min_area"), Some(true)));
        let residents: Value = c.get(format!("{}/api/v1/facilities/1/residents", app.base)).send().await.unwrap().json().await.unwrap();
        let residents = residents.as_array().unwrap();
        assert_eq!(residents.len(), 12);
        assert_eq!(residents.iter().filter(|r| !r["one_to_one"].as_array().unwrap().is_empty()).count(), 1, "one 1:1 resident");
        assert!(residents.iter().filter(|r| !r["day_programme"].as_array().unwrap().is_empty()).count() >= 4, "mixed day programmes");
        let staff: Value = c.get(format!("{}/api/v1/facilities/1/staff", app.base)).send().await.unwrap().json().await.unwrap();
        let staff = staff.as_array().unwrap();
        assert!((35..=45).contains(&staff.len()));
        assert_eq!(staff.iter().filter(|s| s["rosterability"]["rosterable"] == false).count(), 2);
    }
}
