//! The data readers on any bytes, in every format: rows or errors, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use tezis::io::read::{Format, Reader};

fuzz_target!(|data: &[u8]| {
    for format in [Format::Csv, Format::Tsv, Format::Jsonl, Format::Txt] {
        let src = Box::new(std::io::Cursor::new(data.to_vec()));
        let Ok(mut r) = Reader::from_reader(src, Path::new("fuzz"), format) else {
            continue;
        };
        let col = r.column("text").ok();
        while let Some(row) = r.next_row() {
            let Ok(row) = row else { break };
            if let Some(c) = &col {
                let _ = row.get(c, "text", Path::new("fuzz"));
            }
        }
    }
});
