//! Finding quote candidates: quotation marks, dash-introduced speech, reported speech.

use super::lexicon::{is_speech_verb, naming_nouns};
use super::Kind;

/// A quote before its speaker is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Where the attribution is: a range of characters holding the speaker phrase.
    pub attribution: Option<(usize, usize)>,
    /// The attribution puts names in the genitive (По словам / По мнению X).
    pub genitive: bool,
    /// Dash speech without an attribution (an interview turn).
    pub bare_turn: bool,
}

impl Candidate {
    /// Direct speech at `start..end`, its attribution (if known) in `attribution`.
    fn direct(start: usize, end: usize, attribution: Option<(usize, usize)>) -> Self {
        Candidate {
            start,
            end,
            kind: Kind::Direct,
            attribution,
            genitive: false,
            bare_turn: false,
        }
    }

    /// Reported speech `span`, said by the phrase at `attribution`.
    fn reported((start, end): (usize, usize), attribution: (usize, usize), genitive: bool) -> Self {
        Candidate {
            kind: Kind::Reported,
            genitive,
            ..Candidate::direct(start, end, Some(attribution))
        }
    }
}

/// Word tokens (letters, digits, inner hyphens) in `chars[from..to]`, as ranges.
pub fn words(chars: &[char], from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        if chars[i].is_alphanumeric() {
            let s = i;
            while i < to
                && (chars[i].is_alphanumeric()
                    || (chars[i] == '-' && i + 1 < to && chars[i + 1].is_alphanumeric()))
            {
                i += 1;
            }
            out.push((s, i));
        } else {
            i += 1;
        }
    }
    out
}

pub fn lower(chars: &[char], (s, e): (usize, usize)) -> String {
    chars[s..e]
        .iter()
        .flat_map(|c| c.to_lowercase())
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '-')
}

/// The paragraphs as `(start, end)` ranges (split at line breaks, empty lines dropped).
pub fn paragraphs(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    for i in 0..=chars.len() {
        if i == chars.len() || chars[i] == '\n' {
            let (mut a, mut b) = (s, i);
            while a < b && chars[a].is_whitespace() {
                a += 1;
            }
            while b > a && chars[b - 1].is_whitespace() {
                b -= 1;
            }
            if a < b {
                out.push((a, b));
            }
            s = i + 1;
        }
    }
    out
}

/// The closing mark of a quotation opened at `open`, if any.
fn closing(chars: &[char], open: usize) -> Option<usize> {
    match chars[open] {
        '«' => {
            let mut depth = 0;
            for (i, &c) in chars.iter().enumerate().skip(open) {
                match c {
                    '«' => depth += 1,
                    '»' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i);
                        }
                    }
                    _ => {}
                }
            }
            None
        }
        '„' => (open + 1..chars.len()).find(|&i| chars[i] == '“' || chars[i] == '”'),
        '“' => (open + 1..chars.len()).find(|&i| chars[i] == '”'),
        '"' => (open + 1..chars.len()).find(|&i| chars[i] == '"'),
        _ => None,
    }
}

fn opens(chars: &[char], i: usize) -> bool {
    match chars[i] {
        '«' | '„' | '“' => true,
        // A straight quote opens after a space, a bracket, a dash or at the start.
        '"' => i == 0 || chars[i - 1].is_whitespace() || matches!(chars[i - 1], '(' | '—' | '–'),
        _ => false,
    }
}

/// The first word after `from`, skipping punctuation, a dash and spaces: whether a speech verb
/// comes within the next four words.
fn attribution_follows(chars: &[char], from: usize) -> bool {
    let mut i = from;
    while i < chars.len() && matches!(chars[i], ',' | '.' | '!' | '?' | '…' | ' ') {
        i += 1;
    }
    if i >= chars.len() || !is_dash(chars[i]) {
        return false;
    }
    let end = sentence_end(chars, i);
    words(chars, i, end)
        .iter()
        .take(4)
        .any(|&w| is_speech_verb(&lower(chars, w)))
}

/// The end of the sentence starting at or containing `from`: the next `.`, `!`, `?`, `…` or line
/// break outside quotation marks (exclusive of the mark), or the text's end.
pub fn sentence_end(chars: &[char], from: usize) -> usize {
    let mut depth = 0i32;
    let mut i = from;
    while i < chars.len() {
        match chars[i] {
            '«' | '„' => depth += 1,
            '»' | '“' => depth = (depth - 1).max(0),
            '\n' => return i,
            '.' | '!' | '?' | '…' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    chars.len()
}

/// The start of the sentence that contains `at`, within its paragraph starting at `para`.
pub fn sentence_start(chars: &[char], para: usize, at: usize) -> usize {
    let mut s = para;
    let mut i = para;
    while i < at {
        let e = sentence_end(chars, i);
        if e >= at {
            break;
        }
        i = e + 1;
        while i < at && (chars[i].is_whitespace() || matches!(chars[i], '.' | '!' | '?' | '…')) {
            i += 1;
        }
        s = i;
    }
    s
}

/// Whether a lowercased word is a naming noun in any case form: a listed form, or the same
/// stem (платформу, пособием).
fn is_naming_noun(w: &str) -> bool {
    let n = naming_nouns();
    n.contains(w)
        || n.iter().any(|x| {
            let stem: String = x
                .chars()
                .take(x.chars().count().saturating_sub(1))
                .collect();
            stem.chars().count() >= 4
                && w.starts_with(&stem)
                && w.chars().count() <= x.chars().count() + 2
        })
}

/// Whether text in quotation marks from `open` to `close` is speech rather than a name.
fn is_speech(chars: &[char], open: usize, close: usize) -> bool {
    let inner = words(chars, open + 1, close);
    let punct = chars[open + 1..close]
        .iter()
        .any(|c| matches!(c, '.' | '!' | '?' | '…' | ':' | ';'));
    let before: Vec<(usize, usize)> = words(chars, open.saturating_sub(40), open);
    let named = before
        .last()
        .filter(|w| w.1 + 2 >= open)
        .map(|&w| is_naming_noun(&lower(chars, w)))
        .unwrap_or(false);
    if named && inner.len() <= 8 && !attribution_follows(chars, close + 1) {
        return false;
    }
    let mut b = open;
    while b > 0 && chars[b - 1] == ' ' {
        b -= 1;
    }
    let colon = b > 0 && chars[b - 1] == ':';
    if colon || attribution_follows(chars, close + 1) {
        return true;
    }
    punct || inner.len() >= 4
}

/// Every candidate quote, in text order.
pub fn find(chars: &[char]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let paras = paragraphs(chars);
    // Dash speech first: its quotes own their characters.
    for &(ps, pe) in &paras {
        if is_dash(chars[ps]) && ps + 1 < pe && chars[ps + 1] == ' ' {
            dash_speech(chars, ps + 2, pe, &mut out);
        }
    }
    let taken = |i: usize, out: &[Candidate]| out.iter().any(|c| c.start <= i && i < c.end);
    // Quotation marks.
    let mut i = 0;
    while i < chars.len() {
        if opens(chars, i) && !taken(i, &out) {
            if let Some(close) = closing(chars, i) {
                if close > i + 1 && is_speech(chars, i, close) {
                    out.push(Candidate::direct(i + 1, close, None));
                }
                i = close + 1;
                continue;
            }
        }
        i += 1;
    }
    // Reported speech, sentence by sentence, outside quotes found so far.
    for &(ps, pe) in &paras {
        let mut s = ps;
        while s < pe {
            let e = sentence_end(chars, s).min(pe);
            if !taken(s, &out) && !is_dash(chars[s]) {
                if let Some(c) = reported(chars, s, e) {
                    if !out.iter().any(|o| o.start < c.end && c.start < o.end) {
                        out.push(c);
                    }
                }
            }
            s = e + 1;
            while s < pe && chars[s].is_whitespace() {
                s += 1;
            }
        }
    }
    out.sort_by_key(|c| c.start);
    out
}

/// Dash speech in a paragraph whose speech starts at `s`: `— Текст, — сказал он. — Ещё текст.`
fn dash_speech(chars: &[char], s: usize, pe: usize, out: &mut Vec<Candidate>) {
    // The separator: punctuation, space, dash, space, then a speech verb within four words.
    let mut i = s;
    while i + 3 < pe {
        if matches!(chars[i], ',' | '!' | '?' | '…')
            && chars[i + 1] == ' '
            && is_dash(chars[i + 2])
            && attribution_follows(chars, i)
        {
            let end = if chars[i] == ',' { i } else { i + 1 };
            let att_start = i + 3;
            let att_end = sentence_end(chars, att_start).min(pe);
            out.push(Candidate::direct(s, end, Some((att_start, att_end))));
            // A continuation: `. — Ещё текст.`
            let mut j = att_end + 1;
            while j < pe && chars[j] == ' ' {
                j += 1;
            }
            if j + 1 < pe && is_dash(chars[j]) && chars[j + 1] == ' ' {
                out.push(Candidate::direct(
                    j + 2,
                    without_period(chars, j + 2, pe),
                    Some((att_start, att_end)),
                ));
            }
            return;
        }
        i += 1;
    }
    out.push(Candidate {
        bare_turn: true,
        ..Candidate::direct(s, without_period(chars, s, pe), None)
    });
}

/// The end of dash speech `chars[s..e]` without its final period (`?` and `!` stay).
fn without_period(chars: &[char], s: usize, e: usize) -> usize {
    if e > s + 1 && chars[e - 1] == '.' && chars[e - 2] != '.' {
        e - 1
    } else {
        e
    }
}

/// Reported speech in the sentence `chars[s..e]`, if it is one.
fn reported(chars: &[char], s: usize, e: usize) -> Option<Candidate> {
    let ws = words(chars, s, e);
    if ws.len() < 4 {
        return None;
    }
    let w = |k: usize| lower(chars, ws[k]);
    let comma_after = |from: usize| (from..e).find(|&i| chars[i] == ',');
    let clause = |from: usize| -> Option<(usize, usize)> {
        let mut a = from;
        while a < e && matches!(chars[a], ' ' | ',') {
            a += 1;
        }
        (a < e && !matches!(chars[a], '«' | '"' | '“' | '„')).then_some((a, e))
    };
    // По словам X, ... / По мнению X, ...
    if w(0) == "по" && matches!(w(1).as_str(), "словам" | "мнению" | "данным") {
        let c = comma_after(ws[1].1)?;
        return Some(Candidate::reported(clause(c + 1)?, (ws[1].1, c), true));
    }
    // Как отметил X, ...
    if w(0) == "как" && is_speech_verb(&w(1)) {
        let c = comma_after(ws[1].1)?;
        return Some(Candidate::reported(clause(c + 1)?, (ws[0].0, c), false));
    }
    // X заявил, что ... (the verb within the first fourteen words)
    for k in 0..ws.len().min(14) {
        if is_speech_verb(&w(k)) && k + 1 < ws.len() && w(k + 1) == "что" {
            let between = &chars[ws[k].1..ws[k + 1].0];
            if between.contains(&',') {
                return Some(Candidate::reported(
                    clause(ws[k + 1].1)?,
                    (s, ws[k].1),
                    false,
                ));
            }
        }
    }
    None
}
