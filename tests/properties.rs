//! Properties that must hold for any input (proptest): normalisation is idempotent, tokens lie
//! inside the text on character boundaries, classification gives probabilities summing to 1 per
//! head, and a trained model survives save → load exactly.

use proptest::prelude::*;
use tezis::io::labeled::LabeledData;
use tezis::model::train::{train, TrainOptions};
use tezis::text::normalize::normalize;
use tezis::text::tokenize::tokenize_into;
use tezis::Model;

/// Text drawn from every kind of character, weighted toward what quotes contain.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[а-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ a-zA-Z0-9«»„“”\"'—–\\-.,!?:;…\u{00AD}\u{200B}\u{0301}\u{0306}\u{E000}\n\t]{0,80}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalisation_is_idempotent(s in text()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn tokens_lie_inside_the_text_on_char_boundaries(s in text()) {
        let norm = normalize(&s);
        let mut toks = Vec::new();
        tokenize_into(&norm, &mut toks);
        for t in &toks {
            prop_assert!(t.start < t.end && t.end <= norm.len());
            prop_assert!(norm.is_char_boundary(t.start) && norm.is_char_boundary(t.end));
        }
    }

    #[test]
    fn probabilities_sum_to_one_per_head(s in text()) {
        let model = Model::embedded().unwrap();
        let mut scorer = model.scorer();
        scorer.score(&s);
        for h in 0..model.heads.len() {
            let p = scorer.probs(h);
            let sum: f32 = p.iter().sum();
            prop_assert!((sum - 1.0).abs() < 1e-4, "{:?}", p);
            prop_assert!(p.iter().all(|x| x.is_finite() && *x >= 0.0));
        }
    }

    #[test]
    fn quote_extraction_never_panics_and_spans_match(s in text()) {
        let chars: Vec<char> = s.chars().collect();
        for q in tezis::quotes::extract(&s) {
            prop_assert!(q.start <= q.end && q.end <= chars.len());
            let span: String = chars[q.start..q.end].iter().collect();
            prop_assert_eq!(span, q.quote);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn save_load_round_trips_exactly(
        rows in prop::collection::vec(
            ("[а-яa-z]{1,10}( [а-яa-z]{1,10}){0,4}", prop::sample::select(vec!["a", "b", "c"])),
            4..30,
        ),
        c in 0.1f64..20.0,
    ) {
        // Training refuses a label column with one label (tested in tests/errors.rs).
        prop_assume!(rows.iter().any(|r| r.1 != rows[0].1));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.csv");
        let mut w = csv::Writer::from_path(&path).unwrap();
        w.write_record(["text", "label"]).unwrap();
        for (t, l) in &rows {
            w.write_record([t.as_str(), l]).unwrap();
        }
        w.flush().unwrap();
        let data = LabeledData::load(&path, None, "text", &["label".into()], true).unwrap();
        let opts = TrainOptions { c, ..Default::default() };
        let (mut model, _) = train(&data, &opts).unwrap();
        let out = dir.path().join("m");
        model.save(&out).unwrap();
        let loaded = Model::load(&out).unwrap();
        prop_assert_eq!(&loaded.heads, &model.heads);
        prop_assert_eq!(&loaded.manifest, &model.manifest);
        let (mut a, mut b) = (model.scorer(), loaded.scorer());
        for (t, _) in &rows {
            a.score(t);
            b.score(t);
            prop_assert_eq!(a.probs(0), b.probs(0));
        }
    }
}
