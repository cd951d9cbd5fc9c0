//! Polish by default, English on request: the language lives in the `wsm_lang` cookie, read
//! by the server while rendering and by the browser while hydrating, so both agree.

/// UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Polski (default).
    Pl,
    /// English.
    En,
}

impl Lang {
    /// The `lang` attribute / cookie value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Pl => "pl",
            Lang::En => "en",
        }
    }

    /// The other language (what the switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::Pl => Lang::En,
            Lang::En => Lang::Pl,
        }
    }

    /// Reads the language from a `Cookie` header value.
    pub fn from_cookie_header(header: &str) -> Lang {
        let value = header.split(';').find_map(|kv| kv.trim().strip_prefix("wsm_lang="));
        match value {
            Some("en") => Lang::En,
            _ => Lang::Pl,
        }
    }
}

/// Every UI string, by key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Key {
    AppName,
    SwitchLanguage,
    SignIn,
    SignInTitle,
    Email,
    Password,
    WrongCredentials,
    SignInFailed,
    SignOut,
    SignedInAs,
    Role,
    Facilities,
    FilterFacilities,
    NoFacilities,
    NoMatch,
    Loading,
    Residents,
    Places,
    Staff,
    Rosterable,
    Breaches,
    NoBreaches,
    Reminders,
    NoReminders,
    BuildingType,
    Units,
    LoadFailed,
    NotFound,
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    match (lang, key) {
        (Lang::Pl, AppName) => "WSM Ops",
        (Lang::En, AppName) => "WSM Ops",
        (Lang::Pl, SwitchLanguage) => "English",
        (Lang::En, SwitchLanguage) => "Polski",
        (Lang::Pl, SignIn) => "Zaloguj się",
        (Lang::En, SignIn) => "Sign in",
        (Lang::Pl, SignInTitle) => "Logowanie",
        (Lang::En, SignInTitle) => "Sign in",
        (Lang::Pl, Email) => "Adres e-mail",
        (Lang::En, Email) => "E-mail address",
        (Lang::Pl, Password) => "Hasło",
        (Lang::En, Password) => "Password",
        (Lang::Pl, WrongCredentials) => "Nieprawidłowy e-mail lub hasło.",
        (Lang::En, WrongCredentials) => "Wrong e-mail or password.",
        (Lang::Pl, SignInFailed) => "Nie udało się zalogować. Spróbuj ponownie.",
        (Lang::En, SignInFailed) => "Signing in failed. Please try again.",
        (Lang::Pl, SignOut) => "Wyloguj",
        (Lang::En, SignOut) => "Sign out",
        (Lang::Pl, SignedInAs) => "Zalogowano jako",
        (Lang::En, SignedInAs) => "Signed in as",
        (Lang::Pl, Role) => "rola",
        (Lang::En, Role) => "role",
        (Lang::Pl, Facilities) => "Placówki",
        (Lang::En, Facilities) => "Facilities",
        (Lang::Pl, FilterFacilities) => "Filtruj placówki",
        (Lang::En, FilterFacilities) => "Filter facilities",
        (Lang::Pl, NoFacilities) => "Brak placówek do wyświetlenia.",
        (Lang::En, NoFacilities) => "No facilities to show.",
        (Lang::Pl, NoMatch) => "Żadna placówka nie pasuje do filtra.",
        (Lang::En, NoMatch) => "No facility matches the filter.",
        (Lang::Pl, Loading) => "Wczytywanie…",
        (Lang::En, Loading) => "Loading…",
        (Lang::Pl, Residents) => "Mieszkańcy",
        (Lang::En, Residents) => "Residents",
        (Lang::Pl, Places) => "miejsc",
        (Lang::En, Places) => "places",
        (Lang::Pl, Staff) => "Personel",
        (Lang::En, Staff) => "Staff",
        (Lang::Pl, Rosterable) => "z kompletem zaświadczeń",
        (Lang::En, Rosterable) => "fully vetted",
        (Lang::Pl, Breaches) => "Naruszenia standardu",
        (Lang::En, Breaches) => "Standards breaches",
        (Lang::Pl, NoBreaches) => "Standard spełniony",
        (Lang::En, NoBreaches) => "Meets the standard",
        (Lang::Pl, Reminders) => "Przypomnienia",
        (Lang::En, Reminders) => "Reminders",
        (Lang::Pl, NoReminders) => "Brak przypomnień",
        (Lang::En, NoReminders) => "No reminders",
        (Lang::Pl, BuildingType) => "Standard budynku",
        (Lang::En, BuildingType) => "Building standard",
        (Lang::Pl, Units) => "Zespoły mieszkalne",
        (Lang::En, Units) => "Housing units",
        (Lang::Pl, LoadFailed) => "Nie udało się wczytać danych.",
        (Lang::En, LoadFailed) => "Could not load the data.",
        (Lang::Pl, NotFound) => "Nie ma takiej strony.",
        (Lang::En, NotFound) => "No such page.",
    }
}

/// The role's name.
pub fn role_name(lang: Lang, role: &str) -> &'static str {
    match (lang, role) {
        (Lang::Pl, "admin") => "administrator",
        (Lang::Pl, "manager") => "kierownik",
        (Lang::Pl, "staff") => "pracownik",
        (Lang::Pl, "funder") => "instytucja finansująca",
        (Lang::En, "admin") => "administrator",
        (Lang::En, "manager") => "manager",
        (Lang::En, "staff") => "staff",
        (Lang::En, "funder") => "funder",
        _ => "—",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polish_is_the_default_and_the_cookie_switches_to_english() {
        assert_eq!(Lang::from_cookie_header(""), Lang::Pl);
        assert_eq!(Lang::from_cookie_header("wsm_session=abc; wsm_lang=en"), Lang::En);
        assert_eq!(Lang::from_cookie_header("wsm_lang=de"), Lang::Pl);
        assert_eq!(t(Lang::Pl, Key::SignIn), "Zaloguj się");
        assert_eq!(t(Lang::En, Key::SignIn), "Sign in");
    }
}

/// A reminder kind's name.
pub fn notice_kind_name(lang: Lang, kind: &str) -> &'static str {
    match (lang, kind) {
        (Lang::Pl, "barthel_review") => "Ocena w skali Barthel",
        (Lang::Pl, "plan_review") => "Przegląd planu wsparcia",
        (Lang::Pl, "vetting_expiry") => "Wygasające zaświadczenie pracownika",
        (Lang::Pl, "certificate_expiry") => "Wygasające orzeczenie o niepełnosprawności",
        (Lang::Pl, "supervision_missing") => "Brak zaplanowanej superwizji",
        (Lang::Pl, "rota_unpublished") => "Grafik nieopublikowany",
        (Lang::Pl, "statement_draft") => "Zestawienia do wydania",
        (Lang::En, "barthel_review") => "Barthel assessment",
        (Lang::En, "plan_review") => "Support plan review",
        (Lang::En, "vetting_expiry") => "Staff check expiring",
        (Lang::En, "certificate_expiry") => "Disability certificate expiring",
        (Lang::En, "supervision_missing") => "Supervision not planned",
        (Lang::En, "rota_unpublished") => "Rota not published",
        (Lang::En, "statement_draft") => "Statements to issue",
        _ => "—",
    }
}
