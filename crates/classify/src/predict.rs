//! Prediction through linfa's `Predict`: a [`StanceModel`] predicts
//! [`Queries`] (sentences, each toward one or more targets).
//!
//! Every prediction takes the labeling path of the features crate: the
//! target-independent part of a sentence (its words and the character block,
//! projected onto every linear model at once) is computed once per sentence
//! in a per-thread [`Scratch`], then each target adds its own part.

use std::cell::RefCell;

use linfa::dataset::Records;
use linfa::traits::PredictInplace;
use standpoint_features::Scratch;

use crate::evidence::Top;
use crate::linear::Linear;
use crate::logistic::argmax;
use crate::model::StanceModel;

/// One predicted label with its probability and evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Chosen label.
    pub label: String,
    /// Probability of the chosen label.
    pub confidence: f64,
    /// Up to three features that pushed hardest toward the label, as
    /// (name, weight × value), largest first, ties broken by name. Only
    /// positive contributions count.
    pub evidence: Vec<(String, f64)>,
}

/// Sentences to predict, each toward one or more targets (`None`: no target):
/// the records of linfa's `Predict` on a [`StanceModel`], which returns one
/// [`Prediction`] per (sentence, target), sentence by sentence.
#[derive(Debug, Clone, Default)]
pub struct Queries<'a> {
    rows: Vec<(&'a str, &'a [Option<&'a str>])>,
    n: usize,
}

impl<'a> Queries<'a> {
    /// No queries yet.
    pub fn new() -> Self {
        Queries::default()
    }

    /// Adds `text`, to be predicted toward each of `targets` in order.
    pub fn push(&mut self, text: &'a str, targets: &'a [Option<&'a str>]) {
        self.rows.push((text, targets));
        self.n += targets.len();
    }

    /// Every text toward the same `targets`.
    pub fn each_toward(
        texts: impl IntoIterator<Item = &'a str>,
        targets: &'a [Option<&'a str>],
    ) -> Self {
        let mut q = Queries::new();
        for t in texts {
            q.push(t, targets);
        }
        q
    }
}

impl Records for Queries<'_> {
    type Elem = ();

    fn nsamples(&self) -> usize {
        self.n
    }

    fn nfeatures(&self) -> usize {
        0
    }
}

thread_local! {
    /// The labeling path's per-thread state (a word cache and buffers); what
    /// it holds never changes a result.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
}

impl PredictInplace<Queries<'_>, Vec<Prediction>> for StanceModel {
    fn predict_inplace<'a>(&'a self, x: &'a Queries<'_>, y: &mut Vec<Prediction>) {
        y.clear();
        SCRATCH.with_borrow_mut(|scratch| {
            for &(text, targets) in &x.rows {
                self.predict_into(scratch, text, targets, y);
            }
        });
    }

    fn default_target(&self, x: &Queries<'_>) -> Vec<Prediction> {
        Vec::with_capacity(x.n)
    }
}

impl StanceModel {
    /// Predicts `text` toward each of `targets`, in order, into `out`. The
    /// target-independent features of the text are computed once.
    fn predict_into(
        &self,
        scratch: &mut Scratch,
        text: &str,
        targets: &[Option<&str>],
        out: &mut Vec<Prediction>,
    ) {
        let v = &self.vectorizer;
        v.prepare_projected(scratch, text, &self.proj);
        // The character block toward every model at once.
        let char_z = v.char_scores(scratch).to_vec();
        for &target in targets {
            let lin = self.linear_for(target);
            let (own, _) = v.row_parts_into(scratch, target);
            let z = self.probabilities_of(lin, &char_z, own);
            let c = argmax(&z);
            let mut top = Top::new(v);
            for &(j, x) in own {
                top.offer(x * lin.weight(&self.proj, j, c), j);
            }
            // The character n-grams' evidence: words whose n-grams cannot
            // beat the third-best contribution are skipped.
            v.char_evidence(scratch, &self.proj, lin.offset + c, top.floor(), |w, j| {
                top.offer(w, j);
                top.floor()
            });
            out.push(self.finish(lin, &z, c, &top));
        }
    }

    /// Label probabilities of one prepared sentence under `lin`, in the
    /// order of its labels.
    fn probabilities_of(&self, lin: &Linear, char_z: &[f64], own: &[(u32, f64)]) -> Vec<f64> {
        let mut z: Vec<f64> = lin
            .intercept
            .iter()
            .zip(&char_z[lin.offset..])
            .map(|(&b, &s)| f64::from(b) + s)
            .collect();
        lin.add_scores(&self.proj, own, &mut z);
        lin.softmax(&mut z);
        z
    }

    /// Label probabilities of `text` toward `target`, in the order of the
    /// labels of the model used (a per-target model may know fewer labels);
    /// the same labeling path as [`Predict`](linfa::traits::Predict).
    pub fn probabilities(&self, text: &str, target: Option<&str>) -> Vec<(&str, f64)> {
        SCRATCH.with_borrow_mut(|scratch| {
            let v = &self.vectorizer;
            v.prepare_projected(scratch, text, &self.proj);
            let char_z = v.char_scores(scratch).to_vec();
            let lin = self.linear_for(target);
            let (own, _) = v.row_parts_into(scratch, target);
            let z = self.probabilities_of(lin, &char_z, own);
            lin.data.labels.iter().map(String::as_str).zip(z).collect()
        })
    }

    fn finish(&self, lin: &Linear, p: &[f64], c: usize, top: &Top<'_>) -> Prediction {
        Prediction {
            label: lin.data.labels[c].clone(),
            confidence: p[c],
            evidence: top.best[..top.n]
                .iter()
                .map(|&(w, j)| (self.vectorizer.feature_name(j as usize).to_string(), w))
                .collect(),
        }
    }

    /// The reference prediction (tests only): the full row from the plain
    /// labeling path, scored column by column, every contribution offered as
    /// evidence.
    #[cfg(test)]
    pub(crate) fn predict_reference(&self, text: &str, target: Option<&str>) -> Prediction {
        let v = &self.vectorizer;
        let mut scratch = Scratch::new();
        v.prepare_into(&mut scratch, text);
        let mut row = v.row_into(&mut scratch, target).to_vec();
        row.sort_by_key(|p| p.0);
        let lin = self.linear_for(target);
        let mut z = lin.scores(&self.proj, &row);
        lin.softmax(&mut z);
        let c = argmax(&z);
        let mut top = Top::new(v);
        for &(j, x) in &row {
            top.offer(x * lin.weight(&self.proj, j, c), j);
        }
        self.finish(lin, &z, c, &top)
    }
}
