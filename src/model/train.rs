//! Training: labeled rows → featurizer → one linfa-fitted softmax head per label column, with
//! optional stratified k-fold cross-validation.

use super::cv::stratified_folds;
use super::format::{
    CvHeadMetrics, CvMetrics, HeadInfo, Hyperparameters, Manifest, Pipeline, TrainingInfo,
    WeightsInfo, FORMAT_VERSION,
};
use super::softmax::SoftmaxRegression;
use super::{Head, Model};
use crate::error::{Error, Result};
use crate::eval::metrics::Confusion;
use crate::features::extract::FeatureOptions;
use crate::features::sparse::CsrMatrix;
use crate::features::{FeatureScratch, Featurizer};
use crate::io::labeled::LabeledData;
use crate::text::{Analyzer, TextOptions, TextScratch};
use linfa::dataset::DatasetBase;
use linfa::traits::Fit;
use ndarray::Array1;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Everything that decides a trained model.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub text_column: String,
    pub text: TextOptions,
    /// Feature options of every head without an entry in `head_features`.
    pub features: FeatureOptions,
    /// Per-head feature options, by head name.
    pub head_features: BTreeMap<String, FeatureOptions>,
    /// Inverse L2 strength (scikit-learn's `C`).
    pub c: f64,
    pub max_iter: u64,
    pub tolerance: f64,
    /// Weight classes inversely to their frequency.
    pub balanced: bool,
    /// Where targets come from (target-aware training); recorded in the manifest.
    pub target: Option<crate::io::target::TargetSpec>,
    /// Categorical columns whose values become features (e.g. an entity type).
    pub tags: Vec<String>,
    /// Folds for cross-validation (none when `None`).
    pub cv: Option<usize>,
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            text_column: "text".into(),
            text: TextOptions::default(),
            features: FeatureOptions::default(),
            head_features: BTreeMap::new(),
            c: 10.0,
            max_iter: 300,
            tolerance: 1e-5,
            balanced: true,
            target: None,
            tags: Vec::new(),
            cv: None,
            seed: 42,
        }
    }
}

impl TrainOptions {
    /// The options a model was trained with, as its manifest records them (to retrain it).
    pub fn from_manifest(m: &Manifest) -> TrainOptions {
        TrainOptions {
            text_column: m.pipeline.text_column.clone(),
            text: m.pipeline.text,
            features: m
                .heads
                .first()
                .map_or_else(FeatureOptions::default, |h| h.features),
            head_features: m
                .heads
                .iter()
                .map(|h| (h.name.clone(), h.features))
                .collect(),
            c: m.hyperparameters.c,
            max_iter: m.hyperparameters.max_iter,
            tolerance: m.hyperparameters.tolerance,
            balanced: m.hyperparameters.class_weight == "balanced",
            target: m.pipeline.target.clone(),
            tags: m.pipeline.tags.clone(),
            cv: m.cv.as_ref().map(|c| c.folds),
            seed: m.seed,
        }
    }
}

impl TrainOptions {
    /// The feature options of head `name`.
    pub fn features_for(&self, name: &str) -> FeatureOptions {
        self.head_features
            .get(name)
            .copied()
            .unwrap_or(self.features)
    }
}

/// What training measured besides the model.
#[derive(Debug, Clone)]
pub struct TrainReport {
    /// Pooled out-of-fold confusion per head (when `cv` was set).
    pub cv: Option<Vec<Confusion>>,
    /// L-BFGS iterations per head of the final fit.
    pub iterations: Vec<u64>,
    /// Seconds per head of the final fit's L-BFGS (the heads are fitted at the same time).
    pub fit_seconds: Vec<f64>,
}

/// Labels of each head, sorted, and each row's label index (`None` = unlabeled).
struct Targets {
    labels: Vec<Vec<String>>,
    rows: Vec<Vec<Option<usize>>>,
}

fn targets(data: &LabeledData) -> Result<Targets> {
    let mut labels = Vec::new();
    let mut rows = Vec::new();
    for (h, col) in data.labels.iter().enumerate() {
        let set: BTreeSet<&str> = col.iter().flatten().map(String::as_str).collect();
        if set.len() < 2 {
            return Err(Error::Usage(format!(
                "{}: label column `{}` needs at least two different labels, found {}",
                data.source.display(),
                data.heads[h],
                set.len()
            )));
        }
        let names: Vec<String> = set.iter().map(|s| s.to_string()).collect();
        rows.push(
            col.iter()
                .map(|v| v.as_ref().and_then(|v| names.binary_search(v).ok()))
                .collect(),
        );
        labels.push(names);
    }
    Ok(Targets { labels, rows })
}

/// Featurizes pre-analysed rows for one head.
fn matrix(analyzer: &Analyzer, f: &Featurizer, texts: &[TextScratch]) -> CsrMatrix {
    let vectors: Vec<Vec<(u32, f32)>> = texts
        .par_iter()
        .map_init(FeatureScratch::default, |s, t| {
            f.transform(analyzer, t, s);
            s.vector.clone()
        })
        .collect();
    let mut m = CsrMatrix::new(f.n_features());
    for v in &vectors {
        m.push_row(v);
    }
    m
}

/// One head's fit: L-BFGS iterations and seconds.
type FitStats = (u64, f64);

/// Fits every head (its featurizer and its weights) on the rows `idx`.
fn fit_rows(
    analyzer: &Analyzer,
    data: &LabeledData,
    t: &Targets,
    idx: &[usize],
    opts: &TrainOptions,
) -> Result<(Vec<Head>, Vec<FitStats>)> {
    let analysed: Vec<TextScratch> = idx
        .par_iter()
        .map(|&i| {
            let mut s = TextScratch::default();
            match &data.targets {
                Some(spans) => analyzer.analyze_target(&data.texts[i], spans[i].clone(), &mut s),
                None => analyzer.analyze(&data.texts[i], &mut s),
            }
            if let Some(tags) = &data.tags {
                s.set_tags(
                    opts.tags
                        .iter()
                        .map(String::as_str)
                        .zip(tags[i].iter().map(String::as_str)),
                );
            }
            s
        })
        .collect();
    let heads = (0..t.labels.len())
        .into_par_iter()
        .map(|h| {
            let name = &data.heads[h];
            let featurizer = Featurizer::fit(analyzer, &analysed, opts.features_for(name));
            let x = matrix(analyzer, &featurizer, &analysed);
            let k = t.labels[h].len();
            let rows: Vec<usize> = (0..idx.len())
                .filter(|&r| t.rows[h][idx[r]].is_some())
                .collect();
            let y: Vec<usize> = rows.iter().filter_map(|&r| t.rows[h][idx[r]]).collect();
            let mut counts = vec![0usize; k];
            for &c in &y {
                counts[c] += 1;
            }
            let weights: Vec<f32> = y
                .iter()
                .map(|&c| {
                    if opts.balanced {
                        (y.len() as f64 / (k as f64 * counts[c] as f64)) as f32
                    } else {
                        1.0
                    }
                })
                .collect();
            let xs = if rows.len() == idx.len() {
                x
            } else {
                x.select(&rows)
            };
            let dataset = DatasetBase::new(xs, Array1::from(y)).with_weights(Array1::from(weights));
            let params = SoftmaxRegression {
                c: opts.c,
                max_iter: opts.max_iter,
                tolerance: opts.tolerance,
                n_classes: k,
            };
            let t0 = std::time::Instant::now();
            let fitted = params.fit(&dataset)?;
            let secs = t0.elapsed().as_secs_f64();
            Ok((
                Head::new(
                    name.clone(),
                    t.labels[h].clone(),
                    featurizer,
                    fitted.weights.iter().map(|&w| w as f32).collect(),
                    fitted.bias.iter().map(|&b| b as f32).collect(),
                ),
                (fitted.iterations, secs),
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(heads.into_iter().unzip())
}

fn created_at() -> String {
    let t = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map(|s| std::time::UNIX_EPOCH + std::time::Duration::from_secs(s))
        .unwrap_or_else(std::time::SystemTime::now);
    humantime::format_rfc3339_seconds(t).to_string()
}

fn assemble(
    data: &LabeledData,
    opts: &TrainOptions,
    analyzer: Analyzer,
    heads: Vec<Head>,
    cv: Option<CvMetrics>,
) -> Model {
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        tezis_version: env!("CARGO_PKG_VERSION").into(),
        created_at: created_at(),
        heads: heads
            .iter()
            .map(|h| HeadInfo {
                name: h.name.clone(),
                labels: h.labels.clone(),
                features: h.featurizer.options(),
                n_features: h.featurizer.n_features() as u64,
            })
            .collect(),
        pipeline: Pipeline {
            text_column: opts.text_column.clone(),
            text: opts.text,
            target: opts.target.clone(),
            tags: opts.tags.clone(),
        },
        training: TrainingInfo {
            data_file: data
                .source
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            data_sha256: data.sha256.clone(),
            rows: data.len() as u64,
        },
        hyperparameters: Hyperparameters {
            c: opts.c,
            max_iter: opts.max_iter,
            tolerance: opts.tolerance,
            class_weight: if opts.balanced { "balanced" } else { "none" }.into(),
        },
        seed: opts.seed,
        cv,
        weights: WeightsInfo {
            file: String::new(),
            bytes: 0,
            sha256: String::new(),
        },
        version: String::new(),
    };
    Model {
        manifest,
        analyzer,
        heads,
    }
}

/// Trains a model on `data` (every head in `data.heads`), cross-validating first when asked.
pub fn train(data: &LabeledData, opts: &TrainOptions) -> Result<(Model, TrainReport)> {
    if opts.c.is_nan() || opts.c <= 0.0 {
        return Err(Error::Usage(format!(
            "--c must be positive, got {}",
            opts.c
        )));
    }
    let t = targets(data)?;
    let target_aware = data
        .heads
        .iter()
        .any(|h| opts.features_for(h).target.is_some());
    if target_aware != data.targets.is_some() {
        return Err(Error::Usage(if target_aware {
            "target features are on but the data gives no targets (--target-col or --target-span)"
                .into()
        } else {
            "the data gives targets but no head has target features".into()
        }));
    }
    let cv = match opts.cv {
        Some(k) => Some(cross_validate(data, &t, opts, k)?),
        None => None,
    };
    let all: Vec<usize> = (0..data.len()).collect();
    let analyzer = Analyzer::new(opts.text);
    let (heads, fits): (Vec<Head>, Vec<FitStats>) = fit_rows(&analyzer, data, &t, &all, opts)?;
    let (iterations, fit_seconds) = fits.into_iter().unzip();
    let cv_metrics = cv.as_ref().map(|conf| CvMetrics {
        folds: opts.cv.unwrap_or(0),
        heads: conf
            .iter()
            .zip(&data.heads)
            .map(|(c, h)| {
                (
                    h.clone(),
                    CvHeadMetrics {
                        accuracy: round6(c.accuracy()),
                        macro_f1: round6(c.macro_f1()),
                    },
                )
            })
            .collect(),
    });
    let model = assemble(data, opts, analyzer, heads, cv_metrics);
    Ok((
        model,
        TrainReport {
            cv,
            iterations,
            fit_seconds,
        },
    ))
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn cross_validate(
    data: &LabeledData,
    t: &Targets,
    opts: &TrainOptions,
    k: usize,
) -> Result<Vec<Confusion>> {
    if k < 2 || k > data.len() {
        return Err(Error::Usage(format!(
            "--cv needs between 2 and {} folds (the number of rows), got {k}",
            data.len()
        )));
    }
    // Every label must be able to appear in every held-out fold.
    for (h, labels) in t.labels.iter().enumerate() {
        for (c, label) in labels.iter().enumerate() {
            let n = t.rows[h].iter().filter(|r| **r == Some(c)).count();
            if n < k {
                return Err(Error::Usage(format!(
                    "{}: --cv {k} needs at least {k} rows of every label, but `{label}` in `{}` has {n}; add examples, merge the label, or use fewer folds",
                    data.source.display(),
                    data.heads[h]
                )));
            }
        }
    }
    let strata: Vec<Vec<Option<usize>>> = (0..data.len())
        .map(|i| t.rows.iter().map(|h| h[i]).collect())
        .collect();
    let folds = stratified_folds(&strata, k, opts.seed);
    let results = folds
        .par_iter()
        .map(|held| {
            let held_set: BTreeSet<usize> = held.iter().copied().collect();
            let train_idx: Vec<usize> = (0..data.len()).filter(|i| !held_set.contains(i)).collect();
            let analyzer = Analyzer::new(opts.text);
            let (heads, _) = fit_rows(&analyzer, data, t, &train_idx, opts)?;
            let model = assemble(data, opts, analyzer, heads, None);
            let mut scorer = model.scorer();
            let mut preds = Vec::with_capacity(held.len());
            for &i in held {
                match &data.targets {
                    Some(spans) => scorer.score_target(&data.texts[i], spans[i].clone()),
                    None => scorer.score(&data.texts[i]),
                }
                preds.push(
                    (0..t.labels.len())
                        .map(|h| {
                            // A head whose label set in this fold lost a class still predicts by name.
                            let label = scorer.best_label(h);
                            t.labels[h]
                                .binary_search_by(|l| l.as_str().cmp(label))
                                .unwrap_or(0)
                        })
                        .collect::<Vec<_>>(),
                );
            }
            Ok((held.clone(), preds))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut conf: Vec<Confusion> = t.labels.iter().map(|l| Confusion::new(l.clone())).collect();
    for (held, preds) in results {
        for (&i, p) in held.iter().zip(preds) {
            for h in 0..t.labels.len() {
                if let Some(truth) = t.rows[h][i] {
                    conf[h].add(truth, p[h]);
                }
            }
        }
    }
    Ok(conf)
}
