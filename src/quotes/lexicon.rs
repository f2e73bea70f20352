//! The word lists behind quote extraction, read from small data files: speech verbs, role nouns,
//! nouns that introduce a name in quotation marks (a party, a programme), and pronouns.

use std::collections::HashSet;
use std::sync::OnceLock;

fn words(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Verbs that introduce or close speech (заявил, отметила, считает, ...).
pub fn speech_verbs() -> &'static HashSet<&'static str> {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| words(include_str!("speech_verbs.txt")))
}

/// Nouns naming a speaker's role (депутат, эксперт, министр, ...).
pub fn role_nouns() -> &'static HashSet<&'static str> {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| words(include_str!("role_nouns.txt")))
}

/// Nouns after which a short text in quotation marks is a name, not speech (партия «...»).
pub fn naming_nouns() -> &'static HashSet<&'static str> {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| words(include_str!("naming_nouns.txt")))
}

/// Whether a lowercased word is a speech verb, allowing the common forms of a listed one
/// (заявил → заявила, заявили; отмечает → отмечают).
pub fn is_speech_verb(word: &str) -> bool {
    let v = speech_verbs();
    if v.contains(word) {
        return true;
    }
    for cut in ["а", "и", "о", "ют", "ет"] {
        if let Some(stem) = word.strip_suffix(cut) {
            if v.contains(stem) || v.contains(format!("{stem}ет").as_str()) {
                return true;
            }
        }
    }
    false
}

/// Whether a lowercased word is a role noun, in any case form (депутата, министру, экспертом).
pub fn role_noun(word: &str) -> Option<&'static str> {
    let r = role_nouns();
    if let Some(w) = r.get(word) {
        return Some(w);
    }
    for cut in [
        "а", "у", "ом", "е", "ы", "ов", "ам", "и", "ой", "ом", "я", "ю", "ем",
    ] {
        if let Some(stem) = word.strip_suffix(cut) {
            if let Some(w) = r.get(stem) {
                return Some(w);
            }
            // глава → главы, главе: the base ends in -а.
            if let Some(w) = r.get(format!("{stem}а").as_str()) {
                return Some(w);
            }
        }
    }
    None
}

/// The grammatical gender a pronoun refers to: `Some(true)` feminine, `Some(false)` masculine.
pub fn pronoun(word: &str) -> Option<bool> {
    match word {
        "она" | "её" | "ее" | "ей" => Some(true),
        "он" | "его" | "ему" => Some(false),
        _ => None,
    }
}
