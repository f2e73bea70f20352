//! Unicode normalisation: the first step of the pipeline.
//!
//! Composes the text (NFC, so `и` + combining breve becomes `й`), lowercases it, folds `ё` into `е`,
//! maps typographic quotes and dashes to their ASCII forms, turns exotic spaces into a plain space and
//! drops invisible characters (soft hyphen, zero-width space/joiners, word joiner, BOM).

use unicode_normalization::UnicodeNormalization;

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
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => Mapped::Drop,
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
    if input.is_ascii() {
        for b in input.bytes() {
            let c = if b.is_ascii_whitespace() {
                ' '
            } else {
                b.to_ascii_lowercase() as char
            };
            out.push(c);
        }
        return;
    }
    for c in input.nfc() {
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
