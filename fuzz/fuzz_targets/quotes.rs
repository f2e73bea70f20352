//! Quote extraction on any text: no panic, every span matches its quote.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let chars: Vec<char> = s.chars().collect();
    for q in tezis::quotes::extract(s) {
        assert!(q.start <= q.end && q.end <= chars.len());
        let span: String = chars[q.start..q.end].iter().collect();
        assert_eq!(span, q.quote);
    }
});
