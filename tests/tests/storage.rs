//! The storage suite: written once against the `Store` trait, run on SQLite always and on
//! PostgreSQL whenever `WSM_TEST_POSTGRES_URL` is set (`.ci/run` sets it). It is what catches
//! the two implementations drifting apart.

use chrono::{Duration, Utc};
use wsm_server::domain::barthel::BarthelScores;
use wsm_server::domain::standards::{BuildingType, RoomKind};
use wsm_server::domain::vetting::{CheckKind, ALL_CHECKS};
use wsm_server::store::model::*;
use wsm_server::store::costs::Said;
use wsm_server::store::{NewAudit, Owned, StoreError};
use wsm_tests::fixtures::{area, carer, d, layout, resident};
use wsm_tests::{account, databases};

fn barthel(feeding: u8) -> BarthelScores {
    BarthelScores { feeding, transfers: 15, grooming: 5, toilet_use: 10, bathing: 5, mobility: 15, stairs: 10, dressing: 10, bowels: 10, bladder: 10 }
}

#[tokio::test]
async fn a_room_keeps_its_exact_area_and_a_facility_its_duty_end() {
    for db in databases().await {
        let s = db.store.as_ref();
        let l = layout(s, BuildingType::Adapted).await;
        let room = s.create_room(l.units[0], &RoomInput { name: "Łazienka".into(), kind: RoomKind::Bathroom, area_m2: area("5.55"), accessible: true, serves_room_id: None }).await.unwrap();
        let f = s.facility(l.facility).await.unwrap();
        let stored = f.units[0].rooms.iter().find(|r| r.id == room.id).unwrap();
        assert_eq!(stored.area_m2.to_string(), "5.55", "{}", db.kind);
        assert_eq!(f.duty_end, Some(d("2044-01-01")));
        assert_eq!(f.units.len(), 2);
        assert_eq!(f.units[0].rooms.len(), 7);
        assert_eq!(s.facility_of(Owned::Room, room.id).await.unwrap(), l.facility);
    }
}

#[tokio::test]
async fn a_wsm_has_at_most_twelve_places_and_twelve_residents() {
    for db in databases().await {
        let s = db.store.as_ref();
        let l = layout(s, BuildingType::PurposeBuilt).await;
        let e = s.create_unit(l.facility, &UnitInput { name: "C".into(), places: 1, accessible: false }).await.unwrap_err();
        assert!(matches!(&e, StoreError::Rule(r) if r.field == "places"), "{}: {e:?}", db.kind);
        for u in 0..2 {
            for (i, room) in l.rooms[u].iter().enumerate() {
                s.create_resident(l.facility, &resident(l.units[u], Some(*room), &format!("R{u}{i}"))).await.unwrap();
            }
        }
        // Make space in unit A's places so only the WSM limit can refuse the 13th.
        let e = s.create_resident(l.facility, &resident(l.units[0], None, "Trzynasta")).await.unwrap_err();
        match &e {
            StoreError::Rule(r) => {
                assert_eq!(r.field, "unit_id");
                assert!(r.message.contains("at most 12"), "{}", r.message);
            }
            other => panic!("{}: {other:?}", db.kind),
        }
        assert_eq!(s.residents(l.facility).await.unwrap().len(), 12, "nothing half written on {}", db.kind);
    }
}

#[tokio::test]
async fn a_full_unit_and_a_taken_room_refuse_a_resident() {
    for db in databases().await {
        let s = db.store.as_ref();
        let l = layout(s, BuildingType::PurposeBuilt).await;
        let first = s.create_resident(l.facility, &resident(l.units[0], Some(l.rooms[0][0]), "Ala")).await.unwrap();
        let e = s.create_resident(l.facility, &resident(l.units[0], Some(l.rooms[0][0]), "Ola")).await.unwrap_err();
        assert!(matches!(&e, StoreError::Rule(r) if r.field == "room_id"), "{}: {e:?}", db.kind);
        let e = s.create_resident(l.facility, &resident(l.units[1], Some(l.rooms[0][1]), "Ela")).await.unwrap_err();
        assert!(matches!(&e, StoreError::Rule(r) if r.field == "room_id"), "room of another unit: {e:?}");
        // Moving out frees the room.
        let mut out = resident(l.units[0], Some(l.rooms[0][0]), "Ala");
        out.moved_out = Some(d("2025-01-31"));
        s.update_resident(first.id, first.version, &out).await.unwrap();
        s.create_resident(l.facility, &resident(l.units[0], Some(l.rooms[0][0]), "Ola")).await.unwrap();
        // A unit cannot shrink below the residents living in it.
        s.create_resident(l.facility, &resident(l.units[1], None, "B1")).await.unwrap();
        s.create_resident(l.facility, &resident(l.units[1], None, "B2")).await.unwrap();
        let e = s.update_unit(l.units[1], 1, &UnitInput { name: "B".into(), places: 1, accessible: false }).await.unwrap_err();
        assert!(matches!(&e, StoreError::Rule(r) if r.field == "places"), "{}: {e:?}", db.kind);
        assert_eq!(s.facility(l.facility).await.unwrap().units[1].places, 6, "rolled back");
    }
}

#[tokio::test]
async fn a_stale_edit_is_refused_with_the_current_version() {
    for db in databases().await {
        let s = db.store.as_ref();
        let l = layout(s, BuildingType::PurposeBuilt).await;
        let r = s.create_resident(l.facility, &resident(l.units[0], None, "Basia")).await.unwrap();
        assert_eq!(r.version, 1);
        let mut edit = resident(l.units[0], None, "Barbara");
        let saved = s.update_resident(r.id, 1, &edit).await.unwrap();
        assert_eq!(saved.version, 2);
        edit.first_name = "Basieńka".into();
        match s.update_resident(r.id, 1, &edit).await.unwrap_err() {
            StoreError::Stale { current } => assert_eq!(current, 2, "{}", db.kind),
            other => panic!("{other:?}"),
        }
        assert_eq!(s.resident(r.id).await.unwrap().first_name, "Barbara");
        assert!(matches!(s.update_resident(9999, 1, &edit).await.unwrap_err(), StoreError::NotFound(_)));
    }
}

#[tokio::test]
async fn two_managers_editing_at_once_cannot_both_win() {
    for db in databases().await {
        let l = layout(db.store.as_ref(), BuildingType::PurposeBuilt).await;
        let r = db.store.create_resident(l.facility, &resident(l.units[0], None, "Celina")).await.unwrap();
        let mut tasks = Vec::new();
        for i in 0..6 {
            let store = db.store.clone();
            let unit = l.units[0];
            tasks.push(tokio::spawn(async move { store.update_resident(r.id, r.version, &resident(unit, None, &format!("Edit{i}"))).await }));
        }
        let mut ok = 0;
        let mut stale = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => ok += 1,
                Err(StoreError::Stale { current }) => {
                    assert_eq!(current, 2);
                    stale += 1
                }
                Err(e) => panic!("{}: {e:?}", db.kind),
            }
        }
        assert_eq!((ok, stale), (1, 5), "{}", db.kind);
        assert_eq!(db.store.resident(r.id).await.unwrap().version, 2);
    }
}

#[tokio::test]
async fn concurrent_admissions_never_overfill_a_unit() {
    for db in databases().await {
        let l = layout(db.store.as_ref(), BuildingType::PurposeBuilt).await;
        let mut tasks = Vec::new();
        for i in 0..9 {
            let store = db.store.clone();
            let (f, u) = (l.facility, l.units[0]);
            tasks.push(tokio::spawn(async move { store.create_resident(f, &resident(u, None, &format!("P{i}"))).await }));
        }
        let mut admitted = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => admitted += 1,
                Err(StoreError::Rule(r)) => assert_eq!(r.field, "unit_id"),
                Err(e) => panic!("{}: {e:?}", db.kind),
            }
        }
        assert_eq!(admitted, 6, "{}", db.kind);
        assert_eq!(db.store.facility(l.facility).await.unwrap().units[0].residents, 6);
    }
}

#[tokio::test]
async fn barthel_history_and_plan_versions_are_never_overwritten() {
    for db in databases().await {
        let s = db.store.as_ref();
        let l = layout(s, BuildingType::PurposeBuilt).await;
        let r = s.create_resident(l.facility, &resident(l.units[0], None, "Dorota")).await.unwrap();
        let a1 = s.add_barthel(r.id, &BarthelInput { assessed_on: d("2025-01-10"), assessor: "OT".into(), items: barthel(10) }, 1).await.unwrap();
        let a2 = s.add_barthel(r.id, &BarthelInput { assessed_on: d("2025-04-10"), assessor: "OT".into(), items: barthel(5) }, 1).await.unwrap();
        assert_eq!((a1.total, a2.total), (100, 95));
        assert_eq!(a1.next_due, d("2025-04-10"));
        let h = s.barthel_history(r.id).await.unwrap();
        assert_eq!(h.iter().map(|a| a.total).collect::<Vec<_>>(), vec![100, 95], "{}", db.kind);
        let plan = |goal: &str| PlanInput {
            goals: vec![PlanGoal { text: goal.into(), measure: None }],
            services: vec![PlanService { service: ServiceKind::DailyLiving, provider: Provider::Internal, provider_name: None, hours_per_week: "12.5".parse().unwrap() }],
            one_to_one_hours_per_week: "0".parse().unwrap(),
            day_programme: vec![],
            review_date: d("2025-04-01"),
            valid_from: d("2025-01-02"),
            consent_by: "Dorota Testowa".into(),
            consent_on: d("2025-01-02"),
        };
        s.add_plan(r.id, &plan("pierwszy cel"), 1).await.unwrap();
        let v2 = s.add_plan(r.id, &plan("drugi cel"), 1).await.unwrap();
        assert_eq!(v2.plan_version, 2);
        let all = s.plans(r.id).await.unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].plan.goals[0].text, "pierwszy cel");
        assert_eq!(all[1].hours_per_week.to_string(), "12.5");
    }
}

#[tokio::test]
async fn a_worker_is_rosterable_only_with_all_four_current_checks() {
    for db in databases().await {
        let s = db.store.as_ref();
        let l = layout(s, BuildingType::PurposeBuilt).await;
        let today = d("2026-11-23");
        let w = s.create_staff(l.facility, &carer(vec![l.units[0]], "Ewa"), today).await.unwrap();
        assert_eq!(w.rosterability.missing.len(), 4);
        for kind in ALL_CHECKS {
            let expires_on = (kind == CheckKind::CriminalRecord).then(|| d("2026-11-22"));
            s.add_check(w.id, &CheckInput { kind, checked_on: d("2025-11-01"), evidence_ref: "teczka".into(), expires_on }, 1).await.unwrap();
        }
        let w = s.staff(w.id, today).await.unwrap();
        assert!(!w.rosterability.rosterable);
        assert_eq!(w.rosterability.expired, vec![CheckKind::CriminalRecord], "{}", db.kind);
        s.add_check(w.id, &CheckInput { kind: CheckKind::CriminalRecord, checked_on: d("2026-11-20"), evidence_ref: "KRK 2026".into(), expires_on: None }, 1).await.unwrap();
        assert!(s.staff(w.id, today).await.unwrap().rosterability.rosterable);
        s.add_leave(w.id, &LeaveInput { kind: LeaveKind::Annual, from: d("2026-12-01"), to: d("2026-12-05"), note: String::new() }).await.unwrap();
        let w = s.staff(w.id, today).await.unwrap();
        assert_eq!(w.leave.len(), 1);
        assert_eq!(w.unit_ids, vec![l.units[0]]);
    }
}

#[tokio::test]
async fn a_staff_record_with_a_foreign_unit_is_not_half_written() {
    for db in databases().await {
        let s = db.store.as_ref();
        let a = layout(s, BuildingType::PurposeBuilt).await;
        let b = layout(s, BuildingType::PurposeBuilt).await;
        let e = s.create_staff(a.facility, &carer(vec![a.units[0], b.units[0]], "Obca"), d("2026-11-23")).await.unwrap_err();
        assert!(matches!(&e, StoreError::Rule(r) if r.field == "unit_ids[1]"), "{}: {e:?}", db.kind);
        assert!(s.staff_list(a.facility, d("2026-11-23")).await.unwrap().is_empty(), "rolled back on {}", db.kind);
    }
}

#[tokio::test]
async fn accounts_are_unique_by_email_and_sessions_expire() {
    for db in databases().await {
        let s = db.store.as_ref();
        let l = layout(s, BuildingType::PurposeBuilt).await;
        let m = account(s, "Kierownik@Example.org", Role::Manager, None, vec![l.facility]).await;
        assert_eq!(m.email, "kierownik@example.org");
        assert_eq!(m.facility_ids, vec![l.facility]);
        let e = s.create_user(&NewUser { email: "kierownik@example.org".into(), password: "x".into(), role: Role::Admin, staff_id: None, facility_ids: vec![] }, "h").await.unwrap_err();
        assert!(matches!(&e, StoreError::Duplicate { field, .. } if field == "email"), "{}: {e:?}", db.kind);
        let now = Utc::now();
        s.create_session("live", m.id, now + Duration::hours(1)).await.unwrap();
        s.create_session("dead", m.id, now - Duration::seconds(1)).await.unwrap();
        assert_eq!(s.session_user("live", now).await.unwrap().unwrap().id, m.id);
        assert!(s.session_user("dead", now).await.unwrap().is_none());
        s.delete_session("live").await.unwrap();
        assert!(s.session_user("live", now).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn the_audit_log_keeps_who_what_and_when() {
    for db in databases().await {
        let s = db.store.as_ref();
        s.audit(NewAudit { user_id: Some(7), action: "read", entity: "barthel", entity_id: Some(3), facility_id: Some(1), detail: "2 assessments".into() }).await.unwrap();
        let log = s.audit_log(10).await.unwrap();
        assert_eq!(log.len(), 1, "{}", db.kind);
        assert_eq!((log[0].user_id, log[0].action.as_str(), log[0].entity.as_str()), (Some(7), "read", "barthel"));
        assert!((Utc::now() - log[0].at).num_seconds() < 60);
    }
}

#[tokio::test]
async fn justifications_and_units_refer_only_to_their_own_facility() {
    for db in databases().await {
        let s = db.store.as_ref();
        let a = layout(s, BuildingType::Adapted).await;
        let b = layout(s, BuildingType::Adapted).await;
        let e = s.add_justification(a.facility, &JustificationInput { rule: "room.min_area".into(), unit_id: None, room_id: Some(b.rooms[0][0]), reason: "x".into() }).await.unwrap_err();
        assert!(matches!(&e, StoreError::Rule(r) if r.field == "room_id"), "{}: {e:?}", db.kind);
        let j = s.add_justification(a.facility, &JustificationInput { rule: "room.min_area".into(), unit_id: Some(a.units[0]), room_id: Some(a.rooms[0][0]), reason: "zabytek".into() }).await.unwrap();
        assert_eq!(s.facility(a.facility).await.unwrap().justifications[0].id, j.id);
        // A unit with rooms is not deleted; an empty one is.
        assert!(matches!(s.delete_unit(a.units[0]).await.unwrap_err(), StoreError::Duplicate { .. }));
        let empty = s.create_unit(b.facility, &UnitInput { name: "C".into(), places: 6, accessible: false }).await;
        assert!(empty.is_err(), "12 places already");
        let e = s.create_unit(a.facility, &UnitInput { name: "A".into(), places: 6, accessible: false }).await.unwrap_err();
        assert!(matches!(&e, StoreError::Rule(_) | StoreError::Duplicate { .. }), "{e:?}");
    }
}

fn rota_version(facility_id: i64, month: &str, note: &str) -> NewRotaVersion {
    NewRotaVersion {
        facility_id,
        month: month.into(),
        origin: "solved",
        based_on: None,
        problem: "{}".into(),
        excluded: "[]".into(),
        rota: r#"{"version": 1, "status": "optimal"}"#.into(),
        locks: "[]".into(),
        status: "optimal".into(),
        violations: 0,
        note: note.into(),
        created_by: 1,
    }
}

#[tokio::test]
async fn rota_versions_are_numbered_kept_and_published_ones_never_change() {
    for db in databases().await {
        let s = db.store.as_ref();
        let l = layout(s, BuildingType::PurposeBuilt).await;
        // Concurrent saves of the same month still get distinct numbers.
        let mut tasks = Vec::new();
        for i in 0..4 {
            let store = db.store.clone();
            let f = l.facility;
            tasks.push(tokio::spawn(async move { store.create_rota_version(&rota_version(f, "2026-12", &format!("v{i}"))).await.unwrap().number }));
        }
        let mut numbers = Vec::new();
        for t in tasks {
            numbers.push(t.await.unwrap());
        }
        numbers.sort();
        assert_eq!(numbers, vec![1, 2, 3, 4], "{}", db.kind);
        assert_eq!(s.create_rota_version(&rota_version(l.facility, "2027-01", "")).await.unwrap().number, 1, "numbering is per month");
        let list = s.rota_versions(l.facility, "2026-12").await.unwrap();
        assert_eq!(list.len(), 4);
        let first = &list[0];
        assert_eq!(s.facility_of(Owned::Rota, first.id).await.unwrap(), l.facility);
        assert!(s.published_rota(l.facility, "2026-12").await.unwrap().is_none());
        // A draft edit carries the version; a stale one is refused with the current version.
        let edited = s.update_rota_draft(first.id, first.version, r#"{"version": 1, "status": "short"}"#, r#"[{"staff": "s1", "date": "2026-12-01"}]"#, "short", 2).await.unwrap();
        assert_eq!((edited.version, edited.status.as_str(), edited.violations), (2, "short", 2));
        match s.update_rota_draft(first.id, first.version, "{}", "[]", "optimal", 0).await {
            Err(StoreError::Stale { current }) => assert_eq!(current, 2, "{}", db.kind),
            other => panic!("{}: {other:?}", db.kind),
        }
        // Publish; the published version is kept unchanged; the newest published one is served.
        let p1 = s.publish_rota(first.id, edited.version, 7).await.unwrap();
        assert!(p1.published_at.is_some());
        assert_eq!(p1.published_by, Some(7));
        match s.update_rota_draft(first.id, p1.version, "{}", "[]", "optimal", 0).await {
            Err(StoreError::Rule(e)) => assert!(e.message.contains("published"), "{e:?}"),
            other => panic!("{}: {other:?}", db.kind),
        }
        assert!(matches!(s.publish_rota(first.id, p1.version, 7).await, Err(StoreError::Rule(_))));
        assert_eq!(s.published_rota(l.facility, "2026-12").await.unwrap().unwrap().id, first.id);
        let second = &list[2];
        s.publish_rota(second.id, second.version, 7).await.unwrap();
        assert_eq!(s.published_rota(l.facility, "2026-12").await.unwrap().unwrap().id, second.id, "{}", db.kind);
        assert_eq!(s.rota_version(first.id).await.unwrap().rota, r#"{"version": 1, "status": "short"}"#, "the first published version is kept");
        assert!(matches!(s.rota_version(999_999).await, Err(StoreError::NotFound(_))));
    }
}

#[tokio::test]
async fn reference_tables_statements_notifications_and_job_runs_on_both_databases() {
    use wsm_server::store::costs::{CostLineRow, FacilityFundingRow, NewStatement};
    for db in databases().await {
        let s = db.store.as_ref();
        let k = db.kind;
        // The migrations seed the minimum wage from 2021 with both mid-year changes.
        let wages = s.reference_rows("minimum_wage").await.unwrap();
        assert_eq!(wages.len(), 8, "{k}");
        assert_eq!(wages[3].key, "2023-07-01");
        assert!(wages[3].data.contains("\"3600.00\""), "{k}: {}", wages[3].data);
        assert_eq!(s.reference_rows("income_criterion").await.unwrap().len(), 3);
        assert_eq!(s.reference_rows("fee_table").await.unwrap()[0].key, "default");
        // Editing a reference record needs its current version; a second create is a conflict.
        let row = s.put_reference("dps_cost", "Kraków|intellectual|2026", r#"{"amount": "7100.00"}"#, None, None).await.unwrap();
        assert!(matches!(s.put_reference("dps_cost", "Kraków|intellectual|2026", "{}", None, None).await, Err(StoreError::Duplicate { .. })), "{k}");
        let next = s.put_reference("dps_cost", "Kraków|intellectual|2026", r#"{"amount": "7200.00"}"#, Some(row.version), None).await.unwrap();
        assert_eq!(next.version, row.version + 1);
        assert!(matches!(s.put_reference("dps_cost", "Kraków|intellectual|2026", "{}", Some(row.version), None).await, Err(StoreError::Stale { current }) if current == next.version), "{k}");
        assert!(s.setting("pseudonym_salt").await.unwrap().is_some_and(|v| v.len() >= 16), "{k}");

        let l = layout(s, BuildingType::Adapted).await;
        let f = FacilityFundingRow { facility_id: l.facility, county: "Kraków".into(), reduction: "0".into(), absence_allowance: "20".into(), fee_table: "default".into(), version: 0 };
        let saved = s.put_facility_funding(&f, None).await.unwrap();
        assert!(matches!(s.put_facility_funding(&f, Some(saved.version + 5)).await, Err(StoreError::Stale { .. })), "{k}");
        let line = CostLineRow { id: 0, facility_id: l.facility, month: "2026-11".into(), category: "utilities".into(), funding_source: "maintenance".into(), amount_grosze: 123_456, description: "Prąd".into(), created_at: Utc::now(), version: 0 };
        let added = s.add_cost_line(&line, 1).await.unwrap();
        assert_eq!(s.cost_lines(l.facility, "2026-11").await.unwrap().len(), 1);
        s.delete_cost_line(added.id, added.version).await.unwrap();
        assert!(s.cost_lines(l.facility, "2026-11").await.unwrap().is_empty());

        // Statements: numbered per facility, month, kind and municipality; issued ones never change.
        let new = NewStatement { facility_id: l.facility, month: "2026-11".into(), kind: "state".into(), municipality: String::new(), corrects: None, body: "{}".into(), total_grosze: 100, created_by: None };
        let first = s.create_statement(&new).await.unwrap();
        assert_eq!((first.number, first.status.as_str()), (1, "draft"));
        let first = s.replace_draft_statement(first.id, first.version, r#"{"a": 1}"#, 200).await.unwrap();
        let issued = s.issue_statement(first.id, first.version, 1).await.unwrap();
        assert_eq!(issued.status, "issued");
        let e = s.replace_draft_statement(issued.id, issued.version, "{}", 0).await.unwrap_err();
        assert!(matches!(&e, StoreError::Rule(r) if r.field == "status"), "{k}: {e:?}");
        let correction = s.create_statement(&NewStatement { corrects: Some(issued.id), ..new.clone() }).await.unwrap();
        assert_eq!((correction.number, correction.corrects), (2, Some(issued.id)));
        assert_eq!(s.statement(issued.id).await.unwrap().total_grosze, 200, "{k}: the issued one is kept");

        // A notification is raised once a day per subject.
        let today = d("2026-11-23");
        assert!(s.add_notification(l.facility, "barthel_review", "resident:1", Said { en: "due", pl: "termin" }, Some(today), today).await.unwrap());
        assert!(!s.add_notification(l.facility, "barthel_review", "resident:1", Said { en: "due", pl: "termin" }, Some(today), today).await.unwrap());
        let raised = s.notifications(&[l.facility], 10).await.unwrap();
        assert_eq!(raised.len(), 1);
        assert_eq!((raised[0].message.as_str(), raised[0].message_pl.as_str()), ("due", "termin"), "{k}: both languages kept");

        // A job run is claimed by exactly one of several instances at once.
        let claims = futures::future::join_all((0..6).map(|i| async move { s.claim_job_run("daily_checks", "2026-11-23", &format!("i{i}")).await.unwrap() })).await;
        assert_eq!(claims.iter().filter(|c| c.is_some()).count(), 1, "{k}: {claims:?}");
        let id = claims.into_iter().flatten().next().unwrap();
        s.finish_job_run(id, true, "3 notifications").await.unwrap();
        let runs = s.job_runs(10).await.unwrap();
        assert_eq!((runs[0].outcome.as_str(), runs[0].detail.as_str()), ("ok", "3 notifications"));
    }
}
