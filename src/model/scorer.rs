//! The compact scorer: the hot loop of classification.
//!
//! Each head has its own featurizer and stores its weights as one flat `f32` array
//! `[feature][class]` plus a bias per class. Scoring a quote is: analyse once (normalise, tokenise,
//! mark negation and stopwords) → per head, feature ids counted in place (the per-thread word cache
//! maps a seen word straight to its ids) → weighted sums → softmax, with every buffer owned by the
//! [`Scorer`] and reused: no allocation per quote once the caches have seen the words.
//!
//! The sums use a second layout of the weights built at load time, rows of `idf · w` per class
//! with `idf²` beside them, and per-word rows built from those the first time a word is scored:
//! see [`super::sums`]. The L2 normalisation of the TF-IDF vector becomes one division at the
//! end: `z = bias + Σ tf·idf·w / sqrt(Σ (tf·idf)²)`, the same value as normalising first.

use super::sums::{Rows, Sums};
use super::Model;
use crate::features::extract::WordCache;
use crate::features::{FeatureScratch, Featurizer};
use crate::text::{TextScratch, WordSlots};

/// One label head of a trained model.
#[derive(Debug, PartialEq)]
pub struct Head {
    pub name: String,
    pub labels: Vec<String>,
    pub featurizer: Featurizer,
    /// `[feature][class]`, row-major.
    pub weights: Vec<f32>,
    pub bias: Vec<f32>,
    /// The scoring layout of `weights` (see [`super::sums`]).
    rows: Rows,
}

impl Head {
    pub fn new(
        name: String,
        labels: Vec<String>,
        featurizer: Featurizer,
        weights: Vec<f32>,
        bias: Vec<f32>,
    ) -> Head {
        let rows = Rows::new(&weights, featurizer.vocab().idf(), labels.len());
        Head {
            name,
            labels,
            featurizer,
            weights,
            bias,
            rows,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.labels.len()
    }

    /// The scorer's weighted sums for this head (used with one resolving word cache; see
    /// [`super::sums`]).
    pub fn sums(&self) -> Sums<'_> {
        Sums::new(self.featurizer.vocab(), &self.rows)
    }

    /// Class probabilities for an already extracted feature vector (`(id, weight)` pairs), in
    /// `out` (one slot per class): bias + weighted sums, then softmax.
    pub fn probs_of(&self, vector: &[(u32, f32)], out: &mut [f32]) {
        out.copy_from_slice(&self.bias);
        for &(id, v) in vector {
            for (o, w) in out.iter_mut().zip(self.row(id)) {
                *o += v * w;
            }
        }
        softmax(out);
    }

    #[inline]
    fn row(&self, feature: u32) -> &[f32] {
        let k = self.labels.len();
        &self.weights[feature as usize * k..(feature as usize + 1) * k]
    }
}

/// A feature's contribution to a head's decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    pub feature: String,
    /// How much the feature raised the winning class's score over the average class.
    pub weight: f32,
}

/// Reusable per-thread scoring state over a shared [`Model`].
pub struct Scorer<'m> {
    model: &'m Model,
    text: TextScratch,
    /// Ids of surface words shared by the heads' caches.
    words: WordSlots,
    /// One per head (each head has its own lexicon, so its own word cache).
    scratch: Vec<(WordCache, Sums<'m>)>,
    /// Probabilities of all heads, back to back (head `h` at `offsets[h]..offsets[h+1]`).
    probs: Vec<f32>,
    offsets: Vec<usize>,
}

impl<'m> Scorer<'m> {
    pub fn new(model: &'m Model) -> Self {
        let mut offsets = vec![0];
        for h in &model.heads {
            offsets.push(offsets[offsets.len() - 1] + h.n_classes());
        }
        Scorer {
            model,
            text: TextScratch::default(),
            words: WordSlots::default(),
            scratch: model
                .heads
                .iter()
                .map(|h| (WordCache::default(), h.sums()))
                .collect(),
            probs: vec![0.0; offsets[offsets.len() - 1]],
            offsets,
        }
    }

    pub fn model(&self) -> &'m Model {
        self.model
    }

    /// Scores `text` on every head; read results with [`Scorer::probs`] and [`Scorer::best`].
    pub fn score(&mut self, text: &str) {
        self.score_row(text, None, &[]);
    }

    /// Scores `text` toward the target at byte range `span` (for target-aware models).
    pub fn score_target(&mut self, text: &str, span: std::ops::Range<usize>) {
        self.score_row(text, Some(span), &[]);
    }

    /// Scores `text`, toward the target at `span` if given, with the values of the model's tag
    /// columns (`tags[i]` for `manifest.pipeline.tags[i]`).
    pub fn score_row(&mut self, text: &str, span: Option<std::ops::Range<usize>>, tags: &[&str]) {
        let analyzer = &self.model.analyzer;
        let words = Some(&mut self.words);
        let restarted = match span {
            Some(span) => analyzer.analyze_target_with(text, span, &mut self.text, words),
            None => analyzer.analyze_with(text, &mut self.text, words),
        };
        let names = &self.model.manifest.pipeline.tags;
        self.text
            .set_tags(names.iter().map(String::as_str).zip(tags.iter().copied()));
        if restarted {
            self.scratch.iter_mut().for_each(|(cache, _)| cache.reset());
        }
        // Every head's entries for the quote's words, fetched before any head reads one.
        for (cache, _) in &self.scratch {
            cache.prefetch(&self.text.slots);
        }
        self.score_analysed();
    }

    fn score_analysed(&mut self) {
        for (h, head) in self.model.heads.iter().enumerate() {
            let (cache, sums) = &mut self.scratch[h];
            head.featurizer
                .extract_resolved(&self.model.analyzer, &self.text, cache, sums);
            let out = &mut self.probs[self.offsets[h]..self.offsets[h + 1]];
            sums.finish(&head.bias, out);
            softmax(out);
        }
    }

    /// Probabilities of head `h` from the last [`Scorer::score`].
    pub fn probs(&self, h: usize) -> &[f32] {
        &self.probs[self.offsets[h]..self.offsets[h + 1]]
    }

    /// Winning class index and its probability for head `h`.
    pub fn best(&self, h: usize) -> (usize, f32) {
        let p = self.probs(h);
        let i = super::softmax::argmax(p);
        (i, p[i])
    }

    /// The label of the winning class of head `h`.
    pub fn best_label(&self, h: usize) -> &'m str {
        &self.model.heads[h].labels[self.best(h).0]
    }

    /// The `n` features that pushed head `h` hardest toward its winning class in the last scored
    /// text (allocates; used for `--explain`, not in the hot loop).
    pub fn explain(&self, h: usize, n: usize) -> Vec<Contribution> {
        let head = &self.model.heads[h];
        let (c, _) = self.best(h);
        let k = head.n_classes() as f32;
        let mut features = FeatureScratch::default();
        head.featurizer
            .transform(&self.model.analyzer, &self.text, &mut features);
        let mut contrib: Vec<(u32, f32)> = features
            .vector
            .iter()
            .map(|&(id, v)| {
                let row = head.row(id);
                let mean = row.iter().sum::<f32>() / k;
                (id, v * (row[c] - mean))
            })
            .filter(|(_, w)| *w > 0.0)
            .collect();
        contrib.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        contrib.truncate(n);
        contrib
            .into_iter()
            .map(|(id, weight)| Contribution {
                feature: head.featurizer.feature_name(id),
                weight,
            })
            .collect()
    }

    /// Number of distinct words in this scorer's caches (all heads).
    pub fn cached_words(&self) -> usize {
        self.scratch.iter().map(|(cache, _)| cache.len()).sum()
    }
}

/// In-place softmax.
pub fn softmax(z: &mut [f32]) {
    let max = z.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_sums_to_one_and_orders() {
        let mut z = [1.0, 3.0, 2.0];
        softmax(&mut z);
        assert!((z.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(z[1] > z[2] && z[2] > z[0]);
    }

    #[test]
    fn softmax_is_stable_for_large_logits() {
        let mut z = [1000.0, 0.0];
        softmax(&mut z);
        assert!(z[0] > 0.999 && z[0].is_finite());
    }
}
