//! Pages: sign-in and the facility overview.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, MetaTags, Stylesheet, Title};
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::plan::SupportPlan;
use crate::i18n::{barthel_item, notice_kind_name, role_name, status_name, t, weekday, Key, Lang};
use crate::model::{BandView, BarthelItem, CalendarLinks, FacilitySummary, MyShifts, Overview, ResidentPage, ResidentsPage, ShiftRow, StatementsPage, UiError};

/// The HTML document the server streams; the app hydrates inside `<body>`.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1f4e79"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/icon.svg" type="image/svg+xml"/>
                // Plain characters only: the text is HTML-escaped like any other.
                <script>"if (navigator.serviceWorker) navigator.serviceWorker.register(`/sw.js`);"</script>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The language of this request (server) or page (browser); both read the `wsm_lang` cookie.
pub(crate) fn current_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        crate::backend::cookie_header().map(|h| Lang::from_cookie_header(&h)).unwrap_or(Lang::Pl)
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use wasm_bindgen::JsCast;
        document().dyn_into::<web_sys::HtmlDocument>().ok().and_then(|d| d.cookie().ok()).map(|c| Lang::from_cookie_header(&c)).unwrap_or(Lang::Pl)
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::Pl
    }
}

/// The app: routes, language, and a marker that hydration has happened.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = current_lang();
    provide_context(lang);
    // Runs only in the browser, once the page is interactive: browser tests wait for it.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Html {..} lang=lang.code()/>
        <Title text=t(lang, Key::AppName)/>
        <Stylesheet id="wsm" href="/style.css"/>
        <Router>
            <header class="topbar">
                <a class="brand" href="/">{t(lang, Key::AppName)}</a>
                <a id="lang-switch" class="lang" rel="external" href=format!("/lang/{}", lang.other().code()) hreflang=lang.other().code()>
                    {t(lang, Key::SwitchLanguage)}
                </a>
            </header>
            <main id="main">
                <Routes fallback=move || view! { <p class="notice">{t(lang, Key::NotFound)}</p> }>
                    <Route path=path!("/") view=OverviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/moje") view=MyShiftsPage ssr=SsrMode::Async/>
                    <Route path=path!("/moje/grafik") view=crate::unitrota::UnitRotaRoute ssr=SsrMode::Async/>
                    <Route path=path!("/zestawienia/:id") view=StatementsRoute ssr=SsrMode::Async/>
                    <Route path=path!("/placowki/:id/mieszkancy") view=ResidentsRoute ssr=SsrMode::Async/>
                    <Route path=path!("/mieszkancy/:id") view=ResidentRoute ssr=SsrMode::Async/>
                    <Route path=path!("/placowki/:id") view=crate::dashboard::DashboardRoute ssr=SsrMode::Async/>
                    <Route path=path!("/placowki/:id/budynek") view=crate::building::BuildingRoute ssr=SsrMode::Async/>
                    <Route path=path!("/placowki/:id/personel") view=crate::staff::StaffListRoute ssr=SsrMode::Async/>
                    <Route path=path!("/personel/:id") view=crate::staff::StaffDetailRoute ssr=SsrMode::Async/>
                    <Route path=path!("/placowki/:id/koszty") view=crate::costs::CostsRoute ssr=SsrMode::Async/>
                    <Route path=path!("/placowki/:id/grafik") view=crate::planner::PlannerRoute ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}

/// Signs in; sets the session cookie and goes to the overview.
#[server]
pub async fn login(email: String, password: String) -> Result<(), UiError> {
    use http::header::{HeaderValue, SET_COOKIE};
    let cookie = crate::backend::backend().login(email, password).await?;
    let response = expect_context::<leptos_axum::ResponseOptions>();
    response.append_header(SET_COOKIE, HeaderValue::from_str(&cookie).map_err(|_| UiError::Internal)?);
    leptos_axum::redirect("/");
    Ok(())
}

/// Signs out and goes to the sign-in form.
#[server]
pub async fn logout() -> Result<(), UiError> {
    use http::header::{HeaderValue, SET_COOKIE};
    let cookie = crate::backend::backend().logout(crate::backend::cookie_header()).await;
    let response = expect_context::<leptos_axum::ResponseOptions>();
    response.append_header(SET_COOKIE, HeaderValue::from_str(&cookie).map_err(|_| UiError::Internal)?);
    leptos_axum::redirect("/login");
    Ok(())
}

/// What the signed-in user may see.
#[server]
pub async fn get_overview() -> Result<Overview, UiError> {
    crate::backend::backend().overview(crate::backend::cookie_header()).await
}

#[component]
fn LoginPage() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let action = ServerAction::<Login>::new();
    let error = move || {
        action.value().get().and_then(|r| r.err()).map(|e| match e {
            UiError::InvalidCredentials => t(lang, Key::WrongCredentials),
            _ => t(lang, Key::SignInFailed),
        })
    };
    view! {
        <section class="card narrow" aria-labelledby="login-title">
            <h1 id="login-title">{t(lang, Key::SignInTitle)}</h1>
            <ActionForm action=action attr:id="login">
                <label for="email">{t(lang, Key::Email)}</label>
                <input id="email" name="email" type="email" autocomplete="username" required/>
                <label for="password">{t(lang, Key::Password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                {move || error().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                <button type="submit">{t(lang, Key::SignIn)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn OverviewPage() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let data = Resource::new(|| (), |_| get_overview());
    view! {
        <Suspense fallback=move || view! { <p class="notice">{t(lang, Key::Loading)}</p> }>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok(overview) => view! { <OverviewView overview/> }.into_any(),
                        Err(UiError::Unauthorized) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(_) => view! { <p class="error" role="alert">{t(lang, Key::LoadFailed)}</p> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

fn matches(f: &FacilitySummary, filter: &str) -> bool {
    let needle = filter.trim().to_lowercase();
    needle.is_empty() || f.name.to_lowercase().contains(&needle) || f.address.to_lowercase().contains(&needle)
}

#[component]
fn OverviewView(overview: Overview) -> impl IntoView {
    let lang = expect_context::<Lang>();
    provide_context(RoleOf(overview.role.clone()));
    let logout = ServerAction::<Logout>::new();
    let (filter, set_filter) = signal(String::new());
    let facilities = StoredValue::new(overview.facilities.clone());
    let visible = move || facilities.with_value(|fs| fs.iter().filter(|f| matches(f, &filter.get())).count());
    let total = overview.facilities.len();
    view! {
        <section class="who" aria-label=t(lang, Key::SignedInAs)>
            <p>
                {t(lang, Key::SignedInAs)} " " <strong>{overview.user_email.clone()}</strong>
                " (" {t(lang, Key::Role)} ": " {role_name(lang, &overview.role)} ")"
            </p>
            <ActionForm action=logout attr:id="logout">
                <button type="submit" class="secondary">{t(lang, Key::SignOut)}</button>
            </ActionForm>
        </section>
        {(overview.role == "staff").then(|| view! { <p><a id="my-shifts-link" class="button-link" href="/moje">{t(lang, Key::MyShifts)}</a></p> })}
        <h1>{t(lang, Key::Facilities)}</h1>
        <div class="filter">
            <label for="facility-filter">{t(lang, Key::FilterFacilities)}</label>
            <input
                id="facility-filter"
                type="search"
                autocomplete="off"
                prop:value=filter
                on:input=move |ev| set_filter.set(event_target_value(&ev))
            />
        </div>
        {(total == 0).then(|| view! { <p class="notice">{t(lang, Key::NoFacilities)}</p> })}
        <p class="notice" aria-live="polite" hidden=move || visible() != 0 || total == 0>{t(lang, Key::NoMatch)}</p>
        <ul class="facility-list" data-visible=move || visible().to_string()>
            {overview
                .facilities
                .into_iter()
                .map(|f| {
                    let shown = {
                        let f = f.clone();
                        move || matches(&f, &filter.get())
                    };
                    view! { <FacilityCard facility=f shown/> }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn FacilityCard(facility: FacilitySummary, shown: impl Fn() -> bool + Send + Sync + 'static) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let f = facility;
    let breaches = f.breaches.map(|n| {
        if n == 0 {
            view! { <span class="badge ok">{t(lang, Key::NoBreaches)}</span> }.into_any()
        } else {
            view! { <span class="badge bad">{format!("{}: {n}", t(lang, Key::Breaches))}</span> }.into_any()
        }
    });
    let staff = f.staff.map(|n| {
        view! {
            <p>
                {t(lang, Key::Staff)} ": " <strong>{n}</strong>
                {f.rosterable_staff.map(|r| format!(" ({r} {})", t(lang, Key::Rosterable)))}
            </p>
        }
    });
    let role = expect_context::<RoleOf>().0;
    let statements = (role == "funder" || role == "manager" || role == "admin").then(|| {
        view! { <p><a class="statements-link" href=format!("/zestawienia/{}", f.id)>{t(lang, Key::Statements)}</a></p> }
    });
    let residents_link = (role == "manager" || role == "admin").then(|| {
        view! {
            <p>
                <a class="residents-link" href=format!("/placowki/{}/mieszkancy", f.id)>{t(lang, Key::ResidentsTitle)}</a>
                " · "
                <a class="rota-link" href=format!("/placowki/{}/grafik", f.id)>{t(lang, Key::Rota)}</a>
            </p>
        }
    });
    view! {
        <li class="facility-card card" hidden=move || !shown() data-facility=f.id>
            <h2>{if role == "manager" || role == "admin" { view! { <a class="dashboard-link" href=format!("/placowki/{}", f.id)>{f.name.clone()}</a> }.into_any() } else { f.name.clone().into_any() }}</h2>
            {residents_link}
            {statements}
            <p class="muted">{f.address.clone()}</p>
            <p>{t(lang, Key::BuildingType)} ": " {f.building_type.clone()}</p>
            <p>{t(lang, Key::Residents)} ": " <strong>{f.residents}</strong> " / " {f.places} " " {t(lang, Key::Places)}</p>
            {staff}
            {breaches}
            {f.notices.map(|list| {
                let empty = list.is_empty();
                view! {
                    <h3>{t(lang, Key::Reminders)}</h3>
                    {empty.then(|| view! { <p class="muted">{t(lang, Key::NoReminders)}</p> })}
                    <ul class="notices">
                        {list
                            .into_iter()
                            .map(|n| {
                                view! {
                                    <li data-kind=n.kind.clone()>
                                        <strong>{notice_kind_name(lang, &n.kind)}</strong>
                                        {n.due_on.map(|d| format!(" ({d})"))}
                                        <br/>
                                        <span class="muted">{crate::ui::in_lang(lang, &n.message, &n.message_pl)}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
            <h3>{t(lang, Key::Units)}</h3>
            <ul class="units">
                {f.units
                    .into_iter()
                    .map(|u| view! { <li>{u.name} ": " {u.residents} " / " {u.places}</li> })
                    .collect_view()}
            </ul>
        </li>
    }
}

/// A staff member's shifts and requests.
#[server]
pub async fn get_my_shifts() -> Result<MyShifts, UiError> {
    crate::backend::backend().my_shifts(crate::backend::cookie_header()).await
}

/// Sends a request: a day off or a wish to work ("off" / "work"), for a day and a shift ("" =
/// the whole day), with a reason.
#[server]
pub async fn send_request(date: String, shift: String, want: String, reason: String) -> Result<(), UiError> {
    crate::backend::backend().add_request(crate::backend::cookie_header(), date, shift, want == "work", reason).await
}

/// A new personal calendar link.
#[server]
pub async fn make_calendar_link() -> Result<CalendarLinks, UiError> {
    crate::backend::backend().calendar_link(crate::backend::cookie_header(), crate::backend::host_header()).await
}

#[component]
fn MyShiftsPage() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let send = ServerAction::<SendRequest>::new();
    let data = Resource::new(move || send.version().get(), |_| get_my_shifts());
    view! {
        <Suspense fallback=move || view! { <p class="notice">{t(lang, Key::Loading)}</p> }>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok(my) => view! { <MyShiftsView my send/> }.into_any(),
                        Err(UiError::Unauthorized) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(_) => view! { <p class="error" role="alert">{t(lang, Key::LoadFailed)}</p> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

fn shift_line(lang: Lang, s: &ShiftRow) -> String {
    format!("{} {} · {} {}–{} ({} {}) · {}", weekday(lang, s.weekday), s.date, s.code, s.start, s.end, s.hours, t(lang, Key::Hours), s.unit)
}

#[component]
fn MyShiftsView(my: MyShifts, send: ServerAction<SendRequest>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let link = ServerAction::<MakeCalendarLink>::new();
    let sent = move || {
        send.value().get().map(|r| match r {
            Ok(()) => view! { <p class="notice" role="status">{t(lang, Key::RequestSent)}</p> }.into_any(),
            Err(UiError::Invalid { message, .. }) => view! { <p class="error" role="alert">{format!("{}: {message}", t(lang, Key::RequestFailed))}</p> }.into_any(),
            Err(_) => view! { <p class="error" role="alert">{t(lang, Key::RequestFailed)}</p> }.into_any(),
        })
    };
    let calendar = move || {
        link.value().get().map(|r| match r {
            Ok(l) => view! {
                <p><a id="add-to-calendar" class="button-link" href=l.webcal.clone()>{t(lang, Key::AddToCalendar)}</a></p>
                <label for="feed-url">{t(lang, Key::FeedAddress)}</label>
                <input id="feed-url" type="url" readonly prop:value=l.url.clone()/>
            }
            .into_any(),
            Err(_) => view! { <p class="error" role="alert">{t(lang, Key::LoadFailed)}</p> }.into_any(),
        })
    };
    let next = my.next.clone();
    view! {
        <h1>{t(lang, Key::MyShifts)}</h1>
        <p class="muted">{my.name.clone()}</p>
        <section class="card next-shift" aria-labelledby="next-title">
            <h2 id="next-title">{t(lang, Key::NextShift)}</h2>
            {match next {
                Some(s) => view! {
                    <p class="big" id="next-shift">{format!("{} {}", weekday(lang, s.weekday), s.date)}<br/>
                        <strong>{format!("{} {}–{}", s.code, s.start, s.end)}</strong>" · "{s.unit.clone()}</p>
                    <p>{if s.coworkers.is_empty() { t(lang, Key::Alone).to_string() } else { format!("{}: {}", t(lang, Key::WithWhom), s.coworkers.join(", ")) }}</p>
                }
                .into_any(),
                None => view! { <p class="notice">{t(lang, Key::NoShifts)}</p> }.into_any(),
            }}
        </section>
        <p><a id="unit-rota-link" href="/moje/grafik">{crate::i18n::tr(lang, "Grafik całego domu", "The whole home's rota")}</a></p>
        <h2>{t(lang, Key::Upcoming)}</h2>
        <ul class="shift-list" id="shift-list">
            {my.upcoming.iter().map(|s| view! { <li data-date=s.date.clone()>{shift_line(lang, s)}</li> }).collect_view()}
        </ul>
        <section class="card" aria-labelledby="requests-title">
            <h2 id="requests-title">{t(lang, Key::Requests)}</h2>
            <ActionForm action=send attr:id="request-form">
                <label for="req-date">{t(lang, Key::Date)}</label>
                <input id="req-date" name="date" type="date" required/>
                <label for="req-shift">{t(lang, Key::Shift)}</label>
                <select id="req-shift" name="shift">
                    <option value="">{t(lang, Key::WholeDay)}</option>
                    <option value="D">"D 07:00–19:00"</option>
                    <option value="N">"N 19:00–07:00"</option>
                    <option value="E">"E 07:00–15:00"</option>
                    <option value="L">"L 15:00–21:00"</option>
                </select>
                <label for="req-want">{t(lang, Key::NewRequest)}</label>
                <select id="req-want" name="want">
                    <option value="off">{t(lang, Key::WantOff)}</option>
                    <option value="work">{t(lang, Key::WantWork)}</option>
                </select>
                <label for="req-reason">{t(lang, Key::Reason)}</label>
                <input id="req-reason" name="reason" type="text" required maxlength="500"/>
                {sent}
                <button type="submit">{t(lang, Key::Send)}</button>
            </ActionForm>
            {my.requests.is_empty().then(|| view! { <p class="muted">{t(lang, Key::NoRequests)}</p> })}
            <ul class="request-list" id="request-list">
                {my.requests
                    .iter()
                    .map(|r| {
                        let what = if r.want { t(lang, Key::WantWork) } else { t(lang, Key::WantOff) };
                        let shift = r.shift.clone().unwrap_or_else(|| t(lang, Key::WholeDay).to_string());
                        view! { <li data-status=r.status.clone()>{format!("{} · {shift} · {what} — {} ({})", r.date, r.reason, status_name(lang, &r.status))}</li> }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section class="card" aria-labelledby="calendar-title">
            <h2 id="calendar-title">{t(lang, Key::Calendar)}</h2>
            <p class="muted">{t(lang, Key::CalendarHelp)}</p>
            <ActionForm action=link attr:id="calendar-form">
                <button type="submit" class="secondary">{t(lang, Key::MakeCalendarLink)}</button>
            </ActionForm>
            {calendar}
        </section>
    }
}

/// The signed-in user's role, for the cards of the overview.
#[derive(Clone)]
struct RoleOf(String);

/// A facility's funder statements.
#[server]
pub async fn get_statements(facility_id: i64) -> Result<StatementsPage, UiError> {
    crate::backend::backend().statements(crate::backend::cookie_header(), facility_id).await
}

#[component]
fn StatementsRoute() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let id = id_param();
    let data = Resource::new(id, get_statements);
    view! {
        <Suspense fallback=move || view! { <p class="notice">{t(lang, Key::Loading)}</p> }>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok(page) => view! { <StatementsView page/> }.into_any(),
                        Err(UiError::Unauthorized) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(_) => view! { <p class="error" role="alert">{t(lang, Key::LoadFailed)}</p> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn StatementsView(page: StatementsPage) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let empty = page.statements.is_empty();
    view! {
        <p><a href="/">{t(lang, Key::Back)}</a></p>
        <h1>{format!("{} — {}", t(lang, Key::Statements), page.facility)}</h1>
        {empty.then(|| view! { <p class="notice">{t(lang, Key::NoStatements)}</p> })}
        <ul class="statement-list">
            {page
                .statements
                .into_iter()
                .map(|st| {
                    let title = if st.kind == "state" { t(lang, Key::StatementState).to_string() } else { format!("{} {}", t(lang, Key::StatementMunicipality), st.municipality) };
                    let status = if st.status == "issued" { t(lang, Key::Issued) } else { t(lang, Key::Draft) };
                    let corr = st.corrects.map(|n| format!(" · {} {n}", t(lang, Key::Corrects)));
                    let diff = st.difference.clone().map(|d| format!(" · {} {d}", t(lang, Key::Difference)));
                    let id = st.id;
                    let changes = st.corrects.map(|n| {
                        let caption = format!("{} {n}", crate::i18n::tr(lang, "Zmiany względem wersji", "Changes against version"));
                        if st.changes.is_empty() {
                            return view! { <p class="muted">{format!("{caption}: {}", crate::i18n::tr(lang, "pozycje bez zmian", "no line changed"))}</p> }.into_any();
                        }
                        view! {
                            <div class="table-wrap">
                                <table class="changes">
                                    <caption>{caption}</caption>
                                    <thead><tr>
                                        <th scope="col">{t(lang, Key::Code)}</th>
                                        <th scope="col" class="n">{crate::i18n::tr(lang, "było", "before")}</th>
                                        <th scope="col" class="n">{crate::i18n::tr(lang, "jest", "after")}</th>
                                        <th scope="col" class="n">{t(lang, Key::Difference)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {st.changes.iter().map(|(code, before, after, diff)| view! {
                                            <tr data-code=code.clone()><td>{code.clone()}</td><td class="n">{before.clone()}</td><td class="n">{after.clone()}</td><td class="n diff">{diff.clone()}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    });
                    view! {
                        <li class="card statement" data-statement=id data-status=st.status.clone()>
                            <h2>{format!("{} · {}", st.month, title)}</h2>
                            <p>{format!("{} {} · {status}", t(lang, Key::Version), st.number)}{corr}{diff}</p>
                            {changes}
                            <div class="table-wrap">
                                <table>
                                    <thead><tr><th scope="col">{t(lang, Key::Code)}</th><th scope="col">{t(lang, Key::Days)}</th><th scope="col" class="n">{t(lang, Key::Total)}</th></tr></thead>
                                    <tbody>
                                        {st.lines.iter().map(|(code, days, total)| view! { <tr><td>{code.clone()}</td><td>{*days}</td><td class="n">{total.clone()}</td></tr> }).collect_view()}
                                    </tbody>
                                    <tfoot><tr><td colspan="2">{t(lang, Key::Total)}</td><td class="n total">{st.total.clone()}</td></tr></tfoot>
                                </table>
                            </div>
                            <p class="downloads">
                                {t(lang, Key::Download)} ": "
                                <a rel="external" download href=format!("/api/v1/statements/{id}/export/csv")>"CSV"</a> " · "
                                <a rel="external" download href=format!("/api/v1/statements/{id}/export/xlsx")>"XLSX"</a> " · "
                                <a rel="external" download class="pdf-link" href=format!("/api/v1/statements/{id}/export/pdf")>"PDF"</a> " · "
                                <a rel="external" target="_blank" href=format!("/api/v1/statements/{id}/export/html")>{crate::i18n::tr(lang, "wydruk", "print")}</a>
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The route's `:id` parameter (0 when missing or not a number).
pub(crate) fn id_param() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
}

fn band_label(lang: Lang, bands: &[BandView], key: Option<&str>) -> String {
    let Some(key) = key else { return "—".into() };
    bands.iter().find(|b| b.key == key).map_or_else(|| key.to_string(), |b| if lang == Lang::Pl { b.label_pl.clone() } else { b.label_en.clone() })
}

/// A facility's residents.
#[server]
pub async fn get_residents(facility_id: i64) -> Result<ResidentsPage, UiError> {
    crate::backend::backend().residents(crate::backend::cookie_header(), facility_id).await
}

/// Admits a resident and opens their page.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn admit_resident(
    facility_id: i64,
    first_name: String,
    last_name: String,
    date_of_birth: String,
    certificate_number: String,
    certificate_issuer: String,
    certificate_degree: String,
    certificate_valid_from: String,
    unit_id: i64,
    moved_in: String,
) -> Result<(), UiError> {
    let input = crate::model::NewResident { first_name, last_name, date_of_birth, certificate_number, certificate_issuer, certificate_degree, certificate_valid_from, unit_id, moved_in };
    let id = crate::backend::backend().admit(crate::backend::cookie_header(), facility_id, input).await?;
    leptos_axum::redirect(&format!("/mieszkancy/{id}"));
    Ok(())
}

/// A resident's page.
#[server]
pub async fn get_resident(id: i64) -> Result<ResidentPage, UiError> {
    crate::backend::backend().resident(crate::backend::cookie_header(), id).await
}

/// Records a Barthel assessment.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn add_assessment(
    resident_id: i64,
    assessed_on: String,
    assessor: String,
    feeding: u8,
    transfers: u8,
    grooming: u8,
    toilet_use: u8,
    bathing: u8,
    mobility: u8,
    stairs: u8,
    dressing: u8,
    bowels: u8,
    bladder: u8,
) -> Result<(), UiError> {
    let scores = [feeding, transfers, grooming, toilet_use, bathing, mobility, stairs, dressing, bowels, bladder];
    crate::backend::backend().assess(crate::backend::cookie_header(), resident_id, assessed_on, assessor, scores).await
}

fn failure(lang: Lang, e: &UiError) -> String {
    match e {
        UiError::Invalid { field, message } => format!("{} — {field}: {message}", t(lang, Key::SaveFailed)),
        _ => t(lang, Key::SaveFailed).to_string(),
    }
}

#[component]
fn ResidentsRoute() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let id = id_param();
    let admit = ServerAction::<AdmitResident>::new();
    let data = Resource::new(move || (id(), admit.version().get()), |(id, _)| get_residents(id));
    view! {
        <Suspense fallback=move || view! { <p class="notice">{t(lang, Key::Loading)}</p> }>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok(page) => view! { <ResidentsView page admit/> }.into_any(),
                        Err(UiError::Unauthorized) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(_) => view! { <p class="error" role="alert">{t(lang, Key::LoadFailed)}</p> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn ResidentsView(page: ResidentsPage, admit: ServerAction<AdmitResident>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let error = move || admit.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{failure(lang, &e)}</p> });
    let empty = page.residents.is_empty();
    view! {
        <p><a href="/">{t(lang, Key::Back)}</a></p>
        <h1>{format!("{} — {}", t(lang, Key::ResidentsTitle), page.facility)}</h1>
        {empty.then(|| view! { <p class="notice">{t(lang, Key::NoResidents)}</p> })}
        <div class="table-wrap">
            <table id="residents">
                <thead><tr><th scope="col">{t(lang, Key::ResidentsTitle)}</th><th scope="col">{t(lang, Key::Unit)}</th><th scope="col">{t(lang, Key::Barthel)}</th></tr></thead>
                <tbody>
                    {page
                        .residents
                        .iter()
                        .map(|r| {
                            let barthel = match (r.barthel, &r.next_due) {
                                (Some(total), Some(due)) => format!("{total} ({} {due})", t(lang, Key::NextDue)),
                                (Some(total), None) => total.to_string(),
                                _ => "—".into(),
                            };
                            view! { <tr><td><a href=format!("/mieszkancy/{}", r.id)>{r.name.clone()}</a></td><td>{r.unit.clone()}</td><td>{barthel}</td></tr> }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <section class="card" aria-labelledby="admit-title">
            <h2 id="admit-title">{t(lang, Key::Admit)}</h2>
            <ActionForm action=admit attr:id="admit-form">
                <input type="hidden" name="facility_id" value=page.facility_id.to_string()/>
                <label for="first_name">{t(lang, Key::FirstName)}</label>
                <input id="first_name" name="first_name" required autocomplete="off"/>
                <label for="last_name">{t(lang, Key::LastName)}</label>
                <input id="last_name" name="last_name" required autocomplete="off"/>
                <label for="date_of_birth">{t(lang, Key::DateOfBirth)}</label>
                <input id="date_of_birth" name="date_of_birth" type="date" required/>
                <label for="certificate_number">{t(lang, Key::CertificateNumber)}</label>
                <input id="certificate_number" name="certificate_number" required/>
                <label for="certificate_issuer">{t(lang, Key::CertificateIssuer)}</label>
                <input id="certificate_issuer" name="certificate_issuer" required/>
                <label for="certificate_degree">{t(lang, Key::CertificateDegree)}</label>
                <select id="certificate_degree" name="certificate_degree">
                    <option value="znaczny">{t(lang, Key::DegreeSevere)}</option>
                    <option value="equivalent">{t(lang, Key::DegreeEquivalent)}</option>
                </select>
                <label for="certificate_valid_from">{t(lang, Key::ValidFrom)}</label>
                <input id="certificate_valid_from" name="certificate_valid_from" type="date" required/>
                <label for="unit_id">{t(lang, Key::Unit)}</label>
                <select id="unit_id" name="unit_id">
                    {page.units.iter().map(|(id, name, n, places)| view! { <option value=id.to_string() disabled={n >= places}>{format!("{name} ({n}/{places})")}</option> }).collect_view()}
                </select>
                <label for="moved_in">{t(lang, Key::MovedIn)}</label>
                <input id="moved_in" name="moved_in" type="date" required/>
                {error}
                <button type="submit">{t(lang, Key::Save)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ResidentRoute() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let id = id_param();
    let assess = ServerAction::<AddAssessment>::new();
    let plan = crate::plan::PlanActions::new();
    // One resource for the record and the plan: a resource created inside a resolved
    // Suspense would run its server function outside the request's context.
    let data = Resource::new(
        move || (id(), assess.version().get(), plan.version()),
        |(id, ..)| async move {
            let page = get_resident(id).await?;
            let p = crate::plan::get_plan(id).await?;
            Ok::<_, UiError>((page, p))
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="notice">{t(lang, Key::Loading)}</p> }>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok((page, p)) => view! { <ResidentView page assess/><SupportPlan p actions=plan/> }.into_any(),
                        Err(UiError::Unauthorized) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(_) => view! { <p class="error" role="alert">{t(lang, Key::LoadFailed)}</p> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The history of totals as an SVG line chart (0–100, the ZOL threshold marked).
fn barthel_chart(lang: Lang, history: &[BarthelItem], zol: u8) -> impl IntoView {
    let (w, h, pad) = (320.0_f64, 160.0_f64, 24.0_f64);
    let n = history.len().max(1);
    let x = move |i: usize| if n == 1 { w / 2.0 } else { pad + (w - 2.0 * pad) * i as f64 / (n - 1) as f64 };
    let y = move |v: u8| h - pad - (h - 2.0 * pad) * f64::from(v) / 100.0;
    let points: String = history.iter().enumerate().map(|(i, a)| format!("{:.1},{:.1}", x(i), y(a.total))).collect::<Vec<_>>().join(" ");
    let described = history.iter().map(|a| format!("{}: {}", a.date, a.total)).collect::<Vec<_>>().join(", ");
    let label = format!("{}: {described}", t(lang, Key::Chart));
    let title = label.clone();
    view! {
        <svg id="barthel-chart" class="chart" viewBox=format!("0 0 {w} {h}") role="img" aria-label=label>
            <title>{title}</title>
            <line x1=pad y1=y(zol) x2=w - pad y2=y(zol) class="zol"/>
            <line x1=pad y1=y(0) x2=w - pad y2=y(0) class="axis"/>
            <text x=2 y=y(100) + 4.0 class="tick">"100"</text>
            <text x=2 y=y(zol) + 4.0 class="tick">{zol.to_string()}</text>
            <text x=2 y=y(0) + 4.0 class="tick">"0"</text>
            <polyline points=points.clone() class="line"/>
            {history.iter().enumerate().map(|(i, a)| view! { <circle cx=x(i) cy=y(a.total) r=4 class="dot"/> }).collect_view()}
        </svg>
    }
}

#[component]
fn ResidentView(page: ResidentPage, assess: ServerAction<AddAssessment>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let bands = StoredValue::new(page.bands.clone());
    // One signal per item; the total and band follow every pick.
    let scores: Vec<(String, Vec<u8>, RwSignal<u8>)> = page.items.iter().map(|(k, allowed)| (k.clone(), allowed.clone(), RwSignal::new(0u8))).collect();
    let picked: Vec<RwSignal<u8>> = scores.iter().map(|x| x.2).collect();
    let total = Memo::new(move |_| picked.iter().map(|s| u32::from(s.get())).sum::<u32>().min(100) as u8);
    let band = move || {
        let t = total.get();
        bands.with_value(|b| b.iter().find(|x| x.from <= t && t <= x.to).map(|x| if lang == Lang::Pl { x.label_pl.clone() } else { x.label_en.clone() }).unwrap_or_else(|| "—".into()))
    };
    let zol = page.zol_threshold;
    let error = move || assess.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{failure(lang, &e)}</p> });
    let history_empty = page.history.is_empty();
    view! {
        <p><a href=format!("/placowki/{}/mieszkancy", page.facility_id)>{t(lang, Key::Back)}</a></p>
        <h1 id="resident-name">{page.name.clone()}</h1>
        <p class="muted">{format!("{}: {} · {}: {} · {}: {}", t(lang, Key::Unit), page.unit, t(lang, Key::DateOfBirth), page.date_of_birth, t(lang, Key::Certificate), page.certificate)}</p>
        <section class="card" aria-labelledby="barthel-title">
            <h2 id="barthel-title">{format!("{} — {}", t(lang, Key::Barthel), t(lang, Key::BarthelNew))}</h2>
            <ActionForm action=assess attr:id="barthel-form">
                <input type="hidden" name="resident_id" value=page.id.to_string()/>
                <label for="assessed_on">{t(lang, Key::AssessedOn)}</label>
                <input id="assessed_on" name="assessed_on" type="date" required/>
                <label for="assessor">{t(lang, Key::Assessor)}</label>
                <input id="assessor" name="assessor" required/>
                {scores
                    .into_iter()
                    .map(|(key, allowed, sig)| {
                        let id = format!("item-{key}");
                        view! {
                            <label for=id.clone()>{barthel_item(lang, &key)}</label>
                            <select id=id name=key.clone() on:change=move |ev| sig.set(event_target_value(&ev).parse().unwrap_or(0))>
                                {allowed.into_iter().map(|v| view! { <option value=v.to_string()>{v.to_string()}</option> }).collect_view()}
                            </select>
                        }
                    })
                    .collect_view()}
                <p class="live" aria-live="polite">
                    {t(lang, Key::TotalPoints)} ": " <strong id="barthel-total">{move || total.get().to_string()}</strong>
                    " · " {t(lang, Key::Band)} ": " <strong id="barthel-band">{band}</strong>
                    {move || (total.get() <= zol).then(|| view! { <span class="badge bad">{t(lang, Key::ZolNote)}</span> })}
                </p>
                {error}
                <button type="submit">{t(lang, Key::Save)}</button>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{t(lang, Key::History)}</h2>
            {history_empty.then(|| view! { <p class="muted">{t(lang, Key::NoAssessments)}</p> })}
            {(!history_empty).then(|| barthel_chart(lang, &page.history, zol))}
            <ul id="barthel-history">
                {page
                    .history
                    .iter()
                    .rev()
                    .map(|a| view! { <li data-total=a.total>{format!("{} · {} {} · {} · {}", a.date, a.total, t(lang, Key::TotalPoints).to_lowercase(), bands.with_value(|b| band_label(lang, b, a.band.as_deref())), a.assessor)}</li> })
                    .collect_view()}
            </ul>
        </section>
    }
}
