//! A compressed-sparse-row matrix that linfa accepts as `Records`.

use std::borrow::Cow;

use ndarray::ArrayView2;
use standpoint_features::SparseRow;

use crate::{ClassifyError, Result};

/// Row-major sparse matrix (CSR) of `f64`.
///
/// Invariants (checked by the constructors): `indptr` has `nrows + 1`
/// non-decreasing entries ending at `indices.len()`, and within a row the
/// column indices are strictly increasing and below `ncols`.
#[derive(Debug, Clone, PartialEq)]
pub struct CsrMatrix {
    ncols: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f64>,
}

impl CsrMatrix {
    /// Stacks sparse rows into a matrix with `ncols` columns.
    pub fn from_rows<'a>(
        rows: impl IntoIterator<Item = &'a SparseRow>,
        ncols: usize,
    ) -> Result<CsrMatrix> {
        let rows: Vec<&SparseRow> = rows.into_iter().collect();
        let nnz = rows.iter().map(|r| r.indices.len()).sum();
        let mut m = CsrMatrix {
            ncols,
            indptr: Vec::with_capacity(rows.len() + 1),
            indices: Vec::with_capacity(nnz),
            values: Vec::with_capacity(nnz),
        };
        m.indptr.push(0);
        for r in rows {
            m.push_row(r)?;
        }
        Ok(m)
    }

    /// Appends one row.
    pub fn push_row(&mut self, r: &SparseRow) -> Result<()> {
        if r.indices.len() != r.values.len() {
            return Err(ClassifyError::Shape(format!(
                "row has {} indices but {} values",
                r.indices.len(),
                r.values.len()
            )));
        }
        if r.indices.windows(2).any(|w| w[0] >= w[1]) {
            return Err(ClassifyError::Shape(
                "row indices are not strictly increasing".into(),
            ));
        }
        if let Some(&last) = r.indices.last() {
            if last as usize >= self.ncols {
                return Err(ClassifyError::Shape(format!(
                    "column {last} out of range for {} columns",
                    self.ncols
                )));
            }
        }
        if r.values.iter().any(|v| !v.is_finite()) {
            return Err(ClassifyError::Shape("non-finite value".into()));
        }
        self.indices.extend_from_slice(&r.indices);
        self.values.extend_from_slice(&r.values);
        self.indptr.push(self.indices.len());
        Ok(())
    }

    /// Copies a dense matrix, keeping its non-zero entries.
    pub fn from_dense(a: ArrayView2<f64>) -> Result<CsrMatrix> {
        let mut m = CsrMatrix::from_rows([], a.ncols())?;
        for row in a.rows() {
            let mut r = SparseRow::default();
            for (j, &v) in row.iter().enumerate() {
                if v != 0.0 {
                    r.indices.push(j as u32);
                    r.values.push(v);
                }
            }
            m.push_row(&r)?;
        }
        Ok(m)
    }

    /// Number of rows.
    pub fn nrows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Number of columns.
    pub fn ncols(&self) -> usize {
        self.ncols
    }

    /// Number of stored entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Column indices and values of row `i` (panics if `i >= nrows`).
    pub fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.indices[a..b], &self.values[a..b])
    }

    /// A new matrix with the given rows, in the given order.
    pub fn select(&self, rows: &[usize]) -> CsrMatrix {
        let nnz = rows
            .iter()
            .map(|&i| self.indptr[i + 1] - self.indptr[i])
            .sum();
        let mut m = CsrMatrix {
            ncols: self.ncols,
            indptr: Vec::with_capacity(rows.len() + 1),
            indices: Vec::with_capacity(nnz),
            values: Vec::with_capacity(nnz),
        };
        m.indptr.push(0);
        for &i in rows {
            let (idx, val) = self.row(i);
            m.indices.extend_from_slice(idx);
            m.values.extend_from_slice(val);
            m.indptr.push(m.indices.len());
        }
        m
    }

    /// Keeps only the columns of `x` that hold an entry (column `used[c]`
    /// becomes `c`) and returns `used`, increasing. A borrowed matrix is
    /// copied only if a column goes; an owned one changes in place.
    pub fn compact_columns(x: &mut Cow<'_, CsrMatrix>) -> Vec<u32> {
        let mut seen = vec![false; x.ncols];
        for &j in &x.indices {
            seen[j as usize] = true;
        }
        let mut new_id = vec![0u32; x.ncols];
        let mut used = Vec::new();
        for (j, &s) in seen.iter().enumerate() {
            if s {
                new_id[j] = used.len() as u32;
                used.push(j as u32);
            }
        }
        if used.len() < x.ncols {
            let m = x.to_mut();
            for j in &mut m.indices {
                *j = new_id[*j as usize];
            }
            m.ncols = used.len();
        }
        used
    }
}

impl linfa::dataset::Records for CsrMatrix {
    type Elem = f64;

    fn nsamples(&self) -> usize {
        self.nrows()
    }

    fn nfeatures(&self) -> usize {
        self.ncols
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn dense_round_trip_and_select() {
        let a = array![[0.0, 1.5, 0.0], [2.0, 0.0, 3.0], [0.0, 0.0, 0.0]];
        let m = CsrMatrix::from_dense(a.view()).unwrap();
        assert_eq!((m.nrows(), m.ncols(), m.nnz()), (3, 3, 3));
        assert_eq!(m.row(1), (&[0u32, 2][..], &[2.0, 3.0][..]));
        assert_eq!(m.row(2).0.len(), 0);
        let s = m.select(&[1, 0]);
        assert_eq!(s.row(0), m.row(1));
        assert_eq!(s.row(1), m.row(0));
        let mut c = Cow::Owned(m.select(&[0]));
        assert_eq!(CsrMatrix::compact_columns(&mut c), [1]);
        assert_eq!((c.nrows(), c.ncols()), (1, 1));
        assert_eq!(c.row(0), (&[0u32][..], &[1.5][..]));
        // Every column holds an entry: a borrowed matrix is not copied.
        let mut c = Cow::Borrowed(&m);
        assert_eq!(CsrMatrix::compact_columns(&mut c), [0, 1, 2]);
        assert!(matches!(c, Cow::Borrowed(_)));
        // Borrowed or owned, the same result.
        for rows in [&[0usize][..], &[1, 0], &[2], &[0, 1, 2]] {
            let selected = m.select(rows);
            let mut owned = Cow::Owned(selected.clone());
            let mut borrowed = Cow::Borrowed(&selected);
            assert_eq!(
                CsrMatrix::compact_columns(&mut owned),
                CsrMatrix::compact_columns(&mut borrowed)
            );
            assert_eq!(owned, borrowed);
        }
    }

    #[test]
    fn bad_rows_are_rejected() {
        let bad = [
            SparseRow {
                indices: vec![2, 1],
                values: vec![1.0, 1.0],
            },
            SparseRow {
                indices: vec![5],
                values: vec![1.0],
            },
            SparseRow {
                indices: vec![0],
                values: vec![f64::NAN],
            },
            SparseRow {
                indices: vec![0],
                values: vec![],
            },
        ];
        for r in &bad {
            assert!(CsrMatrix::from_rows([r], 3).is_err(), "{r:?}");
        }
    }
}
