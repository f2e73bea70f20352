//! `tezis train`: fit a model on labeled quotes.

use super::{progress, split_list};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tezis::features::extract::{parse_range, FeatureOptions, TargetOptions};
use tezis::io::labeled::LabeledData;
use tezis::io::read::Format;
use tezis::io::target::TargetSpec;
use tezis::model::train::{train, TrainOptions};
use tezis::text::TextOptions;
use tezis::{Error, Result};

#[derive(Debug, clap::Args)]
#[command(
    about = "Train a model on labeled quotes (CSV, TSV or JSONL)",
    after_help = "Example:\n  tezis train --data data/quotes.csv --out models/v2 --labels theme,stance --cv 5 --seed 42"
)]
pub struct Args {
    /// Labeled data: a header row (or JSON keys) naming a text column and label columns.
    #[arg(long)]
    pub data: PathBuf,
    /// Directory to write the model to (manifest.json + weights.bin).
    #[arg(long)]
    pub out: PathBuf,
    /// Replace a model already in --out.
    #[arg(long)]
    pub force: bool,
    /// Data format; by default taken from the file extension.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Column holding the text.
    #[arg(long, default_value = "text")]
    pub text_col: String,
    /// Label columns, one head each, comma-separated.
    #[arg(long, default_value = "theme,stance")]
    pub labels: String,
    /// Stratified k-fold cross-validation before the final fit; prints accuracy and macro-F1.
    #[arg(long, value_name = "K")]
    pub cv: Option<usize>,
    /// Seed for the cross-validation split (training itself is deterministic).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Inverse L2 regularisation strength (as scikit-learn's C).
    #[arg(long, default_value_t = 10.0)]
    pub c: f64,
    /// Maximum L-BFGS iterations per head.
    #[arg(long, default_value_t = 300)]
    pub max_iter: u64,
    /// Keep features seen in at least this many rows.
    #[arg(long, default_value_t = 1)]
    pub min_df: u32,
    /// Keep at most this many features (most frequent first).
    #[arg(long)]
    pub max_features: Option<u32>,
    /// Add character n-grams of each word, e.g. `3-5`.
    #[arg(long, value_name = "MIN-MAX")]
    pub char_ngrams: Option<String>,
    /// Leave out stem bigrams.
    #[arg(long)]
    pub no_bigrams: bool,
    /// Keep stopwords as features.
    #[arg(long)]
    pub no_stopwords: bool,
    /// Do not mark negation scope.
    #[arg(long)]
    pub no_negation: bool,
    /// Do not stem.
    #[arg(long)]
    pub no_stem: bool,
    /// Leave out the evaluative cues (polarity words, questions, exclamations).
    #[arg(long)]
    pub no_cues: bool,
    /// Feature options for one head, overriding the flags above for it; repeatable. SPEC is a
    /// comma list of stopwords=keep|drop, bigrams=on|off, char=MIN-MAX|off, cues=on|off,
    /// min-df=N, max-features=N|none.
    #[arg(long, value_name = "HEAD=SPEC")]
    pub head_features: Vec<String>,
    /// Target-aware training: column holding each row's target string (found in the text,
    /// case-insensitively, first occurrence).
    #[arg(long, value_name = "COL")]
    pub target_col: Option<String>,
    /// Target-aware training: columns holding the target's span as code-point offsets.
    #[arg(long, value_name = "START_COL,END_COL")]
    pub target_span: Option<String>,
    /// Words on each side of the target that get side-tagged context features.
    #[arg(long, default_value_t = 4)]
    pub target_window: u8,
    /// Words this close to the target get an extra "near" feature.
    #[arg(long, default_value_t = 2)]
    pub target_near: u8,
    /// Leave out the features of words in the target's clause.
    #[arg(long)]
    pub no_target_clause: bool,
    /// Leave out the stems of the target's own words (who or what the target is).
    #[arg(long)]
    pub no_target_identity: bool,
    /// Categorical columns whose values become features, e.g. `entity_tag` (comma-separated);
    /// classify and eval then need the same columns.
    #[arg(long, value_name = "COLS")]
    pub tag_cols: Option<String>,
    /// Do not weight classes by inverse frequency.
    #[arg(long)]
    pub no_class_weights: bool,
}

impl Args {
    pub fn options(&self) -> Result<TrainOptions> {
        let target =
            TargetSpec::from_args(self.target_col.as_deref(), self.target_span.as_deref())?;
        let base = FeatureOptions {
            stopwords: !self.no_stopwords,
            bigrams: !self.no_bigrams,
            char_ngrams: self
                .char_ngrams
                .as_deref()
                .map(parse_range)
                .transpose()
                .map_err(|e| Error::Usage(format!("--char-ngrams: {e}")))?,
            min_df: self.min_df,
            max_features: self.max_features,
            cues: !self.no_cues,
            target: target.as_ref().map(|_| TargetOptions {
                window: self.target_window,
                near: self.target_near,
                clause: !self.no_target_clause,
                identity: !self.no_target_identity,
            }),
        };
        let mut head_features = BTreeMap::new();
        for hf in &self.head_features {
            let (name, spec) = hf.split_once('=').ok_or_else(|| {
                Error::Usage(format!("--head-features expects HEAD=SPEC, got `{hf}`"))
            })?;
            let mut o = base;
            o.apply(spec)
                .map_err(|e| Error::Usage(format!("--head-features {name}: {e}")))?;
            head_features.insert(name.trim().to_string(), o);
        }
        Ok(TrainOptions {
            text_column: self.text_col.clone(),
            text: TextOptions {
                negation: !self.no_negation,
                stem: !self.no_stem,
            },
            head_features,
            features: base,
            c: self.c,
            max_iter: self.max_iter,
            tolerance: 1e-5,
            balanced: !self.no_class_weights,
            target,
            tags: self.tag_cols.as_deref().map(split_list).unwrap_or_default(),
            cv: self.cv,
            seed: self.seed,
        })
    }
}

pub fn run(args: Args) -> Result<()> {
    let opts = args.options()?;
    let labels = split_list(&args.labels);
    if labels.is_empty() {
        return Err(Error::Usage("--labels names no column".into()));
    }
    if let Some(unknown) = opts.head_features.keys().find(|h| !labels.contains(h)) {
        return Err(Error::Usage(format!(
            "--head-features names `{unknown}`, which is not among --labels ({})",
            labels.join(", ")
        )));
    }
    if args.out.join("manifest.json").exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} already holds a model; pass --force to replace it, or choose another --out",
            args.out.display()
        )));
    }
    let data = LabeledData::load_with_target(
        &args.data,
        args.format,
        &args.text_col,
        &labels,
        false,
        opts.target.as_ref(),
        &opts.tags,
    )?;
    let pb = progress::bar(None, "training");
    pb.enable_steady_tick(Duration::from_millis(120));
    let t0 = Instant::now();
    let (mut model, report) = train(&data, &opts)?;
    let secs = t0.elapsed().as_secs_f64();
    pb.finish_and_clear();
    model.save(&args.out)?;
    eprintln!(
        "trained on {} rows, {} head(s) ({}) in {:.2} s → {}",
        data.len(),
        model.heads.len(),
        model
            .heads
            .iter()
            .zip(report.iterations.iter().zip(&report.fit_seconds))
            .map(|(h, (it, fit))| format!(
                "{}: {} features, {it} L-BFGS iterations in {fit:.2} s",
                h.name,
                h.featurizer.n_features()
            ))
            .collect::<Vec<_>>()
            .join(", "),
        secs,
        args.out.display()
    );
    if let Some(cv) = &report.cv {
        println!(
            "{}-fold cross-validation (stratified, seed {}):",
            opts.cv.unwrap_or(0),
            opts.seed
        );
        println!("{:<14} {:>9} {:>9}", "head", "accuracy", "macro-F1");
        for (head, conf) in model.heads.iter().zip(cv) {
            println!(
                "{:<14} {:>9.4} {:>9.4}",
                head.name,
                conf.accuracy(),
                conf.macro_f1()
            );
        }
    }
    Ok(())
}
