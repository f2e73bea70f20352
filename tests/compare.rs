//! `tezis compare` end to end: a model against itself, against a deliberately weaker one, and the
//! JSON shape.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn tezis(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tezis"))
        .args(args)
        .output()
        .expect("run tezis");
    assert!(
        out.status.success(),
        "tezis {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn holdout() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/holdout.csv")
        .display()
        .to_string()
}

fn compare_json(a: &str, b: &str) -> Value {
    let out = tezis(&[
        "compare",
        a,
        b,
        "--data",
        &holdout(),
        "--json",
        "--examples",
        "3",
    ]);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn a_model_compared_with_itself_shows_no_difference() {
    let j = compare_json("@default", "@default");
    for head in ["theme", "stance"] {
        let h = &j["heads"][head];
        assert_eq!(h["delta_macro_f1"].as_f64(), Some(0.0), "{h}");
        assert_eq!(h["ci95"], serde_json::json!([0.0, 0.0]));
        assert_eq!(h["mcnemar_p"].as_f64(), Some(1.0));
        assert_eq!(h["disagreements"].as_u64(), Some(0));
        assert!(h["verdict"]
            .as_str()
            .unwrap()
            .starts_with("no significant difference"));
    }
}

#[test]
fn a_model_trained_on_a_tenth_of_the_data_is_found_worse() {
    // Every tenth statement of the corpus, written by the test.
    let dir = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/quotes.csv");
    let text = std::fs::read_to_string(corpus).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut w = csv::Writer::from_path(dir.path().join("tenth.csv")).unwrap();
    w.write_record(rdr.headers().unwrap()).unwrap();
    for (i, r) in rdr.records().enumerate() {
        if i % 10 == 0 {
            w.write_record(&r.unwrap()).unwrap();
        }
    }
    w.flush().unwrap();
    let weak = dir.path().join("weak");
    let data = dir.path().join("tenth.csv");
    tezis(&[
        "train",
        "--data",
        data.to_str().unwrap(),
        "--out",
        weak.to_str().unwrap(),
    ]);
    let j = compare_json("@default", weak.to_str().unwrap());
    for head in ["theme", "stance"] {
        let h = &j["heads"][head];
        let ci = h["ci95"].as_array().unwrap();
        assert!(h["delta_macro_f1"].as_f64().unwrap() < 0.0, "{h}");
        assert!(
            ci[1].as_f64().unwrap() < 0.0,
            "the interval should exclude 0: {h}"
        );
        assert!(h["mcnemar_p"].as_f64().unwrap() < 0.05, "{h}");
        assert!(h["verdict"].as_str().unwrap().starts_with("B is worse on"));
        assert!(h["disagreements"].as_u64().unwrap() > 0);
        let ex = h["examples"].as_array().unwrap();
        assert_eq!(ex.len(), 3);
        assert_ne!(ex[0]["a"], ex[0]["b"]);
    }
    // The shape: data, both models' eval reports, the per-head comparison.
    assert_eq!(j["data"]["n"].as_u64(), Some(419));
    for side in ["a", "b"] {
        let e = &j[side];
        assert!(e["model"].as_str().unwrap().starts_with("tezis-"));
        assert_eq!(e["n"].as_u64(), Some(419));
        assert!(e["heads"]["theme"]["per_class"]["other"]["f1"].is_number());
        assert!(e["size_bytes"].as_u64().unwrap() > 0);
        assert!(e["quotes_per_second"].as_f64().unwrap() > 0.0);
    }
    assert!(j["not_compared"].as_array().unwrap().is_empty());
}
