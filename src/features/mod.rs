//! Features: the text pipeline's words → sparse TF-IDF vectors over a fixed vocabulary.

pub mod extract;
pub mod lexicon;
pub mod polarity;
pub mod sparse;
pub mod vocabulary;

use crate::text::{Analyzer, TextScratch};
use extract::{Context, FeatureKey, FeatureOptions, Sink, WordCache};
use lexicon::{Interner, Lexicon};
use polarity::Polarity;
use vocabulary::{DfCounter, DocCounts, Vocabulary};

/// The path from analysed text to a feature vector for one label head: options, polarity list,
/// lexicon and vocabulary. Built once by [`Featurizer::fit`] on training texts, or loaded from a
/// model file. The [`Analyzer`] is shared by all heads of a model and passed in.
#[derive(Debug)]
pub struct Featurizer {
    options: FeatureOptions,
    polarity: Polarity,
    lexicon: Lexicon,
    vocab: Vocabulary,
}

/// Two featurizers are equal when they map every text to the same vector: same options, lexicon
/// and vocabulary (the polarity list is derived from the analyzer).
impl PartialEq for Featurizer {
    fn eq(&self, other: &Self) -> bool {
        self.options == other.options
            && self
                .lexicon
                .stems
                .strings()
                .eq(other.lexicon.stems.strings())
            && self
                .lexicon
                .grams
                .strings()
                .eq(other.lexicon.grams.strings())
            && self.vocab.keys() == other.vocab.keys()
            && self.vocab.idf() == other.vocab.idf()
    }
}

/// Per-thread reusable buffers for [`Featurizer::transform`].
#[derive(Debug, Default)]
pub struct FeatureScratch {
    cache: WordCache,
    keys: Vec<FeatureKey>,
    ids: Vec<u32>,
    /// The last transformed vector: `(feature id, weight)`, sorted by id, unit length.
    pub vector: Vec<(u32, f32)>,
}

/// Per-thread buffers of [`Featurizer::transform_resolved`]: a word cache that holds feature ids,
/// and per-feature counters. (The scorer goes through the same resolving cache with its own sink,
/// `model::sums::Sums`.)
#[derive(Debug)]
pub struct ResolvedScratch<'v> {
    cache: WordCache,
    counts: DocCounts<'v>,
    /// The last transformed vector: `(feature id, weight)`, sorted by id, unit length.
    pub vector: Vec<(u32, f32)>,
}

impl Featurizer {
    /// Builds the vocabulary from analysed training texts: counts document frequencies, prunes, and
    /// renumbers stems, n-grams and features in a canonical (sorted) order so the result does not
    /// depend on hash order.
    pub fn fit<'a>(
        analyzer: &Analyzer,
        texts: impl IntoIterator<Item = &'a TextScratch>,
        options: FeatureOptions,
    ) -> Featurizer {
        let polarity = Polarity::russian(analyzer);
        let cx = Context {
            analyzer,
            polarity: &polarity,
            options: &options,
        };
        let mut growing = Lexicon::growing();
        let mut cache = WordCache::default();
        let mut keys = Vec::new();
        let mut df = DfCounter::default();
        for text in texts {
            extract::extract(text, cx, &mut growing, &mut cache, &mut keys);
            df.add(&keys);
        }
        let kept = df.pruned(options.min_df.max(1), options.max_features);

        // Renumber the stems and n-grams that kept features use, in string order.
        let mut stems: Vec<u32> = Vec::new();
        let mut grams: Vec<u32> = Vec::new();
        for (k, _) in &kept {
            match *k {
                FeatureKey::Uni(s) | FeatureKey::NegUni(s) | FeatureKey::Ctx(_, s) => stems.push(s),
                FeatureKey::Bi(a, b) => stems.extend([a, b]),
                FeatureKey::Char(g) => grams.push(g),
                FeatureKey::Cue(_) => {}
            }
        }
        let renumber = |ids: &mut Vec<u32>, interner: &Interner| {
            ids.sort_unstable_by(|a, b| interner.string(*a).cmp(interner.string(*b)));
            ids.dedup();
            let strings = ids.iter().map(|&i| interner.string(i));
            let map: rustc_hash::FxHashMap<u32, u32> = ids
                .iter()
                .enumerate()
                .map(|(new, &old)| (old, new as u32))
                .collect();
            (Interner::frozen(strings), map)
        };
        let (stem_interner, stem_map) = renumber(&mut stems, &growing.stems);
        let (gram_interner, gram_map) = renumber(&mut grams, &growing.grams);
        let mut features: Vec<(FeatureKey, f32)> = kept
            .iter()
            .map(|(k, d)| {
                let key = match *k {
                    FeatureKey::Uni(s) => FeatureKey::Uni(stem_map[&s]),
                    FeatureKey::NegUni(s) => FeatureKey::NegUni(stem_map[&s]),
                    FeatureKey::Bi(a, b) => FeatureKey::Bi(stem_map[&a], stem_map[&b]),
                    FeatureKey::Char(g) => FeatureKey::Char(gram_map[&g]),
                    FeatureKey::Cue(c) => FeatureKey::Cue(c),
                    FeatureKey::Ctx(kind, s) => FeatureKey::Ctx(kind, stem_map[&s]),
                };
                (key, vocabulary::idf(*d, df.docs()))
            })
            .collect();
        features.sort_unstable_by_key(|a| a.0);
        let (keys, idf): (Vec<_>, Vec<_>) = features.into_iter().unzip();
        Featurizer {
            options,
            polarity,
            lexicon: Lexicon {
                stems: stem_interner,
                grams: gram_interner,
            },
            vocab: Vocabulary::new(keys, idf),
        }
    }

    /// Reassembles a featurizer from its parts (as stored in a model file).
    pub fn from_parts(
        analyzer: &Analyzer,
        options: FeatureOptions,
        lexicon: Lexicon,
        vocab: Vocabulary,
    ) -> Featurizer {
        Featurizer {
            polarity: Polarity::russian(analyzer),
            options,
            lexicon,
            vocab,
        }
    }

    /// Turns analysed text into its feature vector, left in `scratch.vector`.
    pub fn transform(&self, analyzer: &Analyzer, text: &TextScratch, scratch: &mut FeatureScratch) {
        let cx = Context {
            analyzer,
            polarity: &self.polarity,
            options: &self.options,
        };
        extract::extract(
            text,
            cx,
            &mut &self.lexicon,
            &mut scratch.cache,
            &mut scratch.keys,
        );
        self.vocab
            .vectorize(&scratch.keys, &mut scratch.ids, &mut scratch.vector);
    }

    /// Buffers for [`Featurizer::transform_resolved`] with this featurizer.
    pub fn resolved_scratch(&self) -> ResolvedScratch<'_> {
        ResolvedScratch {
            cache: WordCache::default(),
            counts: DocCounts::new(&self.vocab),
            vector: Vec::new(),
        }
    }

    /// The same vector as [`Featurizer::transform`] (up to float rounding), faster: the word cache
    /// maps a seen word straight to its feature ids and occurrences are counted in place. `scratch`
    /// must come from this featurizer's [`Featurizer::resolved_scratch`].
    pub fn transform_resolved(
        &self,
        analyzer: &Analyzer,
        text: &TextScratch,
        scratch: &mut ResolvedScratch,
    ) {
        self.extract_resolved(analyzer, text, &mut scratch.cache, &mut scratch.counts);
        scratch.counts.finish(&mut scratch.vector);
    }

    /// Extracts the text's features into `sink` through `cache`, a word cache that resolves
    /// words to this featurizer's feature ids (always used with this featurizer).
    pub fn extract_resolved<S: Sink>(
        &self,
        analyzer: &Analyzer,
        text: &TextScratch,
        cache: &mut WordCache,
        sink: &mut S,
    ) {
        let cx = Context {
            analyzer,
            polarity: &self.polarity,
            options: &self.options,
        };
        extract::extract_in(text, cx, &mut &self.lexicon, cache, Some(&self.vocab), sink);
    }

    pub fn options(&self) -> FeatureOptions {
        self.options
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn vocab(&self) -> &Vocabulary {
        &self.vocab
    }

    pub fn n_features(&self) -> usize {
        self.vocab.len()
    }

    /// A readable name for feature `id`.
    pub fn feature_name(&self, id: u32) -> String {
        self.vocab.keys()[id as usize].display(&self.lexicon)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextOptions;

    const TEXTS: [&str; 4] = [
        "Партии поддерживают пропорциональную систему",
        "Партия против пропорциональной системы",
        "Новая Конституция укрепляет права граждан",
        "Конституция не защищает права",
    ];

    fn fitted() -> (Analyzer, Featurizer) {
        let a = Analyzer::new(TextOptions::default());
        let opts = FeatureOptions {
            min_df: 2,
            ..FeatureOptions::default()
        };
        let analysed = crate::text::analyze_each(&a, &TEXTS);
        let f = Featurizer::fit(&a, &analysed, opts);
        (a, f)
    }

    #[test]
    fn min_df_prunes_singletons() {
        let (_, f) = fitted();
        let names: Vec<String> = (0..f.n_features() as u32)
            .map(|i| f.feature_name(i))
            .collect();
        assert!(names.contains(&"парт".to_string()));
        assert!(names.contains(&"конституц".to_string()));
        assert!(!names.iter().any(|n| n.starts_with("укрепля")), "{names:?}");
    }

    #[test]
    fn fit_is_independent_of_hash_order_and_repeatable() {
        let (_, a) = fitted();
        let (_, b) = fitted();
        assert_eq!(a.vocab().keys(), b.vocab().keys());
        assert!(a.lexicon().stems.strings().eq(b.lexicon().stems.strings()));
    }

    #[test]
    fn stems_are_numbered_in_string_order() {
        let (_, f) = fitted();
        let s: Vec<&str> = f.lexicon().stems.strings().collect();
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn transform_matches_unseen_forms_of_known_stems() {
        let (a, f) = fitted();
        let mut text = TextScratch::default();
        let mut scratch = FeatureScratch::default();
        a.analyze("партиям и конституцией", &mut text);
        f.transform(&a, &text, &mut scratch);
        let names: Vec<String> = scratch
            .vector
            .iter()
            .map(|(i, _)| f.feature_name(*i))
            .collect();
        assert_eq!(names, ["конституц", "парт"]);
        a.analyze("совсем другое", &mut text);
        f.transform(&a, &text, &mut scratch);
        assert!(scratch.vector.is_empty());
    }
}
