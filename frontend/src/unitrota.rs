//! The unit rota for staff (phone first): the newest published rota of the worker's facility,
//! day by day — who is on which shift in which unit. It carries no resident data.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::{t, tr, weekday, Key, Lang};
use crate::model::{UiError, UnitRota};

/// The month's published rota of the signed-in worker's facility.
#[server]
pub async fn get_unit_rota(month: Option<String>) -> Result<UnitRota, UiError> {
    use crate::backend::{api, items, text};
    use chrono::Datelike;
    let month = month.filter(|m| !m.is_empty()).unwrap_or_else(crate::backend::this_month);
    let overview = crate::backend::backend().overview(crate::backend::cookie_header()).await?;
    if overview.role != "staff" {
        return Err(UiError::Forbidden);
    }
    let Some(f) = overview.facilities.first() else { return Ok(UnitRota { month, ..Default::default() }) };
    let v = match api("GET", format!("/api/v1/facilities/{}/rotas/published?month={month}", f.id), None, None).await {
        Ok(v) => v,
        Err(UiError::Invalid { .. }) => return Ok(UnitRota { month, ..Default::default() }),
        Err(e) => return Err(e),
    };
    let name = |list: &serde_json::Value, id: &str| items(list).iter().find(|x| x["id"] == id).map_or_else(|| id.to_string(), |x| text(&x["name"]));
    let times = |code: &str| items(&v["shift_types"]).iter().find(|s| s["id"] == code).map(|s| format!("{}–{}", text(&s["start"]), text(&s["end"]))).unwrap_or_default();
    let Ok(first) = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d") else { return Err(crate::ui::invalid("miesiac", "musi być miesiącem w postaci RRRR-MM", "must be a month as YYYY-MM")) };
    let assignments = items(&v["assignments"]);
    let days = first
        .iter_days()
        .take_while(|d| d.month() == first.month())
        .map(|d| {
            let date = d.to_string();
            let mut groups: std::collections::BTreeMap<(String, String), Vec<String>> = Default::default();
            for a in assignments.iter().filter(|a| a["date"] == date.as_str()) {
                groups.entry((text(&a["shift"]), text(&a["unit"]))).or_default().push(name(&v["staff"], &text(&a["staff"])));
            }
            let lines = groups.into_iter().map(|((s, u), who)| format!("{s} {} · {}: {}", times(&s), name(&v["units"], &u), who.join(", "))).collect();
            (date, d.weekday().num_days_from_monday() as u8, lines)
        })
        .collect();
    Ok(UnitRota { month, number: v["number"].as_i64(), days })
}

/// `/moje/grafik?miesiac=YYYY-MM`.
#[component]
pub fn UnitRotaRoute() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let query = use_query_map();
    let month = move || query.with(|q| q.get("miesiac"));
    let data = Resource::new(month, get_unit_rota);
    view! {
        <p><a href="/moje">{t(lang, Key::Back)}</a></p>
        <Suspense fallback=move || view! { <p class="notice">{t(lang, Key::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Ok(u) => view! {
                    <h1>{format!("{} {}", tr(lang, "Grafik domu", "The home's rota"), u.month)}</h1>
                    <form method="get" action="/moje/grafik" class="row">
                        <label for="ur-month">{tr(lang, "Miesiąc", "Month")}</label>
                        <input id="ur-month" name="miesiac" type="month" value=u.month.clone()/>
                        <button type="submit" class="secondary">{t(lang, Key::Show)}</button>
                    </form>
                    {match u.number {
                        None => view! { <p class="muted" id="no-rota">{tr(lang, "Grafik na ten miesiąc nie jest jeszcze opublikowany.", "The rota for this month is not published yet.")}</p> }.into_any(),
                        Some(n) => view! {
                            <p class="muted">{format!("{} {n}", t(lang, Key::Version))}</p>
                            <ul class="plain unit-rota" id="unit-rota">
                                {u.days.into_iter().map(|(date, wd, lines)| view! {
                                    <li data-date=date.clone()>
                                        <h2 class="day">{format!("{} {date}", weekday(lang, wd))}</h2>
                                        <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }}
                }.into_any(),
                Err(UiError::Unauthorized) => view! { <leptos_router::components::Redirect path="/login"/> }.into_any(),
                Err(_) => view! { <p class="error" role="alert">{t(lang, Key::LoadFailed)}</p> }.into_any(),
            })}
        </Suspense>
    }
}
