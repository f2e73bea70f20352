//! Normalisation, tokenisation and analysis of any text: no panic, offsets inside the text; and
//! the scorer's sums (per-word rows, repeat corrections) agree with the reference TF-IDF path on
//! it, with the embedded default model.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};
use tezis::features::FeatureScratch;
use tezis::text::{Analyzer, TextOptions, TextScratch};
use tezis::Model;

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::embedded().expect("embedded model"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let norm = tezis::text::normalize::normalize(s);
    assert_eq!(tezis::text::normalize::normalize(&norm), norm);
    let mut toks = Vec::new();
    tezis::text::tokenize::tokenize_into(&norm, &mut toks);
    for t in &toks {
        assert!(
            t.end <= norm.len() && norm.is_char_boundary(t.start) && norm.is_char_boundary(t.end)
        );
    }
    let a = Analyzer::new(TextOptions::default());
    let mut scratch = TextScratch::default();
    a.analyze(s, &mut scratch);
    if !s.is_empty() {
        let end = s.char_indices().nth(1).map_or(s.len(), |(i, _)| i);
        a.analyze_target(s, 0..end, &mut scratch);
    }

    // One scorer for the whole run, so its word caches carry over between inputs as in use.
    static SCORER: OnceLock<Mutex<tezis::model::Scorer<'static>>> = OnceLock::new();
    let m = model();
    let mut scorer = SCORER
        .get_or_init(|| Mutex::new(m.scorer()))
        .lock()
        .unwrap();
    scorer.score(s);
    m.analyzer.analyze(s, &mut scratch);
    let mut probs = [0.0f32; 8];
    for (h, head) in m.heads.iter().enumerate() {
        // A word cache serves one featurizer: a fresh scratch per head.
        let mut features = FeatureScratch::default();
        head.featurizer
            .transform(&m.analyzer, &scratch, &mut features);
        let k = head.n_classes();
        head.probs_of(&features.vector, &mut probs[..k]);
        for (a, b) in scorer.probs(h).iter().zip(&probs[..k]) {
            assert!(
                (a - b).abs() < 1e-4,
                "head {}: {:?} vs {:?}",
                head.name,
                scorer.probs(h),
                &probs[..k]
            );
        }
    }
});
