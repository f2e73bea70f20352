//! Writing classified rows as CSV, TSV, JSONL or an aligned table.

use super::read::RowData;
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::io::Write;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Csv,
    Tsv,
    Jsonl,
    /// Aligned columns for reading on a terminal.
    Table,
}

/// A value added to a row (text borrowed where it can be, such as a model's label).
#[derive(Debug, Clone)]
pub enum Added<'a> {
    Text(std::borrow::Cow<'a, str>),
    Prob(f32),
}

/// A probability in 0..=1 as text with four decimals, rounded like the JSON output
/// (`(p · 10⁴).round() / 10⁴`), into a stack buffer: no allocation, no float formatting machinery.
fn prob_text(p: f32, buf: &mut [u8; 6]) -> &[u8] {
    if !(0.0..=1.0).contains(&p) {
        buf[..3].copy_from_slice(b"NaN");
        return &buf[..3];
    }
    let v = ((p as f64) * 1e4).round() as u32; // 0..=10000
    buf[0] = b'0' + (v / 10_000) as u8;
    buf[1] = b'.';
    let mut frac = v % 10_000;
    for i in (2..6).rev() {
        buf[i] = b'0' + (frac % 10) as u8;
        frac /= 10;
    }
    &buf[..6]
}

impl Added<'_> {
    fn as_string(&self) -> String {
        match self {
            Added::Text(s) => s.to_string(),
            Added::Prob(p) => String::from_utf8_lossy(prob_text(*p, &mut [0; 6])).into_owned(),
        }
    }
    fn as_json(&self) -> Value {
        match self {
            Added::Text(s) => Value::String(s.to_string()),
            Added::Prob(p) => serde_json::Number::from_f64(((*p as f64) * 1e4).round() / 1e4)
                .map(Value::Number)
                .unwrap_or(Value::Null),
        }
    }
}

/// Streams output rows. Input columns come first (for CSV/TSV input: its header; for JSONL: the
/// keys of the first object; for plain text: `text`), then the added columns.
pub struct RowWriter<W: Write> {
    sink: Sink<W>,
    format: OutFormat,
    input_columns: Option<Vec<String>>,
    added: Vec<String>,
    header_done: bool,
    /// Column used as the text in table output.
    text_column: String,
}

enum Sink<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Plain(W),
}

impl<W: Write> Sink<W> {
    fn plain(&mut self) -> &mut W {
        match self {
            Sink::Plain(w) => w,
            Sink::Csv(_) => unreachable!("plain output has a plain sink"),
        }
    }
}

fn werr(e: std::io::Error) -> Error {
    Error::io("<stdout>", e)
}

impl<W: Write> RowWriter<W> {
    pub fn new(
        out: W,
        format: OutFormat,
        input_columns: Option<Vec<String>>,
        added: Vec<String>,
        text_column: &str,
    ) -> Self {
        let sink = match format {
            OutFormat::Csv | OutFormat::Tsv => Sink::Csv(Box::new(
                csv::WriterBuilder::new()
                    .delimiter(if format == OutFormat::Tsv {
                        b'\t'
                    } else {
                        b','
                    })
                    .from_writer(out),
            )),
            _ => Sink::Plain(out),
        };
        RowWriter {
            sink,
            format,
            input_columns,
            added,
            header_done: false,
            text_column: text_column.to_string(),
        }
    }

    fn columns_for(&mut self, data: &RowData) -> &[String] {
        if self.input_columns.is_none() {
            self.input_columns = Some(match data {
                RowData::Json(m) => m.keys().cloned().collect(),
                _ => vec![self.text_column.clone()],
            });
        }
        self.input_columns.as_deref().unwrap_or_default()
    }

    /// Writes the header now (columns taken from `first` when the input has no header of its
    /// own); [`RowWriter::write`] then writes rows only.
    pub fn header(&mut self, first: &RowData) -> Result<()> {
        self.columns_for(first);
        match self.format {
            OutFormat::Jsonl => {}
            OutFormat::Csv | OutFormat::Tsv => {
                let Sink::Csv(w) = &mut self.sink else {
                    unreachable!("csv output has a csv sink")
                };
                let cols = self.input_columns.as_deref().unwrap_or_default();
                w.write_record(cols.iter().chain(self.added.iter()))
                    .map_err(|e| werr(e.into()))?;
            }
            OutFormat::Table => {
                let mut h = String::new();
                for name in &self.added {
                    h.push_str(&format!("{:<16}", name));
                }
                h.push_str("text");
                writeln!(self.sink.plain(), "{h}").map_err(werr)?;
            }
        }
        self.header_done = true;
        Ok(())
    }

    /// A writer with the same settings that collects rows in memory, without a header: worker
    /// threads format their share of rows with it, and the output is written in order.
    pub fn chunk(&self) -> RowWriter<Vec<u8>> {
        let mut w = RowWriter::new(
            Vec::new(),
            self.format,
            self.input_columns.clone(),
            self.added.clone(),
            &self.text_column,
        );
        w.header_done = true;
        w
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(self) -> Result<W> {
        match self.sink {
            Sink::Csv(w) => w.into_inner().map_err(|e| werr(e.into_error())),
            Sink::Plain(w) => Ok(w),
        }
    }

    /// Writes one row: the input `data` plus `added` values (in the order of the added columns).
    /// The first call writes the header unless [`RowWriter::header`] did.
    pub fn write(&mut self, data: &RowData, added: &[Added]) -> Result<()> {
        if !self.header_done {
            self.header(data)?;
        }
        match self.format {
            OutFormat::Jsonl => {
                let mut map = match data {
                    RowData::Json(m) => m.clone(),
                    RowData::Fields(r) => {
                        let cols = self.columns_for(data).to_vec();
                        cols.iter()
                            .zip(r.iter())
                            .map(|(c, v)| (c.clone(), Value::String(v.to_string())))
                            .collect()
                    }
                    RowData::Line(l) => {
                        let mut m = Map::new();
                        m.insert(self.text_column.clone(), Value::String(l.clone()));
                        m
                    }
                };
                for (name, v) in self.added.iter().zip(added) {
                    map.insert(name.clone(), v.as_json());
                }
                let out = self.sink.plain();
                serde_json::to_writer(&mut *out, &Value::Object(map))
                    .map_err(|e| werr(e.into()))?;
                out.write_all(b"\n").map_err(werr)
            }
            OutFormat::Csv | OutFormat::Tsv => {
                let Sink::Csv(w) = &mut self.sink else {
                    unreachable!("csv output has a csv sink")
                };
                let e = |e: csv::Error| werr(e.into());
                match data {
                    RowData::Fields(r) => {
                        for f in r.iter() {
                            w.write_field(f).map_err(e)?;
                        }
                    }
                    RowData::Json(m) => {
                        for c in self.input_columns.as_deref().unwrap_or_default() {
                            match m.get(c) {
                                None | Some(Value::Null) => w.write_field(""),
                                Some(Value::String(s)) => w.write_field(s),
                                Some(v) => w.write_field(v.to_string()),
                            }
                            .map_err(e)?;
                        }
                    }
                    RowData::Line(l) => w.write_field(l).map_err(e)?,
                }
                let mut buf = [0u8; 6];
                for a in added {
                    match a {
                        Added::Text(t) => w.write_field(t.as_bytes()),
                        Added::Prob(p) => w.write_field(prob_text(*p, &mut buf)),
                    }
                    .map_err(e)?;
                }
                w.write_record(None::<&[u8]>).map_err(e)
            }
            OutFormat::Table => {
                let text = match data {
                    RowData::Line(l) => l.clone(),
                    RowData::Json(m) => m
                        .get(&self.text_column)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    RowData::Fields(r) => {
                        let cols = self.columns_for(data).to_vec();
                        cols.iter()
                            .position(|c| *c == self.text_column)
                            .and_then(|i| r.get(i))
                            .unwrap_or("")
                            .to_string()
                    }
                };
                let mut line = String::new();
                for (name, v) in self.added.iter().zip(added) {
                    let s = v.as_string();
                    if name.ends_with("_why") {
                        line.push_str(&format!("{s}  "));
                    } else {
                        line.push_str(&format!("{:<16}", s));
                    }
                }
                line.push_str(&truncate(&text.replace('\n', " "), 90));
                writeln!(self.sink.plain(), "{line}").map_err(werr)
            }
        }
    }

    pub fn flush(&mut self) -> Result<()> {
        match &mut self.sink {
            Sink::Csv(w) => w.flush().map_err(werr),
            Sink::Plain(w) => w.flush().map_err(werr),
        }
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod prob_tests {
    use super::prob_text;

    #[test]
    fn probabilities_have_four_decimals_rounded_like_json() {
        let f = |p: f32| String::from_utf8(prob_text(p, &mut [0; 6]).to_vec()).unwrap();
        assert_eq!(f(0.0), "0.0000");
        assert_eq!(f(1.0), "1.0000");
        assert_eq!(f(0.51234), "0.5123");
        assert_eq!(f(0.99996), "1.0000");
        assert_eq!(f(0.00049), "0.0005");
        assert_eq!(f(f32::NAN), "NaN");
        for i in 0..=1000 {
            let p = i as f32 / 1000.0 + 0.00001;
            let want = format!("{:.4}", ((p as f64) * 1e4).round() / 1e4);
            assert_eq!(f(p.min(1.0)), want, "{p}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(format: OutFormat, data: &[RowData]) -> String {
        let mut buf = Vec::new();
        {
            let mut w = RowWriter::new(
                &mut buf,
                format,
                Some(vec!["id".into(), "text".into()]),
                vec!["theme".into(), "theme_p".into()],
                "text",
            );
            for d in data {
                w.write(d, &[Added::Text("other".into()), Added::Prob(0.51234)])
                    .unwrap();
            }
            w.flush().unwrap();
        }
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn csv_keeps_input_columns_and_quotes() {
        let rec = csv::StringRecord::from(vec!["7", "да, \"нет\""]);
        let out = render(OutFormat::Csv, &[RowData::Fields(rec)]);
        assert_eq!(
            out,
            "id,text,theme,theme_p\n7,\"да, \"\"нет\"\"\",other,0.5123\n"
        );
    }

    #[test]
    fn jsonl_keeps_fields_and_adds_numbers() {
        let mut m = Map::new();
        m.insert("text".into(), Value::String("x".into()));
        m.insert("n".into(), Value::from(3));
        let out = render(OutFormat::Jsonl, &[RowData::Json(m)]);
        let v: Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(v["n"], 3);
        assert_eq!(v["theme"], "other");
        assert_eq!(v["theme_p"], 0.5123);
    }

    #[test]
    fn truncates_long_text_in_tables() {
        assert_eq!(truncate("абвгд", 3), "аб…");
        assert_eq!(truncate("аб", 3), "аб");
    }
}
