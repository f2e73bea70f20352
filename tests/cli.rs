//! End-to-end tests of the `tezis` binary on the project's own small fixtures (tests/data/).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tezis"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run tezis")
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "tezis {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fail(args: &[&str]) -> String {
    let out = run(args);
    assert!(!out.status.success(), "tezis {args:?} should fail");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        !err.contains("panicked"),
        "panic instead of an error: {err}"
    );
    err
}

fn train(data: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "train",
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    ok(&args)
}

#[test]
fn csv_tsv_and_jsonl_train_identical_weights() {
    let dir = tempfile::tempdir().unwrap();
    let mut weights = Vec::new();
    for f in ["mini.csv", "mini.tsv", "mini.jsonl"] {
        let out = dir.path().join(f);
        train(&fixture(f), &out, &[]);
        weights.push(std::fs::read(out.join("weights.bin")).unwrap());
    }
    assert!(!weights[0].is_empty());
    assert_eq!(weights[0], weights[1], "CSV vs TSV");
    assert_eq!(weights[0], weights[2], "CSV vs JSONL");
}

#[test]
fn training_is_byte_identical_for_same_data_options_and_seed() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        let status = bin()
            .args(["train", "--data"])
            .arg(fixture("mini.csv"))
            .arg("--out")
            .arg(out)
            .args(["--cv", "3", "--seed", "7"])
            .env("SOURCE_DATE_EPOCH", "1780000000")
            .output()
            .unwrap();
        assert!(status.status.success());
    }
    for f in ["weights.bin", "manifest.json"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs"
        );
    }
    // A different seed changes the CV split and so the manifest, but not the final weights.
    let c = dir.path().join("c");
    train(&fixture("mini.csv"), &c, &["--cv", "3", "--seed", "8"]);
    assert_eq!(
        std::fs::read(a.join("weights.bin")).unwrap(),
        std::fs::read(c.join("weights.bin")).unwrap()
    );
}

#[test]
fn cv_prints_accuracy_and_macro_f1_per_head() {
    let dir = tempfile::tempdir().unwrap();
    let out = train(&fixture("mini.csv"), &dir.path().join("m"), &["--cv", "3"]);
    assert!(out.contains("3-fold cross-validation"), "{out}");
    for head in ["theme", "stance"] {
        let line = out.lines().find(|l| l.starts_with(head)).expect(head);
        let nums: Vec<f64> = line
            .split_whitespace()
            .skip(1)
            .map(|x| x.parse().unwrap())
            .collect();
        assert_eq!(nums.len(), 2);
        assert!(nums.iter().all(|x| (0.0..=1.0).contains(x)));
    }
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("m/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["cv"]["folds"], 3);
    assert!(manifest["cv"]["heads"]["theme"]["macro_f1"].is_number());
}

#[test]
fn manifest_records_data_options_and_seed() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m");
    train(
        &fixture("mini.csv"),
        &m,
        &[
            "--seed",
            "5",
            "--c",
            "3",
            "--char-ngrams",
            "3-4",
            "--head-features",
            "stance=char=off,stopwords=keep",
        ],
    );
    let v: Value =
        serde_json::from_slice(&std::fs::read(m.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(v["format_version"], 1);
    assert_eq!(v["seed"], 5);
    assert_eq!(v["hyperparameters"]["c"], 3.0);
    assert_eq!(
        v["heads"][0]["features"]["char_ngrams"],
        serde_json::json!([3, 4])
    );
    assert_eq!(v["heads"][0]["features"]["stopwords"], true);
    assert_eq!(v["heads"][1]["features"]["char_ngrams"], Value::Null);
    assert_eq!(v["heads"][1]["features"]["stopwords"], false);
    assert!(v["heads"][1]["n_features"].as_u64().unwrap() > 0);
    assert_eq!(v["training"]["rows"], 24);
    assert_eq!(v["training"]["data_file"], "mini.csv");
    assert_eq!(v["training"]["data_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(v["heads"][0]["name"], "theme");
    assert_eq!(
        v["heads"][1]["labels"],
        serde_json::json!(["neutral", "oppose", "support"])
    );
    assert!(v["created_at"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn eval_json_has_exactly_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m");
    train(&fixture("mini.csv"), &m, &[]);
    let out = ok(&[
        "eval",
        "--model",
        m.to_str().unwrap(),
        "--data",
        fixture("mini.jsonl").to_str().unwrap(),
        "--json",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&v), ["heads", "model", "n"]);
    assert!(v["model"].as_str().unwrap().starts_with("tezis-"));
    assert_eq!(v["n"], 24);
    assert_eq!(keys(&v["heads"]), ["stance", "theme"]);
    for (head, k) in [("theme", 4), ("stance", 3)] {
        let h = &v["heads"][head];
        assert_eq!(keys(h), ["accuracy", "confusion", "macro_f1", "per_class"]);
        let per_class = h["per_class"].as_object().unwrap();
        assert_eq!(per_class.len(), k);
        let mut support = 0;
        for c in per_class.values() {
            assert_eq!(keys(c), ["f1", "precision", "recall", "support"]);
            support += c["support"].as_u64().unwrap();
        }
        assert_eq!(support, 24);
        assert_eq!(keys(&h["confusion"]), ["labels", "matrix"]);
        let matrix = h["confusion"]["matrix"].as_array().unwrap();
        assert_eq!(matrix.len(), k);
        assert!(matrix.iter().all(|r| r.as_array().unwrap().len() == k));
        let total: u64 = matrix
            .iter()
            .flat_map(|r| r.as_array().unwrap())
            .map(|x| x.as_u64().unwrap())
            .sum();
        assert_eq!(total, 24);
        // Trained on the same rows, the model must fit them well.
        assert!(h["accuracy"].as_f64().unwrap() >= 0.9, "{head}: {h}");
    }
}

#[test]
fn classify_csv_keeps_every_column_and_adds_heads() {
    let out = ok(&[
        "classify",
        "--input",
        fixture("mini.csv").to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        ["id", "text", "theme", "stance", "extra", "theme", "theme_p", "stance", "stance_p"]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 24);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r[0], (i + 1).to_string(), "order preserved");
        let p: f64 = r[6].parse().unwrap();
        assert!((0.25..=1.0).contains(&p), "winning probability {p}");
    }
}

#[test]
fn classify_jsonl_output_keeps_fields_and_explains() {
    let out = ok(&[
        "classify",
        "--input",
        fixture("mini.jsonl").to_str().unwrap(),
        "--format",
        "jsonl",
        "--explain",
    ]);
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 24);
    assert_eq!(rows[0]["id"], 1);
    assert_eq!(rows[0]["extra"], "x");
    assert!(rows[0]["stance_p"].is_number());
    let why = rows[0]["theme_why"].as_str().unwrap();
    let parts: Vec<&str> = why.split("; ").collect();
    assert!((1..=5).contains(&parts.len()), "{why}");
    assert!(parts.iter().all(|p| p.contains(" +")), "{why}");
}

#[test]
fn classify_reads_stdin_lines_and_skips_blank_ones() {
    let mut child = bin()
        .args(["classify", "--input", "-", "--format", "csv"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(fixture("statements.txt")).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "text,theme,theme_p,stance,stance_p");
    assert_eq!(lines.len(), 4);
}

#[test]
fn default_model_is_embedded_and_sensible() {
    let out = ok(&[
        "classify",
        "--format",
        "csv",
        "Выборы в Курултай пройдут по партийным спискам",
        "Министерство искусственного интеллекта запускает новые сервисы eGov",
    ]);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(&rows[0][1], "party_system");
    assert_eq!(&rows[1][1], "digitalization");
}

#[test]
fn thread_count_does_not_change_output() {
    let input = fixture("mini.csv");
    let one = ok(&[
        "classify",
        "--input",
        input.to_str().unwrap(),
        "--format",
        "csv",
        "--threads",
        "1",
    ]);
    let two = ok(&[
        "classify",
        "--input",
        input.to_str().unwrap(),
        "--format",
        "csv",
        "--threads",
        "2",
    ]);
    assert_eq!(one, two);
}

#[test]
fn many_chunks_keep_input_order_on_any_thread_count_and_stop_at_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    // 3,000 distinct statements: a dozen chunks for the workers, more than fit in the queues.
    let texts: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                "Депутат №{i} поддерживает переход к Курултаю, а пункт {} нет",
                i * 7
            )
        })
        .collect();
    let jsonl = |texts: &[String], bad: Option<usize>| -> String {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| match bad {
                Some(b) if b == i => "{\"text\": broken\n".to_string(),
                _ => format!("{}\n", serde_json::json!({ "text": t })),
            })
            .collect()
    };
    let good = dir.path().join("many.jsonl");
    std::fs::write(&good, jsonl(&texts, None)).unwrap();
    let classify = |path: &Path, threads: &str| {
        run(&[
            "classify",
            "--input",
            path.to_str().unwrap(),
            "--format",
            "csv",
            "--threads",
            threads,
        ])
    };
    let one = classify(&good, "1");
    assert!(one.status.success());
    let one = String::from_utf8(one.stdout).unwrap();
    let mut rdr = csv::Reader::from_reader(one.as_bytes());
    let got: Vec<String> = rdr.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(got, texts);
    for threads in ["2", "3"] {
        let out = classify(&good, threads);
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            one,
            "{threads} threads"
        );
    }
    // Line 2,500 is not JSON: an error naming it, and what was written before is the start of
    // the good output, in order.
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, jsonl(&texts, Some(2499))).unwrap();
    for threads in ["1", "2"] {
        let out = classify(&bad, threads);
        assert!(!out.status.success());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("bad.jsonl:2500"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        let partial = String::from_utf8(out.stdout).unwrap();
        assert!(
            one.starts_with(&partial),
            "{threads} threads: output out of order"
        );
        assert!(
            partial.lines().count() > 2000,
            "{threads} threads: rows before the bad one"
        );
    }
}

#[test]
fn train_refuses_to_overwrite_a_model_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m");
    train(&fixture("mini.csv"), &m, &[]);
    let before = std::fs::read(m.join("weights.bin")).unwrap();
    let err = fail(&[
        "train",
        "--data",
        fixture("mini.csv").to_str().unwrap(),
        "--out",
        m.to_str().unwrap(),
        "--c",
        "0.5",
    ]);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read(m.join("weights.bin")).unwrap(), before);
}

#[test]
fn bad_data_is_reported_with_file_line_and_problem() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m");
    let missing = dir.path().join("nolabel.csv");
    std::fs::write(&missing, "text,topic\nпривет,x\n").unwrap();
    let err = fail(&[
        "train",
        "--data",
        missing.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        err.contains("nolabel.csv:1") && err.contains("`theme`"),
        "{err}"
    );

    let ragged = dir.path().join("ragged.csv");
    std::fs::write(&ragged, "text,theme,stance\nа,other,neutral\nб,other\n").unwrap();
    let err = fail(&[
        "train",
        "--data",
        ragged.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(err.contains("ragged.csv:3"), "{err}");

    let empty_text = dir.path().join("empty.jsonl");
    std::fs::write(&empty_text, "{\"text\":\"а\",\"theme\":\"x\",\"stance\":\"y\"}\n{\"text\":\"\",\"theme\":\"x\",\"stance\":\"y\"}\n").unwrap();
    let err = fail(&[
        "train",
        "--data",
        empty_text.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        err.contains("empty.jsonl:2") && err.contains("`text`"),
        "{err}"
    );

    let err = fail(&[
        "train",
        "--data",
        "/nonexistent/x.csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(err.contains("/nonexistent/x.csv"), "{err}");
    assert!(!out.exists(), "no model written on failure");
}

fn corrupt_copy(f: impl Fn(&Path)) -> String {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m");
    train(&fixture("mini.csv"), &m, &[]);
    f(&m);
    fail(&["classify", "--model", m.to_str().unwrap(), "Конституция"])
}

#[test]
fn corrupted_truncated_and_newer_models_are_refused() {
    let err = corrupt_copy(|m| {
        let p = m.join("weights.bin");
        let mut b = std::fs::read(&p).unwrap();
        let mid = b.len() / 2;
        b[mid] ^= 0x55;
        std::fs::write(&p, b).unwrap();
    });
    assert!(err.contains("checksum"), "{err}");

    let err = corrupt_copy(|m| {
        let p = m.join("weights.bin");
        let b = std::fs::read(&p).unwrap();
        std::fs::write(&p, &b[..b.len() - 100]).unwrap();
    });
    assert!(err.contains("truncated"), "{err}");

    let err = corrupt_copy(|m| {
        let p = m.join("manifest.json");
        let s = std::fs::read_to_string(&p).unwrap();
        std::fs::write(
            &p,
            s.replace("\"format_version\": 1", "\"format_version\": 99"),
        )
        .unwrap();
    });
    assert!(
        err.contains("format 99") && err.contains("upgrade"),
        "{err}"
    );

    let err = corrupt_copy(|m| {
        std::fs::remove_file(m.join("manifest.json")).unwrap();
    });
    assert!(err.contains("manifest.json"), "{err}");
}

#[test]
fn usage_errors_are_clear() {
    let err = fail(&["classify"]);
    assert!(err.contains("nothing to classify"), "{err}");
    let err = fail(&["classify", "--input", "x.xlsx"]);
    assert!(err.contains("--format"), "{err}");
    let err = fail(&[
        "eval",
        "--data",
        fixture("mini.csv").to_str().unwrap(),
        "--labels",
        "mood",
    ]);
    assert!(err.contains("mood"), "{err}");
}

#[test]
fn every_command_has_help_with_an_example() {
    for cmd in [
        "train", "classify", "eval", "compare", "models", "extract", "analyze",
    ] {
        let out = ok(&[cmd, "--help"]);
        assert!(out.contains("Example"), "{cmd} --help has no example");
        assert!(
            out.contains(&format!("tezis {cmd}")),
            "{cmd} --help example"
        );
    }
}

#[test]
fn target_aware_train_classify_and_eval() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m");
    let data = fixture("targets.csv");
    train(
        &data,
        &model,
        &["--labels", "stance", "--target-col", "target"],
    );
    let m = model.to_str().unwrap();
    let manifest = std::fs::read_to_string(model.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"target\""), "{manifest}");

    // The same statement, two targets, two stances.
    let text = "Партия похвалила реформу и раскритиковала министерство";
    let toward = |target: &str| {
        let out = ok(&[
            "classify", "--model", m, "--format", "csv", "--target", target, text,
        ]);
        out.lines().nth(1).unwrap().to_string()
    };
    assert!(
        toward("реформу").contains(",support,"),
        "{}",
        toward("реформу")
    );
    assert!(
        toward("министерство").contains(",oppose,"),
        "{}",
        toward("министерство")
    );

    // A target model refuses to classify without a target; a plain model refuses a target.
    let err = fail(&["classify", "--model", m, text]);
    assert!(err.contains("--target"), "{err}");
    let err = fail(&[
        "classify",
        "--model",
        m,
        "--target",
        "банк",
        "Партия похвалила реформу",
    ]);
    assert!(
        err.contains("банк") && err.contains("does not occur"),
        "{err}"
    );
    let err = fail(&["classify", "--target", "реформу", text]);
    assert!(err.contains("not trained with targets"), "{err}");

    // Table input takes the model's own target column by default and keeps every column.
    let out = ok(&[
        "classify",
        "--model",
        m,
        "--input",
        data.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,text,target,stance,stance,stance_p"
    );
    assert_eq!(lines.count(), 24);

    // eval uses the model's target column too.
    let json: Value = serde_json::from_str(&ok(&[
        "eval",
        "--model",
        m,
        "--data",
        data.to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    assert!(json["heads"]["stance"]["accuracy"].as_f64().unwrap() > 0.9);
}

#[test]
fn target_rows_that_cannot_be_located_name_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "text,target,stance,s,e\nРеформа нужна,реформа,support,0,7\nПартия против,банк,oppose,0,3\n",
    )
    .unwrap();
    let out = dir.path().join("m");
    let o = out.to_str().unwrap();
    let b = bad.to_str().unwrap();
    let err = fail(&[
        "train",
        "--data",
        b,
        "--out",
        o,
        "--labels",
        "stance",
        "--target-col",
        "target",
    ]);
    assert!(err.contains("bad.csv:3") && err.contains("банк"), "{err}");
    std::fs::write(
        &bad,
        "text,target,stance,s,e\nРеформа нужна,реформа,support,0,7\nПартия против,банк,oppose,5,40\n",
    )
    .unwrap();
    let err = fail(&[
        "train",
        "--data",
        b,
        "--out",
        o,
        "--labels",
        "stance",
        "--target-span",
        "s,e",
    ]);
    assert!(
        err.contains("bad.csv:3") && err.contains("out of range"),
        "{err}"
    );
}

#[test]
fn models_list_and_show_describe_every_version() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("models");
    train(&fixture("mini.csv"), &root.join("v1"), &["--cv", "2"]);
    train(&fixture("mini.csv"), &root.join("nested/v2"), &["--c", "1"]);
    std::fs::create_dir_all(root.join("broken")).unwrap();
    std::fs::write(root.join("broken/manifest.json"), "{ not json").unwrap();
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("v1/manifest.json")).unwrap())
            .unwrap();
    let version = manifest["version"].as_str().unwrap();
    let sha = manifest["weights"]["sha256"].as_str().unwrap();
    assert!(version.starts_with(&sha[..12]), "{version}");
    assert!(version.ends_with(manifest["created_at"].as_str().unwrap()));

    let out = ok(&["models", "list", root.to_str().unwrap()]);
    assert!(out.contains(version), "{out}");
    assert!(out.contains("nested/v2"), "{out}");
    assert!(out.contains("unreadable"), "{out}");
    assert!(out.contains("mini.csv"), "{out}");
    assert!(out.contains("theme: "), "{out}");
    // v1 has cross-validation figures, v2 has none.
    assert_eq!(out.matches("  cv        -").count(), 1, "{out}");

    let out = ok(&["models", "show", root.join("v1").to_str().unwrap()]);
    assert!(out.contains(version), "{out}");
    assert!(out.contains("2-fold theme"), "{out}");
    assert!(out.contains("stopwords=drop"), "{out}");
    let err = fail(&["models", "list", root.join("nope").to_str().unwrap()]);
    assert!(err.contains("not a directory"), "{err}");
}

#[test]
fn extract_and_analyze_an_article() {
    let article = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/articles/01-kruglyi-stol-kurultai.txt");
    let a = article.to_str().unwrap();
    let out = ok(&["extract", a, "--format", "jsonl"]);
    let quotes: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(quotes.len(), 11);
    let text: Vec<char> = std::fs::read_to_string(&article).unwrap().chars().collect();
    for q in &quotes {
        let (s, e) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        let span: String = text[s..e].iter().collect();
        assert_eq!(span, q["quote"].as_str().unwrap());
        assert!(matches!(q["kind"].as_str(), Some("direct" | "reported")));
    }
    let out = ok(&["analyze", a, "--format", "csv"]);
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "quote,speaker,speaker_role,kind,start,end,theme,theme_p,stance,stance_p"
    );
    let table = ok(&["analyze", a, "--format", "table"]);
    assert!(table.contains("11 quotes"), "{table}");
    assert!(table.contains("by theme × stance:"), "{table}");
    assert!(table.contains("Рустам Жаксылыков"), "{table}");
    let empty = ok(&[
        "extract",
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/articles/05-press-reliz-memorandum.txt")
            .to_str()
            .unwrap(),
        "--format",
        "jsonl",
    ]);
    assert!(empty.trim().is_empty(), "{empty}");
}

#[test]
fn a_closed_output_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    let mut child = bin()
        .args(["classify", "--input"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/quotes.csv"))
        .args(["--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone now: tezis must stop without an error or a panic.
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with("id,text"), "{first}");
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
