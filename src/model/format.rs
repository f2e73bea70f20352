//! The model file format: a directory with a human-readable `manifest.json` and a compact binary
//! `weights.bin`.
//!
//! `weights.bin` (all integers little-endian):
//! ```text
//! magic "TEZISWTS" | format u32 | heads u32, then per head:
//!   stems:    count u32, then per stem   len u32 + UTF-8 bytes
//!   grams:    count u32, then per gram   len u32 + UTF-8 bytes
//!   features: count u32, then per feature kind u8 + a u32 + b u32 + idf f32
//!   classes u32 + bias f32×classes + weights f32×(features×classes)
//! SHA-256 of everything above (32 bytes)
//! ```
//! The manifest records the format version, the weights' size and SHA-256, and everything needed to
//! rebuild the pipeline. A newer format, a size or checksum mismatch, or a malformed section is
//! refused with an error that says which and what to do. Both files are written atomically
//! (temporary file in the same directory, then rename).

use super::{Head, Model};
use crate::error::{Error, Result};
use crate::features::extract::{ctx, FeatureKey, FeatureOptions};
use crate::features::lexicon::{Interner, Lexicon};
use crate::features::vocabulary::Vocabulary;
use crate::features::Featurizer;
use crate::text::{Analyzer, TextOptions};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// The format this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"TEZISWTS";
pub const MANIFEST_FILE: &str = "manifest.json";
pub const WEIGHTS_FILE: &str = "weights.bin";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadInfo {
    pub name: String,
    pub labels: Vec<String>,
    /// This head's feature options.
    pub features: FeatureOptions,
    /// Features kept in this head's vocabulary.
    pub n_features: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    pub text_column: String,
    pub text: TextOptions,
    /// Where the training data's targets came from (target-aware models only); `classify` and
    /// `eval` default to the same columns.
    #[serde(default)]
    pub target: Option<crate::io::target::TargetSpec>,
    /// Categorical columns whose values are features (`column=value`); `classify` and `eval`
    /// read the same columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// File name of the training data (no directory).
    pub data_file: String,
    pub data_sha256: String,
    pub rows: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hyperparameters {
    pub c: f64,
    pub max_iter: u64,
    pub tolerance: f64,
    pub class_weight: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvHeadMetrics {
    pub accuracy: f64,
    pub macro_f1: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvMetrics {
    pub folds: usize,
    pub heads: BTreeMap<String, CvHeadMetrics>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightsInfo {
    pub file: String,
    pub bytes: u64,
    pub sha256: String,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    pub tezis_version: String,
    pub created_at: String,
    pub heads: Vec<HeadInfo>,
    pub pipeline: Pipeline,
    pub training: TrainingInfo,
    pub hyperparameters: Hyperparameters,
    pub seed: u64,
    pub cv: Option<CvMetrics>,
    pub weights: WeightsInfo,
    /// Version id: the weights' content hash (12 hex digits) and the creation time, e.g.
    /// `8610112d4555@2026-11-18T20:26:40Z`. Set when the model is saved.
    #[serde(default)]
    pub version: String,
}

impl Manifest {
    /// A short id for the model: the first 12 hex digits of its weights' SHA-256.
    pub fn id(&self) -> String {
        format!(
            "tezis-{}",
            &self.weights.sha256[..12.min(self.weights.sha256.len())]
        )
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Serialises the weights file.
pub fn encode_weights(model: &Model) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(MAGIC);
    b.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    b.extend_from_slice(&(model.heads.len() as u32).to_le_bytes());
    for h in &model.heads {
        encode_head(h, &mut b);
    }
    let digest = Sha256::digest(&b);
    b.extend_from_slice(&digest);
    b
}

fn encode_head(h: &Head, b: &mut Vec<u8>) {
    let lex = h.featurizer.lexicon();
    for interner in [&lex.stems, &lex.grams] {
        b.extend_from_slice(&(interner.len() as u32).to_le_bytes());
        for s in interner.strings() {
            b.extend_from_slice(&(s.len() as u32).to_le_bytes());
            b.extend_from_slice(s.as_bytes());
        }
    }
    let vocab = h.featurizer.vocab();
    b.extend_from_slice(&(vocab.len() as u32).to_le_bytes());
    for (key, idf) in vocab.keys().iter().zip(vocab.idf()) {
        let (x, y) = match *key {
            FeatureKey::Uni(s)
            | FeatureKey::NegUni(s)
            | FeatureKey::Char(s)
            | FeatureKey::Cue(s) => (s, 0),
            FeatureKey::Bi(a, c) => (a, c),
            FeatureKey::Ctx(kind, s) => (s, kind as u32),
        };
        b.push(key.kind_code());
        b.extend_from_slice(&x.to_le_bytes());
        b.extend_from_slice(&y.to_le_bytes());
        b.extend_from_slice(&idf.to_le_bytes());
    }
    b.extend_from_slice(&(h.n_classes() as u32).to_le_bytes());
    for v in h.bias.iter().chain(&h.weights) {
        b.extend_from_slice(&v.to_le_bytes());
    }
}

/// Reads little-endian values with bounds checks.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> std::result::Result<&'a [u8], String> {
        if self.bytes.len() - self.pos < n {
            return Err(format!("weights end early while reading {what}"));
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn u32(&mut self, what: &str) -> std::result::Result<u32, String> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self, what: &str) -> std::result::Result<f32, String> {
        let b = self.take(4, what)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn strings(&mut self, what: &str) -> std::result::Result<Interner, String> {
        let n = self.u32(what)? as usize;
        // Each string takes at least its 4-byte length: a count beyond that is a corrupt file,
        // and must not size the allocation.
        let n_max = (self.bytes.len() - self.pos) / 4;
        let mut out =
            Interner::with_capacity(n.min(n_max), (self.bytes.len() - self.pos).min(n * 16));
        for _ in 0..n {
            let len = self.u32(what)? as usize;
            let s = std::str::from_utf8(self.take(len, what)?)
                .map_err(|_| format!("{what}: invalid UTF-8"))?;
            if out.push_new(s).is_none() {
                return Err(format!("{what}: `{s}` appears twice"));
            }
        }
        Ok(out.freeze())
    }
}

/// Whether `body` hashes to `digest` (stored at the end of the file) and the whole file to the
/// manifest's `sha256`, in one pass: the whole file's hash continues from the body's state.
fn checksums_match(body: &[u8], digest: &[u8], sha256: &str) -> bool {
    let mut hasher = Sha256::new();
    hasher.update(body);
    let mut whole = hasher.clone();
    whole.update(digest);
    let whole: String = whole
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    hasher.finalize().as_slice() == digest && whole == sha256
}

/// Parses a weights file against its manifest.
pub fn decode(manifest: Manifest, bytes: &[u8], origin: &str) -> Result<Model> {
    decode_with(manifest, bytes, origin, true)
}

fn decode_with(manifest: Manifest, bytes: &[u8], origin: &str, verify: bool) -> Result<Model> {
    let err = |msg: String| Error::model(origin, msg);
    if manifest.format_version > FORMAT_VERSION {
        return Err(err(format!(
            "written in model format {} by tezis {}, but this tezis ({}) reads format {} or older; \
             upgrade tezis to use it",
            manifest.format_version,
            manifest.tezis_version,
            env!("CARGO_PKG_VERSION"),
            FORMAT_VERSION
        )));
    }
    if bytes.len() as u64 != manifest.weights.bytes {
        return Err(err(format!(
            "{} is {} bytes but the manifest says {}: the file is truncated or was replaced; \
             retrain or restore the model",
            manifest.weights.file,
            bytes.len(),
            manifest.weights.bytes
        )));
    }
    if bytes.len() < MAGIC.len() + 4 + 32 || &bytes[..8] != MAGIC {
        return Err(err(format!(
            "{} is not a tezis weights file",
            manifest.weights.file
        )));
    }
    let (body, digest) = bytes.split_at(bytes.len() - 32);
    if verify && !checksums_match(body, digest, &manifest.weights.sha256) {
        return Err(err(format!(
            "{} fails its checksum: the file is corrupted; retrain or restore the model",
            manifest.weights.file
        )));
    }
    let mut c = Cursor {
        bytes: body,
        pos: 8,
    };
    let analyzer = Analyzer::new(manifest.pipeline.text);
    let parse = |c: &mut Cursor| -> std::result::Result<Vec<Head>, String> {
        let version = c.u32("format version")?;
        if version != manifest.format_version {
            return Err(format!(
                "weights are format {version} but the manifest says {}",
                manifest.format_version
            ));
        }
        let n_heads = c.u32("head count")? as usize;
        if n_heads != manifest.heads.len() {
            return Err(format!(
                "weights hold {n_heads} heads but the manifest lists {}",
                manifest.heads.len()
            ));
        }
        let heads = manifest
            .heads
            .iter()
            .map(|info| decode_head(c, info, &analyzer))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        if c.pos != body.len() {
            return Err("trailing bytes after the last head".into());
        }
        Ok(heads)
    };
    let heads = parse(&mut c).map_err(err)?;
    Ok(Model {
        manifest,
        analyzer,
        heads,
    })
}

fn decode_head(
    c: &mut Cursor,
    info: &HeadInfo,
    analyzer: &Analyzer,
) -> std::result::Result<Head, String> {
    let stems = c.strings("stems")?;
    let grams = c.strings("character n-grams")?;
    let n_features = c.u32("feature count")? as usize;
    if n_features as u64 != info.n_features {
        return Err(format!(
            "head {} has {n_features} features in the weights but {} in the manifest",
            info.name, info.n_features
        ));
    }
    // One record per feature: kind (1 byte), two u32 and the idf (f32), little-endian.
    const RECORD: usize = 13;
    let records = c.take(
        n_features.checked_mul(RECORD).ok_or("too many features")?,
        "features",
    )?;
    let mut keys = Vec::with_capacity(n_features);
    let mut idf = Vec::with_capacity(n_features);
    let le = |b: &[u8]| [b[0], b[1], b[2], b[3]];
    for rec in records.chunks_exact(RECORD) {
        let kind = rec[0];
        let a = u32::from_le_bytes(le(&rec[1..5]));
        let b = u32::from_le_bytes(le(&rec[5..9]));
        let key = match kind {
            0 => FeatureKey::Uni(a),
            1 => FeatureKey::NegUni(a),
            2 => FeatureKey::Bi(a, b),
            3 => FeatureKey::Char(a),
            4 => FeatureKey::Cue(a),
            5 if (b as usize) < ctx::NAMES.len() => FeatureKey::Ctx(b as u8, a),
            k => return Err(format!("unknown feature kind {k}")),
        };
        let max = match key {
            FeatureKey::Char(_) => grams.len(),
            FeatureKey::Cue(_) => crate::features::polarity::N_CUES as usize,
            _ => stems.len(),
        };
        if a as usize >= max || (kind == 2 && b as usize >= stems.len()) {
            return Err("a feature refers to a missing stem or n-gram".into());
        }
        keys.push(key);
        idf.push(f32::from_le_bytes(le(&rec[9..13])));
    }
    let k = c.u32("head")? as usize;
    if k != info.labels.len() {
        return Err(format!(
            "head {} has {k} classes in the weights but {} labels in the manifest",
            info.name,
            info.labels.len()
        ));
    }
    let bias = (0..k)
        .map(|_| c.f32("bias"))
        .collect::<std::result::Result<_, _>>()?;
    let need = n_features.checked_mul(k).ok_or("weights too large")?;
    let raw = c.take(need * 4, "weights")?;
    let weights = raw
        .chunks_exact(4)
        .map(|w| f32::from_le_bytes([w[0], w[1], w[2], w[3]]))
        .collect();
    let featurizer = Featurizer::from_parts(
        analyzer,
        info.features,
        Lexicon { stems, grams },
        Vocabulary::new(keys, idf),
    );
    Ok(Head::new(
        info.name.clone(),
        info.labels.clone(),
        featurizer,
        weights,
        bias,
    ))
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, fsync, then rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Temporary files are private (0600); a model is an ordinary readable file.
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io(tmp.path(), e))?;
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Saves `model` into directory `dir` (created if missing). The weights go first, then the
/// manifest that vouches for them, each atomically, so a crash never leaves a manifest pointing at
/// half-written weights.
pub fn save(model: &mut Model, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let weights = encode_weights(model);
    model.manifest.format_version = FORMAT_VERSION;
    model.manifest.weights = WeightsInfo {
        file: WEIGHTS_FILE.into(),
        bytes: weights.len() as u64,
        sha256: sha256_hex(&weights),
    };
    for (info, head) in model.manifest.heads.iter_mut().zip(&model.heads) {
        info.n_features = head.featurizer.n_features() as u64;
    }
    model.manifest.version = format!(
        "{}@{}",
        &model.manifest.weights.sha256[..12],
        model.manifest.created_at
    );
    let mut manifest = serde_json::to_vec_pretty(&model.manifest).map_err(|e| {
        Error::model(
            dir.display().to_string(),
            format!("cannot write the manifest: {e}"),
        )
    })?;
    manifest.push(b'\n');
    write_atomic(&dir.join(WEIGHTS_FILE), &weights)?;
    write_atomic(&dir.join(MANIFEST_FILE), &manifest)?;
    Ok(())
}

/// Parses a manifest.
pub fn parse_manifest(bytes: &[u8], origin: &str) -> Result<Manifest> {
    // Read the version first so a newer format with unknown fields gets the right message.
    #[derive(Deserialize)]
    struct Version {
        format_version: u32,
        #[serde(default)]
        tezis_version: String,
    }
    let v: Version = serde_json::from_slice(bytes)
        .map_err(|e| Error::model(origin, format!("{MANIFEST_FILE} is not valid: {e}")))?;
    if v.format_version > FORMAT_VERSION {
        return Err(Error::model(
            origin,
            format!(
                "written in model format {} by tezis {}, but this tezis ({}) reads format {} or \
                 older; upgrade tezis to use it",
                v.format_version,
                v.tezis_version,
                env!("CARGO_PKG_VERSION"),
                FORMAT_VERSION
            ),
        ));
    }
    serde_json::from_slice(bytes)
        .map_err(|e| Error::model(origin, format!("{MANIFEST_FILE} is not valid: {e}")))
}

/// Loads a model directory.
pub fn load(dir: &Path) -> Result<Model> {
    let origin = dir.display().to_string();
    let mpath = dir.join(MANIFEST_FILE);
    let mbytes = std::fs::read(&mpath).map_err(|e| {
        Error::model(
            &origin,
            format!("cannot read {MANIFEST_FILE} ({e}); is this a tezis model directory?"),
        )
    })?;
    let manifest = parse_manifest(&mbytes, &origin)?;
    if manifest.weights.file.contains('/') || manifest.weights.file.contains('\\') {
        return Err(Error::model(
            &origin,
            "weights file name must not contain a path",
        ));
    }
    let wpath = dir.join(&manifest.weights.file);
    let wbytes = std::fs::read(&wpath).map_err(|e| {
        Error::model(
            &origin,
            format!("cannot read {}: {e}", manifest.weights.file),
        )
    })?;
    decode(manifest, &wbytes, &origin)
}

/// Loads a model from in-memory manifest and weights (the embedded default).
pub fn load_bytes(manifest: &[u8], weights: &[u8], origin: &str) -> Result<Model> {
    let manifest = parse_manifest(manifest, origin)?;
    decode(manifest, weights, origin)
}

/// [`load_bytes`] without the SHA-256 checks, for bytes compiled into the binary (the embedded
/// default model): they cannot be truncated or corrupted on disk, and skipping the hash makes
/// start-up several milliseconds faster. Every structural check still runs.
pub fn load_trusted_bytes(manifest: &[u8], weights: &[u8], origin: &str) -> Result<Model> {
    let manifest = parse_manifest(manifest, origin)?;
    decode_with(manifest, weights, origin, false)
}
