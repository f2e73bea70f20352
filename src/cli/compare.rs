//! `tezis compare`: two models on the same labeled quotes, per shared head, with a paired
//! bootstrap interval of the macro-F1 difference and the exact McNemar test.

use super::eval::{f1_subset, json_report, score_all, target_spec, Scored};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use tezis::eval::compare::{HeadComparison, Paired};
use tezis::eval::metrics::Confusion;
use tezis::eval::report::{html, Disagreement, HeadSection, Report};
use tezis::io::labeled::LabeledData;
use tezis::io::read::Format;
use tezis::model::format::write_atomic;
use tezis::{Error, Model, Result};

/// Names the embedded default model where a model directory is expected.
const DEFAULT: &str = "@default";

#[derive(Debug, clap::Args)]
#[command(
    about = "Compare two models on the same labeled data, with significance",
    after_help = "Examples:\n  tezis compare @default models/v2 --data data/holdout.csv\n  \
                  tezis compare models/v1 models/v2 --data data/holdout.csv --json --examples 5\n\n\
                  A is the first model, B the second; differences are B − A. `@default` is the \
                  model embedded in tezis."
)]
pub struct Args {
    /// The first model (a model directory, or `@default`).
    pub a: String,
    /// The second model.
    pub b: String,
    /// Labeled data: a text column and the label columns of the heads to compare.
    #[arg(long)]
    pub data: PathBuf,
    /// Data format; by default taken from the file extension.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Column holding the text (default: model A's text column).
    #[arg(long)]
    pub text_col: Option<String>,
    /// Print the comparison as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write a self-contained HTML report (heat maps, F1 bars, verdicts, disagreements).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Show the first N quotes where the two models disagree.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub examples: usize,
    /// Bootstrap resamples.
    #[arg(long, default_value_t = 1000)]
    pub resamples: usize,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Target column (target-aware models; default: model A's).
    #[arg(long, value_name = "COL")]
    pub target_col: Option<String>,
    /// Target span columns (target-aware models; default: model A's).
    #[arg(long, value_name = "START_COL,END_COL")]
    pub target_span: Option<String>,
}

/// A model and where it came from.
struct Loaded {
    model: Model,
    name: String,
    /// Bytes on disk (manifest + weights).
    size: u64,
}

fn load(spec: &str) -> Result<Loaded> {
    if spec == DEFAULT {
        let model = Model::embedded()?;
        let size = tezis::model::DEFAULT_SIZE;
        return Ok(Loaded {
            model,
            name: "embedded default".into(),
            size,
        });
    }
    let dir = Path::new(spec);
    let model = Model::load(dir)?;
    let size = ["manifest.json", model.manifest.weights.file.as_str()]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum();
    Ok(Loaded {
        model,
        name: spec.to_string(),
        size,
    })
}

/// One compared head: names, the paired predictions' result, and the disagreeing rows.
struct HeadResult {
    name: String,
    /// Set when the two models' label sets for this head differ: says how.
    label_note: Option<String>,
    result: HeadComparison,
    disagreeing: Vec<usize>,
    labels: Vec<String>,
    truth: Vec<usize>,
    a: Vec<usize>,
    b: Vec<usize>,
    rows: Vec<usize>,
}

fn signed(x: f64) -> String {
    format!("{:+.1}", 100.0 * x)
}

/// The plain-language verdict for one head.
pub fn verdict(head: &str, r: &HeadComparison) -> String {
    let detail = format!(
        "{} macro-F1 [{}, {}], p {}",
        signed(r.delta),
        signed(r.ci95[0]),
        signed(r.ci95[1]),
        format_p(r.mcnemar_p)
    );
    if r.ci95[0] > 0.0 {
        format!("B is better on {head}: {detail}")
    } else if r.ci95[1] < 0.0 {
        format!("B is worse on {head}: {detail}")
    } else {
        format!("no significant difference on {head}: {detail}")
    }
}

fn format_p(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".into()
    } else {
        format!("= {p:.3}")
    }
}

pub fn run(args: Args) -> Result<()> {
    let a = load(&args.a)?;
    let b = load(&args.b)?;
    let names = |m: &Model| m.heads.iter().map(|h| h.name.clone()).collect::<Vec<_>>();
    let shared: Vec<String> = names(&a.model)
        .into_iter()
        .filter(|n| b.model.head_index(n).is_some())
        .collect();
    if shared.is_empty() {
        return Err(Error::Usage(format!(
            "the models share no head (A: {}; B: {})",
            names(&a.model).join(", "),
            names(&b.model).join(", ")
        )));
    }
    let not_shared: Vec<String> = names(&a.model)
        .into_iter()
        .chain(names(&b.model))
        .filter(|n| !shared.contains(n))
        .collect();
    if a.model.needs_target() != b.model.needs_target()
        || a.model.manifest.pipeline.tags != b.model.manifest.pipeline.tags
    {
        return Err(Error::Usage(
            "the models need different inputs (one is target-aware or reads tag columns the other \
             does not); compare models trained on the same kind of data"
                .into(),
        ));
    }
    let text_col = args
        .text_col
        .clone()
        .unwrap_or_else(|| a.model.manifest.pipeline.text_column.clone());
    let target = target_spec(
        &a.model,
        args.target_col.as_deref(),
        args.target_span.as_deref(),
    )?;
    let data = LabeledData::load_with_target(
        &args.data,
        args.format,
        &text_col,
        &shared,
        false,
        target.as_ref(),
        &a.model.manifest.pipeline.tags,
    )?;
    let sa = score_all(&a.model, &data, false)?;
    let sb = score_all(&b.model, &data, false)?;

    let results: Vec<HeadResult> = shared
        .iter()
        .enumerate()
        .map(|(j, name)| paired_head(j, name, &data, (&a.model, &sa), (&b.model, &sb), &args))
        .collect();

    if let Some(path) = &args.html {
        let report = html_report(&a, &b, &data, &results, &not_shared, &args);
        write_atomic(path, html(&report).as_bytes())?;
        eprintln!("report written to {}", path.display());
    }
    let eval_json = |l: &Loaded, s: &Scored| -> Result<Value> {
        let conf: Vec<_> = s.heads.iter().copied().zip(s.confusions.clone()).collect();
        let subsets = conf
            .iter()
            .map(|(h, _)| f1_subset(&l.model.heads[*h].labels, None))
            .collect::<Result<Vec<_>>>()?;
        let mut v = json_report(&l.model, data.len(), &conf, &subsets);
        v["source"] = json!(l.name);
        v["size_bytes"] = json!(l.size);
        v["quotes_per_second"] = json!(data.len() as f64 / s.secs.max(1e-9));
        Ok(v)
    };
    if args.json {
        let mut heads = Map::new();
        for r in &results {
            heads.insert(
                r.name.clone(),
                json!({
                    "macro_f1_a": r.result.macro_f1_a,
                    "macro_f1_b": r.result.macro_f1_b,
                    "delta_macro_f1": r.result.delta,
                    "ci95": r.result.ci95,
                    "mcnemar_p": r.result.mcnemar_p,
                    "a_only_correct": r.result.a_only,
                    "b_only_correct": r.result.b_only,
                    "disagreements": r.result.disagreements,
                    "verdict": verdict(&r.name, &r.result),
                    "labels_note": r.label_note,
                    "examples": examples_json(r, &data, args.examples),
                }),
            );
        }
        let report = json!({
            "data": {
                "file": args.data.display().to_string(),
                "n": data.len(),
                "sha256": data.sha256,
                "resamples": args.resamples,
                "seed": args.seed,
            },
            "a": eval_json(&a, &sa)?,
            "b": eval_json(&b, &sb)?,
            "heads": heads,
            "not_compared": not_shared,
        });
        println!("{}", serde_json::to_string_pretty(&report).expect("json"));
        return Ok(());
    }
    print_text(&a, &b, &sa, &sb, &data, &results, &not_shared, &args);
    Ok(())
}

/// Pairs the two models' predictions of head `j` over the rows labeled for it.
fn paired_head(
    j: usize,
    name: &str,
    data: &LabeledData,
    (ma, sa): (&Model, &Scored),
    (mb, sb): (&Model, &Scored),
    args: &Args,
) -> HeadResult {
    let la = &ma.heads[sa.heads[j]].labels;
    let lb = &mb.heads[sb.heads[j]].labels;
    // One label list for both: A's, then any of B's that A lacks, then any true label neither
    // model knows (neither can get those quotes right).
    let mut labels = la.clone();
    for l in lb.iter().chain(data.labels[j].iter().flatten()) {
        if !labels.contains(l) {
            labels.push(l.clone());
        }
    }
    let index = |l: &str| labels.iter().position(|x| x == l).expect("known label");
    let (mut truth, mut a, mut b, mut rows) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..data.len() {
        let (Some(t), Some(pa), Some(pb)) = (
            data.labels[j][i].as_deref(),
            sa.predictions[j][i],
            sb.predictions[j][i],
        ) else {
            continue;
        };
        truth.push(index(t));
        a.push(index(&la[pa]));
        b.push(index(&lb[pb]));
        rows.push(i);
    }
    let paired = Paired {
        labels: labels.clone(),
        truth,
        a,
        b,
    };
    let result = paired.compare(args.resamples, args.seed);
    let disagreeing = (0..paired.truth.len())
        .filter(|&r| paired.a[r] != paired.b[r])
        .collect();
    let label_note = (la.iter().collect::<std::collections::BTreeSet<_>>() != lb.iter().collect())
        .then(|| {
            format!(
                "the label sets differ (A: {}; B: {}); compared over both",
                la.join(", "),
                lb.join(", ")
            )
        });
    HeadResult {
        name: name.to_string(),
        label_note,
        result,
        disagreeing,
        labels,
        truth: paired.truth,
        a: paired.a,
        b: paired.b,
        rows,
    }
}

fn confusion(r: &HeadResult, pred: &[usize]) -> Confusion {
    let mut c = Confusion::new(r.labels.clone());
    for (t, p) in r.truth.iter().zip(pred) {
        c.add(*t, *p);
    }
    c
}

fn html_report(
    a: &Loaded,
    b: &Loaded,
    data: &LabeledData,
    results: &[HeadResult],
    not_shared: &[String],
    args: &Args,
) -> Report {
    let mut about = vec![
        format!("A = {} ({})", a.name, a.model.id()),
        format!("B = {} ({})", b.name, b.model.id()),
        format!(
            "data {} ({} rows); paired bootstrap with {} resamples, seed {}; exact McNemar test",
            data.source.display(),
            data.len(),
            args.resamples,
            args.seed
        ),
    ];
    if !not_shared.is_empty() {
        about.push(format!(
            "not compared (only one model has them): {}",
            not_shared.join(", ")
        ));
    }
    Report {
        title: format!("tezis compare: {} vs {}", a.model.id(), b.model.id()),
        about,
        heads: results
            .iter()
            .map(|r| {
                let (ca, cb) = (confusion(r, &r.a), confusion(r, &r.b));
                HeadSection {
                    name: r.name.clone(),
                    findings: std::iter::once(verdict(&r.name, &r.result))
                        .chain(r.label_note.clone())
                        .chain([

                        format!(
                            "accuracy A {:.4}, B {:.4}; macro-F1 A {:.4}, B {:.4}; {} disagreements                              (only A right {}, only B right {})",
                            ca.accuracy(),
                            cb.accuracy(),
                            r.result.macro_f1_a,
                            r.result.macro_f1_b,
                            r.result.disagreements,
                            r.result.a_only,
                            r.result.b_only
                        ),
                    ])
                    .collect(),
                    a: ca,
                    b: Some(cb),
                    disagreements: r
                        .disagreeing
                        .iter()
                        .take(args.examples)
                        .map(|&k| Disagreement {
                            line: data.lines[r.rows[k]],
                            text: data.texts[r.rows[k]].clone(),
                            truth: r.labels[r.truth[k]].clone(),
                            a: r.labels[r.a[k]].clone(),
                            b: r.labels[r.b[k]].clone(),
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

fn examples_json(r: &HeadResult, data: &LabeledData, n: usize) -> Value {
    Value::Array(
        r.disagreeing
            .iter()
            .take(n)
            .map(|&k| {
                json!({
                    "line": data.lines[r.rows[k]],
                    "text": data.texts[r.rows[k]],
                    "truth": r.labels[r.truth[k]],
                    "a": r.labels[r.a[k]],
                    "b": r.labels[r.b[k]],
                })
            })
            .collect(),
    )
}

#[allow(clippy::too_many_arguments)]
fn print_text(
    a: &Loaded,
    b: &Loaded,
    sa: &Scored,
    sb: &Scored,
    data: &LabeledData,
    results: &[HeadResult],
    not_shared: &[String],
    args: &Args,
) {
    println!(
        "A = {} ({}, {:.1} MB)\nB = {} ({}, {:.1} MB)\non {} ({} rows); bootstrap: {} resamples, seed {}\n",
        a.name,
        a.model.id(),
        a.size as f64 / 1e6,
        b.name,
        b.model.id(),
        b.size as f64 / 1e6,
        data.source.display(),
        data.len(),
        args.resamples,
        args.seed
    );
    println!(
        "throughput: A {:.0} quotes/s, B {:.0} quotes/s (one thread, analysis included)\n",
        data.len() as f64 / sa.secs.max(1e-9),
        data.len() as f64 / sb.secs.max(1e-9)
    );
    if !not_shared.is_empty() {
        println!(
            "not compared (only one model has them): {}\n",
            not_shared.join(", ")
        );
    }
    for r in results {
        let acc = |p: &[usize]| {
            p.iter().zip(&r.truth).filter(|(x, y)| x == y).count() as f64
                / r.truth.len().max(1) as f64
        };
        println!("{}:", r.name);
        if let Some(note) = &r.label_note {
            println!("  {note}");
        }
        println!("  {:<20} {:>9} {:>9}", "", "A", "B");
        println!("  {:<20} {:>9.4} {:>9.4}", "accuracy", acc(&r.a), acc(&r.b));
        println!(
            "  {:<20} {:>9.4} {:>9.4}",
            "macro-F1", r.result.macro_f1_a, r.result.macro_f1_b
        );
        let (ca, cb) = (confusion(r, &r.a), confusion(r, &r.b));
        for (i, l) in r.labels.iter().enumerate() {
            println!(
                "  {:<20} {:>9.4} {:>9.4}",
                format!("F1 {l}"),
                ca.class(i).f1,
                cb.class(i).f1
            );
        }
        println!(
            "  only A right: {}, only B right: {}, disagreements: {}",
            r.result.a_only, r.result.b_only, r.result.disagreements
        );
        println!("  {}", verdict(&r.name, &r.result));
        for &k in r.disagreeing.iter().take(args.examples) {
            let text = &data.texts[r.rows[k]];
            let short: String = text.chars().take(100).collect();
            println!(
                "    line {}: truth {}, A {}, B {}: {}{}",
                data.lines[r.rows[k]],
                r.labels[r.truth[k]],
                r.labels[r.a[k]],
                r.labels[r.b[k]],
                short,
                if short.len() < text.len() { "…" } else { "" }
            );
        }
        println!();
    }
}
