//! Funder statements: what the state funder (support cost per place, used and unused places,
//! actual against funded) and each municipality (its maintenance shares) receive for a month,
//! with residents pseudonymised (a stable code; no name, no health data, no 1:1 hours). Issued
//! statements never change: a correction is a new version that names the one it corrects and
//! shows the difference. Exports: CSV, XLSX and print-ready HTML, all from the same body.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wsm_solver::cost::Amount;

use crate::costs::MonthlyCosts;
use crate::store::model::Facility;

/// One line of a statement: one resident, or the unused places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Line {
    /// Resident's code ("M-1A2B3C"), or "unused places".
    pub code: String,
    /// Variant (state statement).
    pub variant: Option<String>,
    /// Days (of stay, or unused place-days).
    pub days: u32,
    /// Additional staff (state) or the maintenance cost for the days (municipality).
    #[schema(value_type = String)]
    pub first: Amount,
    /// Coordination (state) or the resident's share (municipality).
    #[schema(value_type = String)]
    pub second: Amount,
    /// The line's total: support (state) or the municipality's share.
    #[schema(value_type = String)]
    pub total: Amount,
}

/// A statement's body, as stored and exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Body {
    /// "state" or "municipality".
    pub kind: String,
    /// Facility name.
    pub facility: String,
    /// Facility address.
    pub address: String,
    /// Month.
    pub month: String,
    /// The municipality (municipality statements).
    pub municipality: Option<String>,
    /// Column names of `first`, `second`, `total`.
    pub columns: [String; 3],
    /// Lines.
    pub lines: Vec<Line>,
    /// Places (state).
    pub places: Option<u32>,
    /// Used place-days (state).
    pub used_place_days: Option<u32>,
    /// Unused place-days (state).
    pub unused_place_days: Option<u32>,
    /// Σ line totals.
    #[schema(value_type = String)]
    pub total: Amount,
    /// Actual support cost (state): rota + eligible lines charged to state support.
    #[schema(value_type = Option<String>)]
    pub actual: Option<Amount>,
    /// Funded − actual (state).
    #[schema(value_type = Option<String>)]
    pub gap: Option<Amount>,
    /// Minimum wage, employer rate and reduction the figures rest on.
    pub basis: String,
    /// For a correction: the total of the version it corrects and the difference.
    pub correction: Option<Correction>,
}

/// What a correction changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Correction {
    /// The corrected statement's id.
    pub corrects: i64,
    /// Its number.
    pub number: i64,
    /// Its total.
    #[schema(value_type = String)]
    pub previous_total: Amount,
    /// New total − previous total.
    #[schema(value_type = String)]
    pub difference: Amount,
    /// Lines that differ: code, previous total, new total.
    pub changed_lines: Vec<(String, String, String)>,
}

/// The state funder's statement.
pub fn state_body(f: &Facility, c: &MonthlyCosts) -> Body {
    let mut lines: Vec<Line> = c
        .residents
        .iter()
        .map(|r| Line { code: r.code.clone(), variant: Some(format!("{:?}", r.variant)), days: r.days, first: r.support.staff, second: r.support.coordination, total: r.support.total })
        .collect();
    lines.sort_by(|a, b| a.code.cmp(&b.code));
    if c.unused_place_days > 0 {
        lines.push(Line { code: "unused places".into(), variant: None, days: c.unused_place_days, first: c.unused_places, second: Amount(0), total: c.unused_places });
    }
    let total = Amount::sum(lines.iter().map(|l| &l.total));
    Body {
        kind: "state".into(),
        facility: f.name.clone(),
        address: f.address.clone(),
        month: c.month.clone(),
        municipality: None,
        columns: ["additional staff".into(), "coordination".into(), "support".into()],
        lines,
        places: Some(c.places),
        used_place_days: Some(c.used_place_days),
        unused_place_days: Some(c.unused_place_days),
        total,
        actual: Some(c.actual.support),
        gap: Some(total - c.actual.support),
        basis: basis(c),
        correction: None,
    }
}

/// One municipality's statement: the maintenance of its residents.
pub fn municipality_body(f: &Facility, c: &MonthlyCosts, municipality: &str) -> Body {
    let mut lines: Vec<Line> = c
        .residents
        .iter()
        .filter(|r| r.municipality.as_deref() == Some(municipality))
        .filter_map(|r| r.maintenance.as_ref().map(|m| Line { code: r.code.clone(), variant: None, days: r.days, first: m.cost, second: m.resident, total: m.municipality }))
        .collect();
    lines.sort_by(|a, b| a.code.cmp(&b.code));
    let total = Amount::sum(lines.iter().map(|l| &l.total));
    Body {
        kind: "municipality".into(),
        facility: f.name.clone(),
        address: f.address.clone(),
        month: c.month.clone(),
        municipality: Some(municipality.into()),
        columns: ["maintenance cost".into(), "resident pays".into(), "municipality pays".into()],
        lines,
        places: None,
        used_place_days: None,
        unused_place_days: None,
        total,
        actual: None,
        gap: None,
        basis: basis(c),
        correction: None,
    }
}

fn basis(c: &MonthlyCosts) -> String {
    format!("minimum wage {} zł, employer's contributions {} %, declared reduction {} %", c.minimum_wage, c.employer_rate.normalize(), c.reduction.normalize())
}

/// Fills the correction of `new` against the issued `old` (id and number given).
pub fn correct(new: &mut Body, old: &Body, old_id: i64, old_number: i64) {
    let mut changed = Vec::new();
    for l in &new.lines {
        let before = old.lines.iter().find(|o| o.code == l.code).map(|o| o.total);
        if before != Some(l.total) {
            changed.push((l.code.clone(), before.map_or("-".into(), |b| b.to_string()), l.total.to_string()));
        }
    }
    for o in old.lines.iter().filter(|o| !new.lines.iter().any(|l| l.code == o.code)) {
        changed.push((o.code.clone(), o.total.to_string(), "-".into()));
    }
    new.correction = Some(Correction { corrects: old_id, number: old_number, previous_total: old.total, difference: new.total - old.total, changed_lines: changed });
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// CSV: a header, one row per line, a total row; amounts as decimals with a point.
pub fn csv(b: &Body) -> String {
    let mut out = String::new();
    let head = ["code", "variant", "days", &b.columns[0], &b.columns[1], &b.columns[2]];
    out.push_str(&head.iter().map(|h| csv_field(h)).collect::<Vec<_>>().join(","));
    out.push('\n');
    for l in &b.lines {
        let row = [l.code.clone(), l.variant.clone().unwrap_or_default(), l.days.to_string(), l.first.to_string(), l.second.to_string(), l.total.to_string()];
        out.push_str(&row.iter().map(|x| csv_field(x)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out.push_str(&format!("total,,,,,{}\n", b.total));
    out
}

/// XLSX: the same table as the CSV, amounts as numbers with two decimals, a total row.
pub fn xlsx(b: &Body) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let money = Format::new().set_num_format("#,##0.00");
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("statement")?;
    let title = match &b.municipality {
        Some(m) => format!("{} — {} — maintenance, municipality {}", b.facility, b.month, m),
        None => format!("{} — {} — support cost (state budget)", b.facility, b.month),
    };
    ws.write_string_with_format(0, 0, &title, &bold)?;
    ws.write_string(1, 0, &b.basis)?;
    let head = ["code", "variant", "days", &b.columns[0], &b.columns[1], &b.columns[2]];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &bold)?;
    }
    let num = |a: Amount| a.grosze() as f64 / 100.0;
    let mut row = 4u32;
    for l in &b.lines {
        ws.write_string(row, 0, &l.code)?;
        ws.write_string(row, 1, l.variant.clone().unwrap_or_default())?;
        ws.write_number(row, 2, f64::from(l.days))?;
        ws.write_number_with_format(row, 3, num(l.first), &money)?;
        ws.write_number_with_format(row, 4, num(l.second), &money)?;
        ws.write_number_with_format(row, 5, num(l.total), &money)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "total", &bold)?;
    ws.write_number_with_format(row, 5, num(b.total), &money)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(3, 18)?;
    ws.set_column_width(4, 18)?;
    ws.set_column_width(5, 18)?;
    wb.save_to_buffer()
}

fn status_pl(status: &str) -> &str {
    match status {
        "issued" => "wydane",
        "draft" => "projekt",
        other => other,
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Print-ready HTML (A4, the browser's "print to PDF" gives the PDF), in Polish.
pub fn html(b: &Body, number: i64, status: &str) -> String {
    let status = status_pl(status);
    let title = match &b.municipality {
        Some(m) => format!("Zestawienie kosztów utrzymania — gmina {}", esc(m)),
        None => "Zestawienie kosztów wsparcia (budżet państwa)".to_string(),
    };
    let cols = match b.kind.as_str() {
        "state" => ["Dodatkowa kadra", "Koordynacja", "Wsparcie razem"],
        _ => ["Koszt utrzymania", "Płaci mieszkaniec", "Płaci gmina"],
    };
    let mut rows = String::new();
    for l in &b.lines {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>\n",
            esc(if l.code == "unused places" { "miejsca niewykorzystane" } else { &l.code }),
            esc(l.variant.as_deref().unwrap_or("")),
            l.days,
            l.first.pl_number(),
            l.second.pl_number(),
            l.total.pl_number()
        ));
    }
    let mut extra = String::new();
    if let (Some(a), Some(g)) = (b.actual, b.gap) {
        extra.push_str(&format!("<p>Koszt faktyczny wsparcia: <b>{}</b>; różnica (finansowanie − koszt): <b>{}</b></p>", a.pl(), g.pl()));
    }
    if let Some(c) = &b.correction {
        extra.push_str(&format!("<p class=corr>Korekta zestawienia nr {} (razem było {}; różnica {}).</p>", c.number, c.previous_total.pl(), c.difference.pl()));
    }
    format!(
        r#"<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>{title} — {month}</title>
<style>@page {{ size: A4; margin: 18mm }} body {{ font: 11pt/1.4 system-ui, sans-serif; color: #111 }} table {{ border-collapse: collapse; width: 100% }}
th, td {{ border: 1px solid #555; padding: 3px 6px }} th {{ background: #eee }} .n {{ text-align: right; font-variant-numeric: tabular-nums }} tfoot td {{ font-weight: bold }} .corr {{ color: #8a1c1c }}</style></head>
<body><h1>{title}</h1><p>{facility}, {address}<br>Miesiąc: <b>{month}</b> · zestawienie nr {number} ({status})</p>
<table><thead><tr><th>Kod mieszkańca</th><th>Wariant</th><th>Dni</th><th>{c0}</th><th>{c1}</th><th>{c2}</th></tr></thead>
<tbody>{rows}</tbody><tfoot><tr><td colspan=5>Razem</td><td class=n id=total>{total}</td></tr></tfoot></table>
{extra}<p><small>Podstawa: {basis}. Mieszkańcy oznaczeni stałym kodem, bez danych osobowych i danych o zdrowiu.</small></p></body></html>"#,
        month = esc(&b.month),
        facility = esc(&b.facility),
        address = esc(&b.address),
        c0 = cols[0],
        c1 = cols[1],
        c2 = cols[2],
        total = b.total.pl_number(),
        basis = esc(&b.basis),
    )
}

/// Polish letters and the few signs a statement uses, as codes 128… of the PDF font's
/// encoding (the standard Courier font has these glyphs; a `/Differences` array names them).
const PDF_GLYPHS: [(char, &str); 21] = [
    ('ą', "aogonek"),
    ('Ą', "Aogonek"),
    ('ć', "cacute"),
    ('Ć', "Cacute"),
    ('ę', "eogonek"),
    ('Ę', "Eogonek"),
    ('ł', "lslash"),
    ('Ł', "Lslash"),
    ('ń', "nacute"),
    ('Ń', "Nacute"),
    ('ó', "oacute"),
    ('Ó', "Oacute"),
    ('ś', "sacute"),
    ('Ś', "Sacute"),
    ('ź', "zacute"),
    ('Ź', "Zacute"),
    ('ż', "zdotaccent"),
    ('Ż', "Zdotaccent"),
    ('—', "emdash"),
    ('·', "periodcentered"),
    ('−', "minus"),
];

/// A PDF string literal of `s` in the font's encoding (printable ASCII as is, the letters
/// above as codes 128…, anything else as '?').
fn pdf_text(s: &str) -> String {
    let mut out = String::from("(");
    for c in s.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            '\u{a0}' | '\u{202f}' => out.push(' '),
            _ => match PDF_GLYPHS.iter().position(|g| g.0 == c) {
                Some(i) => out.push_str(&format!("\\{:03o}", 128 + i)),
                None => out.push('?'),
            },
        }
    }
    out.push(')');
    out
}

fn pad(s: &str, width: usize, right: bool) -> String {
    let n = s.chars().count();
    if n >= width {
        return s.chars().take(width).collect();
    }
    let fill = " ".repeat(width - n);
    if right { format!("{fill}{s}") } else { format!("{s}{fill}") }
}

/// The statement as a PDF file (A4, Courier so the columns line up, in Polish): the same
/// lines and totals as the HTML, CSV and XLSX, paginated, with no other dependency.
pub fn pdf(b: &Body, number: i64, status: &str) -> Vec<u8> {
    let status = status_pl(status);
    let title = match &b.municipality {
        Some(m) => format!("Zestawienie kosztów utrzymania — gmina {m}"),
        None => "Zestawienie kosztów wsparcia (budżet państwa)".to_string(),
    };
    let cols = match b.kind.as_str() {
        "state" => ["Dodatkowa kadra", "Koordynacja", "Wsparcie razem"],
        _ => ["Koszt utrzymania", "Płaci mieszkaniec", "Płaci gmina"],
    };
    // (bold, text) lines.
    let mut lines: Vec<(bool, String)> = vec![
        (true, title),
        (false, format!("{}, {}", b.facility, b.address)),
        (false, format!("Miesiąc: {} · zestawienie nr {number} ({status})", b.month)),
        (false, String::new()),
        (true, format!("{} {} {} {} {} {}", pad("Kod", 16, false), pad("Wariant", 7, false), pad("Dni", 4, true), pad(cols[0], 18, true), pad(cols[1], 18, true), pad(cols[2], 18, true))),
    ];
    for l in &b.lines {
        let code = if l.code == "unused places" { "niewykorzystane" } else { &l.code };
        lines.push((
            false,
            format!(
                "{} {} {} {} {} {}",
                pad(code, 16, false),
                pad(l.variant.as_deref().unwrap_or(""), 7, false),
                pad(&l.days.to_string(), 4, true),
                pad(&l.first.pl_number(), 18, true),
                pad(&l.second.pl_number(), 18, true),
                pad(&l.total.pl_number(), 18, true)
            ),
        ));
    }
    lines.push((true, format!("{} {}", pad("Razem", 68, false), pad(&b.total.pl_number(), 18, true))));
    lines.push((false, String::new()));
    if let (Some(a), Some(g)) = (b.actual, b.gap) {
        lines.push((false, format!("Koszt faktyczny wsparcia: {}; różnica (finansowanie − koszt): {}", a.pl(), g.pl())));
    }
    if let Some(c) = &b.correction {
        lines.push((false, format!("Korekta zestawienia nr {} (razem było {}; różnica {}).", c.number, c.previous_total.pl(), c.difference.pl())));
    }
    // The basis and the note, wrapped at 86 characters.
    for para in [format!("Podstawa: {}.", b.basis), "Mieszkańcy oznaczeni stałym kodem, bez danych osobowych i danych o zdrowiu.".to_string()] {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 86 {
                lines.push((false, std::mem::take(&mut line)));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push((false, line));
    }

    const PER_PAGE: usize = 60;
    let pages: Vec<&[(bool, String)]> = lines.chunks(PER_PAGE).collect();
    let mut objects: Vec<String> = Vec::new();
    // 1 catalog, 2 pages, 3 font, 4 bold font, 5 encoding, then page and content pairs.
    let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", 6 + 2 * i)).collect();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()));
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding 5 0 R >>".into());
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Courier-Bold /Encoding 5 0 R >>".into());
    let names: Vec<String> = PDF_GLYPHS.iter().map(|g| format!("/{}", g.1)).collect();
    objects.push(format!("<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [128 {}] >>", names.join(" ")));
    for (i, page) in pages.iter().enumerate() {
        let mut content = String::from("BT\n12 TL\n50 792 Td\n");
        for (bold, text) in page.iter() {
            content.push_str(&format!("/{} 9 Tf\n{} Tj\nT*\n", if *bold { "F2" } else { "F1" }, pdf_text(text)));
        }
        content.push_str("ET\n");
        content.push_str(&format!("BT\n/F1 8 Tf\n50 30 Td\n{} Tj\nET\n", pdf_text(&format!("{} · {} · strona {} z {}", b.facility, b.month, i + 1, pages.len()))));
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>", 7 + 2 * i));
        objects.push(format!("<< /Length {} >>\nstream\n{content}endstream", content.len()));
    }
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1));
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(lines: usize) -> Body {
        Body {
            kind: "municipality".into(),
            facility: "WSM Dom pod Lipami".into(),
            address: "ul. Lipowa 12, Świdnik".into(),
            month: "2026-11".into(),
            municipality: Some("Świdnik".into()),
            columns: ["cost".into(), "resident".into(), "municipality".into()],
            lines: (0..lines).map(|i| Line { code: format!("R-{i:04}"), variant: None, days: 30, first: Amount(412_345), second: Amount(150_000), total: Amount(262_345) }).collect(),
            places: None,
            used_place_days: None,
            unused_place_days: None,
            total: Amount(262_345 * lines as i64),
            actual: None,
            gap: None,
            basis: "art. 61 ustawy o pomocy społecznej".into(),
            correction: None,
        }
    }

    /// Every object's offset in the cross-reference table points at "N 0 obj".
    fn check_xref(pdf: &str) -> usize {
        let start: usize = pdf.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        let table = &pdf[start..];
        assert!(table.starts_with("xref\n0 "), "startxref points at the table");
        let mut n = 0;
        for (i, line) in table.lines().skip(3).take_while(|l| l.ends_with(" n ")).enumerate() {
            let off: usize = line[..10].parse().unwrap();
            assert!(pdf[off..].starts_with(&format!("{} 0 obj\n", i + 1)), "object {} at {off}", i + 1);
            n += 1;
        }
        n
    }

    #[test]
    fn a_statement_pdf_is_well_formed_with_polish_letters_and_the_total() {
        let bytes = pdf(&body(3), 2, "issued");
        let text = String::from_utf8(bytes).expect("the file is ASCII");
        assert!(text.starts_with("%PDF-1.4\n") && text.ends_with("%%EOF\n"));
        assert_eq!(check_xref(&text), 7, "catalog, pages, two fonts, encoding, one page and its content");
        // "Płaci gmina": ł is code 128 + 6 = 0o206 in the font's encoding, named lslash.
        assert!(text.contains("P\\206aci gmina"), "{text}");
        assert!(text.contains("/Differences [128 /aogonek /Aogonek /cacute"));
        // The total in Polish notation, and each line's amounts.
        assert!(text.contains("7 870,35"), "{text}");
        assert_eq!(text.matches("4 123,45").count(), 3);
        // Stream lengths are exact.
        for part in text.split("<< /Length ").skip(1) {
            let (len, rest) = part.split_once(" >>\nstream\n").unwrap();
            let len: usize = len.parse().unwrap();
            assert!(rest[len..].starts_with("endstream"), "stream length {len}");
        }
    }

    #[test]
    fn a_long_statement_runs_onto_more_pages() {
        let text = String::from_utf8(pdf(&body(130), 1, "draft")).unwrap();
        assert!(text.contains("/Count 3"), "130 lines and the header need three A4 pages");
        assert_eq!(check_xref(&text), 5 + 2 * 3);
        assert!(text.contains("strona 3 z 3"));
    }
}
