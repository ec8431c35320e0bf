//! Hand-written gold attributions and scoring against them.
//!
//! One tab-separated file per article, `#` lines are comments:
//!
//! ```text
//! # index  speaker        via       in_quote  text (first 60 chars)
//! 0        -              -         none      Security Council Splits Over Sanctions
//! 3        Nikki Haley    direct    full      “Every resolution we have passed has been
//! ```
//!
//! `-` is an empty speaker or via. The text column holds the start of the
//! sentence (whitespace collapsed), so that a change in segmentation fails
//! with a message naming the sentence instead of silently shifting labels.

use std::collections::BTreeMap;

use crate::{AttributeError, Attribution, InQuote, Result, Via};

/// Characters of sentence text stored in a gold row.
pub const TEXT_PREFIX: usize = 60;

/// One gold row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldRow {
    /// Sentence index.
    pub index: usize,
    /// Expected canonical speaker.
    pub speaker: Option<String>,
    /// Expected `speaker_via`.
    pub via: Option<Via>,
    /// Expected `in_quote`.
    pub in_quote: InQuote,
    /// Start of the sentence text.
    pub text: String,
}

/// The stored form of a sentence's text: whitespace collapsed, tabs removed,
/// the first [`TEXT_PREFIX`] characters, no trailing space.
pub fn text_key(sentence: &str) -> String {
    let prefix: String = sentence
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(TEXT_PREFIX)
        .collect();
    prefix.trim_end().to_string()
}

/// Parses a gold file.
pub fn parse(content: &str) -> Result<Vec<GoldRow>> {
    let mut rows = Vec::new();
    for (n, line) in content.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |message: String| AttributeError::Gold {
            line: line_no,
            message,
        };
        let fields: Vec<&str> = line.splitn(5, '\t').collect();
        if fields.len() != 5 {
            return Err(err(format!(
                "expected 5 tab-separated fields, found {}",
                fields.len()
            )));
        }
        let index: usize = fields[0]
            .trim()
            .parse()
            .map_err(|_| err(format!("bad index {:?}", fields[0])))?;
        if index != rows.len() {
            return Err(err(format!("expected index {}, found {index}", rows.len())));
        }
        let speaker = match fields[1].trim() {
            "-" | "" => None,
            s => Some(s.to_string()),
        };
        let via = match fields[2].trim() {
            "-" | "" => None,
            v => Some(Via::parse(v).ok_or_else(|| err(format!("bad via {v:?}")))?),
        };
        if speaker.is_some() != via.is_some() {
            return Err(err("speaker and via must be both set or both `-`".into()));
        }
        let q = fields[3].trim();
        let in_quote = InQuote::parse(q).ok_or_else(|| err(format!("bad in_quote {q:?}")))?;
        rows.push(GoldRow {
            index,
            speaker,
            via,
            in_quote,
            text: fields[4].trim().to_string(),
        });
    }
    Ok(rows)
}

/// Renders rows in the gold format (used to draft a file for annotation).
pub fn render(article: &str, rows: &[GoldRow]) -> String {
    let mut out = format!(
        "# attribution gold for {article}\n# index\tspeaker\tvia\tin_quote\ttext (first {TEXT_PREFIX} chars)\n"
    );
    for r in rows {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            r.index,
            r.speaker.as_deref().unwrap_or("-"),
            r.via.map_or("-", Via::as_str),
            r.in_quote.as_str(),
            r.text
        ));
    }
    out
}

/// Counts for one gold `speaker_via` class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassScore {
    /// Sentences with this gold class.
    pub total: usize,
    /// Of those, with the right speaker (empty counts when both are empty).
    pub speaker_correct: usize,
    /// Of those, with the right speaker and the right via.
    pub via_correct: usize,
}

/// One wrong speaker, for error reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// Sentence index.
    pub index: usize,
    /// Gold speaker and via.
    pub gold: (Option<String>, Option<Via>),
    /// Predicted speaker and via.
    pub found: (Option<String>, Option<Via>),
    /// Start of the sentence.
    pub text: String,
}

/// Scores of one or more articles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Score {
    /// Per gold class: `direct`, `indirect`, `pronoun`, `continuation`, `empty`.
    pub per_class: BTreeMap<String, ClassScore>,
    /// Sentences whose `in_quote` matched.
    pub in_quote_correct: usize,
    /// Speaker errors.
    pub misses: Vec<Miss>,
}

impl Score {
    /// All sentences.
    pub fn total(&self) -> usize {
        self.per_class.values().map(|c| c.total).sum()
    }

    /// Sentences with the right speaker.
    pub fn speaker_correct(&self) -> usize {
        self.per_class.values().map(|c| c.speaker_correct).sum()
    }

    /// Sentences with the right speaker and via.
    pub fn via_correct(&self) -> usize {
        self.per_class.values().map(|c| c.via_correct).sum()
    }

    /// Speaker accuracy in 0..1 (1 when empty).
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_correct(), self.total())
    }

    /// Adds another score.
    pub fn merge(&mut self, other: Score) {
        for (k, c) in other.per_class {
            let e = self.per_class.entry(k).or_default();
            e.total += c.total;
            e.speaker_correct += c.speaker_correct;
            e.via_correct += c.via_correct;
        }
        self.in_quote_correct += other.in_quote_correct;
        self.misses.extend(other.misses);
    }
}

/// `a / b`, or 1 when `b` is 0.
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores predictions for one article against its gold rows; `texts` are the
/// current sentence texts, checked against the stored prefixes first.
pub fn score(gold: &[GoldRow], predicted: &[Attribution], texts: &[&str]) -> Result<Score> {
    if gold.len() != texts.len() || predicted.len() != texts.len() {
        return Err(AttributeError::Count {
            gold: gold.len(),
            found: texts.len(),
        });
    }
    for (g, t) in gold.iter().zip(texts) {
        let key = text_key(t);
        if key != g.text {
            return Err(AttributeError::Misaligned {
                index: g.index,
                gold: g.text.clone(),
                found: key,
            });
        }
    }
    let mut s = Score::default();
    for (g, p) in gold.iter().zip(predicted) {
        let class = g.via.map_or("empty", Via::as_str).to_string();
        let c = s.per_class.entry(class).or_default();
        c.total += 1;
        let speaker_ok = g.speaker == p.speaker;
        if speaker_ok {
            c.speaker_correct += 1;
            if g.via == p.via {
                c.via_correct += 1;
            }
        } else {
            s.misses.push(Miss {
                index: g.index,
                gold: (g.speaker.clone(), g.via),
                found: (p.speaker.clone(), p.via),
                text: g.text.clone(),
            });
        }
        if g.in_quote == p.in_quote {
            s.in_quote_correct += 1;
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_validation() {
        let rows = vec![
            GoldRow {
                index: 0,
                speaker: None,
                via: None,
                in_quote: InQuote::None,
                text: "Headline".into(),
            },
            GoldRow {
                index: 1,
                speaker: Some("Ana Ruiz".into()),
                via: Some(Via::Direct),
                in_quote: InQuote::Full,
                text: "“Yes,” Ruiz said.".into(),
            },
        ];
        let text = render("a.txt", &rows);
        assert_eq!(parse(&text).unwrap(), rows);
        assert!(matches!(
            parse("0\tX\t-\tnone\tt"),
            Err(AttributeError::Gold { line: 1, .. })
        ));
        assert!(matches!(
            parse("1\t-\t-\tnone\tt"),
            Err(AttributeError::Gold { .. })
        ));
        assert!(matches!(
            parse("0\t-\t-\tmaybe\tt"),
            Err(AttributeError::Gold { .. })
        ));
    }

    #[test]
    fn misaligned_text_is_reported_with_both_texts() {
        let gold = parse("0\t-\t-\tnone\tThe council met.").unwrap();
        let err = score(
            &gold,
            &[Attribution::default()],
            &["The council adjourned."],
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("The council met.") && msg.contains("The council adjourned."),
            "{msg}"
        );
    }

    #[test]
    fn empty_speakers_count_and_classes_split() {
        let gold = parse("0\t-\t-\tnone\tA\n1\tAna Ruiz\tindirect\tnone\tB").unwrap();
        let pred = vec![
            Attribution::default(),
            Attribution {
                speaker: Some("Ana Ruiz".into()),
                via: Some(Via::Direct),
                kind: crate::SpeakerKind::Person,
                in_quote: InQuote::None,
            },
        ];
        let s = score(&gold, &pred, &["A", "B"]).unwrap();
        assert_eq!(s.speaker_correct(), 2);
        assert_eq!(s.via_correct(), 1);
        assert_eq!(s.per_class["empty"].speaker_correct, 1);
        assert_eq!(s.per_class["indirect"].via_correct, 0);
        assert_eq!(s.in_quote_correct, 2);
    }
}
