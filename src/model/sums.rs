//! The scorer's weighted sums, `z = bias + Σ_f tf_f·idf_f·w_f / ‖tf·idf‖` with the sublinear
//! `tf = 1 + ln(count)`, without visiting one weight row per feature of the quote.
//!
//! A word always brings the same features (its unigram and its character n-grams), and most
//! features of a quote occur once. So each cached word gets a row of its own, built the first
//! time the word is scored: the sum of its features' rows (`idf·w` per class, `idf²` in the last
//! lane). A quote then adds one row per word, plus one per bigram and cue, and stamps every
//! feature with the quote's number (one byte per feature, nothing to clear between quotes). A
//! feature met again is noted; only those need their own rows at the end: a feature seen `c`
//! times was added as `c·idf·w` and `c·idf²`, and gets `(tf(c) − c)·idf·w` and
//! `(tf(c)² − c)·idf²` on top, which is the reference TF-IDF vector's sum up to float rounding
//! (checked by `tests/fast_path.rs`).

use crate::features::extract::{FeatureKey, Sink, WordEntry, NONE};
use crate::features::vocabulary::{sublinear_tf, Vocabulary};
use crate::hint::prefetch;

/// Floats per block: rows are whole blocks, half a cache line each.
pub const LANES: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C, align(32))]
struct Block([f32; LANES]);

/// Per feature of a head: `idf · w` for each class, zeros, and `idf²` in the last lane; each row
/// is `stride` blocks (one block up to 7 classes).
#[derive(Debug, PartialEq)]
pub struct Rows {
    blocks: Vec<Block>,
    stride: usize,
}

impl Rows {
    /// From `[feature][class]` weights with `k` classes and the features' idf.
    pub fn new(weights: &[f32], idf: &[f32], k: usize) -> Rows {
        let stride = k / LANES + 1;
        if stride == 1 {
            // Up to 7 classes: one block per feature.
            let blocks = idf
                .iter()
                .zip(weights.chunks_exact(k.max(1)))
                .map(|(&idf, w)| {
                    let mut b = [0.0; LANES];
                    for (x, w) in b.iter_mut().zip(w) {
                        *x = w * idf;
                    }
                    b[LANES - 1] = idf * idf;
                    Block(b)
                })
                .collect();
            return Rows { blocks, stride };
        }
        let mut blocks = vec![Block::default(); idf.len() * stride];
        for (f, &idf) in idf.iter().enumerate() {
            let row = &mut blocks[f * stride..(f + 1) * stride];
            for (c, w) in weights[f * k..(f + 1) * k].iter().enumerate() {
                row[c / LANES].0[c % LANES] = w * idf;
            }
            row[stride - 1].0[LANES - 1] = idf * idf;
        }
        Rows { blocks, stride }
    }

    #[inline]
    fn row(&self, feature: u32) -> &[Block] {
        let at = feature as usize * self.stride;
        &self.blocks[at..at + self.stride]
    }
}

/// The last lane of a row: `idf²` (feature rows) or a sum of them (word rows).
#[inline]
fn norm(row: &[Block]) -> f32 {
    row[row.len() - 1].0[LANES - 1]
}

#[inline(always)]
fn add(acc: &mut [Block], row: &[Block]) {
    for (a, r) in acc.iter_mut().zip(row) {
        *a = a.plus(r);
    }
}

impl Block {
    /// Lane-wise sum (written on whole arrays so that it compiles to vector adds).
    #[inline(always)]
    fn plus(&self, other: &Block) -> Block {
        let (x, y) = (self.0, other.0);
        Block(std::array::from_fn(|i| x[i] + y[i]))
    }
}

/// Stamps each of `ids` with `quote` in `seen`; an id already stamped goes to `repeats`, and
/// its row (which `finish` reads for the correction) is fetched. (Free arguments rather than
/// fields: the compiler then knows the stamps are not the counter or the vector, and keeps those
/// in registers across the loop.)
#[inline(always)]
fn mark(seen: &mut [u8], quote: u8, repeats: &mut Vec<u32>, rows: &Rows, ids: &[u32]) {
    for &id in ids {
        let s = &mut seen[id as usize];
        if *s == quote {
            repeats.push(id);
            prefetch(&rows.row(id)[0]);
        } else {
            *s = quote;
        }
    }
}

/// One head's sums over one quote at a time: a [`Sink`] for feature extraction with a resolving
/// word cache, which keeps each word's row in the word's entry (`WordEntry::values`).
#[derive(Debug)]
pub struct Sums<'m> {
    vocab: &'m Vocabulary,
    rows: &'m Rows,
    /// Per feature: the number of the last quote it was met in (mod 256; 0 = never).
    seen: Vec<u8>,
    /// This quote's number (1..=255).
    quote: u8,
    /// A feature id for each time it was met again.
    repeats: Vec<u32>,
    /// Features met one at a time (bigrams, negated unigrams, cues, context), added by `finish`.
    pending: Vec<u32>,
    acc: Vec<Block>,
}

impl<'m> Sums<'m> {
    pub fn new(vocab: &'m Vocabulary, rows: &'m Rows) -> Self {
        Sums {
            vocab,
            rows,
            seen: vec![0; vocab.len()],
            quote: 0,
            repeats: Vec::new(),
            pending: Vec::new(),
            acc: vec![Block::default(); rows.stride],
        }
    }

    /// Marks features `ids` as met; notes repeats.
    #[inline]
    fn mark(&mut self, ids: &[u32]) {
        mark(
            &mut self.seen,
            self.quote,
            &mut self.repeats,
            self.rows,
            ids,
        );
    }

    /// Notes one occurrence of feature `id` for `finish`, and starts fetching its row.
    #[inline]
    fn note(&mut self, id: u32) {
        self.pending.push(id);
        prefetch(&self.rows.row(id)[0]);
    }

    /// Class scores of the quote (`bias` + the normalised sums) into `out`.
    ///
    /// The features met one at a time were only noted so far (and their rows fetched, see
    /// [`prefetch`]); they are added here.
    pub fn finish(&mut self, bias: &[f32], out: &mut [f32]) {
        for i in 0..self.pending.len() {
            let id = self.pending[i];
            self.mark(&[id]);
            add(&mut self.acc, self.rows.row(id));
        }
        let last = self.acc.len() - 1;
        self.repeats.sort_unstable();
        for run in self.repeats.chunk_by(|a, b| a == b) {
            let met = run.len() + 1;
            // The reference counts saturate at u16::MAX.
            let t = sublinear_tf(met.min(u16::MAX as usize) as u32);
            let c = met as f32;
            let row = self.rows.row(run[0]);
            for (a, r) in self.acc.iter_mut().zip(row) {
                for (x, y) in a.0.iter_mut().zip(&r.0) {
                    *x += (t - c) * y;
                }
            }
            // The norm lane got (t − c)·idf² above and needs (t² − c)·idf².
            self.acc[last].0[LANES - 1] += (t * t - t) * norm(row);
        }
        let norm2 = norm(&self.acc);
        let inv = if norm2 > 0.0 { 1.0 / norm2.sqrt() } else { 0.0 };
        for (c, (o, b)) in out.iter_mut().zip(bias).enumerate() {
            *o = self.acc[c / LANES].0[c % LANES] * inv + b;
        }
    }
}

impl Sink for Sums<'_> {
    fn begin(&mut self) {
        self.quote = match self.quote.checked_add(1) {
            Some(q) => q,
            None => {
                // Numbers start over: forget which quote met what.
                self.seen.fill(0);
                1
            }
        };
        self.repeats.clear();
        self.pending.clear();
        self.acc.fill(Block::default());
    }

    fn key(&mut self, key: FeatureKey) {
        if let Some(id) = self.vocab.id(&key) {
            self.note(id);
        }
    }

    fn words(&mut self, entries: &mut [WordEntry], pool: &[u32]) {
        // The words' n-gram lists are read by the marking loop below, after the rows.
        for e in entries.iter() {
            if let Some(first) = e.grams(pool).first() {
                prefetch(first);
            }
        }
        let stride = self.rows.stride;
        for e in entries.iter_mut() {
            let own = (e.uni != NONE).then_some(e.uni);
            if stride > 1 {
                // Rows too wide to keep with the word: add its features' rows every time.
                for &id in own.iter().chain(e.grams(pool)) {
                    add(&mut self.acc, self.rows.row(id));
                }
                continue;
            }
            if e.values[LANES - 1].is_nan() {
                let mut row = [Block::default()];
                for &id in own.iter().chain(e.grams(pool)) {
                    add(&mut row, self.rows.row(id));
                }
                e.values = row[0].0;
            }
            add(&mut self.acc, &[Block(e.values)]);
        }
        for e in entries.iter() {
            if e.uni != NONE {
                self.mark(&[e.uni]);
            }
            self.mark(e.grams(pool));
        }
    }

    /// The unigram and n-grams were counted by [`Sink::words`]; only the negated unigram is left.
    #[inline]
    fn word(&mut self, e: &WordEntry, _pool: &[u32], negated: bool) {
        if negated && e.neg != NONE {
            self.note(e.neg);
        }
    }

    #[inline]
    fn bigram(&mut self, prev: &WordEntry, cur: &WordEntry) {
        if let Some(id) = self.vocab.bigram_in((prev.bi_lo, prev.bi_hi), cur.stem) {
            self.note(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::extract::{FeatureOptions, WordCache};
    use crate::features::{FeatureScratch, Featurizer};
    use crate::text::{Analyzer, TextOptions, TextScratch, WordSlots};

    const TRAIN: [&str; 3] = [
        "Партия поддерживает партийную реформу, но не конституционную",
        "Конституция и конституционный суд: реформа конституции",
        "Цифровизация, цифровые сервисы и цифровое правительство",
    ];

    /// A featurizer with character n-grams and made-up weights for `k` classes.
    fn head(k: usize) -> (Analyzer, Featurizer, Vec<f32>) {
        let a = Analyzer::new(TextOptions::default());
        let texts = crate::text::analyze_each(&a, &TRAIN);
        let opts = FeatureOptions {
            char_ngrams: Some([3, 5]),
            ..FeatureOptions::default()
        };
        let f = Featurizer::fit(&a, &texts, opts);
        let w = (0..f.n_features() * k)
            .map(|i| ((i * 37 % 23) as f32 - 11.0) / 7.0)
            .collect();
        (a, f, w)
    }

    /// Scores by the reference vector: `bias + Σ v·w` over the normalised TF-IDF vector.
    fn reference(a: &Analyzer, f: &Featurizer, w: &[f32], bias: &[f32], text: &str) -> Vec<f32> {
        let k = bias.len();
        let mut t = TextScratch::default();
        a.analyze(text, &mut t);
        let mut s = FeatureScratch::default();
        f.transform(a, &t, &mut s);
        let mut z = bias.to_vec();
        for &(id, v) in &s.vector {
            for c in 0..k {
                z[c] += v * w[id as usize * k + c];
            }
        }
        z
    }

    #[test]
    fn repeats_words_shared_ngrams_and_restarts_match_the_reference() {
        // 3 classes keep each word's row in its cache entry; 9 need two blocks per row and add
        // the word's feature rows every time.
        for k in [3, 9] {
            let (a, f, w) = head(k);
            let bias: Vec<f32> = (0..k).map(|c| c as f32 / 4.0 - 0.5).collect();
            let rows = Rows::new(&w, f.vocab().idf(), k);
            let mut sums = Sums::new(f.vocab(), &rows);
            let mut cache = WordCache::default();
            let mut slots = WordSlots::default();
            let mut text = TextScratch::default();
            let quotes = [
                // the same word three times; words that share n-grams; negation; nothing known
                "реформа реформа реформа",
                "Конституция, конституции, конституционный: не партия, а партии",
                "цифровые цифровизация партийную",
                "совсем незнакомые слова",
            ];
            let mut out = vec![0.0f32; k];
            // 600 quotes: the one-byte quote numbers start over twice; the cache is reset once;
            // words looked up by slot (as the scorer does, keeping their rows) and, every other
            // round, by text.
            for round in 0..150 {
                if round == 70 {
                    cache.reset();
                }
                for q in quotes {
                    let by_slot = round % 2 == 0;
                    a.analyze_with(q, &mut text, by_slot.then_some(&mut slots));
                    f.extract_resolved(&a, &text, &mut cache, &mut sums);
                    sums.finish(&bias, &mut out);
                    let want = reference(&a, &f, &w, &bias, q);
                    for c in 0..k {
                        assert!((out[c] - want[c]).abs() < 1e-5, "{q}: {out:?} vs {want:?}");
                    }
                }
            }
            assert!(sums.quote > 0 && cache.len() > 3);
        }
    }

    #[test]
    fn rows_hold_scaled_weights_and_squared_idf() {
        let idf = [2.0f32, 0.5];
        // 9 classes need two blocks per row.
        let k = 9;
        let w: Vec<f32> = (0..2 * k).map(|i| i as f32).collect();
        let rows = Rows::new(&w, &idf, k);
        assert_eq!(rows.stride, 2);
        let r1 = rows.row(1);
        assert_eq!(r1[0].0[0], 9.0 * 0.5);
        assert_eq!(r1[1].0[0], 17.0 * 0.5);
        assert_eq!(norm(r1), 0.25);
        assert_eq!(norm(rows.row(0)), 4.0);
    }
}
