//! Pieces every page shares: how an API error reads, and what a page shows when it cannot
//! load.

use leptos::prelude::*;

use crate::i18n::{t, tr, Key, Lang};
use crate::model::UiError;

/// The text of an error the API gave, naming the field and the rule.
pub fn error_text(lang: Lang, e: &UiError) -> String {
    match e {
        UiError::Invalid { field, message } if field.is_empty() => format!("{}: {message}", t(lang, Key::SaveFailed)),
        UiError::Invalid { field, message } => format!("{} — {field}: {message}", t(lang, Key::SaveFailed)),
        UiError::Forbidden => tr(lang, "Brak uprawnień.", "Not allowed.").to_string(),
        _ => t(lang, Key::SaveFailed).to_string(),
    }
}

/// What a page shows when its data cannot be loaded: the sign-in page when the session is
/// gone, "not allowed", or "could not load".
pub fn load_error(lang: Lang, e: UiError) -> AnyView {
    match e {
        UiError::Unauthorized => view! { <leptos_router::components::Redirect path="/login"/> }.into_any(),
        UiError::Forbidden => view! { <p class="error" role="alert">{tr(lang, "Brak dostępu.", "Not allowed.")}</p> }.into_any(),
        _ => view! { <p class="error" role="alert">{t(lang, Key::LoadFailed)}</p> }.into_any(),
    }
}

/// A form error of this request, named by its field, in the request's language.
pub fn invalid(field: impl Into<String>, pl: &'static str, en: &'static str) -> UiError {
    UiError::Invalid { field: field.into(), message: tr(crate::app::current_lang(), pl, en).to_string() }
}

/// The Polish or the English version of a text the server wrote in both (the English one
/// when a Polish one is missing, e.g. in a rota stored before Polish texts existed).
pub fn in_lang(lang: Lang, en: &str, pl: &str) -> String {
    if lang == Lang::Pl && !pl.is_empty() {
        pl.to_string()
    } else {
        en.to_string()
    }
}

/// A decimal as the language writes it (`13,50` in Polish).
pub fn number(lang: Lang, v: &str) -> String {
    if lang == Lang::Pl {
        v.replace('.', ",")
    } else {
        v.to_string()
    }
}

/// The unit of a breach's numbers in words.
pub fn measure_unit(lang: Lang, code: &str) -> &'static str {
    match code {
        "m2" => "m²",
        "m2_per_resident" => tr(lang, "m² na mieszkańca", "m² per resident"),
        "residents" => tr(lang, "os.", "residents"),
        "rooms" => tr(lang, "pom.", "rooms"),
        _ => "",
    }
}
