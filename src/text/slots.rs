//! Ids for surface words, shared by every label head of a scorer: each word of a text is hashed
//! once, and each head finds its cached entry for the word by indexing with the id. The lookup
//! also remembers whether the word is a stopword, so the analyzer does not hash it a second time.

use compact_str::CompactString;
use rustc_hash::FxHashMap;

/// Bound on remembered words; past it the ids start over (keeps memory flat on endless streams).
pub const LIMIT: usize = 1 << 20;

#[derive(Debug, Default)]
pub struct WordSlots {
    /// Words of up to 24 bytes (nearly all) are stored inside the table: comparing a key does
    /// not follow a pointer to the heap.
    map: FxHashMap<CompactString, Slot>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    id: u32,
    stop: bool,
}

impl WordSlots {
    /// Called before a text of at most `words` words. Returns `true` when the ids start over
    /// (past the bound): every cache indexed by them must be reset too.
    pub(crate) fn begin(&mut self, words: usize) -> bool {
        if self.map.len() + words > LIMIT {
            self.map.clear();
            return true;
        }
        false
    }

    /// The id of `word` and whether it is a stopword (`is_stop` is asked once per new word).
    #[inline]
    pub(crate) fn get(&mut self, word: &str, is_stop: impl FnOnce(&str) -> bool) -> (u32, bool) {
        if let Some(s) = self.map.get(word) {
            return (s.id, s.stop);
        }
        let slot = Slot {
            id: self.map.len() as u32,
            stop: is_stop(word),
        };
        self.map.insert(word.into(), slot);
        (slot.id, slot.stop)
    }

    /// Number of words with an id.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_word_same_id_and_the_stop_test_runs_once_per_word() {
        let mut slots = WordSlots::default();
        let mut asked = 0;
        let mut get = |w: &str| {
            slots.get(w, |w| {
                asked += 1;
                w == "и"
            })
        };
        assert_eq!(get("партия"), (0, false));
        assert_eq!(get("и"), (1, true));
        assert_eq!(get("партия"), (0, false));
        assert_eq!(get("и"), (1, true));
        assert_eq!(asked, 2);
    }

    #[test]
    fn ids_start_over_past_the_bound() {
        let mut slots = WordSlots::default();
        slots.get("a", |_| false);
        assert!(!slots.begin(LIMIT - 1));
        assert!(slots.begin(LIMIT));
        assert!(slots.is_empty());
        assert_eq!(slots.get("b", |_| false), (0, false));
    }
}
