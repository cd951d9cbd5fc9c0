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
    MyShifts,
    NextShift,
    NoShifts,
    WithWhom,
    Alone,
    Upcoming,
    Hours,
    Requests,
    NewRequest,
    Date,
    Shift,
    WholeDay,
    WantOff,
    WantWork,
    Reason,
    Send,
    RequestSent,
    RequestFailed,
    NoRequests,
    StatusPending,
    StatusAccepted,
    StatusDeclined,
    Calendar,
    CalendarHelp,
    MakeCalendarLink,
    AddToCalendar,
    FeedAddress,
    Statements,
    StatementState,
    StatementMunicipality,
    Version,
    Draft,
    Issued,
    Corrects,
    Difference,
    Total,
    Download,
    NoStatements,
    Code,
    Days,
    Back,
    ResidentsTitle,
    Admit,
    FirstName,
    LastName,
    DateOfBirth,
    CertificateNumber,
    CertificateIssuer,
    CertificateDegree,
    DegreeSevere,
    DegreeEquivalent,
    ValidFrom,
    Unit,
    MovedIn,
    Save,
    SaveFailed,
    NoResidents,
    Barthel,
    BarthelNew,
    AssessedOn,
    Assessor,
    TotalPoints,
    Band,
    ZolNote,
    History,
    NoAssessments,
    NextDue,
    Certificate,
    Chart,
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
        (Lang::Pl, MyShifts) => "Moje dyżury",
        (Lang::En, MyShifts) => "My shifts",
        (Lang::Pl, NextShift) => "Najbliższy dyżur",
        (Lang::En, NextShift) => "Next shift",
        (Lang::Pl, NoShifts) => "Brak dyżurów w opublikowanych grafikach.",
        (Lang::En, NoShifts) => "No shifts in published rotas.",
        (Lang::Pl, WithWhom) => "Razem z",
        (Lang::En, WithWhom) => "With",
        (Lang::Pl, Alone) => "sam(a) w zespole",
        (Lang::En, Alone) => "alone in the unit",
        (Lang::Pl, Upcoming) => "Dyżury do końca przyszłego miesiąca",
        (Lang::En, Upcoming) => "Shifts to the end of next month",
        (Lang::Pl, Hours) => "godz.",
        (Lang::En, Hours) => "h",
        (Lang::Pl, Requests) => "Prośby",
        (Lang::En, Requests) => "Requests",
        (Lang::Pl, NewRequest) => "Nowa prośba",
        (Lang::En, NewRequest) => "New request",
        (Lang::Pl, Date) => "Dzień",
        (Lang::En, Date) => "Day",
        (Lang::Pl, Shift) => "Zmiana",
        (Lang::En, Shift) => "Shift",
        (Lang::Pl, WholeDay) => "cały dzień",
        (Lang::En, WholeDay) => "whole day",
        (Lang::Pl, WantOff) => "Chcę mieć wolne",
        (Lang::En, WantOff) => "I wish to be off",
        (Lang::Pl, WantWork) => "Chcę pracować",
        (Lang::En, WantWork) => "I wish to work",
        (Lang::Pl, Reason) => "Powód",
        (Lang::En, Reason) => "Reason",
        (Lang::Pl, Send) => "Wyślij",
        (Lang::En, Send) => "Send",
        (Lang::Pl, RequestSent) => "Prośba wysłana.",
        (Lang::En, RequestSent) => "Request sent.",
        (Lang::Pl, RequestFailed) => "Nie udało się wysłać prośby",
        (Lang::En, RequestFailed) => "Could not send the request",
        (Lang::Pl, NoRequests) => "Brak próśb.",
        (Lang::En, NoRequests) => "No requests.",
        (Lang::Pl, StatusPending) => "oczekuje",
        (Lang::En, StatusPending) => "pending",
        (Lang::Pl, StatusAccepted) => "przyjęta",
        (Lang::En, StatusAccepted) => "accepted",
        (Lang::Pl, StatusDeclined) => "odrzucona",
        (Lang::En, StatusDeclined) => "declined",
        (Lang::Pl, Calendar) => "Kalendarz w telefonie",
        (Lang::En, Calendar) => "Calendar on your phone",
        (Lang::Pl, CalendarHelp) => "Subskrypcja pokazuje Twoje dyżury w kalendarzu telefonu i aktualizuje się po każdej publikacji grafiku. Nowy link unieważnia poprzedni.",
        (Lang::En, CalendarHelp) => "The subscription shows your shifts in your phone's calendar and updates whenever a rota is published. A new link revokes the previous one.",
        (Lang::Pl, MakeCalendarLink) => "Utwórz link do kalendarza",
        (Lang::En, MakeCalendarLink) => "Create a calendar link",
        (Lang::Pl, AddToCalendar) => "Dodaj do kalendarza",
        (Lang::En, AddToCalendar) => "Add to calendar",
        (Lang::Pl, FeedAddress) => "Adres subskrypcji",
        (Lang::En, FeedAddress) => "Subscription address",
        (Lang::Pl, Statements) => "Zestawienia",
        (Lang::En, Statements) => "Statements",
        (Lang::Pl, StatementState) => "Koszty wsparcia (budżet państwa)",
        (Lang::En, StatementState) => "Support cost (state budget)",
        (Lang::Pl, StatementMunicipality) => "Koszty utrzymania — gmina",
        (Lang::En, StatementMunicipality) => "Maintenance — municipality",
        (Lang::Pl, Version) => "wersja",
        (Lang::En, Version) => "version",
        (Lang::Pl, Draft) => "projekt",
        (Lang::En, Draft) => "draft",
        (Lang::Pl, Issued) => "wydane",
        (Lang::En, Issued) => "issued",
        (Lang::Pl, Corrects) => "korekta wersji",
        (Lang::En, Corrects) => "corrects version",
        (Lang::Pl, Difference) => "różnica",
        (Lang::En, Difference) => "difference",
        (Lang::Pl, Total) => "Razem",
        (Lang::En, Total) => "Total",
        (Lang::Pl, Download) => "Pobierz",
        (Lang::En, Download) => "Download",
        (Lang::Pl, NoStatements) => "Brak zestawień.",
        (Lang::En, NoStatements) => "No statements.",
        (Lang::Pl, Code) => "Kod",
        (Lang::En, Code) => "Code",
        (Lang::Pl, Days) => "Dni",
        (Lang::En, Days) => "Days",
        (Lang::Pl, Back) => "Wróć",
        (Lang::En, Back) => "Back",
        (Lang::Pl, ResidentsTitle) => "Mieszkańcy",
        (Lang::En, ResidentsTitle) => "Residents",
        (Lang::Pl, Admit) => "Przyjmij mieszkańca",
        (Lang::En, Admit) => "Admit a resident",
        (Lang::Pl, FirstName) => "Imię",
        (Lang::En, FirstName) => "First name",
        (Lang::Pl, LastName) => "Nazwisko",
        (Lang::En, LastName) => "Last name",
        (Lang::Pl, DateOfBirth) => "Data urodzenia",
        (Lang::En, DateOfBirth) => "Date of birth",
        (Lang::Pl, CertificateNumber) => "Numer orzeczenia",
        (Lang::En, CertificateNumber) => "Certificate number",
        (Lang::Pl, CertificateIssuer) => "Wydane przez",
        (Lang::En, CertificateIssuer) => "Issued by",
        (Lang::Pl, CertificateDegree) => "Stopień",
        (Lang::En, CertificateDegree) => "Degree",
        (Lang::Pl, DegreeSevere) => "znaczny",
        (Lang::En, DegreeSevere) => "severe (znaczny)",
        (Lang::Pl, DegreeEquivalent) => "równoważne",
        (Lang::En, DegreeEquivalent) => "equivalent",
        (Lang::Pl, ValidFrom) => "Ważne od",
        (Lang::En, ValidFrom) => "Valid from",
        (Lang::Pl, Unit) => "Zespół mieszkalny",
        (Lang::En, Unit) => "Housing unit",
        (Lang::Pl, MovedIn) => "Data zamieszkania",
        (Lang::En, MovedIn) => "Moving-in date",
        (Lang::Pl, Save) => "Zapisz",
        (Lang::En, Save) => "Save",
        (Lang::Pl, SaveFailed) => "Nie udało się zapisać",
        (Lang::En, SaveFailed) => "Could not save",
        (Lang::Pl, NoResidents) => "Brak mieszkańców.",
        (Lang::En, NoResidents) => "No residents.",
        (Lang::Pl, Barthel) => "Skala Barthel",
        (Lang::En, Barthel) => "Barthel index",
        (Lang::Pl, BarthelNew) => "Nowa ocena",
        (Lang::En, BarthelNew) => "New assessment",
        (Lang::Pl, AssessedOn) => "Data oceny",
        (Lang::En, AssessedOn) => "Assessed on",
        (Lang::Pl, Assessor) => "Oceniający",
        (Lang::En, Assessor) => "Assessor",
        (Lang::Pl, TotalPoints) => "Suma punktów",
        (Lang::En, TotalPoints) => "Total",
        (Lang::Pl, Band) => "Przedział",
        (Lang::En, Band) => "Band",
        (Lang::Pl, ZolNote) => "≤ 40 pkt: próg kwalifikacji do ZOL",
        (Lang::En, ZolNote) => "≤ 40 points: the nursing-home (ZOL) threshold",
        (Lang::Pl, History) => "Historia ocen",
        (Lang::En, History) => "History",
        (Lang::Pl, NoAssessments) => "Brak ocen.",
        (Lang::En, NoAssessments) => "No assessments.",
        (Lang::Pl, NextDue) => "następna ocena",
        (Lang::En, NextDue) => "next due",
        (Lang::Pl, Certificate) => "Orzeczenie",
        (Lang::En, Certificate) => "Certificate",
        (Lang::Pl, Chart) => "Wykres sum punktów",
        (Lang::En, Chart) => "Totals over time",
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

/// A weekday's short name, 0 = Monday.
pub fn weekday(lang: Lang, d: u8) -> &'static str {
    const PL: [&str; 7] = ["pon.", "wt.", "śr.", "czw.", "pt.", "sob.", "niedz."];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = usize::from(d.min(6));
    match lang {
        Lang::Pl => PL[i],
        Lang::En => EN[i],
    }
}

/// A request status's name.
pub fn status_name(lang: Lang, status: &str) -> &'static str {
    match status {
        "accepted" => t(lang, Key::StatusAccepted),
        "declined" => t(lang, Key::StatusDeclined),
        _ => t(lang, Key::StatusPending),
    }
}

/// A Barthel item's name.
pub fn barthel_item(lang: Lang, key: &str) -> &'static str {
    match (lang, key) {
        (Lang::Pl, "feeding") => "Spożywanie posiłków",
        (Lang::Pl, "transfers") => "Przemieszczanie się z łóżka na wózek i z powrotem",
        (Lang::Pl, "grooming") => "Utrzymanie higieny osobistej",
        (Lang::Pl, "toilet_use") => "Korzystanie z toalety",
        (Lang::Pl, "bathing") => "Mycie całego ciała",
        (Lang::Pl, "mobility") => "Poruszanie się po płaskiej powierzchni",
        (Lang::Pl, "stairs") => "Wchodzenie i schodzenie po schodach",
        (Lang::Pl, "dressing") => "Ubieranie się i rozbieranie",
        (Lang::Pl, "bowels") => "Kontrolowanie stolca",
        (Lang::Pl, "bladder") => "Kontrolowanie moczu",
        (Lang::En, "feeding") => "Feeding",
        (Lang::En, "transfers") => "Transfers (bed to chair and back)",
        (Lang::En, "grooming") => "Personal grooming",
        (Lang::En, "toilet_use") => "Toilet use",
        (Lang::En, "bathing") => "Bathing",
        (Lang::En, "mobility") => "Walking on a level surface",
        (Lang::En, "stairs") => "Stairs",
        (Lang::En, "dressing") => "Dressing",
        (Lang::En, "bowels") => "Bowels",
        (Lang::En, "bladder") => "Bladder",
        _ => "—",
    }
}
