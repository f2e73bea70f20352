//! `tezis classify`: label statements given as arguments, in a file, or on stdin.

use super::progress;
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Mutex;
use tezis::io::read::{Format, Reader, Row, RowData};
use tezis::io::write::{Added, OutFormat, RowWriter};
use tezis::model::Scorer;
use tezis::{Error, Model, Result};

#[derive(Debug, clap::Args)]
#[command(
    about = "Classify statements by theme and stance",
    after_help = "Examples:\n  tezis classify \"Переход к Курултаю укрепит партии\" \"Цифровой кодекс принят\"\n  \
                  tezis classify --input quotes.csv --format jsonl --explain\n  \
                  cat statements.txt | tezis classify --input - --format csv"
)]
pub struct Args {
    /// Statements to classify.
    pub texts: Vec<String>,
    /// Model directory; the embedded default model when absent.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Read statements from a file (`-` for stdin): one per line for .txt and stdin, else CSV,
    /// TSV or JSONL by extension or --format-in.
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Input format (default: by extension; plain lines for stdin).
    #[arg(long, value_enum)]
    pub format_in: Option<Format>,
    /// Column holding the text in CSV/TSV/JSONL input (default: the model's text column).
    #[arg(long)]
    pub text_col: Option<String>,
    /// Output format (default: table on a terminal, else the input's format, CSV for text).
    #[arg(long, value_enum)]
    pub format: Option<OutFormat>,
    /// Add the top 5 features behind each head's decision (`<head>_why`).
    #[arg(long)]
    pub explain: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

const BATCH: usize = 4096;

/// The added columns for one scored text.
fn predictions(scorer: &Scorer, explain: bool) -> Vec<Added> {
    let model = scorer.model();
    let mut out = Vec::with_capacity(model.heads.len() * 3);
    for h in 0..model.heads.len() {
        let (_, p) = scorer.best(h);
        out.push(Added::Text(scorer.best_label(h).to_string()));
        out.push(Added::Prob(p));
        if explain {
            let why = scorer
                .explain(h, 5)
                .iter()
                .map(|c| format!("{} +{:.2}", c.feature, c.weight))
                .collect::<Vec<_>>()
                .join("; ");
            out.push(Added::Text(why));
        }
    }
    out
}

pub fn run(args: Args) -> Result<()> {
    let model = Model::load_or_default(args.model.as_deref())?;
    if args.input.is_some() && !args.texts.is_empty() {
        return Err(Error::Usage(
            "give statements as arguments or with --input, not both".into(),
        ));
    }
    let text_col = args
        .text_col
        .clone()
        .unwrap_or_else(|| model.manifest.pipeline.text_column.clone());

    let (mut reader, in_format): (Option<Reader>, Format) = match &args.input {
        Some(path) => {
            let fmt = if path.as_os_str() == "-" {
                args.format_in.unwrap_or(Format::Txt)
            } else {
                Format::resolve(args.format_in, path)?
            };
            (Some(Reader::open(path, fmt)?), fmt)
        }
        None if args.texts.is_empty() => return Err(Error::Usage(
            "nothing to classify: give statements as arguments, or --input FILE (or - for stdin)"
                .into(),
        )),
        None => (None, Format::Txt),
    };
    let text_column = match &reader {
        Some(r) => Some(r.column(&text_col)?),
        None => None,
    };
    let out_format = args.format.unwrap_or_else(|| {
        if std::io::stdout().is_terminal() {
            OutFormat::Table
        } else {
            match in_format {
                Format::Tsv => OutFormat::Tsv,
                Format::Jsonl => OutFormat::Jsonl,
                _ => OutFormat::Csv,
            }
        }
    });
    let mut added = Vec::new();
    for h in &model.heads {
        added.push(h.name.clone());
        added.push(format!("{}_p", h.name));
        if args.explain {
            added.push(format!("{}_why", h.name));
        }
    }
    let input_columns = reader.as_ref().and_then(|r| r.header().map(|h| h.to_vec()));
    let stdout = std::io::stdout();
    let mut writer = RowWriter::new(
        std::io::BufWriter::new(stdout.lock()),
        out_format,
        input_columns,
        added,
        &text_col,
    );

    let threads = args.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
    let scorers: Vec<Mutex<Scorer>> = (0..pool.current_num_threads() + 1)
        .map(|_| Mutex::new(model.scorer()))
        .collect();
    let score_batch = |texts: &[String]| -> Vec<Vec<Added>> {
        pool.install(|| {
            texts
                .par_iter()
                .map(|t| {
                    let i = rayon::current_thread_index().unwrap_or(scorers.len() - 1);
                    let mut s = scorers[i].lock().unwrap();
                    s.score(t);
                    predictions(&s, args.explain)
                })
                .collect()
        })
    };

    let pb = progress::bar(None, "classified");
    match reader.as_mut() {
        None => {
            let rows: Vec<RowData> = args
                .texts
                .iter()
                .map(|t| RowData::Line(t.clone()))
                .collect();
            let preds = score_batch(&args.texts);
            for (row, p) in rows.iter().zip(&preds) {
                writer.write(row, p)?;
            }
        }
        Some(reader) => {
            let col = text_column.unwrap();
            let source = reader.source().to_path_buf();
            let mut rows: Vec<Row> = Vec::with_capacity(BATCH);
            let mut texts: Vec<String> = Vec::with_capacity(BATCH);
            loop {
                rows.clear();
                texts.clear();
                for row in reader.by_ref().take(BATCH) {
                    let row = row?;
                    let text = row
                        .get(&col, &text_col, &source)?
                        .ok_or_else(|| {
                            Error::data(&source, row.line, format!("`{text_col}` is missing"))
                        })?
                        .into_owned();
                    texts.push(text);
                    rows.push(row);
                }
                if rows.is_empty() {
                    break;
                }
                let preds = score_batch(&texts);
                for (row, p) in rows.iter().zip(&preds) {
                    writer.write(&row.data, p)?;
                }
                pb.inc(rows.len() as u64);
            }
        }
    }
    pb.finish_and_clear();
    writer.flush()?;
    std::io::stdout().flush().ok();
    Ok(())
}
