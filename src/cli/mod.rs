//! The command line: one file per command, each a thin layer over the library.

pub mod classify;
pub mod compare;
pub mod eval;
pub mod extract;
pub mod models;
mod ordered;
pub mod progress;
pub mod train;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "tezis",
    version,
    about = "Theme and stance of Russian-language political statements about Kazakhstan",
    long_about = "tezis labels each statement by theme (constitution, party_system, digitalization, \
                  other) and stance (support, oppose, neutral), trains new models on your labeled \
                  quotes, and measures them.\n\nWithout --model, classify and eval use the default \
                  model embedded in the binary.",
    after_help = "Examples:\n  tezis classify \"Новая Конституция укрепит права граждан\"\n  \
                  tezis train --data data/quotes.csv --out models/my --cv 5\n  \
                  tezis eval --data data/holdout.csv\n  \
                  tezis compare @default models/my --data data/holdout.csv"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Train(train::Args),
    Classify(classify::Args),
    Eval(eval::Args),
    Compare(compare::Args),
    Models(models::Args),
    Extract(extract::ExtractArgs),
    Analyze(extract::AnalyzeArgs),
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> tezis::Result<()> {
    match cli.command {
        Command::Train(a) => train::run(a),
        Command::Classify(a) => classify::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Models(a) => models::run(a),
        Command::Extract(a) => extract::run_extract(a),
        Command::Analyze(a) => extract::run_analyze(a),
    }
}

/// Splits a comma-separated list, dropping blanks.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}
