//! The `wsm` binary as an operator uses it: no configuration at all, demo, accounts.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

fn wsm(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wsm"));
    c.current_dir(dir).env_remove("WSM_CONFIG").env("RUST_LOG", "warn");
    for (k, _) in std::env::vars() {
        if k.starts_with("WSM__") {
            c.env_remove(k);
        }
    }
    c
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("wsm-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn serve_without_configuration_creates_migrates_and_serves_an_sqlite_file() {
    let dir = temp_dir("serve");
    let mut child = wsm(&dir).args(["serve", "--bind", "127.0.0.1:0"]).stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().rsplit("http://").next().unwrap().to_string();
    let health = (|| -> std::io::Result<String> {
        use std::io::Read;
        let mut stream = std::net::TcpStream::connect(&addr)?;
        stream.write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")?;
        let mut reply = String::new();
        stream.read_to_string(&mut reply)?;
        Ok(reply)
    })();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.starts_with("WSM Ops listening on http://127.0.0.1:"), "{line}");
    assert!(dir.join("data/wsm.db").exists(), "the SQLite file is created in ./data");
    let reply = health.expect("GET /healthz");
    assert!(reply.starts_with("HTTP/1.0 200") || reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.ends_with("ok"), "{reply}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn demo_loads_once_and_accounts_can_be_added() {
    let dir = temp_dir("demo");
    let out = wsm(&dir).arg("demo").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("loaded (id 1): 2 units, 12 residents, 39 staff"), "{text}");
    let again = wsm(&dir).arg("demo").output().unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("already loaded"));

    let mut add = wsm(&dir).args(["user", "add", "--role", "manager", "--email", "nowa@wsm.pl", "--facility", "1", "--password-stdin"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    add.stdin.take().unwrap().write_all(b"bardzo-tajne-haslo\n").unwrap();
    let out = add.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("created manager account nowa@wsm.pl"));

    let mut short = wsm(&dir).args(["user", "add", "--role", "admin", "--email", "x@wsm.pl", "--password-stdin"]).stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    short.stdin.take().unwrap().write_all(b"short\n").unwrap();
    let out = short.wait_with_output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("password"), "{}", String::from_utf8_lossy(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn solve_writes_a_rota_that_check_accepts_and_check_refuses_a_broken_one() {
    let dir = temp_dir("solve");
    let problem = r#"{"version": 1, "start": "2026-12-07", "days": 7, "slot_minutes": 60,
        "shift_types": [{"id": "D", "start": "07:00", "end": "19:00"}, {"id": "N", "start": "19:00", "end": "07:00"}],
        "units": [{"id": "A"}], "residents": [{"id": "r1", "unit": "A"}],
        "staff": [{"id": "s1", "fte": 1.0, "units": ["A"]}, {"id": "s2", "fte": 1.0, "units": ["A"]},
                  {"id": "s3", "fte": 1.0, "units": ["A"]}, {"id": "s4", "fte": 1.0, "units": ["A"]},
                  {"id": "s5", "fte": 1.0, "units": ["A"]}, {"id": "s6", "fte": 1.0, "units": ["A"]},
                  {"id": "s7", "fte": 1.0, "units": ["A"]}, {"id": "s8", "fte": 1.0, "units": ["A"]}],
        "rules": {"free_sunday_within_weeks": 0, "overtime_hours_max": 12}}"#;
    std::fs::write(dir.join("problem.json"), problem).unwrap();
    let out = wsm(&dir).args(["solve", "problem.json", "-o", "rota.json", "--time-limit", "20"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let check = wsm(&dir).args(["check", "problem.json", "rota.json"]).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    assert!(String::from_utf8_lossy(&check.stdout).starts_with("ok: every rule holds"));
    // Give s1 a day shift right after a night: the checker names the rule and exits 1.
    let mut rota: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("rota.json")).unwrap()).unwrap();
    let list = rota["assignments"].as_array_mut().unwrap();
    list.retain(|a| a["staff"] != "s1");
    list.push(serde_json::json!({"staff": "s1", "date": "2026-12-07", "shift": "N", "unit": "A"}));
    list.push(serde_json::json!({"staff": "s1", "date": "2026-12-08", "shift": "D", "unit": "A"}));
    std::fs::write(dir.join("bad.json"), rota.to_string()).unwrap();
    let check = wsm(&dir).args(["check", "problem.json", "bad.json"]).output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(text.lines().any(|l| l.starts_with("daily_rest\ts1\t2026-12-08")), "{text}");

    // A sick call: whoever works on Wednesday is ill Wednesday–Thursday. Re-solving against the
    // old rota lists every changed cell and whom to call, and the repaired rota checks out.
    let old: wsm_solver::rota::Rota = serde_json::from_str(&std::fs::read_to_string(dir.join("rota.json")).unwrap()).unwrap();
    let sick = old.assignments.iter().find(|a| a.date.to_string() == "2026-12-09").unwrap().staff.clone();
    let mut changed: serde_json::Value = serde_json::from_str(problem).unwrap();
    for s in changed["staff"].as_array_mut().unwrap() {
        if s["id"] == sick.as_str() {
            s["leave"] = serde_json::json!([{"from": "2026-12-09", "to": "2026-12-10"}]);
        }
    }
    std::fs::write(dir.join("sick.json"), changed.to_string()).unwrap();
    let out = wsm(&dir)
        .args(["solve", "sick.json", "-o", "repaired.json", "--time-limit", "20", "--previous", "rota.json", "--changed-from", "2026-12-09", "--changed-to", "2026-12-10"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let repaired: wsm_solver::rota::Rota = serde_json::from_str(&std::fs::read_to_string(dir.join("repaired.json")).unwrap()).unwrap();
    assert_eq!(err.lines().filter(|l| l.starts_with("changed\t")).count(), repaired.changes.len(), "{err}");
    assert!(repaired.changes.iter().any(|c| c.staff == sick && c.after.is_none()), "the sick worker's shift is gone: {err}");
    let call = err.lines().find(|l| l.starts_with("call\t")).unwrap_or_else(|| panic!("{err}"));
    for who in &repaired.call {
        assert!(call.contains(who.as_str()), "{call}");
    }
    let check = wsm(&dir).args(["check", "sick.json", "repaired.json"]).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cost_support_prints_the_2021_golden_figures_with_their_formula() {
    let dir = temp_dir("cost");
    let out = wsm(&dir).args(["cost", "support", "--month", "2021-06", "--variant", "I"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    // 180 % of 2 800 zł at 21.98 % = 6 147.79 zł; 2.5 × 6 147.79 = 15 369.475 → 15 369.48 zł
    // (the source prints 15 370 zł, rounded to the złoty); coordination 0.64 × 2 800 × 1.2198.
    assert!(text.contains("6 147,79 zł"), "{text}");
    assert!(text.contains("additional staff      15 369,48 zł"), "{text}");
    assert!(text.contains("coordination           2 185,88 zł"), "{text}");
    assert!(text.contains("2.5 × 6147.79"), "the formula is printed: {text}");
    let two = wsm(&dir).args(["cost", "support", "--month", "2021-06", "--variant", "II"]).output().unwrap();
    assert!(String::from_utf8_lossy(&two.stdout).contains("additional staff      19 058,15 zł"), "{}", String::from_utf8_lossy(&two.stdout));
    let fee = wsm(&dir).args(["cost", "fee", "--month", "2026-06", "--income", "1300", "--monthly-cost", "1200", "--days", "12"]).output().unwrap();
    assert!(String::from_utf8_lossy(&fee.stdout).contains("fee                      120,00 zł"), "{}", String::from_utf8_lossy(&fee.stdout));
    let bad = wsm(&dir).args(["cost", "support", "--month", "2021-13", "--variant", "I"]).output().unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--month"), "{}", String::from_utf8_lossy(&bad.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bench_curtois_qu_solves_an_instance_writes_the_roster_and_the_evaluator_passes_it() {
    let dir = temp_dir("cq");
    let instances = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../solver/benches/curtois-qu");
    let out = wsm(&dir)
        .args(["bench", "curtois-qu"])
        .arg(instances.join("Instance1.txt"))
        .arg(instances.join("Instance2.txt"))
        .args(["--time-limit", "20", "-o", "out.json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    // The table: instance, objective, bound, best known, gap, seconds, evaluator verdict.
    let row = stdout.lines().find(|l| l.starts_with("Instance1 ")).expect("a row for Instance1");
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[1], "607", "{row}");
    assert_eq!(cells[3], "607", "best known: {row}");
    assert_eq!(cells.last(), Some(&"pass"), "{row}");
    assert!(stdout.lines().any(|l| l.starts_with("Instance2 ") && l.ends_with("pass")), "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("out.json")).unwrap()).unwrap();
    let first = &json[0];
    assert_eq!(first["instance"], "Instance1");
    assert_eq!(first["objective"], 607);
    assert!(first["millis"].as_u64().is_some());
    let roster = first["roster"].as_object().unwrap();
    assert_eq!(roster.len(), 8, "one row per employee");
    assert!(roster.values().all(|days| days.as_array().unwrap().len() == 14), "one entry per day");

    // A malformed file: the line is named and nothing is claimed solved.
    std::fs::write(dir.join("bad.txt"), "SECTION_HORIZON\r\n14\r\n\r\nSECTION_SHIFTS\r\nD,480\r\n").unwrap();
    let out = wsm(&dir).args(["bench", "curtois-qu", "bad.txt"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 5") && err.contains("3 fields"), "{err}");
}
