//! Why tezis trains its own sparse softmax behind linfa's `Fit`: this times linfa-logistic's
//! multinomial model on the dense matrix against tezis's sparse trainer on the same TF-IDF features
//! and labels (the `theme` head of `data/quotes.csv`, or any CSV given as the first argument).
//!
//!     cargo run --release --example dense_vs_sparse [-- data.csv [text_col label_col]]

use linfa::prelude::*;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2};
use std::path::PathBuf;
use std::time::Instant;
use tezis::features::extract::FeatureOptions;
use tezis::features::sparse::CsrMatrix;
use tezis::features::{FeatureScratch, Featurizer};
use tezis::io::labeled::LabeledData;
use tezis::model::softmax::SoftmaxRegression;
use tezis::text::{Analyzer, TextOptions, TextScratch};

fn main() -> tezis::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = PathBuf::from(
        args.first()
            .cloned()
            .unwrap_or_else(|| "data/quotes.csv".into()),
    );
    let text_col = args.get(1).cloned().unwrap_or_else(|| "text".into());
    let label_col = args.get(2).cloned().unwrap_or_else(|| "theme".into());
    let data = LabeledData::load(
        &path,
        None,
        &text_col,
        std::slice::from_ref(&label_col),
        true,
    )?;
    let analyzer = Analyzer::new(TextOptions::default());
    let analysed: Vec<TextScratch> = data
        .texts
        .iter()
        .map(|t| {
            let mut s = TextScratch::default();
            analyzer.analyze(t, &mut s);
            s
        })
        .collect();
    let f = Featurizer::fit(&analyzer, &analysed, FeatureOptions::default());
    let mut labels: Vec<String> = data.labels[0].iter().flatten().cloned().collect();
    labels.sort();
    labels.dedup();
    let y: Vec<usize> = data.labels[0]
        .iter()
        .map(|l| labels.binary_search(l.as_ref().unwrap()).unwrap())
        .collect();
    let (n, d) = (data.len(), f.n_features());
    let mut sparse = CsrMatrix::new(d);
    let mut dense = Array2::<f64>::zeros((n, d));
    let mut s = FeatureScratch::default();
    for (i, text) in analysed.iter().enumerate() {
        f.transform(&analyzer, text, &mut s);
        sparse.push_row(&s.vector);
        for &(j, v) in &s.vector {
            dense[[i, j as usize]] = v as f64;
        }
    }
    println!(
        "{n} rows × {d} features, {} non-zeros, {} classes",
        sparse.nnz(),
        labels.len()
    );
    println!("dense matrix: {:.0} MB", (n * d * 8) as f64 / 1e6);

    let t = Instant::now();
    let ds = DatasetBase::new(sparse, Array1::from(y.clone()));
    let sparse_model = SoftmaxRegression::new(labels.len()).fit(&ds)?;
    let sparse_secs = t.elapsed().as_secs_f64();
    let pred: Array1<usize> = sparse_model.predict(&ds);
    let sparse_acc = pred.iter().zip(&y).filter(|(a, b)| a == b).count() as f64 / n as f64;
    println!(
        "tezis sparse softmax (L-BFGS): {sparse_secs:.2} s, training accuracy {sparse_acc:.3}"
    );

    let t = Instant::now();
    let ds = Dataset::new(dense, Array1::from(y.clone()));
    let dense_model = MultiLogisticRegression::default()
        .alpha(0.1 / n as f64)
        .max_iterations(100)
        .fit(&ds)
        .expect("linfa-logistic fit");
    let dense_secs = t.elapsed().as_secs_f64();
    let pred = dense_model.predict(&ds);
    let dense_acc = pred.iter().zip(&y).filter(|(a, b)| a == b).count() as f64 / n as f64;
    println!(
        "linfa-logistic dense multinomial: {dense_secs:.2} s, training accuracy {dense_acc:.3}"
    );
    println!("speed-up: {:.1}×", dense_secs / sparse_secs);
    Ok(())
}
