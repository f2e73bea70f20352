//! A self-contained HTML report of one model's evaluation or of two models' comparison:
//! confusion-matrix heat maps and per-class F1 bars drawn as inline SVG with plotters, the verdicts
//! and the disagreements. No network, no scripts.

use super::metrics::Confusion;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One quote the two models label differently.
#[derive(Debug, Clone)]
pub struct Disagreement {
    pub line: u64,
    pub text: String,
    pub truth: String,
    pub a: String,
    pub b: String,
}

/// What the report shows for one head.
#[derive(Debug, Clone)]
pub struct HeadSection {
    pub name: String,
    /// Model A's confusion (the only model of an evaluation report).
    pub a: Confusion,
    /// Model B's, in a comparison (same labels as `a`).
    pub b: Option<Confusion>,
    /// Lines of plain-language findings (the verdict of a comparison, the metrics).
    pub findings: Vec<String>,
    pub disagreements: Vec<Disagreement>,
}

/// The whole report.
#[derive(Debug, Clone)]
pub struct Report {
    pub title: String,
    /// Lines under the title: the models, the data.
    pub about: Vec<String>,
    pub heads: Vec<HeadSection>,
}

const A_COLOR: RGBColor = RGBColor(31, 119, 180);
const B_COLOR: RGBColor = RGBColor(255, 127, 14);

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Draws a `w × h` chart with `draw` on a white SVG canvas; a chart that fails to draw becomes a
/// one-line SVG saying so.
fn svg_chart(
    w: u32,
    h: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), String>,
) -> String {
    let mut svg = String::new();
    let drawn = (|| -> Result<(), String> {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw(&root)?;
        root.present().map_err(|e| e.to_string())
    })();
    match drawn {
        Ok(()) => svg,
        Err(e) => format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><text y=\"20\">chart unavailable: {}</text></svg>",
            escape(&e)
        ),
    }
}

/// A confusion matrix as a heat map: cell colour is the share of the true class's quotes (the
/// row) predicted as the column's class, and each cell shows its count.
pub fn heatmap_svg(conf: &Confusion, title: &str) -> String {
    let k = conf.labels.len().max(1);
    let (cell, left, top) = (64i32, 130i32, 60i32);
    let (w, h) = (
        (left + cell * k as i32 + 20) as u32,
        (top + cell * k as i32 + 40) as u32,
    );
    svg_chart(w, h, |root| {
        let font = ("sans-serif", 13).into_font();
        let centered = TextStyle::from(font.clone()).pos(Pos::new(HPos::Center, VPos::Center));
        let right = TextStyle::from(font.clone()).pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(
            title.to_string(),
            (left, 14),
            ("sans-serif", 15).into_font(),
        ))
        .map_err(|e| e.to_string())?;
        for (j, l) in conf.labels.iter().enumerate() {
            let x = left + cell * j as i32 + cell / 2;
            root.draw(&Text::new(short(l), (x, top - 14), centered.clone()))
                .map_err(|e| e.to_string())?;
        }
        for (i, row) in conf.matrix.iter().enumerate() {
            let total: u64 = row.iter().sum();
            let y = top + cell * i as i32;
            root.draw(&Text::new(
                short(&conf.labels[i]),
                (left - 8, y + cell / 2),
                right.clone(),
            ))
            .map_err(|e| e.to_string())?;
            for (j, &n) in row.iter().enumerate() {
                let share = if total == 0 {
                    0.0
                } else {
                    n as f64 / total as f64
                };
                let x = left + cell * j as i32;
                let shade = (255.0 * (1.0 - 0.85 * share)) as u8;
                let fill = if i == j {
                    RGBColor(shade, 255 - (255 - shade) / 3, shade)
                } else {
                    RGBColor(255, shade, shade)
                };
                root.draw(&Rectangle::new(
                    [(x, y), (x + cell - 2, y + cell - 2)],
                    fill.filled(),
                ))
                .map_err(|e| e.to_string())?;
                root.draw(&Text::new(
                    n.to_string(),
                    (x + cell / 2, y + cell / 2),
                    centered.clone(),
                ))
                .map_err(|e| e.to_string())?;
            }
        }
        root.draw(&Text::new(
            "rows: true class · columns: predicted".to_string(),
            (left, top + cell * k as i32 + 20),
            ("sans-serif", 12).into_font(),
        ))
        .map_err(|e| e.to_string())?;
        Ok(())
    })
}

/// Per-class F1 as bars, one per model and class, side by side.
pub fn f1_bars_svg(labels: &[String], a: &[f64], b: Option<&[f64]>) -> String {
    let k = labels.len().max(1);
    let group = if b.is_some() { 90 } else { 60 };
    let (left, top, height) = (40i32, 30i32, 200i32);
    let w = (left + group * k as i32 + 30) as u32;
    let h = (top + height + 60) as u32;
    svg_chart(w, h, |root| {
        let small = ("sans-serif", 12).into_font();
        let centered = TextStyle::from(small.clone()).pos(Pos::new(HPos::Center, VPos::Top));
        let right = TextStyle::from(small.clone()).pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(
            "F1 per class".to_string(),
            (left, 8),
            ("sans-serif", 15).into_font(),
        ))
        .map_err(|e| e.to_string())?;
        let base = top + height;
        for t in 0..=4 {
            let y = base - height * t / 4;
            root.draw(&PathElement::new(
                vec![(left, y), (left + group * k as i32, y)],
                RGBColor(220, 220, 220),
            ))
            .map_err(|e| e.to_string())?;
            root.draw(&Text::new(
                format!("{:.2}", t as f64 / 4.0),
                (left - 4, y),
                right.clone(),
            ))
            .map_err(|e| e.to_string())?;
        }
        for (i, label) in labels.iter().enumerate() {
            let x0 = left + group * i as i32 + 8;
            let bars: Vec<(f64, RGBColor)> = match b {
                Some(b) => vec![(a[i], A_COLOR), (b[i], B_COLOR)],
                None => vec![(a[i], A_COLOR)],
            };
            let bw = (group - 16) / bars.len() as i32;
            for (n, (v, color)) in bars.iter().enumerate() {
                let x = x0 + bw * n as i32;
                let y = base - (height as f64 * v.clamp(0.0, 1.0)) as i32;
                root.draw(&Rectangle::new(
                    [(x, y), (x + bw - 3, base)],
                    color.filled(),
                ))
                .map_err(|e| e.to_string())?;
                root.draw(&Text::new(
                    format!("{v:.2}"),
                    (x + bw / 2, y - 14),
                    centered.clone(),
                ))
                .map_err(|e| e.to_string())?;
            }
            root.draw(&Text::new(
                short(label),
                (x0 + (group - 16) / 2, base + 6),
                centered.clone(),
            ))
            .map_err(|e| e.to_string())?;
        }
        if b.is_some() {
            for (n, (name, color)) in [("A", A_COLOR), ("B", B_COLOR)].iter().enumerate() {
                let x = left + 60 * n as i32;
                let y = base + 32;
                root.draw(&Rectangle::new([(x, y), (x + 12, y + 12)], color.filled()))
                    .map_err(|e| e.to_string())?;
                root.draw(&Text::new(name.to_string(), (x + 16, y), small.clone()))
                    .map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    })
}

fn short(label: &str) -> String {
    let mut s: String = label.chars().take(14).collect();
    if label.chars().count() > 14 {
        s.push('…');
    }
    s
}

/// The report as one HTML document.
pub fn html(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(&report.title)));
    out.push_str(
        "<style>body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}\
         h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}\
         .charts{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}\
         .finding{font-weight:bold;margin:4px 0}table{border-collapse:collapse;font-size:13px}\
         td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}\
         th{background:#f4f4f4}.about{color:#555;margin:2px 0}</style>\n</head><body>\n",
    );
    out.push_str(&format!("<h1>{}</h1>\n", escape(&report.title)));
    for line in &report.about {
        out.push_str(&format!("<p class=\"about\">{}</p>\n", escape(line)));
    }
    for head in &report.heads {
        out.push_str(&format!(
            "<section class=\"head\" id=\"head-{0}\"><h2>{0}</h2>\n",
            escape(&head.name)
        ));
        for f in &head.findings {
            out.push_str(&format!("<p class=\"finding\">{}</p>\n", escape(f)));
        }
        out.push_str("<div class=\"charts\">\n");
        let title_a = if head.b.is_some() { "A" } else { "confusion" };
        out.push_str(&format!(
            "<figure class=\"confusion\">{}</figure>\n",
            heatmap_svg(&head.a, &format!("{title_a}: {}", head.name))
        ));
        if let Some(b) = &head.b {
            out.push_str(&format!(
                "<figure class=\"confusion\">{}</figure>\n",
                heatmap_svg(b, &format!("B: {}", head.name))
            ));
        }
        let f1 = |c: &Confusion| {
            (0..c.labels.len())
                .map(|i| c.class(i).f1)
                .collect::<Vec<_>>()
        };
        let fa = f1(&head.a);
        let fb = head.b.as_ref().map(f1);
        out.push_str(&format!(
            "<figure class=\"f1\">{}</figure>\n</div>\n",
            f1_bars_svg(&head.a.labels, &fa, fb.as_deref())
        ));
        if !head.disagreements.is_empty() {
            out.push_str(
                "<table class=\"disagreements\"><tr><th>line</th><th>quote</th><th>truth</th>\
                 <th>A</th><th>B</th></tr>\n",
            );
            for d in &head.disagreements {
                out.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    d.line,
                    escape(&d.text),
                    escape(&d.truth),
                    escape(&d.a),
                    escape(&d.b)
                ));
            }
            out.push_str("</table>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conf() -> Confusion {
        let mut c = Confusion::new(vec!["support".into(), "oppose".into()]);
        for (t, p) in [(0, 0), (0, 0), (0, 1), (1, 1)] {
            c.add(t, p);
        }
        c
    }

    #[test]
    fn heatmap_shows_every_count_and_label() {
        let svg = heatmap_svg(&conf(), "A: stance");
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        for s in ["\n2\n", "\n1\n", "\n0\n", "support", "oppose", "A: stance"] {
            assert!(svg.contains(s), "{s} missing");
        }
    }

    #[test]
    fn html_is_self_contained_and_escaped() {
        let r = Report {
            title: "tezis: A vs B".into(),
            about: vec!["data <x>.csv".into()],
            heads: vec![HeadSection {
                name: "stance".into(),
                a: conf(),
                b: Some(conf()),
                findings: vec!["no significant difference on stance".into()],
                disagreements: vec![Disagreement {
                    line: 3,
                    text: "«Реформа» & <b>".into(),
                    truth: "support".into(),
                    a: "support".into(),
                    b: "oppose".into(),
                }],
            }],
        };
        let h = html(&r);
        assert_eq!(
            h.matches("<svg").count(),
            3,
            "two heat maps and the F1 bars"
        );
        assert!(h.contains("data &lt;x&gt;.csv"));
        assert!(h.contains("«Реформа» &amp; &lt;b&gt;"));
        // Nothing to fetch: no scripts, no external images, styles or links (the only URL is
        // the SVG namespace).
        assert!(!h.contains("<script") && !h.contains("src=") && !h.contains("href="));
        assert!(!h.contains("https://"));
    }
}
