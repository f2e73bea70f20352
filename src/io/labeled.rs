//! Labeled data in memory: texts and one label column per head, with their source lines.

use super::read::{Format, Reader};
use super::target::TargetSpec;
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Rows read for training or evaluation.
#[derive(Debug, Clone, Default)]
pub struct LabeledData {
    pub source: PathBuf,
    pub texts: Vec<String>,
    /// Source line of each row.
    pub lines: Vec<u64>,
    /// Per head (in `heads` order), per row: the label, `None` when the cell is empty.
    pub labels: Vec<Vec<Option<String>>>,
    pub heads: Vec<String>,
    /// SHA-256 of the raw file bytes.
    pub sha256: String,
    /// Per row, the target's byte range in its text (target-aware data only).
    pub targets: Option<Vec<Range<usize>>>,
    /// Per row, the values of the tag columns (when tag columns were asked for).
    pub tags: Option<Vec<Vec<String>>>,
}

impl LabeledData {
    /// Reads `path`, taking the text from `text_col` and labels from `label_cols`. Extra columns
    /// are ignored. A row with an empty text is an error; an empty label means "unlabeled for that
    /// head" unless `require_labels`.
    pub fn load(
        path: &Path,
        format: Option<Format>,
        text_col: &str,
        label_cols: &[String],
        require_labels: bool,
    ) -> Result<LabeledData> {
        LabeledData::load_with_target(
            path,
            format,
            text_col,
            label_cols,
            require_labels,
            None,
            &[],
        )
    }

    /// Like [`LabeledData::load`], also locating each row's target as `target` says and reading
    /// the values of `tag_cols` (each must be present and non-empty).
    #[allow(clippy::too_many_arguments)]
    pub fn load_with_target(
        path: &Path,
        format: Option<Format>,
        text_col: &str,
        label_cols: &[String],
        require_labels: bool,
        target: Option<&TargetSpec>,
        tag_cols: &[String],
    ) -> Result<LabeledData> {
        let format = Format::resolve(format, path)?;
        if !format.is_table() {
            return Err(Error::Usage(format!(
                "{}: labeled data must be CSV, TSV or JSONL (a text column and label columns)",
                path.display()
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let sha256 = format!("{:x}", Sha256::digest(&bytes));
        let mut reader = Reader::from_reader(Box::new(std::io::Cursor::new(bytes)), path, format)?;
        let text_c = reader.column(text_col)?;
        let label_c = label_cols
            .iter()
            .map(|l| reader.column(l))
            .collect::<Result<Vec<_>>>()?;
        let target_c = target.map(|t| t.columns(&reader)).transpose()?;
        let tag_c = tag_cols
            .iter()
            .map(|c| reader.column(c))
            .collect::<Result<Vec<_>>>()?;
        let mut data = LabeledData {
            source: path.to_path_buf(),
            heads: label_cols.to_vec(),
            labels: vec![Vec::new(); label_cols.len()],
            sha256,
            targets: target_c.as_ref().map(|_| Vec::new()),
            tags: (!tag_cols.is_empty()).then(Vec::new),
            ..Default::default()
        };
        let src = reader.source().to_path_buf();
        while let Some(row) = reader.next_row() {
            let row = row?;
            let text = row.require(&text_c, text_col, &src)?;
            if let (Some(tc), Some(spans)) = (&target_c, data.targets.as_mut()) {
                spans.push(tc.locate(&row, &text, &src)?);
            }
            if let Some(tags) = data.tags.as_mut() {
                tags.push(
                    tag_c
                        .iter()
                        .zip(tag_cols)
                        .map(|(c, n)| Ok(row.require(c, n, &src)?.trim().to_string()))
                        .collect::<Result<Vec<_>>>()?,
                );
            }
            data.texts.push(text.into_owned());
            data.lines.push(row.line);
            for (h, (col, name)) in label_c.iter().zip(label_cols).enumerate() {
                let v = row
                    .get(col, name, &src)?
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty());
                if v.is_none() && require_labels {
                    return Err(Error::data(
                        &src,
                        row.line,
                        format!("`{name}` is empty or missing"),
                    ));
                }
                data.labels[h].push(v);
            }
        }
        if data.texts.is_empty() {
            return Err(Error::data(&src, 1, "no data rows"));
        }
        Ok(data)
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}
