//! The model loader on damaged files: a fuzzed weights file with the real manifest, and a fuzzed
//! manifest with the real weights. Errors, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

const MANIFEST: &[u8] = include_bytes!("../../models/default/manifest.json");
const WEIGHTS: &[u8] = include_bytes!("../../models/default/weights.bin");

fuzz_target!(|data: &[u8]| {
    let _ = tezis::model::format::load_trusted_bytes(MANIFEST, data, "fuzz");
    let _ = tezis::model::format::load_bytes(data, WEIGHTS, "fuzz");
    // The real weights with a few bytes overwritten by the input (trusted: the checksum is
    // skipped, so the structure checks must catch it).
    let mut w = WEIGHTS.to_vec();
    for (i, chunk) in data.chunks(5).enumerate().take(64) {
        if chunk.len() == 5 {
            let at =
                u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) as usize % w.len();
            w[at] = chunk[4];
        } else {
            let _ = i;
        }
    }
    let _ = tezis::model::format::load_trusted_bytes(MANIFEST, &w, "fuzz");
});
