//! Staff for managers: the list with vetting badges (current, expiring within 30 days,
//! expired, missing) and who may be rostered; each worker's record with checks, leave and
//! unavailability, each added through the JSON API; staff requests awaiting a decision.

use leptos::prelude::*;

use crate::ui::{error_text, load_error};
use crate::dashboard::FacilityNav;
use crate::i18n::{t, tr, Key, Lang};
use crate::model::{CheckBadge, StaffDetail, StaffPage, UiError};

/// Check kinds: code, Polish, English.
pub const CHECK_KINDS: &[(&str, &str, &str)] = &[
    ("criminal_record", "Krajowy Rejestr Karny", "criminal record"),
    ("sex_offender_register", "Rejestr Sprawców Przestępstw na Tle Seksualnym", "sex offender register"),
    ("parental_authority", "władza rodzicielska (oświadczenie)", "parental authority (statement)"),
    ("maintenance", "obowiązek alimentacyjny (oświadczenie)", "maintenance duty (statement)"),
];

/// Leave kinds: code, Polish, English.
pub const LEAVE_KINDS: &[(&str, &str, &str)] = &[("annual", "urlop wypoczynkowy", "annual leave"), ("sick", "zwolnienie lekarskie", "sick leave"), ("unpaid", "urlop bezpłatny", "unpaid leave"), ("other", "inna nieobecność", "other")];

fn name_of(list: &[(&str, &'static str, &'static str)], lang: Lang, code: &str) -> String {
    list.iter().find(|k| k.0 == code).map_or_else(|| code.to_string(), |k| tr(lang, k.1, k.2).to_string())
}

fn state_name(lang: Lang, s: &str) -> &'static str {
    match s {
        "ok" => tr(lang, "ważne", "current"),
        "expiring" => tr(lang, "wkrótce wygasa", "expiring soon"),
        "expired" => tr(lang, "wygasło", "expired"),
        _ => tr(lang, "brak", "missing"),
    }
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::NaiveDate;
    use serde_json::Value;

    pub use crate::backend::today;
    use crate::backend::{items, text};
    use crate::model::{CheckBadge, StaffRow};

    pub fn badges(v: &Value, today: NaiveDate) -> Vec<CheckBadge> {
        let checks = items(&v["checks"]);
        super::CHECK_KINDS
            .iter()
            .map(|(kind, ..)| {
                let newest = checks.iter().filter(|c| c["kind"] == *kind).max_by_key(|c| text(&c["checked_on"]));
                match newest {
                    None => CheckBadge { kind: kind.to_string(), state: "missing".into(), expires: None },
                    Some(c) => {
                        let expires = c["expires_on"].as_str().and_then(|d| d.parse::<NaiveDate>().ok());
                        let state = match expires {
                            Some(e) if e < today => "expired",
                            Some(e) if e <= today + chrono::Duration::days(30) => "expiring",
                            _ => "ok",
                        };
                        CheckBadge { kind: kind.to_string(), state: state.into(), expires: expires.map(|e| e.to_string()) }
                    }
                }
            })
            .collect()
    }

    pub fn row(v: &Value, units: &[(i64, String)], today: NaiveDate) -> StaffRow {
        let mut upcoming: Vec<String> = items(&v["leave"])
            .iter()
            .filter(|l| l["to"].as_str().and_then(|d| d.parse::<NaiveDate>().ok()).is_some_and(|d| d >= today))
            .map(|l| format!("{} – {} {}", text(&l["from"]), text(&l["to"]), text(&l["kind"])))
            .collect();
        upcoming.sort();
        StaffRow {
            id: v["id"].as_i64().unwrap_or_default(),
            name: format!("{} {}", text(&v["first_name"]), text(&v["last_name"])),
            role: text(&v["role"]),
            fte: text(&v["fte"]),
            units: items(&v["unit_ids"]).iter().filter_map(|u| u.as_i64()).map(|u| units.iter().find(|x| x.0 == u).map_or_else(|| u.to_string(), |x| x.1.clone())).collect(),
            rosterable: v["rosterability"]["rosterable"].as_bool().unwrap_or(false),
            checks: badges(v, today),
            upcoming_leave: upcoming,
        }
    }

    pub async fn units(facility_id: i64) -> Result<(String, Vec<(i64, String)>), crate::model::UiError> {
        let f = crate::backend::api("GET", format!("/api/v1/facilities/{facility_id}"), None, None).await?;
        Ok((text(&f["name"]), items(&f["units"]).iter().map(|u| (u["id"].as_i64().unwrap_or_default(), text(&u["name"]))).collect()))
    }

    /// "YYYY-MM-DDTHH:MM" in Europe/Warsaw → RFC 3339 UTC.
    pub fn warsaw_to_utc(field: &str, v: &str) -> Result<String, crate::model::UiError> {
        use chrono::TimeZone;
        let bad = || crate::ui::invalid(field, "musi być datą i godziną (RRRR-MM-DD GG:MM)", "must be a date and time (YYYY-MM-DD HH:MM)");
        let local = chrono::NaiveDateTime::parse_from_str(v.trim(), "%Y-%m-%dT%H:%M").map_err(|_| bad())?;
        let t = chrono_tz::Europe::Warsaw.from_local_datetime(&local).earliest().ok_or_else(|| crate::ui::invalid(field, "nie istnieje w czasie polskim (zegar przesuwa się do przodu)", "does not exist in Europe/Warsaw (the clock jumps forward)"))?;
        Ok(t.with_timezone(&chrono::Utc).to_rfc3339())
    }

    pub fn utc_to_warsaw(v: &Value) -> String {
        chrono::DateTime::parse_from_rfc3339(&text(v)).map(|t| t.with_timezone(&chrono_tz::Europe::Warsaw).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
    }
}

/// A facility's staff and the requests awaiting a decision.
#[server]
pub async fn get_staff_page(facility_id: i64) -> Result<StaffPage, UiError> {
    use crate::backend::{api, items, text};
    use chrono::Datelike;
    let today = server::today();
    let (facility, units) = server::units(facility_id).await?;
    let list = api("GET", format!("/api/v1/facilities/{facility_id}/staff"), None, None).await?;
    let rows: Vec<crate::model::StaffRow> = items(&list).iter().map(|v| server::row(v, &units, today)).collect();
    let this = today.with_day(1).expect("day 1");
    let mut pending = Vec::new();
    for m in [this, this.checked_add_months(chrono::Months::new(1)).expect("next month")] {
        let reqs = api("GET", format!("/api/v1/facilities/{facility_id}/requests?month={}", m.format("%Y-%m")), None, None).await?;
        for r in items(&reqs).iter().filter(|r| r["status"] == "pending") {
            let who = rows.iter().find(|w| Some(w.id) == r["staff_id"].as_i64()).map_or_else(String::new, |w| w.name.clone());
            pending.push((r["id"].as_i64().unwrap_or_default(), r["version"].as_i64().unwrap_or_default(), who, text(&r["date"]), text(&r["shift"]), if r["want"].as_bool().unwrap_or(false) { "work".into() } else { "off".into() }, text(&r["reason"])));
        }
    }
    Ok(StaffPage { facility_id, facility, rows, pending })
}

/// Decides a staff request ("accepted" / "declined").
#[server]
pub async fn decide(id: i64, version: i64, status: String) -> Result<(), UiError> {
    crate::backend::api("POST", format!("/api/v1/requests/{id}/decide"), Some(serde_json::json!({"status": status})), Some(version)).await.map(|_| ())
}

/// One worker's record.
#[server]
pub async fn get_staff_detail(staff_id: i64) -> Result<StaffDetail, UiError> {
    use crate::backend::{api, items, text};
    let today = server::today();
    let v = api("GET", format!("/api/v1/staff/{staff_id}"), None, None).await?;
    let facility_id = v["facility_id"].as_i64().unwrap_or_default();
    let (_, units) = server::units(facility_id).await?;
    let mut history: Vec<(String, String, String, String)> = items(&v["checks"]).iter().map(|c| (text(&c["kind"]), text(&c["checked_on"]), text(&c["evidence_ref"]), text(&c["expires_on"]))).collect();
    history.sort_by(|a, b| b.1.cmp(&a.1));
    Ok(StaffDetail {
        row: server::row(&v, &units, today),
        facility_id,
        contract: format!("{} – {}", text(&v["contract_start"]), text(&v["contract_end"])),
        nights_allowed: v["nights_allowed"].as_bool().unwrap_or(false),
        overtime_allowed: v["overtime_allowed"].as_bool().unwrap_or(false),
        history,
        leave: items(&v["leave"]).iter().map(|l| (text(&l["kind"]), text(&l["from"]), text(&l["to"]), text(&l["note"]))).collect(),
        unavailability: items(&v["unavailability"]).iter().map(|u| (server::utc_to_warsaw(&u["from"]), server::utc_to_warsaw(&u["to"]), text(&u["reason"]))).collect(),
    })
}

/// Records a vetting check.
#[server]
pub async fn add_check(staff_id: i64, kind: String, checked_on: String, evidence_ref: String, expires_on: String) -> Result<(), UiError> {
    let expires = if expires_on.trim().is_empty() { serde_json::Value::Null } else { expires_on.trim().into() };
    let body = serde_json::json!({"kind": kind, "checked_on": checked_on, "evidence_ref": evidence_ref, "expires_on": expires});
    crate::backend::api("POST", format!("/api/v1/staff/{staff_id}/checks"), Some(body), None).await.map(|_| ())
}

/// Records leave.
#[server]
pub async fn add_leave(staff_id: i64, kind: String, from: String, to: String, note: String) -> Result<(), UiError> {
    let body = serde_json::json!({"kind": kind, "from": from, "to": to, "note": note});
    crate::backend::api("POST", format!("/api/v1/staff/{staff_id}/leave"), Some(body), None).await.map(|_| ())
}

/// Records unavailability (times in Europe/Warsaw).
#[server]
pub async fn add_unavailability(staff_id: i64, from: String, to: String, reason: String) -> Result<(), UiError> {
    let body = serde_json::json!({"from": server::warsaw_to_utc("from", &from)?, "to": server::warsaw_to_utc("to", &to)?, "reason": reason});
    crate::backend::api("POST", format!("/api/v1/staff/{staff_id}/unavailability"), Some(body), None).await.map(|_| ())
}

#[component]
fn Badges(checks: Vec<CheckBadge>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    view! {
        <ul class="plain badges">
            {checks.into_iter().map(|c| {
                let class = match c.state.as_str() { "ok" => "badge ok", "expiring" => "badge warn", _ => "badge bad" };
                let label = format!("{}: {}{}", name_of(CHECK_KINDS, lang, &c.kind), state_name(lang, &c.state), c.expires.map_or(String::new(), |e| format!(" ({e})")));
                view! { <li><span class=class data-check=c.kind.clone() data-state=c.state.clone()>{label}</span></li> }
            }).collect_view()}
        </ul>
    }
}

/// `/placowki/:id/personel`.
#[component]
pub fn StaffListRoute() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let facility = crate::app::id_param();
    let decide = ServerAction::<Decide>::new();
    let data = Resource::new(move || (facility(), decide.version().get()), |(f, _)| get_staff_page(f));
    view! {
        <Suspense fallback=move || view! { <p class="notice">{t(lang, Key::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Ok(p) => view! { <StaffListView p decide/> }.into_any(),
                Err(e) => load_error(lang, e),
            })}
        </Suspense>
    }
}

#[component]
fn StaffListView(p: StaffPage, decide: ServerAction<Decide>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let decide_error = move || decide.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{error_text(lang, &e)}</p> });
    let pending = p.pending.clone();
    view! {
        <p><a href="/">{t(lang, Key::Back)}</a></p>
        <h1>{format!("{} — {}", p.facility, tr(lang, "personel", "staff"))}</h1>
        <FacilityNav facility_id=p.facility_id/>
        <div class="table-wrap">
            <table class="data" id="staff-table">
                <caption class="muted">{tr(lang, "Zaświadczenia: ważne, wkrótce wygasa (30 dni), wygasło, brak.", "Checks: current, expiring (30 days), expired, missing.")}</caption>
                <thead><tr>
                    <th scope="col">{tr(lang, "Pracownik", "Worker")}</th>
                    <th scope="col">{tr(lang, "Stanowisko", "Role")}</th>
                    <th scope="col" class="num">{tr(lang, "Etat", "FTE")}</th>
                    <th scope="col">{t(lang, Key::Units)}</th>
                    <th scope="col">{tr(lang, "Zaświadczenia", "Checks")}</th>
                    <th scope="col">{tr(lang, "Urlopy", "Leave")}</th>
                </tr></thead>
                <tbody>
                    {p.rows.into_iter().map(|w| view! {
                        <tr data-staff=w.id>
                            <th scope="row"><a href=format!("/personel/{}", w.id)>{w.name.clone()}</a><br/>
                                {if w.rosterable { view! { <span class="badge ok">{t(lang, Key::Rosterable)}</span> }.into_any() } else { view! { <span class="badge bad">{tr(lang, "nie do grafiku", "not rosterable")}</span> }.into_any() }}
                            </th>
                            <td>{w.role.clone()}</td>
                            <td class="num">{w.fte.clone()}</td>
                            <td>{w.units.join(", ")}</td>
                            <td><Badges checks=w.checks.clone()/></td>
                            <td>{w.upcoming_leave.join("; ")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <section class="card" aria-labelledby="pending-title">
            <h2 id="pending-title">{tr(lang, "Prośby do decyzji", "Requests to decide")}</h2>
            {decide_error}
            {if pending.is_empty() {
                view! { <p class="muted">{tr(lang, "Brak próśb.", "No requests.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain" id="pending">
                        {pending.into_iter().map(|(id, version, who, date, shift, want, reason)| {
                            let what = if want == "work" { tr(lang, "chce pracować", "wants to work") } else { tr(lang, "prosi o wolne", "asks for a day off") };
                            view! {
                                <li data-request=id>
                                    <p>{format!("{who} · {date} {shift} · {what}: {reason}")}</p>
                                    <div class="row-forms">
                                        <ActionForm action=decide attr:class="row accept-form">
                                            <input type="hidden" name="id" value=id.to_string()/>
                                            <input type="hidden" name="version" value=version.to_string()/>
                                            <input type="hidden" name="status" value="accepted"/>
                                            <button type="submit">{tr(lang, "Zgoda", "Accept")}</button>
                                        </ActionForm>
                                        <ActionForm action=decide attr:class="row decline-form">
                                            <input type="hidden" name="id" value=id.to_string()/>
                                            <input type="hidden" name="version" value=version.to_string()/>
                                            <input type="hidden" name="status" value="declined"/>
                                            <button type="submit" class="secondary">{tr(lang, "Odmowa", "Decline")}</button>
                                        </ActionForm>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// `/personel/:id`.
#[component]
pub fn StaffDetailRoute() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let id = crate::app::id_param();
    let check = ServerAction::<AddCheck>::new();
    let leave = ServerAction::<AddLeave>::new();
    let unavailable = ServerAction::<AddUnavailability>::new();
    let data = Resource::new(move || (id(), check.version().get(), leave.version().get(), unavailable.version().get()), |(s, ..)| get_staff_detail(s));
    view! {
        <Suspense fallback=move || view! { <p class="notice">{t(lang, Key::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Ok(d) => view! { <StaffDetailView d check leave unavailable/> }.into_any(),
                Err(e) => load_error(lang, e),
            })}
        </Suspense>
    }
}

#[component]
fn StaffDetailView(d: StaffDetail, check: ServerAction<AddCheck>, leave: ServerAction<AddLeave>, unavailable: ServerAction<AddUnavailability>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let sid = d.row.id;
    let errors = move || {
        [check.value().get().and_then(|r| r.err()), leave.value().get().and_then(|r| r.err()), unavailable.value().get().and_then(|r| r.err())]
            .into_iter()
            .flatten()
            .map(|e| view! { <p class="error" role="alert" id="staff-error">{error_text(lang, &e)}</p> })
            .collect_view()
    };
    view! {
        <p><a href=format!("/placowki/{}/personel", d.facility_id)>{t(lang, Key::Back)}</a></p>
        <h1>{d.row.name.clone()}</h1>
        <p>{format!("{} · {} {} · {}", d.row.role, tr(lang, "etat", "FTE"), d.row.fte, d.row.units.join(", "))}</p>
        <p class="muted">{format!("{}: {} · {}: {} · {}: {}", tr(lang, "Umowa", "Contract"), d.contract, tr(lang, "noce", "nights"), if d.nights_allowed { tr(lang, "tak", "yes") } else { tr(lang, "nie", "no") }, tr(lang, "nadgodziny", "overtime"), if d.overtime_allowed { tr(lang, "tak", "yes") } else { tr(lang, "nie", "no") })}</p>
        <p>{if d.row.rosterable { view! { <span class="badge ok" id="rosterable">{t(lang, Key::Rosterable)}</span> }.into_any() } else { view! { <span class="badge bad" id="rosterable">{tr(lang, "nie do grafiku: brak ważnych zaświadczeń", "not rosterable: checks missing or expired")}</span> }.into_any() }}</p>
        {errors}
        <section class="card" aria-labelledby="checks-title">
            <h2 id="checks-title">{tr(lang, "Zaświadczenia i oświadczenia", "Vetting checks")}</h2>
            <Badges checks=d.row.checks.clone()/>
            <div class="table-wrap">
                <table class="data" id="check-history">
                    <thead><tr><th scope="col">{tr(lang, "Rodzaj", "Kind")}</th><th scope="col">{tr(lang, "Z dnia", "Checked on")}</th><th scope="col">{tr(lang, "Dokument", "Evidence")}</th><th scope="col">{tr(lang, "Ważne do", "Expires")}</th></tr></thead>
                    <tbody>{d.history.iter().map(|(k, on, ev, exp)| view! { <tr><td>{name_of(CHECK_KINDS, lang, k)}</td><td>{on.clone()}</td><td>{ev.clone()}</td><td>{exp.clone()}</td></tr> }).collect_view()}</tbody>
                </table>
            </div>
            <ActionForm action=check attr:id="check-form" attr:class="row">
                <input type="hidden" name="staff_id" value=sid.to_string()/>
                <label>{tr(lang, "Rodzaj", "Kind")}<select name="kind">{CHECK_KINDS.iter().map(|(c, pl, en)| view! { <option value=*c>{tr(lang, pl, en)}</option> }).collect_view()}</select></label>
                <label>{tr(lang, "Z dnia", "Checked on")}<input name="checked_on" type="date" required/></label>
                <label>{tr(lang, "Dokument", "Evidence")}<input name="evidence_ref" required/></label>
                <label>{tr(lang, "Ważne do", "Expires")}<input name="expires_on" type="date"/></label>
                <button type="submit">{tr(lang, "Dodaj", "Add")}</button>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="leave-title">
            <h2 id="leave-title">{tr(lang, "Urlopy i nieobecności", "Leave")}</h2>
            <ul id="leave-list">{d.leave.iter().map(|(k, f, to, note)| view! { <li>{format!("{f} – {to} · {} {note}", name_of(LEAVE_KINDS, lang, k))}</li> }).collect_view()}</ul>
            <ActionForm action=leave attr:id="leave-form" attr:class="row">
                <input type="hidden" name="staff_id" value=sid.to_string()/>
                <label>{tr(lang, "Rodzaj", "Kind")}<select name="kind">{LEAVE_KINDS.iter().map(|(c, pl, en)| view! { <option value=*c>{tr(lang, pl, en)}</option> }).collect_view()}</select></label>
                <label>{t(lang, Key::From)}<input name="from" type="date" required/></label>
                <label>{t(lang, Key::To)}<input name="to" type="date" required/></label>
                <label>{tr(lang, "Uwagi", "Note")}<input name="note"/></label>
                <button type="submit">{tr(lang, "Dodaj", "Add")}</button>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="unav-title">
            <h2 id="unav-title">{tr(lang, "Niedostępność (czas polski)", "Unavailability (Warsaw time)")}</h2>
            <ul id="unavailability-list">{d.unavailability.iter().map(|(f, to, r)| view! { <li>{format!("{f} – {to} · {r}")}</li> }).collect_view()}</ul>
            <ActionForm action=unavailable attr:id="unavailability-form" attr:class="row">
                <input type="hidden" name="staff_id" value=sid.to_string()/>
                <label>{t(lang, Key::From)}<input name="from" type="datetime-local" required/></label>
                <label>{t(lang, Key::To)}<input name="to" type="datetime-local" required/></label>
                <label>{tr(lang, "Powód", "Reason")}<input name="reason"/></label>
                <button type="submit">{tr(lang, "Dodaj", "Add")}</button>
            </ActionForm>
        </section>
    }
}
