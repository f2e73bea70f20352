#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
//! tezis: theme and stance classification of Russian-language political statements.
//!
//! The pipeline: [`text`] (normalise, tokenise, negation, stopwords, Snowball stems) →
//! [`features`] (stem unigrams and bigrams, negation marks, optional character n-grams, TF-IDF) →
//! [`model`] (a multinomial logistic regression per label head, trained behind linfa's `Fit`
//! trait, and a compact linear scorer) → [`eval`] (metrics).

pub mod error;
pub mod eval;
pub mod features;
mod hint;
pub mod io;
pub mod model;
pub mod quotes;
pub mod text;

pub use error::{Error, Result};
pub use model::Model;
