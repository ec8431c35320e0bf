//! The evidence of a prediction: its largest positive contributions.

use standpoint_features::Vectorizer;

/// Number of features reported as evidence.
pub const EVIDENCE_FEATURES: usize = 3;

/// The largest positive contributions, ties broken by feature name (names
/// are looked up only for ties); the same as sorting all and taking the first.
pub(crate) struct Top<'v> {
    v: &'v Vectorizer,
    pub(crate) best: [(f64, u32); EVIDENCE_FEATURES],
    pub(crate) n: usize,
}

impl<'v> Top<'v> {
    pub(crate) fn new(v: &'v Vectorizer) -> Self {
        Top {
            v,
            best: [(0.0, 0); EVIDENCE_FEATURES],
            n: 0,
        }
    }

    /// A contribution below this can not enter the list (-inf until it is full).
    pub(crate) fn floor(&self) -> f64 {
        if self.n == EVIDENCE_FEATURES {
            self.best[EVIDENCE_FEATURES - 1].0
        } else {
            f64::NEG_INFINITY
        }
    }

    fn before(&self, a: (f64, u32), b: (f64, u32)) -> bool {
        a.0 > b.0
            || (a.0 == b.0 && self.v.feature_name(a.1 as usize) < self.v.feature_name(b.1 as usize))
    }

    pub(crate) fn offer(&mut self, w: f64, j: u32) {
        let x = (w, j);
        let n = self.n;
        if w <= 0.0 || (n == EVIDENCE_FEATURES && !self.before(x, self.best[n - 1])) {
            return;
        }
        let last = n.min(EVIDENCE_FEATURES - 1);
        let mut at = last;
        while at > 0 && self.before(x, self.best[at - 1]) {
            at -= 1;
        }
        self.best.copy_within(at..last, at + 1);
        self.best[at] = x;
        self.n = (n + 1).min(EVIDENCE_FEATURES);
    }
}
