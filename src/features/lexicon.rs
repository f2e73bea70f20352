//! The lexicon: the strings a model knows (stems and character n-grams), each with a dense id.

use rustc_hash::FxHashMap;

/// Interns strings into dense ids. While `growing` it adds unseen strings; once frozen it only
/// looks them up.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    map: FxHashMap<Box<str>, u32>,
    strings: Vec<Box<str>>,
    growing: bool,
}

impl Interner {
    pub fn growing() -> Self {
        Interner {
            growing: true,
            ..Default::default()
        }
    }

    /// A frozen interner over `strings`, ids in the given order.
    pub fn frozen(strings: Vec<Box<str>>) -> Self {
        let map = strings
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), i as u32))
            .collect();
        Interner {
            map,
            strings,
            growing: false,
        }
    }

    /// The id of `s`, adding it when growing.
    pub fn resolve(&mut self, s: &str) -> Option<u32> {
        if let Some(&id) = self.map.get(s) {
            return Some(id);
        }
        if !self.growing {
            return None;
        }
        let id = self.strings.len() as u32;
        self.strings.push(s.into());
        self.map.insert(s.into(), id);
        Some(id)
    }

    pub fn get(&self, s: &str) -> Option<u32> {
        self.map.get(s).copied()
    }

    pub fn string(&self, id: u32) -> &str {
        &self.strings[id as usize]
    }

    pub fn strings(&self) -> &[Box<str>] {
        &self.strings
    }

    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
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
    fn frozen_never_grows() {
        let mut i = Interner::frozen(vec!["a".into(), "b".into()]);
        assert_eq!(i.resolve("b"), Some(1));
        assert_eq!(i.resolve("c"), None);
        assert_eq!(i.len(), 2);
    }
}
