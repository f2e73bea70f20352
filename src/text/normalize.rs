//! Unicode normalisation: the first step of the pipeline.
//!
//! Composes the text (NFC, so `и` + combining breve becomes `й`), lowercases it, folds `ё` into `е`,
//! maps typographic quotes and dashes to their ASCII forms, turns exotic spaces into a plain space and
//! drops invisible characters (soft hyphen, zero-width space/joiners, word joiner, BOM).

use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Characters dropped by normalisation: soft hyphen, zero-width space / non-joiner / joiner, word
/// joiner, BOM.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// What one input character becomes after normalisation.
enum Mapped {
    Drop,
    One(char),
    /// Keep the character, lowercased.
    Lower(char),
}

#[inline]
fn map_char(c: char) -> Mapped {
    match c {
        // invisible: soft hyphen, zero-width space / non-joiner / joiner, word joiner, BOM
        c if is_invisible(c) => Mapped::Drop,
        'ё' | 'Ё' => Mapped::One('е'),
        // typographic double quotes and guillemets
        '«' | '»' | '„' | '“' | '”' | '‟' | '″' => Mapped::One('"'),
        // typographic single quotes and apostrophes
        '‘' | '’' | '‚' | '‛' | '′' | 'ʼ' => Mapped::One('\''),
        // hyphens and dashes of every width, and the minus sign
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => Mapped::One('-'),
        '…' => Mapped::One('.'),
        c if c.is_whitespace() => Mapped::One(' '),
        c => Mapped::Lower(c),
    }
}

/// Normalises `input` into `out` (cleared first). Reuses `out`'s buffer: no allocation once it is
/// large enough.
pub fn normalize_into(input: &str, out: &mut String) {
    out.clear();
    out.reserve(input.len());
    // Composition only changes text that has combining marks (or other non-NFC sequences): text
    // made only of characters that never compose (most quotes) is mapped in one pass; otherwise
    // Unicode's quick check decides whether to compose first.
    if map_fast(input, out) {
        return;
    }
    out.clear();
    // Invisible characters go before composition, so that what they separated composes now and
    // normalising twice changes nothing (И, zero-width space, combining breve → й).
    let visible: String;
    let input = if input.chars().any(is_invisible) {
        visible = input.chars().filter(|&c| !is_invisible(c)).collect();
        visible.as_str()
    } else {
        input
    };
    map_composed(input, out);
    // Lowercasing and folding can make a new composable pair (Ё + breve → е + breve → ӗ): map
    // and compose again until nothing changes, so that normalising twice changes nothing.
    let mut one = String::new();
    for _ in 0..4 {
        let stable = |c: char| {
            one.clear();
            push_mapped(c, &mut one);
            one.len() == c.len_utf8() && one.starts_with(c)
        };
        if unicode_normalization::is_nfc_quick(out.chars()) == IsNormalized::Yes
            && out.chars().all(stable)
        {
            break;
        }
        let again = std::mem::take(out);
        map_composed(&again, out);
        if *out == again {
            break;
        }
    }
}

/// Composes `input` (when it is not already NFC) and maps every character into `out`.
fn map_composed(input: &str, out: &mut String) {
    if unicode_normalization::is_nfc_quick(input.chars()) == IsNormalized::Yes {
        for c in input.chars() {
            push_mapped(c, out);
        }
    } else {
        for c in input.nfc() {
            push_mapped(c, out);
        }
    }
}

/// The length of the character at byte `i` when normalisation leaves it as it is and it never
/// composes (ASCII other than capitals and whitespace controls; Cyrillic lowercase а-я, ѐ, ђ-џ),
/// else 0. Decided from at most two bytes, without decoding.
#[inline(always)]
fn unchanged_len(bytes: &[u8], i: usize) -> usize {
    let b = bytes[i];
    // The lead byte's class from a table, the two-byte Cyrillic case first (most of a quote).
    match LEAD[b as usize] {
        // а-п
        Lead::D0 => 2 * matches!(bytes.get(i + 1), Some(0xB0..=0xBF)) as usize,
        // р-я, ѐ, ђ-џ (not ё, U+0451, which folds to е)
        Lead::D1 => 2 * matches!(bytes.get(i + 1), Some(0x80..=0x90 | 0x92..=0x9F)) as usize,
        Lead::Same => 1,
        Lead::Other => 0,
    }
}

#[derive(Clone, Copy)]
enum Lead {
    /// ASCII that normalisation leaves as it is (not a capital, not a whitespace control).
    Same,
    D0,
    D1,
    Other,
}

const LEAD: [Lead; 256] = {
    let mut t = [Lead::Other; 256];
    let mut b = 0;
    while b < 0x80 {
        let capital = b >= b'A' as usize && b <= b'Z' as usize;
        let control_space = b >= 0x09 && b <= 0x0D;
        if !capital && !control_space {
            t[b] = Lead::Same;
        }
        b += 1;
    }
    t[0xD0] = Lead::D0;
    t[0xD1] = Lead::D1;
    t
};

/// Bytes per block of [`unchanged_block`].
const BLOCK: usize = 16;

/// How many bytes from `i` (a character boundary) normalisation leaves as they are, when the
/// whole block of [`BLOCK`] bytes there is ASCII other than capitals and whitespace controls,
/// and lowercase Cyrillic (`unchanged_len`'s characters): `BLOCK`, or one less when the block
/// ends in the middle of a character. `None` otherwise (or near the end). Written as one pass of
/// comparisons over a fixed-size array, without branches per byte, so that it compiles to vector
/// instructions: text is mostly such blocks, and a branch per character mispredicts on every
/// switch between Cyrillic and ASCII.
#[inline]
fn unchanged_block(bytes: &[u8], i: usize) -> Option<usize> {
    let block: &[u8; BLOCK] = bytes.get(i..i + BLOCK)?.try_into().ok()?;
    let mut bad = false;
    let mut prev = 0u8; // `i` starts a character: no lead byte before it
    for &b in block {
        let capital = b.wrapping_sub(b'A') < 26;
        let control_space = b.wrapping_sub(b'\t') < 5;
        let other_lead = b >= 0xC0 && b != 0xD0 && b != 0xD1;
        // а-п after D0; р-я, ѐ, ђ-џ (not ё) after D1
        let bad_after_d0 = prev == 0xD0 && b < 0xB0;
        let bad_after_d1 = prev == 0xD1 && (b >= 0xA0 || b == 0x91);
        bad |= capital | control_space | other_lead | bad_after_d0 | bad_after_d1;
        prev = b;
    }
    if bad {
        return None;
    }
    // A final lead byte's pair was not checked: leave that character for later.
    Some(if matches!(block[BLOCK - 1], 0xD0 | 0xD1) {
        BLOCK - 1
    } else {
        BLOCK
    })
}

/// Maps `input` when none of its characters can compose: runs of characters that stay as they
/// are (most of a quote) are copied whole, the rest mapped one by one, with the two-byte
/// Cyrillic range (lead bytes 0xD0, 0xD1: U+0400-U+047F) decoded directly. Returns `false`,
/// with `out` partly written, at the first character that might compose.
fn map_fast(input: &str, out: &mut String) -> bool {
    let bytes = input.as_bytes();
    let mut i = 0;
    let mut run = 0;
    // Per character below this point; whole blocks are tried again past it.
    let mut slow_until = 0;
    while i < bytes.len() {
        if i >= slow_until {
            match unchanged_block(bytes, i) {
                Some(n) => {
                    i += n;
                    continue;
                }
                None => slow_until = i + BLOCK,
            }
        }
        let n = unchanged_len(bytes, i);
        if n > 0 {
            i += n;
            continue;
        }
        out.push_str(&input[run..i]);
        let b = bytes[i];
        if b < 0x80 {
            push_mapped(b as char, out);
            i += 1;
        } else if b == 0xD0 || b == 0xD1 {
            // A valid &str has the continuation byte; U+0400-U+047F never compose.
            let c = ((b as u32 & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F);
            push_mapped(
                char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER),
                out,
            );
            i += 2;
        } else {
            let c = input[i..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            if !never_composes(c) {
                return false;
            }
            push_mapped(c, out);
            i += c.len_utf8();
        }
        run = i;
    }
    out.push_str(&input[run..]);
    true
}

/// Characters that are in NFC alone and have combining class 0, so no sequence of them changes
/// under NFC: everything below the combining diacritics (U+0300), Cyrillic letters (without the
/// combining signs U+0483-U+0489), and the dashes, quotes and ellipsis of General Punctuation.
#[inline]
fn never_composes(c: char) -> bool {
    matches!(c, '\0'..='\u{02FF}' | '\u{0400}'..='\u{0482}' | '\u{048A}'..='\u{04FF}' | '\u{2010}'..='\u{2027}')
}

#[inline(always)]
fn push_mapped(c: char, out: &mut String) {
    match c {
        // Cyrillic fast path: lowercase letters, and capitals U+0410-U+042F (а-я) and
        // U+0400-U+040F (ѐ-џ) whose lowercase forms are at fixed offsets. `ё`/`Ё` fold to `е`.
        'ё' | 'Ё' => out.push('е'),
        '\u{0430}'..='\u{044F}' | '\u{0451}'..='\u{045F}' => out.push(c),
        '\u{0410}'..='\u{042F}' => out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
        '\u{0400}'..='\u{040F}' => out.push(char::from_u32(c as u32 + 0x50).unwrap_or(c)),
        'a'..='z' | '0'..='9' | ' ' | '.' | ',' => out.push(c),
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        _ => push_slow(c, out),
    }
}

/// The general mapping of one character (every script); [`push_mapped`] short-cuts the common ones.
fn push_slow(c: char, out: &mut String) {
    match map_char(c) {
        Mapped::Drop => {}
        Mapped::One(m) => out.push(m),
        Mapped::Lower(c) => {
            if c.is_lowercase() || !c.is_alphabetic() {
                out.push(c);
            } else {
                for l in c.to_lowercase() {
                    // `Ё` lowercases to `ё`, which we fold too.
                    out.push(if l == 'ё' { 'е' } else { l });
                }
            }
        }
    }
}

/// Convenience wrapper that allocates.
pub fn normalize(input: &str) -> String {
    let mut s = String::with_capacity(input.len());
    normalize_into(input, &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_that_skip_composition_are_stable_under_nfc() {
        use unicode_normalization::char::canonical_combining_class;
        for c in (0..0x3_0000u32)
            .filter_map(char::from_u32)
            .filter(|&c| never_composes(c))
        {
            let alone = c.to_string();
            assert_eq!(alone.nfc().collect::<String>(), alone, "U+{:04X}", c as u32);
            assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
            // It does not compose with a preceding character either.
            for base in ['a', 'е', 'и', 'A'] {
                let pair: String = [base, c].iter().collect();
                assert_eq!(pair.nfc().collect::<String>(), pair, "U+{:04X}", c as u32);
            }
        }
    }

    /// The definition: compose, then map every character the general way.
    fn reference(input: &str) -> String {
        let mut out = String::new();
        for c in input.nfc() {
            push_slow(c, &mut out);
        }
        out
    }

    #[test]
    fn fast_paths_agree_with_the_definition() {
        for text in [
            "Ещё ЁЛКА, «Нур-Отан» — AI & eGov\u{00A0}2026…",
            "Қазақстан Республикасы: әділ, ұлттық, үкімет, һәм, іс, ғылым, ң, ө",
            "и\u{0306} ещё Е\u{0308}: combining marks compose",
            "Tab\tand\u{000B}vertical\u{2028}separators, ZERO\u{200B}WIDTH, soft\u{00AD}hyphen",
            "Ѐ Ѝ Ѣ ѣ Ѳ ҂ ҃ Ґ ґ Ӂ",
            "Café naïve ΑΒΓ Ωmega Straße",
        ] {
            assert_eq!(normalize(text), reference(text), "{text}");
        }
    }

    #[test]
    fn block_scan_agrees_with_the_definition_on_mixed_text() {
        // Characters the block scan must stop at (capitals, ё, Kazakh and historic Cyrillic,
        // quotes, dashes, controls, invisibles) among ones it may skip, in every position
        // relative to the 16-byte blocks. (No combining marks: text with them is composed first,
        // and the definition, one NFC then mapping, differs there by design; see above.)
        let alphabet: Vec<char> = "абвгдежзийклмнопрстуфхцчшщъыьэюяѐђџ abcxyz019.,-'\"АБЯЁёЪЫҚқәӘЀЍѢѣ«»—–…\t\n\u{00AD}ABZ€"
            .chars()
            .collect();
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..20_000 {
            let len = next(70);
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            assert_eq!(normalize(&text), reference(&text), "{text:?}");
        }
        // Long runs the blocks skip whole, ending in every alignment.
        for extra in 0..20 {
            let text = format!("{}{}Ж", "мир и труд ".repeat(5), "я".repeat(extra));
            assert_eq!(normalize(&text), reference(&text), "{text:?}");
        }
    }

    #[test]
    fn fast_path_maps_every_character_like_the_general_one() {
        let (mut fast, mut slow) = (String::new(), String::new());
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            fast.clear();
            slow.clear();
            push_mapped(c, &mut fast);
            push_slow(c, &mut slow);
            assert_eq!(fast, slow, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn characters_left_unchanged_really_are() {
        let mut out = String::new();
        for c in (0..0x800u32).filter_map(char::from_u32) {
            let s = c.to_string();
            if unchanged_len(s.as_bytes(), 0) > 0 {
                out.clear();
                push_slow(c, &mut out);
                assert_eq!(out, s, "U+{:04X}", c as u32);
                assert!(never_composes(c), "U+{:04X}", c as u32);
            }
        }
        // Whitespace controls of a pure-ASCII text become spaces too.
        assert_eq!(normalize("a\tb\u{000B}c\r\nD"), "a b c  d");
    }

    #[test]
    fn folds_yo_and_lowercases() {
        assert_eq!(normalize("Ещё ЁЛКА"), "еще елка");
    }

    #[test]
    fn composes_decomposed_short_i() {
        // "и" followed by a combining breve must become "й" so it stems like the composed form.
        assert_eq!(normalize("мои\u{0306}"), "мой");
    }

    #[test]
    fn maps_typographic_quotes_and_dashes() {
        assert_eq!(
            normalize("«Аманат» — партия – “власти”"),
            "\"аманат\" - партия - \"власти\""
        );
    }

    #[test]
    fn drops_invisible_characters() {
        assert_eq!(
            normalize("кон\u{00AD}сти\u{200B}ту\u{FEFF}ция"),
            "конституция"
        );
    }

    #[test]
    fn keeps_kazakh_letters_and_lowercases_them() {
        assert_eq!(normalize("ХАЛЫҚ КЕҢЕСІ Әділет"), "халық кеңесі әділет");
    }

    #[test]
    fn exotic_spaces_become_plain_spaces() {
        assert_eq!(normalize("15\u{00A0}марта\u{2009}2026"), "15 марта 2026");
    }

    #[test]
    fn reuses_buffer() {
        let mut buf = String::new();
        normalize_into("Первый", &mut buf);
        normalize_into("Второй", &mut buf);
        assert_eq!(buf, "второй");
    }
}
