//! Keeps the project's corpus honest: valid labels, unique ids, no empty texts, no near-duplicate
//! statements (within and across the training and holdout files), every cell above its minimum.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use tezis::io::labeled::LabeledData;
use tezis::text::{Analyzer, TextOptions, TextScratch};

const THEMES: [&str; 4] = ["constitution", "party_system", "digitalization", "other"];
const STANCES: [&str; 3] = ["support", "oppose", "neutral"];
const REGISTERS: [&str; 5] = ["official", "expert", "critic", "citizen", "reported"];

struct Corpus {
    name: &'static str,
    data: LabeledData,
}

fn load(name: &'static str) -> Corpus {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    let cols: Vec<String> = ["id", "theme", "stance", "speaker_role", "register"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let data = LabeledData::load(&path, None, "text", &cols, true).unwrap();
    Corpus { name, data }
}

fn col(c: &Corpus, h: usize, i: usize) -> &str {
    c.data.labels[h][i].as_deref().unwrap()
}

fn check_cells(c: &Corpus, min_rows: usize, min_cell: usize) {
    let n = c.data.len();
    assert!(n >= min_rows, "{}: {n} rows, need {min_rows}", c.name);
    let mut cells: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut reported = 0;
    for i in 0..n {
        let (theme, stance, register) = (col(c, 1, i), col(c, 2, i), col(c, 4, i));
        let line = c.data.lines[i];
        assert!(
            THEMES.contains(&theme),
            "{}:{line}: theme `{theme}`",
            c.name
        );
        assert!(
            STANCES.contains(&stance),
            "{}:{line}: stance `{stance}`",
            c.name
        );
        assert!(
            REGISTERS.contains(&register),
            "{}:{line}: register `{register}`",
            c.name
        );
        assert!(
            !c.data.texts[i].trim().is_empty(),
            "{}:{line}: empty text",
            c.name
        );
        *cells.entry((theme, stance)).or_default() += 1;
        reported += (register == "reported") as usize;
    }
    for t in THEMES {
        for s in STANCES {
            let k = cells.get(&(t, s)).copied().unwrap_or(0);
            assert!(
                k >= min_cell,
                "{}: cell {t}×{s} has {k} rows, need {min_cell}",
                c.name
            );
        }
    }
    assert!(
        reported * 4 >= n,
        "{}: {reported} of {n} rows are reported speech, need 25%",
        c.name
    );
}

#[test]
fn training_corpus_is_large_and_balanced_enough() {
    check_cells(&load("quotes.csv"), 1500, 100);
}

#[test]
fn holdout_is_large_and_balanced_enough() {
    check_cells(&load("holdout.csv"), 360, 30);
}

#[test]
fn ids_are_unique_across_both_files() {
    let mut seen = HashSet::new();
    for c in [load("quotes.csv"), load("holdout.csv")] {
        for i in 0..c.data.len() {
            let id = col(&c, 0, i).to_string();
            assert!(
                seen.insert(id.clone()),
                "{}:{}: duplicate id {id}",
                c.name,
                c.data.lines[i]
            );
        }
    }
}

/// Sorted ids of the distinct stems of a text.
fn stem_set(
    a: &Analyzer,
    s: &mut TextScratch,
    ids: &mut HashMap<String, u32>,
    text: &str,
) -> Vec<u32> {
    a.analyze(text, s);
    let mut out: Vec<u32> = s
        .terms
        .iter()
        .map(|t| {
            let stem = a.stem(s.term_text(t)).into_owned();
            let next = ids.len() as u32;
            *ids.entry(stem).or_insert(next)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut inter) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - inter;
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

#[test]
fn no_near_duplicate_statements_within_or_across_files() {
    let a = Analyzer::new(TextOptions::default());
    let mut s = TextScratch::default();
    let mut ids = HashMap::new();
    let mut rows: Vec<(String, Vec<u32>)> = Vec::new();
    for c in [load("quotes.csv"), load("holdout.csv")] {
        for i in 0..c.data.len() {
            let set = stem_set(&a, &mut s, &mut ids, &c.data.texts[i]);
            rows.push((format!("{}:{}", c.name, c.data.lines[i]), set));
        }
    }
    let mut dups = Vec::new();
    for i in 0..rows.len() {
        for j in i + 1..rows.len() {
            let jac = jaccard(&rows[i].1, &rows[j].1);
            if jac >= 0.7 {
                dups.push(format!("{} ~ {} (Jaccard {jac:.2})", rows[i].0, rows[j].0));
            }
        }
    }
    assert!(dups.is_empty(), "near-duplicates:\n{}", dups.join("\n"));
}

#[test]
fn jaccard_is_right() {
    assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
    assert_eq!(jaccard(&[1], &[2]), 0.0);
}
