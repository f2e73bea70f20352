//! The text pipeline: normalise → tokenise → negation marking → stopword marking → (stemming).
//!
//! Each step is its own small unit; [`Analyzer`] composes them. Stopwords are marked, not dropped:
//! each label head's feature options decide whether to skip them (the theme head does better
//! without them, the stance head with them). Stemming is applied by the caller through
//! [`Analyzer::stem`] so that the feature layer can cache `word → stem` and skip the Snowball step
//! for words it has seen.

pub mod negation;
pub mod normalize;
pub mod slots;
pub mod stem;
pub mod stopwords;
pub mod tokenize;

use negation::Negation;
use serde::{Deserialize, Serialize};
pub use slots::{WordFlags, WordSlots};
use std::borrow::Cow;
use std::ops::Range;
use stem::Stemmer;
use stopwords::Stopwords;
pub use tokenize::TARGET_MARK;
use tokenize::{Token, TokenKind};

/// Options of the text pipeline, recorded in the model manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextOptions {
    /// Mark words in the scope of не/ни/нет/без.
    pub negation: bool,
    /// Apply Russian Snowball stemming.
    pub stem: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
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
    /// The term is on the stopword list.
    pub stop: bool,
    /// The term is the target marker.
    pub target: bool,
    /// A contrast word (но, однако, зато): what follows usually carries the speaker's point.
    pub contrast: bool,
}

/// Reusable buffers for [`Analyzer::analyze`].
#[derive(Debug, Default, Clone)]
pub struct TextScratch {
    /// The raw text with the target replaced by the marker (target-aware analysis only).
    marked: String,
    pub norm: String,
    tokens: Vec<Token>,
    pub terms: Vec<Term>,
    /// Question marks and exclamation marks in the text.
    pub questions: u32,
    pub exclamations: u32,
    /// The target's own words, normalised (target-aware analysis only): `target_words` are byte
    /// ranges into `target_norm`.
    target_norm: String,
    target_tokens: Vec<Token>,
    target_words: Vec<Range<usize>>,
    /// Categorical values that come with the text (e.g. an entity type column), as
    /// `column=value` strings; set by the caller with [`TextScratch::set_tags`].
    tags: Vec<String>,
    n_tags: usize,
    /// Per term, an id of its surface form shared by every head of a model (when analysed with a
    /// [`WordSlots`]); empty otherwise.
    pub slots: Vec<u32>,
}

impl TextScratch {
    pub fn term_text(&self, t: &Term) -> &str {
        &self.norm[t.start..t.end]
    }

    /// The target's own words (empty unless analysed with [`Analyzer::analyze_target`]).
    pub fn target_words(&self) -> impl Iterator<Item = &str> {
        self.target_words
            .iter()
            .map(|r| &self.target_norm[r.clone()])
    }

    /// Replaces the text's tags with `column=value` for each pair; buffers are reused.
    pub fn set_tags<'a>(&mut self, tags: impl IntoIterator<Item = (&'a str, &'a str)>) {
        self.n_tags = 0;
        for (col, value) in tags {
            if self.tags.len() == self.n_tags {
                self.tags.push(String::new());
            }
            let t = &mut self.tags[self.n_tags];
            t.clear();
            t.push_str(col);
            t.push('=');
            t.push_str(value.trim());
            self.n_tags += 1;
        }
    }

    /// The tags set by [`TextScratch::set_tags`].
    pub fn tags(&self) -> &[String] {
        &self.tags[..self.n_tags]
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
            stopwords: Stopwords::russian(),
            stemmer: Stemmer::default(),
        }
    }

    pub fn options(&self) -> TextOptions {
        self.options
    }

    /// Runs normalisation, tokenisation, negation and stopword marking on `text`; the words land
    /// in `scratch.terms`, their text in `scratch.norm`.
    pub fn analyze(&self, text: &str, scratch: &mut TextScratch) {
        self.analyze_with(text, scratch, None);
    }

    /// [`Analyzer::analyze`], also giving every term its id in `slots` (in `scratch.slots`).
    /// Returns `true` when the ids started over (see [`WordSlots`]).
    pub fn analyze_with(
        &self,
        text: &str,
        scratch: &mut TextScratch,
        slots: Option<&mut WordSlots>,
    ) -> bool {
        if text.contains(TARGET_MARK) {
            // The marker is reserved for target-aware analysis; a stray one in user text is removed.
            let mut marked = std::mem::take(&mut scratch.marked);
            marked.clear();
            marked.extend(text.chars().filter(|&c| c != TARGET_MARK));
            let reset = self.analyze_marked(&marked, scratch, slots);
            scratch.marked = marked;
            reset
        } else {
            self.analyze_marked(text, scratch, slots)
        }
    }

    /// Like [`Analyzer::analyze`], with the target at byte range `span` of `text` replaced by one
    /// target term. `span` must lie on character boundaries.
    pub fn analyze_target(&self, text: &str, span: Range<usize>, scratch: &mut TextScratch) {
        self.analyze_target_with(text, span, scratch, None);
    }

    /// [`Analyzer::analyze_target`] with word ids, as [`Analyzer::analyze_with`].
    pub fn analyze_target_with(
        &self,
        text: &str,
        span: Range<usize>,
        scratch: &mut TextScratch,
        slots: Option<&mut WordSlots>,
    ) -> bool {
        let mut marked = std::mem::take(&mut scratch.marked);
        marked.clear();
        let keep = |c: &char| *c != TARGET_MARK;
        marked.extend(text[..span.start].chars().filter(keep));
        marked.push(' ');
        marked.push(TARGET_MARK);
        marked.push(' ');
        marked.extend(text[span.end..].chars().filter(keep));
        let reset = self.analyze_marked(&marked, scratch, slots);
        scratch.marked = marked;
        normalize::normalize_into(&text[span], &mut scratch.target_norm);
        tokenize::tokenize_into(&scratch.target_norm, &mut scratch.target_tokens);
        scratch.target_words.clear();
        scratch.target_words.extend(
            scratch
                .target_tokens
                .iter()
                .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
                .map(|t| t.start..t.end),
        );
        reset
    }

    fn analyze_marked(
        &self,
        text: &str,
        scratch: &mut TextScratch,
        mut slots: Option<&mut WordSlots>,
    ) -> bool {
        normalize::normalize_into(text, &mut scratch.norm);
        tokenize::tokenize_into(&scratch.norm, &mut scratch.tokens);
        let reset = slots
            .as_deref_mut()
            .is_some_and(|s| s.begin(scratch.tokens.len()));
        scratch.terms.clear();
        scratch.slots.clear();
        scratch.target_words.clear();
        scratch.questions = 0;
        scratch.exclamations = 0;
        let mut negation = Negation::default();
        let mut clause_start = true;
        for tok in &scratch.tokens {
            if tok.kind == TokenKind::Boundary {
                match &scratch.norm[tok.start..tok.end] {
                    "?" => scratch.questions += 1,
                    "!" => scratch.exclamations += 1,
                    _ => {}
                }
                negation.boundary();
                clause_start = true;
                continue;
            }
            let word = tok.text(&scratch.norm);
            let flags = match slots.as_deref_mut() {
                Some(s) => {
                    let (id, flags) = s.get(word, |w| self.flags(w));
                    scratch.slots.push(id);
                    flags
                }
                None => self.flags(word),
            };
            let negated = negation.next(flags.negator) && self.options.negation;
            scratch.terms.push(Term {
                start: tok.start,
                end: tok.end,
                negated,
                clause_start,
                number: tok.kind == TokenKind::Number,
                stop: flags.stop,
                target: tok.kind == TokenKind::Target,
                contrast: flags.contrast,
            });
            clause_start = false;
        }
        reset
    }

    /// What analysis needs to know of one normalised word.
    fn flags(&self, word: &str) -> WordFlags {
        WordFlags {
            stop: self.stopwords.contains(word),
            negator: negation::is_negator(word),
            contrast: matches!(word, "но" | "однако" | "зато"),
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

/// Each of `texts` analysed into its own scratch (tests of the layers above).
#[cfg(test)]
pub(crate) fn analyze_each(a: &Analyzer, texts: &[&str]) -> Vec<TextScratch> {
    texts
        .iter()
        .map(|t| {
            let mut s = TextScratch::default();
            a.analyze(t, &mut s);
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stems of the non-stopword terms, `!`-prefixed when negated.
    fn analyzed(text: &str) -> Vec<String> {
        let a = Analyzer::new(TextOptions::default());
        let mut s = TextScratch::default();
        a.analyze(text, &mut s);
        s.terms
            .iter()
            .filter(|t| !t.stop)
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
        let pos = analyzed("Я поддерживаю эту реформу");
        let neg = analyzed("Я не поддерживаю эту реформу");
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
    fn stopwords_are_marked_and_still_inside_negation_scope() {
        let a = Analyzer::new(TextOptions::default());
        let mut s = TextScratch::default();
        a.analyze("не в интересах", &mut s);
        let marks: Vec<(bool, bool)> = s.terms.iter().map(|t| (t.stop, t.negated)).collect();
        assert_eq!(marks, [(false, false), (true, true), (false, true)]);
    }

    #[test]
    fn clause_starts_and_sentence_marks() {
        let a = Analyzer::new(TextOptions::default());
        let mut s = TextScratch::default();
        a.analyze("Реформа нужна, партии готовы? Да!", &mut s);
        let starts: Vec<bool> = s.terms.iter().map(|t| t.clause_start).collect();
        assert_eq!(starts, [true, false, true, false, true]);
        assert_eq!((s.questions, s.exclamations), (1, 1));
    }

    #[test]
    fn target_span_becomes_one_target_term() {
        let a = Analyzer::new(TextOptions::default());
        let mut s = TextScratch::default();
        let text = "Министр Петров не поддержал реформу";
        let start = text.find("Петров").unwrap();
        a.analyze_target(text, start..start + "Петров".len(), &mut s);
        let terms: Vec<(&str, bool)> = s.terms.iter().map(|t| (s.term_text(t), t.target)).collect();
        assert_eq!(
            terms,
            [
                ("министр", false),
                ("\u{E000}", true),
                ("не", false),
                ("поддержал", false),
                ("реформу", false)
            ]
        );
        // A stray marker in ordinary text is dropped.
        a.analyze("а\u{E000}б", &mut s);
        assert!(s.terms.iter().all(|t| !t.target));
        assert_eq!(s.norm, "аб");
    }

    #[test]
    fn options_switch_steps_off() {
        let a = Analyzer::new(TextOptions {
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
