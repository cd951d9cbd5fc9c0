//! The month's costs for managers: support funded (residents and unused places), maintenance
//! and its split, staffing against the funded index, actual against funded from the published
//! rota and the cost lines, the per-resident allocation of staff time, with SVG charts; and
//! the month's funder statements, drafted and issued from here.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::ui::error_text;
use crate::dashboard::FacilityNav;
use crate::i18n::{t, tr, Key, Lang};
use crate::model::{CostsPage, UiError};

fn label(lang: Lang, key: &str) -> &'static str {
    match key {
        "support_total" => tr(lang, "Usługi wspierające — finansowanie (razem)", "Support funded (total)"),
        "unused_places" => tr(lang, "w tym niewykorzystane miejsca", "of which unused places"),
        "maintenance_total" => tr(lang, "Koszt utrzymania (razem)", "Maintenance (total)"),
        "maintenance_residents" => tr(lang, "w tym odpłatność mieszkańców", "of which residents' fees"),
        "rota_cost" => tr(lang, "Koszt personelu wg grafiku", "Staff cost of the rota"),
        "excluded" => tr(lang, "Koszty nie do rozliczenia", "Costs not claimable"),
        "support" => tr(lang, "Usługi wspierające", "Support"),
        "maintenance" => tr(lang, "Utrzymanie", "Maintenance"),
        "cover_hours" => tr(lang, "Godziny obsady wymagane", "Cover hours required"),
        "fte_needed" => tr(lang, "Etaty potrzebne", "FTE needed"),
        "fte_funded" => tr(lang, "Etaty finansowane", "FTE funded"),
        "margin" => tr(lang, "Zapas (etaty)", "Margin (FTE)"),
        _ => "—",
    }
}

/// The month's costs and statements.
#[server]
pub async fn get_costs(facility_id: i64, month: Option<String>) -> Result<CostsPage, UiError> {
    use crate::backend::{api, items, text};
    let month = month.filter(|m| !m.is_empty()).unwrap_or_else(crate::backend::this_month);
    let f = api("GET", format!("/api/v1/facilities/{facility_id}"), None, None).await?;
    let mut page = CostsPage { facility_id, facility: text(&f["name"]), month: month.clone(), ..Default::default() };
    let statements = api("GET", format!("/api/v1/facilities/{facility_id}/statements"), None, None).await?;
    page.statements = items(&statements)
        .iter()
        .filter(|s| s["month"] == month.as_str())
        .map(|s| (s["id"].as_i64().unwrap_or_default(), s["version"].as_i64().unwrap_or_default(), text(&s["kind"]), text(&s["municipality"]), s["number"].as_i64().unwrap_or_default(), text(&s["status"]), pl(&s["total"])))
        .collect();
    let c = match api("GET", format!("/api/v1/facilities/{facility_id}/costs?month={month}"), None, None).await {
        Ok(c) => c,
        Err(UiError::Invalid { message, .. }) => {
            page.missing.push(message);
            return Ok(page);
        }
        Err(e) => return Err(e),
    };
    page.computed = true;
    let a = &c["actual"];
    page.figures = ["support_total", "unused_places", "maintenance_total", "maintenance_residents"].iter().map(|k| (k.to_string(), pl(&c[*k]))).collect();
    page.figures.push(("rota_cost".into(), pl(&a["rota_cost"])));
    page.figures.push(("excluded".into(), pl(&a["excluded"])));
    let g = |v: &serde_json::Value| grosze(&text(v));
    let funded_support = g(&a["support"]) + g(&a["support_gap"]);
    let funded_maintenance = g(&a["maintenance"]) + g(&a["maintenance_gap"]);
    page.versus = vec![
        ("support".into(), funded_support, g(&a["support"]), money(funded_support), pl(&a["support"])),
        ("maintenance".into(), funded_maintenance, g(&a["maintenance"]), money(funded_maintenance), pl(&a["maintenance"])),
    ];
    let s = &c["staffing"];
    page.staffing = ["cover_hours", "fte_needed", "fte_funded", "margin"].iter().map(|k| (k.to_string(), text(&s[*k]))).collect();
    page.municipalities = c["maintenance_by_municipality"].as_object().map(|m| m.iter().map(|(k, v)| (k.clone(), pl(v))).collect()).unwrap_or_default();
    page.residents = items(&c["residents"]).iter().map(|r| (text(&r["code"]), text(&r["variant"]), r["days"].as_u64().unwrap_or_default() as u32, pl(&r["support"]["total"]), g(&r["support"]["total"]))).collect();
    page.allocation = items(&c["allocation"]).iter().map(|r| (text(&r["code"]), text(&r["one_to_one_hours"]), text(&r["shared_hours"]), pl(&r["cost"]), g(&r["cost"]))).collect();
    page.lines = items(&a["lines"]).iter().map(|l| (text(&l["category"]), text(&l["funding_source"]), pl(&l["amount"]), text(&l["description"]), text(&l["counts_in"]))).collect();
    page.missing = items(&c["missing"]).iter().map(text).collect();
    Ok(page)
}

#[cfg(feature = "ssr")]
pub fn grosze(s: &str) -> i64 {
    // "15369.48" or "-12.5": exact, no float.
    let s = s.trim();
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (zl, gr) = s.split_once('.').unwrap_or((s, "0"));
    let gr = format!("{gr:0<2}");
    let v = zl.parse::<i64>().unwrap_or(0) * 100 + gr[..2].parse::<i64>().unwrap_or(0);
    if neg { -v } else { v }
}

/// Polish notation, "1 234,56 zł", from grosze.
pub fn money(g: i64) -> String {
    let sign = if g < 0 { "-" } else { "" };
    let abs = g.unsigned_abs();
    let digits = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped},{:02} zł", abs % 100)
}

#[cfg(feature = "ssr")]
fn pl(v: &serde_json::Value) -> String {
    money(grosze(&crate::backend::text(v)))
}

/// Drafts (or re-drafts) the month's statements.
#[server]
pub async fn draft(facility_id: i64, month: String) -> Result<(), UiError> {
    crate::backend::api("POST", format!("/api/v1/facilities/{facility_id}/statements"), Some(serde_json::json!({"month": month})), None).await.map(|_| ())
}

/// Issues a draft statement (then it is immutable; changes are corrections).
#[server]
pub async fn issue(id: i64, version: i64) -> Result<(), UiError> {
    crate::backend::api("POST", format!("/api/v1/statements/{id}/issue"), None, Some(version)).await.map(|_| ())
}

/// `/placowki/:id/koszty?miesiac=YYYY-MM`.
#[component]
pub fn CostsRoute() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let query = use_query_map();
    let facility = crate::app::id_param();
    let month = move || query.with(|q| q.get("miesiac"));
    let draft_action = ServerAction::<Draft>::new();
    let issue_action = ServerAction::<Issue>::new();
    let data = Resource::new(move || (facility(), month(), draft_action.version().get(), issue_action.version().get()), |(f, m, ..)| get_costs(f, m));
    view! {
        <Suspense fallback=move || view! { <p class="notice">{t(lang, Key::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Ok(p) => view! { <CostsView p draft_action issue_action/> }.into_any(),
                Err(e) => crate::ui::load_error(lang, e),
            })}
        </Suspense>
    }
}

/// Grouped bars: funded against actual, one group per key.
#[component]
fn VersusChart(rows: Vec<(String, i64, i64, String, String)>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let max = rows.iter().map(|r| r.1.max(r.2)).max().unwrap_or(1).max(1) as f64;
    let (w, bar, gap) = (320.0, 22.0, 14.0);
    let height = rows.len() as f64 * (2.0 * bar + gap) + 10.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (key, funded, actual, ft, at))| {
            let y = 5.0 + i as f64 * (2.0 * bar + gap);
            let fw = (*funded as f64 / max * (w - 130.0)).max(1.0);
            let aw = (*actual as f64 / max * (w - 130.0)).max(1.0);
            view! {
                <g>
                    <text x="0" y={y + bar * 0.7} class="chart-label">{label(lang, key)}</text>
                    <rect x="120" y=y width=fw height={bar - 3.0} class="bar funded"><title>{format!("{}: {ft}", tr(lang, "finansowanie", "funded"))}</title></rect>
                    <rect x="120" y={y + bar} width=aw height={bar - 3.0} class={if actual > funded { "bar actual over" } else { "bar actual" }}><title>{format!("{}: {at}", tr(lang, "koszt rzeczywisty", "actual"))}</title></rect>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {w} {height}") role="img" aria-labelledby="versus-caption" id="versus-chart" width="100%">{bars}</svg>
            <figcaption id="versus-caption">
                <span class="key funded"></span>{tr(lang, " finansowanie ", " funded ")}
                <span class="key actual"></span>{tr(lang, " koszt rzeczywisty", " actual")}
            </figcaption>
        </figure>
    }
}

/// Horizontal bars: the rota's staff cost allocated to each resident.
#[component]
fn AllocationChart(rows: Vec<(String, String, String, String, i64)>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let max = rows.iter().map(|r| r.4).max().unwrap_or(1).max(1) as f64;
    let (w, bar) = (320.0, 20.0);
    let height = rows.len() as f64 * bar + 4.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (code, _, _, cost, g))| {
            let y = 2.0 + i as f64 * bar;
            view! {
                <g>
                    <text x="0" y={y + bar * 0.7} class="chart-label">{code.clone()}</text>
                    <rect x="90" y=y width={(*g as f64 / max * (w - 100.0)).max(1.0)} height={bar - 4.0} class="bar funded"><title>{format!("{code}: {cost}")}</title></rect>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {w} {height}") role="img" aria-label=tr(lang, "Koszt personelu na mieszkańca", "Staff cost per resident") id="allocation-chart" width="100%">{bars}</svg>
        </figure>
    }
}

#[component]
fn CostsView(p: CostsPage, draft_action: ServerAction<Draft>, issue_action: ServerAction<Issue>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let f = p.facility_id;
    let errors = move || {
        [draft_action.value().get().and_then(|r| r.err()), issue_action.value().get().and_then(|r| r.err())]
            .into_iter()
            .flatten()
            .map(|e| view! { <p class="error" role="alert" id="costs-error">{error_text(lang, &e)}</p> })
            .collect_view()
    };
    let kind_name = move |k: &str, m: &str| if k == "state" { tr(lang, "budżet państwa (wojewoda)", "state budget (voivode)").to_string() } else { format!("{} {m}", tr(lang, "gmina", "municipality")) };
    view! {
        <p><a href="/">{t(lang, Key::Back)}</a></p>
        <h1>{format!("{} — {} {}", p.facility, tr(lang, "koszty", "costs"), p.month)}</h1>
        <FacilityNav facility_id=f/>
        <form method="get" action=format!("/placowki/{f}/koszty") class="row" id="costs-month">
            <label for="koszty-miesiac">{t(lang, Key::Month)}</label>
            <input id="koszty-miesiac" name="miesiac" type="month" value=p.month.clone()/>
            <button type="submit" class="secondary">{t(lang, Key::Show)}</button>
        </form>
        {errors}
        {(!p.missing.is_empty()).then(|| view! {
            <div class="card warn" id="missing" role="status">
                <h2>{tr(lang, "Czego nie można policzyć", "What cannot be computed")}</h2>
                <ul>{p.missing.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
            </div>
        })}
        {p.computed.then(|| view! {
            <div class="tiles">
                <section class="card" aria-labelledby="fig-title">
                    <h2 id="fig-title">{tr(lang, "Miesiąc", "The month")}</h2>
                    <dl class="pairs" id="figures">{p.figures.iter().map(|(k, v)| view! { <dt>{label(lang, k)}</dt><dd data-key=k.clone()>{v.clone()}</dd> }).collect_view()}</dl>
                    {(!p.municipalities.is_empty()).then(|| view! {
                        <h3>{tr(lang, "Utrzymanie — udział gmin", "Maintenance — municipalities' shares")}</h3>
                        <dl class="pairs">{p.municipalities.iter().map(|(m, v)| view! { <dt>{m.clone()}</dt><dd>{v.clone()}</dd> }).collect_view()}</dl>
                    })}
                </section>
                <section class="card" aria-labelledby="vs-title">
                    <h2 id="vs-title">{tr(lang, "Koszt rzeczywisty a finansowanie", "Actual against funded")}</h2>
                    <VersusChart rows=p.versus.clone()/>
                    <table class="data" id="versus">
                        <thead><tr><th scope="col"></th><th scope="col" class="num">{tr(lang, "Finansowanie", "Funded")}</th><th scope="col" class="num">{tr(lang, "Rzeczywisty", "Actual")}</th></tr></thead>
                        <tbody>{p.versus.iter().map(|(k, _, _, ft, at)| view! { <tr><th scope="row">{label(lang, k)}</th><td class="num">{ft.clone()}</td><td class="num">{at.clone()}</td></tr> }).collect_view()}</tbody>
                    </table>
                </section>
                <section class="card" aria-labelledby="staffing-title">
                    <h2 id="staffing-title">{tr(lang, "Obsada", "Staffing")}</h2>
                    <dl class="pairs" id="staffing">{p.staffing.iter().map(|(k, v)| view! { <dt>{label(lang, k)}</dt><dd>{v.clone()}</dd> }).collect_view()}</dl>
                </section>
            </div>
            <section class="card" aria-labelledby="res-title">
                <h2 id="res-title">{tr(lang, "Mieszkańcy: koszt usług i podział czasu personelu", "Residents: support cost and staff time")}</h2>
                <div class="table-wrap">
                    <table class="data" id="allocation">
                        <thead><tr>
                            <th scope="col">{tr(lang, "Kod", "Code")}</th>
                            <th scope="col">{tr(lang, "Wariant", "Variant")}</th>
                            <th scope="col" class="num">{tr(lang, "Dni", "Days")}</th>
                            <th scope="col" class="num">{tr(lang, "Usługi wspierające", "Support")}</th>
                            <th scope="col" class="num">{tr(lang, "Godz. 1:1", "1:1 h")}</th>
                            <th scope="col" class="num">{tr(lang, "Godz. wspólne", "Shared h")}</th>
                            <th scope="col" class="num">{tr(lang, "Koszt personelu", "Staff cost")}</th>
                        </tr></thead>
                        <tbody>
                            {p.residents.iter().map(|(code, variant, days, support, _)| {
                                let a = p.allocation.iter().find(|a| a.0 == *code).cloned().unwrap_or_default();
                                view! { <tr><th scope="row">{code.clone()}</th><td>{variant.clone()}</td><td class="num">{*days}</td><td class="num">{support.clone()}</td><td class="num">{a.1}</td><td class="num">{a.2}</td><td class="num">{a.3}</td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                {(!p.allocation.is_empty()).then(|| view! { <AllocationChart rows=p.allocation.clone()/> })}
            </section>
            <section class="card" aria-labelledby="lines-title">
                <h2 id="lines-title">{tr(lang, "Pozycje kosztów", "Cost lines")}</h2>
                <div class="table-wrap">
                    <table class="data" id="lines">
                        <thead><tr><th scope="col">{tr(lang, "Kategoria", "Category")}</th><th scope="col">{tr(lang, "Źródło", "Source")}</th><th scope="col" class="num">{tr(lang, "Kwota", "Amount")}</th><th scope="col">{tr(lang, "Opis", "Description")}</th><th scope="col">{tr(lang, "Rozliczane w", "Counts in")}</th></tr></thead>
                        <tbody>{p.lines.iter().map(|(c, s, a, d, i)| view! { <tr><td>{c.clone()}</td><td>{s.clone()}</td><td class="num">{a.clone()}</td><td>{d.clone()}</td><td>{i.clone()}</td></tr> }).collect_view()}</tbody>
                    </table>
                </div>
            </section>
        })}
        <section class="card" aria-labelledby="st-title">
            <h2 id="st-title">{t(lang, Key::Statements)}</h2>
            <ul class="plain" id="month-statements">
                {p.statements.iter().cloned().map(|(id, version, kind, m, number, status, total)| view! {
                    <li data-statement=id data-status=status.clone()>
                        {format!("{} · {} {number} · {} · {total} ", kind_name(&kind, &m), t(lang, Key::Version), if status == "issued" { t(lang, Key::Issued) } else { t(lang, Key::Draft) })}
                        {(status == "draft").then(|| view! {
                            <ActionForm action=issue_action attr:class="row issue-form">
                                <input type="hidden" name="id" value=id.to_string()/>
                                <input type="hidden" name="version" value=version.to_string()/>
                                <button type="submit">{tr(lang, "Wydaj", "Issue")}</button>
                            </ActionForm>
                        })}
                    </li>
                }).collect_view()}
            </ul>
            <ActionForm action=draft_action attr:id="draft-form" attr:class="row">
                <input type="hidden" name="facility_id" value=f.to_string()/>
                <input type="hidden" name="month" value=p.month.clone()/>
                <button type="submit" class="secondary">{tr(lang, "Przygotuj zestawienia za miesiąc", "Draft the month's statements")}</button>
            </ActionForm>
            <p><a href=format!("/zestawienia/{f}")>{tr(lang, "Wszystkie zestawienia i pobieranie", "All statements and downloads")}</a></p>
        </section>
    }
}
