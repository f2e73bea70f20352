//! Feature extraction: analysed words → feature keys (stem unigrams, negation-marked unigrams,
//! stem bigrams within a clause, optional character n-grams).
//!
//! The same function serves vocabulary building (with a growing lexicon) and scoring (with a frozen
//! one), so training and prediction cannot drift apart. A per-word cache maps each surface form to
//! its stem id and character n-gram ids: a word seen before skips Snowball and n-gram hashing.

use super::lexicon::Lexicon;
use crate::text::{Analyzer, TextScratch};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Options of the feature layer, recorded in the model manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureOptions {
    /// Stem bigrams of neighbouring words within a clause.
    pub bigrams: bool,
    /// Character n-grams of each word (with `<` `>` boundary marks), `[min, max]` lengths; off when
    /// `None`.
    pub char_ngrams: Option<[u8; 2]>,
    /// Keep a feature only when it occurs in at least this many training rows.
    pub min_df: u32,
    /// Keep at most this many features (the most frequent by document frequency).
    pub max_features: Option<u32>,
}

impl Default for FeatureOptions {
    fn default() -> Self {
        FeatureOptions {
            bigrams: true,
            char_ngrams: None,
            min_df: 1,
            max_features: None,
        }
    }
}

/// A feature before it gets a dense id. Stem and n-gram ids refer to the [`Lexicon`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FeatureKey {
    /// A stem.
    Uni(u32),
    /// A stem inside negation scope (emitted in addition to the plain unigram).
    NegUni(u32),
    /// Two neighbouring stems in one clause.
    Bi(u32, u32),
    /// A character n-gram of a word.
    Char(u32),
}

impl FeatureKey {
    pub(crate) fn kind_code(&self) -> u8 {
        match self {
            FeatureKey::Uni(_) => 0,
            FeatureKey::NegUni(_) => 1,
            FeatureKey::Bi(..) => 2,
            FeatureKey::Char(_) => 3,
        }
    }

    /// A readable form for explanations and debugging.
    pub fn display(&self, lex: &Lexicon) -> String {
        match *self {
            FeatureKey::Uni(s) => lex.stems.string(s).to_string(),
            FeatureKey::NegUni(s) => format!("не_{}", lex.stems.string(s)),
            FeatureKey::Bi(a, b) => format!("{} {}", lex.stems.string(a), lex.stems.string(b)),
            FeatureKey::Char(g) => format!("[{}]", lex.grams.string(g)),
        }
    }
}

const NONE: u32 = u32::MAX;

/// Where extraction looks up stem and n-gram ids: a growing [`Lexicon`] while the vocabulary is
/// built, a shared `&Lexicon` (lookups only) when scoring.
pub trait LexiconLookup {
    fn stem_id(&mut self, stem: &str) -> Option<u32>;
    fn gram_id(&mut self, gram: &str) -> Option<u32>;
}

impl LexiconLookup for Lexicon {
    fn stem_id(&mut self, stem: &str) -> Option<u32> {
        self.stems.resolve(stem)
    }
    fn gram_id(&mut self, gram: &str) -> Option<u32> {
        self.grams.resolve(gram)
    }
}

impl LexiconLookup for &Lexicon {
    fn stem_id(&mut self, stem: &str) -> Option<u32> {
        self.stems.get(stem)
    }
    fn gram_id(&mut self, gram: &str) -> Option<u32> {
        self.grams.get(gram)
    }
}

#[derive(Debug, Clone, Copy)]
struct WordEntry {
    stem: u32,
    grams_start: u32,
    grams_len: u32,
}

/// Cache of `surface word → stem id + n-gram ids`.
#[derive(Debug, Default, Clone)]
pub struct WordCache {
    map: FxHashMap<Box<str>, WordEntry>,
    pool: Vec<u32>,
    gram_buf: String,
}

/// Bound on cached words; past it the cache starts over (keeps memory flat on endless streams).
const CACHE_LIMIT: usize = 1 << 20;

impl WordCache {
    fn entry<L: LexiconLookup>(
        &mut self,
        word: &str,
        analyzer: &Analyzer,
        lex: &mut L,
        opts: &FeatureOptions,
    ) -> WordEntry {
        if let Some(e) = self.map.get(word) {
            return *e;
        }
        if self.map.len() >= CACHE_LIMIT {
            self.map.clear();
            self.pool.clear();
        }
        let stem = lex.stem_id(&analyzer.stem(word)).unwrap_or(NONE);
        let grams_start = self.pool.len() as u32;
        if let Some([lo, hi]) = opts.char_ngrams {
            let chars: Vec<char> = std::iter::once('<')
                .chain(word.chars())
                .chain(std::iter::once('>'))
                .collect();
            for n in lo as usize..=hi as usize {
                for w in chars.windows(n) {
                    self.gram_buf.clear();
                    self.gram_buf.extend(w.iter());
                    if let Some(g) = lex.gram_id(&self.gram_buf) {
                        self.pool.push(g);
                    }
                }
            }
        }
        let e = WordEntry {
            stem,
            grams_start,
            grams_len: self.pool.len() as u32 - grams_start,
        };
        self.map.insert(word.into(), e);
        e
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Runs the text pipeline on `text` and appends the features of every word to `out` (cleared
/// first), in text order, repeats included.
pub fn extract<L: LexiconLookup>(
    text: &str,
    analyzer: &Analyzer,
    opts: &FeatureOptions,
    lex: &mut L,
    cache: &mut WordCache,
    scratch: &mut TextScratch,
    out: &mut Vec<FeatureKey>,
) {
    out.clear();
    analyzer.analyze(text, scratch);
    let mut prev = NONE;
    for t in &scratch.terms {
        let word = &scratch.norm[t.start..t.end];
        let e = cache.entry(word, analyzer, lex, opts);
        if e.stem != NONE {
            out.push(FeatureKey::Uni(e.stem));
            if t.negated {
                out.push(FeatureKey::NegUni(e.stem));
            }
            if opts.bigrams && prev != NONE && !t.clause_start {
                out.push(FeatureKey::Bi(prev, e.stem));
            }
        }
        let grams = &cache.pool[e.grams_start as usize..(e.grams_start + e.grams_len) as usize];
        out.extend(grams.iter().map(|&g| FeatureKey::Char(g)));
        prev = e.stem;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextOptions;

    fn keys(text: &str, opts: FeatureOptions) -> Vec<String> {
        let a = Analyzer::new(TextOptions::default());
        let mut lex = Lexicon::growing();
        let mut cache = WordCache::default();
        let mut scratch = TextScratch::default();
        let mut out = Vec::new();
        extract(
            text,
            &a,
            &opts,
            &mut lex,
            &mut cache,
            &mut scratch,
            &mut out,
        );
        out.iter().map(|k| k.display(&lex)).collect()
    }

    #[test]
    fn unigrams_negation_and_bigrams() {
        let k = keys("Не поддерживаю реформу", FeatureOptions::default());
        assert_eq!(
            k,
            [
                "не",
                "поддержива",
                "не_поддержива",
                "не поддержива",
                "реформ",
                "не_реформ",
                "поддержива реформ"
            ]
        );
    }

    #[test]
    fn bigrams_do_not_cross_clauses() {
        let k = keys("Реформа нужна. Партии готовы", FeatureOptions::default());
        assert!(k.contains(&"реформ нужн".to_string()));
        assert!(!k.iter().any(|f| f == "нужн парт"));
    }

    #[test]
    fn char_ngrams_only_when_enabled() {
        let off = keys("Курултай", FeatureOptions::default());
        assert!(!off.iter().any(|f| f.starts_with('[')));
        let on = keys(
            "Курултай",
            FeatureOptions {
                char_ngrams: Some([3, 4]),
                ..Default::default()
            },
        );
        assert!(on.contains(&"[<ку]".to_string()));
        assert!(on.contains(&"[тай>]".to_string()));
        assert!(on.contains(&"[урул]".to_string()));
    }

    #[test]
    fn frozen_lexicon_drops_unknown_stems() {
        let a = Analyzer::new(TextOptions::default());
        let opts = FeatureOptions::default();
        let mut lex = Lexicon::growing();
        let mut cache = WordCache::default();
        let mut scratch = TextScratch::default();
        let mut out = Vec::new();
        extract(
            "партия",
            &a,
            &opts,
            &mut lex,
            &mut cache,
            &mut scratch,
            &mut out,
        );
        let frozen = Lexicon {
            stems: crate::features::lexicon::Interner::frozen(lex.stems.strings().to_vec()),
            grams: Default::default(),
        };
        let mut cache = WordCache::default();
        extract(
            "партии выборы",
            &a,
            &opts,
            &mut &frozen,
            &mut cache,
            &mut scratch,
            &mut out,
        );
        assert_eq!(out, [FeatureKey::Uni(0)]);
    }

    #[test]
    fn cache_returns_same_ids_on_repeat() {
        let k1 = keys("выборы выборы", FeatureOptions::default());
        assert_eq!(k1, ["выбор", "выбор", "выбор выбор"]);
    }
}
