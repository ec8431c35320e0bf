//! `X, <description>, said`: subjects separated from their verb by a comma chunk.

use super::{is_number, Np, Syntax, MAX_CHUNK};
use crate::tokens::{self as cls, Kind};

impl<'a> Syntax<'a> {
    /// `X, <description>, said`: `jc` is the comma before the verb.
    pub(super) fn comma_np(&self, jc: usize, floor: usize, depth: u8) -> Option<Np> {
        if depth > 3 || jc <= floor {
            return None;
        }
        let p_end = jc - 1;
        let mut b = p_end;
        while b > floor && p_end - b < MAX_CHUNK {
            let q = &self.toks[b - 1];
            let boundary = q.quoted
                || matches!(q.kind, Kind::Open | Kind::Close)
                || matches!(q.kind, Kind::Punct(c) if matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')'));
            if boundary {
                break;
            }
            b -= 1;
        }
        let first = self.tok(b)?;
        let comma_before = b > floor + 1 && self.tok(b - 1).is_some_and(|q| q.is_punct(','));
        // `X, however, endorsed`: a sentence adverb set off by commas.
        if comma_before
            && b == p_end
            && first.is_word()
            && !first.cap
            && first.in_list(cls::LEADING | cls::SKIP)
            && self.word(b - 2).is_some()
        {
            return self.left_np(b - 2, floor, depth + 1);
        }
        // An appositive that is a name.
        let pure = (b..=p_end).all(|k| {
            let t = &self.toks[k];
            !t.quoted
                && (t.kind == Kind::Poss
                    || (t.is_word()
                        && (t.cap || t.abbr || t.initial || t.in_list(cls::CONNECT) || t.title())))
        });
        // A lowercase connector (`Chairman of the Iodine Deficiency
        // Council`) makes a role, unless the name starts with a first name.
        let connected = (b..=p_end).any(|k| self.toks[k].is_word() && !self.toks[k].cap);
        if pure && self.capword(b) {
            if let Some(Np::Person {
                name,
                gender,
                mut roles,
            }) = self.person_in(b, p_end).filter(|np| {
                !connected
                    || matches!(np, Np::Person { name, .. } if name.first().is_some_and(|f| {
                        self.lex.first_name_gender(&f.to_lowercase()).is_some()
                    }))
            }) {
                let mut gender = gender;
                if comma_before {
                    // Roles and gender from the description before it.
                    let mut c = b - 1;
                    while c > floor && !self.toks[c - 1].is_punct(',') && !self.toks[c - 1].quoted {
                        c -= 1;
                        let t = &self.toks[c];
                        if t.is_word() && t.title() {
                            roles.push(t.lower.trim_end_matches('.').to_string());
                            gender = gender.or(self.lex.title_gender(t.lower));
                        }
                    }
                }
                return Some(Np::Person {
                    name,
                    gender,
                    roles,
                });
            }
        }
        let description = first.in_list(cls::DESCRIPTION)
            || is_number(first)
            || first.in_list(cls::PREP)
            || (first.is_word()
                && !first.cap
                && (first.lower.ends_with("ing") || first.lower.ends_with("ed")))
            || (self.capword(b) && self.toks.get(b + 1).is_some_and(|n| n.kind == Kind::Poss));
        if !comma_before {
            return None;
        }
        // `X, Panama coach, said`, `X, editor at the Gazette, said`: a chunk
        // naming a role or body describes a person named before it.
        // A chunk may open with `and` (`X, director of Y, and chairman of Z,
        // said`); post-nominal letters (`X, SC, said`) describe a person too.
        let rb = if self.word(b).is_some_and(|w| w.lower == "and") {
            b + 1
        } else {
            b
        };
        // Post-nominal letters or a place (`X, SC, said`; `X, curator at Y, Fayetteville, said`).
        let letters = (rb..=p_end).all(|k| self.capword(k) || self.toks[k].kind == Kind::Poss);
        let role_chunk = !description
            && !self.headline
            && rb <= p_end
            && (letters
                || (rb..=p_end).any(|k| {
                    let t = &self.toks[k];
                    t.is_word() && (t.title() || t.org())
                }))
            && !(rb..=p_end).any(|k| {
                let t = &self.toks[k];
                t.is_word() && (t.verb() || t.in_list(cls::BE))
            });
        // `X, Republican from Texas, issued`: a short chunk opening with a
        // capitalised word and without a verb describes a person named
        // before it (checked below).
        let loose = !description
            && !role_chunk
            && !self.headline
            && rb <= p_end
            && p_end - rb < 6
            && self.capword(rb)
            && !(rb..=p_end).any(|k| {
                let t = &self.toks[k];
                t.is_word() && (t.verb() || t.in_list(cls::BE | cls::BLOCKER))
            });
        if !description && !role_chunk && !loose {
            return None;
        }
        let c_end = b - 2;
        let np = if self.tok(c_end).is_some_and(|t| t.is_word()) {
            self.left_np(c_end, floor, depth + 1)
        } else {
            None
        };
        if loose && !matches!(np, Some(Np::Person { .. })) {
            return None;
        }
        if role_chunk && !matches!(np, Some(Np::Person { .. })) {
            // Several chunks: `X, director of Y, and chairman of Z, said`.
            return self
                .comma_np(b - 1, floor, depth + 1)
                .filter(|np| matches!(np, Np::Person { .. }));
        }
        let roles_from_p = || -> Vec<String> {
            (b..=p_end)
                .filter(|&k| self.toks[k].is_word() && self.toks[k].title())
                .map(|k| self.toks[k].lower.trim_end_matches('.').to_string())
                .collect()
        };
        match np {
            Some(Np::Person {
                name,
                gender,
                mut roles,
            }) => {
                roles.extend(roles_from_p());
                Some(Np::Person {
                    name,
                    gender,
                    roles,
                })
            }
            // A document `presented by X`: its author.
            _ if self.word(c_end).is_some_and(|w| w.doc()) => {
                let by = (b..p_end).find(|&k| self.word(k).is_some_and(|w| w.lower == "by"));
                match by {
                    Some(k) if k > b => self.left_np(p_end, k + 1, depth + 1).or(np),
                    _ => np,
                }
            }
            None if self.tok(c_end).is_some_and(|t| t.is_punct(',')) => {
                self.comma_np(c_end, floor, depth + 1)
            }
            other => other,
        }
    }
}
