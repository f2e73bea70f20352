//! `tezis eval`: measure a model on labeled data.

use super::{progress, split_list};
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use tezis::eval::metrics::{Confusion, HeadMetrics};
use tezis::io::labeled::LabeledData;
use tezis::io::read::Format;
use tezis::{Error, Model, Result};

#[derive(Debug, clap::Args)]
#[command(
    about = "Evaluate a model on labeled data: accuracy, macro-F1, per-class scores, confusion",
    after_help = "Examples:\n  tezis eval --data data/holdout.csv\n  tezis eval --model models/v2 --data data/holdout.csv --json"
)]
pub struct Args {
    /// Labeled data (CSV, TSV or JSONL) with the model's text and label columns.
    #[arg(long)]
    pub data: PathBuf,
    /// Model directory; the embedded default model when absent.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Data format; by default taken from the file extension.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Column holding the text (default: the model's text column).
    #[arg(long)]
    pub text_col: Option<String>,
    /// Heads to evaluate, comma-separated (default: all of the model's heads); each needs a
    /// column of the same name.
    #[arg(long)]
    pub labels: Option<String>,
    /// Print the metrics as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Scores every row and builds one confusion matrix per evaluated head.
pub fn evaluate(model: &Model, data: &LabeledData) -> Result<Vec<(usize, Confusion)>> {
    let heads: Vec<usize> = data
        .heads
        .iter()
        .map(|name| {
            model.head_index(name).ok_or_else(|| {
                Error::Usage(format!(
                    "the model has no head `{name}`; its heads are: {}",
                    model
                        .heads
                        .iter()
                        .map(|h| h.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
        })
        .collect::<Result<_>>()?;
    let mut conf: Vec<Confusion> = heads
        .iter()
        .map(|&h| Confusion::new(model.heads[h].labels.clone()))
        .collect();
    let mut scorer = model.scorer();
    let pb = progress::bar(Some(data.len() as u64), "evaluating");
    for (i, text) in data.texts.iter().enumerate() {
        scorer.score(text);
        for (j, &h) in heads.iter().enumerate() {
            let Some(truth) = &data.labels[j][i] else {
                continue;
            };
            let labels = &model.heads[h].labels;
            let t = labels.iter().position(|l| l == truth).ok_or_else(|| {
                Error::data(
                    &data.source,
                    data.lines[i],
                    format!(
                        "label `{truth}` in `{}` is not one the model knows ({})",
                        data.heads[j],
                        labels.join(", ")
                    ),
                )
            })?;
            conf[j].add(t, scorer.best(h).0);
        }
        pb.inc(1);
    }
    pb.finish_and_clear();
    Ok(heads.into_iter().zip(conf).collect())
}

fn json_report(model: &Model, n: usize, results: &[(usize, Confusion)]) -> Value {
    let mut heads = Map::new();
    for (h, conf) in results {
        let m: HeadMetrics = conf.metrics();
        heads.insert(
            model.heads[*h].name.clone(),
            serde_json::to_value(m).expect("metrics serialise"),
        );
    }
    json!({ "model": model.id(), "n": n, "heads": heads })
}

fn print_text(model: &Model, data: &LabeledData, results: &[(usize, Confusion)]) {
    println!(
        "model {} on {} ({} rows)",
        model.id(),
        data.source.display(),
        data.len()
    );
    for (h, conf) in results {
        let m = conf.metrics();
        println!();
        println!(
            "{}: accuracy {:.4}  macro-F1 {:.4}  (n = {})",
            model.heads[*h].name,
            m.accuracy,
            m.macro_f1,
            conf.total()
        );
        println!(
            "  {:<16} {:>9} {:>9} {:>9} {:>8}",
            "class", "precision", "recall", "F1", "support"
        );
        for l in &conf.labels {
            let c = &m.per_class[l];
            println!(
                "  {:<16} {:>9.4} {:>9.4} {:>9.4} {:>8}",
                l, c.precision, c.recall, c.f1, c.support
            );
        }
        println!("  confusion (rows = true, columns = predicted):");
        print!("  {:<16}", "");
        for l in &conf.labels {
            print!(" {:>13}", truncate(l, 13));
        }
        println!();
        for (l, row) in conf.labels.iter().zip(&conf.matrix) {
            print!("  {:<16}", l);
            for v in row {
                print!(" {:>13}", v);
            }
            println!();
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

pub fn run(args: Args) -> Result<()> {
    let model = Model::load_or_default(args.model.as_deref())?;
    let text_col = args
        .text_col
        .clone()
        .unwrap_or_else(|| model.manifest.pipeline.text_column.clone());
    let heads = match &args.labels {
        Some(l) => split_list(l),
        None => model.heads.iter().map(|h| h.name.clone()).collect(),
    };
    let data = LabeledData::load(&args.data, args.format, &text_col, &heads, false)?;
    let results = evaluate(&model, &data)?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json_report(&model, data.len(), &results)).expect("json")
        );
    } else {
        print_text(&model, &data, &results);
    }
    Ok(())
}
