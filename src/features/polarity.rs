//! Evaluative cues: a small, project-written list of words that lean a statement toward support
//! (`+`) or opposition (`-`), matched by stem, with negation flipping the side; plus whether the
//! statement asks a question or exclaims. These give the stance head signals that reach words the
//! training corpus never used.

use crate::text::Analyzer;
use rustc_hash::FxHashMap;

const RUSSIAN: &str = include_str!("polarity_ru.txt");

/// Cue feature ids (the `u32` inside [`super::extract::FeatureKey::Cue`]).
pub const POSITIVE: u32 = 0;
pub const NEGATIVE: u32 = 1;
pub const QUESTION: u32 = 2;
pub const EXCLAMATION: u32 = 3;
/// The target sits inside a negation scope.
pub const TARGET_NEGATED: u32 = 4;
/// A polarity word within the target's window.
pub const NEAR_POSITIVE: u32 = 5;
pub const NEAR_NEGATIVE: u32 = 6;
/// A polarity word after a contrast word (но, однако, зато).
pub const CONTRAST_POSITIVE: u32 = 7;
pub const CONTRAST_NEGATIVE: u32 = 8;
/// Number of cue ids.
pub const N_CUES: u32 = 9;

pub fn cue_name(id: u32) -> &'static str {
    match id {
        POSITIVE => "<оценка+>",
        NEGATIVE => "<оценка->",
        QUESTION => "<вопрос>",
        EXCLAMATION => "<восклицание>",
        TARGET_NEGATED => "<цель под отрицанием>",
        NEAR_POSITIVE => "<оценка+ у цели>",
        NEAR_NEGATIVE => "<оценка- у цели>",
        CONTRAST_POSITIVE => "<но оценка+>",
        CONTRAST_NEGATIVE => "<но оценка->",
        _ => "<?>",
    }
}

/// Stem → polarity (+1 / -1).
#[derive(Debug, Clone, Default)]
pub struct Polarity {
    stems: FxHashMap<String, i8>,
}

impl Polarity {
    /// The built-in Russian list, stemmed with `analyzer`'s stemmer.
    pub fn russian(analyzer: &Analyzer) -> Self {
        let mut stems = FxHashMap::default();
        for line in RUSSIAN.lines().map(str::trim) {
            let Some((sign, word)) = line.split_once(' ') else {
                continue;
            };
            let sign = match sign {
                "+" => 1,
                "-" => -1,
                _ => continue,
            };
            let word = crate::text::normalize::normalize(word.trim());
            stems.insert(analyzer.stem(&word).into_owned(), sign);
        }
        Polarity { stems }
    }

    /// The polarity of a stem: +1, -1 or 0.
    #[inline]
    pub fn of(&self, stem: &str) -> i8 {
        self.stems.get(stem).copied().unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.stems.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextOptions;

    #[test]
    fn list_parses_and_matches_inflected_forms() {
        let a = Analyzer::new(TextOptions::default());
        let p = Polarity::russian(&a);
        assert!(p.len() > 150);
        assert_eq!(p.of(&a.stem("поддерживаем")), 1);
        assert_eq!(p.of(&a.stem("угрозы")), -1);
        assert_eq!(p.of(&a.stem("референдум")), 0);
    }

    #[test]
    fn every_entry_has_a_sign_and_one_word() {
        for line in RUSSIAN
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let (sign, word) = line.split_once(' ').expect(line);
            assert!(sign == "+" || sign == "-", "{line}");
            assert!(!word.trim().contains(' '), "{line}");
        }
    }
}
