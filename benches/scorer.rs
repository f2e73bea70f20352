//! Scoring throughput of the embedded default model on the project's own statements.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use tezis::Model;

fn texts() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/quotes.csv");
    let mut rdr = csv::Reader::from_path(path).expect("data/quotes.csv");
    let col = rdr
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "text")
        .unwrap();
    rdr.records().map(|r| r.unwrap()[col].to_string()).collect()
}

fn bench_scorer(c: &mut Criterion) {
    let model = Model::embedded().expect("embedded model");
    let texts = texts();
    let mut group = c.benchmark_group("scorer");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("classify_corpus_warm_cache", |b| {
        let mut s = model.scorer();
        b.iter(|| {
            for t in &texts {
                s.score(black_box(t));
                black_box(s.best(0));
            }
        })
    });
    group.bench_function("classify_corpus_cold_cache", |b| {
        b.iter(|| {
            let mut s = model.scorer();
            for t in &texts {
                s.score(black_box(t));
                black_box(s.best(0));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_scorer);
criterion_main!(benches);
