//! The shipped default model is reproducible: retraining it from `data/quotes.csv` with the options
//! and seed its manifest records gives byte-identical weights.

use std::path::Path;
use tezis::io::labeled::LabeledData;
use tezis::model::format::{encode_weights, sha256_hex};
use tezis::model::train::{train, TrainOptions};
use tezis::Model;

#[test]
fn default_model_retrains_byte_identically_from_the_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped = Model::load(&root.join("models/default")).unwrap();
    let m = &shipped.manifest;
    let data_path = root.join("data").join(&m.training.data_file);
    let heads: Vec<String> = m.heads.iter().map(|h| h.name.clone()).collect();
    let data = LabeledData::load(&data_path, None, &m.pipeline.text_column, &heads, false).unwrap();
    assert_eq!(
        data.sha256, m.training.data_sha256,
        "data/quotes.csv changed since the model was trained"
    );
    assert_eq!(data.len() as u64, m.training.rows);

    let mut opts = TrainOptions::from_manifest(m);
    opts.cv = None; // CV only fills the manifest's metrics; the weights do not depend on it
    let (retrained, _) = train(&data, &opts).unwrap();
    let bytes = encode_weights(&retrained);
    let shipped_bytes = std::fs::read(root.join("models/default/weights.bin")).unwrap();
    assert_eq!(sha256_hex(&bytes), m.weights.sha256);
    assert!(
        bytes == shipped_bytes,
        "retrained weights differ from models/default/weights.bin"
    );
}

#[test]
fn embedded_model_is_the_shipped_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped = Model::load(&root.join("models/default")).unwrap();
    let embedded = Model::embedded().unwrap();
    assert_eq!(embedded.manifest, shipped.manifest);
    assert_eq!(embedded.heads, shipped.heads);
}
