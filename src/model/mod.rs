//! Models: training (linfa), the compact scorer, and the model file format.

pub mod cv;
pub mod format;
pub mod lbfgs;
pub mod scorer;
pub mod softmax;
pub mod sums;
pub mod train;

use crate::error::Result;
use crate::text::Analyzer;
pub use format::Manifest;
pub use scorer::{Head, Scorer};
use std::path::Path;

/// A trained model: the shared text analyzer, one head (featurizer + linear weights) per label
/// column, and its manifest.
#[derive(Debug)]
pub struct Model {
    pub manifest: Manifest,
    pub analyzer: Analyzer,
    pub heads: Vec<Head>,
}

const DEFAULT_MANIFEST: &[u8] = include_bytes!("../../models/default/manifest.json");
const DEFAULT_WEIGHTS: &[u8] = include_bytes!("../../models/default/weights.bin");
/// Size of the embedded default model's files (manifest + weights), in bytes.
pub const DEFAULT_SIZE: u64 = (DEFAULT_MANIFEST.len() + DEFAULT_WEIGHTS.len()) as u64;

impl Model {
    /// Loads a model directory written by [`Model::save`].
    pub fn load(dir: &Path) -> Result<Model> {
        format::load(dir)
    }

    /// The default model embedded in the binary (trained on `data/quotes.csv`).
    pub fn embedded() -> Result<Model> {
        format::load_trusted_bytes(DEFAULT_MANIFEST, DEFAULT_WEIGHTS, "<embedded default>")
    }

    /// `dir` when given, else the embedded default.
    pub fn load_or_default(dir: Option<&Path>) -> Result<Model> {
        match dir {
            Some(d) => Model::load(d),
            None => Model::embedded(),
        }
    }

    /// Saves the model into `dir` atomically (see [`format::save`]).
    pub fn save(&mut self, dir: &Path) -> Result<()> {
        format::save(self, dir)
    }

    pub fn head_index(&self, name: &str) -> Option<usize> {
        self.heads.iter().position(|h| h.name == name)
    }

    pub fn scorer(&self) -> Scorer<'_> {
        Scorer::new(self)
    }

    /// Whether the model classifies stance toward a given target (and so needs one per text).
    pub fn needs_target(&self) -> bool {
        self.heads
            .iter()
            .any(|h| h.featurizer.options().target.is_some())
    }

    pub fn id(&self) -> String {
        self.manifest.id()
    }
}
