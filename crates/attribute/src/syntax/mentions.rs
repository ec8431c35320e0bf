//! Named people and collectives mentioned in a sentence (pronoun antecedents).

use super::{Mention, Np, Syntax};
use crate::tokens::{self as cls, Kind};

impl<'a> Syntax<'a> {
    /// Named people and collectives mentioned outside quotes (for pronouns
    /// and `its`), with the subject of each frame marked separately.
    pub(crate) fn mentions(&self) -> Vec<Mention> {
        let mut out = Vec::new();
        if self.headline {
            return out;
        }
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            if !self.capword(i) {
                i += 1;
                continue;
            }
            // Find the end of this chain.
            let mut e = i;
            loop {
                if self.capword(e + 1) {
                    e += 1;
                } else if self.tok(e + 1).is_some_and(|t| t.kind == Kind::Poss)
                    && self.capword(e + 2)
                {
                    e += 2;
                } else if self
                    .word(e + 1)
                    .is_some_and(|w| !w.cap && matches!(w.lower, "of" | "for"))
                    && self.capword(e + 2)
                    && self.toks[e].org()
                {
                    // `the Municipality of Arnvik`: a body's name goes on.
                    e += 2;
                } else {
                    break;
                }
            }
            let mut a = i;
            i = e + 1;
            // `For Kevin Allton, …`, `In Paris …`: an opening preposition.
            while a < e && self.word(a).is_some_and(|w| w.in_list(cls::PREP)) {
                a += 1;
            }
            let Some(np) = self.classify_chain(a, e) else {
                continue;
            };
            let before = a.checked_sub(1).and_then(|k| self.tok(k));
            let after = self.tok(e + 1);
            let appositive = before.is_some_and(|t| t.is_punct(','))
                && after.map_or(true, |t| t.is_punct(',') || t.is_punct('.'));
            let possessor = after.is_some_and(|t| t.kind == Kind::Poss);
            let initial = a == 0 || before.is_some_and(|t| t.kind == Kind::Punct('—'));
            match &np {
                Np::Person { name, roles, .. } => {
                    let titled = !roles.is_empty();
                    let known = name.len() == 1 && (self.known_person)(&name[0].to_lowercase());
                    let first_name = name.len() >= 2
                        && self
                            .lex
                            .first_name_gender(&name[0].to_lowercase())
                            .is_some();
                    if titled || known || appositive || first_name || (initial && name.len() >= 2) {
                        out.push(Mention {
                            np,
                            pos: self.toks[a].start,
                            subject: initial,
                        });
                    }
                }
                Np::Collective { .. } if possessor || initial => {
                    out.push(Mention {
                        np,
                        pos: self.toks[a].start,
                        subject: initial,
                    });
                }
                _ => {}
            }
        }
        out
    }
}
