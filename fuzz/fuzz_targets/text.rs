//! Normalisation, tokenisation and analysis of any text: no panic, offsets inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tezis::text::{Analyzer, TextOptions, TextScratch};

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
});
