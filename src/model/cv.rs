//! Stratified k-fold splits, seeded and deterministic.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// Splits row indices into `k` folds so every stratum (any ordered key, e.g. the joint label of
/// all heads) is spread as evenly as possible. Returns, per fold, the held-out row indices (sorted).
pub fn stratified_folds<K: Ord + Clone>(strata: &[K], k: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut groups: BTreeMap<K, Vec<usize>> = BTreeMap::new();
    for (i, s) in strata.iter().enumerate() {
        groups.entry(s.clone()).or_default().push(i);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut folds = vec![Vec::new(); k];
    let mut next = 0;
    for (_, mut rows) in groups {
        rows.shuffle(&mut rng);
        for r in rows {
            folds[next % k].push(r);
            next += 1;
        }
    }
    for f in &mut folds {
        f.sort_unstable();
    }
    folds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_held_out_exactly_once() {
        let strata: Vec<u8> = (0..103).map(|i| (i % 4) as u8).collect();
        let folds = stratified_folds(&strata, 5, 7);
        let mut all: Vec<usize> = folds.concat();
        all.sort_unstable();
        assert_eq!(all, (0..103).collect::<Vec<_>>());
    }

    #[test]
    fn strata_are_balanced_across_folds() {
        let strata: Vec<u8> = (0..100).map(|i| if i < 80 { 0 } else { 1 }).collect();
        for fold in stratified_folds(&strata, 5, 1) {
            let minority = fold.iter().filter(|&&i| strata[i] == 1).count();
            assert_eq!(minority, 4);
            assert_eq!(fold.len(), 20);
        }
    }

    #[test]
    fn seed_decides_the_split() {
        let strata = vec![0u8; 50];
        assert_eq!(
            stratified_folds(&strata, 5, 3),
            stratified_folds(&strata, 5, 3)
        );
        assert_ne!(
            stratified_folds(&strata, 5, 3),
            stratified_folds(&strata, 5, 4)
        );
    }
}
