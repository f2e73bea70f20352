//! Where a row's target (the entity a stance is about) comes from: a column holding the target
//! string, found in the text case-insensitively (first occurrence), or two columns holding its span
//! as Unicode code-point offsets (end exclusive).

use super::read::{Column, Reader, Row};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::Path;

/// How targets are given in the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetSpec {
    /// A column with the target string.
    Column(String),
    /// Two columns with the start and end code-point offsets.
    Span(String, String),
}

impl TargetSpec {
    /// Parses the CLI forms: `--target-col NAME` or `--target-span START_COL,END_COL`.
    pub fn from_args(col: Option<&str>, span: Option<&str>) -> Result<Option<TargetSpec>> {
        match (col, span) {
            (Some(_), Some(_)) => Err(Error::Usage(
                "give either --target-col or --target-span, not both".into(),
            )),
            (Some(c), None) => Ok(Some(TargetSpec::Column(c.to_string()))),
            (None, Some(s)) => {
                let (a, b) = s.split_once(',').ok_or_else(|| {
                    Error::Usage(format!(
                        "--target-span expects START_COL,END_COL, got `{s}`"
                    ))
                })?;
                Ok(Some(TargetSpec::Span(a.trim().into(), b.trim().into())))
            }
            (None, None) => Ok(None),
        }
    }

    /// Resolves the columns against a reader's header.
    pub fn columns(&self, reader: &Reader) -> Result<TargetColumns> {
        Ok(match self {
            TargetSpec::Column(c) => TargetColumns::Column(reader.column(c)?, c.clone()),
            TargetSpec::Span(a, b) => TargetColumns::Span(
                (reader.column(a)?, a.clone()),
                (reader.column(b)?, b.clone()),
            ),
        })
    }
}

/// A [`TargetSpec`] bound to a reader's columns.
#[derive(Debug, Clone)]
pub enum TargetColumns {
    Column(Column, String),
    Span((Column, String), (Column, String)),
}

impl TargetColumns {
    /// The target's byte range in `text` for this row, or an error naming the line.
    pub fn locate(&self, row: &Row, text: &str, source: &Path) -> Result<Range<usize>> {
        match self {
            TargetColumns::Column(col, name) => {
                let target = row.require(col, name, source)?;
                find_ci(text, target.trim()).ok_or_else(|| {
                    Error::data(
                        source,
                        row.line,
                        format!("target `{}` does not occur in the text", target.trim()),
                    )
                })
            }
            TargetColumns::Span((ca, na), (cb, nb)) => {
                let num = |c: &Column, n: &str| -> Result<usize> {
                    let v = row.require(c, n, source)?;
                    v.trim().parse::<usize>().map_err(|_| {
                        Error::data(
                            source,
                            row.line,
                            format!("`{n}` must be a non-negative integer, got `{v}`"),
                        )
                    })
                };
                let (s, e) = (num(ca, na)?, num(cb, nb)?);
                span_bytes(text, s, e).ok_or_else(|| {
                    Error::data(
                        source,
                        row.line,
                        format!(
                            "target span {s}..{e} is out of range for a text of {} characters",
                            text.chars().count()
                        ),
                    )
                })
            }
        }
    }
}

/// Converts a code-point span (end exclusive) to a byte range; `None` when out of range or empty.
pub fn span_bytes(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    if start >= end {
        return None;
    }
    let mut bytes = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let s = bytes.nth(start)?;
    let e = bytes.nth(end - start - 1)?;
    Some(s..e)
}

/// Finds `needle` in `haystack` ignoring case; the byte range of the first match.
pub fn find_ci(haystack: &str, needle: &str) -> Option<Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
    let needle: Vec<char> = needle.chars().map(lower).collect();
    let hay: Vec<(usize, char)> = haystack.char_indices().collect();
    'outer: for i in 0..hay.len() {
        if hay.len() - i < needle.len() {
            return None;
        }
        for (j, &n) in needle.iter().enumerate() {
            if lower(hay[i + j].1) != n {
                continue 'outer;
            }
        }
        let end = hay
            .get(i + needle.len())
            .map_or(haystack.len(), |(b, _)| *b);
        return Some(hay[i].0..end);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_point_spans_become_byte_ranges() {
        let t = "Ещё Токаев сказал";
        let r = span_bytes(t, 4, 10).unwrap();
        assert_eq!(&t[r], "Токаев");
        assert_eq!(&t[span_bytes(t, 11, 17).unwrap()], "сказал");
        assert!(span_bytes(t, 11, 18).is_none());
        assert!(span_bytes(t, 5, 5).is_none());
    }

    #[test]
    fn case_insensitive_first_occurrence() {
        let t = "Партия «АМАНАТ» и аманат";
        assert_eq!(&t[find_ci(t, "Аманат").unwrap()], "АМАНАТ");
        assert!(find_ci(t, "Ак жол").is_none());
        assert!(find_ci(t, "").is_none());
    }

    #[test]
    fn cli_forms() {
        assert_eq!(
            TargetSpec::from_args(None, Some("s, e")).unwrap(),
            Some(TargetSpec::Span("s".into(), "e".into()))
        );
        assert!(TargetSpec::from_args(Some("a"), Some("b,c")).is_err());
        assert!(TargetSpec::from_args(None, Some("se")).is_err());
        assert_eq!(TargetSpec::from_args(None, None).unwrap(), None);
    }
}
