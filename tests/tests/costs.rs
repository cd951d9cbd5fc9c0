//! Costs and funder statements over HTTP on the demo facility, on SQLite and PostgreSQL: the
//! month's support cost equals the formulas to the grosz, cost lines count where their
//! category and source say, statements are pseudonymised and only their funders read them,
//! each export carries the statement's totals, issued statements never change and a
//! correction shows the difference.

use calamine::{DataType, Reader};
use reqwest::StatusCode;
use serde_json::{json, Value};
use wsm_server::store::model::Role;
use wsm_solver::cost::{self, Amount, EmployerRates, Month, SupportParams, Variant};
use wsm_tests::{account, client, databases, start};

async fn send(req: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let r = req.send().await.expect("request");
    let status = r.status();
    let text = r.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn amount(v: &Value) -> Amount {
    v.as_str().unwrap_or_else(|| panic!("an amount string: {v}")).parse().unwrap()
}

#[tokio::test]
async fn a_month_of_costs_becomes_statements_that_only_funders_of_the_facility_read() {
    for db in databases().await {
        let k = db.kind;
        let app = start(&db).await;
        let s = app.store.as_ref();
        wsm_server::demo::load(s).await.unwrap();
        let facility = s.facility_ids().await.unwrap()[0];
        let f = s.facility(facility).await.unwrap();
        account(s, "admin@c.pl", Role::Admin, None, vec![]).await;
        account(s, "kier@c.pl", Role::Manager, None, vec![facility]).await;
        account(s, "urzad@c.pl", Role::Funder, None, vec![facility]).await;
        account(s, "inny@c.pl", Role::Funder, None, vec![]).await;
        let (admin, m, funder, stranger) = (client(&app, "admin@c.pl").await, client(&app, "kier@c.pl").await, client(&app, "urzad@c.pl").await, client(&app, "inny@c.pl").await);
        let base = app.base.clone();

        // The county's DPS reference cost (admin) and the facility's funding settings (manager).
        let (st, _) = send(admin.put(format!("{base}/api/v1/reference/dps_cost")).json(&json!({"county": "Kraków", "profile": f.profile, "year": 2026, "amount": "6800.00"}))).await;
        assert_eq!(st, StatusCode::CREATED, "{k}");
        // The demo's own cost lines of the month are removed, so the lines below are all there is.
        for l in s.cost_lines(facility, "2026-11").await.unwrap() {
            s.delete_cost_line(l.id, l.version).await.unwrap();
        }
        let (_, fund) = send(m.get(format!("{base}/api/v1/facilities/{facility}/funding"))).await;
        let v = fund["version"].to_string();
        let (st, e) = send(m.put(format!("{base}/api/v1/facilities/{facility}/funding")).json(&json!({"county": "Kraków", "reduction": "0", "absence_allowance": "20", "fee_table": "default"}))).await;
        assert_eq!(st, StatusCode::PRECONDITION_REQUIRED, "{k}: saved settings are replaced with If-Match only: {e}");
        let (st, e) = send(m.put(format!("{base}/api/v1/facilities/{facility}/funding")).header("If-Match", &v).json(&json!({"county": "Kraków", "reduction": "30", "absence_allowance": "20", "fee_table": "default"}))).await;
        assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reduction")), "{k}: {e}");
        let (st, saved) = send(m.put(format!("{base}/api/v1/facilities/{facility}/funding")).header("If-Match", &v).json(&json!({"county": "Kraków", "reduction": "0", "absence_allowance": "20", "fee_table": "default"}))).await;
        assert_eq!(st, StatusCode::OK, "{k}: {saved}");
        let residents = s.residents(facility).await.unwrap();
        for (i, r) in residents.iter().enumerate() {
            let municipality = if i % 2 == 0 { "Kraków" } else { "Wieliczka" };
            let (_, cur) = send(m.get(format!("{base}/api/v1/residents/{}/funding", r.id))).await;
            let (st, e) = send(m.put(format!("{base}/api/v1/residents/{}/funding", r.id)).header("If-Match", cur["version"].to_string()).json(&json!({"municipality": municipality, "monthly_income": format!("{}.50", 1500 + 100 * i)}))).await;
            assert_eq!(st, StatusCode::OK, "{k}: {e}");
        }
        // Cost lines: maintenance, an ineligible fine, equipment PFRON paid for, other staff.
        for (category, source, amount) in [("utilities", "maintenance", "3000.00"), ("fines", "state_support", "500.00"), ("equipment", "pfron", "1200.00"), ("staff_other", "state_support", "2000.00")] {
            let (st, e) = send(m.post(format!("{base}/api/v1/facilities/{facility}/cost-lines")).json(&json!({"month": "2026-11", "category": category, "funding_source": source, "amount": amount, "description": category}))).await;
            assert_eq!(st, StatusCode::CREATED, "{k}: {e}");
        }
        let (st, e) = send(m.post(format!("{base}/api/v1/facilities/{facility}/cost-lines")).json(&json!({"month": "2026-11", "category": "bribes", "funding_source": "own", "amount": "1", "description": "x"}))).await;
        assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("category")), "{k}");

        // The month: each resident's support is the formula's, to the grosz.
        let (st, c) = send(m.get(format!("{base}/api/v1/facilities/{facility}/costs?month=2026-11"))).await;
        assert_eq!(st, StatusCode::OK, "{k}: {c}");
        let month = Month::parse("2026-11").unwrap();
        let wages = cost::minimum_wages();
        let rates = EmployerRates::default_2021();
        let p = SupportParams { wages: &wages, rates: &rates, reduction: 0.into() };
        let mut expected_residents = Amount(0);
        let mut resident_days = 0;
        for r in &residents {
            let days = month.days_within(r.moved_in, r.moved_out);
            if days.is_empty() {
                continue;
            }
            resident_days += days.len() as u32;
            let variant = if r.day_programme.is_empty() { Variant::II } else { Variant::I };
            let want = cost::support(month, variant, &days, &p).unwrap().total;
            let got = c["residents"].as_array().unwrap().iter().find(|x| x["resident_id"] == r.id).unwrap_or_else(|| panic!("{k}: resident {} missing", r.id));
            assert_eq!(amount(&got["support"]["total"]), want, "{k}: resident {}", r.id);
            expected_residents += want;
        }
        let places: u32 = f.units.iter().map(|u| u.places).sum();
        let unused = cost::unused_places(month, places * 30 - resident_days, &p).unwrap();
        assert_eq!(amount(&c["support_total"]), expected_residents + unused, "{k}");
        assert_eq!(amount(&c["actual"]["excluded"]), Amount::zl(1700), "{k}: the fine and the PFRON-funded line");
        assert_eq!(amount(&c["actual"]["support"]), Amount::zl(2000), "{k}: no published rota yet, plus other staff");
        assert_eq!(amount(&c["actual"]["maintenance"]), Amount::zl(3000), "{k}");
        assert!(c["missing"].as_array().unwrap().iter().any(|x| x.as_str().unwrap().contains("no published rota")), "{k}");
        assert!(c["staffing"]["fte_needed"].as_str().unwrap().parse::<f64>().unwrap() > 10.0, "{k}: {}", c["staffing"]);
        // Maintenance: 6 800 zł for a full month, 70 % of income from the resident.
        let krakow: Amount = c["residents"].as_array().unwrap().iter().filter(|x| x["municipality"] == "Kraków").map(|x| amount(&x["maintenance"]["municipality"])).fold(Amount(0), |a, b| a + b);
        assert_eq!(amount(&c["maintenance_by_municipality"]["Kraków"]), krakow, "{k}");

        // Statements: the state's and one per municipality, pseudonymised.
        let (st, drafted) = send(m.post(format!("{base}/api/v1/facilities/{facility}/statements")).json(&json!({"month": "2026-11"}))).await;
        assert_eq!(st, StatusCode::OK, "{k}: {drafted}");
        let drafted = drafted.as_array().unwrap().clone();
        assert_eq!(drafted.len(), 3, "{k}: state, Kraków, Wieliczka");
        let state = drafted.iter().find(|x| x["kind"] == "state").unwrap().clone();
        assert_eq!(amount(&state["total"]), amount(&c["support_total"]), "{k}");
        let wiel = drafted.iter().find(|x| x["municipality"] == "Wieliczka").unwrap();
        assert_eq!(amount(&wiel["total"]), amount(&c["maintenance_by_municipality"]["Wieliczka"]), "{k}");
        // Funders receive issued statements only: nothing yet.
        let (st, seen) = send(funder.get(format!("{base}/api/v1/facilities/{facility}/statements"))).await;
        assert_eq!((st, seen.as_array().map(Vec::len)), (StatusCode::OK, Some(0)), "{k}: drafts are the manager's");
        let id = state["id"].as_i64().unwrap();
        let (st, _) = send(funder.get(format!("{base}/api/v1/statements/{id}"))).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{k}");
        let (st, issued) = send(m.post(format!("{base}/api/v1/statements/{id}/issue")).header("If-Match", state["version"].to_string())).await;
        assert_eq!((st, issued["status"].as_str()), (StatusCode::OK, Some("issued")), "{k}: {issued}");
        let (st, seen) = send(funder.get(format!("{base}/api/v1/facilities/{facility}/statements"))).await;
        assert_eq!(st, StatusCode::OK, "{k}");
        let text = seen.to_string();
        for r in &residents {
            assert!(!text.contains(&r.last_name) && !text.contains(&format!("\"resident_id\":{}", r.id)), "{k}: no names or ids for funders");
        }
        assert!(!text.contains("one_to_one") && !text.contains("barthel"), "{k}: no health data");
        let (st, _) = send(stranger.get(format!("{base}/api/v1/facilities/{facility}/statements"))).await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{k}: a funder of other facilities");
        let (st, _) = send(funder.get(format!("{base}/api/v1/residents/{}", residents[0].id))).await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{k}: funders never open a resident");

        // Each export carries the statement's lines and total.
        let total = amount(&state["total"]);
        let csv = funder.get(format!("{base}/api/v1/statements/{id}/export/csv")).send().await.unwrap();
        assert_eq!(csv.status(), StatusCode::OK);
        let csv = csv.text().await.unwrap();
        let last = csv.lines().last().unwrap();
        assert_eq!(last, format!("total,,,,,{total}"), "{k}");
        let line_sum: Amount = csv.lines().skip(1).filter(|l| !l.starts_with("total")).map(|l| l.rsplit(',').next().unwrap().parse::<Amount>().unwrap()).fold(Amount(0), |a, b| a + b);
        assert_eq!(line_sum, total, "{k}: the lines add up to the total");
        let xlsx = funder.get(format!("{base}/api/v1/statements/{id}/export/xlsx")).send().await.unwrap().bytes().await.unwrap();
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.to_vec())).unwrap();
        let sheet = book.worksheet_range("statement").unwrap();
        let rows: Vec<_> = sheet.rows().collect();
        let total_row = rows.iter().find(|r| r.first().map(|c| c.to_string()) == Some("total".into())).expect("a total row");
        let cell = total_row[5].get_float().expect("a number");
        assert_eq!(format!("{cell:.2}"), total.to_string(), "{k}");
        let html = funder.get(format!("{base}/api/v1/statements/{id}/export/html")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(&format!("id=total>{}</td>", total.pl_number())), "{k}");
        let pdf = funder.get(format!("{base}/api/v1/statements/{id}/export/pdf")).send().await.unwrap();
        assert_eq!(pdf.headers()["content-type"], "application/pdf", "{k}");
        let pdf = pdf.text().await.unwrap();
        assert!(pdf.starts_with("%PDF-1.4") && pdf.ends_with("%%EOF\n"), "{k}");
        assert!(pdf.contains(&total.pl_number()), "{k}: the PDF carries the total");
        let (st, e) = send(funder.get(format!("{base}/api/v1/statements/{id}/export/pdfx"))).await;
        assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("format")), "{k}");

        // A new draft run leaves the issued one alone; a correction is a new version with the
        // difference.
        let (_, again) = send(m.post(format!("{base}/api/v1/facilities/{facility}/statements")).json(&json!({"month": "2026-11"}))).await;
        assert!(again.as_array().unwrap().iter().all(|x| x["kind"] != "state"), "{k}: the issued state statement is not redrafted");
        let (_, fund) = send(m.get(format!("{base}/api/v1/facilities/{facility}/funding"))).await;
        let (st, _) = send(m.put(format!("{base}/api/v1/facilities/{facility}/funding")).header("If-Match", fund["version"].to_string()).json(&json!({"county": "Kraków", "reduction": "10", "absence_allowance": "20", "fee_table": "default"}))).await;
        assert_eq!(st, StatusCode::OK);
        let (st, fixed) = send(m.post(format!("{base}/api/v1/statements/{id}/correct"))).await;
        assert_eq!(st, StatusCode::CREATED, "{k}: {fixed}");
        assert_eq!((fixed["number"].as_i64(), fixed["corrects"].as_i64(), fixed["status"].as_str()), (Some(2), Some(id), Some("draft")));
        let new_total = amount(&fixed["total"]);
        assert!(new_total < total, "{k}: a 10 % reduction lowers the support");
        assert_eq!(amount(&fixed["body"]["correction"]["difference"]), new_total - total, "{k}");
        assert!(!fixed["body"]["correction"]["changed_lines"].as_array().unwrap().is_empty());
        let (_, kept) = send(funder.get(format!("{base}/api/v1/statements/{id}"))).await;
        assert_eq!(amount(&kept["total"]), total, "{k}: the issued statement is kept as it was");
        let (st, e) = send(m.post(format!("{base}/api/v1/statements/{id}/correct"))).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{k}: only the newest version is corrected: {e}");
    }
}

#[tokio::test]
async fn a_what_if_shows_the_change_in_cover_fte_and_cost_and_saves_nothing() {
    for db in databases().await {
        let k = db.kind;
        let app = start(&db).await;
        let s = app.store.as_ref();
        wsm_server::demo::load(s).await.unwrap();
        let facility = s.facility_ids().await.unwrap()[0];
        account(s, "kier@w.pl", Role::Manager, None, vec![facility]).await;
        account(s, "inny@w.pl", Role::Manager, None, vec![]).await;
        let (m, other) = (client(&app, "kier@w.pl").await, client(&app, "inny@w.pl").await);
        let residents = s.residents(facility).await.unwrap();
        // A resident with a day programme and no 1:1 hours.
        let r = residents.iter().find(|r| !r.day_programme.is_empty() && r.one_to_one.is_empty()).expect("a resident with a day programme and no 1:1");
        let url = format!("{}/api/v1/residents/{}/what-if", app.base, r.id);

        // Add 1:1 support on weekday evenings: more cover and more FTE, the cost formula unchanged.
        let one = json!([{"days": ["mon", "tue", "wed", "thu", "fri"], "from": "16:00:00", "to": "20:00:00"}]);
        let (st, w) = send(m.post(&url).json(&json!({"month": "2026-11", "one_to_one": one}))).await;
        assert_eq!(st, StatusCode::OK, "{k}: {w}");
        assert_eq!(w["before"]["one_to_one_hours_per_week"], "0", "{k}: {w}");
        assert_eq!(w["after"]["one_to_one_hours_per_week"], "20", "{k}: {w}");
        let dec = |v: &Value| v.as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap();
        let extra = dec(&w["after"]["cover_hours"]) - dec(&w["before"]["cover_hours"]);
        // November 2026: 21 weekdays (1:1 follows the weekday, 11 November included) × 4 h of a
        // dedicated worker; the demo has no absence that month.
        assert_eq!(extra, rust_decimal::Decimal::from(21 * 4), "{k}: {w}");
        assert!(dec(&w["after"]["fte_needed"]) > dec(&w["before"]["fte_needed"]), "{k}: {w}");
        assert_eq!(w["after"]["resident_support"], w["before"]["resident_support"], "{k}: {w}");

        // Drop the day programme: variant I becomes II and the resident's support cost rises.
        let (st, w) = send(m.post(&url).json(&json!({"month": "2026-12", "day_programme": [], "barthel_total": 35}))).await;
        assert_eq!(st, StatusCode::OK, "{k}: {w}");
        assert_eq!((w["before"]["variant"].as_str(), w["after"]["variant"].as_str()), (Some("I"), Some("II")), "{k}: {w}");
        assert!(amount(&w["after"]["resident_support"]) > amount(&w["before"]["resident_support"]), "{k}: {w}");
        assert!(dec(&w["after"]["cover_hours"]) > dec(&w["before"]["cover_hours"]), "{k}: home all day needs more day cover: {w}");
        assert_eq!(w["barthel"]["at_or_below_zol_threshold"], true, "{k}: {w}");

        // Bad input: the field and the rule; another facility's manager is refused.
        let (st, e) = send(m.post(&url).json(&json!({"month": "2026-12", "one_to_one": [{"days": ["mon"], "from": "20:00:00", "to": "16:00:00"}]}))).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{k}: {e}");
        assert!(e["error"]["field"].as_str().unwrap().starts_with("one_to_one"), "{k}: {e}");
        let (st, e) = send(m.post(&url).json(&json!({"month": "2026-12", "barthel_total": 37}))).await;
        assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("barthel_total")), "{k}: {e}");
        let (st, _) = send(other.post(&url).json(&json!({"month": "2026-12"}))).await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{k}");

        // Nothing was saved.
        let after = s.resident(r.id).await.unwrap();
        assert_eq!((after.version, after.one_to_one.len(), after.day_programme.len()), (r.version, 0, r.day_programme.len()), "{k}");
    }
}
