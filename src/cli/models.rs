//! `tezis models`: the model versions kept under a directory.

use std::path::{Path, PathBuf};
use tezis::model::format::{parse_manifest, Manifest};
use tezis::{Error, Result};

#[derive(Debug, clap::Args)]
#[command(
    about = "List the models under a directory, or show one model's manifest",
    after_help = "Examples:\n  tezis models list\n  tezis models list experiments/\n  \
                  tezis models show models/default"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Every model under DIR (default `models/`): version, creation time, heads and labels,
    /// training data hash and rows, size, cross-validation macro-F1.
    List {
        #[arg(default_value = "models")]
        dir: PathBuf,
    },
    /// One model's manifest, readably.
    Show { dir: PathBuf },
}

/// Model directories under `root` (itself included), at most `depth` levels down, sorted.
fn find_models(root: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if root.join("manifest.json").is_file() {
        out.push(root.to_path_buf());
    }
    if depth == 0 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for d in dirs {
        find_models(&d, depth - 1, out);
    }
}

fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join("manifest.json");
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    parse_manifest(&bytes, &dir.display().to_string())
}

fn size_of(dir: &Path, m: &Manifest) -> u64 {
    ["manifest.json", m.weights.file.as_str()]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum()
}

fn version(m: &Manifest) -> String {
    if m.version.is_empty() {
        m.id()
    } else {
        m.version.clone()
    }
}

fn cv_summary(m: &Manifest) -> String {
    match &m.cv {
        None => "-".into(),
        Some(cv) => cv
            .heads
            .iter()
            .map(|(h, v)| format!("{h} {:.3}", v.macro_f1))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

pub fn run(args: Args) -> Result<()> {
    match args.command {
        Sub::List { dir } => list(&dir),
        Sub::Show { dir } => show(&dir),
    }
}

fn list(root: &Path) -> Result<()> {
    if !root.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a directory; give the folder that holds your model directories",
            root.display()
        )));
    }
    let mut dirs = Vec::new();
    find_models(root, 3, &mut dirs);
    if dirs.is_empty() {
        println!(
            "no models under {} (a model is a directory with manifest.json)",
            root.display()
        );
        return Ok(());
    }
    for dir in dirs {
        match read_manifest(&dir) {
            Err(e) => println!("{}\n  unreadable: {e}\n", dir.display()),
            Ok(m) => {
                println!("{}", dir.display());
                println!("  version   {}", version(&m));
                println!("  created   {}", m.created_at);
                for h in &m.heads {
                    println!("  head      {}: {}", h.name, h.labels.join(", "));
                }
                println!(
                    "  data      {} ({} rows, sha256 {})",
                    m.training.data_file,
                    m.training.rows,
                    &m.training.data_sha256[..12.min(m.training.data_sha256.len())]
                );
                println!("  size      {:.1} MB", size_of(&dir, &m) as f64 / 1e6);
                println!("  cv        {}", cv_summary(&m));
                println!();
            }
        }
    }
    Ok(())
}

fn show(dir: &Path) -> Result<()> {
    let m = read_manifest(dir)?;
    println!("model      {}", dir.display());
    println!("version    {}", version(&m));
    println!("created    {} by tezis {}", m.created_at, m.tezis_version);
    println!(
        "format     {} (weights {}, {} bytes, sha256 {})",
        m.format_version, m.weights.file, m.weights.bytes, m.weights.sha256
    );
    println!(
        "data       {} ({} rows, sha256 {})",
        m.training.data_file, m.training.rows, m.training.data_sha256
    );
    let onoff = |b: bool| if b { "on" } else { "off" };
    println!(
        "text       column `{}`, negation {}, stemming {}",
        m.pipeline.text_column,
        onoff(m.pipeline.text.negation),
        onoff(m.pipeline.text.stem)
    );
    if let Some(t) = &m.pipeline.target {
        println!("target     {t:?}");
    }
    if !m.pipeline.tags.is_empty() {
        println!("tags       {}", m.pipeline.tags.join(", "));
    }
    println!(
        "training   C = {}, max {} iterations, tolerance {}, class weights {}, seed {}",
        m.hyperparameters.c,
        m.hyperparameters.max_iter,
        m.hyperparameters.tolerance,
        m.hyperparameters.class_weight,
        m.seed
    );
    for h in &m.heads {
        println!(
            "head       {}: {} ({} features; {})",
            h.name,
            h.labels.join(", "),
            h.n_features,
            h.features.spec()
        );
    }
    match &m.cv {
        None => println!("cv         none"),
        Some(cv) => {
            for (h, v) in &cv.heads {
                println!(
                    "cv         {}-fold {h}: accuracy {:.4}, macro-F1 {:.4}",
                    cv.folds, v.accuracy, v.macro_f1
                );
            }
        }
    }
    Ok(())
}
