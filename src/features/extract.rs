//! Feature extraction: analysed words → feature keys (stem unigrams, negation-marked unigrams,
//! stem bigrams within a clause, optional character n-grams, evaluative cues).
//!
//! The same function serves vocabulary building (with a growing lexicon) and scoring (with a frozen
//! one), so training and prediction cannot drift apart. A per-word cache maps each surface form to
//! its stem id, polarity and character n-gram ids: a word seen before skips Snowball and n-gram
//! hashing.

use super::lexicon::Lexicon;
use super::polarity::{self, Polarity};
use super::vocabulary::Vocabulary;
use crate::text::{Analyzer, TextScratch};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Options of the feature layer (one set per label head), recorded in the model manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureOptions {
    /// Skip words on the stopword list.
    pub stopwords: bool,
    /// Stem bigrams of neighbouring words within a clause.
    pub bigrams: bool,
    /// Character n-grams of each word (with `<` `>` boundary marks), `[min, max]` lengths; off when
    /// `None`.
    pub char_ngrams: Option<[u8; 2]>,
    /// Keep a feature only when it occurs in at least this many training rows.
    pub min_df: u32,
    /// Keep at most this many features (the most frequent by document frequency).
    pub max_features: Option<u32>,
    /// Evaluative cues: words from the polarity list (flipped under negation), questions,
    /// exclamations, and the stems and polarity after a contrast word (но, однако, зато), where a
    /// concession ("да, риски есть, но ...") usually puts its point.
    pub cues: bool,
    /// Target-aware features (the text comes with a target span); `None` for plain statements.
    #[serde(default)]
    pub target: Option<TargetOptions>,
}

/// Features around the target of a target-aware statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetOptions {
    /// Stems up to this many words left and right of the target, tagged by side.
    pub window: u8,
    /// Stems this close to the target get a second, "near" feature (distance weighting).
    pub near: u8,
    /// Stems in the same clause as the target.
    pub clause: bool,
    /// The stems of the target's own words (who or what it is), besides its marker.
    #[serde(default)]
    pub identity: bool,
}

impl Default for TargetOptions {
    fn default() -> Self {
        TargetOptions {
            window: 4,
            near: 2,
            clause: true,
            identity: true,
        }
    }
}

/// Kinds of [`FeatureKey::Ctx`] (context of the target).
pub mod ctx {
    pub const LEFT: u8 = 0;
    pub const RIGHT: u8 = 1;
    pub const NEAR_LEFT: u8 = 2;
    pub const NEAR_RIGHT: u8 = 3;
    pub const CLAUSE: u8 = 4;
    /// A stem after a contrast word (но, однако, зато): the clause that usually carries the point.
    pub const AFTER_CONTRAST: u8 = 5;
    /// A stem of the target's own words.
    pub const TARGET_SELF: u8 = 6;
    /// A categorical value given with the text (`column=value`); the id is an interned string.
    pub const TAG: u8 = 7;
    pub const NAMES: [&str; 8] = ["←", "→", "←←", "→→", "§", "но→", "=", "#"];
}

impl Default for FeatureOptions {
    fn default() -> Self {
        FeatureOptions {
            stopwords: true,
            bigrams: true,
            char_ngrams: None,
            min_df: 1,
            max_features: None,
            cues: true,
            target: None,
        }
    }
}

impl FeatureOptions {
    /// The options as the settings [`FeatureOptions::apply`] reads, e.g.
    /// `stopwords=drop, bigrams=on, char=3-5, cues=on, min-df=1`.
    pub fn spec(&self) -> String {
        let onoff = |b: bool| if b { "on" } else { "off" };
        let mut s = format!(
            "stopwords={}, bigrams={}, char={}, cues={}, min-df={}",
            if self.stopwords { "drop" } else { "keep" },
            onoff(self.bigrams),
            self.char_ngrams
                .map_or("off".to_string(), |[a, b]| format!("{a}-{b}")),
            onoff(self.cues),
            self.min_df
        );
        if let Some(m) = self.max_features {
            s.push_str(&format!(", max-features={m}"));
        }
        if let Some(t) = self.target {
            s.push_str(&format!(
                ", target window {} near {} clause {} identity {}",
                t.window,
                t.near,
                onoff(t.clause),
                onoff(t.identity)
            ));
        }
        s
    }

    /// Applies a comma-separated list of settings, e.g. `stopwords=keep,char=3-5,cues=off`.
    /// Keys: `stopwords=keep|drop`, `bigrams=on|off`, `char=MIN-MAX|off`, `cues=on|off`,
    /// `min-df=N`, `max-features=N|none`.
    pub fn apply(&mut self, spec: &str) -> Result<(), String> {
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (key, value) = item
                .split_once('=')
                .ok_or_else(|| format!("`{item}` is not KEY=VALUE"))?;
            let onoff = |v: &str| match v {
                "on" | "true" | "yes" => Ok(true),
                "off" | "false" | "no" => Ok(false),
                _ => Err(format!("`{key}` takes on or off, got `{v}`")),
            };
            match key.trim() {
                "stopwords" => {
                    self.stopwords = match value {
                        "drop" => true,
                        "keep" => false,
                        _ => return Err(format!("`stopwords` takes keep or drop, got `{value}`")),
                    }
                }
                "bigrams" => self.bigrams = onoff(value)?,
                "cues" => self.cues = onoff(value)?,
                "char" => {
                    self.char_ngrams = if value == "off" {
                        None
                    } else {
                        Some(parse_range(value)?)
                    }
                }
                "min-df" => {
                    self.min_df = value
                        .parse()
                        .map_err(|_| format!("`min-df` takes a number, got `{value}`"))?
                }
                "max-features" => {
                    self.max_features = if value == "none" {
                        None
                    } else {
                        Some(value.parse().map_err(|_| {
                            format!("`max-features` takes a number or none, got `{value}`")
                        })?)
                    }
                }
                k => {
                    return Err(format!(
                        "unknown setting `{k}`; use stopwords, bigrams, char, cues, min-df or \
                         max-features"
                    ))
                }
            }
        }
        Ok(())
    }
}

/// Parses a character n-gram range such as `3-5`.
pub fn parse_range(s: &str) -> Result<[u8; 2], String> {
    let bad = || format!("expected MIN-MAX such as 3-5, got `{s}`");
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let a: u8 = a.trim().parse().map_err(|_| bad())?;
    let b: u8 = b.trim().parse().map_err(|_| bad())?;
    if a == 0 || a > b || b > 10 {
        return Err(bad());
    }
    Ok([a, b])
}

/// A feature before it gets a dense id. Stem and n-gram ids refer to the [`Lexicon`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FeatureKey {
    /// A stem.
    Uni(u32),
    /// A stem inside negation scope (emitted in addition to the plain unigram).
    NegUni(u32),
    /// Two neighbouring stems in one clause.
    Bi(u32, u32),
    /// A character n-gram of a word.
    Char(u32),
    /// An evaluative or sentence-type cue (see [`super::polarity`]).
    Cue(u32),
    /// A stem in the target's context: kind ([`ctx`]) and stem.
    Ctx(u8, u32),
}

impl FeatureKey {
    pub(crate) fn kind_code(&self) -> u8 {
        match self {
            FeatureKey::Uni(_) => 0,
            FeatureKey::NegUni(_) => 1,
            FeatureKey::Bi(..) => 2,
            FeatureKey::Char(_) => 3,
            FeatureKey::Cue(_) => 4,
            FeatureKey::Ctx(..) => 5,
        }
    }

    /// A readable form for explanations and debugging.
    pub fn display(&self, lex: &Lexicon) -> String {
        match *self {
            FeatureKey::Uni(s) => stem_name(lex, s),
            FeatureKey::NegUni(s) => format!("не_{}", stem_name(lex, s)),
            FeatureKey::Bi(a, b) => format!("{} {}", stem_name(lex, a), stem_name(lex, b)),
            FeatureKey::Char(g) => format!("[{}]", lex.grams.string(g)),
            FeatureKey::Cue(c) => polarity::cue_name(c).to_string(),
            FeatureKey::Ctx(k, s) => format!("{}{}", ctx::NAMES[k as usize], stem_name(lex, s)),
        }
    }
}

fn stem_name(lex: &Lexicon, s: u32) -> String {
    lex.stems.string(s).replace(crate::text::TARGET_MARK, "<T>")
}

/// No id: an unknown stem or a feature outside the vocabulary.
pub const NONE: u32 = u32::MAX;

/// Where extraction looks up stem and n-gram ids: a growing [`Lexicon`] while the vocabulary is
/// built, a shared `&Lexicon` (lookups only) when scoring.
pub trait LexiconLookup {
    fn stem_id(&mut self, stem: &str) -> Option<u32>;
    fn gram_id(&mut self, gram: &str) -> Option<u32>;
}

impl LexiconLookup for Lexicon {
    fn stem_id(&mut self, stem: &str) -> Option<u32> {
        self.stems.resolve(stem)
    }
    fn gram_id(&mut self, gram: &str) -> Option<u32> {
        self.grams.resolve(gram)
    }
}

impl LexiconLookup for &Lexicon {
    fn stem_id(&mut self, stem: &str) -> Option<u32> {
        self.stems.get(stem)
    }
    fn gram_id(&mut self, gram: &str) -> Option<u32> {
        self.grams.get(gram)
    }
}

/// What the cache knows of one surface word: one cache line, with room for a sink's own
/// per-word values beside the ids.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(64))]
pub struct WordEntry {
    pub(crate) stem: u32,
    /// Vocabulary ids of `Uni(stem)` and `NegUni(stem)` (resolving caches only; else `NONE`).
    pub(crate) uni: u32,
    pub(crate) neg: u32,
    /// The run of bigrams that start with this word's stem (resolving caches only).
    pub(crate) bi_lo: u32,
    pub(crate) bi_hi: u32,
    grams_start: u32,
    grams_len: u32,
    polarity: i8,
    /// Whether the entry holds a word (slots not seen yet hold [`WordEntry::ABSENT`]).
    known: bool,
    /// Values a [`Sink`] keeps for the word (see [`Sink::words`]); the last one is NaN until the
    /// sink sets them.
    pub(crate) values: [f32; 8],
}

/// Cache of `surface word → stem id, polarity, n-gram ids` for one featurizer. A cache built with
/// a vocabulary ([`WordCache::resolving`]) stores vocabulary feature ids instead: the n-grams'
/// `Char` features and the word's unigram features, so that scoring a seen word costs one lookup.
#[derive(Debug, Default, Clone)]
pub struct WordCache {
    map: FxHashMap<Box<str>, WordEntry>,
    /// Entries by [`crate::text::WordSlots`] id (scoring): no hashing per head.
    by_slot: Vec<WordEntry>,
    pool: Vec<u32>,
    /// The entries of the text being extracted, and their slots (reused buffers).
    entries: Vec<WordEntry>,
    entry_slots: Vec<u32>,
    gram_buf: String,
    /// Byte offsets of the characters of `gram_buf`, and its length.
    bounds: Vec<usize>,
}

/// Receives the features [`extract`] finds.
pub trait Sink {
    /// Called before a text's features.
    fn begin(&mut self);
    /// One feature.
    fn key(&mut self, key: FeatureKey);
    /// A word's own features: its unigram (and negated unigram), and its character n-grams
    /// (`e.grams(pool)`: n-gram ids, or feature ids when the cache resolves).
    fn word(&mut self, e: &WordEntry, pool: &[u32], negated: bool);
    /// All kept words of the text, in order, before the per-word calls; `pool` holds their
    /// n-grams (see [`WordEntry::grams`]). A sink may set an entry's `values`: the cache keeps
    /// them with the word (when it is looked up by slot) for the next text, so a cache must only
    /// ever serve one sink's kind of values.
    fn words(&mut self, _entries: &mut [WordEntry], _pool: &[u32]) {}
    /// The bigram of two neighbouring words (both with known stems).
    fn bigram(&mut self, prev: &WordEntry, cur: &WordEntry) {
        self.key(FeatureKey::Bi(prev.stem, cur.stem));
    }
}

/// Collects feature keys (training, and the reference path of scoring).
impl Sink for Vec<FeatureKey> {
    fn begin(&mut self) {
        Vec::clear(self)
    }
    fn key(&mut self, key: FeatureKey) {
        self.push(key)
    }
    fn word(&mut self, e: &WordEntry, pool: &[u32], negated: bool) {
        if e.stem != NONE {
            self.push(FeatureKey::Uni(e.stem));
            if negated {
                self.push(FeatureKey::NegUni(e.stem));
            }
        }
        self.extend(e.grams(pool).iter().map(|&g| FeatureKey::Char(g)));
    }
}

/// Bound on cached words; past it the cache starts over (keeps memory flat on endless streams).
/// The same bound as the word ids the scorer's caches are indexed by.
const CACHE_LIMIT: usize = crate::text::slots::LIMIT;

/// What extraction needs besides the text: the analyzer (for stemming), the polarity list and the
/// options.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub analyzer: &'a Analyzer,
    pub polarity: &'a Polarity,
    pub options: &'a FeatureOptions,
}

impl WordEntry {
    const ABSENT: WordEntry = WordEntry {
        stem: NONE,
        uni: NONE,
        neg: NONE,
        bi_lo: 0,
        bi_hi: 0,
        grams_start: 0,
        grams_len: 0,
        polarity: 0,
        known: false,
        values: [f32::NAN; 8],
    };

    /// The word's n-gram ids in its cache's pool.
    #[inline]
    pub(crate) fn grams<'p>(&self, pool: &'p [u32]) -> &'p [u32] {
        &pool[self.grams_start as usize..(self.grams_start + self.grams_len) as usize]
    }
}

impl WordCache {
    /// The entry of `word`, computed on a miss; with `vocab`, ids are resolved to feature ids.
    /// Forgets every word (the slot ids started over).
    pub fn reset(&mut self) {
        self.map.clear();
        self.by_slot.clear();
        self.pool.clear();
    }

    /// Starts fetching the entries of the words with these slot ids (see [`crate::hint`]): a
    /// scorer knows a quote's words before it extracts any head's features.
    pub fn prefetch(&self, slots: &[u32]) {
        for &s in slots {
            if let Some(e) = self.by_slot.get(s as usize) {
                crate::hint::prefetch(e);
            }
        }
    }

    /// Starts over when the cache is past its bound; called between texts, so the entries of
    /// one text stay valid for the whole text.
    fn begin_text(&mut self) {
        if self.map.len() + self.by_slot.len() >= CACHE_LIMIT {
            self.reset();
        }
    }

    /// The entry of the word with slot id `slot` (see [`crate::text::WordSlots`]), computed on a
    /// miss.
    #[inline]
    fn entry_at<L: LexiconLookup>(
        &mut self,
        slot: u32,
        text: &TextScratch,
        term: &crate::text::Term,
        cx: Context,
        lex: &mut L,
        vocab: Option<&Vocabulary>,
    ) -> WordEntry {
        if let Some(e) = self.by_slot.get(slot as usize).filter(|e| e.known) {
            return *e;
        }
        self.first_at(slot, text.term_text(term), cx, lex, vocab)
    }

    /// [`WordCache::entry_at`] for a word not seen yet: computed, out of line (the word's text
    /// is only sliced here, and the lookup of a seen word stays small enough to inline).
    #[cold]
    #[inline(never)]
    fn first_at<L: LexiconLookup>(
        &mut self,
        slot: u32,
        word: &str,
        cx: Context,
        lex: &mut L,
        vocab: Option<&Vocabulary>,
    ) -> WordEntry {
        let e = self.compute(word, cx, lex, vocab);
        if self.by_slot.len() <= slot as usize {
            self.by_slot.resize(slot as usize + 1, WordEntry::ABSENT);
        }
        self.by_slot[slot as usize] = e;
        e
    }

    fn entry_in<L: LexiconLookup>(
        &mut self,
        word: &str,
        cx: Context,
        lex: &mut L,
        vocab: Option<&Vocabulary>,
    ) -> WordEntry {
        if let Some(e) = self.map.get(word) {
            return *e;
        }
        let e = self.compute(word, cx, lex, vocab);
        self.map.insert(word.into(), e);
        e
    }

    /// Stems `word` and finds its ids.
    fn compute<L: LexiconLookup>(
        &mut self,
        word: &str,
        cx: Context,
        lex: &mut L,
        vocab: Option<&Vocabulary>,
    ) -> WordEntry {
        let stem_text = cx.analyzer.stem(word);
        let stem = lex.stem_id(&stem_text).unwrap_or(NONE);
        let polarity = if cx.options.cues {
            cx.polarity.of(&stem_text)
        } else {
            0
        };
        let grams_start = self.pool.len() as u32;
        if let Some([lo, hi]) = cx.options.char_ngrams {
            // `<word>` once, and where its characters start: each n-gram is a slice of it.
            self.gram_buf.clear();
            self.gram_buf.push('<');
            self.gram_buf.push_str(word);
            self.gram_buf.push('>');
            self.bounds.clear();
            self.bounds
                .extend(self.gram_buf.char_indices().map(|(i, _)| i));
            self.bounds.push(self.gram_buf.len());
            let chars = self.bounds.len() - 1;
            for n in lo as usize..=hi as usize {
                for start in 0..(chars + 1).saturating_sub(n) {
                    let gram = &self.gram_buf[self.bounds[start]..self.bounds[start + n]];
                    if let Some(g) = lex.gram_id(gram) {
                        match vocab {
                            None => self.pool.push(g),
                            Some(v) => self.pool.extend(v.id(&FeatureKey::Char(g))),
                        }
                    }
                }
            }
        }
        let fid = |k: FeatureKey| vocab.and_then(|v| v.id(&k)).unwrap_or(NONE);
        let (uni, neg) = if stem == NONE {
            (NONE, NONE)
        } else {
            (fid(FeatureKey::Uni(stem)), fid(FeatureKey::NegUni(stem)))
        };
        let (bi_lo, bi_hi) = match vocab {
            Some(v) if stem != NONE => v.bigram_run(stem),
            _ => (0, 0),
        };
        WordEntry {
            stem,
            uni,
            neg,
            bi_lo,
            bi_hi,
            grams_start,
            grams_len: self.pool.len() as u32 - grams_start,
            polarity,
            known: true,
            values: [f32::NAN; 8],
        }
    }

    pub fn len(&self) -> usize {
        self.map.len() + self.by_slot.iter().filter(|e| e.known).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Appends the features of the analysed text in `text` to `out` (cleared first), in text order,
/// repeats included.
pub fn extract<L: LexiconLookup, S: Sink>(
    text: &TextScratch,
    cx: Context,
    lex: &mut L,
    cache: &mut WordCache,
    out: &mut S,
) {
    extract_in(text, cx, lex, cache, None, out)
}

/// [`extract`], with the cache resolving word features to ids of `vocab` when given (the caller
/// must then always pass the same vocabulary with this cache).
pub fn extract_in<L: LexiconLookup, S: Sink>(
    text: &TextScratch,
    cx: Context,
    lex: &mut L,
    cache: &mut WordCache,
    vocab: Option<&Vocabulary>,
    out: &mut S,
) {
    cache.begin_text();
    out.begin();
    let opts = cx.options;
    let skip = |t: &crate::text::Term| t.stop && opts.stopwords && !t.target;
    // Where the target is: its position among kept words, and its clause.
    let mut target: Option<(i64, u32)> = None;
    if opts.target.is_some() {
        let (mut pos, mut clause) = (0i64, 0u32);
        for t in &text.terms {
            clause += t.clause_start as u32;
            if t.target {
                target = Some((pos, clause));
                break;
            }
            pos += !skip(t) as i64;
        }
    }
    // The kept words' entries first, in one tight loop: their lookups miss the cache
    // independently and overlap, where the feature loop below would wait for each in turn.
    let mut entries = std::mem::take(&mut cache.entries);
    entries.clear();
    cache.entry_slots.clear();
    let slots = (text.slots.len() == text.terms.len()).then_some(&text.slots);
    // Whether any entry has no sink values yet (only then is there anything to keep below).
    let mut unset = false;
    for (i, t) in text.terms.iter().enumerate() {
        if !skip(t) {
            let e = match slots {
                Some(s) => {
                    cache.entry_slots.push(s[i]);
                    cache.entry_at(s[i], text, t, cx, lex, vocab)
                }
                None => cache.entry_in(text.term_text(t), cx, lex, vocab),
            };
            unset |= e.values[e.values.len() - 1].is_nan();
            entries.push(e);
        }
    }
    out.words(&mut entries, &cache.pool);
    // Keep what the sink set with the words.
    if unset {
        for (e, &slot) in entries.iter().zip(&cache.entry_slots) {
            let kept = &mut cache.by_slot[slot as usize].values;
            if kept[kept.len() - 1].is_nan() {
                *kept = e.values;
            }
        }
    }
    let mut prev: Option<&WordEntry> = None;
    let mut clause_break = true;
    let mut after_contrast = false;
    let (mut pos, mut clause) = (-1i64, 0u32);
    for t in &text.terms {
        clause_break |= t.clause_start;
        clause += t.clause_start as u32;
        if opts.cues && t.contrast {
            after_contrast = true;
        }
        if skip(t) {
            continue;
        }
        pos += 1;
        let e = &entries[pos as usize];
        if after_contrast && e.stem != NONE {
            out.key(FeatureKey::Ctx(ctx::AFTER_CONTRAST, e.stem));
        }
        if let (Some(to), Some((tpos, tclause))) = (opts.target, target) {
            if t.target {
                if t.negated {
                    out.key(FeatureKey::Cue(polarity::TARGET_NEGATED));
                }
            } else {
                let d = pos - tpos;
                let (side, near_side) = if d < 0 {
                    (ctx::LEFT, ctx::NEAR_LEFT)
                } else {
                    (ctx::RIGHT, ctx::NEAR_RIGHT)
                };
                let within = d.unsigned_abs() <= to.window as u64;
                if e.stem != NONE {
                    if within {
                        out.key(FeatureKey::Ctx(side, e.stem));
                    }
                    if d.unsigned_abs() <= to.near as u64 {
                        out.key(FeatureKey::Ctx(near_side, e.stem));
                    }
                    if to.clause && clause == tclause {
                        out.key(FeatureKey::Ctx(ctx::CLAUSE, e.stem));
                    }
                }
                if within && e.polarity != 0 {
                    let positive = (e.polarity > 0) != t.negated;
                    out.key(FeatureKey::Cue(if positive {
                        polarity::NEAR_POSITIVE
                    } else {
                        polarity::NEAR_NEGATIVE
                    }));
                }
            }
        }
        out.word(e, &cache.pool, t.negated);
        if let Some(p) = prev.filter(|p| opts.bigrams && p.stem != NONE && !clause_break) {
            if e.stem != NONE {
                out.bigram(p, e);
            }
        }
        if e.polarity != 0 {
            let positive = (e.polarity > 0) != t.negated;
            out.key(FeatureKey::Cue(if positive {
                polarity::POSITIVE
            } else {
                polarity::NEGATIVE
            }));
            if after_contrast {
                out.key(FeatureKey::Cue(if positive {
                    polarity::CONTRAST_POSITIVE
                } else {
                    polarity::CONTRAST_NEGATIVE
                }));
            }
        }
        prev = Some(e);
        clause_break = false;
    }
    cache.entries = entries;
    if let Some(to) = opts.target {
        if to.identity {
            let mut prev = NONE;
            for w in text.target_words() {
                let e = cache.entry_in(w, cx, lex, vocab);
                if e.stem != NONE {
                    out.key(FeatureKey::Ctx(ctx::TARGET_SELF, e.stem));
                    if opts.bigrams && prev != NONE {
                        out.key(FeatureKey::Bi(prev, e.stem));
                    }
                }
                prev = e.stem;
            }
        }
    }
    for tag in text.tags() {
        if let Some(id) = lex.stem_id(tag) {
            out.key(FeatureKey::Ctx(ctx::TAG, id));
        }
    }
    if opts.cues {
        if text.questions > 0 {
            out.key(FeatureKey::Cue(polarity::QUESTION));
        }
        if text.exclamations > 0 {
            out.key(FeatureKey::Cue(polarity::EXCLAMATION));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextOptions;

    fn keys_with<L: LexiconLookup>(
        text: &str,
        opts: FeatureOptions,
        lex: &mut L,
    ) -> Vec<FeatureKey> {
        let a = Analyzer::new(TextOptions::default());
        let pol = Polarity::russian(&a);
        let mut scratch = TextScratch::default();
        a.analyze(text, &mut scratch);
        let cx = Context {
            analyzer: &a,
            polarity: &pol,
            options: &opts,
        };
        let mut out = Vec::new();
        extract(&scratch, cx, lex, &mut WordCache::default(), &mut out);
        out
    }

    fn keys(text: &str, opts: FeatureOptions) -> Vec<String> {
        let mut lex = Lexicon::growing();
        let k = keys_with(text, opts, &mut lex);
        k.iter().map(|k| k.display(&lex)).collect()
    }

    fn plain() -> FeatureOptions {
        FeatureOptions {
            cues: false,
            ..Default::default()
        }
    }

    #[test]
    fn unigrams_negation_and_bigrams() {
        let k = keys("Не поддерживаю реформу", plain());
        assert_eq!(
            k,
            [
                "не",
                "поддержива",
                "не_поддержива",
                "не поддержива",
                "реформ",
                "не_реформ",
                "поддержива реформ"
            ]
        );
    }

    #[test]
    fn bigrams_do_not_cross_clauses_even_over_dropped_stopwords() {
        let k = keys("Реформа нужна. И партии готовы", plain());
        assert!(k.contains(&"реформ нужн".to_string()));
        assert!(k.contains(&"парт готов".to_string()));
        assert!(!k.iter().any(|f| f == "нужн парт"), "{k:?}");
    }

    #[test]
    fn stopwords_kept_or_skipped_by_option() {
        let dropped = keys("партия и выборы", plain());
        assert_eq!(dropped, ["парт", "выбор", "парт выбор"]);
        let kept = keys(
            "партия и выборы",
            FeatureOptions {
                stopwords: false,
                ..plain()
            },
        );
        assert_eq!(kept, ["парт", "и", "парт и", "выбор", "и выбор"]);
    }

    #[test]
    fn char_ngrams_only_when_enabled() {
        let off = keys("Курултай", plain());
        assert!(!off.iter().any(|f| f.starts_with('[')));
        let on = keys(
            "Курултай",
            FeatureOptions {
                char_ngrams: Some([3, 4]),
                ..plain()
            },
        );
        assert!(on.contains(&"[<ку]".to_string()));
        assert!(on.contains(&"[тай>]".to_string()));
        assert!(on.contains(&"[урул]".to_string()));
    }

    #[test]
    fn cues_flip_under_negation_and_mark_questions() {
        let k = keys("Реформа опасна!", FeatureOptions::default());
        assert!(k.contains(&"<оценка->".to_string()), "{k:?}");
        assert!(k.contains(&"<восклицание>".to_string()));
        let k = keys("Не вижу угрозы", FeatureOptions::default());
        assert!(k.contains(&"<оценка+>".to_string()), "{k:?}");
        let k = keys("Зачем нужна эта реформа?", FeatureOptions::default());
        assert!(k.contains(&"<вопрос>".to_string()), "{k:?}");
        assert!(!keys("Реформа", FeatureOptions::default())
            .iter()
            .any(|f| f.starts_with('<')));
    }

    #[test]
    fn contrast_marks_what_follows_but() {
        let k = keys("Риски есть, но реформа полезна", FeatureOptions::default());
        assert!(k.contains(&"<но оценка+>".to_string()), "{k:?}");
        assert!(k.iter().any(|f| f.starts_with("но→")), "{k:?}");
        assert!(!k.iter().any(|f| f == "но→риск"), "{k:?}");
        let k = keys("Реформа полезна", FeatureOptions::default());
        assert!(!k
            .iter()
            .any(|f| f.starts_with("но→") || f.starts_with("<но")));
    }

    #[test]
    fn frozen_lexicon_drops_unknown_stems() {
        let mut lex = Lexicon::growing();
        keys_with("партия", plain(), &mut lex);
        let frozen = Lexicon {
            stems: crate::features::lexicon::Interner::frozen(lex.stems.strings()),
            grams: Default::default(),
        };
        let out = keys_with("партии выборы", plain(), &mut &frozen);
        assert_eq!(out, [FeatureKey::Uni(0)]);
    }

    #[test]
    fn spec_round_trips_through_apply() {
        let mut o = FeatureOptions::default();
        o.apply("stopwords=keep,char=3-5,cues=off,min-df=2,max-features=100")
            .unwrap();
        let mut back = FeatureOptions::default();
        back.apply(&o.spec()).unwrap();
        assert_eq!(back, o, "{}", o.spec());
    }

    #[test]
    fn option_specs() {
        let mut o = FeatureOptions::default();
        o.apply("stopwords=keep, char=3-5,cues=off,min-df=2,max-features=100")
            .unwrap();
        assert!(!o.stopwords && !o.cues);
        assert_eq!(o.char_ngrams, Some([3, 5]));
        assert_eq!((o.min_df, o.max_features), (2, Some(100)));
        o.apply("char=off,max-features=none,bigrams=off").unwrap();
        assert_eq!(
            (o.char_ngrams, o.max_features, o.bigrams),
            (None, None, false)
        );
        assert!(o.apply("char=5-3").is_err());
        assert!(o.apply("colour=red").is_err());
        assert!(o.apply("stopwords").is_err());
        assert!(parse_range("0-2").is_err());
    }

    /// Feature names of `text` analysed toward `target` (its first occurrence), with `tags`.
    fn target_keys(
        text: &str,
        target: &str,
        opts: FeatureOptions,
        tags: &[(&str, &str)],
    ) -> Vec<String> {
        let a = Analyzer::new(TextOptions::default());
        let pol = Polarity::russian(&a);
        let start = text.find(target).unwrap();
        let mut scratch = TextScratch::default();
        a.analyze_target(text, start..start + target.len(), &mut scratch);
        scratch.set_tags(tags.iter().copied());
        let mut lex = Lexicon::growing();
        let cx = Context {
            analyzer: &a,
            polarity: &pol,
            options: &opts,
        };
        let mut out = Vec::new();
        extract(&scratch, cx, &mut lex, &mut WordCache::default(), &mut out);
        out.iter().map(|k| k.display(&lex)).collect()
    }

    fn target_opts(identity: bool) -> FeatureOptions {
        FeatureOptions {
            cues: true,
            target: Some(TargetOptions {
                window: 2,
                near: 1,
                clause: true,
                identity,
            }),
            ..plain()
        }
    }

    #[test]
    fn target_context_features() {
        let text = "Эксперты хвалят министра Иванова, но критикуют реформу";
        let names = target_keys(text, "министра Иванова", target_opts(false), &[]);
        for f in [
            "<T>",
            "хвал <T>",
            "←эксперт",
            "←хвал",
            "←←хвал",
            "§хвал",
            "→но",
            "→→но",
        ] {
            assert!(names.contains(&f.to_string()), "{f} missing from {names:?}");
        }
        // "критикуют" is 2 words right of the target: in the window, not near, not in its clause.
        assert!(names.contains(&"→критик".to_string()), "{names:?}");
        assert!(!names.contains(&"→→критик".to_string()));
        assert!(!names.contains(&"§критик".to_string()));
        assert!(
            !names.iter().any(|n| n.contains("иванов")),
            "target words are replaced"
        );
        assert!(names.contains(&"<оценка+ у цели>".to_string()), "{names:?}");
    }

    #[test]
    fn target_identity_and_tags() {
        let text = "Эксперты хвалят министра Иванова";
        let tags = [("entity_tag", "PERSON")];
        let names = target_keys(text, "министра Иванова", target_opts(true), &tags);
        for f in [
            "=министр",
            "=иванов",
            "министр иванов",
            "#entity_tag=PERSON",
        ] {
            assert!(names.contains(&f.to_string()), "{f} missing from {names:?}");
        }
        // Identity features are only for the target's words, not as plain unigrams.
        assert!(!names.contains(&"иванов".to_string()), "{names:?}");
        let names = target_keys(text, "Эксперты", target_opts(true), &[]);
        assert!(names.contains(&"=эксперт".to_string()), "{names:?}");
        assert!(!names.iter().any(|n| n.starts_with('#') || n == "=иванов"));
    }

    #[test]
    fn cache_returns_same_ids_on_repeat() {
        let k1 = keys("выборы выборы", plain());
        assert_eq!(k1, ["выбор", "выбор", "выбор выбор"]);
    }
}
