//! The parameter vector handed to argmin.
//!
//! argmin-math's `Vec<f64>` backend sums dot products one element at a time,
//! which makes every L-BFGS step latency-bound on long weight vectors (the
//! two-loop recursion takes about 40 dot products per iteration). This newtype,
//! like linfa-logistic's own `ArgminParam`, implements the argmin-math traits
//! the solver needs; its dot product keeps eight partial sums in a fixed order,
//! so results stay deterministic.

use argmin_math::{
    ArgminAdd, ArgminDot, ArgminL1Norm, ArgminL2Norm, ArgminMinMax, ArgminMul, ArgminScaledAdd,
    ArgminSignum, ArgminSub, ArgminZeroLike,
};

/// A dense `f64` parameter (or gradient) vector. Its buffer comes from and
/// goes back to a per-thread pool: L-BFGS builds a dozen new vectors per
/// step, each as long as the model, and taking fresh memory from the system
/// for each (then zeroing its pages) cost a fifth of the training time.
#[derive(Debug, PartialEq, Default)]
pub(crate) struct Params(pub(crate) Vec<f64>);

thread_local! {
    /// Spare buffers of dropped vectors.
    static POOL: std::cell::RefCell<Vec<Vec<f64>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Buffers kept at most (an L-BFGS step holds about 25 vectors at once).
const POOL_MAX: usize = 32;
/// Shorter buffers are not worth pooling.
const POOL_MIN: usize = 4096;

/// An empty buffer with room for `len` values, from the pool if it has one.
pub(crate) fn take(len: usize) -> Vec<f64> {
    if len >= POOL_MIN {
        let found = POOL
            .try_with(|p| {
                let mut p = p.borrow_mut();
                let i = p.iter().rposition(|v| v.capacity() >= len)?;
                Some(p.swap_remove(i))
            })
            .ok()
            .flatten();
        if let Some(mut v) = found {
            v.clear();
            return v;
        }
    }
    Vec::with_capacity(len)
}

/// Returns a buffer to the pool (dropped if the pool is full).
pub(crate) fn give(v: Vec<f64>) {
    if v.capacity() >= POOL_MIN {
        let _ = POOL.try_with(|p| {
            let mut p = p.borrow_mut();
            if p.len() < POOL_MAX {
                p.push(v);
            }
        });
    }
}

/// A copy of `a` in a pooled buffer.
pub(crate) fn copy(a: &[f64]) -> Vec<f64> {
    let mut v = take(a.len());
    v.extend_from_slice(a);
    v
}

impl Params {
    /// The vector, leaving this one empty.
    pub(crate) fn into_vec(mut self) -> Vec<f64> {
        std::mem::take(&mut self.0)
    }
}

impl Clone for Params {
    fn clone(&self) -> Self {
        Params(copy(&self.0))
    }
}

impl Drop for Params {
    fn drop(&mut self) {
        give(std::mem::take(&mut self.0));
    }
}

fn map(a: &Params, f: impl Fn(f64) -> f64) -> Params {
    let mut v = take(a.0.len());
    v.extend(a.0.iter().map(|&x| f(x)));
    Params(v)
}

/// Dot product with eight interleaved partial sums (fixed summation order).
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0.0f64; 8];
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    let mut tail = 0.0;
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        tail += x * y;
    }
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail
}

fn zip_map(a: &Params, b: &Params, f: impl Fn(f64, f64) -> f64) -> Params {
    debug_assert_eq!(a.0.len(), b.0.len());
    let mut v = take(a.0.len());
    v.extend(a.0.iter().zip(&b.0).map(|(&x, &y)| f(x, y)));
    Params(v)
}

impl ArgminAdd<Params, Params> for Params {
    fn add(&self, other: &Params) -> Params {
        zip_map(self, other, |x, y| x + y)
    }
}

impl ArgminAdd<f64, Params> for Params {
    fn add(&self, other: &f64) -> Params {
        map(self, |x| x + other)
    }
}

impl ArgminSub<Params, Params> for Params {
    fn sub(&self, other: &Params) -> Params {
        zip_map(self, other, |x, y| x - y)
    }
}

impl ArgminSub<f64, Params> for Params {
    fn sub(&self, other: &f64) -> Params {
        map(self, |x| x - other)
    }
}

impl ArgminMul<f64, Params> for Params {
    fn mul(&self, other: &f64) -> Params {
        map(self, |x| x * other)
    }
}

impl ArgminMul<Params, Params> for Params {
    fn mul(&self, other: &Params) -> Params {
        zip_map(self, other, |x, y| x * y)
    }
}

impl ArgminDot<Params, f64> for Params {
    fn dot(&self, other: &Params) -> f64 {
        dot(&self.0, &other.0)
    }
}

impl ArgminScaledAdd<Params, f64, Params> for Params {
    fn scaled_add(&self, factor: &f64, vec: &Params) -> Params {
        zip_map(self, vec, |x, y| x + factor * y)
    }
}

impl ArgminL1Norm<f64> for Params {
    fn l1_norm(&self) -> f64 {
        self.0.iter().map(|x| x.abs()).sum()
    }
}

impl ArgminL2Norm<f64> for Params {
    fn l2_norm(&self) -> f64 {
        dot(&self.0, &self.0).sqrt()
    }
}

impl ArgminSignum for Params {
    fn signum(mut self) -> Params {
        self.0.iter_mut().for_each(|x| *x = x.signum());
        self
    }
}

impl ArgminZeroLike for Params {
    fn zero_like(&self) -> Params {
        let mut v = take(self.0.len());
        v.resize(self.0.len(), 0.0);
        Params(v)
    }
}

impl ArgminMinMax for Params {
    fn min(x: &Params, y: &Params) -> Params {
        zip_map(x, y, f64::min)
    }
    fn max(x: &Params, y: &Params) -> Params {
        zip_map(x, y, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_matches_naive_sum() {
        for n in [0, 1, 7, 8, 9, 31, 100] {
            let a: Vec<f64> = (0..n).map(|i| (i as f64 * 0.3).sin()).collect();
            let b: Vec<f64> = (0..n).map(|i| (i as f64 * 0.7).cos()).collect();
            let naive: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - naive).abs() < 1e-12, "{n}");
        }
    }

    #[test]
    fn buffers_are_reused_and_values_are_fresh() {
        let n = POOL_MIN * 2;
        let a = Params((0..n).map(|i| i as f64).collect());
        let b = a.clone();
        let at = b.0.as_ptr();
        drop(b);
        // The next vector of that size takes the dropped buffer, with new contents.
        let z = a.zero_like();
        assert_eq!(z.0.as_ptr(), at);
        assert!(z.0.iter().all(|&x| x == 0.0) && z.0.len() == n);
        let c = a.mul(&2.0);
        assert_eq!(c.0[3], 6.0);
        assert_eq!(a.into_vec().len(), n);
    }

    #[test]
    fn vector_ops() {
        let a = Params(vec![1.0, -2.0, 3.0]);
        let b = Params(vec![0.5, 0.5, -1.0]);
        assert_eq!(a.add(&b), Params(vec![1.5, -1.5, 2.0]));
        assert_eq!(a.sub(&b), Params(vec![0.5, -2.5, 4.0]));
        assert_eq!(a.mul(&2.0), Params(vec![2.0, -4.0, 6.0]));
        assert_eq!(a.mul(&b), Params(vec![0.5, -1.0, -3.0]));
        assert_eq!(a.scaled_add(&2.0, &b), Params(vec![2.0, -1.0, 1.0]));
        assert_eq!(a.dot(&b), -3.5);
        assert_eq!(a.l1_norm(), 6.0);
        assert_eq!(Params(vec![3.0, 4.0]).l2_norm(), 5.0);
        assert_eq!(
            <Params as ArgminMinMax>::max(&a, &b),
            Params(vec![1.0, 0.5, 3.0])
        );
        assert_eq!(a.clone().signum(), Params(vec![1.0, -1.0, 1.0]));
        assert_eq!(a.zero_like(), Params(vec![0.0; 3]));
        assert_eq!(
            ArgminAdd::<f64, Params>::add(&a, &1.0),
            Params(vec![2.0, -1.0, 4.0])
        );
        assert_eq!(
            ArgminSub::<f64, Params>::sub(&a, &1.0),
            Params(vec![0.0, -3.0, 2.0])
        );
    }
}
