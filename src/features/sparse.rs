//! A compressed sparse row matrix of feature vectors, usable as linfa `Records`.

use linfa::dataset::Records;

/// Rows of `(feature id, value)` pairs, stored CSR-style.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsrMatrix {
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f32>,
    n_cols: usize,
}

impl CsrMatrix {
    pub fn new(n_cols: usize) -> Self {
        CsrMatrix {
            indptr: vec![0],
            indices: Vec::new(),
            values: Vec::new(),
            n_cols,
        }
    }

    /// Appends a row; ids must be below `n_cols`.
    /// Appends a row of `(column, value)` pairs. Rows are kept sorted by column (training splits
    /// the gradient by column ranges); vectors from the featurizer already are.
    pub fn push_row(&mut self, row: &[(u32, f32)]) {
        debug_assert!(row.iter().all(|(i, _)| (*i as usize) < self.n_cols));
        let start = self.indices.len();
        self.indices.extend(row.iter().map(|(i, _)| *i));
        self.values.extend(row.iter().map(|(_, v)| *v));
        if !self.indices[start..].is_sorted() {
            let mut sorted = row.to_vec();
            sorted.sort_by_key(|&(i, _)| i);
            self.indices.truncate(start);
            self.values.truncate(start);
            self.indices.extend(sorted.iter().map(|(i, _)| *i));
            self.values.extend(sorted.iter().map(|(_, v)| *v));
        }
        self.indptr.push(self.indices.len());
    }

    pub fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// The ids and values of row `i`.
    #[inline]
    pub fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.indices[a..b], &self.values[a..b])
    }

    /// A new matrix holding the given rows, in that order.
    pub fn select(&self, rows: &[usize]) -> CsrMatrix {
        let mut m = CsrMatrix::new(self.n_cols);
        for &r in rows {
            let (a, b) = (self.indptr[r], self.indptr[r + 1]);
            m.indices.extend_from_slice(&self.indices[a..b]);
            m.values.extend_from_slice(&self.values[a..b]);
            m.indptr.push(m.indices.len());
        }
        m
    }
}

impl Records for CsrMatrix {
    type Elem = f32;

    fn nsamples(&self) -> usize {
        self.n_rows()
    }

    fn nfeatures(&self) -> usize {
        self.n_cols
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_round_trip_and_select() {
        let mut m = CsrMatrix::new(5);
        m.push_row(&[(0, 1.0), (3, 2.0)]);
        m.push_row(&[]);
        m.push_row(&[(4, 0.5)]);
        assert_eq!(m.n_rows(), 3);
        assert_eq!(m.nnz(), 3);
        assert_eq!(m.row(0), (&[0, 3][..], &[1.0, 2.0][..]));
        assert_eq!(m.row(1).0.len(), 0);
        let s = m.select(&[2, 0]);
        assert_eq!(s.row(0), (&[4][..], &[0.5][..]));
        assert_eq!(s.row(1), (&[0, 3][..], &[1.0, 2.0][..]));
        assert_eq!(s.nsamples(), 2);
        assert_eq!(s.nfeatures(), 5);
    }

    #[test]
    fn rows_are_kept_sorted_by_column() {
        let mut m = CsrMatrix::new(5);
        m.push_row(&[(4, 0.5), (1, 1.0), (3, 2.0)]);
        m.push_row(&[(0, 1.0), (2, 3.0)]);
        assert_eq!(m.row(0), (&[1, 3, 4][..], &[1.0, 2.0, 0.5][..]));
        assert_eq!(m.row(1), (&[0, 2][..], &[1.0, 3.0][..]));
    }
}
