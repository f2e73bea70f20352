//! Writes the TF-IDF matrix a trained model's head computes for a labelled file, in svmlight
//! format (`label id:value ...`, ids from 1), so that another learner can be timed on exactly
//! the features tezis trains on (`benches/peers/train_speed.py`). The model's own text column,
//! target columns and tag columns are used.
//!
//!     cargo run --release --example export_features -- MODEL_DIR DATA HEAD OUT

use std::io::{BufWriter, Write};
use tezis::features::FeatureScratch;
use tezis::io::labeled::LabeledData;
use tezis::text::TextScratch;
use tezis::Model;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model_dir, data, head, out] = args.as_slice() else {
        return Err("usage: export_features MODEL_DIR DATA HEAD OUT".into());
    };
    let model = Model::load(model_dir.as_ref())?;
    let h = model
        .head_index(head)
        .ok_or_else(|| format!("the model has no head `{head}`"))?;
    let head = &model.heads[h];
    let pipeline = &model.manifest.pipeline;
    let data = LabeledData::load_with_target(
        data.as_ref(),
        None,
        &pipeline.text_column,
        std::slice::from_ref(&head.name),
        true,
        pipeline.target.as_ref(),
        &pipeline.tags,
    )?;
    let mut w = BufWriter::new(std::fs::File::create(out)?);
    let (mut text, mut features) = (TextScratch::default(), FeatureScratch::default());
    let mut rows = 0;
    for (i, t) in data.texts.iter().enumerate() {
        let Some(label) = &data.labels[0][i] else {
            continue;
        };
        match &data.targets {
            Some(spans) => model
                .analyzer
                .analyze_target(t, spans[i].clone(), &mut text),
            None => model.analyzer.analyze(t, &mut text),
        }
        if let Some(tags) = &data.tags {
            let values = tags[i].iter().map(String::as_str);
            text.set_tags(pipeline.tags.iter().map(String::as_str).zip(values));
        }
        head.featurizer
            .transform(&model.analyzer, &text, &mut features);
        write!(
            w,
            "{}",
            head.labels.binary_search(label).unwrap_or(usize::MAX)
        )?;
        for (id, v) in &features.vector {
            write!(w, " {}:{}", id + 1, v)?;
        }
        writeln!(w)?;
        rows += 1;
    }
    w.flush()?;
    eprintln!(
        "{rows} rows × {} features of head `{}` → {out}",
        head.featurizer.n_features(),
        head.name
    );
    Ok(())
}
