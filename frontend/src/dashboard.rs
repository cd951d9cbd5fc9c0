//! A facility's dashboard for its managers: residents and free places, standards breaches,
//! reviews and checks due, next month's rota status, this month's actual against funded.

use leptos::prelude::*;

use crate::i18n::{notice_kind_name, t, tr, Key, Lang};
use crate::model::{Dashboard, UiError};
use crate::ui::{in_lang, measure_unit, number};

/// The dashboard's data.
#[server]
pub async fn get_dashboard(facility_id: i64) -> Result<Dashboard, UiError> {
    crate::backend::backend().dashboard(crate::backend::cookie_header(), facility_id).await
}

/// The links every facility page shares.
#[component]
pub fn FacilityNav(facility_id: i64) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let links = [
        (format!("/placowki/{facility_id}"), tr(lang, "Pulpit", "Dashboard"), "nav-dashboard"),
        (format!("/placowki/{facility_id}/budynek"), tr(lang, "Budynek", "Building"), "nav-building"),
        (format!("/placowki/{facility_id}/mieszkancy"), t(lang, Key::ResidentsTitle), "nav-residents"),
        (format!("/placowki/{facility_id}/personel"), tr(lang, "Personel", "Staff"), "nav-staff"),
        (format!("/placowki/{facility_id}/grafik"), t(lang, Key::Rota), "nav-rota"),
        (format!("/placowki/{facility_id}/koszty"), tr(lang, "Koszty", "Costs"), "nav-costs"),
        (format!("/zestawienia/{facility_id}"), t(lang, Key::Statements), "nav-statements"),
    ];
    view! {
        <nav class="facility-nav" aria-label=tr(lang, "Placówka", "Facility")>
            <ul>{links.into_iter().map(|(href, label, id)| view! { <li><a id=id href=href>{label}</a></li> }).collect_view()}</ul>
        </nav>
    }
}

/// `/placowki/:id`.
#[component]
pub fn DashboardRoute() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let facility = crate::app::id_param();
    let data = Resource::new(facility, get_dashboard);
    view! {
        <Suspense fallback=move || view! { <p class="notice">{t(lang, Key::Loading)}</p> }>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok(d) => view! { <DashboardView d/> }.into_any(),
                        Err(e) => crate::ui::load_error(lang, e),
                    })
            }}
        </Suspense>
    }
}

fn rota_status_name(lang: Lang, s: &str) -> &'static str {
    match s {
        "published" => tr(lang, "opublikowany", "published"),
        "short" => tr(lang, "projekt z brakami obsady", "draft, short-staffed"),
        "draft" => tr(lang, "projekt", "draft"),
        _ => tr(lang, "nie ma jeszcze", "not started"),
    }
}

#[component]
fn DashboardView(d: Dashboard) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let free = d.places.saturating_sub(d.residents);
    let rota_class = match d.rota_status.as_str() {
        "published" => "badge ok",
        "none" | "short" => "badge bad",
        _ => "badge",
    };
    let f = d.facility_id;
    view! {
        <p><a href="/">{t(lang, Key::Back)}</a></p>
        <h1>{d.name.clone()}</h1>
        <p class="muted">{d.address.clone()}</p>
        <FacilityNav facility_id=f/>
        <div class="tiles">
            <section class="card tile" id="tile-places" aria-labelledby="t-places">
                <h2 id="t-places">{t(lang, Key::Residents)}</h2>
                <p class="big">{format!("{} / {}", d.residents, d.places)}</p>
                <p>{format!("{}: {free}", tr(lang, "Wolne miejsca", "Free places"))}</p>
                <ul class="plain">{d.units.iter().map(|(n, r, p)| view! { <li>{format!("{n}: {r} / {p}")}</li> }).collect_view()}</ul>
                <p>{format!("{}: {} ({} {})", t(lang, Key::Staff), d.staff.0, d.staff.1, t(lang, Key::Rosterable))}</p>
            </section>
            <section class="card tile" id="tile-rota" aria-labelledby="t-rota">
                <h2 id="t-rota">{format!("{} {}", t(lang, Key::Rota), d.next_month)}</h2>
                <p><span class=rota_class data-status=d.rota_status.clone()>{rota_status_name(lang, &d.rota_status)}</span></p>
                <p><a href=format!("/placowki/{f}/grafik?miesiac={}", d.next_month)>{tr(lang, "Otwórz planowanie grafiku", "Open the rota planner")}</a></p>
            </section>
            <section class="card tile" id="tile-money" aria-labelledby="t-money">
                <h2 id="t-money">{format!("{} {}", tr(lang, "Usługi wspierające", "Support"), d.this_month)}</h2>
                {match (d.funded.clone(), d.actual.clone(), d.gap.clone()) {
                    (Some(fu), Some(a), Some(g)) => view! {
                        <dl class="pairs">
                            <dt>{tr(lang, "Finansowanie", "Funded")}</dt><dd id="funded">{fu}</dd>
                            <dt>{tr(lang, "Koszt rzeczywisty", "Actual")}</dt><dd id="actual">{a}</dd>
                            <dt>{tr(lang, "Różnica", "Difference")}</dt><dd id="gap" class=if d.gap_negative { "neg" } else { "" }>{g}</dd>
                        </dl>
                    }.into_any(),
                    _ => view! { <p class="muted">{tr(lang, "Nie można policzyć:", "Cannot be computed:")}</p> }.into_any(),
                }}
                {(!d.missing.is_empty()).then(|| view! { <ul class="muted">{d.missing.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul> })}
                <p><a href=format!("/placowki/{f}/koszty")>{tr(lang, "Koszty miesiąca", "The month's costs")}</a></p>
            </section>
        </div>
        <section class="card" id="standards" aria-labelledby="t-standards">
            <h2 id="t-standards">{tr(lang, "Standardy budynku", "Building standards")}</h2>
            {if d.breaches.is_empty() {
                view! { <p><span class="badge ok">{t(lang, Key::NoBreaches)}</span></p> }.into_any()
            } else {
                view! {
                    <ul class="breaches">
                        {d.breaches.iter().map(|[rule, place, en, pl, measured, limit, unit]| view! {
                            <li data-rule=rule.clone()><strong>{place.clone()}</strong>{format!(" — {} ({} {u}; {} {} {u}) ", in_lang(lang, en, pl), number(lang, measured), tr(lang, "norma", "limit"), number(lang, limit), u = measure_unit(lang, unit))}<code>{rule.clone()}</code></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(d.justified > 0).then(|| view! { <p class="muted">{format!("{}: {}", tr(lang, "Odstępstwa z uzasadnieniem", "Justified deviations"), d.justified)}</p> })}
            <p><a href=format!("/placowki/{f}/budynek")>{tr(lang, "Budynek i pomieszczenia", "Building and rooms")}</a></p>
        </section>
        <section class="card" id="due" aria-labelledby="t-due">
            <h2 id="t-due">{tr(lang, "Przeglądy i terminy", "Reviews and checks due")}</h2>
            {if d.due.is_empty() {
                view! { <p class="muted">{t(lang, Key::NoReminders)}</p> }.into_any()
            } else {
                view! {
                    <ul class="notices">
                        {d.due.iter().map(|n| view! {
                            <li data-kind=n.kind.clone()><strong>{notice_kind_name(lang, &n.kind)}</strong>{n.due_on.clone().map(|x| format!(" ({x})"))}<br/><span class="muted">{in_lang(lang, &n.message, &n.message_pl)}</span></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
