//! Prints the datasheet figures of a labeled corpus (data/README.md quotes them): rows per
//! theme × stance cell, length in tokens (min / median / max), register and speaker-role mix.
//!
//!     cargo run --release --example corpus_stats -- data/quotes.csv data/holdout.csv

use std::collections::BTreeMap;
use std::path::Path;
use tezis::io::labeled::LabeledData;
use tezis::text::{Analyzer, TextOptions, TextScratch};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let analyzer = Analyzer::new(TextOptions::default());
    let mut scratch = TextScratch::default();
    for path in std::env::args().skip(1) {
        let cols: Vec<String> = ["theme", "stance", "register", "speaker_role"]
            .map(String::from)
            .to_vec();
        let data = LabeledData::load(Path::new(&path), None, "text", &cols, true)?;
        println!("## {path}: {} rows\n", data.len());

        let mut cells: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for i in 0..data.len() {
            let (t, s) = (&data.labels[0][i], &data.labels[1][i]);
            *cells
                .entry((t.as_deref().unwrap(), s.as_deref().unwrap()))
                .or_default() += 1;
        }
        let stances = ["support", "oppose", "neutral"];
        println!("| theme | {} | total |", stances.join(" | "));
        println!("|---|---:|---:|---:|---:|");
        for theme in ["constitution", "party_system", "digitalization", "other"] {
            let n: Vec<usize> = stances
                .iter()
                .map(|s| cells.get(&(theme, *s)).copied().unwrap_or(0))
                .collect();
            let row: Vec<String> = n.iter().map(usize::to_string).collect();
            println!(
                "| {theme} | {} | {} |",
                row.join(" | "),
                n.iter().sum::<usize>()
            );
        }

        let mut lengths: Vec<usize> = data
            .texts
            .iter()
            .map(|t| {
                analyzer.analyze(t, &mut scratch);
                scratch.terms.len()
            })
            .collect();
        lengths.sort_unstable();
        let q = |p: f64| lengths[((lengths.len() - 1) as f64 * p).round() as usize];
        let short = lengths.iter().filter(|&&l| l < 10).count();
        let long = lengths.iter().filter(|&&l| l > 35).count();
        println!(
            "\nlength in tokens: min {}, p10 {}, median {}, p90 {}, max {}; \
             under 10 tokens {:.0}%, over 35 tokens {:.0}%",
            lengths[0],
            q(0.1),
            q(0.5),
            q(0.9),
            lengths[lengths.len() - 1],
            100.0 * short as f64 / lengths.len() as f64,
            100.0 * long as f64 / lengths.len() as f64
        );
        for (h, title) in [(2, "register"), (3, "speaker_role (top 12)")] {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for l in data.labels[h].iter().flatten() {
                *counts.entry(l.as_str()).or_default() += 1;
            }
            let mut counts: Vec<_> = counts.into_iter().collect();
            counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let line: Vec<String> = counts
                .iter()
                .take(12)
                .map(|(k, n)| format!("{k} {n} ({:.0}%)", 100.0 * *n as f64 / data.len() as f64))
                .collect();
            println!("{title}: {}", line.join(", "));
        }
        println!();
    }
    Ok(())
}
