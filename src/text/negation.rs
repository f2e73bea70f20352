//! Negation marking: after `не`, `ни`, `нет` or `без`, every word up to the next clause boundary
//! carries a negation flag, so `не поддерживаю` and `поддерживаю` become different features.

/// Is `word` (normalised, lowercase) a negation word?
#[inline]
pub fn is_negator(word: &str) -> bool {
    matches!(word, "не" | "ни" | "нет" | "без")
}

/// Tracks negation scope while walking a clause. Call [`Negation::word`] for each word in order
/// and [`Negation::boundary`] at each clause boundary.
#[derive(Debug, Default, Clone, Copy)]
pub struct Negation {
    active: bool,
}

impl Negation {
    /// Returns whether `word` is negated, and opens a scope when it is a negator itself.
    /// The negator is not negated by itself (`не не` aside, which double-marks nothing).
    #[inline]
    pub fn word(&mut self, word: &str) -> bool {
        self.next(is_negator(word))
    }

    /// [`Negation::word`] for a word already known to be a negator or not.
    #[inline]
    pub fn next(&mut self, negator: bool) -> bool {
        let negated = self.active;
        self.active |= negator;
        negated
    }

    #[inline]
    pub fn boundary(&mut self) {
        self.active = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(words: &[&str]) -> Vec<bool> {
        let mut n = Negation::default();
        words
            .iter()
            .map(|w| {
                if *w == "|" {
                    n.boundary();
                    false
                } else {
                    n.word(w)
                }
            })
            .collect()
    }

    #[test]
    fn marks_words_after_negator_until_boundary() {
        assert_eq!(
            marks(&["я", "не", "поддерживаю", "реформу", "|", "она", "нужна"]),
            [false, false, true, true, false, false, false]
        );
    }

    #[test]
    fn all_four_negators_open_scope() {
        for neg in ["не", "ни", "нет", "без"] {
            assert_eq!(marks(&[neg, "доверия"]), [false, true], "{neg}");
        }
    }

    #[test]
    fn ordinary_words_do_not_negate() {
        assert_eq!(marks(&["поддерживаю", "реформу"]), [false, false]);
        assert!(!is_negator("нету-то"));
    }
}
