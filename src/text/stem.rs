//! Russian Snowball stemming (`rust-stemmers`). Words without Cyrillic letters (Latin names,
//! numbers) are returned unchanged.

use rust_stemmers::{Algorithm, Stemmer as Snowball};
use std::borrow::Cow;

pub struct Stemmer {
    inner: Snowball,
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stemmer(russian)")
    }
}

impl Default for Stemmer {
    fn default() -> Self {
        Stemmer {
            inner: Snowball::create(Algorithm::Russian),
        }
    }
}

impl Stemmer {
    /// Stems one normalised, lowercase word.
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        if !word.chars().any(|c| matches!(c, 'а'..='я')) {
            return Cow::Borrowed(word);
        }
        // Hyphenated compounds: stem only the last part (`экс-депутатами` → `экс-депутат`).
        match word.rfind('-') {
            Some(pos) => {
                let (head, tail) = word.split_at(pos + 1);
                let stemmed = self.inner.stem(tail);
                if stemmed.len() == tail.len() {
                    Cow::Borrowed(word)
                } else {
                    Cow::Owned(format!("{head}{stemmed}"))
                }
            }
            None => self.inner.stem(word),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_same(forms: &[&str]) {
        let s = Stemmer::default();
        let first = s.stem(forms[0]).into_owned();
        for f in forms {
            assert_eq!(s.stem(f), first, "{f} vs {}", forms[0]);
        }
    }

    #[test]
    fn noun_cases_collapse() {
        all_same(&["конституция", "конституции", "конституцию", "конституцией"]);
        all_same(&["реформа", "реформы", "реформе", "реформу", "реформой"]);
    }

    #[test]
    fn plurals_collapse() {
        all_same(&[
            "партия",
            "партии",
            "партий",
            "партиям",
            "партиями",
            "партиях",
        ]);
        all_same(&["депутат", "депутаты", "депутатов", "депутатам"]);
    }

    #[test]
    fn verb_forms_collapse() {
        all_same(&[
            "поддерживаю",
            "поддерживаем",
            "поддерживают",
            "поддерживать",
        ]);
    }

    #[test]
    fn hyphenated_words_stem_their_last_part() {
        let s = Stemmer::default();
        assert_eq!(s.stem("экс-депутатами"), s.stem("экс-депутаты"));
        assert!(s.stem("экс-депутатами").starts_with("экс-"));
    }

    #[test]
    fn latin_and_numbers_unchanged() {
        let s = Stemmer::default();
        assert_eq!(s.stem("egov"), "egov");
        assert_eq!(s.stem("2026"), "2026");
    }
}
