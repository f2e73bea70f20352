//! The text pipeline: normalise → tokenise → negation marking → stopword removal → (stemming).
//!
//! Each step is its own small unit; [`Analyzer`] composes them. Stemming is applied by the caller
//! through [`Analyzer::stem`] so that the feature layer can cache `word → stem` and skip the
//! Snowball step for words it has seen.

pub mod negation;
pub mod normalize;
pub mod stem;
pub mod stopwords;
pub mod tokenize;

use negation::Negation;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use stem::Stemmer;
use stopwords::Stopwords;
use tokenize::{Token, TokenKind};

/// Options of the text pipeline, recorded in the model manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextOptions {
    /// Drop the built-in Russian stopwords.
    pub stopwords: bool,
    /// Mark words in the scope of не/ни/нет/без.
    pub negation: bool,
    /// Apply Russian Snowball stemming.
    pub stem: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            stopwords: true,
            negation: true,
            stem: true,
        }
    }
}

/// One word that survived the pipeline: a byte range into the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub start: usize,
    pub end: usize,
    /// Inside the scope of a negation word.
    pub negated: bool,
    /// A clause boundary (punctuation) separates this term from the previous one.
    pub clause_start: bool,
    /// The term is a number.
    pub number: bool,
}

/// Reusable buffers for [`Analyzer::analyze`].
#[derive(Debug, Default, Clone)]
pub struct TextScratch {
    pub norm: String,
    tokens: Vec<Token>,
    pub terms: Vec<Term>,
}

impl TextScratch {
    pub fn term_text(&self, t: &Term) -> &str {
        &self.norm[t.start..t.end]
    }
}

/// The composed text pipeline.
#[derive(Debug)]
pub struct Analyzer {
    options: TextOptions,
    stopwords: Stopwords,
    stemmer: Stemmer,
}

impl Analyzer {
    pub fn new(options: TextOptions) -> Self {
        Analyzer {
            options,
            stopwords: if options.stopwords {
                Stopwords::russian()
            } else {
                Stopwords::none()
            },
            stemmer: Stemmer::default(),
        }
    }

    pub fn options(&self) -> TextOptions {
        self.options
    }

    /// Runs normalisation, tokenisation, negation marking and stopword removal on `text`; the
    /// surviving words land in `scratch.terms`, their text in `scratch.norm`.
    pub fn analyze(&self, text: &str, scratch: &mut TextScratch) {
        normalize::normalize_into(text, &mut scratch.norm);
        tokenize::tokenize_into(&scratch.norm, &mut scratch.tokens);
        scratch.terms.clear();
        let mut negation = Negation::default();
        let mut clause_start = true;
        for tok in &scratch.tokens {
            if tok.kind == TokenKind::Boundary {
                negation.boundary();
                clause_start = true;
                continue;
            }
            let word = tok.text(&scratch.norm);
            let negated = negation.word(word) && self.options.negation;
            if self.stopwords.contains(word) {
                continue;
            }
            scratch.terms.push(Term {
                start: tok.start,
                end: tok.end,
                negated,
                clause_start,
                number: tok.kind == TokenKind::Number,
            });
            clause_start = false;
        }
    }

    /// Stems one analysed word (identity when stemming is off).
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        if self.options.stem {
            self.stemmer.stem(word)
        } else {
            Cow::Borrowed(word)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzed(text: &str) -> Vec<String> {
        let a = Analyzer::new(TextOptions::default());
        let mut s = TextScratch::default();
        a.analyze(text, &mut s);
        s.terms
            .iter()
            .map(|t| {
                let stem = a.stem(s.term_text(t)).into_owned();
                if t.negated {
                    format!("!{stem}")
                } else {
                    stem
                }
            })
            .collect()
    }

    #[test]
    fn negated_support_differs_from_support() {
        let pos = analyzed("Я поддерживаю реформу");
        let neg = analyzed("Я не поддерживаю реформу");
        assert_eq!(pos, ["поддержива", "реформ"]);
        assert_eq!(neg, ["не", "!поддержива", "!реформ"]);
        assert_ne!(pos, neg);
    }

    #[test]
    fn negation_scope_ends_at_punctuation() {
        assert_eq!(
            analyzed("Нет доверия, но реформа нужна."),
            ["нет", "!довер", "но", "реформ", "нужн"]
        );
    }

    #[test]
    fn stopwords_dropped_after_negation_marking() {
        // "в" is a stopword but still sits inside the negation scope.
        assert_eq!(analyzed("не в интересах"), ["не", "!интерес"]);
    }

    #[test]
    fn clause_start_flags() {
        let a = Analyzer::new(TextOptions::default());
        let mut s = TextScratch::default();
        a.analyze("Реформа нужна, партии готовы", &mut s);
        let starts: Vec<bool> = s.terms.iter().map(|t| t.clause_start).collect();
        assert_eq!(starts, [true, false, true, false]);
    }

    #[test]
    fn options_switch_steps_off() {
        let a = Analyzer::new(TextOptions {
            stopwords: false,
            negation: false,
            stem: false,
        });
        let mut s = TextScratch::default();
        a.analyze("Не в партиях", &mut s);
        let words: Vec<&str> = s.terms.iter().map(|t| s.term_text(t)).collect();
        assert_eq!(words, ["не", "в", "партиях"]);
        assert!(s.terms.iter().all(|t| !t.negated));
        assert_eq!(a.stem("партиях"), "партиях");
    }
}
