//! Ids for surface words, shared by every label head of a scorer: each word of a text is hashed
//! once, and each head finds its cached entry for the word by indexing with the id. The lookup
//! also remembers what the analyzer asks of every word (stopword, negator, contrast word), so
//! that is decided once per distinct word.

use compact_str::CompactString;
use rustc_hash::FxHashMap;

/// Bound on remembered words; past it the ids start over, and with them every cache indexed by
/// them. It bounds a scorer's memory on streams with endless new words (numbers, names, typos):
/// per thread, this table and each head's 64-byte word entries and n-gram lists stay near 20 MB
/// (at 2^20 words a 150 MB file of random words took 250 MB on one thread and 447 MB on two;
/// now under 100 MB, `benches/memory.sh`). The project's 3,571 statements hold 14,000 distinct
/// words, a year of news a few hundred thousand: a stream past the bound re-stems the words it
/// meets again.
pub const LIMIT: usize = 1 << 16;

#[derive(Debug, Default)]
pub struct WordSlots {
    /// Words of up to 24 bytes (nearly all) are stored inside the table: comparing a key does
    /// not follow a pointer to the heap.
    map: FxHashMap<CompactString, Slot>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    id: u32,
    flags: WordFlags,
}

/// What the analyzer needs to know of a word besides its text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordFlags {
    pub stop: bool,
    pub negator: bool,
    pub contrast: bool,
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

    /// The id of `word` and its flags (`flags` is asked once per new word).
    #[inline]
    pub(crate) fn get(
        &mut self,
        word: &str,
        flags: impl FnOnce(&str) -> WordFlags,
    ) -> (u32, WordFlags) {
        if let Some(s) = self.map.get(word) {
            return (s.id, s.flags);
        }
        let slot = Slot {
            id: self.map.len() as u32,
            flags: flags(word),
        };
        self.map.insert(word.into(), slot);
        (slot.id, slot.flags)
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
    fn same_word_same_id_and_the_flags_are_asked_once_per_word() {
        let mut slots = WordSlots::default();
        let mut asked = 0;
        let stop = WordFlags {
            stop: true,
            ..WordFlags::default()
        };
        let mut get = |w: &str| {
            slots.get(w, |w| {
                asked += 1;
                if w == "и" {
                    stop
                } else {
                    WordFlags::default()
                }
            })
        };
        assert_eq!(get("партия"), (0, WordFlags::default()));
        assert_eq!(get("и"), (1, stop));
        assert_eq!(get("партия"), (0, WordFlags::default()));
        assert_eq!(get("и"), (1, stop));
        assert_eq!(asked, 2);
    }

    #[test]
    fn ids_start_over_past_the_bound() {
        let mut slots = WordSlots::default();
        let none = |_: &str| WordFlags::default();
        slots.get("a", none);
        assert!(!slots.begin(LIMIT - 1));
        assert!(slots.begin(LIMIT));
        assert!(slots.is_empty());
        assert_eq!(slots.get("b", none).0, 0);
    }
}
