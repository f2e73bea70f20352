//! Scores every statement of a file N times with one scorer of the embedded default model: a
//! fixed workload for profilers (`perf record`, `valgrind --tool=callgrind`).
//!
//!     cargo run --release --example score_loop -- data/quotes.csv 10

use tezis::io::labeled::LabeledData;
use tezis::Model;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "data/quotes.csv".into());
    let rounds: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(10);
    let data = LabeledData::load(path.as_ref(), None, "text", &[], false)?;
    let model = Model::embedded()?;
    let mut scorer = model.scorer();
    let mut wins = vec![0usize; 8];
    let t0 = std::time::Instant::now();
    for _ in 0..rounds {
        for t in &data.texts {
            scorer.score(t);
            wins[scorer.best(0).0] += 1;
        }
    }
    let n = rounds * data.len();
    let secs = t0.elapsed().as_secs_f64();
    eprintln!(
        "{n} quotes in {secs:.3} s: {:.0} quotes/s, {:.2} µs/quote ({wins:?})",
        n as f64 / secs,
        1e6 * secs / n as f64
    );
    Ok(())
}
