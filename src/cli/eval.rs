//! `tezis eval`: measure a model on labeled data.

use super::{progress, split_list};
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use tezis::eval::metrics::{Confusion, HeadMetrics};
use tezis::eval::report::{html, HeadSection, Report};
use tezis::io::labeled::LabeledData;
use tezis::io::read::Format;
use tezis::io::target::TargetSpec;
use tezis::model::format::write_atomic;
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
    /// Also write a self-contained HTML report (confusion heat maps, per-class F1) to this file.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Also report macro-F1 over just these classes (e.g. `-1,1` for RuSentNE's F1_PN); automatic
    /// for heads whose labels are exactly -1, 0, 1.
    #[arg(long, value_name = "LABELS", allow_hyphen_values = true)]
    pub f1_classes: Option<String>,
    /// Column holding each row's target string (target-aware models; default: the model's).
    #[arg(long, value_name = "COL")]
    pub target_col: Option<String>,
    /// Columns holding each row's target span as code-point offsets (default: the model's).
    #[arg(long, value_name = "START_COL,END_COL")]
    pub target_span: Option<String>,
}

/// The classes to report a partial macro-F1 over for a head with `labels`, if any.
pub fn f1_subset(labels: &[String], explicit: Option<&[String]>) -> Result<Option<Vec<usize>>> {
    let names: Vec<String> = match explicit {
        Some(list) => list.to_vec(),
        None => {
            let mut sorted: Vec<&str> = labels.iter().map(String::as_str).collect();
            sorted.sort_unstable();
            if sorted == ["-1", "0", "1"] {
                vec!["-1".into(), "1".into()]
            } else {
                return Ok(None);
            }
        }
    };
    names
        .iter()
        .map(|n| {
            labels.iter().position(|l| l == n).ok_or_else(|| {
                Error::Usage(format!(
                    "--f1-classes names `{n}`, which is not a label of this head ({})",
                    labels.join(", ")
                ))
            })
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

/// The target spec to use: the one given, else the model's own when it needs targets.
pub fn target_spec(
    model: &Model,
    col: Option<&str>,
    span: Option<&str>,
) -> Result<Option<TargetSpec>> {
    let given = TargetSpec::from_args(col, span)?;
    match (model.needs_target(), given) {
        (true, Some(t)) => Ok(Some(t)),
        (true, None) => model
            .manifest
            .pipeline
            .target
            .clone()
            .map(Some)
            .ok_or_else(|| {
                Error::Usage(
                "this model classifies stance toward a target: give --target-col or --target-span"
                    .into(),
            )
            }),
        (false, Some(_)) => Err(Error::Usage(
            "this model was not trained with targets; drop --target-col / --target-span".into(),
        )),
        (false, None) => Ok(None),
    }
}

/// Scores every row and builds one confusion matrix per evaluated head.
pub fn evaluate(model: &Model, data: &LabeledData) -> Result<Vec<(usize, Confusion)>> {
    let e = score_all(model, data, true)?;
    Ok(e.heads.into_iter().zip(e.confusions).collect())
}

/// Every row scored by one model: per evaluated head (in `data.heads` order) its index in the
/// model, its confusion matrix, and per row the predicted class (`None` for unlabeled rows).
pub struct Scored {
    pub heads: Vec<usize>,
    pub confusions: Vec<Confusion>,
    pub predictions: Vec<Vec<Option<usize>>>,
    /// Wall time of scoring (analysis included), in seconds.
    pub secs: f64,
}

/// Scores every row of `data` with `model`. A true label the model does not know is an error
/// when `strict`; otherwise the row is still predicted but left out of the confusion matrix (a
/// comparison with a model that knows the label counts it).
pub fn score_all(model: &Model, data: &LabeledData, strict: bool) -> Result<Scored> {
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
    let mut predictions: Vec<Vec<Option<usize>>> =
        vec![Vec::with_capacity(data.len()); heads.len()];
    let t0 = std::time::Instant::now();
    let mut scorer = model.scorer();
    let pb = progress::bar(Some(data.len() as u64), "evaluating");
    let mut tags: Vec<&str> = Vec::new();
    for (i, text) in data.texts.iter().enumerate() {
        tags.clear();
        if let Some(t) = &data.tags {
            tags.extend(t[i].iter().map(String::as_str));
        }
        let span = data.targets.as_ref().map(|s| s[i].clone());
        scorer.score_row(text, span, &tags);
        for (j, &h) in heads.iter().enumerate() {
            let Some(truth) = &data.labels[j][i] else {
                predictions[j].push(None);
                continue;
            };
            let labels = &model.heads[h].labels;
            let p = scorer.best(h).0;
            let known = labels.iter().position(|l| l == truth);
            if known.is_none() && !strict {
                predictions[j].push(Some(p));
                continue;
            }
            let t = known.ok_or_else(|| {
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
            conf[j].add(t, p);
            predictions[j].push(Some(p));
        }
        pb.inc(1);
    }
    pb.finish_and_clear();
    Ok(Scored {
        heads,
        confusions: conf,
        predictions,
        secs: t0.elapsed().as_secs_f64(),
    })
}

pub fn json_report(
    model: &Model,
    n: usize,
    results: &[(usize, Confusion)],
    subsets: &[Option<Vec<usize>>],
) -> Value {
    let mut heads = Map::new();
    for ((h, conf), subset) in results.iter().zip(subsets) {
        let m: HeadMetrics = conf.metrics();
        let mut v = serde_json::to_value(m).expect("metrics serialise");
        if let Some(classes) = subset {
            v["f1_classes"] = json!({
                "classes": classes.iter().map(|&c| conf.labels[c].clone()).collect::<Vec<_>>(),
                "macro_f1": conf.macro_f1_over(classes),
            });
        }
        heads.insert(model.heads[*h].name.clone(), v);
    }
    json!({ "model": model.id(), "n": n, "heads": heads })
}

fn print_text(
    model: &Model,
    data: &LabeledData,
    results: &[(usize, Confusion)],
    subsets: &[Option<Vec<usize>>],
) {
    println!(
        "model {} on {} ({} rows)",
        model.id(),
        data.source.display(),
        data.len()
    );
    for ((h, conf), subset) in results.iter().zip(subsets) {
        let m = conf.metrics();
        println!();
        println!(
            "{}: accuracy {:.4}  macro-F1 {:.4}  (n = {})",
            model.heads[*h].name,
            m.accuracy,
            m.macro_f1,
            conf.total()
        );
        if let Some(classes) = subset {
            let names: Vec<&str> = classes.iter().map(|&c| conf.labels[c].as_str()).collect();
            let label = if names == ["-1", "1"] {
                "F1_PN"
            } else {
                "partial macro-F1"
            };
            println!(
                "  {label} (macro-F1 over {}): {:.4}",
                names.join(", "),
                conf.macro_f1_over(classes)
            );
        }
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
    let target = target_spec(
        &model,
        args.target_col.as_deref(),
        args.target_span.as_deref(),
    )?;
    let data = LabeledData::load_with_target(
        &args.data,
        args.format,
        &text_col,
        &heads,
        false,
        target.as_ref(),
        &model.manifest.pipeline.tags,
    )?;
    let results = evaluate(&model, &data)?;
    let explicit = args.f1_classes.as_deref().map(split_list);
    let subsets = results
        .iter()
        .map(|(h, _)| f1_subset(&model.heads[*h].labels, explicit.as_deref()))
        .collect::<Result<Vec<_>>>()?;
    if let Some(path) = &args.html {
        let report = Report {
            title: format!("tezis eval: {}", model.id()),
            about: vec![
                format!(
                    "model {} ({})",
                    model.id(),
                    args.model
                        .as_ref()
                        .map_or("embedded default".to_string(), |p| p.display().to_string())
                ),
                format!("data {} ({} rows)", data.source.display(), data.len()),
            ],
            heads: results
                .iter()
                .map(|(h, conf)| HeadSection {
                    name: model.heads[*h].name.clone(),
                    a: conf.clone(),
                    b: None,
                    findings: vec![format!(
                        "accuracy {:.4}, macro-F1 {:.4}",
                        conf.accuracy(),
                        conf.macro_f1()
                    )],
                    disagreements: Vec::new(),
                })
                .collect(),
        };
        write_atomic(path, html(&report).as_bytes())?;
        eprintln!("report written to {}", path.display());
    }
    if args.json {
        let report = json_report(&model, data.len(), &results, &subsets);
        println!("{}", serde_json::to_string_pretty(&report).expect("json"));
    } else {
        print_text(&model, &data, &results, &subsets);
    }
    Ok(())
}
