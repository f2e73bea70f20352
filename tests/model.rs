//! Library-level model tests: save/load round trip and the embedded default.

use std::path::Path;
use tezis::io::labeled::LabeledData;
use tezis::model::train::{train, TrainOptions};
use tezis::Model;

fn mini() -> LabeledData {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini.csv");
    LabeledData::load(
        &path,
        None,
        "text",
        &["theme".into(), "stance".into()],
        true,
    )
    .unwrap()
}

const PROBES: [&str; 4] = [
    "Конституция защищает права",
    "партии и выборы по спискам",
    "утечка данных eGov",
    "совершенно незнакомые слова",
];

#[test]
fn save_load_round_trip_gives_identical_predictions() {
    let data = mini();
    let (mut model, _) = train(&data, &TrainOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    model.save(dir.path()).unwrap();
    let loaded = Model::load(dir.path()).unwrap();
    assert_eq!(loaded.heads, model.heads);
    let (mut a, mut b) = (model.scorer(), loaded.scorer());
    for t in PROBES.iter().chain(
        data.texts
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .iter(),
    ) {
        a.score(t);
        b.score(t);
        for h in 0..model.heads.len() {
            assert_eq!(a.probs(h), b.probs(h), "{t}");
        }
    }
}

#[test]
fn saving_twice_is_byte_identical() {
    let data = mini();
    let opts = TrainOptions::default();
    let (mut m1, _) = train(&data, &opts).unwrap();
    let (mut m2, _) = train(&data, &opts).unwrap();
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    m1.save(d1.path()).unwrap();
    m2.save(d2.path()).unwrap();
    assert_eq!(
        std::fs::read(d1.path().join("weights.bin")).unwrap(),
        std::fs::read(d2.path().join("weights.bin")).unwrap()
    );
}

#[test]
fn scorer_probabilities_are_distributions_and_cache_words() {
    let (model, _) = train(&mini(), &TrainOptions::default()).unwrap();
    let mut s = model.scorer();
    s.score("Конституция и партии, Конституция и выборы");
    for h in 0..model.heads.len() {
        let sum: f32 = s.probs(h).iter().sum();
        assert!((sum - 1.0).abs() < 1e-5);
    }
    let cached = s.cached_words();
    assert!(cached >= 3);
    s.score("Конституция и партии");
    assert_eq!(
        s.cached_words(),
        cached,
        "repeated words come from the cache"
    );
}

#[test]
fn embedded_default_model_loads_and_names_its_training_data() {
    let m = Model::embedded().unwrap();
    assert_eq!(m.manifest.training.data_file, "quotes.csv");
    let names: Vec<&str> = m.heads.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["theme", "stance"]);
    assert!(m.heads.iter().all(|h| h.featurizer.n_features() > 1000));
}
