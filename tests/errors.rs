//! Bad input and broken models: every case gets a clear error (file, line, problem, what to do),
//! a non-zero exit and no panic, and nothing the user had is damaged.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn tezis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tezis"))
        .args(args)
        .output()
        .expect("run tezis")
}

/// Runs a command that must fail; returns its message.
fn fails(args: &[&str]) -> String {
    let out = tezis(args);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{args:?} should exit 1: {err}");
    assert!(!err.contains("panicked"), "panic: {err}");
    assert!(err.starts_with("tezis: error: "), "{err}");
    err
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn train_args<'a>(data: &'a Path, out: &'a Path) -> Vec<&'a str> {
    vec![
        "train",
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]
}

#[test]
fn broken_data_files_are_named_with_line_and_problem() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("m");
    let cases: [(&str, &[u8], &str); 6] = [
        ("empty.csv", b"", "empty.csv:1: empty file"),
        (
            "header.csv",
            b"text,theme,stance\n",
            "header.csv:1: no data rows",
        ),
        (
            "notext.csv",
            "body,theme,stance\nа,x,y\n".as_bytes(),
            "no column named `text`",
        ),
        (
            "nolabel.csv",
            "text,theme\nа,x\n".as_bytes(),
            "no column named `stance`",
        ),
        (
            "badutf.csv",
            b"text,theme,stance\n\xd0\xb0,x,y\n\xff\xfe,x,y\n",
            "badutf.csv:3: invalid UTF-8",
        ),
        (
            "unterminated.csv",
            "text,theme,stance\nа,x,y\n\"б,x,y\n".as_bytes(),
            "unterminated.csv:3",
        ),
    ];
    for (name, bytes, want) in cases {
        let p = write(d.path(), name, bytes);
        let err = fails(&train_args(&p, &out));
        assert!(err.contains(want), "{name}: {err}");
        assert!(!out.exists(), "{name}: no model may be written");
    }
}

#[test]
fn bom_and_crlf_just_work() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "bom.csv",
        "\u{feff}text,theme,stance\r\nНовая Конституция защищает права,constitution,support\r\nПартии против списков,party_system,oppose\r\n"
            .as_bytes(),
    );
    let out = tezis(&["eval", "--data", p.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["n"].as_u64(), Some(2));
}

#[test]
fn paths_that_are_missing_or_directories() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("m");
    let err = fails(&[
        "train",
        "--data",
        "/no/such/file.csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(err.contains("/no/such/file.csv"), "{err}");
    let dir = d.path().to_str().unwrap();
    let err = fails(&["train", "--data", dir, "--out", out.to_str().unwrap()]);
    assert!(err.contains("is a directory"), "{err}");
    let err = fails(&["classify", "--input", dir]);
    assert!(err.contains("is a directory"), "{err}");
    let err = fails(&["classify", "--model", dir, "текст"]);
    assert!(err.contains("manifest.json"), "{err}");
}

#[test]
fn unknown_labels_in_eval_are_reported_not_dropped() {
    let d = tempfile::tempdir().unwrap();
    let p = write(
        d.path(),
        "unk.csv",
        "text,theme,stance\nраз,other,neutral\nдва,weird,support\n".as_bytes(),
    );
    let err = fails(&["eval", "--data", p.to_str().unwrap()]);
    assert!(
        err.contains("unk.csv:3") && err.contains("`weird`"),
        "{err}"
    );
}

#[test]
fn training_needs_two_classes_and_enough_rows_per_fold() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("m");
    let one = write(d.path(), "one.csv", "text,theme\nраз,x\nдва,x\n".as_bytes());
    let mut args = train_args(&one, &out);
    args.extend(["--labels", "theme"]);
    let err = fails(&args);
    assert!(err.contains("at least two different labels"), "{err}");
    let few = write(
        d.path(),
        "few.csv",
        "text,theme\nраз,x\nдва,x\nтри,y\nчетыре,y\nпять,y\nшесть,z\n".as_bytes(),
    );
    let mut args = train_args(&few, &out);
    args.extend(["--labels", "theme", "--cv", "3"]);
    let err = fails(&args);
    assert!(
        err.contains("--cv 3 needs at least 3 rows") && err.contains("`x` in `theme` has 2"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn a_ten_megabyte_line_is_classified() {
    let d = tempfile::tempdir().unwrap();
    let big = "реформа ".repeat(10 * 1024 * 1024 / 15);
    let p = write(d.path(), "big.txt", big.as_bytes());
    let out = tezis(&[
        "classify",
        "--input",
        p.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
}

#[test]
fn interrupted_training_leaves_the_old_model_in_place() {
    let d = tempfile::tempdir().unwrap();
    let model = d.path().join("m");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/quotes.csv");
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini.csv");
    assert!(tezis(&train_args(&mini, &model)).status.success());
    let before = std::fs::read(model.join("weights.bin")).unwrap();
    // Retrain over it on the whole corpus with cross-validation, and kill it mid-way.
    let mut child = Command::new(env!("CARGO_BIN_EXE_tezis"))
        .args(train_args(&corpus, &model))
        .args(["--force", "--cv", "5", "--char-ngrams", "2-6"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read(model.join("weights.bin")).unwrap(), before);
    let out = tezis(&[
        "classify",
        "--model",
        model.to_str().unwrap(),
        "Конституция",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let leftovers: Vec<_> = std::fs::read_dir(&model)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "only manifest.json and weights.bin: {leftovers:?}"
    );
}
