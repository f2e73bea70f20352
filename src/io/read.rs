//! Reading labeled or unlabeled rows from CSV, TSV, JSONL or plain text (one text per line),
//! from a file or stdin, streaming. Every error names the source, the line and the problem.

use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// A data format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Tsv,
    Jsonl,
    /// One text per line.
    Txt,
}

impl Format {
    /// Guesses the format from a file extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "txt" | "text" => Some(Format::Txt),
            _ => None,
        }
    }

    /// The explicit format, or the one the extension says; an error when neither.
    pub fn resolve(explicit: Option<Format>, path: &Path) -> Result<Format> {
        check_not_dir(path)?;
        explicit.or_else(|| Format::from_path(path)).ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the format of {}: use a .csv, .tsv, .jsonl or .txt extension, or pass \
                 --format",
                path.display()
            ))
        })
    }

    pub fn is_table(self) -> bool {
        !matches!(self, Format::Txt)
    }
}

/// One input row.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line in the source where the row starts.
    pub line: u64,
    pub data: RowData,
}

#[derive(Debug, Clone)]
pub enum RowData {
    Fields(csv::StringRecord),
    Json(Map<String, Value>),
    Line(String),
}

/// Where a named column lives.
#[derive(Debug, Clone)]
pub enum Column {
    Index(usize),
    Key(String),
    /// The whole line (plain text input).
    Whole,
}

enum Inner {
    Csv {
        rdr: csv::Reader<Box<dyn Read + Send>>,
        header: Vec<String>,
        record: csv::StringRecord,
    },
    Lines {
        rdr: BufReader<Box<dyn Read + Send>>,
        line: u64,
        buf: Vec<u8>,
        json: bool,
    },
}

/// A streaming reader over rows.
pub struct Reader {
    source: PathBuf,
    format: Format,
    inner: Inner,
}

/// Opens `path` (`-` is stdin).
/// Refuses a directory where a file is expected, with a message that says so.
pub fn check_not_dir(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a directory; give the path of a data file",
            path.display()
        )));
    }
    Ok(())
}

fn open_source(path: &Path) -> Result<Box<dyn Read + Send>> {
    if path == Path::new("-") {
        Ok(Box::new(std::io::stdin()))
    } else {
        check_not_dir(path)?;
        let f = File::open(path).map_err(|e| Error::io(path, e))?;
        Ok(Box::new(f))
    }
}

impl Reader {
    pub fn open(path: &Path, format: Format) -> Result<Reader> {
        let src = open_source(path)?;
        Reader::from_reader(src, path, format)
    }

    pub fn from_reader(src: Box<dyn Read + Send>, path: &Path, format: Format) -> Result<Reader> {
        let source = if path == Path::new("-") {
            PathBuf::from("<stdin>")
        } else {
            path.to_path_buf()
        };
        let inner = match format {
            Format::Csv | Format::Tsv => {
                let mut rdr = csv::ReaderBuilder::new()
                    .delimiter(if format == Format::Tsv { b'\t' } else { b',' })
                    .has_headers(true)
                    .flexible(false)
                    .from_reader(src);
                let header = rdr
                    .headers()
                    .map_err(|e| csv_error(&source, e))?
                    .iter()
                    .enumerate()
                    .map(|(i, h)| {
                        if i == 0 {
                            h.trim_start_matches('\u{feff}').trim().to_string()
                        } else {
                            h.trim().to_string()
                        }
                    })
                    .collect::<Vec<_>>();
                if header.iter().all(|h| h.is_empty()) {
                    return Err(Error::data(
                        &source,
                        1,
                        "empty file: expected a header row naming the columns",
                    ));
                }
                Inner::Csv {
                    rdr,
                    header,
                    record: csv::StringRecord::new(),
                }
            }
            Format::Jsonl | Format::Txt => Inner::Lines {
                rdr: BufReader::with_capacity(1 << 16, src),
                line: 0,
                buf: Vec::new(),
                json: format == Format::Jsonl,
            },
        };
        Ok(Reader {
            source,
            format,
            inner,
        })
    }

    pub fn source(&self) -> &Path {
        &self.source
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The header (CSV/TSV only).
    pub fn header(&self) -> Option<&[String]> {
        match &self.inner {
            Inner::Csv { header, .. } => Some(header),
            Inner::Lines { .. } => None,
        }
    }

    /// Finds a column by name. For plain text, any name maps to the whole line.
    pub fn column(&self, name: &str) -> Result<Column> {
        match &self.inner {
            Inner::Csv { header, .. } => header
                .iter()
                .position(|h| h == name)
                .map(Column::Index)
                .ok_or_else(|| {
                    Error::data(
                        &self.source,
                        1,
                        format!(
                            "no column named `{name}`; the header has: {}",
                            header.join(", ")
                        ),
                    )
                }),
            Inner::Lines { json: true, .. } => Ok(Column::Key(name.to_string())),
            Inner::Lines { json: false, .. } => Ok(Column::Whole),
        }
    }

    /// The next row, or `None` at the end. Blank lines in JSONL and text input are skipped.
    pub fn next_row(&mut self) -> Option<Result<Row>> {
        let source = &self.source;
        match &mut self.inner {
            Inner::Csv { rdr, record, .. } => match rdr.read_record(record) {
                Ok(false) => None,
                Ok(true) => {
                    let line = record.position().map_or(0, |p| p.line());
                    Some(Ok(Row {
                        line,
                        data: RowData::Fields(record.clone()),
                    }))
                }
                Err(e) => Some(Err(csv_error(source, e))),
            },
            Inner::Lines {
                rdr,
                line,
                buf,
                json,
            } => loop {
                buf.clear();
                match rdr.read_until(b'\n', buf) {
                    Ok(0) => return None,
                    Ok(_) => {}
                    Err(e) => return Some(Err(Error::io(source.clone(), e))),
                }
                *line += 1;
                while matches!(buf.last(), Some(b'\n' | b'\r')) {
                    buf.pop();
                }
                let mut bytes = &buf[..];
                if *line == 1 {
                    bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
                }
                // SIMD validation for the common (valid) case; std's for the error position.
                let text = match simdutf8::basic::from_utf8(bytes)
                    .or_else(|_| std::str::from_utf8(bytes))
                {
                    Ok(t) => t,
                    Err(e) => {
                        return Some(Err(Error::data(
                            source.clone(),
                            *line,
                            format!(
                                "invalid UTF-8 at byte {} of the line; save the file as UTF-8",
                                e.valid_up_to()
                            ),
                        )))
                    }
                };
                if text.trim().is_empty() {
                    continue;
                }
                if !*json {
                    return Some(Ok(Row {
                        line: *line,
                        data: RowData::Line(text.to_string()),
                    }));
                }
                return Some(match serde_json::from_str::<Value>(text) {
                    Ok(Value::Object(map)) => Ok(Row {
                        line: *line,
                        data: RowData::Json(map),
                    }),
                    Ok(_) => Err(Error::data(
                        source.clone(),
                        *line,
                        "expected a JSON object per line",
                    )),
                    Err(e) => Err(Error::data(
                        source.clone(),
                        *line,
                        format!("invalid JSON: {e}"),
                    )),
                });
            },
        }
    }
}

impl Iterator for Reader {
    type Item = Result<Row>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_row()
    }
}

fn csv_error(source: &Path, e: csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    let msg = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "invalid UTF-8 in this row; save the file as UTF-8".to_string()
        }
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "this row has {len} fields but the header has {expected_len}; check quoting and \
             separators"
        ),
        _ => e.to_string(),
    };
    Error::data(source, line, msg)
}

impl Row {
    /// The value of `col`, as text: `Ok(None)` when absent (JSON key missing or null).
    pub fn get<'a>(
        &'a self,
        col: &Column,
        name: &str,
        source: &Path,
    ) -> Result<Option<std::borrow::Cow<'a, str>>> {
        use std::borrow::Cow;
        match (&self.data, col) {
            (RowData::Fields(r), Column::Index(i)) => Ok(r.get(*i).map(Cow::Borrowed)),
            (RowData::Json(m), Column::Key(k)) => match m.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(Cow::Borrowed(s))),
                Some(Value::Number(n)) => Ok(Some(Cow::Owned(n.to_string()))),
                Some(Value::Bool(b)) => Ok(Some(Cow::Owned(b.to_string()))),
                Some(_) => Err(Error::data(
                    source,
                    self.line,
                    format!("field `{name}` must be a string or a number"),
                )),
            },
            (RowData::Line(l), _) => Ok(Some(Cow::Borrowed(l))),
            _ => Ok(None),
        }
    }

    /// Like [`Row::get`], but a missing or blank value is an error naming the column.
    pub fn require<'a>(
        &'a self,
        col: &Column,
        name: &str,
        source: &Path,
    ) -> Result<std::borrow::Cow<'a, str>> {
        match self.get(col, name, source)? {
            Some(v) if !v.trim().is_empty() => Ok(v),
            _ => Err(Error::data(
                source,
                self.line,
                format!("`{name}` is empty or missing"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(text: &str, format: Format) -> Reader {
        Reader::from_reader(
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            Path::new("t.data"),
            format,
        )
        .unwrap()
    }

    #[test]
    fn csv_rows_with_quotes_and_line_numbers() {
        let mut r = reader("id,text\n1,\"a, \"\"b\"\"\nc\"\n2,d\n", Format::Csv);
        let col = r.column("text").unwrap();
        let rows: Vec<Row> = r.by_ref().map(|x| x.unwrap()).collect();
        assert_eq!(rows.len(), 2);
        let p = Path::new("t");
        assert_eq!(
            rows[0].get(&col, "text", p).unwrap().unwrap(),
            "a, \"b\"\nc"
        );
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[1].line, 4);
    }

    #[test]
    fn missing_column_lists_the_header() {
        let r = reader("id,body\n1,x\n", Format::Csv);
        let e = r.column("text").unwrap_err().to_string();
        assert!(e.contains("t.data:1") && e.contains("id, body"), "{e}");
    }

    #[test]
    fn tsv_and_bom() {
        let mut r = reader("\u{feff}text\tlabel\nпривет\t1\n", Format::Tsv);
        assert_eq!(r.header().unwrap(), ["text", "label"]);
        let c = r.column("label").unwrap();
        let row = r.next_row().unwrap().unwrap();
        assert_eq!(row.get(&c, "label", Path::new("t")).unwrap().unwrap(), "1");
    }

    #[test]
    fn ragged_csv_row_is_an_error_with_its_line() {
        let mut r = reader("a,b\n1,2\n3\n", Format::Csv);
        assert!(r.next_row().unwrap().is_ok());
        let e = r.next_row().unwrap().unwrap_err().to_string();
        assert!(e.starts_with("t.data:3:"), "{e}");
    }

    #[test]
    fn jsonl_numbers_blank_lines_and_errors() {
        let mut r = reader(
            "{\"text\":\"x\",\"label\":-1}\n\n[1]\n{bad\n",
            Format::Jsonl,
        );
        let c = r.column("label").unwrap();
        let row = r.next_row().unwrap().unwrap();
        assert_eq!(row.get(&c, "label", Path::new("t")).unwrap().unwrap(), "-1");
        let e = r.next_row().unwrap().unwrap_err().to_string();
        assert!(
            e.starts_with("t.data:3:") && e.contains("JSON object"),
            "{e}"
        );
        let e = r.next_row().unwrap().unwrap_err().to_string();
        assert!(
            e.starts_with("t.data:4:") && e.contains("invalid JSON"),
            "{e}"
        );
        assert!(r.next_row().is_none());
    }

    #[test]
    fn invalid_utf8_is_reported_with_line() {
        let mut r = Reader::from_reader(
            Box::new(std::io::Cursor::new(b"ok\n\xff\xfe bad\n".to_vec())),
            Path::new("t.txt"),
            Format::Txt,
        )
        .unwrap();
        assert!(r.next_row().unwrap().is_ok());
        let e = r.next_row().unwrap().unwrap_err().to_string();
        assert!(e.starts_with("t.txt:2:") && e.contains("UTF-8"), "{e}");
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(Format::from_path(Path::new("a.TSV")), Some(Format::Tsv));
        assert_eq!(Format::from_path(Path::new("a.jsonl")), Some(Format::Jsonl));
        assert!(Format::resolve(None, Path::new("a.xls")).is_err());
    }
}
