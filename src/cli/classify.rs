//! `tezis classify`: label statements given as arguments, in a file, or on stdin.

use super::progress;
use std::io::{IsTerminal, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use tezis::io::read::{Column, Format, Reader, Row, RowData};
use tezis::io::target::{find_ci, TargetColumns};
use tezis::io::write::{Added, OutFormat, RowWriter};
use tezis::model::Scorer;
use tezis::{Error, Model, Result};

#[derive(Debug, clap::Args)]
#[command(
    about = "Classify statements by theme and stance",
    after_help = "Examples:\n  tezis classify \"Переход к Курултаю укрепит партии\" \"Цифровой кодекс принят\"\n  \
                  tezis classify --input quotes.csv --format jsonl --explain\n  \
                  cat statements.txt | tezis classify --input - --format csv\n  \
                  tezis classify --model target-model --target \"министерство\" \"Партия хвалит реформу, но ругает министерство\"\n  \
                  tezis classify --model target-model --input rows.tsv --target-span start,end"
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
    /// Target-aware models: the target string, found in each statement (case-insensitive, first
    /// occurrence).
    #[arg(long, value_name = "STRING")]
    pub target: Option<String>,
    /// Target-aware models, CSV/TSV/JSONL input: column holding each row's target string
    /// (default: the model's own target columns).
    #[arg(long, value_name = "COL")]
    pub target_col: Option<String>,
    /// Target-aware models, CSV/TSV/JSONL input: columns holding the target's span as code-point
    /// offsets, end exclusive (default: the model's own target columns).
    #[arg(long, value_name = "START_COL,END_COL")]
    pub target_span: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// The added columns for one scored text.
fn predictions<'m>(scorer: &Scorer<'m>, explain: bool, out: &mut Vec<Added<'m>>) {
    out.clear();
    for h in 0..scorer.model().heads.len() {
        let (_, p) = scorer.best(h);
        out.push(Added::Text(scorer.best_label(h).into()));
        out.push(Added::Prob(p));
        if explain {
            let why = scorer
                .explain(h, 5)
                .iter()
                .map(|c| format!("{} +{:.2}", c.feature, c.weight))
                .collect::<Vec<_>>()
                .join("; ");
            out.push(Added::Text(why.into()));
        }
    }
}

/// Where each statement's target comes from (target-aware models only).
enum Targets {
    None,
    /// One target string, found in every statement.
    Fixed(String),
    /// Per-row target columns of a CSV/TSV/JSONL input.
    Columns(TargetColumns),
}

/// Decides [`Targets`] from the flags, the model and the input, refusing combinations that cannot
/// work (a target-aware model without a target, a target for a plain model).
fn targets(args: &Args, model: &Model, reader: Option<&Reader>) -> Result<Targets> {
    let columns_given = args.target_col.is_some() || args.target_span.is_some();
    if args.target.is_some() && columns_given {
        return Err(Error::Usage(
            "give --target or --target-col/--target-span, not both".into(),
        ));
    }
    if !model.needs_target() {
        if args.target.is_some() || columns_given {
            return Err(Error::Usage(
                "this model was not trained with targets; drop --target / --target-col / --target-span"
                    .into(),
            ));
        }
        return Ok(Targets::None);
    }
    if let Some(t) = &args.target {
        return Ok(Targets::Fixed(t.trim().to_string()));
    }
    match reader.filter(|r| r.header().is_some()) {
        Some(r) => {
            let spec = super::eval::target_spec(
                model,
                args.target_col.as_deref(),
                args.target_span.as_deref(),
            )?
            .expect("a target-aware model has a target spec");
            Ok(Targets::Columns(spec.columns(r)?))
        }
        None => Err(Error::Usage(
            "this model classifies stance toward a target: give --target STRING (or, for \
             CSV/TSV/JSONL input, --target-col / --target-span)"
                .into(),
        )),
    }
}

/// A statement to score, its target's byte range (target-aware models) and its tag values.
/// The text is `None` when it is the row itself (a plain line), to avoid a copy.
type Job = (Option<String>, Option<Range<usize>>, Vec<String>);

/// The input columns holding the model's tag columns, if it has any.
fn tag_columns(model: &Model, reader: Option<&Reader>) -> Result<Vec<(Column, String)>> {
    let names = &model.manifest.pipeline.tags;
    if names.is_empty() {
        return Ok(Vec::new());
    }
    match reader.filter(|r| r.header().is_some()) {
        Some(r) => names
            .iter()
            .map(|n| Ok((r.column(n)?, n.clone())))
            .collect(),
        None => Err(Error::Usage(format!(
            "this model also reads the column(s) {}: give CSV/TSV/JSONL input that has them",
            names.join(", ")
        ))),
    }
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
    let targets = targets(&args, &model, reader.as_ref())?;
    let tag_cols = tag_columns(&model, reader.as_ref())?;
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
    let mut header = RowWriter::new(
        std::io::BufWriter::new(std::io::stdout()),
        out_format,
        input_columns,
        added,
        &text_col,
    );

    // The target's place in one statement, or an error naming where the statement came from.
    let locate = |text: &str, row: Option<&Row>, source: &Path, line: u64| -> Result<_> {
        match (&targets, row) {
            (Targets::None, _) => Ok(None),
            (Targets::Fixed(t), _) => find_ci(text, t).map(Some).ok_or_else(|| {
                Error::data(
                    source,
                    line,
                    format!("target `{t}` does not occur in the text"),
                )
            }),
            (Targets::Columns(c), Some(row)) => c.locate(row, text, source).map(Some),
            (Targets::Columns(_), None) => unreachable!("target columns need table input"),
        }
    };
    // The input, one chunk at a time; `None` at its end.
    let mut next: Box<dyn FnMut() -> Result<Option<Chunk>> + Send + '_> = match reader.as_mut() {
        None => {
            let args_source = Path::new("<arguments>");
            let jobs = args
                .texts
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let span = locate(t, None, args_source, i as u64 + 1)?;
                    Ok((None, span, Vec::new()))
                })
                .collect::<Result<Vec<Job>>>()?;
            let rows: Vec<RowData> = args.texts.iter().cloned().map(RowData::Line).collect();
            let mut chunk = Some(Chunk { rows, jobs });
            Box::new(move || Ok(chunk.take()))
        }
        Some(reader) => {
            let col = text_column.expect("a reader has a text column");
            let source = reader.source().to_path_buf();
            Box::new(move || {
                let mut rows: Vec<RowData> = Vec::with_capacity(CHUNK);
                let mut jobs: Vec<Job> = Vec::with_capacity(CHUNK);
                for row in reader.by_ref().take(CHUNK) {
                    let row = row?;
                    let text = row.get(&col, &text_col, &source)?.ok_or_else(|| {
                        Error::data(&source, row.line, format!("`{text_col}` is missing"))
                    })?;
                    let span = locate(&text, Some(&row), &source, row.line)?;
                    let tags = tag_cols
                        .iter()
                        .map(|(c, n)| Ok(row.require(c, n, &source)?.into_owned()))
                        .collect::<Result<Vec<_>>>()?;
                    let text = match &row.data {
                        RowData::Line(_) => None,
                        _ => Some(text.into_owned()),
                    };
                    jobs.push((text, span, tags));
                    rows.push(row.data);
                }
                Ok((!rows.is_empty()).then_some(Chunk { rows, jobs }))
            })
        }
    };

    // The header needs the first row (JSONL output takes its keys from it); no input, no output.
    let Some(first) = next()? else {
        return Ok(());
    };
    header.header(&first.rows[0])?;
    let template = header.chunk();
    let mut raw = header.into_inner()?;
    let pb = progress::bar(None, "classified");
    let threads = match args.threads {
        Some(0) | None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        Some(n) => n,
    };
    let explain = args.explain;
    super::ordered::run(
        threads,
        AHEAD * threads,
        // The first chunk was read above; then the rest of the input.
        {
            let mut first = Some(first);
            move || match first.take() {
                Some(c) => Ok(Some(c)),
                None => next(),
            }
        },
        || model.scorer(),
        |scorer, chunk| {
            let bytes = score_chunk(scorer, &template, explain, &chunk)?;
            Ok((bytes, chunk.rows.len()))
        },
        |(bytes, rows)| {
            pb.inc(rows as u64);
            write_part(&mut raw, &bytes)
        },
    )?;
    pb.finish_and_clear();
    raw.flush().map_err(|e| Error::io("<stdout>", e))?;
    // The process ends here: freeing the model's tables one by one (about 1 ms) would only
    // delay the exit.
    std::mem::forget(model);
    Ok(())
}

/// Rows scored and formatted as one piece of work: big enough that handing it over costs
/// nothing next to scoring it, small enough that the workers finish together.
const CHUNK: usize = 256;

/// Chunks per worker that may be finished and wait for an earlier one (kept by a worker the
/// scheduler has paused) before the others wait too.
const AHEAD: usize = 16;

/// Consecutive input rows and what to score in each.
struct Chunk {
    rows: Vec<RowData>,
    jobs: Vec<Job>,
}

/// Scores a chunk's statements and formats its rows with the added columns, in memory.
fn score_chunk(
    scorer: &mut Scorer,
    template: &RowWriter<Vec<u8>>,
    explain: bool,
    chunk: &Chunk,
) -> Result<Vec<u8>> {
    let mut w = template.chunk();
    let mut tags: Vec<&str> = Vec::new();
    let mut added = Vec::new();
    for (row, (text, span, row_tags)) in chunk.rows.iter().zip(&chunk.jobs) {
        let t = match (text, row) {
            (Some(t), _) => t.as_str(),
            (None, RowData::Line(l)) => l.as_str(),
            (None, _) => unreachable!("only plain lines leave the text out"),
        };
        tags.clear();
        tags.extend(row_tags.iter().map(String::as_str));
        scorer.score_row(t, span.clone(), &tags);
        predictions(scorer, explain, &mut added);
        w.write(row, &added)?;
    }
    w.into_inner()
}

fn write_part(raw: &mut impl Write, bytes: &[u8]) -> Result<()> {
    raw.write_all(bytes).map_err(|e| Error::io("<stdout>", e))
}
