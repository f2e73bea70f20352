//! The lexicon: the strings a model knows (stems and character n-grams), each with a dense id.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// Interns strings into dense ids. While `growing` it adds unseen strings; once frozen it only
/// looks them up. The strings live back to back in one buffer, so a model with a hundred thousand
/// stems and n-grams loads with a handful of allocations; the hash table holds each string's id
/// and its first bytes ([`Key`]), so that a lookup of a short string (every character n-gram,
/// most stems) compares in the table and never reads the buffer.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    arena: String,
    /// End of string `i` in `arena` (it starts where `i - 1` ends).
    ends: Vec<u32>,
    table: HashTable<Key>,
    growing: bool,
}

/// Bytes of a string kept in its table entry.
const INLINE: usize = 11;

/// A table entry: the id, the length, and the first [`INLINE`] bytes (zero-padded). A string
/// of up to `INLINE` bytes is equal to the looked-up one when these are; a longer one is then
/// compared in the arena.
#[derive(Debug, Clone, Copy)]
struct Key {
    head: [u8; INLINE],
    len: u8,
    id: u32,
}

impl Key {
    #[inline]
    fn new(s: &str, id: u32) -> Key {
        let mut head = [0; INLINE];
        let n = s.len().min(INLINE);
        head[..n].copy_from_slice(&s.as_bytes()[..n]);
        Key {
            head,
            len: s.len().min(u8::MAX as usize) as u8,
            id,
        }
    }

    /// Whether this entry is `s` (`probe` is `Key::new(s, _)`).
    #[inline]
    fn is(&self, probe: &Key, s: &str, arena: &str, ends: &[u32]) -> bool {
        self.len == probe.len
            && self.head == probe.head
            && (s.len() <= INLINE || slice(arena, ends, self.id) == s)
    }
}

#[inline]
fn hash(s: &str) -> u64 {
    FxBuildHasher.hash_one(s)
}

#[inline]
fn slice<'a>(arena: &'a str, ends: &[u32], id: u32) -> &'a str {
    let i = id as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &arena[start..ends[i] as usize]
}

impl Interner {
    pub fn growing() -> Self {
        Interner {
            growing: true,
            ..Default::default()
        }
    }

    /// A frozen interner over `strings`, ids in the given order.
    pub fn frozen<S: AsRef<str>>(strings: impl IntoIterator<Item = S>) -> Self {
        let mut i = Interner::growing();
        for s in strings {
            i.push(s.as_ref());
        }
        i.growing = false;
        i
    }

    /// A growing interner with room for `n` strings of `bytes` bytes in all.
    pub fn with_capacity(n: usize, bytes: usize) -> Self {
        Interner {
            arena: String::with_capacity(bytes),
            ends: Vec::with_capacity(n),
            table: HashTable::with_capacity(n),
            growing: true,
        }
    }

    /// Stops adding strings: from now on only lookups.
    pub fn freeze(mut self) -> Self {
        self.growing = false;
        self
    }

    fn push(&mut self, s: &str) -> u32 {
        let id = self.ends.len() as u32;
        self.arena.push_str(s);
        self.ends.push(self.arena.len() as u32);
        let (arena, ends) = (&self.arena, &self.ends);
        self.table
            .insert_unique(hash(s), Key::new(s, id), |k| hash(slice(arena, ends, k.id)));
        id
    }

    /// Adds `s` with the next id; `None` (and nothing added) when it is already there. One hash
    /// and one probe, for loading a model's strings.
    pub fn push_new(&mut self, s: &str) -> Option<u32> {
        let id = self.ends.len() as u32;
        let probe = Key::new(s, id);
        let (arena, ends) = (&self.arena, &self.ends);
        match self.table.entry(
            hash(s),
            |k| k.is(&probe, s, arena, ends),
            |k| hash(slice(arena, ends, k.id)),
        ) {
            hashbrown::hash_table::Entry::Occupied(_) => None,
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert(probe);
                self.arena.push_str(s);
                self.ends.push(self.arena.len() as u32);
                Some(id)
            }
        }
    }

    /// The id of `s`, adding it when growing.
    pub fn resolve(&mut self, s: &str) -> Option<u32> {
        if let Some(id) = self.get(s) {
            return Some(id);
        }
        self.growing.then(|| self.push(s))
    }

    #[inline]
    pub fn get(&self, s: &str) -> Option<u32> {
        let probe = Key::new(s, 0);
        self.table
            .find(hash(s), |k| k.is(&probe, s, &self.arena, &self.ends))
            .map(|k| k.id)
    }

    pub fn string(&self, id: u32) -> &str {
        slice(&self.arena, &self.ends, id)
    }

    /// Every string, in id order.
    pub fn strings(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.ends.len() as u32).map(|i| self.string(i))
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Stems and character n-grams.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub stems: Interner,
    pub grams: Interner,
}

impl Lexicon {
    pub fn growing() -> Self {
        Lexicon {
            stems: Interner::growing(),
            grams: Interner::growing(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growing_assigns_dense_ids_in_order() {
        let mut i = Interner::growing();
        assert_eq!(i.resolve("реформ"), Some(0));
        assert_eq!(i.resolve("парт"), Some(1));
        assert_eq!(i.resolve("реформ"), Some(0));
        assert_eq!(i.string(1), "парт");
    }

    #[test]
    fn short_long_and_prefix_sharing_strings_are_told_apart() {
        // Up to 11 bytes compare in the table; longer ones also in the buffer: these share
        // their first 11 bytes, and differ in length or only after them.
        let words = [
            "",
            "а",
            "реформ",
            "реформа",
            "конституц",
            "конституционн",
            "конституционный",
            "конституционная",
            "abcdefghijk",
            "abcdefghijkl",
            "abcdefghijkm",
        ];
        let mut i = Interner::growing();
        for (n, w) in words.iter().enumerate() {
            assert_eq!(i.resolve(w), Some(n as u32), "{w}");
        }
        for (n, w) in words.iter().enumerate() {
            assert_eq!(i.get(w), Some(n as u32), "{w}");
            assert_eq!(i.push_new(w), None, "{w}");
        }
        for w in ["б", "реф", "конституционные", "abcdefghij", "abcdefghijkn"] {
            assert_eq!(i.get(w), None, "{w}");
        }
    }

    #[test]
    fn frozen_never_grows() {
        let mut i = Interner::frozen(["a", "b"]);
        assert_eq!(i.resolve("b"), Some(1));
        assert_eq!(i.resolve("c"), None);
        assert_eq!(i.len(), 2);
    }
}
