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

#[test]
fn html_reports_hold_the_confusion_matrices() {
    let dir = tempfile::tempdir().unwrap();
    let cmp = dir.path().join("compare.html");
    let ev = dir.path().join("eval.html");
    tezis(&[
        "compare",
        "@default",
        "@default",
        "--data",
        &holdout(),
        "--html",
        cmp.to_str().unwrap(),
    ]);
    tezis(&["eval", "--data", &holdout(), "--html", ev.to_str().unwrap()]);
    let cmp = std::fs::read_to_string(cmp).unwrap();
    let ev = std::fs::read_to_string(ev).unwrap();
    // Per head: A's and B's heat maps and the F1 bars; eval: one heat map and the bars.
    assert_eq!(cmp.matches("<figure class=\"confusion\">").count(), 4);
    assert_eq!(cmp.matches("<figure class=\"f1\">").count(), 2);
    assert!(cmp.contains("A: theme") && cmp.contains("B: stance"));
    assert!(cmp.contains("no significant difference on theme"));
    assert_eq!(ev.matches("<figure class=\"confusion\">").count(), 2);
    // The diagonal of the default model's stance confusion on the holdout is in the report.
    let json: Value =
        serde_json::from_str(&tezis(&["eval", "--data", &holdout(), "--json"])).unwrap();
    let diag = json["heads"]["stance"]["confusion"]["matrix"][0][0]
        .as_u64()
        .unwrap();
    assert!(
        ev.contains(&format!("\n{diag}\n")),
        "count {diag} not drawn"
    );
    assert!(!cmp.contains("<script") && !ev.contains("<script"));
}

#[test]
fn only_the_shared_heads_are_compared_and_the_rest_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let stance_only = dir.path().join("stance");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini.csv");
    tezis(&[
        "train",
        "--data",
        corpus.to_str().unwrap(),
        "--out",
        stance_only.to_str().unwrap(),
        "--labels",
        "stance",
    ]);
    let j = compare_json("@default", stance_only.to_str().unwrap());
    assert_eq!(j["not_compared"], serde_json::json!(["theme"]));
    assert!(j["heads"]["theme"].is_null());
    assert!(j["heads"]["stance"]["ci95"].is_array());
    let text = tezis(&[
        "compare",
        "@default",
        stance_only.to_str().unwrap(),
        "--data",
        &holdout(),
    ]);
    assert!(
        text.contains("not compared (only one model has them): theme"),
        "{text}"
    );
}

#[test]
fn differing_label_sets_are_compared_over_both_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini.csv");
    let mut rdr = csv::Reader::from_path(&src).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let stance = headers.iter().position(|h| h == "stance").unwrap();
    let two = dir.path().join("two.csv");
    let mut w = csv::Writer::from_path(&two).unwrap();
    w.write_record(&headers).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        if &r[stance] != "neutral" {
            w.write_record(&r).unwrap();
        }
    }
    w.flush().unwrap();
    let model = dir.path().join("m");
    tezis(&[
        "train",
        "--data",
        two.to_str().unwrap(),
        "--out",
        model.to_str().unwrap(),
        "--labels",
        "stance",
    ]);
    let j = compare_json("@default", model.to_str().unwrap());
    let note = j["heads"]["stance"]["labels_note"].as_str().unwrap();
    assert!(note.contains("label sets differ"), "{note}");
    // B never predicts `neutral`, so it cannot be better on the holdout's neutral quotes.
    assert!(j["heads"]["stance"]["delta_macro_f1"].as_f64().unwrap() < 0.0);
}
