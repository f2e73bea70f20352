//! `tezis extract` and `tezis analyze`: the quotes of a news article, with speakers, and their
//! labels.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use tezis::quotes::{extract, Kind, Quote};
use tezis::{Error, Model, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Out {
    Jsonl,
    Csv,
    Table,
}

#[derive(Debug, clap::Args)]
#[command(
    about = "Find the quotes of a news article and who said them",
    after_help = "Examples:\n  tezis extract article.txt\n  \
                  cat article.txt | tezis extract - --format jsonl"
)]
pub struct ExtractArgs {
    /// The article (plain text); `-` or nothing reads stdin.
    pub input: Option<PathBuf>,
    /// Output format (default: table on a terminal, else JSONL).
    #[arg(long, value_enum)]
    pub format: Option<Out>,
}

#[derive(Debug, clap::Args)]
#[command(
    about = "Find the quotes of a news article, label each one, and summarise",
    after_help = "Examples:\n  tezis analyze article.txt\n  \
                  tezis analyze article.txt --model models/v2 --format jsonl"
)]
pub struct AnalyzeArgs {
    /// The article (plain text); `-` or nothing reads stdin.
    pub input: Option<PathBuf>,
    /// Model directory; the embedded default model when absent.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Output format (default: table on a terminal, else JSONL).
    #[arg(long, value_enum)]
    pub format: Option<Out>,
}

fn read_article(input: &Option<PathBuf>) -> Result<String> {
    match input {
        Some(p) if p.as_os_str() != "-" => {
            let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            String::from_utf8(bytes).map_err(|e| {
                Error::data(
                    p,
                    1,
                    format!(
                        "invalid UTF-8 at byte {}; save the article as UTF-8 text",
                        e.utf8_error().valid_up_to()
                    ),
                )
            })
        }
        _ => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| Error::io("<stdin>", e))?;
            Ok(s)
        }
    }
}

fn format_of(f: Option<Out>) -> Out {
    f.unwrap_or(if std::io::stdout().is_terminal() {
        Out::Table
    } else {
        Out::Jsonl
    })
}

fn kind(k: Kind) -> &'static str {
    match k {
        Kind::Direct => "direct",
        Kind::Reported => "reported",
    }
}

/// One output record: the quote and, for `analyze`, per head its label and probability.
fn write_records(
    quotes: &[Quote],
    labels: &[Vec<(String, String, f32)>],
    format: Out,
    out: &mut impl Write,
) -> Result<()> {
    let werr = |e: std::io::Error| Error::io("<stdout>", e);
    match format {
        Out::Jsonl => {
            for (i, q) in quotes.iter().enumerate() {
                let mut v = serde_json::to_value(q).expect("quote serialises");
                for (head, label, p) in labels.get(i).into_iter().flatten() {
                    v[head] = serde_json::json!(label);
                    v[format!("{head}_p")] = serde_json::json!((*p as f64 * 1e4).round() / 1e4);
                }
                writeln!(out, "{v}").map_err(werr)?;
            }
        }
        Out::Csv => {
            let mut w = csv::Writer::from_writer(out);
            let mut header = vec!["quote", "speaker", "speaker_role", "kind", "start", "end"]
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>();
            if let Some(first) = labels.first() {
                for (head, _, _) in first {
                    header.push(head.clone());
                    header.push(format!("{head}_p"));
                }
            }
            w.write_record(&header).map_err(|e| werr(e.into()))?;
            for (i, q) in quotes.iter().enumerate() {
                let mut row = vec![
                    q.quote.clone(),
                    q.speaker.clone(),
                    q.speaker_role.clone(),
                    kind(q.kind).to_string(),
                    q.start.to_string(),
                    q.end.to_string(),
                ];
                for (_, label, p) in labels.get(i).into_iter().flatten() {
                    row.push(label.clone());
                    row.push(format!("{p:.4}"));
                }
                w.write_record(&row).map_err(|e| werr(e.into()))?;
            }
            w.flush().map_err(werr)?;
        }
        Out::Table => {
            for (i, q) in quotes.iter().enumerate() {
                let who = match (q.speaker.as_str(), q.speaker_role.as_str()) {
                    ("", _) => "(speaker unknown)".to_string(),
                    (s, "") => s.to_string(),
                    (s, r) => format!("{s} ({r})"),
                };
                writeln!(
                    out,
                    "{}. {who}, {} [{}..{}]",
                    i + 1,
                    kind(q.kind),
                    q.start,
                    q.end
                )
                .map_err(werr)?;
                let l: Vec<String> = labels
                    .get(i)
                    .into_iter()
                    .flatten()
                    .map(|(h, label, p)| format!("{h} {label} {p:.2}"))
                    .collect();
                if !l.is_empty() {
                    writeln!(out, "   {}", l.join(", ")).map_err(werr)?;
                }
                writeln!(out, "   «{}»", q.quote.replace('\n', " ")).map_err(werr)?;
            }
        }
    }
    Ok(())
}

pub fn run_extract(args: ExtractArgs) -> Result<()> {
    let article = read_article(&args.input)?;
    let quotes = extract(&article);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    write_records(&quotes, &[], format_of(args.format), &mut out)?;
    out.flush().map_err(|e| Error::io("<stdout>", e))
}

pub fn run_analyze(args: AnalyzeArgs) -> Result<()> {
    let model = Model::load_or_default(args.model.as_deref())?;
    if model.needs_target() || !model.manifest.pipeline.tags.is_empty() {
        return Err(Error::Usage(
            "this model needs a target or tag columns; analyze labels whole quotes: use a \
             plain model such as the default"
                .into(),
        ));
    }
    let article = read_article(&args.input)?;
    let quotes = extract(&article);
    let mut scorer = model.scorer();
    let labels: Vec<Vec<(String, String, f32)>> = quotes
        .iter()
        .map(|q| {
            scorer.score(&q.quote);
            model
                .heads
                .iter()
                .enumerate()
                .map(|(h, head)| {
                    let (_, p) = scorer.best(h);
                    (head.name.clone(), scorer.best_label(h).to_string(), p)
                })
                .collect()
        })
        .collect();
    let format = format_of(args.format);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    write_records(&quotes, &labels, format, &mut out)?;
    if format == Out::Table {
        summary(&model, &quotes, &labels, &mut out)?;
    }
    out.flush().map_err(|e| Error::io("<stdout>", e))
}

/// Counts by theme × stance (the first two heads) and by speaker.
fn summary(
    model: &Model,
    quotes: &[Quote],
    labels: &[Vec<(String, String, f32)>],
    out: &mut impl Write,
) -> Result<()> {
    let werr = |e: std::io::Error| Error::io("<stdout>", e);
    writeln!(out, "\n{} quotes", quotes.len()).map_err(werr)?;
    if model.heads.len() >= 2 {
        let mut cells: BTreeMap<(String, String), usize> = BTreeMap::new();
        for l in labels {
            *cells.entry((l[0].1.clone(), l[1].1.clone())).or_default() += 1;
        }
        writeln!(out, "by {} × {}:", model.heads[0].name, model.heads[1].name).map_err(werr)?;
        for ((a, b), n) in &cells {
            writeln!(out, "  {a:<16} {b:<10} {n}").map_err(werr)?;
        }
    }
    let mut by_speaker: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (q, l) in quotes.iter().zip(labels) {
        let who = if q.speaker.is_empty() {
            "(unknown)"
        } else {
            &q.speaker
        };
        by_speaker
            .entry(who)
            .or_default()
            .push(l.get(1).or(l.first()).map(|x| x.1.as_str()).unwrap_or(""));
    }
    writeln!(out, "by speaker:").map_err(werr)?;
    for (who, stances) in by_speaker {
        writeln!(out, "  {who}: {} ({})", stances.len(), stances.join(", ")).map_err(werr)?;
    }
    Ok(())
}
