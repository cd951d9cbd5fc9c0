//! The support plan editor on a resident's page: a new plan version (goals, services with
//! hours, 1:1 hours, the day programme it relies on, review date, consent) and the resident's
//! weekly 1:1 and day-programme schedules the rota is built from. Schedules are typed one
//! interval per line, e.g. `pon-pt 08:00-15:00 śds` or `mon,wed 16:00-18:00`; a wrong line is
//! refused with its number and the rule, nothing is saved.

use leptos::prelude::*;

use crate::ui::error_text;
use crate::i18n::{t, tr, Key, Lang};
use crate::model::{PlanPage, UiError, WhatIfShown};

const DAYS: [(&str, &str, &str); 7] = [("mon", "pon", "mon"), ("tue", "wt", "tue"), ("wed", "śr", "wed"), ("thu", "czw", "thu"), ("fri", "pt", "fri"), ("sat", "sob", "sat"), ("sun", "nd", "sun")];
const PROGRAMMES: [(&str, &str); 5] = [("sds", "śds"), ("wtz", "wtz"), ("zaz", "zaz"), ("day_centre", "dzienny"), ("other", "inne")];
/// Service kinds: code, Polish, English.
pub const SERVICES: [(&str, &str, &str); 8] = [
    ("daily_living", "czynności dnia codziennego", "daily living"),
    ("safety", "bezpieczeństwo", "safety"),
    ("social_activity", "aktywność społeczna", "social activity"),
    ("supported_decision_making", "wspierane podejmowanie decyzji", "supported decision-making"),
    ("communication", "komunikacja", "communication"),
    ("therapy_rehabilitation", "terapia i rehabilitacja", "therapy and rehabilitation"),
    ("group_activities", "zajęcia grupowe", "group activities"),
    ("personal_assistance", "asystencja osobista", "personal assistance"),
];

fn day_index(word: &str) -> Option<usize> {
    let w = word.trim().to_lowercase();
    DAYS.iter().position(|(en, pl, _)| w == *en || w == *pl || (w == "sr" && *pl == "śr") || (w == "ndz" && *pl == "nd") || (w == "niedz" && *pl == "nd"))
}

/// Parses schedule lines into the API's weekly intervals; errors name the line and the rule.
pub fn parse_schedule(lang: Lang, field: &str, text: &str, with_programme: bool) -> Result<Vec<serde_json::Value>, (String, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = |(pl, en): (&'static str, &'static str)| (format!("{field}[line {}]", n + 1), format!("„{}”: {}", line.trim(), tr(lang, pl, en)));
        let mut words = line.split_whitespace();
        let days_part = words.next().ok_or_else(|| bad(("zaczyna się od dni", "starts with the days")))?;
        let mut days = Vec::new();
        for piece in days_part.split(',') {
            match piece.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (day_index(a).ok_or_else(|| bad(("nieznany dzień (pon wt śr czw pt sob nd lub mon…sun)", "unknown day (pon wt śr czw pt sob nd, or mon…sun)")))?, day_index(b).ok_or_else(|| bad(("nieznany dzień (pon wt śr czw pt sob nd lub mon…sun)", "unknown day (pon wt śr czw pt sob nd, or mon…sun)")))?);
                    if a > b {
                        return Err(bad(("zakres dni biegnie od poniedziałku do niedzieli", "a day range runs Monday to Sunday")));
                    }
                    days.extend(a..=b);
                }
                None => days.push(day_index(piece).ok_or_else(|| bad(("nieznany dzień (pon wt śr czw pt sob nd lub mon…sun)", "unknown day (pon wt śr czw pt sob nd, or mon…sun)")))?),
            }
        }
        let times = words.next().ok_or_else(|| bad(("potrzebne godziny w postaci GG:MM-GG:MM", "needs hours as HH:MM-HH:MM")))?;
        let (from, to) = times.split_once('-').ok_or_else(|| bad(("potrzebne godziny w postaci GG:MM-GG:MM", "needs hours as HH:MM-HH:MM")))?;
        let hm = |s: &str| -> Option<String> {
            let (h, m) = s.split_once(':')?;
            let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
            (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}:00"))
        };
        let (from, to) = (hm(from).ok_or_else(|| bad(("godziny w postaci GG:MM-GG:MM", "hours as HH:MM-HH:MM")))?, hm(to).ok_or_else(|| bad(("godziny w postaci GG:MM-GG:MM", "hours as HH:MM-HH:MM")))?);
        let mut v = serde_json::json!({"days": days.iter().map(|d| DAYS[*d].0).collect::<Vec<_>>(), "from": from, "to": to});
        let rest: Vec<&str> = words.collect();
        if with_programme {
            if let Some(p) = rest.first() {
                let p = p.to_lowercase();
                let code = PROGRAMMES.iter().find(|(c, pl)| p == *c || p == *pl || (p == "sds" && *c == "sds")).map(|x| x.0).ok_or_else(|| bad(("zajęcia to jedno z: śds wtz zaz dzienny inne", "the programme is one of śds wtz zaz dzienny inne")))?;
                v["programme"] = code.into();
                if rest.len() > 1 {
                    v["place"] = rest[1..].join(" ").into();
                }
            }
        } else if !rest.is_empty() {
            v["reason"] = rest.join(" ").into();
        }
        out.push(v);
    }
    Ok(out)
}

/// The schedule as lines (the editor's text).
pub fn schedule_text(items: &[serde_json::Value]) -> String {
    items
        .iter()
        .map(|i| {
            let days: Vec<&str> = i["days"].as_array().map(|a| a.iter().filter_map(|d| d.as_str()).filter_map(|d| DAYS.iter().find(|x| x.0 == d).map(|x| x.1)).collect()).unwrap_or_default();
            let hm = |v: &serde_json::Value| v.as_str().map(|s| s.get(..5).unwrap_or(s).to_string()).unwrap_or_default();
            let mut line = format!("{} {}-{}", days.join(","), hm(&i["from"]), hm(&i["to"]));
            if let Some(p) = i["programme"].as_str() {
                line.push(' ');
                line.push_str(PROGRAMMES.iter().find(|x| x.0 == p).map_or(p, |x| x.1));
            }
            for k in ["place", "reason"] {
                if let Some(x) = i[k].as_str() {
                    line.push(' ');
                    line.push_str(x);
                }
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plan editor's data.
#[server]
pub async fn get_plan(resident_id: i64) -> Result<PlanPage, UiError> {
    use crate::backend::{api, items, text};
    let r = api("GET", format!("/api/v1/residents/{resident_id}"), None, None).await?;
    let plans = api("GET", format!("/api/v1/residents/{resident_id}/plans"), None, None).await?;
    let mut list = items(&plans);
    list.sort_by_key(|p| -p["plan_version"].as_i64().unwrap_or_default());
    let mut page = PlanPage {
        resident_id,
        versions: list.iter().map(|p| (p["plan_version"].as_i64().unwrap_or_default(), text(&p["plan"]["valid_from"]), text(&p["plan"]["review_date"]), text(&p["hours_per_week"]), text(&p["plan"]["consent_by"]))).collect(),
        one_to_one: schedule_text(&items(&r["one_to_one"])),
        day_programme: schedule_text(&items(&r["day_programme"])),
        resident_version: r["version"].as_i64().unwrap_or_default(),
        month: crate::backend::this_month(),
        ..Default::default()
    };
    if let Some(p) = list.first() {
        let plan = &p["plan"];
        page.goals = items(&plan["goals"]).iter().map(|g| if g["measure"].is_string() { format!("{} | {}", text(&g["text"]), text(&g["measure"])) } else { text(&g["text"]) }).collect::<Vec<_>>().join("\n");
        page.services = items(&plan["services"])
            .iter()
            .map(|s| format!("{} {} {}{}", text(&s["service"]), text(&s["provider"]), text(&s["hours_per_week"]), s["provider_name"].as_str().map(|n| format!(" {n}")).unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("\n");
        page.one_to_one_hours = text(&plan["one_to_one_hours_per_week"]);
        page.plan_day_programme = schedule_text(&items(&plan["day_programme"]));
        page.review_date = text(&plan["review_date"]);
        page.valid_from = text(&plan["valid_from"]);
        page.consent_by = text(&plan["consent_by"]);
        page.consent_on = text(&plan["consent_on"]);
    }
    Ok(page)
}

#[cfg(feature = "ssr")]
fn invalid((field, message): (String, String)) -> UiError {
    UiError::Invalid { field, message }
}

/// Records a new plan version.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn save_plan(resident_id: i64, goals: String, services: String, one_to_one_hours: String, plan_day_programme: String, review_date: String, valid_from: String, consent_by: String, consent_on: String) -> Result<(), UiError> {
    let goals: Vec<serde_json::Value> = goals
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.split_once('|') {
            Some((g, m)) => serde_json::json!({"text": g.trim(), "measure": m.trim()}),
            None => serde_json::json!({"text": l.trim()}),
        })
        .collect();
    let mut list = Vec::new();
    for (n, line) in services.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = |(pl, en): (&'static str, &'static str)| UiError::Invalid { field: format!("services[line {}]", n + 1), message: format!("„{}”: {}", line.trim(), tr(crate::app::current_lang(), pl, en)) };
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.len() < 3 {
            return Err(bad(("napisz: usługa internal|external godzin-tygodniowo [wykonawca]", "write: service internal|external hours-per-week [provider]")));
        }
        let service = SERVICES.iter().find(|s| s.0 == words[0]).map(|s| s.0).ok_or_else(|| bad(("nieznana usługa (daily_living, safety, social_activity, supported_decision_making, communication, therapy_rehabilitation, group_activities, personal_assistance)", "unknown service (daily_living, safety, social_activity, supported_decision_making, communication, therapy_rehabilitation, group_activities, personal_assistance)")))?;
        let provider = match words[1] {
            "internal" | "wewn" | "wewnętrzny" => "internal",
            "external" | "zewn" | "zewnętrzny" => "external",
            _ => return Err(bad(("wykonawca: internal (wewnętrzny) lub external (zewnętrzny)", "the provider is internal or external"))),
        };
        let mut s = serde_json::json!({"service": service, "provider": provider, "hours_per_week": words[2].replace(',', ".")});
        if words.len() > 3 {
            s["provider_name"] = words[3..].join(" ").into();
        }
        list.push(s);
    }
    let day_programme = parse_schedule(crate::app::current_lang(), "day_programme", &plan_day_programme, true).map_err(invalid)?;
    let body = serde_json::json!({
        "goals": goals,
        "services": list,
        "one_to_one_hours_per_week": one_to_one_hours.trim().replace(',', "."),
        "day_programme": day_programme,
        "review_date": review_date,
        "valid_from": valid_from,
        "consent_by": consent_by,
        "consent_on": consent_on,
    });
    crate::backend::api("POST", format!("/api/v1/residents/{resident_id}/plans"), Some(body), None).await.map(|_| ())
}

/// Saves the resident's weekly schedules (`version`: the record's edit version).
#[server]
pub async fn save_schedules(resident_id: i64, version: i64, one_to_one: String, day_programme: String) -> Result<(), UiError> {
    use crate::backend::api;
    let one = parse_schedule(crate::app::current_lang(), "one_to_one", &one_to_one, false).map_err(invalid)?;
    let day = parse_schedule(crate::app::current_lang(), "day_programme", &day_programme, true).map_err(invalid)?;
    let mut r = api("GET", format!("/api/v1/residents/{resident_id}"), None, None).await?;
    let obj = r.as_object_mut().ok_or(UiError::Internal)?;
    for k in ["id", "facility_id", "age_on_moving_in", "absences", "consents", "version"] {
        obj.remove(k);
    }
    obj.insert("one_to_one".into(), one.into());
    obj.insert("day_programme".into(), day.into());
    api("PUT", format!("/api/v1/residents/{resident_id}"), Some(r), Some(version)).await.map(|_| ())
}

/// What a change would do, before saving it.
#[server]
pub async fn what_if(resident_id: i64, month: String, one_to_one: String, day_programme: String, barthel_total: String) -> Result<WhatIfShown, UiError> {
    use crate::backend::text;
    let mut body = serde_json::json!({
        "month": month,
        "one_to_one": parse_schedule(crate::app::current_lang(), "one_to_one", &one_to_one, false).map_err(invalid)?,
        "day_programme": parse_schedule(crate::app::current_lang(), "day_programme", &day_programme, true).map_err(invalid)?,
    });
    if !barthel_total.trim().is_empty() {
        let t: u8 = barthel_total.trim().parse().map_err(|_| crate::ui::invalid("barthel_total", "wynik w skali Barthel to liczba całkowita od 0 do 100", "a Barthel total is a whole number from 0 to 100"))?;
        body["barthel_total"] = t.into();
    }
    let v = crate::backend::api("POST", format!("/api/v1/residents/{resident_id}/what-if"), Some(body), None).await?;
    let money = |x: &serde_json::Value| crate::costs::money(crate::costs::grosze(&text(x)));
    let keys = ["one_to_one_hours_per_week", "day_programme_hours_per_week", "variant", "cover_hours", "fte_needed", "fte_funded", "resident_support", "support_total"];
    let rows = keys
        .iter()
        .map(|k| {
            let (b, a) = (&v["before"][*k], &v["after"][*k]);
            if k.ends_with("support") || k.ends_with("total") { (k.to_string(), money(b), money(a)) } else { (k.to_string(), text(b), text(a)) }
        })
        .collect();
    let barthel = v["barthel"].is_object().then(|| (v["barthel"]["total"].as_u64().unwrap_or_default() as u8, text(&v["barthel"]["band"]), v["barthel"]["at_or_below_zol_threshold"].as_bool().unwrap_or(false)));
    Ok(WhatIfShown { month: text(&v["month"]), rows, barthel })
}

fn what_if_label(lang: Lang, key: &str) -> &'static str {
    match key {
        "one_to_one_hours_per_week" => tr(lang, "Godziny 1:1 w tygodniu", "1:1 hours a week"),
        "day_programme_hours_per_week" => tr(lang, "Godziny zajęć poza domem w tygodniu", "Day-programme hours a week"),
        "variant" => tr(lang, "Wariant", "Variant"),
        "cover_hours" => tr(lang, "Wymagana obsada w miesiącu (godz.)", "Cover required in the month (h)"),
        "fte_needed" => tr(lang, "Etaty potrzebne", "FTE needed"),
        "fte_funded" => tr(lang, "Etaty finansowane", "FTE funded"),
        "resident_support" => tr(lang, "Koszt usług mieszkańca", "The resident's support cost"),
        "support_total" => tr(lang, "Finansowanie placówki (razem)", "The facility's support funding"),
        _ => "—",
    }
}

/// The plan editor's actions (their versions refetch the page).
#[derive(Clone, Copy)]
pub struct PlanActions {
    save: ServerAction<SavePlan>,
    schedules: ServerAction<SaveSchedules>,
    try_it: ServerAction<WhatIf>,
}

impl PlanActions {
    /// New actions.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        PlanActions { save: ServerAction::new(), schedules: ServerAction::new(), try_it: ServerAction::new() }
    }

    /// Changes whenever a plan or a schedule is saved.
    pub fn version(&self) -> (usize, usize) {
        (self.save.version().get(), self.schedules.version().get())
    }
}

/// The plan section of a resident's page.
#[component]
pub fn SupportPlan(p: PlanPage, actions: PlanActions) -> impl IntoView {
    view! { <PlanEditor p=p.clone() save=actions.save schedules=actions.schedules/><WhatIfSection p try_it=actions.try_it/> }
}

#[component]
fn PlanEditor(p: PlanPage, save: ServerAction<SavePlan>, schedules: ServerAction<SaveSchedules>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let plan_error = move || save.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert" id="plan-error">{error_text(lang, &e)}</p> });
    let sched_error = move || schedules.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert" id="schedule-error">{error_text(lang, &e)}</p> });
    let rid = p.resident_id.to_string();
    let rid2 = rid.clone();
    view! {
        <section class="card" aria-labelledby="plan-title" id="support-plan">
            <h2 id="plan-title">{tr(lang, "Indywidualny plan wsparcia", "Individual support plan")}</h2>
            {if p.versions.is_empty() {
                view! { <p class="muted">{tr(lang, "Brak planu.", "No plan yet.")}</p> }.into_any()
            } else {
                view! {
                    <ul id="plan-versions">{p.versions.iter().map(|(n, from, review, hours, by)| view! {
                        <li>{format!("{} {n}: {} {from}, {} {review}, {hours} h/{} · {} {by}", t(lang, Key::Version), tr(lang, "od", "from"), tr(lang, "przegląd", "review"), tr(lang, "tydz.", "week"), tr(lang, "zgoda", "consent"))}</li>
                    }).collect_view()}</ul>
                }.into_any()
            }}
            <h3>{tr(lang, "Nowa wersja planu", "New plan version")}</h3>
            <ActionForm action=save attr:id="plan-form">
                <input type="hidden" name="resident_id" value=rid.clone()/>
                <label for="plan-goals">{tr(lang, "Cele (jeden w wierszu; „cel | jak widać postęp”)", "Goals (one per line; \"goal | how progress is seen\")")}</label>
                <textarea id="plan-goals" name="goals" rows="3">{p.goals.clone()}</textarea>
                <label for="plan-services">{tr(lang, "Usługi (w wierszu: rodzaj internal|external godz./tydz. [wykonawca])", "Services (per line: kind internal|external hours/week [provider])")}</label>
                <textarea id="plan-services" name="services" rows="3" aria-describedby="services-help">{p.services.clone()}</textarea>
                <p class="muted" id="services-help"><small>{SERVICES.iter().map(|s| format!("{} = {}", s.0, tr(lang, s.1, s.2))).collect::<Vec<_>>().join("; ")}</small></p>
                <label for="plan-hours">{tr(lang, "Godziny 1:1 tygodniowo", "1:1 hours per week")}</label>
                <input id="plan-hours" name="one_to_one_hours" inputmode="decimal" value=p.one_to_one_hours.clone() required/>
                <label for="plan-day">{tr(lang, "Zajęcia dzienne w planie (np. „pon-pt 08:00-15:00 śds”)", "Day programme in the plan (e.g. \"mon-fri 08:00-15:00 sds\")")}</label>
                <textarea id="plan-day" name="plan_day_programme" rows="2">{p.plan_day_programme.clone()}</textarea>
                <label for="plan-from">{tr(lang, "Obowiązuje od", "Valid from")}</label>
                <input id="plan-from" name="valid_from" type="date" value=p.valid_from.clone() required/>
                <label for="plan-review">{tr(lang, "Przegląd (najpóźniej po 3 miesiącach)", "Review (at most 3 months on)")}</label>
                <input id="plan-review" name="review_date" type="date" value=p.review_date.clone() required/>
                <label for="plan-consent-by">{tr(lang, "Zgoda: kto (mieszkaniec lub przedstawiciel)", "Consent by (resident or representative)")}</label>
                <input id="plan-consent-by" name="consent_by" value=p.consent_by.clone() required/>
                <label for="plan-consent-on">{tr(lang, "Zgoda: data", "Consent on")}</label>
                <input id="plan-consent-on" name="consent_on" type="date" value=p.consent_on.clone() required/>
                {plan_error}
                <button type="submit">{tr(lang, "Zapisz nową wersję", "Save a new version")}</button>
            </ActionForm>
            <h3>{tr(lang, "Harmonogram tygodnia (podstawa grafiku)", "Weekly schedule (what the rota covers)")}</h3>
            <ActionForm action=schedules attr:id="schedule-form">
                <input type="hidden" name="resident_id" value=rid2.clone()/>
                <input type="hidden" name="version" value=p.resident_version.to_string()/>
                <label for="sched-one">{tr(lang, "Wsparcie 1:1 (np. „pon,śr 16:00-18:00 spacer”)", "1:1 support (e.g. \"mon,wed 16:00-18:00 walk\")")}</label>
                <textarea id="sched-one" name="one_to_one" rows="3">{p.one_to_one.clone()}</textarea>
                <label for="sched-day">{tr(lang, "Zajęcia poza domem (np. „pon-pt 08:00-15:00 wtz Kraków”)", "Day programme away (e.g. \"mon-fri 08:00-15:00 wtz Krakow\")")}</label>
                <textarea id="sched-day" name="day_programme" rows="3">{p.day_programme.clone()}</textarea>
                {sched_error}
                <button type="submit">{tr(lang, "Zapisz harmonogram", "Save the schedule")}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn WhatIfSection(p: PlanPage, try_it: ServerAction<WhatIf>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let answer = move || {
        try_it.value().get().map(|r| match r {
            Ok(w) => view! {
                <table class="data" id="what-if-result">
                    <caption>{format!("{} {}", tr(lang, "Miesiąc", "Month"), w.month)}</caption>
                    <thead><tr><th scope="col"></th><th scope="col" class="num">{tr(lang, "Teraz", "Now")}</th><th scope="col" class="num">{tr(lang, "Po zmianie", "With the change")}</th></tr></thead>
                    <tbody>{w.rows.into_iter().map(|(k, b, a)| {
                        let changed = a != b;
                        view! { <tr data-key=k.clone() class=if changed { "changed" } else { "" }><th scope="row">{what_if_label(lang, &k)}</th><td class="num">{b}</td><td class="num">{a}</td></tr> }
                    }).collect_view()}</tbody>
                </table>
                {w.barthel.map(|(t, band, zol)| view! {
                    <p id="what-if-barthel">{format!("Barthel {t}: {band}{}", if zol { tr(lang, " — nie więcej niż 40 pkt (próg przyjęcia do ZOL)", " — 40 points or less (the ZOL admission threshold)") } else { "" })}</p>
                    <p class="muted">{tr(lang, "Wynik w skali Barthel nie zmienia wzoru finansowania; zmieniają go zajęcia dzienne (wariant) i wsparcie 1:1 (obsada).", "A Barthel total does not enter the funding formula; the day programme (variant) and 1:1 support (cover) do.")}</p>
                })}
            }.into_any(),
            Err(e) => view! { <p class="error" role="alert" id="what-if-error">{error_text(lang, &e)}</p> }.into_any(),
        })
    };
    view! {
        <section class="card" aria-labelledby="what-if-title" id="what-if">
            <h2 id="what-if-title">{tr(lang, "Co jeśli…", "What if…")}</h2>
            <p class="muted">{tr(lang, "Zmień harmonogram 1:1, zajęcia dzienne lub wynik Barthel i zobacz skutek dla obsady, etatów i kosztu — nic nie zostanie zapisane.", "Change the 1:1 schedule, the day programme or a Barthel total and see the effect on cover, FTE and cost — nothing is saved.")}</p>
            <ActionForm action=try_it attr:id="what-if-form">
                <input type="hidden" name="resident_id" value=p.resident_id.to_string()/>
                <label for="wi-month">{tr(lang, "Miesiąc", "Month")}</label>
                <input id="wi-month" name="month" type="month" value=p.month.clone() required/>
                <label for="wi-one">{tr(lang, "Wsparcie 1:1", "1:1 support")}</label>
                <textarea id="wi-one" name="one_to_one" rows="3">{p.one_to_one.clone()}</textarea>
                <label for="wi-day">{tr(lang, "Zajęcia poza domem", "Day programme away")}</label>
                <textarea id="wi-day" name="day_programme" rows="3">{p.day_programme.clone()}</textarea>
                <label for="wi-barthel">{tr(lang, "Wynik Barthel (opcjonalnie)", "Barthel total (optional)")}</label>
                <input id="wi-barthel" name="barthel_total" type="number" min="0" max="100" step="5"/>
                <button type="submit">{tr(lang, "Policz", "Calculate")}</button>
            </ActionForm>
            {answer}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_lines_parse_in_polish_and_english_and_round_trip() {
        let v = parse_schedule(Lang::En, "one_to_one", "pon-pt 08:00-15:00\nmon,wed 16:00-18:30 walk", false).unwrap();
        assert_eq!(v[0]["days"], serde_json::json!(["mon", "tue", "wed", "thu", "fri"]));
        assert_eq!(v[1]["to"], "18:30:00");
        assert_eq!(v[1]["reason"], "walk");
        assert_eq!(schedule_text(&v), "pon,wt,śr,czw,pt 08:00-15:00\npon,śr 16:00-18:30 walk");
        let d = parse_schedule(Lang::En, "day_programme", "pon-pt 08:00-15:00 śds Kraków", true).unwrap();
        assert_eq!(d[0]["programme"], "sds");
        assert_eq!(d[0]["place"], "Kraków");
    }

    #[test]
    fn a_wrong_line_names_its_number_and_the_rule() {
        let e = parse_schedule(Lang::En, "one_to_one", "pon 08:00-15:00\nxyz 10:00-11:00", false).unwrap_err();
        assert_eq!(e.0, "one_to_one[line 2]");
        assert!(e.1.contains("unknown day"), "{}", e.1);
        let e = parse_schedule(Lang::En, "one_to_one", "pon 8-15", false).unwrap_err();
        assert!(e.1.contains("HH:MM"), "{}", e.1);
        let e = parse_schedule(Lang::En, "day_programme", "pon 08:00-15:00 school", true).unwrap_err();
        assert!(e.1.contains("programme"), "{}", e.1);
        // The Polish UI gets the rule in Polish.
        let e = parse_schedule(Lang::Pl, "one_to_one", "pon 08:00-15:00\nxyz 10:00-11:00", false).unwrap_err();
        assert_eq!(e, ("one_to_one[line 2]".to_string(), "„xyz 10:00-11:00”: nieznany dzień (pon wt śr czw pt sob nd lub mon…sun)".to_string()));
    }
}
