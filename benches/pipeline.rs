//! Throughput of each stage of classification with the embedded default model, on the project's
//! own statements (`data/quotes.csv`): text analysis (normalise + tokenise + negation + stopwords +
//! Snowball stems, MB/s), feature extraction per head (the reference path training uses, and the
//! scorer's resolved path), the scoring loop alone (the sums over features already extracted, and
//! the scorer's word sums over text already analysed), end-to-end classification through the
//! public API, and loading the embedded model.
//!
//!     cargo bench --bench pipeline

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use tezis::features::extract::WordCache;
use tezis::features::FeatureScratch;
use tezis::text::{TextScratch, WordSlots};
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

fn bench(c: &mut Criterion) {
    let model = Model::embedded().expect("embedded model");
    let texts = texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let n = texts.len() as u64;

    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("analyze_and_stem", |b| {
        let mut s = TextScratch::default();
        b.iter(|| {
            let mut total = 0;
            for t in &texts {
                model.analyzer.analyze(black_box(t), &mut s);
                for term in &s.terms {
                    total += model.analyzer.stem(s.term_text(term)).len();
                }
            }
            total
        })
    });
    g.finish();

    // Every quote analysed once, up front, for the per-head stages.
    let analysed: Vec<TextScratch> = texts
        .iter()
        .map(|t| {
            let mut s = TextScratch::default();
            model.analyzer.analyze(t, &mut s);
            s
        })
        .collect();
    let mut g = c.benchmark_group("features");
    g.throughput(Throughput::Elements(n));
    for head in &model.heads {
        g.bench_function(format!("extract_{}", head.name), |b| {
            let mut fs = FeatureScratch::default();
            b.iter(|| {
                let mut total = 0;
                for a in &analysed {
                    head.featurizer.transform(&model.analyzer, a, &mut fs);
                    total += fs.vector.len();
                }
                total
            })
        });
        g.bench_function(format!("extract_resolved_{}", head.name), |b| {
            let mut fs = head.featurizer.resolved_scratch();
            b.iter(|| {
                let mut total = 0;
                for a in &analysed {
                    head.featurizer
                        .transform_resolved(&model.analyzer, a, &mut fs);
                    total += fs.vector.len();
                }
                total
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("scoring_loop");
    g.throughput(Throughput::Elements(n));
    for head in &model.heads {
        let mut fs = FeatureScratch::default();
        let vectors: Vec<Vec<(u32, f32)>> = analysed
            .iter()
            .map(|a| {
                head.featurizer.transform(&model.analyzer, a, &mut fs);
                fs.vector.clone()
            })
            .collect();
        // The scorer's own path: per word a row kept in the word cache, repeats corrected, rows
        // of bigrams and cues added (text analysed up front, with the scorer's word ids).
        let mut slots = WordSlots::default();
        let slotted: Vec<TextScratch> = texts
            .iter()
            .map(|t| {
                let mut s = TextScratch::default();
                model.analyzer.analyze_with(t, &mut s, Some(&mut slots));
                s
            })
            .collect();
        g.bench_function(format!("word_sums_{}", head.name), |b| {
            let mut cache = WordCache::default();
            let mut sums = head.sums();
            let mut out = vec![0.0f32; head.n_classes()];
            b.iter(|| {
                for a in &slotted {
                    head.featurizer.extract_resolved(
                        &model.analyzer,
                        black_box(a),
                        &mut cache,
                        &mut sums,
                    );
                    sums.finish(&head.bias, &mut out);
                }
                out[0]
            })
        });
        g.bench_function(format!("sums_softmax_{}", head.name), |b| {
            let mut out = vec![0.0f32; head.n_classes()];
            b.iter(|| {
                for v in &vectors {
                    head.probs_of(black_box(v), &mut out);
                }
                out[0]
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("classify");
    g.throughput(Throughput::Elements(1));
    g.bench_function("one_quote_warm", |b| {
        let mut s = model.scorer();
        for t in &texts {
            s.score(t);
        }
        let mut i = 0;
        b.iter(|| {
            s.score(black_box(&texts[i % texts.len()]));
            i += 1;
            s.best(0)
        })
    });
    g.throughput(Throughput::Elements(n));
    g.bench_function("corpus_cold_cache", |b| {
        b.iter_batched(
            || model.scorer(),
            |mut s| {
                for t in &texts {
                    s.score(black_box(t));
                }
                s.best(0)
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("model");
    g.throughput(Throughput::Elements(1));
    g.sample_size(20);
    g.bench_function("load_embedded", |b| {
        b.iter(|| Model::embedded().unwrap().heads.len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
