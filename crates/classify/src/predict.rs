//! Prediction through linfa's `Predict`: a [`StanceModel`] predicts
//! [`Queries`] (sentences, each toward one or more targets).
//!
//! Every prediction takes the labeling path of the features crate: the
//! target-independent part of a sentence (its words and the character block,
//! projected onto every linear model at once) is computed once per sentence
//! in a per-thread [`Scratch`], then each target adds its own part.
//!
//! Relevance first: a sentence about one declared target (it names it by
//! its terms) is `none` toward the other declared targets, when the model
//! knows that label, unless it names them too or follows closely on a
//! sentence of its document that does (a pronoun, a quotation carried on,
//! "the measures"). A sentence that names a target only by a stand-in bound
//! earlier in its document ("the package", see the `standins` module) is
//! read toward it with the stand-in replaced by the target's first term. A
//! sentence that names no declared target is left to the model, which sees
//! `target:absent`.

use std::cell::RefCell;

use linfa::dataset::Records;
use linfa::traits::PredictInplace;
use standpoint_features::{exclusion, weak, Scratch};

use crate::evidence::Top;
use crate::linear::Linear;
use crate::logistic::argmax;
use crate::model::StanceModel;
use crate::standins::{find_pronoun, substitute, Bindings};

/// A sentence is about a target it does not name if one of the sentences
/// it continues, up to this many back, names it.
const CONTEXT: u32 = 2;
/// A sentence that does not name a declared target but continues one that
/// does (within [`CONTEXT`]) takes a position toward it more often than the
/// sentences without the target the model was trained on, most of which
/// stand far from any mention: the odds of its positions against `none` are
/// multiplied by this. On the fixture articles it raised the macro-F1 from
/// 64.2 to 65.1; larger odds raised positions in the low-confidence bins
/// more than they raised right ones.
const NEAR_POSITION_ODDS: f64 = 1.5;
/// The label of a sentence that takes no position.
const NONE: &str = "none";
/// The evidence of a sentence not about its target.
const NOT_ABOUT: &str = "relevance:not_about_target";
/// A sentence that names no term of a declared target, and follows no
/// sentence naming it within this many back, is far from the target...
const NEARBY: u32 = 6;
/// ...and keeps a position toward it only at this probability or above.
/// In news most sentences take no position toward a given target, and an
/// unsure position in a sentence that does not touch it is mostly wrong.
const FAR_MIN_CONFIDENCE: f64 = 0.7;
/// The evidence of a position dropped by that rule.
const FAR: &str = "relevance:far_from_target";
/// Toward a declared target, any sentence keeps a position only at this
/// probability or above: more likely than the other labels together.
const MIN_POSITION: f64 = 0.5;
/// The evidence of a position dropped by that rule.
const UNSURE: &str = "relevance:unsure_position";
/// A sentence that names a declared target only by weak terms (`~war`:
/// "since the war began") keeps a position toward it only at this
/// probability or above. Such a term mostly names an event in passing: on
/// real headlines and debate claims labelled by hand, 1 in 10 of the
/// positions below 0.75 of sentences naming military action only by "war"
/// or "warfare" was right, against 4 in 10 for other terms.
const WEAK_MIN_CONFIDENCE: f64 = 0.75;
/// The evidence of a position dropped by that rule.
const WEAK: &str = "relevance:weak_mention";

/// The confidence a position toward a declared target needs.
#[derive(Debug, Clone, Copy)]
enum Bar {
    /// [`MIN_POSITION`].
    Any,
    /// [`FAR_MIN_CONFIDENCE`]: the sentence is far from the target (see
    /// [`NEARBY`]).
    Far,
    /// [`WEAK_MIN_CONFIDENCE`]: it names the target only by weak terms.
    Weak,
}

impl Bar {
    /// The bar of a sentence that names the target (`weakly`: only by weak
    /// terms) or not, and is `far` from any mention of it.
    fn of(mentioned: bool, weakly: bool, far: bool) -> Bar {
        if !mentioned && far {
            Bar::Far
        } else if mentioned && weakly {
            Bar::Weak
        } else {
            Bar::Any
        }
    }
}

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

impl Prediction {
    /// The label as reported under `min_confidence`: [`crate::UNCERTAIN`]
    /// below it, else the predicted label.
    pub fn kept_label(&self, min_confidence: Option<f64>) -> &str {
        match min_confidence {
            Some(m) if self.confidence < m => crate::UNCERTAIN,
            _ => &self.label,
        }
    }
}

/// Sentences to predict, each toward one or more targets (`None`: no target):
/// the records of linfa's `Predict` on a [`StanceModel`], which returns one
/// [`Prediction`] per (sentence, target), sentence by sentence.
///
/// A sentence may continue the one pushed before it (the next sentence of
/// the same document): it is then about the targets named by the sentences
/// it continues, up to two back.
#[derive(Debug, Clone, Default)]
pub struct Queries<'a> {
    rows: Vec<Query<'a>>,
    n: usize,
}

/// One sentence of [`Queries`].
#[derive(Debug, Clone, Copy)]
struct Query<'a> {
    text: &'a str,
    targets: &'a [Option<&'a str>],
    /// Continues the previous row (same paragraph, next sentence).
    continues: bool,
}

impl<'a> Queries<'a> {
    /// No queries yet.
    pub fn new() -> Self {
        Queries::default()
    }

    /// Adds `text`, to be predicted toward each of `targets` in order.
    pub fn push(&mut self, text: &'a str, targets: &'a [Option<&'a str>]) {
        self.push_row(text, targets, false);
    }

    /// Adds `text`, the sentence that follows the previously added one in
    /// the same document, toward each of `targets` in order.
    pub fn push_continuing(&mut self, text: &'a str, targets: &'a [Option<&'a str>]) {
        self.push_row(text, targets, !self.rows.is_empty());
    }

    fn push_row(&mut self, text: &'a str, targets: &'a [Option<&'a str>], continues: bool) {
        self.rows.push(Query {
            text,
            targets,
            continues,
        });
        self.n += targets.len();
    }

    /// The sentences of one document in order, toward the same `targets`:
    /// each continues the one before it.
    pub fn document(
        sentences: impl IntoIterator<Item = &'a str>,
        targets: &'a [Option<&'a str>],
    ) -> Self {
        let mut q = Queries::new();
        for t in sentences {
            q.push_continuing(t, targets);
        }
        q
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

/// Buffers [`StanceModel::predict_into`] reuses from sentence to sentence.
#[derive(Default)]
struct Buffers<'m> {
    /// The model's declared targets and whether the sentence names each.
    declared: Vec<(&'m str, bool)>,
    /// The character block's scores toward every model.
    char_z: Vec<f64>,
    /// Each target's own part of the row.
    own: Vec<Vec<(u32, f64)>>,
    /// Whether the sentence names each target.
    mentioned: Vec<bool>,
    /// ...only by weak terms.
    weak: Vec<bool>,
    /// Label scores, then probabilities.
    z: Vec<f64>,
    /// The targets named only by a stand-in, with the substituted text and
    /// the target's place.
    standins: Vec<(usize, String, Place)>,
}

impl PredictInplace<Queries<'_>, Vec<Prediction>> for StanceModel {
    fn predict_inplace<'a>(&'a self, x: &'a Queries<'_>, y: &mut Vec<Prediction>) {
        y.clear();
        SCRATCH.with_borrow_mut(|scratch| {
            let mut named: Vec<u32> = Vec::new();
            let mut bindings = Bindings::default();
            let mut last = None;
            let mut bufs = Buffers::default();
            let mut prev: &[Option<&str>] = &[];
            for q in &x.rows {
                // What the previous sentences named counts only for a
                // continuing sentence toward the same targets.
                if !(q.continues && prev == q.targets) {
                    named.clear();
                    bindings.clear();
                    last = None;
                }
                prev = q.targets;
                let doc = Document {
                    named: &mut named,
                    bindings: &mut bindings,
                    last: &mut last,
                };
                self.predict_into(scratch, &mut bufs, q.text, q.targets, doc, y);
            }
        });
    }

    fn default_target(&self, x: &Queries<'_>) -> Vec<Prediction> {
        Vec::with_capacity(x.n)
    }
}

/// What a sentence's document says before it.
struct Document<'d, 'm> {
    /// Per target, how many sentences back the sentences this one continues
    /// last named it (empty: it continues none).
    named: &'d mut Vec<u32>,
    /// The stand-in nouns bound so far.
    bindings: &'d mut Bindings<'m>,
    /// The one declared target the previous sentence named, if it named
    /// exactly one, and whether that mention was plural.
    last: &'d mut Option<(&'m str, bool)>,
}

/// Where one target of a sentence stands relative to it.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    /// The sentence names the target (or a stand-in for it).
    mentioned: bool,
    /// Sentences since the document last named it.
    since: u32,
    /// The target is declared with its own terms.
    declared: bool,
    /// The sentence names another declared target.
    other: bool,
    /// The sentence names the target only by weak terms.
    weak: bool,
}

impl StanceModel {
    /// Predicts `text` toward each of `targets`, in order, into `out`. The
    /// target-independent features of the text are computed once; a target
    /// the sentence names only by a stand-in is read from the text with the
    /// stand-in replaced by the target's first term. `doc` is updated.
    fn predict_into<'m>(
        &'m self,
        scratch: &mut Scratch,
        bufs: &mut Buffers<'m>,
        text: &str,
        targets: &[Option<&str>],
        doc: Document<'_, 'm>,
        out: &mut Vec<Prediction>,
    ) {
        let v = &self.vectorizer;
        v.prepare_projected(scratch, text, &self.proj);
        // The character block toward every model at once.
        bufs.char_z.clear();
        bufs.char_z.extend_from_slice(v.char_scores(scratch));
        let named = doc.named;
        named.resize(targets.len(), u32::MAX);
        // Each target's own part, and whether the sentence names it.
        if bufs.own.len() < targets.len() {
            bufs.own.resize_with(targets.len(), Vec::new);
        }
        bufs.mentioned.clear();
        bufs.weak.clear();
        for (k, &target) in targets.iter().enumerate() {
            let (own, _) = v.row_parts_into(scratch, target);
            bufs.own[k].clear();
            bufs.own[k].extend_from_slice(own);
            bufs.mentioned.push(scratch.target_mentioned());
            bufs.weak.push(scratch.target_mentioned_weakly());
        }
        // The declared targets the sentence names.
        bufs.declared.clear();
        for t in self.vectorizer.target_terms().keys() {
            let d = t.as_str();
            let m = match targets.iter().position(|&q| q == Some(d)) {
                Some(k) => bufs.mentioned[k],
                None => v.names_declared(scratch, d),
            };
            bufs.declared.push((d, m));
        }
        // The one declared target named by its terms binds the sentence's
        // stand-ins, after the targets named only by a stand-in are found.
        let mut by_terms = bufs.declared.iter().filter(|d| d.1).map(|d| d.0);
        let binder = match (by_terms.next(), by_terms.next()) {
            (Some(t), None) => Some(t),
            _ => None,
        };
        // The number of the last mention found: by a stand-in, a pronoun or
        // (below) the terms of the one target the sentence names by them.
        let mut number = None;
        bufs.standins.clear();
        if !doc.bindings.is_empty() {
            for (k, &target) in targets.iter().enumerate() {
                if bufs.mentioned[k] {
                    continue;
                }
                let Some((t, term)) = target.and_then(|t| self.first_term(t)) else {
                    continue;
                };
                if let Some(at) = doc.bindings.find(text, t) {
                    number = Some(is_plural(&text[at.0..at.1]));
                    bufs.standins
                        .push((k, substitute(text, at, term), Place::default()));
                    bufs.mentioned[k] = true;
                    if let Some(d) = bufs.declared.iter_mut().find(|d| d.0 == t) {
                        d.1 = true;
                    }
                }
            }
        }
        if let Some(t) = binder {
            let words: Vec<(&str, bool)> = v.term_words(scratch, t).collect();
            number = words.iter().rfind(|w| w.1).map(|w| is_plural(w.0));
            doc.bindings.bind(&words, t);
        }
        // A sentence that names no declared target reads an object pronoun
        // as the one target the previous sentence named ("We do not want
        // it now", "Russia rejected them").
        if bufs.declared.iter().all(|d| !d.1) {
            if let Some((t, plural)) = *doc.last {
                let k = targets.iter().position(|&q| q == Some(t));
                let term = self.first_term(t).map(|f| f.1);
                if let (Some(k), Some(term), Some(at)) = (k, term, find_pronoun(text, plural)) {
                    bufs.standins
                        .push((k, substitute(text, at, term), Place::default()));
                    bufs.mentioned[k] = true;
                    if let Some(d) = bufs.declared.iter_mut().find(|d| d.0 == t) {
                        d.1 = true;
                    }
                    number = Some(plural);
                }
            }
        }
        // What a pronoun in the next sentence may refer to.
        let mut named_now = bufs.declared.iter().filter(|d| d.1).map(|d| d.0);
        *doc.last = match (named_now.next(), named_now.next()) {
            (Some(t), None) => number.map(|p| (t, p)),
            _ => None,
        };
        let base = out.len();
        let place_of =
            |k: usize, target: Option<&str>, named: &mut Vec<u32>, bufs: &Buffers<'_>| {
                let (mentioned, since) = (bufs.mentioned[k], named[k]);
                named[k] = if mentioned {
                    0
                } else {
                    since.saturating_add(1)
                };
                Place {
                    mentioned,
                    since,
                    declared: target.is_some_and(|t| bufs.declared.iter().any(|&(d, _)| d == t)),
                    other: bufs.declared.iter().any(|&(d, m)| m && Some(d) != target),
                    weak: bufs.weak[k],
                }
            };
        for (k, &target) in targets.iter().enumerate() {
            let place = place_of(k, target, named, bufs);
            if let Some(slot) = bufs.standins.iter_mut().find(|s| s.0 == k) {
                // Filled in below, from the substituted text.
                slot.2 = place;
                out.push(Prediction {
                    label: String::new(),
                    confidence: 0.0,
                    evidence: Vec::new(),
                });
                continue;
            }
            let p = self.predict_one(
                scratch,
                &bufs.char_z,
                &bufs.own[k],
                target,
                place,
                &mut bufs.z,
            );
            out.push(p);
        }
        for (k, sub, place) in &bufs.standins {
            v.prepare_projected(scratch, sub, &self.proj);
            bufs.char_z.clear();
            bufs.char_z.extend_from_slice(v.char_scores(scratch));
            let (own, _) = v.row_parts_into(scratch, targets[*k]);
            bufs.own[*k].clear();
            bufs.own[*k].extend_from_slice(own);
            let place = Place {
                mentioned: scratch.target_mentioned(),
                weak: scratch.target_mentioned_weakly(),
                ..*place
            };
            out[base + k] = self.predict_one(
                scratch,
                &bufs.char_z,
                &bufs.own[*k],
                targets[*k],
                place,
                &mut bufs.z,
            );
        }
    }

    /// The prediction toward one target of the sentence prepared in
    /// `scratch`, from its character scores and the target's own part.
    fn predict_one(
        &self,
        scratch: &mut Scratch,
        char_z: &[f64],
        own: &[(u32, f64)],
        target: Option<&str>,
        place: Place,
        z: &mut Vec<f64>,
    ) -> Prediction {
        let v = &self.vectorizer;
        let lin = self.linear_for(target);
        if place.declared && !place.mentioned && place.since >= CONTEXT && place.other {
            if let Some(p) = self.not_about(lin, target) {
                return p;
            }
        }
        self.probabilities_into(lin, char_z, own, z);
        if place.declared && !place.mentioned && place.since < CONTEXT {
            raise_positions(lin, z, NEAR_POSITION_ODDS);
        }
        let c = argmax(z);
        if place.declared {
            let bar = Bar::of(place.mentioned, place.weak, place.since >= NEARBY);
            if let Some(p) = self.unsure_position(lin, target, z, c, bar) {
                return p;
            }
        }
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
        self.finish(lin, z, c, &top)
    }

    /// A declared target's name and first term (not an exclusion, and not
    /// weak unless all are), which a stand-in for it is replaced by.
    fn first_term<'m>(&'m self, target: &str) -> Option<(&'m str, &'m str)> {
        let (t, terms) = self.vectorizer.target_terms().get_key_value(target)?;
        let term = terms
            .iter()
            .find(|w| exclusion(w).is_none() && weak(w).is_none())
            .map(String::as_str)
            .or_else(|| terms.iter().find_map(|w| weak(w)))?;
        Some((t.as_str(), term))
    }

    /// The prediction for a sentence about another target and not about
    /// `target`: `none`, if `target` is declared with its own terms and `lin`
    /// knows that label.
    fn not_about(&self, lin: &Linear, target: Option<&str>) -> Option<Prediction> {
        let t = target?;
        if !self.vectorizer.target_terms().contains_key(t) {
            return None;
        }
        let none = lin.data.labels.iter().find(|l| l.as_str() == NONE)?;
        Some(Prediction {
            label: none.clone(),
            confidence: 1.0,
            evidence: vec![(NOT_ABOUT.to_string(), 0.0)],
        })
    }

    /// The prediction toward a declared `target` whose most probable label
    /// `c` is a position below the confidence `bar` asks for: `none`, with
    /// the probability of the other labels as its confidence. `None` keeps
    /// the model's label.
    fn unsure_position(
        &self,
        lin: &Linear,
        target: Option<&str>,
        z: &[f64],
        c: usize,
        bar: Bar,
    ) -> Option<Prediction> {
        let (min, evidence) = match bar {
            Bar::Any => (MIN_POSITION, UNSURE),
            Bar::Far => (FAR_MIN_CONFIDENCE, FAR),
            Bar::Weak => (WEAK_MIN_CONFIDENCE, WEAK),
        };
        if z[c] >= min || lin.data.labels[c] == NONE {
            return None;
        }
        let mut p = self.not_about(lin, target)?;
        p.confidence = 1.0 - z[c];
        p.evidence = vec![(evidence.to_string(), 0.0)];
        Some(p)
    }

    /// Label probabilities of one prepared sentence under `lin`, in the
    /// order of its labels, into `z`.
    fn probabilities_into(
        &self,
        lin: &Linear,
        char_z: &[f64],
        own: &[(u32, f64)],
        z: &mut Vec<f64>,
    ) {
        z.clear();
        z.extend(
            lin.intercept
                .iter()
                .zip(&char_z[lin.offset..])
                .map(|(&b, &s)| f64::from(b) + s),
        );
        lin.add_scores(&self.proj, own, z);
        lin.softmax(z);
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
            let mut z = Vec::new();
            self.probabilities_into(lin, &char_z, own, &mut z);
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
        let other = v
            .target_terms()
            .keys()
            .any(|d| Some(d.as_str()) != target && v.names_declared(&mut scratch, d));
        if !scratch.target_mentioned() && other {
            if let Some(p) = self.not_about(lin, target) {
                return p;
            }
        }
        let mut z = lin.scores(&self.proj, &row);
        lin.softmax(&mut z);
        let c = argmax(&z);
        // Alone, a sentence is far from any other.
        let bar = Bar::of(
            scratch.target_mentioned(),
            scratch.target_mentioned_weakly(),
            true,
        );
        if let Some(p) = self.unsure_position(lin, target, &z, c, bar) {
            return p;
        }
        let mut top = Top::new(v);
        for &(j, x) in &row {
            top.offer(x * lin.weight(&self.proj, j, c), j);
        }
        self.finish(lin, &z, c, &top)
    }
}

/// True if a word naming a target is plural ("sanctions", "talks"; not
/// "crisis", "diplomacy").
fn is_plural(word: &str) -> bool {
    word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e))
}

/// Multiplies the odds of `lin`'s position labels against `none` in the
/// probabilities `z` by `odds`.
fn raise_positions(lin: &Linear, z: &mut [f64], odds: f64) {
    for (p, l) in z.iter_mut().zip(&lin.data.labels) {
        if l != NONE {
            *p *= odds;
        }
    }
    let sum: f64 = z.iter().sum();
    z.iter_mut().for_each(|p| *p /= sum);
}

#[cfg(test)]
mod tests {
    use linfa::traits::Predict;

    use super::*;

    /// The default model's targets, in the order of its columns.
    const DEFAULT_TARGETS: [Option<&str>; 3] = [
        Some("sanctions"),
        Some("military_action"),
        Some("negotiations"),
    ];

    fn default_model() -> StanceModel {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let json = std::fs::read_to_string(root.join("crates/cli/assets/default-model.json"))
            .expect("default model");
        StanceModel::from_json(&json).unwrap()
    }

    fn labels(m: &StanceModel, q: Queries<'_>) -> Vec<String> {
        let p: Vec<Prediction> = m.predict(&linfa::DatasetBase::new(q, ()));
        p.into_iter().map(|p| p.label).collect()
    }

    #[test]
    fn a_sentence_about_one_declared_target_is_none_toward_the_others() {
        let m = default_model();
        let targets = DEFAULT_TARGETS;
        let text = "The ministers strongly backed new sanctions on the regime.";
        let q = Queries::each_toward([text], &targets);
        let got = labels(&m, q);
        assert_eq!(got[1], "none");
        assert_eq!(got[2], "none");
        let p: Vec<Prediction> = m.predict(&linfa::DatasetBase::new(
            Queries::each_toward([text], &targets[1..2]),
            (),
        ));
        assert_eq!(p[0].evidence[0].0, NOT_ABOUT);
    }

    #[test]
    fn a_sentence_that_continues_one_about_the_target_is_read() {
        let m = default_model();
        let targets = [Some("sanctions")];
        let first = "Washington called for tougher sanctions against the government.";
        let second = "Talks alone will not do; it is time for pressure that truly hurts, she said.";
        let alone = m.predict(&linfa::DatasetBase::new(
            Queries::each_toward([second], &targets),
            (),
        ));
        assert_eq!(alone[0].evidence[0].0, NOT_ABOUT);
        let doc = m.predict(&linfa::DatasetBase::new(
            Queries::document([first, second], &targets),
            (),
        ));
        assert_ne!(
            doc[1].evidence.first().map(|e| e.0.as_str()),
            Some(NOT_ABOUT)
        );
        // Its positions' odds against `none` are raised.
        let raw = m.probabilities(second, targets[0]);
        let none = raw.iter().find(|p| p.0 == NONE).expect("none").1;
        let raised: Vec<(&str, f64)> = raw
            .iter()
            .map(|&(l, p)| {
                let odds = if l == NONE { 1.0 } else { NEAR_POSITION_ODDS };
                (l, p * odds / (none + (1.0 - none) * NEAR_POSITION_ODDS))
            })
            .collect();
        let best = raised
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .expect("labels");
        if best.0 != NONE && best.1 >= MIN_POSITION {
            assert_eq!(doc[1].label, best.0);
            assert!((doc[1].confidence - best.1).abs() < 1e-12);
        } else {
            assert_eq!(doc[1].label, NONE);
        }
        assert!((raised.iter().map(|p| p.1).sum::<f64>() - 1.0).abs() < 1e-12);
        // Three sentences later the context has run out.
        let far = [first, "A.", "B.", second];
        let doc = m.predict(&linfa::DatasetBase::new(
            Queries::document(far, &targets),
            (),
        ));
        assert_eq!(doc[3].evidence[0].0, NOT_ABOUT);
    }

    #[test]
    fn a_stand_in_is_read_as_the_target_it_was_bound_to() {
        let m = default_model();
        let targets = DEFAULT_TARGETS;
        let first = "Washington circulated a sanctions package against the regime on Monday.";
        let filler = "The session lasted three hours.";
        let later = "Japan's envoy strongly backed the package.";
        let substituted = "Japan's envoy strongly backed the sanctions.";
        let doc = [first, filler, filler, filler, filler, filler, filler, later];
        let got = m.predict(&linfa::DatasetBase::new(
            Queries::document(doc, &targets),
            (),
        ));
        // The last sentence, toward sanctions, reads as the substituted one.
        let want = m.predict(&linfa::DatasetBase::new(
            Queries::each_toward([substituted], &targets[..1]),
            (),
        ));
        assert_eq!(got[21], want[0]);
        assert_eq!(got[21].label, "favor");
        // It is about sanctions, so not about the other targets.
        assert_eq!(got[22].evidence[0].0, NOT_ABOUT);
        assert_eq!(got[23].evidence[0].0, NOT_ABOUT);
        // Alone, or in a document that never bound the noun, it names nothing.
        for q in [
            Queries::each_toward([later], &targets),
            Queries::document(["The bank announced a rescue package.", later], &targets),
        ] {
            let p = m.predict(&linfa::DatasetBase::new(q, ()));
            let last = &p[p.len() - 3];
            assert_eq!(last.label, "none", "{last:?}");
        }
    }

    #[test]
    fn an_object_pronoun_is_read_as_the_target_the_sentence_before_named() {
        let m = default_model();
        let targets = DEFAULT_TARGETS;
        let run = |doc: &[&str]| {
            m.predict(&linfa::DatasetBase::new(
                Queries::document(doc.iter().copied(), &targets),
                (),
            ))
        };
        let alone = |text: &str| {
            m.predict(&linfa::DatasetBase::new(
                Queries::each_toward([text], &targets),
                (),
            ))
        };
        let first = "Diplomats said new talks could open in Geneva next month.";
        let later = "The Chinese envoy warmly welcomed them.";
        let got = run(&[first, later]);
        // Toward negotiations it reads with the target's first term in
        // place of "them", and it is about negotiations only.
        let want = alone("The Chinese envoy warmly welcomed negotiations.");
        assert_eq!(got[5], want[2]);
        assert_eq!(got[5].label, "favor");
        assert_eq!(got[3].evidence[0].0, NOT_ABOUT);
        assert_eq!(got[4].evidence[0].0, NOT_ABOUT);
        // Alone, after a sentence naming no target or two, or with a
        // pronoun of the other number, nothing is substituted.
        let unresolved = [
            alone(later),
            run(&["The session lasted three hours.", later]),
            run(&["Talks and sanctions were both discussed.", later]),
            run(&["A new round of dialogue opened.", later]),
        ];
        for p in unresolved {
            let last = &p[p.len() - 1];
            assert_ne!(last, &want[2], "{last:?}");
        }
        // A singular mention and "one".
        let war = "\"We are not looking for a war.";
        let one = run(&[war, "Nobody in this building wants one,\" she said."]);
        assert_eq!(one[4].label, "against", "{:?}", one[4]);
    }

    #[test]
    fn a_stand_in_works_for_a_target_declared_at_label_time() {
        let mut m = default_model();
        m.declare_target("minimum wage", &["minimum wage".to_string()]);
        let targets = [Some("minimum wage")];
        let first = "The city council debated a minimum wage ordinance on Tuesday.";
        let later = "\"We support this ordinance,\" said the union leader.";
        let doc = m.predict(&linfa::DatasetBase::new(
            Queries::document([first, later], &targets),
            (),
        ));
        assert_eq!(doc[1].label, "favor", "{:?}", doc[1]);
        let alone = m.predict(&linfa::DatasetBase::new(
            Queries::each_toward([later], &targets),
            (),
        ));
        assert_eq!(alone[0].label, "none", "{:?}", alone[0]);
    }

    /// The most probable raw label of `text` toward `target` with its
    /// probability, and the prediction for the sentence alone, checked
    /// against the reference path (label and evidence names).
    fn alone(m: &StanceModel, text: &str, target: Option<&str>) -> (String, f64, Prediction) {
        let raw = m.probabilities(text, target);
        let &(best, p) = raw
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .expect("labels");
        let got = m
            .predict(&linfa::DatasetBase::new(
                Queries::each_toward([text], &[target]),
                (),
            ))
            .remove(0);
        let reference = m.predict_reference(text, target);
        assert_eq!(got.label, reference.label, "{text}");
        let names =
            |p: &Prediction| -> Vec<String> { p.evidence.iter().map(|e| e.0.clone()).collect() };
        assert_eq!(names(&got), names(&reference), "{text}");
        (best.to_string(), p, got)
    }

    /// Checks each of `candidates` alone toward `target`: a position below
    /// `floor` becomes `none` with `evidence` and the other labels'
    /// probability as its confidence; any other label is kept, without that
    /// evidence. Both cases must occur. Returns the candidates cut off.
    fn floored<'t>(
        m: &StanceModel,
        candidates: &[&'t str],
        target: Option<&str>,
        floor: f64,
        evidence: &str,
    ) -> Vec<&'t str> {
        let (mut dropped, mut kept) = (Vec::new(), 0);
        for &text in candidates {
            let (best, p, got) = alone(m, text, target);
            if best != NONE && p < floor {
                dropped.push(text);
                assert_eq!(got.label, NONE, "{text}");
                assert_eq!(got.evidence[0].0, evidence, "{text}");
                assert!((got.confidence - (1.0 - p)).abs() < 1e-9, "{text}");
            } else {
                kept += 1;
                assert_eq!(got.label, best, "{text}");
                assert!(got.evidence.iter().all(|e| e.0 != evidence), "{text}");
            }
        }
        // Both cases are exercised.
        assert!(
            !dropped.is_empty() && kept > 0,
            "dropped {}, kept {kept}",
            dropped.len()
        );
        dropped
    }

    #[test]
    fn a_sentence_far_from_a_declared_target_keeps_only_a_sure_position() {
        let m = default_model();
        let targets = [Some("sanctions")];
        let candidates = [
            "It is time for pressure that truly hurts.",
            "It is not a solution, she said.",
            "That is the only language they understand.",
            "We cannot accept this.",
            "This would be a disaster for everyone.",
            "The measures must be tightened at once.",
            "They have failed, and everyone knows it.",
            "Nobody here wants that.",
            "It is high time for pressure.",
            "The pressure should be increased.",
            "The new measures are welcome.",
            "The restrictions are unjustified.",
            "The measures should be eased.",
        ];
        for text in floored(&m, &candidates, targets[0], FAR_MIN_CONFIDENCE, FAR) {
            // Right after a sentence about the target it is read.
            let doc = m.predict(&linfa::DatasetBase::new(
                Queries::document(["Washington demanded new sanctions.", text], &targets),
                (),
            ));
            assert!(doc[1].evidence.iter().all(|e| e.0 != FAR), "{text}");
        }
    }

    #[test]
    fn a_position_toward_a_declared_target_needs_more_than_even_odds() {
        let m = default_model();
        let targets = [Some("sanctions")];
        let candidates = [
            "The sanctions were discussed at length on Monday.",
            "Officials said the sanctions might be reviewed.",
            "The sanctions hit exporters hard, traders said.",
            "Some argue the sanctions could work if enforced.",
            "Sanctions are not the only tool, she said.",
            "The embargo stays, the ministry said.",
            "We strongly support the new sanctions.",
            "The sanctions have failed and must be lifted.",
            "Will the sanctions change anything?",
            "Sanctions, he said, are a blunt instrument.",
            "The sanctions list grew by a dozen names.",
            "Whether sanctions help remains an open question.",
            "The embargo was tightened, then eased, then tightened again.",
            "Some ministers doubt the sanctions, others defend them.",
            // Praise and blame in one sentence: the model is rarely sure.
            "Some praise the sanctions, some condemn them.",
            "The sanctions have been praised and criticised in equal measure.",
            "The embargo was welcomed in the capital and condemned abroad.",
            "The sanctions are good for some and bad for others.",
        ];
        floored(&m, &candidates, targets[0], MIN_POSITION, UNSURE);
        // An undeclared target keeps its most probable label at any odds.
        let (best, _, got) = alone(
            &m,
            "Officials said the levy might be reviewed.",
            Some("levy"),
        );
        assert_eq!(got.label, best);
    }

    #[test]
    fn a_sentence_naming_a_target_only_by_weak_terms_keeps_only_a_sure_position() {
        let m = default_model();
        let terms = &m.vectorizer.target_terms()["military_action"];
        assert!(terms.iter().any(|t| t == "~war"), "{terms:?}");
        let candidates = [
            "The war has cost the region dearly.",
            "Since the war began, exports have halved.",
            "Nobody here wants a war.",
            "War is never the answer, the minister said.",
            "The strikes hit a depot near the border.",
            "Airstrikes resumed overnight, residents said.",
            "They argued that a war would be a catastrophe.",
            "Some say the strikes were justified.",
            "He called the war a crime against the people.",
            "We will not rule out strikes.",
            "The war must end now.",
            "Democracies rarely go to war with each other.",
        ];
        floored(
            &m,
            &candidates,
            Some("military_action"),
            WEAK_MIN_CONFIDENCE,
            WEAK,
        );
        // A strong term beside the weak one: the usual bar.
        let text = "Since the war began, military action has been on the table.";
        let p = alone(&m, text, Some("military_action")).2;
        assert!(p.evidence.iter().all(|e| e.0 != WEAK), "{p:?}");
    }

    #[test]
    fn an_undeclared_target_is_never_cut_off() {
        let m = default_model();
        let targets = [Some("minimum wage")];
        let q = Queries::each_toward(["The council rejected the plan outright."], &targets);
        let p: Vec<Prediction> = m.predict(&linfa::DatasetBase::new(q, ()));
        assert!(p[0].evidence.iter().all(|e| e.0 != NOT_ABOUT));
    }
}
