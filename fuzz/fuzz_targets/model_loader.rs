//! The model loader on damaged files: fuzzed weights with a real manifest, a fuzzed manifest
//! with real weights, and real weights with bytes overwritten (loaded without the checksum, so
//! the structure checks must catch it). Errors, never a panic. The real files are a small model
//! trained at start-up from the project's test fixture, so that each run is fast.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tezis::model::format::{load_bytes, load_trusted_bytes};

fn small_model() -> &'static (Vec<u8>, Vec<u8>) {
    static M: OnceLock<(Vec<u8>, Vec<u8>)> = OnceLock::new();
    M.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("tezis-fuzz-{}", std::process::id()));
        let data = tezis::io::labeled::LabeledData::load(
            std::path::Path::new(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../tests/data/mini.csv"
            )),
            None,
            "text",
            &["theme".into(), "stance".into()],
            true,
        )
        .expect("fixture");
        let mut opts = tezis::model::train::TrainOptions::default();
        opts.features.char_ngrams = Some([3, 4]);
        let (mut model, _) = tezis::model::train::train(&data, &opts).expect("train");
        model.save(&dir).expect("save");
        let files = (
            std::fs::read(dir.join("manifest.json")).expect("manifest"),
            std::fs::read(dir.join("weights.bin")).expect("weights"),
        );
        let _ = std::fs::remove_dir_all(&dir);
        files
    })
}

fuzz_target!(|data: &[u8]| {
    let (manifest, weights) = small_model();
    let _ = load_trusted_bytes(manifest, data, "fuzz");
    let _ = load_bytes(data, weights, "fuzz");
    let mut w = weights.clone();
    for chunk in data.chunks_exact(5).take(64) {
        let at = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) as usize % w.len();
        w[at] = chunk[4];
    }
    let _ = load_trusted_bytes(manifest, &w, "fuzz");
});
