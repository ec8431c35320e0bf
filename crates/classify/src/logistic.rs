//! Multinomial logistic regression over sparse rows: a linfa estimator.
//!
//! The objective is the one `linfa_logistic::MultiLogisticRegression` minimizes,
//!
//! ```text
//!     sum_i c_i · (logsumexp(z_i) − z_i[y_i])  +  alpha/2 · ||W||²,   z_i = x_i·W + b
//! ```
//!
//! with `c_i` the class weight of row `i` (1 without class weights) and the
//! intercept `b` not penalized, minimized by the same solver (argmin's L-BFGS
//! with a More–Thuente line search, 10 correction pairs), starting from zero.
//! Only the loop over stored entries differs: cost and gradient cost
//! `O(nnz · classes)` instead of `O(rows · columns · classes)`. Everything runs in
//! a fixed order with `f64` accumulation, so a fit is deterministic.

use std::borrow::Cow;
use std::sync::Mutex;

use argmin::core::{CostFunction, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use linfa::dataset::{DatasetBase, Records};
use linfa::traits::{Fit, PredictInplace};
use linfa::ParamGuard;
use ndarray::{Array1, Array2};

use crate::param::{copy, give, take, Params};
use crate::sparse::CsrMatrix;
use crate::{ClassifyError, Result};

/// How training rows are weighted by class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClassWeight {
    /// Every row counts once.
    None,
    /// Row weight `n / (classes · n_class)`, as scikit-learn's `balanced`.
    #[default]
    Balanced,
}

impl std::str::FromStr for ClassWeight {
    type Err = ClassifyError;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "none" => Ok(ClassWeight::None),
            "balanced" => Ok(ClassWeight::Balanced),
            _ => Err(ClassifyError::Params(format!(
                "class weight `{s}` is not `balanced` or `none`"
            ))),
        }
    }
}

impl std::fmt::Display for ClassWeight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ClassWeight::None => "none",
            ClassWeight::Balanced => "balanced",
        })
    }
}

/// Checked hyper-parameters of [`SparseLogisticRegression`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SparseLogisticRegressionValidParams {
    alpha: f64,
    class_weight: ClassWeight,
    fit_intercept: bool,
    max_iterations: u64,
    gradient_tolerance: f64,
}

impl SparseLogisticRegressionValidParams {
    /// L2 penalty (linfa's `alpha`; scikit-learn's `C` is `1/alpha`).
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
    /// Class weighting.
    pub fn class_weight(&self) -> ClassWeight {
        self.class_weight
    }
    /// Whether an (unpenalized) intercept is fitted.
    pub fn fit_intercept(&self) -> bool {
        self.fit_intercept
    }
    /// L-BFGS iteration limit.
    pub fn max_iterations(&self) -> u64 {
        self.max_iterations
    }
    /// L-BFGS stops when the gradient's L2 norm falls below this.
    pub fn gradient_tolerance(&self) -> f64 {
        self.gradient_tolerance
    }
}

/// Unchecked hyper-parameters; `check()` (or `fit`, which checks) validates them.
#[derive(Debug, Clone, PartialEq)]
pub struct SparseLogisticRegressionParams(SparseLogisticRegressionValidParams);

impl Default for SparseLogisticRegressionParams {
    fn default() -> Self {
        Self::new()
    }
}

impl SparseLogisticRegressionParams {
    /// `alpha = 1`, balanced class weights, intercept, 200 iterations, tolerance 1e-4.
    pub fn new() -> Self {
        SparseLogisticRegressionParams(SparseLogisticRegressionValidParams {
            alpha: 1.0,
            class_weight: ClassWeight::Balanced,
            fit_intercept: true,
            max_iterations: 200,
            gradient_tolerance: 1e-4,
        })
    }
    /// Sets the L2 penalty.
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.0.alpha = alpha;
        self
    }
    /// Sets the class weighting.
    pub fn class_weight(mut self, w: ClassWeight) -> Self {
        self.0.class_weight = w;
        self
    }
    /// Fits an intercept or not.
    pub fn with_intercept(mut self, yes: bool) -> Self {
        self.0.fit_intercept = yes;
        self
    }
    /// Sets the iteration limit.
    pub fn max_iterations(mut self, n: u64) -> Self {
        self.0.max_iterations = n;
        self
    }
    /// Sets the gradient-norm tolerance.
    pub fn gradient_tolerance(mut self, tol: f64) -> Self {
        self.0.gradient_tolerance = tol;
        self
    }
}

impl ParamGuard for SparseLogisticRegressionParams {
    type Checked = SparseLogisticRegressionValidParams;
    type Error = ClassifyError;

    fn check_ref(&self) -> Result<&Self::Checked> {
        let p = &self.0;
        if !p.alpha.is_finite() || p.alpha < 0.0 {
            return Err(ClassifyError::Params(format!(
                "alpha must be a finite number >= 0, not {}",
                p.alpha
            )));
        }
        if !p.gradient_tolerance.is_finite() || p.gradient_tolerance <= 0.0 {
            return Err(ClassifyError::Params(format!(
                "gradient tolerance must be a finite number > 0, not {}",
                p.gradient_tolerance
            )));
        }
        if p.max_iterations == 0 {
            return Err(ClassifyError::Params(
                "max iterations must be at least 1".into(),
            ));
        }
        Ok(p)
    }

    fn check(self) -> Result<Self::Checked> {
        self.check_ref()?;
        Ok(self.0)
    }
}

/// A fitted model: weights for every (feature, class) pair and an intercept per class.
///
/// Only the columns that held an entry in the training rows are stored (the
/// others keep a zero weight): a per-target model fitted on a few hundred
/// rows holds a few thousand columns, not every column of the vectorizer.
#[derive(Debug, Clone, PartialEq)]
pub struct SparseLogisticRegression {
    n_features: usize,
    classes: Vec<usize>,
    /// The stored columns, ascending; `None`: every column.
    columns: Option<Vec<u32>>,
    /// Feature-major over the stored columns: `weights[i * k + c]`.
    weights: Vec<f64>,
    intercept: Vec<f64>,
    iterations: u64,
}

impl SparseLogisticRegression {
    /// The class ids, in column order of the probabilities.
    pub fn classes(&self) -> &[usize] {
        &self.classes
    }
    /// Number of features.
    pub fn n_features(&self) -> usize {
        self.n_features
    }
    /// Weight of feature `j` for class column `c`.
    pub fn weight(&self, j: usize, c: usize) -> f64 {
        self.weights_of(j).map_or(0.0, |w| w[c])
    }
    /// The weights of feature `j`, one per class column; `None` if the fit
    /// stored none for it (its weights are zero).
    fn weights_of(&self, j: usize) -> Option<&[f64]> {
        let k = self.classes.len();
        let i = match &self.columns {
            None => (j < self.n_features).then_some(j)?,
            Some(cols) => cols.binary_search(&u32::try_from(j).ok()?).ok()?,
        };
        Some(&self.weights[i * k..(i + 1) * k])
    }
    /// Intercept of class column `c`.
    pub fn intercept(&self, c: usize) -> f64 {
        self.intercept[c]
    }
    /// L-BFGS iterations the fit took.
    pub fn iterations(&self) -> u64 {
        self.iterations
    }

    /// Class scores `x·W + b` of one sparse row (columns beyond the model are ignored).
    pub fn decision_row(&self, indices: &[u32], values: &[f64]) -> Vec<f64> {
        let k = self.classes.len();
        let mut z = self.intercept.clone();
        debug_assert_eq!(z.len(), k);
        for (&j, &v) in indices.iter().zip(values) {
            if let Some(w) = self.weights_of(j as usize) {
                for (zc, wc) in z.iter_mut().zip(w) {
                    *zc += v * wc;
                }
            }
        }
        z
    }

    /// Softmax probabilities, one row per sample, one column per class.
    pub fn predict_proba(&self, x: &CsrMatrix) -> Array2<f64> {
        let k = self.classes.len();
        let mut p = Array2::zeros((x.nrows(), k));
        for i in 0..x.nrows() {
            let (idx, val) = x.row(i);
            let mut z = self.decision_row(idx, val);
            softmax_in_place(&mut z);
            for c in 0..k {
                p[(i, c)] = z[c];
            }
        }
        p
    }
}

/// Replaces scores by their softmax.
pub fn softmax_in_place(z: &mut [f64]) {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut s = 0.0;
    for v in z.iter_mut() {
        *v = (*v - m).exp();
        s += *v;
    }
    for v in z.iter_mut() {
        *v /= s;
    }
}

/// Index of the largest value; the first one on ties.
pub fn argmax(z: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in z.iter().enumerate() {
        if v > z[best] {
            best = i;
        }
    }
    best
}

impl PredictInplace<CsrMatrix, Array1<usize>> for SparseLogisticRegression {
    fn predict_inplace(&self, x: &CsrMatrix, y: &mut Array1<usize>) {
        assert_eq!(
            x.nrows(),
            y.len(),
            "the number of predictions must match the number of rows"
        );
        for (i, out) in y.iter_mut().enumerate() {
            let (idx, val) = x.row(i);
            *out = self.classes[argmax(&self.decision_row(idx, val))];
        }
    }

    fn default_target(&self, x: &CsrMatrix) -> Array1<usize> {
        Array1::zeros(x.nrows())
    }
}

/// The objective for argmin, with the last (cost, gradient) cached because the
/// line search asks for both at the same point.
struct Problem<'a> {
    x: &'a CsrMatrix,
    /// Class column of each row.
    y: Vec<usize>,
    /// Weight of each row.
    c: Vec<f64>,
    k: usize,
    alpha: f64,
    fit_intercept: bool,
    /// The intercept enters as `scale · b` (see `Fit`).
    intercept_scale: f64,
    cache: Mutex<Option<Evaluated>>,
}

/// Parameters with their cost and gradient.
type Evaluated = (Vec<f64>, f64, Vec<f64>);

impl Problem<'_> {
    fn evaluate(&self, p: &[f64]) -> (f64, Vec<f64>) {
        if let Ok(cache) = self.cache.lock() {
            if let Some((q, cost, grad)) = cache.as_ref() {
                if q.as_slice() == p {
                    return (*cost, copy(grad));
                }
            }
        }
        let (cost, grad) = self.compute(p);
        if let Ok(mut cache) = self.cache.lock() {
            if let Some((q, _, g)) = cache.replace((copy(p), cost, copy(&grad))) {
                give(q);
                give(g);
            }
        }
        (cost, grad)
    }

    fn compute(&self, p: &[f64]) -> (f64, Vec<f64>) {
        // Dispatch on the class count so that the inner loops are unrolled
        // for the common cases.
        match self.k {
            2 => self.compute_k(p, 2),
            3 => self.compute_k(p, 3),
            4 => self.compute_k(p, 4),
            k => self.compute_k(p, k),
        }
    }

    #[inline(always)]
    fn compute_k(&self, p: &[f64], k: usize) -> (f64, Vec<f64>) {
        let d = self.x.ncols();
        let (w, b) = p.split_at(d * k);
        let mut grad = take(p.len());
        grad.resize(p.len(), 0.0);
        let mut loss = 0.0;
        let mut z = vec![0.0; k];
        for i in 0..self.x.nrows() {
            let (idx, val) = self.x.row(i);
            if self.fit_intercept {
                for (zc, bc) in z.iter_mut().zip(b) {
                    *zc = bc * self.intercept_scale;
                }
            } else {
                z.iter_mut().for_each(|v| *v = 0.0);
            }
            for (&j, &v) in idx.iter().zip(val) {
                let j = j as usize * k;
                let wj = &w[j..j + k];
                for c in 0..k {
                    z[c] += v * wj[c];
                }
            }
            let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let mut sum = 0.0;
            for zc in &z {
                sum += (zc - m).exp();
            }
            let lse = m + sum.ln();
            let (yi, ci) = (self.y[i], self.c[i]);
            loss += ci * (lse - z[yi]);
            for (c, zc) in z.iter_mut().enumerate() {
                let target = if c == yi { 1.0 } else { 0.0 };
                *zc = ci * ((*zc - lse).exp() - target);
            }
            for (&j, &v) in idx.iter().zip(val) {
                let j = j as usize * k;
                let gj = &mut grad[j..j + k];
                for c in 0..k {
                    gj[c] += v * z[c];
                }
            }
            if self.fit_intercept {
                for (g, dc) in grad[d * k..].iter_mut().zip(&z) {
                    *g += dc * self.intercept_scale;
                }
            }
        }
        let mut penalty = 0.0;
        for (g, wv) in grad[..d * k].iter_mut().zip(w) {
            penalty += wv * wv;
            *g += self.alpha * wv;
        }
        (loss + 0.5 * self.alpha * penalty, grad)
    }
}

impl CostFunction for Problem<'_> {
    type Param = Params;
    type Output = f64;
    fn cost(&self, p: &Params) -> std::result::Result<f64, argmin::core::Error> {
        Ok(self.evaluate(&p.0).0)
    }
}

impl Gradient for Problem<'_> {
    type Param = Params;
    type Gradient = Params;
    fn gradient(&self, p: &Params) -> std::result::Result<Params, argmin::core::Error> {
        Ok(Params(self.evaluate(&p.0).1))
    }
}

impl Fit<CsrMatrix, Array1<usize>, ClassifyError> for SparseLogisticRegressionValidParams {
    type Object = SparseLogisticRegression;

    fn fit(&self, dataset: &DatasetBase<CsrMatrix, Array1<usize>>) -> Result<Self::Object> {
        self.fit_from(dataset, None)
    }
}

impl SparseLogisticRegressionValidParams {
    /// Fits starting from the weights of `start` (when it has the same
    /// classes and columns) instead of zero. The objective is strictly convex,
    /// so the minimum is the same; a start near it (a model fitted on most of
    /// the same rows) only takes fewer L-BFGS steps to reach it.
    pub fn fit_from(
        &self,
        dataset: &DatasetBase<CsrMatrix, Array1<usize>>,
        start: Option<&SparseLogisticRegression>,
    ) -> Result<SparseLogisticRegression> {
        self.fit_parts(Cow::Borrowed(&dataset.records), &dataset.targets, start)
    }

    /// [`Self::fit_from`] on records `x` and targets `y` given apart.
    pub(crate) fn fit_parts(
        &self,
        mut x: Cow<'_, CsrMatrix>,
        y: &Array1<usize>,
        start: Option<&SparseLogisticRegression>,
    ) -> Result<SparseLogisticRegression> {
        if x.nsamples() != y.len() {
            return Err(ClassifyError::Shape(format!(
                "{} rows but {} targets",
                x.nsamples(),
                y.len()
            )));
        }
        let mut classes: Vec<usize> = y.to_vec();
        classes.sort_unstable();
        classes.dedup();
        if classes.len() < 2 {
            return Err(ClassifyError::Params(
                "training needs at least two classes".into(),
            ));
        }
        let k = classes.len();
        let cols: Vec<usize> = y
            .iter()
            .map(|t| classes.binary_search(t).unwrap_or(0))
            .collect();
        let mut counts = vec![0usize; k];
        for &c in &cols {
            counts[c] += 1;
        }
        let n = cols.len() as f64;
        let class_w: Vec<f64> = match self.class_weight {
            ClassWeight::None => vec![1.0; k],
            ClassWeight::Balanced => counts.iter().map(|&m| n / (k as f64 * m as f64)).collect(),
        };
        // A column without entries keeps a zero weight (its gradient is the
        // penalty's alone), so the solver only sees the columns in use: a
        // per-target model over a few hundred rows then optimizes a few
        // thousand weights, not every column of the vectorizer.
        let x_full_cols = x.ncols();
        let used = CsrMatrix::compact_columns(&mut x);
        let x = x.as_ref();
        let d = x.ncols();
        // The unpenalized intercept is the stiffest direction of the problem
        // (its curvature grows with the number of rows, that of a penalized
        // weight is about alpha). Optimizing `b / scale` with scale = 1/sqrt(rows)
        // leaves the minimum where it is but lets L-BFGS reach it in fewer steps.
        let intercept_scale = 1.0 / (n.max(1.0)).sqrt();
        let problem = Problem {
            x,
            c: cols.iter().map(|&c| class_w[c]).collect(),
            y: cols,
            k,
            alpha: self.alpha,
            fit_intercept: self.fit_intercept,
            intercept_scale,
            cache: Mutex::new(None),
        };
        let mut init = vec![0.0; (d + usize::from(self.fit_intercept)) * k];
        if let Some(s) = start.filter(|s| s.classes == classes && s.n_features == x_full_cols) {
            for (c, &j) in used.iter().enumerate() {
                if let Some(w) = s.weights_of(j as usize) {
                    init[c * k..(c + 1) * k].copy_from_slice(w);
                }
            }
            if self.fit_intercept {
                for (b, &v) in init[d * k..].iter_mut().zip(&s.intercept) {
                    *b = v / intercept_scale;
                }
            }
        }
        let init = Params(init);
        let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
            .with_tolerance_grad(self.gradient_tolerance)
            .map_err(|e| ClassifyError::Solver(e.to_string()))?;
        let result = Executor::new(problem, solver)
            .configure(|s| s.param(init).max_iters(self.max_iterations))
            .run()
            .map_err(|e| ClassifyError::Solver(e.to_string()))?;
        let iterations = result.state.get_iter();
        let p = result
            .state
            .best_param
            .ok_or_else(|| ClassifyError::Solver("L-BFGS returned no parameters".into()))?
            .into_vec();
        if p.iter().any(|v| !v.is_finite()) {
            return Err(ClassifyError::Solver("weights diverged".into()));
        }
        let (w, b) = p.split_at(d * k);
        let columns = (used.len() < x_full_cols).then_some(used);
        Ok(SparseLogisticRegression {
            n_features: x_full_cols,
            classes,
            columns,
            weights: w.to_vec(),
            intercept: if self.fit_intercept {
                b.iter().map(|v| v * intercept_scale).collect()
            } else {
                vec![0.0; k]
            },
            iterations,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linfa::traits::Predict;
    use ndarray::{array, Array2};

    /// Three noisy, overlapping classes in two dimensions plus a useless feature.
    fn blobs() -> (Array2<f64>, Array1<usize>) {
        let mut x = Vec::new();
        let mut y = Vec::new();
        let centers = [(0.0, 0.0), (2.0, 0.5), (0.5, 2.0)];
        let mut s: u64 = 7;
        let mut rnd = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 33) as f64 / (1u64 << 31) as f64) - 0.5
        };
        for i in 0..90 {
            let c = i % 3;
            let (cx, cy) = centers[c];
            x.extend([cx + 2.0 * rnd(), cy + 2.0 * rnd(), rnd()]);
            y.push(c);
        }
        (Array2::from_shape_vec((90, 3), x).unwrap(), Array1::from(y))
    }

    #[test]
    fn agrees_with_linfa_logistic_on_dense_data() {
        let (x, y) = blobs();
        let alpha = 1.0;
        let reference = linfa_logistic::MultiLogisticRegression::default()
            .alpha(alpha)
            .max_iterations(500)
            .gradient_tolerance(1e-8)
            .fit(&DatasetBase::new(x.clone(), y.clone()))
            .unwrap();
        let ours = SparseLogisticRegressionParams::new()
            .alpha(alpha)
            .class_weight(ClassWeight::None)
            .max_iterations(500)
            .gradient_tolerance(1e-8)
            .fit(&DatasetBase::new(
                CsrMatrix::from_dense(x.view()).unwrap(),
                y.clone(),
            ))
            .unwrap();
        let csr = CsrMatrix::from_dense(x.view()).unwrap();
        let p_ours = ours.predict_proba(&csr);
        let p_ref = reference.predict_probabilities(&x);
        let max_diff = (&p_ours - &p_ref)
            .mapv(f64::abs)
            .fold(0.0f64, |a, &b| a.max(b));
        assert!(max_diff < 1e-4, "probabilities differ by {max_diff}");
        let pred_ours: Array1<usize> = ours.predict(&DatasetBase::new(csr, ()));
        let pred_ref: Array1<usize> = reference.predict(&x);
        assert_eq!(pred_ours, pred_ref);
        // The problem is not trivial: the classes overlap.
        let correct = pred_ours.iter().zip(&y).filter(|(a, b)| a == b).count();
        assert!(correct < 90 && correct > 45, "{correct}");
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let (x, y) = blobs();
        let csr = CsrMatrix::from_dense(x.view()).unwrap();
        let problem = Problem {
            x: &csr,
            y: y.to_vec(),
            c: (0..90).map(|i| 1.0 + (i % 4) as f64 * 0.25).collect(),
            k: 3,
            alpha: 0.7,
            fit_intercept: true,
            intercept_scale: 0.3,
            cache: Mutex::new(None),
        };
        let p: Vec<f64> = (0..12).map(|i| (i as f64 * 0.37).sin() * 0.5).collect();
        let (_, g) = problem.compute(&p);
        for i in 0..p.len() {
            let h = 1e-6;
            let mut a = p.clone();
            let mut b = p.clone();
            a[i] += h;
            b[i] -= h;
            let num = (problem.compute(&a).0 - problem.compute(&b).0) / (2.0 * h);
            assert!(
                (num - g[i]).abs() < 1e-4 * (1.0 + num.abs()),
                "{i}: {num} vs {}",
                g[i]
            );
        }
    }

    #[test]
    fn params_are_checked_before_fit() {
        let ds = DatasetBase::new(
            CsrMatrix::from_dense(array![[1.0], [0.0]].view()).unwrap(),
            array![0usize, 1],
        );
        for p in [
            SparseLogisticRegressionParams::new().alpha(-1.0),
            SparseLogisticRegressionParams::new().alpha(f64::NAN),
            SparseLogisticRegressionParams::new().gradient_tolerance(0.0),
            SparseLogisticRegressionParams::new().max_iterations(0),
        ] {
            assert!(matches!(p.check_ref(), Err(ClassifyError::Params(_))));
            assert!(matches!(p.fit(&ds), Err(ClassifyError::Params(_))));
        }
    }

    #[test]
    fn one_class_is_an_error() {
        let ds = DatasetBase::new(
            CsrMatrix::from_dense(array![[1.0], [0.0]].view()).unwrap(),
            array![1usize, 1],
        );
        let e = SparseLogisticRegressionParams::new().fit(&ds).unwrap_err();
        assert!(e.to_string().contains("two classes"), "{e}");
    }

    #[test]
    fn balanced_weights_lift_the_minority_class() {
        // 1 positive row among 9: unweighted, a strong penalty predicts the majority everywhere.
        let x = CsrMatrix::from_dense(
            array![
                [1.0],
                [0.1],
                [0.0],
                [0.2],
                [0.0],
                [0.1],
                [0.0],
                [0.2],
                [0.0]
            ]
            .view(),
        )
        .unwrap();
        let y = array![1usize, 0, 0, 0, 0, 0, 0, 0, 0];
        let ds = DatasetBase::new(x.clone(), y);
        let p = SparseLogisticRegressionParams::new().alpha(5.0);
        let none = p.clone().class_weight(ClassWeight::None).fit(&ds).unwrap();
        let bal = p.class_weight(ClassWeight::Balanced).fit(&ds).unwrap();
        let pn = none.predict_proba(&x)[(0, 1)];
        let pb = bal.predict_proba(&x)[(0, 1)];
        assert!(pb > pn, "{pb} <= {pn}");
        assert!(pb > 0.5 && pn < 0.5);
    }

    #[test]
    fn fit_is_deterministic() {
        let (x, y) = blobs();
        let ds = DatasetBase::new(CsrMatrix::from_dense(x.view()).unwrap(), y);
        let a = SparseLogisticRegressionParams::new().fit(&ds).unwrap();
        let b = SparseLogisticRegressionParams::new().fit(&ds).unwrap();
        assert_eq!(a, b);
    }
}
