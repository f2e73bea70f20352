//! The vocabulary: feature keys → dense ids, document frequencies, pruning, and sublinear TF-IDF
//! with L2 normalisation.

use super::extract::{FeatureKey, Sink, WordEntry, NONE};
use rustc_hash::FxHashMap;

/// Frozen vocabulary of a trained model.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    keys: Vec<FeatureKey>,
    idf: Vec<f32>,
    /// Every feature but the bigrams.
    index: FxHashMap<FeatureKey, u32>,
    /// Bigrams grouped by their first stem: those starting with stem `a` are at
    /// `bi_starts[a]..bi_starts[a + 1]`, sorted by second stem (`bi_second`) with their ids
    /// (`bi_id`). Scoring looks a bigram up by a binary search in the short run of the previous
    /// word, whose bounds its cache entry already holds: no hashing, one or two cache lines.
    bi_starts: Vec<u32>,
    bi_second: Vec<u32>,
    bi_id: Vec<u32>,
    /// `Some(base)` when `bi_id[j] == base + j` for every `j` (a vocabulary built by
    /// `Featurizer::fit` numbers features in key order, so bigrams are one sorted block): then
    /// the id is computed, not read.
    bi_base: Option<u32>,
    /// `Some(base)` when `Char(g)` has id `base + g` for every n-gram `g` of the lexicon (as
    /// `Featurizer::fit` numbers them): the id of an n-gram feature is then computed, not hashed.
    char_base: Option<(u32, u32)>,
    /// Ids of the cue features by cue number (`NONE` when absent): a few entries, looked up
    /// for most words, so an array rather than the hash table.
    cues: Vec<u32>,
}

/// Counts document frequencies while the vocabulary is built.
#[derive(Debug, Default)]
pub struct DfCounter {
    df: FxHashMap<FeatureKey, u32>,
    docs: u32,
    seen: Vec<FeatureKey>,
}

impl DfCounter {
    /// Adds one document's features (repeats allowed).
    pub fn add(&mut self, keys: &[FeatureKey]) {
        self.docs += 1;
        self.seen.clear();
        self.seen.extend_from_slice(keys);
        self.seen.sort_unstable();
        self.seen.dedup();
        for k in &self.seen {
            *self.df.entry(*k).or_insert(0) += 1;
        }
    }

    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// Keys with `df >= min_df`, at most `max_features` of them (highest df first, ties by key),
    /// returned with their df in key order.
    pub fn pruned(&self, min_df: u32, max_features: Option<u32>) -> Vec<(FeatureKey, u32)> {
        let mut kept: Vec<(FeatureKey, u32)> = self
            .df
            .iter()
            .filter(|(_, &df)| df >= min_df)
            .map(|(k, &df)| (*k, df))
            .collect();
        if let Some(max) = max_features {
            if kept.len() > max as usize {
                kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                kept.truncate(max as usize);
            }
        }
        kept.sort_unstable_by_key(|a| a.0);
        kept
    }
}

/// Smoothed inverse document frequency (as scikit-learn's `smooth_idf`).
pub fn idf(df: u32, docs: u32) -> f32 {
    (((1.0 + docs as f64) / (1.0 + df as f64)).ln() + 1.0) as f32
}

impl Vocabulary {
    /// A vocabulary over `keys` (ids in the given order) with their idf weights.
    pub fn new(keys: Vec<FeatureKey>, idf: Vec<f32>) -> Self {
        assert_eq!(keys.len(), idf.len());
        let chars: Vec<(u32, u32)> = keys
            .iter()
            .enumerate()
            .filter_map(|(i, k)| match k {
                FeatureKey::Char(g) => Some((i as u32, *g)),
                _ => None,
            })
            .collect();
        let char_base = consecutive(chars.iter().map(|c| c.0))
            .filter(|_| consecutive(chars.iter().map(|c| c.1)) == Some(0))
            .map(|base| (base, chars.len() as u32));
        let mut bigrams: Vec<(u32, u32, u32)> = Vec::new();
        let mut cues: Vec<u32> = Vec::new();
        let hashed = keys.len()
            - keys
                .iter()
                .filter(|k| matches!(k, FeatureKey::Bi(..)))
                .count()
            - char_base.map_or(0, |_| chars.len());
        let mut index = FxHashMap::with_capacity_and_hasher(hashed, Default::default());
        for (i, k) in keys.iter().enumerate() {
            match *k {
                FeatureKey::Bi(a, b) => bigrams.push((a, b, i as u32)),
                FeatureKey::Cue(c) if (c as usize) < 64 => {
                    if cues.len() <= c as usize {
                        cues.resize(c as usize + 1, NONE);
                    }
                    cues[c as usize] = i as u32;
                }
                // Computed from `char_base` when there is one, so not hashed.
                FeatureKey::Char(_) if char_base.is_some() => {}
                k => {
                    index.insert(k, i as u32);
                }
            }
        }
        bigrams.sort_unstable();
        let n_first = bigrams.last().map_or(0, |b| b.0 as usize + 1);
        let mut bi_starts = vec![0u32; n_first + 1];
        for &(a, _, _) in &bigrams {
            bi_starts[a as usize + 1] += 1;
        }
        for i in 1..bi_starts.len() {
            bi_starts[i] += bi_starts[i - 1];
        }
        let bi_id: Vec<u32> = bigrams.iter().map(|b| b.2).collect();
        let bi_base = consecutive(bi_id.iter().copied());
        Vocabulary {
            keys,
            idf,
            index,
            bi_starts,
            bi_second: bigrams.iter().map(|b| b.1).collect(),
            bi_id,
            bi_base,
            char_base,
            cues,
        }
    }

    /// Where the bigrams starting with stem `first` are (see [`Vocabulary::bigram_in`]).
    #[inline]
    pub fn bigram_run(&self, first: u32) -> (u32, u32) {
        match self.bi_starts.get(first as usize..first as usize + 2) {
            Some(&[lo, hi]) => (lo, hi),
            _ => (0, 0),
        }
    }

    /// The id of the bigram whose second stem is `second` within a run from
    /// [`Vocabulary::bigram_run`].
    #[inline]
    pub fn bigram_in(&self, (lo, hi): (u32, u32), second: u32) -> Option<u32> {
        let run = &self.bi_second[lo as usize..hi as usize];
        let j = lo as usize + run.binary_search(&second).ok()?;
        Some(match self.bi_base {
            Some(base) => base + j as u32,
            None => self.bi_id[j],
        })
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn keys(&self) -> &[FeatureKey] {
        &self.keys
    }

    pub fn idf(&self) -> &[f32] {
        &self.idf
    }

    #[inline]
    pub fn id(&self, key: &FeatureKey) -> Option<u32> {
        match *key {
            FeatureKey::Bi(a, b) => self.bigram_in(self.bigram_run(a), b),
            FeatureKey::Cue(c) if (c as usize) < 64 => {
                self.cues.get(c as usize).copied().filter(|&i| i != NONE)
            }
            FeatureKey::Char(g) => match self.char_base {
                Some((base, n)) => (g < n).then_some(base + g),
                None => self.index.get(key).copied(),
            },
            ref k => self.index.get(k).copied(),
        }
    }

    /// Turns one document's feature keys into a sparse, L2-normalised sublinear TF-IDF vector in
    /// `out` (sorted by id). `ids` is a scratch buffer.
    pub fn vectorize(&self, keys: &[FeatureKey], ids: &mut Vec<u32>, out: &mut Vec<(u32, f32)>) {
        ids.clear();
        ids.extend(keys.iter().filter_map(|k| self.id(k)));
        ids.sort_unstable();
        out.clear();
        let mut i = 0;
        while i < ids.len() {
            let id = ids[i];
            let mut j = i + 1;
            while j < ids.len() && ids[j] == id {
                j += 1;
            }
            let tf = sublinear_tf((j - i) as u32);
            out.push((id, tf * self.idf[id as usize]));
            i = j;
        }
        let norm = out.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, v) in out.iter_mut() {
                *v /= norm;
            }
        }
    }
}

/// `Some(first)` when `ids` are `first, first + 1, …` (and not empty).
fn consecutive(mut ids: impl Iterator<Item = u32>) -> Option<u32> {
    let first = ids.next()?;
    ids.zip(first + 1..)
        .all(|(id, want)| id == want)
        .then_some(first)
}

/// Sublinear term frequency `1 + ln(tf)` (a count of 1, by far the most common, skips the log).
#[inline]
pub fn sublinear_tf(count: u32) -> f32 {
    if count == 1 {
        1.0
    } else {
        1.0 + (count as f32).ln()
    }
}

/// A [`Sink`] that counts one document's features by vocabulary id as extraction finds them: a
/// dense counter per feature and the list of ids touched, so that turning the document into a
/// vector needs neither hashing of the word-level features (the resolving word cache already gives
/// their ids) nor a sort of every occurrence.
#[derive(Debug)]
pub struct DocCounts<'v> {
    vocab: &'v Vocabulary,
    counts: Vec<u16>,
    touched: Vec<u32>,
}

impl<'v> DocCounts<'v> {
    pub fn new(vocab: &'v Vocabulary) -> Self {
        DocCounts {
            vocab,
            counts: vec![0; vocab.len()],
            touched: Vec::new(),
        }
    }

    #[inline]
    fn bump(&mut self, id: u32) {
        let c = &mut self.counts[id as usize];
        if *c == 0 {
            self.touched.push(id);
        }
        *c = c.saturating_add(1);
    }

    /// The L2-normalised sublinear TF-IDF vector of the counted document, sorted by id, in
    /// `out`; resets the counters for the next document.
    pub fn finish(&mut self, out: &mut Vec<(u32, f32)>) {
        let idf = self.vocab.idf();
        self.touched.sort_unstable();
        out.clear();
        let mut norm = 0.0f32;
        for &id in &self.touched {
            let c = std::mem::take(&mut self.counts[id as usize]);
            let v = sublinear_tf(c as u32) * idf[id as usize];
            norm += v * v;
            out.push((id, v));
        }
        self.touched.clear();
        let norm = norm.sqrt();
        if norm > 0.0 {
            for (_, v) in out.iter_mut() {
                *v /= norm;
            }
        }
    }
}

impl Sink for DocCounts<'_> {
    #[inline]
    fn bigram(&mut self, prev: &WordEntry, cur: &WordEntry) {
        let vocab = self.vocab;
        if let Some(id) = vocab.bigram_in((prev.bi_lo, prev.bi_hi), cur.stem) {
            self.bump(id);
        }
    }

    fn begin(&mut self) {
        for &id in &self.touched {
            self.counts[id as usize] = 0;
        }
        self.touched.clear();
    }

    fn key(&mut self, key: FeatureKey) {
        if let Some(id) = self.vocab.id(&key) {
            self.bump(id);
        }
    }

    #[inline]
    fn word(&mut self, e: &WordEntry, pool: &[u32], negated: bool) {
        if e.uni != NONE {
            self.bump(e.uni);
        }
        if negated && e.neg != NONE {
            self.bump(e.neg);
        }
        for &g in e.grams(pool) {
            self.bump(g);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FeatureKey::*;

    #[test]
    fn df_counts_each_document_once() {
        let mut c = DfCounter::default();
        c.add(&[Uni(1), Uni(1), Uni(2)]);
        c.add(&[Uni(1)]);
        let kept = c.pruned(1, None);
        assert_eq!(kept, [(Uni(1), 2), (Uni(2), 1)]);
        assert_eq!(c.pruned(2, None), [(Uni(1), 2)]);
    }

    #[test]
    fn ids_computed_for_dense_blocks_and_looked_up_otherwise() {
        assert_eq!(consecutive([4, 5, 6].into_iter()), Some(4));
        assert_eq!(consecutive([4, 6].into_iter()), None);
        assert_eq!(consecutive([].into_iter()), None);
        // In key order (as fit numbers them): bigram and n-gram ids are computed.
        let dense = Vocabulary::new(
            vec![Uni(0), Uni(1), Bi(0, 1), Bi(1, 0), Char(0), Char(1)],
            vec![1.0; 6],
        );
        assert!(dense.bi_base.is_some() && dense.char_base.is_some());
        // Any other order (a hand-made file): the same answers from the tables.
        let shuffled = Vocabulary::new(
            vec![Char(1), Bi(1, 0), Uni(0), Char(0), Bi(0, 1), Uni(1)],
            vec![1.0; 6],
        );
        assert!(shuffled.bi_base.is_none() && shuffled.char_base.is_none());
        for v in [&dense, &shuffled] {
            for (i, k) in v.keys().iter().enumerate() {
                assert_eq!(v.id(k), Some(i as u32), "{k:?}");
            }
            assert_eq!(v.id(&Char(2)), None);
            assert_eq!(v.id(&Bi(1, 1)), None);
        }
    }

    #[test]
    fn max_features_keeps_most_frequent() {
        let mut c = DfCounter::default();
        c.add(&[Uni(1), Uni(2), Uni(3)]);
        c.add(&[Uni(2), Uni(3)]);
        c.add(&[Uni(3)]);
        assert_eq!(c.pruned(1, Some(2)), [(Uni(2), 2), (Uni(3), 3)]);
    }

    #[test]
    fn rare_features_weigh_more() {
        assert!(idf(1, 100) > idf(50, 100));
        assert!((idf(100, 100) - 1.0).abs() < 0.01);
    }

    #[test]
    fn vectors_are_sublinear_and_unit_length() {
        let v = Vocabulary::new(vec![Uni(0), Uni(1)], vec![1.0, 1.0]);
        let mut ids = Vec::new();
        let mut out = Vec::new();
        v.vectorize(
            &[Uni(1), Uni(0), Uni(0), Uni(0), Uni(9)],
            &mut ids,
            &mut out,
        );
        assert_eq!(out.len(), 2);
        let norm: f32 = out.iter().map(|(_, x)| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-6);
        // tf 3 → 1 + ln 3 ≈ 2.10 against tf 1 → 1: the ratio is sublinear, not 3.
        let ratio = out[0].1 / out[1].1;
        assert!((ratio - (1.0 + 3f32.ln())).abs() < 1e-5, "{ratio}");
    }

    #[test]
    fn empty_document_gives_empty_vector() {
        let v = Vocabulary::new(vec![Uni(0)], vec![1.0]);
        let (mut ids, mut out) = (Vec::new(), vec![(7, 1.0)]);
        v.vectorize(&[Uni(5)], &mut ids, &mut out);
        assert!(out.is_empty());
    }
}
