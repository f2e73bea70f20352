//! RuSentNE-2023 (third-party, read from `../shared/corpora/rusentne`, never copied here): train on
//! the train split, score the validation split, and keep F1_PN (macro-F1 over -1 and 1) above a
//! floor set just under the measured figure (0.503 at the time of writing), so that quality cannot
//! silently regress.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

const F1_PN_FLOOR: f64 = 0.49;
const MACRO_F1_FLOOR: f64 = 0.59;

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/rusentne");
    if dir.join("train.tsv").exists() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("TEZIS_REQUIRE_CORPORA").is_none(),
        "TEZIS_REQUIRE_CORPORA is set but {} is missing",
        dir.display()
    );
    eprintln!("skipping: {} not found", dir.display());
    None
}

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

#[test]
fn rusentne_f1_pn_stays_above_floor() {
    let Some(dir) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("m");
    let (train, val) = (dir.join("train.tsv"), dir.join("validation.tsv"));
    let common = [
        "--text-col",
        "sentence",
        "--labels",
        "label",
        "--target-span",
        "entity_pos_start_rel,entity_pos_end_rel",
    ];
    let mut args = vec!["train", "--data", train.to_str().unwrap()];
    args.extend(["--out", model.to_str().unwrap()]);
    args.extend(common);
    args.extend(["--c", "1", "--no-stopwords", "--tag-cols", "entity_tag"]);
    tezis(&args);

    let mut args = vec!["eval", "--model", model.to_str().unwrap()];
    args.extend(["--data", val.to_str().unwrap(), "--json"]);
    args.extend(common);
    let json: Value = serde_json::from_str(&tezis(&args)).unwrap();
    let head = &json["heads"]["label"];
    let f1 = |c: &str| head["per_class"][c]["f1"].as_f64().unwrap();
    let f1_pn = (f1("-1") + f1("1")) / 2.0;
    let macro_f1 = head["macro_f1"].as_f64().unwrap();
    eprintln!("RuSentNE validation: F1_PN {f1_pn:.4}, macro-F1 {macro_f1:.4}");
    assert_eq!(json["n"].as_u64(), Some(2845));
    assert!(f1_pn >= F1_PN_FLOOR, "F1_PN {f1_pn:.4} < {F1_PN_FLOOR}");
    assert!(
        macro_f1 >= MACRO_F1_FLOOR,
        "macro-F1 {macro_f1:.4} < {MACRO_F1_FLOOR}"
    );
}
