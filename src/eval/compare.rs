//! Comparing two models on the same quotes: is the difference more than noise?
//!
//! Two tests on paired predictions (both models label the same quotes):
//! - a paired bootstrap of the macro-F1 difference: resample the quotes with replacement, recompute
//!   both models' macro-F1 on each resample, and take the 2.5th and 97.5th percentiles of the
//!   difference (seeded, so reproducible);
//! - the exact McNemar test on per-quote correctness: among the quotes exactly one model gets
//!   right, are A's wins and B's wins a fair coin's split?

use super::metrics::Confusion;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Paired predictions of two models for one head, as class indices over `labels`.
#[derive(Debug, Clone)]
pub struct Paired {
    pub labels: Vec<String>,
    pub truth: Vec<usize>,
    pub a: Vec<usize>,
    pub b: Vec<usize>,
}

/// What the comparison of one head found.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadComparison {
    pub macro_f1_a: f64,
    pub macro_f1_b: f64,
    /// `macro_f1_b - macro_f1_a`.
    pub delta: f64,
    /// 95% paired-bootstrap interval of `delta`.
    pub ci95: [f64; 2],
    /// Exact two-sided McNemar p-value on per-quote correctness.
    pub mcnemar_p: f64,
    /// Quotes A gets right and B wrong, and the other way round.
    pub a_only: u64,
    pub b_only: u64,
    /// Quotes where the two predictions differ.
    pub disagreements: u64,
}

impl Paired {
    fn confusion(&self, pred: &[usize], idx: impl Iterator<Item = usize>) -> Confusion {
        let mut c = Confusion::new(self.labels.clone());
        for i in idx {
            c.add(self.truth[i], pred[i]);
        }
        c
    }

    /// Macro-F1 of A and of B over all quotes.
    pub fn macro_f1(&self) -> (f64, f64) {
        let n = self.truth.len();
        (
            self.confusion(&self.a, 0..n).macro_f1(),
            self.confusion(&self.b, 0..n).macro_f1(),
        )
    }

    /// Compares A and B with `resamples` bootstrap resamples drawn from `seed`.
    pub fn compare(&self, resamples: usize, seed: u64) -> HeadComparison {
        let (fa, fb) = self.macro_f1();
        let (mut a_only, mut b_only, mut disagreements) = (0, 0, 0);
        for i in 0..self.truth.len() {
            let (ra, rb) = (self.a[i] == self.truth[i], self.b[i] == self.truth[i]);
            a_only += (ra && !rb) as u64;
            b_only += (rb && !ra) as u64;
            disagreements += (self.a[i] != self.b[i]) as u64;
        }
        HeadComparison {
            macro_f1_a: fa,
            macro_f1_b: fb,
            delta: fb - fa,
            ci95: self.bootstrap_ci(resamples, seed),
            mcnemar_p: mcnemar_exact(a_only, b_only),
            a_only,
            b_only,
            disagreements,
        }
    }

    /// The 95% paired-bootstrap interval of the macro-F1 difference (B − A).
    pub fn bootstrap_ci(&self, resamples: usize, seed: u64) -> [f64; 2] {
        let n = self.truth.len();
        if n == 0 || resamples == 0 {
            return [0.0, 0.0];
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut deltas: Vec<f64> = Vec::with_capacity(resamples);
        let mut ca = Confusion::new(self.labels.clone());
        let mut cb = Confusion::new(self.labels.clone());
        for _ in 0..resamples {
            for row in ca.matrix.iter_mut().chain(cb.matrix.iter_mut()) {
                row.fill(0);
            }
            for _ in 0..n {
                let i = rng.random_range(0..n);
                ca.add(self.truth[i], self.a[i]);
                cb.add(self.truth[i], self.b[i]);
            }
            deltas.push(cb.macro_f1() - ca.macro_f1());
        }
        deltas.sort_by(f64::total_cmp);
        [percentile(&deltas, 0.025), percentile(&deltas, 0.975)]
    }
}

/// The `q` quantile of sorted values, by linear interpolation between the closest ranks.
fn percentile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Exact two-sided McNemar test: `b` and `c` are the discordant counts (quotes only A got right,
/// quotes only B got right). Under the null each discordant quote is a fair coin, so the p-value
/// is twice the binomial tail of the smaller count, capped at 1.
pub fn mcnemar_exact(b: u64, c: u64) -> f64 {
    let n = b + c;
    if n == 0 {
        return 1.0;
    }
    let m = b.min(c);
    // Σ_{i ≤ m} C(n, i) / 2^n, in log space so large n does not overflow.
    let ln_half_n = n as f64 * 0.5f64.ln();
    let mut ln_binom = 0.0f64; // ln C(n, 0)
    let mut tail = 0.0;
    for i in 0..=m {
        if i > 0 {
            ln_binom += ((n - i + 1) as f64).ln() - (i as f64).ln();
        }
        tail += (ln_binom + ln_half_n).exp();
    }
    (2.0 * tail).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paired(truth: &[usize], a: &[usize], b: &[usize]) -> Paired {
        Paired {
            labels: vec!["x".into(), "y".into()],
            truth: truth.to_vec(),
            a: a.to_vec(),
            b: b.to_vec(),
        }
    }

    #[test]
    fn mcnemar_matches_hand_computed_values() {
        assert_eq!(mcnemar_exact(0, 0), 1.0);
        // n = 6, min = 1: 2 · (C(6,0) + C(6,1)) / 64 = 14/64.
        assert!((mcnemar_exact(1, 5) - 14.0 / 64.0).abs() < 1e-12);
        assert!((mcnemar_exact(5, 1) - 14.0 / 64.0).abs() < 1e-12);
        // n = 10, min = 0: 2 / 1024.
        assert!((mcnemar_exact(0, 10) - 2.0 / 1024.0).abs() < 1e-12);
        // Balanced: the tail passes one half, so p is capped at 1.
        assert_eq!(mcnemar_exact(3, 3), 1.0);
        // n = 4, min = 1: 2 · (1 + 4) / 16 = 10/16.
        assert!((mcnemar_exact(1, 3) - 10.0 / 16.0).abs() < 1e-12);
        // Large counts stay finite and tiny when lopsided.
        assert!(mcnemar_exact(10, 400) < 1e-80);
    }

    #[test]
    fn percentiles_interpolate() {
        let v = [0.0, 1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&v, 0.5), 2.0);
        assert_eq!(percentile(&v, 0.0), 0.0);
        assert!((percentile(&v, 0.975) - 3.9).abs() < 1e-12);
    }

    #[test]
    fn a_model_against_itself_has_no_difference() {
        let p = paired(&[0, 1, 1, 0, 1], &[0, 1, 0, 0, 1], &[0, 1, 0, 0, 1]);
        let c = p.compare(1000, 7);
        assert_eq!(c.delta, 0.0);
        assert_eq!(c.ci95, [0.0, 0.0]);
        assert_eq!(c.mcnemar_p, 1.0);
        assert_eq!(c.disagreements, 0);
    }

    #[test]
    fn hand_computed_small_case() {
        // truth 0 0 1 1; A predicts 0 1 1 1 (3 right), B predicts 0 0 1 1 (all right).
        let p = paired(&[0, 0, 1, 1], &[0, 1, 1, 1], &[0, 0, 1, 1]);
        let c = p.compare(2000, 1);
        // A: class 0 P=1 R=.5 F1=2/3; class 1 P=2/3 R=1 F1=.8 → macro 0.7333; B: 1.0.
        assert!((c.macro_f1_a - (2.0 / 3.0 + 0.8) / 2.0).abs() < 1e-12);
        assert_eq!(c.macro_f1_b, 1.0);
        assert_eq!((c.a_only, c.b_only, c.disagreements), (0, 1, 1));
        assert_eq!(c.mcnemar_p, 1.0); // one discordant quote: 2 · 1/2
                                      // B is never worse on any resample, so the interval starts at 0 or above.
        assert!(c.ci95[0] >= 0.0 && c.ci95[1] > 0.0, "{:?}", c.ci95);
    }

    #[test]
    fn bootstrap_is_reproducible_and_seeded() {
        let truth: Vec<usize> = (0..60).map(|i| i % 2).collect();
        let a: Vec<usize> = (0..60)
            .map(|i| if i % 5 == 0 { 1 - i % 2 } else { i % 2 })
            .collect();
        let b: Vec<usize> = (0..60)
            .map(|i| if i % 7 == 0 { 1 - i % 2 } else { i % 2 })
            .collect();
        let p = paired(&truth, &a, &b);
        assert_eq!(p.bootstrap_ci(1000, 3), p.bootstrap_ci(1000, 3));
        assert_ne!(p.bootstrap_ci(1000, 3), p.bootstrap_ci(1000, 4));
        let [lo, hi] = p.bootstrap_ci(1000, 3);
        let (fa, fb) = p.macro_f1();
        assert!(lo <= fb - fa && fb - fa <= hi);
    }
}
