//! Classification metrics: confusion matrix, per-class precision / recall / F1, accuracy, macro-F1.

use serde::Serialize;
use std::collections::BTreeMap;

/// Precision, recall, F1 and support of one class.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClassMetrics {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: u64,
}

/// A confusion matrix: `matrix[true][predicted]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion {
    pub labels: Vec<String>,
    pub matrix: Vec<Vec<u64>>,
}

/// Everything measured for one head.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadMetrics {
    pub accuracy: f64,
    pub macro_f1: f64,
    pub per_class: BTreeMap<String, ClassMetrics>,
    pub confusion: Confusion,
}

impl Confusion {
    pub fn new(labels: Vec<String>) -> Self {
        let k = labels.len();
        Confusion {
            labels,
            matrix: vec![vec![0; k]; k],
        }
    }

    pub fn add(&mut self, truth: usize, predicted: usize) {
        self.matrix[truth][predicted] += 1;
    }

    pub fn total(&self) -> u64 {
        self.matrix.iter().flatten().sum()
    }

    pub fn class(&self, c: usize) -> ClassMetrics {
        let tp = self.matrix[c][c] as f64;
        let support: u64 = self.matrix[c].iter().sum();
        let predicted: u64 = self.matrix.iter().map(|r| r[c]).sum();
        let precision = if predicted == 0 {
            0.0
        } else {
            tp / predicted as f64
        };
        let recall = if support == 0 {
            0.0
        } else {
            tp / support as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        ClassMetrics {
            precision,
            recall,
            f1,
            support,
        }
    }

    pub fn accuracy(&self) -> f64 {
        let total = self.total();
        if total == 0 {
            return 0.0;
        }
        let correct: u64 = (0..self.labels.len()).map(|c| self.matrix[c][c]).sum();
        correct as f64 / total as f64
    }

    /// Mean F1 over the given classes (all classes when `classes` is `None`).
    pub fn macro_f1_over(&self, classes: &[usize]) -> f64 {
        if classes.is_empty() {
            return 0.0;
        }
        classes.iter().map(|&c| self.class(c).f1).sum::<f64>() / classes.len() as f64
    }

    pub fn macro_f1(&self) -> f64 {
        let all: Vec<usize> = (0..self.labels.len()).collect();
        self.macro_f1_over(&all)
    }

    pub fn metrics(&self) -> HeadMetrics {
        HeadMetrics {
            accuracy: self.accuracy(),
            macro_f1: self.macro_f1(),
            per_class: self
                .labels
                .iter()
                .enumerate()
                .map(|(c, l)| (l.clone(), self.class(c)))
                .collect(),
            confusion: self.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn confusion(pairs: &[(usize, usize)]) -> Confusion {
        let mut c = Confusion::new(vec!["a".into(), "b".into(), "c".into()]);
        for &(t, p) in pairs {
            c.add(t, p);
        }
        c
    }

    #[test]
    fn perfect_predictions() {
        let c = confusion(&[(0, 0), (1, 1), (2, 2)]);
        assert_eq!(c.accuracy(), 1.0);
        assert_eq!(c.macro_f1(), 1.0);
    }

    #[test]
    fn hand_computed_example() {
        // truth a a b b c ; predicted a b b b a
        let c = confusion(&[(0, 0), (0, 1), (1, 1), (1, 1), (2, 0)]);
        assert!((c.accuracy() - 0.6).abs() < 1e-12);
        let a = c.class(0);
        assert!((a.precision - 0.5).abs() < 1e-12);
        assert!((a.recall - 0.5).abs() < 1e-12);
        let b = c.class(1);
        assert!((b.precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((b.recall - 1.0).abs() < 1e-12);
        assert!((b.f1 - 0.8).abs() < 1e-12);
        let cc = c.class(2);
        assert_eq!((cc.f1, cc.support), (0.0, 1));
        assert!((c.macro_f1() - (0.5 + 0.8 + 0.0) / 3.0).abs() < 1e-12);
        assert!((c.macro_f1_over(&[0, 1]) - 0.65).abs() < 1e-12);
    }

    #[test]
    fn empty_is_zero_not_nan() {
        let c = confusion(&[]);
        assert_eq!(c.accuracy(), 0.0);
        assert_eq!(c.macro_f1(), 0.0);
    }
}
