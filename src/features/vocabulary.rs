//! The vocabulary: feature keys → dense ids, document frequencies, pruning, and sublinear TF-IDF
//! with L2 normalisation.

use super::extract::FeatureKey;
use rustc_hash::FxHashMap;

/// Frozen vocabulary of a trained model.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    keys: Vec<FeatureKey>,
    idf: Vec<f32>,
    index: FxHashMap<FeatureKey, u32>,
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
        let index = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, i as u32))
            .collect();
        Vocabulary { keys, idf, index }
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
        self.index.get(key).copied()
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
            let tf = 1.0 + ((j - i) as f32).ln();
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
