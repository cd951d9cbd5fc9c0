//! Staff self-service over HTTP on the demo facility, on SQLite and PostgreSQL: a personal
//! calendar feed (secret URL, Europe/Warsaw, revocable, follows the newest published rota) and
//! requests that managers decide and the rota problem takes as wishes.

use chrono::{Datelike, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};
use wsm_server::store::model::{NewRotaVersion, Role, StaffRole};
use wsm_tests::{account, client, databases, start};

async fn send(req: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let r = req.send().await.expect("request");
    let status = r.status();
    let text = r.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_carer_subscribes_to_their_shifts_and_asks_for_a_day_off() {
    for db in databases().await {
        let k = db.kind;
        let app = start(&db).await;
        let s = app.store.as_ref();
        wsm_server::demo::load(s).await.unwrap();
        let facility = s.facility_ids().await.unwrap()[0];
        let today = Utc::now().date_naive();
        let staff = s.staff_list(facility, today).await.unwrap();
        let carers: Vec<_> = staff.iter().filter(|x| x.rosterability.rosterable && x.role == StaffRole::Carer && x.unit_ids.len() == 1).collect();
        let (me, mate) = (carers[0], carers.iter().find(|c| c.unit_ids == carers[0].unit_ids && c.id != carers[0].id).unwrap());
        account(s, "ja@m.pl", Role::Staff, Some(me.id), vec![]).await;
        account(s, "kier@m.pl", Role::Manager, None, vec![facility]).await;
        let (w, m) = (client(&app, "ja@m.pl").await, client(&app, "kier@m.pl").await);
        let base = app.base.clone();

        // Next month's rota, published with my day shift on the 3rd next to a colleague.
        let first = (today.with_day(1).unwrap() + Duration::days(32)).with_day(1).unwrap();
        let month = first.format("%Y-%m").to_string();
        let (_, built) = send(m.get(format!("{base}/api/v1/facilities/{facility}/rota-problem?month={month}"))).await;
        let unit = format!("u{}", me.unit_ids[0]);
        let day = first + Duration::days(2);
        let rota = json!({"version": 1, "status": "feasible", "assignments": [
            {"staff": format!("s{}", me.id), "date": day, "shift": "D", "unit": unit},
            {"staff": format!("s{}", mate.id), "date": day, "shift": "D", "unit": unit}]});
        let new = NewRotaVersion {
            facility_id: facility,
            month: month.clone(),
            origin: "solved",
            based_on: None,
            problem: built["problem"].to_string(),
            excluded: "[]".into(),
            rota: rota.to_string(),
            locks: "[]".into(),
            status: "feasible".into(),
            violations: 0,
            note: String::new(),
            created_by: 1,
        };
        let v = s.create_rota_version(&new).await.unwrap();
        s.publish_rota(v.id, v.version, 1).await.unwrap();

        // The feed: the secret URL is the only credential; times in Europe/Warsaw.
        let (st, link) = send(w.post(format!("{base}/api/v1/me/calendar"))).await;
        assert_eq!(st, StatusCode::CREATED, "{k}: {link}");
        let url = link["url"].as_str().unwrap().to_string();
        assert!(link["webcal_url"].as_str().unwrap().starts_with("webcal://"), "{k}");
        let feed = reqwest::get(&url).await.unwrap();
        assert_eq!(feed.status(), StatusCode::OK, "{k}");
        assert!(feed.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
        let text = feed.text().await.unwrap();
        assert!(text.contains(&format!("DTSTART;TZID=Europe/Warsaw:{}T070000", day.format("%Y%m%d"))), "{k}: {text}");
        assert!(text.contains(&format!("{} {}", mate.first_name, mate.last_name)), "{k}: who else is on");
        assert!(!text.to_lowercase().contains("barthel") && !text.contains("r1"), "{k}: no resident data");
        // A newer published version (my day shift made a night) is what the same URL serves.
        let moved = json!({"version": 1, "status": "feasible", "assignments": [
            {"staff": format!("s{}", me.id), "date": day, "shift": "N", "unit": unit},
            {"staff": format!("s{}", mate.id), "date": day, "shift": "D", "unit": unit}]});
        let v2 = s.create_rota_version(&NewRotaVersion { rota: moved.to_string(), ..new.clone() }).await.unwrap();
        s.publish_rota(v2.id, v2.version, 1).await.unwrap();
        let text = reqwest::get(&url).await.unwrap().text().await.unwrap();
        assert!(text.contains(&format!("DTSTART;TZID=Europe/Warsaw:{}T190000", day.format("%Y%m%d"))), "{k}: the night, after the new version: {text}");
        assert!(!text.contains(&format!("DTSTART;TZID=Europe/Warsaw:{}T070000", day.format("%Y%m%d"))), "{k}: the old day shift is gone: {text}");
        // A new link revokes the old one; revoking ends the new one too.
        let (_, again) = send(w.post(format!("{base}/api/v1/me/calendar"))).await;
        assert_eq!(reqwest::get(&url).await.unwrap().status(), StatusCode::NOT_FOUND, "{k}");
        let url2 = again["url"].as_str().unwrap().to_string();
        assert_eq!(reqwest::get(&url2).await.unwrap().status(), StatusCode::OK);
        let (st, _) = send(w.delete(format!("{base}/api/v1/me/calendar"))).await;
        assert_eq!(st, StatusCode::NO_CONTENT);
        assert_eq!(reqwest::get(&url2).await.unwrap().status(), StatusCode::NOT_FOUND, "{k}");

        // Requests: checked, stored pending, decided by the manager, wishes in the problem.
        for (body, field) in [
            (json!({"date": today - Duration::days(1), "want": false, "reason": "x"}), "date"),
            (json!({"date": day, "shift": "Z", "want": true, "reason": "x"}), "shift"),
            (json!({"date": day, "want": false, "reason": "  "}), "reason"),
        ] {
            let (st, e) = send(w.post(format!("{base}/api/v1/me/requests")).json(&body)).await;
            assert_eq!((st, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some(field)), "{k}: {body}");
        }
        let off = first + Duration::days(9);
        let (st, r) = send(w.post(format!("{base}/api/v1/me/requests")).json(&json!({"date": off, "want": false, "reason": "wesele siostry"}))).await;
        assert_eq!((st, r["status"].as_str()), (StatusCode::CREATED, Some("pending")), "{k}: {r}");
        let (_, mine) = send(w.get(format!("{base}/api/v1/me/requests"))).await;
        assert_eq!(mine.as_array().unwrap().len(), 1);
        let (_, listed) = send(m.get(format!("{base}/api/v1/facilities/{facility}/requests?month={month}"))).await;
        assert_eq!(listed.as_array().unwrap().len(), 1, "{k}");
        let id = r["id"].as_i64().unwrap();
        let (st, decided) = send(m.post(format!("{base}/api/v1/requests/{id}/decide")).header("If-Match", r["version"].to_string()).json(&json!({"status": "accepted"}))).await;
        assert_eq!((st, decided["status"].as_str()), (StatusCode::OK, Some("accepted")), "{k}: {decided}");
        let (st, _) = send(m.post(format!("{base}/api/v1/requests/{id}/decide")).header("If-Match", r["version"].to_string()).json(&json!({"status": "declined"}))).await;
        assert_eq!(st, StatusCode::CONFLICT, "{k}: a stale decision is refused");
        let (_, built) = send(m.get(format!("{base}/api/v1/facilities/{facility}/rota-problem?month={month}"))).await;
        let worker = built["problem"]["staff"].as_array().unwrap().iter().find(|x| x["id"] == format!("s{}", me.id)).unwrap();
        assert_eq!(worker["requests"], json!([{"date": off.to_string(), "shift": null, "want": false, "weight": 5}]), "{k}");
        // Staff cannot decide; a manager cannot make a feed.
        let (st, _) = send(w.post(format!("{base}/api/v1/requests/{id}/decide")).header("If-Match", decided["version"].to_string()).json(&json!({"status": "declined"}))).await;
        assert_eq!(st, StatusCode::FORBIDDEN);
        let (st, _) = send(m.post(format!("{base}/api/v1/me/calendar"))).await;
        assert_eq!(st, StatusCode::FORBIDDEN);
    }
}
