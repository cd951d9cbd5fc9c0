//! The rota planner: a month's grid of workers × days with shift codes in unit colours, the
//! cover gaps per unit and day, hours against target, nights and weekend shifts per worker;
//! generate (live progress, cancel), lock and hand-edit cells (breaches shown at once, with
//! the rule), re-solve around locks, repair after a sick call (the changes and whom to call),
//! publish. Every action goes through the JSON API in process, so the rules, checks and audit
//! are the API's own.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::i18n::{t, tr, weekday, Key, Lang};
use crate::ui::{error_text, in_lang, load_error};
use crate::model::{JobShown, Planner, RotaShown, UiError};

#[cfg(feature = "ssr")]
mod server {
    use serde_json::Value;

    use crate::model::{JobShown, RotaShown, WorkerRow};

    pub use crate::backend::api;

    fn s(v: &Value) -> String {
        v.as_str().unwrap_or_default().to_string()
    }

    fn cell(v: &Value) -> String {
        if v.is_null() {
            "—".into()
        } else {
            format!("{} {}", s(&v["shift"]), s(&v["unit"]))
        }
    }

    pub fn job(v: &Value) -> JobShown {
        JobShown {
            id: v["id"].as_i64().unwrap_or_default(),
            state: s(&v["state"]),
            seconds: format!("{:.1}", v["progress"]["millis"].as_f64().unwrap_or(0.0) / 1000.0),
            solutions: v["progress"]["solutions"].as_u64().unwrap_or(0),
            uncovered: v["progress"]["uncovered_staff_minutes"].as_i64(),
            rota_id: v["rota_id"].as_i64(),
            error: v["error"].as_str().map(str::to_string),
        }
    }

    /// The month's days: (date, day, weekday).
    pub fn days(month: &str) -> Vec<(String, u32, u8)> {
        use chrono::{Datelike, NaiveDate};
        let Ok(first) = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d") else { return Vec::new() };
        first.iter_days().take_while(|d| d.month() == first.month()).map(|d| (d.to_string(), d.day(), d.weekday().num_days_from_monday() as u8)).collect()
    }

    pub fn shown(v: &Value) -> RotaShown {
        use chrono::Datelike;
        let name = |list: &Value, id: &str| list.as_array().and_then(|a| a.iter().find(|x| x["id"] == id)).map_or(id.to_string(), |x| s(&x["name"]));
        let rota = &v["rota"];
        let empty = Vec::new();
        let assignments = rota["assignments"].as_array().unwrap_or(&empty);
        let cells: Vec<(String, String, String, String)> = assignments.iter().map(|a| (s(&a["staff"]), s(&a["date"]), s(&a["shift"]), s(&a["unit"]))).collect();
        let mut workers: Vec<WorkerRow> = rota["staff_hours"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .map(|h| {
                let id = s(&h["staff"]);
                let mine: Vec<&(String, String, String, String)> = cells.iter().filter(|c| c.0 == id).collect();
                let weekends = mine.iter().filter(|c| chrono::NaiveDate::parse_from_str(&c.1, "%Y-%m-%d").is_ok_and(|d| d.weekday().number_from_monday() >= 6)).count() as u32;
                WorkerRow {
                    name: name(&v["staff"], &id),
                    units: Vec::new(),
                    planned: format!("{}", h["planned"].as_f64().unwrap_or(0.0)),
                    target: format!("{}", h["target"].as_f64().unwrap_or(0.0)),
                    nights: mine.iter().filter(|c| c.2 == "N").count() as u32,
                    weekends,
                    id,
                }
            })
            .collect();
        let units: Vec<(String, String)> = v["units"].as_array().unwrap_or(&empty).iter().map(|u| (s(&u["id"]), s(&u["name"]))).collect();
        for w in &mut workers {
            // The units a worker may work in: from the problem the version was solved for.
            w.units = v["worker_units"][&w.id].as_array().map(|a| a.iter().map(s).collect()).unwrap_or_else(|| units.iter().map(|u| u.0.clone()).collect());
        }
        let hours = |m: i64| if m % 60 == 0 { format!("{}", m / 60) } else { format!("{}:{:02}", m / 60, m % 60) };
        let cover = v["cover"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .map(|c| {
                let (needed, planned, covered) = (c["needed"].as_i64().unwrap_or(0), c["planned"].as_i64().unwrap_or(0), c["covered"].as_i64().unwrap_or(0));
                (s(&c["unit"]), s(&c["date"]), hours(planned), hours(needed), covered < needed)
            })
            .collect();
        RotaShown {
            id: v["id"].as_i64().unwrap_or_default(),
            number: v["number"].as_i64().unwrap_or_default(),
            version: v["version"].as_i64().unwrap_or_default(),
            status: s(&v["status"]),
            published: v["published_at"].is_string(),
            note: s(&v["note"]),
            workers,
            cells,
            dedicated: assignments.iter().filter(|a| a["one_to_one"].is_string()).map(|a| (s(&a["staff"]), s(&a["date"]), name(&v["residents"], &s(&a["one_to_one"])))).collect(),
            locks: v["locks"].as_array().unwrap_or(&empty).iter().map(|l| (s(&l["staff"]), s(&l["date"]))).collect(),
            breaches: v["breaches"].as_array().unwrap_or(&empty).iter().map(|b| (s(&b["rule"]), name(&v["staff"], &s(&b["staff"])), s(&b["date"]), s(&b["message"]), s(&b["message_pl"]))).collect(),
            cover,
            gaps: rota["shortfalls"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .map(|g| {
                    let local = |x: &serde_json::Value| chrono::DateTime::parse_from_rfc3339(&s(x)).map(|t| t.with_timezone(&chrono_tz::Europe::Warsaw).format("%d.%m %H:%M").to_string()).unwrap_or_else(|_| s(x));
                    (name(&v["units"], &s(&g["unit"])), local(&g["from"]), local(&g["to"]), g["needed"].as_u64().unwrap_or(0) as u32, g["planned"].as_u64().unwrap_or(0) as u32)
                })
                .collect(),
            diagnosis: rota["diagnosis"].as_array().unwrap_or(&empty).iter().map(|d| (s(&d["message"]), s(&d["message_pl"]))).collect(),
            changes: {
                // Shift cells, then supervision attendance changed (added or taken away), by date.
                let cells = rota["changes"].as_array().unwrap_or(&empty).iter().map(|c| (s(&c["date"]), name(&v["staff"], &s(&c["staff"])), cell(&c["before"]), cell(&c["after"])));
                let attendance = rota["attendance_changes"].as_array().unwrap_or(&empty).iter().map(|c| {
                    let (on, off) = (crate::model::SUPERVISION.to_string(), "—".to_string());
                    let (before, after) = if c["attends"].as_bool().unwrap_or(false) { (off, on) } else { (on, off) };
                    (s(&c["date"]), name(&v["staff"], &s(&c["staff"])), before, after)
                });
                let mut all: Vec<_> = cells.chain(attendance).collect();
                all.sort_by(|a, b| a.0.cmp(&b.0));
                all.into_iter().map(|(date, who, before, after)| (who, date, before, after)).collect()
            },
            call: rota["call"].as_array().unwrap_or(&empty).iter().map(|c| name(&v["staff"], &s(c))).collect(),
            units,
        }
    }

    pub fn default_month() -> String {
        use chrono::Datelike;
        let today = crate::backend::today();
        let next = today.with_day(1).expect("day 1").checked_add_months(chrono::Months::new(1)).expect("next month");
        next.format("%Y-%m").to_string()
    }
}

/// The planner's data: the month's versions and the one shown (the given one, else the newest).
#[server]
pub async fn get_planner(facility_id: i64, month: Option<String>, version: Option<i64>) -> Result<Planner, UiError> {
    let month = month.filter(|m| !m.is_empty()).unwrap_or_else(server::default_month);
    let list = server::api("GET", format!("/api/v1/facilities/{facility_id}/rotas?month={month}"), None, None).await?;
    let versions: Vec<(i64, i64, String, bool)> = list
        .as_array()
        .map(|a| a.iter().map(|v| (v["id"].as_i64().unwrap_or_default(), v["number"].as_i64().unwrap_or_default(), v["status"].as_str().unwrap_or_default().to_string(), v["published_at"].is_string())).collect())
        .unwrap_or_default();
    let pick = version.filter(|v| versions.iter().any(|x| x.0 == *v)).or_else(|| versions.last().map(|v| v.0));
    let rota = match pick {
        Some(id) => {
            let mut v = server::api("GET", format!("/api/v1/rotas/{id}"), None, None).await?;
            // Each worker's units, for the edit form.
            let problem = server::api("GET", format!("/api/v1/facilities/{facility_id}/rota-problem?month={month}"), None, None).await?;
            let mut units = serde_json::Map::new();
            for w in problem["problem"]["staff"].as_array().cloned().unwrap_or_default() {
                units.insert(w["id"].as_str().unwrap_or_default().to_string(), w["units"].clone());
            }
            v["worker_units"] = serde_json::Value::Object(units);
            Some(server::shown(&v))
        }
        None => None,
    };
    Ok(Planner { facility_id, days: server::days(&month), month, versions, rota })
}

/// Starts a solve (or a re-solve around the locks of `based_on`): the job's id.
#[server]
pub async fn generate(facility_id: i64, month: String, time_limit_s: f64, based_on: Option<i64>) -> Result<i64, UiError> {
    let mut body = serde_json::json!({"month": month, "time_limit_s": time_limit_s});
    if let Some(b) = based_on {
        body["based_on"] = b.into();
    }
    let job = server::api("POST", format!("/api/v1/facilities/{facility_id}/rotas"), Some(body), None).await?;
    Ok(job["id"].as_i64().unwrap_or_default())
}

/// A solve job's progress.
#[server]
pub async fn job_status(id: i64) -> Result<JobShown, UiError> {
    Ok(server::job(&server::api("GET", format!("/api/v1/rota-jobs/{id}"), None, None).await?))
}

/// Cancels a solve job.
#[server]
pub async fn cancel_job(id: i64) -> Result<(), UiError> {
    server::api("DELETE", format!("/api/v1/rota-jobs/{id}"), None, None).await.map(|_| ())
}

/// Edits a cell ("" shift: a day off) and sets its lock; `version` is the draft's.
#[server]
pub async fn edit_cell(rota: i64, version: i64, staff: String, date: String, shift: String, unit: String, locked: Option<String>) -> Result<(), UiError> {
    let body = if shift.is_empty() { serde_json::json!({"staff": staff, "date": date}) } else { serde_json::json!({"staff": staff, "date": date, "shift": shift, "unit": unit}) };
    let edited = server::api("PUT", format!("/api/v1/rotas/{rota}/cells"), Some(body), Some(version)).await?;
    let mut locks: Vec<serde_json::Value> = edited["locks"].as_array().cloned().unwrap_or_default();
    let here = |l: &serde_json::Value| l["staff"] == staff.as_str() && l["date"] == date.as_str();
    let was = locks.iter().any(here);
    let want = locked.is_some();
    if was != want {
        locks.retain(|l| !here(l));
        if want {
            locks.push(serde_json::json!({"staff": staff, "date": date}));
        }
        server::api("PUT", format!("/api/v1/rotas/{rota}/locks"), Some(serde_json::json!({"locks": locks})), edited["version"].as_i64()).await?;
    }
    Ok(())
}

/// Repairs a version after a sick call: the new draft's id.
#[server]
pub async fn repair(rota: i64, staff: String, from: String, to: String) -> Result<i64, UiError> {
    let staff_id: i64 = staff.trim_start_matches('s').parse().map_err(|_| crate::ui::invalid("staff_id", "wybierz pracownika", "pick a worker"))?;
    let v = server::api("POST", format!("/api/v1/rotas/{rota}/repair"), Some(serde_json::json!({"staff_id": staff_id, "from": from, "to": to})), None).await?;
    Ok(v["id"].as_i64().unwrap_or_default())
}

/// Publishes a draft.
#[server]
pub async fn publish(rota: i64, version: i64) -> Result<(), UiError> {
    server::api("POST", format!("/api/v1/rotas/{rota}/publish"), None, Some(version)).await.map(|_| ())
}

/// `/placowki/:id/grafik?miesiac=YYYY-MM&wersja=ID`.
#[component]
pub fn PlannerRoute() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let query = use_query_map();
    let facility = crate::app::id_param();
    let month = move || query.with(|q| q.get("miesiac"));
    let version = move || query.with(|q| q.get("wersja").and_then(|v| v.parse::<i64>().ok()));
    let refresh = RwSignal::new(0u32);
    let data = Resource::new(move || (facility(), month(), version(), refresh.get()), |(f, m, v, _)| get_planner(f, m, v));
    view! {
        <Suspense fallback=move || view! { <p class="notice">{t(lang, Key::Loading)}</p> }>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok(p) => view! { <PlannerView p refresh/> }.into_any(),
                        Err(e) => load_error(lang, e),
                    })
            }}
        </Suspense>
    }
}

fn unit_class(units: &[(String, String)], unit: &str) -> String {
    format!("cell u{}", units.iter().position(|u| u.0 == unit).unwrap_or(0) % 4)
}

#[component]
fn PlannerView(p: Planner, refresh: RwSignal<u32>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let navigate = use_navigate();
    let base = format!("/placowki/{}/grafik?miesiac={}", p.facility_id, p.month);
    let gen = ServerAction::<Generate>::new();
    let job = RwSignal::new(None::<JobShown>);
    // Follow the job: poll every second while it runs, then open the new version.
    {
        let base = base.clone();
        let navigate = navigate.clone();
        Effect::new(move |_| {
            if let Some(Ok(id)) = gen.value().get() {
                if job.with_untracked(|j| j.as_ref().map(|j| j.id)) != Some(id) {
                    job.set(Some(JobShown { id, state: "running".into(), ..Default::default() }));
                }
            }
        });
        Effect::new(move |_| {
            let Some(current) = job.get() else { return };
            if current.state == "running" {
                let id = current.id;
                set_timeout(
                    move || {
                        leptos::task::spawn_local(async move {
                            if let Ok(s) = job_status(id).await {
                                job.set(Some(s));
                            }
                        });
                    },
                    std::time::Duration::from_millis(700),
                );
            } else if let Some(rota) = current.rota_id {
                navigate(&format!("{base}&wersja={rota}"), NavigateOptions::default());
                job.set(None);
                refresh.update(|r| *r += 1);
            }
        });
    }
    let cancel = ServerAction::<CancelJob>::new();
    let months_form = {
        let f = p.facility_id;
        view! {
            <form method="get" action=format!("/placowki/{f}/grafik") class="inline" id="month-form">
                <label for="miesiac">{t(lang, Key::Month)}</label>
                <input id="miesiac" name="miesiac" type="month" value=p.month.clone()/>
                <button type="submit" class="secondary">{t(lang, Key::Show)}</button>
            </form>
        }
    };
    let versions = p
        .versions
        .iter()
        .map(|(id, number, status, published)| {
            let label = format!("{} {number} · {}{}", t(lang, Key::Version), status_name(lang, status), if *published { format!(" · {}", t(lang, Key::Published)) } else { String::new() });
            view! { <li><a href=format!("{base}&wersja={id}") data-version=*id>{label}</a></li> }
        })
        .collect_view();
    let based_on = p.rota.as_ref().map(|r| r.id);
    let gen_error = move || gen.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{error_text(lang, &e)}</p> });
    let progress = move || {
        job.get().map(|j| {
            let id = j.id;
            view! {
                <div class="card job" id="job" data-state=j.state.clone() aria-live="polite">
                    <p>{format!("{} · {} s · {} {} · {}", t(lang, Key::Solving), j.seconds, j.solutions, t(lang, Key::Solutions), j.uncovered.map_or("—".into(), |u| format!("{} {}", u, t(lang, Key::UncoveredMinutes))))}</p>
                    {j.error.clone().map(|e| view! { <p class="error">{e}</p> })}
                    <ActionForm action=cancel attr:id="cancel-form">
                        <input type="hidden" name="id" value=id.to_string()/>
                        <button type="submit" class="secondary">{t(lang, Key::Cancel)}</button>
                    </ActionForm>
                </div>
            }
        })
    };
    view! {
        <p><a href="/">{t(lang, Key::Back)}</a></p>
        <h1>{format!("{} — {}", t(lang, Key::Rota), p.month)}</h1>
        {months_form}
        <ul class="versions" id="versions">{versions}</ul>
        <section class="card" aria-labelledby="generate-title">
            <h2 id="generate-title">{t(lang, Key::Generate)}</h2>
            <ActionForm action=gen attr:id="generate-form">
                <input type="hidden" name="facility_id" value=p.facility_id.to_string()/>
                <input type="hidden" name="month" value=p.month.clone()/>
                <label for="time_limit_s">{t(lang, Key::TimeLimit)}</label>
                <input id="time_limit_s" name="time_limit_s" type="number" min="1" max="600" value="30"/>
                <label class="check"><input type="checkbox" name="based_on" value=based_on.map(|b| b.to_string()).unwrap_or_default() disabled=based_on.is_none()/>{t(lang, Key::AroundLocks)}</label>
                {gen_error}
                <button type="submit">{t(lang, Key::Generate)}</button>
            </ActionForm>
            {progress}
        </section>
        {p.rota.map(|r| view! { <RotaGrid r days=p.days.clone() base=base.clone() refresh/> })}
    }
}

#[component]
fn RotaGrid(r: RotaShown, days: Vec<(String, u32, u8)>, base: String, refresh: RwSignal<u32>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let navigate = use_navigate();
    let edit = ServerAction::<EditCell>::new();
    let fix = ServerAction::<Repair>::new();
    let pub_action = ServerAction::<Publish>::new();
    Effect::new(move |_| {
        if matches!(edit.value().get(), Some(Ok(()))) || matches!(pub_action.value().get(), Some(Ok(()))) {
            refresh.update(|x| *x += 1);
        }
    });
    {
        let base = base.clone();
        Effect::new(move |_| {
            if let Some(Ok(id)) = fix.value().get() {
                navigate(&format!("{base}&wersja={id}"), NavigateOptions::default());
            }
        });
    }
    let selected = RwSignal::new(None::<(String, String)>);
    // Keyboard users land in the editor of the cell they opened, not at the grid's end.
    let shift_select = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |_| {
        if selected.get().is_some() {
            if let Some(el) = shift_select.get() {
                let _ = el.focus();
            }
        }
    });
    let units = StoredValue::new(r.units.clone());
    let cells = StoredValue::new(r.cells.clone());
    let dedicated = StoredValue::new(r.dedicated.clone());
    let workers = StoredValue::new(r.workers.clone());
    let locks = StoredValue::new(r.locks.clone());
    let draft = !r.published;
    let (rota_id, rota_version) = (r.id, r.version);
    let head = days.iter().map(|(_, d, w)| view! { <th scope="col" class={if *w >= 5 { "we" } else { "" }}>{format!("{d}")}<br/><small>{weekday(lang, *w)}</small></th> }).collect_view();
    let rows = r
        .workers
        .iter()
        .map(|w| {
            let wid = w.id.clone();
            let tds = days
                .iter()
                .map(|(date, _, wd)| {
                    let c = cells.with_value(|cs| cs.iter().find(|c| c.0 == wid && c.1 == *date).cloned());
                    let locked = locks.with_value(|l| l.iter().any(|l| l.0 == wid && l.1 == *date));
                    let class = c.as_ref().map_or("cell off".to_string(), |c| units.with_value(|u| unit_class(u, &c.3)));
                    let one = dedicated.with_value(|d| d.iter().find(|d| d.0 == wid && d.1 == *date).map(|d| d.2.clone()));
                    let text = format!("{}{}{}", c.as_ref().map_or(String::new(), |c| c.2.clone()), if one.is_some() { "¹" } else { "" }, if locked { "🔒" } else { "" });
                    let key = (wid.clone(), date.clone());
                    let label = match &one {
                        Some(r) => format!("{} {} · {} {r}", w.name, date, tr(lang, "opiekun 1:1 mieszkańca", "dedicated 1:1 worker of")),
                        None => format!("{} {}", w.name, date),
                    };
                    view! {
                        <td class={if *wd >= 5 { "we" } else { "" }}>
                            <button type="button" class=class data-staff=wid.clone() data-date=date.clone() title=label.clone() aria-label=label on:click=move |_| selected.set(Some(key.clone()))>{text}</button>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row" class="who">{w.name.clone()}<br/><small>{format!("{} / {} h · N {} · W {}", w.planned, w.target, w.nights, w.weekends)}</small></th>
                    {tds}
                </tr>
            }
        })
        .collect_view();
    let cover = r
        .units
        .iter()
        .map(|(uid, uname)| {
            let tds = days
                .iter()
                .map(|(date, _, _)| {
                    // Planned against needed staff-hours; red where some slot is short.
                    match r.cover.iter().find(|c| c.0 == *uid && c.1 == *date) {
                        Some((_, _, planned, needed, short)) => {
                            let title = format!("{}: {planned} h / {} {needed} h", t(lang, Key::Cover), tr(lang, "potrzeba", "needed"));
                            view! { <td class=if *short { "gap" } else { "ok" } data-unit=uid.clone() data-date=date.clone() title=title>{planned.clone()}<br/><small>{format!("/{needed}")}</small></td> }.into_any()
                        }
                        None => view! { <td>"—"</td> }.into_any(),
                    }
                })
                .collect_view();
            view! { <tr class="cover"><th scope="row">{format!("{} {uname}", t(lang, Key::Cover))}</th>{tds}</tr> }
        })
        .collect_view();
    let editor = move || {
        selected.get().map(|(staff, date)| {
            let current = cells.with_value(|cs| cs.iter().find(|c| c.0 == staff && c.1 == date).cloned());
            let locked = locks.with_value(|l| l.iter().any(|l| l.0 == staff && l.1 == date));
            let name = workers.with_value(|ws| ws.iter().find(|w| w.id == staff).map(|w| w.name.clone()).unwrap_or_default());
            let allowed = workers.with_value(|ws| ws.iter().find(|w| w.id == staff).map(|w| w.units.clone()).unwrap_or_default());
            let shift_now = current.as_ref().map(|c| c.2.clone()).unwrap_or_default();
            let unit_now = current.as_ref().map(|c| c.3.clone()).unwrap_or_default();
            view! {
                <div class="card" id="cell-editor">
                    <h3>{format!("{name} · {date}")}</h3>
                    <ActionForm action=edit attr:id="cell-form">
                        <input type="hidden" name="rota" value=rota_id.to_string()/>
                        <input type="hidden" name="version" value=rota_version.to_string()/>
                        <input type="hidden" name="staff" value=staff.clone()/>
                        <input type="hidden" name="date" value=date.clone()/>
                        <label for="cell-shift">{t(lang, Key::Shift)}</label>
                        <select id="cell-shift" name="shift" node_ref=shift_select>
                            {["", "D", "N", "E", "L"].into_iter().map(|c| view! { <option value=c selected=c == shift_now>{if c.is_empty() { t(lang, Key::DayOff).to_string() } else { c.to_string() }}</option> }).collect_view()}
                        </select>
                        <label for="cell-unit">{t(lang, Key::Unit)}</label>
                        <select id="cell-unit" name="unit">
                            {units.with_value(|us| us.iter().filter(|u| allowed.contains(&u.0)).map(|(id, n)| view! { <option value=id.clone() selected=*id == unit_now>{n.clone()}</option> }).collect_view())}
                        </select>
                        <label class="check"><input type="checkbox" name="locked" value="on" checked=locked/>{t(lang, Key::Lock)}</label>
                        <button type="submit">{t(lang, Key::Save)}</button>
                    </ActionForm>
                </div>
            }
        })
    };
    let edit_error = move || edit.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{error_text(lang, &e)}</p> });
    let pub_error = move || pub_action.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert" id="publish-error">{error_text(lang, &e)}</p> });
    let fix_error = move || fix.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{error_text(lang, &e)}</p> });
    view! {
        <h2 id="rota-title" data-rota=r.id data-published=r.published.to_string()>
            {format!("{} {} · {}{}", t(lang, Key::Version), r.number, status_name(lang, &r.status), if r.published { format!(" · {}", t(lang, Key::Published)) } else { String::new() })}
        </h2>
        {(!r.note.is_empty()).then(|| view! { <p class="muted" id="rota-note">{note_text(lang, &r.note)}</p> })}
        {(!r.diagnosis.is_empty()).then(|| view! {
            <div class="card warn" id="diagnosis" role="status">
                <h3>{t(lang, Key::ShortStaffed)}</h3>
                <ul>{r.diagnosis.iter().map(|(en, pl)| view! { <li>{in_lang(lang, en, pl)}</li> }).collect_view()}</ul>
            </div>
        })}
        {(!r.breaches.is_empty()).then(|| view! {
            <div class="card bad" id="breaches" role="alert">
                <h3>{t(lang, Key::Breaches)}</h3>
                <ul>{r.breaches.iter().map(|(rule, who, date, en, pl)| view! { <li data-rule=rule.clone()>{format!("{rule} · {who} · {date}: {}", in_lang(lang, en, pl))}</li> }).collect_view()}</ul>
            </div>
        })}
        {(!r.changes.is_empty()).then(|| view! {
            <div class="card" id="changes">
                <h3>{t(lang, Key::Changes)}</h3>
                <ul>{r.changes.iter().map(|(who, date, before, after)| {
                    let shown = |x: &String| if x == crate::model::SUPERVISION { tr(lang, "superwizja", "supervision").to_string() } else { x.clone() };
                    view! { <li>{format!("{who} · {date}: {} → {}", shown(before), shown(after))}</li> }
                }).collect_view()}</ul>
                <p id="call"><strong>{t(lang, Key::WhomToCall)}</strong>": "{if r.call.is_empty() { "—".to_string() } else { r.call.join(", ") }}</p>
            </div>
        })}
        {edit_error}
        <div class="grid-wrap">
            <table class="rota-grid" id="rota-grid">
                <thead><tr><th scope="col">{t(lang, Key::Staff)}</th>{head}</tr></thead>
                <tbody>{rows}{cover}</tbody>
            </table>
        </div>
        {(!r.dedicated.is_empty()).then(|| view! {
            <p class="muted" id="dedicated-legend">{tr(lang, "¹ — opiekun 1:1: pracownik wskazany na tej zmianie do wsparcia 1:1 mieszkańca (kogo — w opisie komórki).", "¹ — dedicated 1:1 worker: the worker named on that shift for a resident's 1:1 support (whose — in the cell's description).")}</p>
        })}
        {(!r.gaps.is_empty()).then(|| view! {
            <div class="table-wrap">
                <table class="data gaps" id="gaps">
                    <caption>{tr(lang, "Luki w obsadzie (czas polski): potrzeba a plan w każdym przedziale", "Cover gaps (Warsaw time): needed against planned in each slot")}</caption>
                    <thead><tr>
                        <th scope="col">{t(lang, Key::Unit)}</th>
                        <th scope="col">{t(lang, Key::From)}</th>
                        <th scope="col">{t(lang, Key::To)}</th>
                        <th scope="col" class="n">{tr(lang, "potrzeba", "needed")}</th>
                        <th scope="col" class="n">{tr(lang, "w planie", "planned")}</th>
                    </tr></thead>
                    <tbody>{r.gaps.iter().map(|(unit, from, to, needed, planned)| view! {
                        <tr class="gap-row"><td>{unit.clone()}</td><td>{from.clone()}</td><td>{to.clone()}</td><td class="n">{*needed}</td><td class="n short">{*planned}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            </div>
        })}
        {move || draft.then(editor)}
        <section class="card" aria-labelledby="repair-title">
            <h2 id="repair-title">{t(lang, Key::SickCall)}</h2>
            <ActionForm action=fix attr:id="repair-form">
                <input type="hidden" name="rota" value=rota_id.to_string()/>
                <label for="repair-staff">{t(lang, Key::Staff)}</label>
                <select id="repair-staff" name="staff">
                    {workers.with_value(|ws| ws.iter().map(|w| view! { <option value=w.id.clone()>{w.name.clone()}</option> }).collect_view())}
                </select>
                <label for="repair-from">{t(lang, Key::From)}</label>
                <input id="repair-from" name="from" type="date" required/>
                <label for="repair-to">{t(lang, Key::To)}</label>
                <input id="repair-to" name="to" type="date" required/>
                {fix_error}
                <button type="submit">{t(lang, Key::Repair)}</button>
            </ActionForm>
        </section>
        {draft.then(|| view! {
            <ActionForm action=pub_action attr:id="publish-form">
                <input type="hidden" name="rota" value=rota_id.to_string()/>
                <input type="hidden" name="version" value=rota_version.to_string()/>
                {pub_error}
                <button type="submit">{t(lang, Key::Publish)}</button>
            </ActionForm>
        })}
    }
}

/// A rota version's status in words.
fn status_name(lang: Lang, s: &str) -> &'static str {
    match s {
        "optimal" => tr(lang, "pełna obsada (optymalny)", "fully covered (optimal)"),
        "feasible" => tr(lang, "pełna obsada", "fully covered"),
        "short" => tr(lang, "braki obsady", "short-staffed"),
        "invalid" => tr(lang, "błędne dane", "invalid problem"),
        _ => tr(lang, "projekt", "draft"),
    }
}

/// A rota version's note; the one the server writes for a cancelled solve, in words.
fn note_text(lang: Lang, note: &str) -> String {
    match note {
        "cancelled: best rota found until then" => tr(lang, "przerwano: najlepszy grafik znaleziony do tej chwili", "cancelled: best rota found until then").to_string(),
        _ => note.to_string(),
    }
}
