//! The Russian stopword list (the project's own, in `stopwords_ru.txt` beside this file).

use rustc_hash::FxHashSet;

const RUSSIAN: &str = include_str!("stopwords_ru.txt");

/// A set of words the analyzer drops after negation marking.
#[derive(Debug, Clone)]
pub struct Stopwords {
    words: FxHashSet<&'static str>,
}

impl Stopwords {
    /// The built-in Russian list.
    pub fn russian() -> Self {
        let words = RUSSIAN
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        Stopwords { words }
    }

    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::negation::is_negator;

    #[test]
    fn contains_function_words() {
        let s = Stopwords::russian();
        for w in ["и", "в", "что", "который", "это"] {
            assert!(s.contains(w), "{w} should be a stopword");
        }
    }

    #[test]
    fn never_contains_negation_or_content_words() {
        let s = Stopwords::russian();
        for w in ["не", "ни", "нет", "без", "но", "реформа", "поддерживаю"]
        {
            assert!(!s.contains(w), "{w} must not be a stopword");
        }
        assert!(RUSSIAN.lines().all(|l| !is_negator(l.trim())));
    }

    #[test]
    fn list_is_lowercase_without_yo() {
        for l in RUSSIAN.lines().filter(|l| !l.starts_with('#')) {
            assert_eq!(l, l.to_lowercase());
            assert!(!l.contains('ё'));
        }
    }
}
