//! Quotes in news articles: every piece of direct or reported speech, with who said it.
//!
//! The article is read as characters (offsets are Unicode code points). Three finders produce
//! candidate quotes ([`spans`]): text in quotation marks (guillemets with nested „...“, curly and
//! straight double quotes, across sentences and paragraphs), dash-introduced direct speech, and
//! reported speech (По словам X, ... / X считает, что ...). Text in quotation marks that is a
//! name (партия «Amanat», программа «Цифровой Казахстан») is dropped. Then each quote gets its
//! speaker ([`speakers`]): from the attribution after or before it, with pronouns and short
//! references (он, она, эксперт, министр) resolved to the most recent matching named person.

pub mod lexicon;
pub mod spans;
pub mod speakers;

use serde::Serialize;

/// Direct (quoted or dash) speech, or reported (indirect) speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Direct,
    Reported,
}

/// One quote found in an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    pub quote: String,
    /// The speaker's name as written (nominative), or a role or organisation when unnamed; empty
    /// when no speaker was found.
    pub speaker: String,
    pub speaker_role: String,
    pub kind: Kind,
    /// Code-point offsets of `quote` in the article, end exclusive.
    pub start: usize,
    pub end: usize,
}

/// Finds the quotes of an article, in order.
pub fn extract(article: &str) -> Vec<Quote> {
    let chars: Vec<char> = article.chars().collect();
    let found = spans::find(&chars);
    speakers::attribute(&chars, found)
}
