//! A projection of the feature columns onto several linear models at once.

use std::sync::atomic::Ordering;

use crate::compiled::NEXT_ID;

/// Weights to project the character n-gram block onto: `width` values per
/// column (row-major), such as several linear models side by side. With
/// [`crate::Vectorizer::prepare_projected`] the character block is never built:
/// each cached word carries its own share of the projection.
#[derive(Debug, Clone)]
pub struct Projection {
    pub(crate) width: usize,
    weights: Vec<f32>,
    /// Per column, the largest positive weight (0 if none).
    wmax: Vec<f32>,
    pub(crate) id: u64,
}

impl Projection {
    /// A projection of `weights.len() / width` columns.
    pub fn new(weights: Vec<f32>, width: usize) -> crate::Result<Projection> {
        if width == 0 || weights.len() % width != 0 {
            return Err(crate::FeatureError::Config(format!(
                "{} projection weights do not make rows of {width}",
                weights.len()
            )));
        }
        let wmax = weights
            .chunks(width)
            .map(|row| row.iter().copied().fold(0.0f32, f32::max))
            .collect();
        Ok(Projection {
            width,
            weights,
            wmax,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// Values per column.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The weights of column `j`.
    #[inline]
    pub fn row(&self, j: u32) -> &[f32] {
        &self.weights[j as usize * self.width..(j as usize + 1) * self.width]
    }

    /// The largest positive weight of column `j` (0 if none).
    #[inline]
    pub fn max_weight(&self, j: u32) -> f32 {
        self.wmax[j as usize]
    }

    pub(crate) fn columns(&self) -> usize {
        self.wmax.len()
    }
}
