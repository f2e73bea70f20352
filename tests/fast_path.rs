//! The scorer's fast path (word cache resolved to feature ids, in-place counts) must give the same
//! vectors and the same predictions as the reference path that training uses (feature keys →
//! vocabulary lookups → sorted counts): checked on every statement of the corpus and the holdout
//! with the embedded default model, and on a target-aware model with character n-grams and tags.

use std::path::Path;
use tezis::features::extract::FeatureOptions;
use tezis::features::FeatureScratch;
use tezis::io::labeled::LabeledData;
use tezis::io::target::TargetSpec;
use tezis::model::train::{train, TrainOptions};
use tezis::text::TextScratch;
use tezis::Model;

fn load(name: &str, target: Option<&TargetSpec>, labels: &[&str], tags: &[&str]) -> LabeledData {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    let labels: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
    let tags: Vec<String> = tags.iter().map(|s| s.to_string()).collect();
    LabeledData::load_with_target(&path, None, "text", &labels, true, target, &tags).unwrap()
}

/// Compares both paths on every row of `data`; returns how many rows were checked.
fn same_on(model: &Model, data: &LabeledData) -> usize {
    let mut scorer = model.scorer();
    let mut text = TextScratch::default();
    let mut reference: Vec<FeatureScratch> = model
        .heads
        .iter()
        .map(|_| FeatureScratch::default())
        .collect();
    let mut fast: Vec<_> = model
        .heads
        .iter()
        .map(|h| h.featurizer.resolved_scratch())
        .collect();
    let mut probs = vec![0.0f32; 8];
    for (i, t) in data.texts.iter().enumerate() {
        let span = data.targets.as_ref().map(|s| s[i].clone());
        let tags: Vec<&str> = data
            .tags
            .as_ref()
            .map(|t| t[i].iter().map(String::as_str).collect())
            .unwrap_or_default();
        scorer.score_row(t, span.clone(), &tags);
        match span {
            Some(span) => model.analyzer.analyze_target(t, span, &mut text),
            None => model.analyzer.analyze(t, &mut text),
        }
        let names = &model.manifest.pipeline.tags;
        text.set_tags(names.iter().map(String::as_str).zip(tags.iter().copied()));
        for (h, head) in model.heads.iter().enumerate() {
            head.featurizer
                .transform(&model.analyzer, &text, &mut reference[h]);
            head.featurizer
                .transform_resolved(&model.analyzer, &text, &mut fast[h]);
            let (r, f) = (&reference[h].vector, &fast[h].vector);
            assert_eq!(r.len(), f.len(), "row {i} head {}: {t}", head.name);
            for (a, b) in r.iter().zip(f) {
                assert_eq!(a.0, b.0, "row {i} head {}: feature ids differ", head.name);
                assert!((a.1 - b.1).abs() < 1e-6, "row {i}: {} vs {}", a.1, b.1);
            }
            let k = head.n_classes();
            head.probs_of(r, &mut probs[..k]);
            let p = scorer.probs(h);
            for c in 0..k {
                assert!(
                    (p[c] - probs[c]).abs() < 1e-5,
                    "row {i}: {p:?} vs {probs:?}"
                );
            }
            assert_eq!(
                scorer.best(h).0,
                tezis::model::softmax::argmax(&probs[..k]),
                "row {i} head {}: different label",
                head.name
            );
        }
    }
    data.len()
}

#[test]
fn default_model_fast_path_matches_reference_on_corpus_and_holdout() {
    let model = Model::embedded().unwrap();
    let mut n = 0;
    for f in ["data/quotes.csv", "data/holdout.csv"] {
        n += same_on(&model, &load(f, None, &["theme", "stance"], &[]));
    }
    assert!(n > 3_900, "{n}");
}

#[test]
fn target_model_with_char_ngrams_and_tags_matches_reference() {
    let spec = TargetSpec::Column("target".into());
    let data = load("tests/data/targets.csv", Some(&spec), &["stance"], &["id"]);
    let mut opts = TrainOptions {
        target: Some(spec),
        tags: vec!["id".into()],
        ..Default::default()
    };
    opts.features = FeatureOptions {
        char_ngrams: Some([2, 4]),
        target: Some(Default::default()),
        ..Default::default()
    };
    let (model, _) = train(&data, &opts).unwrap();
    assert!(model.needs_target());
    assert_eq!(same_on(&model, &data), 24);
}
