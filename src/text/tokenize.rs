//! Splits normalised text into words and clause boundaries.
//!
//! A word is a run of letters (Cyrillic including the Kazakh letters ә ғ қ ң ө ұ ү һ і, Latin, any
//! other script) and digits. A hyphen or an apostrophe between two word characters joins them
//! (`экс-депутат`, `нур-султан`, `qazaqstan'a`), a dot or comma between two digits joins them (`1,5`).
//! Sentence and clause punctuation (`. , ; : ! ? ( ) " -` standing alone) becomes a boundary token,
//! which ends negation scope and stops bigrams from spanning clauses.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Boundary,
    /// The target marker ([`TARGET_MARK`]) standing for the entity a stance is about.
    Target,
}

/// A private-use character that stands for the target entity in target-aware analysis. The
/// analyzer puts it where the target was; the tokenizer turns it into one [`TokenKind::Target`].
pub const TARGET_MARK: char = '\u{E000}';

/// A token: a byte range into the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    match c {
        // Fast paths for the scripts of nearly every quote: ASCII, and Cyrillic (Russian and
        // Kazakh letters; U+0482-U+0489 are signs and combining marks, not letters).
        '\0'..='\x7f' => c.is_ascii_alphanumeric(),
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{04FF}' => true,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

#[inline]
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

#[inline]
fn is_boundary_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '[' | ']' | '"' | '-' | '/' | '|'
    )
}

/// The character at byte `i` of `text` (a character boundary), its length, and whether it is a
/// word character. The two-byte Cyrillic range (lead bytes 0xD0, 0xD1: U+0400-U+047F, all
/// letters) is answered from the lead byte alone, without decoding.
#[inline(always)]
fn char_at(text: &str, i: usize) -> (char, usize, bool) {
    let b = text.as_bytes();
    match b[i] {
        x if x < 0x80 => (x as char, 1, x.is_ascii_alphanumeric()),
        0xD0 | 0xD1 => ('\u{0400}', 2, true),
        _ => {
            let c = text[i..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            (c, c.len_utf8(), is_word_char(c))
        }
    }
}

/// Tokenises `text` into `out` (cleared first). Consecutive boundaries collapse into one, and no
/// boundary is emitted at the very start.
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let n = text.len();
    let mut i = 0;
    while i < n {
        let (c, len, word) = char_at(text, i);
        if c == TARGET_MARK {
            out.push(Token {
                start: i,
                end: i + len,
                kind: TokenKind::Target,
            });
            i += len;
        } else if word {
            let start = i;
            let mut end = i + len;
            let mut all_digits = c.is_ascii_digit();
            while end < n {
                // Runs of Cyrillic letters and lowercase Latin letters, the bulk of a word.
                let b = text.as_bytes();
                match b[end] {
                    0xD0 | 0xD1 => {
                        all_digits = false;
                        end += 2;
                        continue;
                    }
                    b'a'..=b'z' => {
                        all_digits = false;
                        end += 1;
                        continue;
                    }
                    _ => {}
                }
                let (d, dlen, d_word) = char_at(text, end);
                if d_word {
                    all_digits &= d.is_ascii_digit();
                    end += dlen;
                } else if matches!(d, '-' | '\'' | '.' | ',') && end + 1 < n {
                    // A joiner only counts when a word character follows it directly.
                    let (next, nlen, next_word) = char_at(text, end + 1);
                    let joins = match d {
                        '-' | '\'' => next_word,
                        _ => all_digits && next.is_ascii_digit(),
                    };
                    if !joins {
                        break;
                    }
                    all_digits &= next.is_ascii_digit();
                    end += 1 + nlen;
                } else {
                    break;
                }
            }
            let kind = if all_digits {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push(Token { start, end, kind });
            i = end;
        } else {
            if is_boundary_punct(c) {
                let token = Token {
                    start: i,
                    end: i + len,
                    kind: TokenKind::Boundary,
                };
                match out.last_mut() {
                    None => {}
                    Some(t) if t.kind != TokenKind::Boundary => out.push(token),
                    // In a run of punctuation, `?` and `!` win: they tell what kind of sentence
                    // it was.
                    Some(t) if matches!(c, '?' | '!') => *t = token,
                    Some(_) => {}
                }
            }
            i += len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_char_fast_paths_agree_with_unicode() {
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            let general = c.is_alphanumeric() || is_combining_mark(c);
            assert_eq!(is_word_char(c), general, "U+{:04X}", c as u32);
        }
    }
    use crate::text::normalize::normalize;

    fn words(text: &str) -> Vec<String> {
        let norm = normalize(text);
        let mut toks = Vec::new();
        tokenize_into(&norm, &mut toks);
        toks.iter()
            .map(|t| match t.kind {
                TokenKind::Boundary => "|".to_string(),
                _ => t.text(&norm).to_string(),
            })
            .collect()
    }

    #[test]
    fn keeps_hyphenated_words_whole() {
        assert_eq!(
            words("Экс-депутат из Нур-Султана"),
            ["экс-депутат", "из", "нур-султана"]
        );
    }

    #[test]
    fn dash_between_spaces_is_a_boundary() {
        assert_eq!(words("Реформа — это шаг"), ["реформа", "|", "это", "шаг"]);
    }

    #[test]
    fn keeps_kazakh_letters_inside_words() {
        assert_eq!(words("Халық кеңесі"), ["халық", "кеңесі"]);
    }

    #[test]
    fn latin_names_and_digits() {
        assert_eq!(
            words("eGov и Alem.AI с 2026 года, рост 1,5%"),
            ["egov", "и", "alem", "|", "ai", "с", "2026", "года", "|", "рост", "1,5"]
        );
    }

    #[test]
    fn punctuation_runs_collapse_and_no_leading_boundary() {
        assert_eq!(
            words("«Нет!!!» — сказал он."),
            ["нет", "|", "сказал", "он", "|"]
        );
    }

    #[test]
    fn question_mark_wins_in_a_punctuation_run() {
        let norm = normalize("Что такое «Курултай»?");
        let mut toks = Vec::new();
        tokenize_into(&norm, &mut toks);
        assert_eq!(toks.last().unwrap().text(&norm), "?");
    }

    #[test]
    fn target_mark_is_its_own_token() {
        let text = format!("партия{TARGET_MARK}заявила");
        let mut toks = Vec::new();
        tokenize_into(&text, &mut toks);
        let kinds: Vec<TokenKind> = toks.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, [TokenKind::Word, TokenKind::Target, TokenKind::Word]);
    }

    #[test]
    fn trailing_hyphen_does_not_join() {
        assert_eq!(
            words("сельско- и лесохозяйственный"),
            ["сельско", "|", "и", "лесохозяйственный"]
        );
    }
}
