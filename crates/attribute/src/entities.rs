//! Speakers of one article and their canonical names.
//!
//! - People: `Nikki Haley`, `Haley`, `Ms. Haley`, `Ambassador Haley` are one
//!   person (a single name matches the last, else the first, word of a full
//!   name; a full name seen later upgrades an earlier bare surname).
//! - Collectives: same name ignoring case and a leading `the`; an acronym
//!   matches the initials of a longer name (`E.U.` = `European Union`); a
//!   shorter name that ends a longer one is the same body
//!   (`State Department` = `U.S. State Department`).
//! - The canonical name is the longest name of the merged set.

use std::collections::{BTreeMap, BTreeSet};

use crate::grammar::Gender;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EKind {
    Person,
    Collective,
    Group,
}

#[derive(Debug, Clone)]
pub(crate) struct Entity {
    pub(crate) name: String,
    pub(crate) kind: EKind,
    pub(crate) gender: Option<Gender>,
    pub(crate) roles: BTreeSet<String>,
    /// Last sentence that mentioned it.
    pub(crate) last_seen: usize,
    /// Has been the subject of a frame (a speaker).
    pub(crate) spoke: bool,
    tokens: Vec<String>,
    members: Vec<usize>,
}

/// The article's entity table (union-find over entity ids).
#[derive(Debug, Default)]
pub(crate) struct Entities {
    ents: Vec<Entity>,
    parent: Vec<usize>,
    by_full: BTreeMap<String, usize>,
    by_token: BTreeMap<String, Vec<usize>>,
    by_initials: BTreeMap<String, Vec<usize>>,
    by_head: BTreeMap<String, Vec<usize>>,
    by_role: BTreeMap<String, Vec<usize>>,
}

fn initials(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() == 1 {
        // `E.U.`, `U.K.`
        let w = words[0];
        if w.contains('.') {
            let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect();
            if letters.chars().count() >= 2 && letters.chars().all(char::is_uppercase) {
                return Some(letters.to_lowercase());
            }
        }
        return None;
    }
    let caps: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    if caps.len() < 2
        || caps.len()
            != words
                .iter()
                .filter(|w| !matches!(**w, "of" | "the" | "and" | "for"))
                .count()
    {
        return None;
    }
    Some(
        caps.iter()
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_lowercase)
            .collect(),
    )
}

fn key(name: &str) -> String {
    let lower = name.to_lowercase();
    lower.strip_prefix("the ").unwrap_or(&lower).to_string()
}

impl Entities {
    pub(crate) fn root(&self, mut id: usize) -> usize {
        while self.parent[id] != id {
            id = self.parent[id];
        }
        id
    }

    pub(crate) fn get(&self, id: usize) -> &Entity {
        &self.ents[self.root(id)]
    }

    pub(crate) fn get_mut(&mut self, id: usize) -> &mut Entity {
        let r = self.root(id);
        &mut self.ents[r]
    }

    fn push(&mut self, e: Entity) -> usize {
        let id = self.ents.len();
        self.ents.push(e);
        self.parent.push(id);
        id
    }

    /// Merges `b` into `a`; the longer name wins.
    fn union(&mut self, a: usize, b: usize) -> usize {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb {
            return ra;
        }
        let eb = self.ents[rb].clone();
        let ea = &mut self.ents[ra];
        if eb.name.chars().count() > ea.name.chars().count() {
            ea.name = eb.name;
            ea.tokens = eb.tokens;
        }
        ea.gender = ea.gender.or(eb.gender);
        ea.roles.extend(eb.roles);
        ea.last_seen = ea.last_seen.max(eb.last_seen);
        self.parent[rb] = ra;
        ra
    }

    /// Whether a lowercase single word is part of a known person's name.
    pub(crate) fn known_person(&self, lower: &str) -> bool {
        self.by_token
            .get(lower)
            .is_some_and(|ids| ids.iter().any(|&i| self.get(i).kind == EKind::Person))
    }

    /// A person mention.
    pub(crate) fn person(
        &mut self,
        name: &[String],
        gender: Option<Gender>,
        roles: &[String],
        sentence: usize,
    ) -> usize {
        let tokens: Vec<String> = name.iter().map(|t| t.to_lowercase()).collect();
        let full = tokens.join(" ");
        let id = if let Some(&id) = self.by_full.get(&full) {
            id
        } else if tokens.len() == 1 {
            let t = &tokens[0];
            let found = self.by_token.get(t).and_then(|ids| {
                let persons = || {
                    ids.iter()
                        .rev()
                        .copied()
                        .filter(|&i| self.get(i).kind == EKind::Person)
                };
                // A bare surname shared by several people: the one who has
                // spoken, else the latest.
                let surname = |i: usize| self.get(i).tokens.last() == Some(t);
                persons()
                    .find(|&i| surname(i) && self.get(i).spoke)
                    .or_else(|| persons().find(|&i| surname(i)))
                    .or_else(|| persons().find(|&i| self.get(i).tokens.first() == Some(t)))
            });
            match found {
                Some(id) => id,
                None => self.new_person(name, tokens, full),
            }
        } else {
            let id = self.new_person(name, tokens.clone(), full);
            // A bare surname seen earlier is this person.
            let last = tokens.last().cloned().unwrap_or_default();
            let earlier: Vec<usize> = self
                .by_token
                .get(&last)
                .map(|ids| {
                    ids.iter()
                        .copied()
                        .filter(|&i| {
                            let e = self.get(i);
                            e.kind == EKind::Person
                                && e.tokens.len() == 1
                                && self.root(i) != self.root(id)
                        })
                        .collect()
                })
                .unwrap_or_default();
            for e in earlier {
                self.union(id, e);
            }
            id
        };
        let e = self.get_mut(id);
        e.gender = e.gender.or(gender);
        e.last_seen = e.last_seen.max(sentence);
        for r in roles {
            self.add_role(id, r);
        }
        id
    }

    /// Records a role (`envoy`, `statement`) for an entity.
    pub(crate) fn add_role(&mut self, id: usize, role: &str) {
        if self.get_mut(id).roles.insert(role.to_string()) {
            self.by_role.entry(role.to_string()).or_default().push(id);
        }
    }

    fn new_person(&mut self, name: &[String], tokens: Vec<String>, full: String) -> usize {
        let id = self.push(Entity {
            name: name.join(" "),
            kind: EKind::Person,
            gender: None,
            roles: BTreeSet::new(),
            last_seen: 0,
            spoke: false,
            tokens: tokens.clone(),
            members: Vec::new(),
        });
        self.by_full.insert(full, id);
        if let Some(l) = tokens.last() {
            self.by_token.entry(l.clone()).or_default().push(id);
        }
        if tokens.len() > 1 {
            if let Some(f) = tokens.first() {
                self.by_token.entry(f.clone()).or_default().push(id);
            }
        }
        id
    }

    /// A collective mention (`Russia`, `the White House`, `E.U.`).
    pub(crate) fn collective(&mut self, name: &str, sentence: usize) -> usize {
        let name = name
            .strip_prefix("the ")
            .or(name.strip_prefix("The "))
            .unwrap_or(name);
        let k = key(name);
        let id = if let Some(&id) = self.by_full.get(&k) {
            id
        } else {
            let head = k.rsplit(' ').next().unwrap_or("").to_string();
            let id = self.push(Entity {
                name: name.to_string(),
                kind: EKind::Collective,
                gender: None,
                roles: BTreeSet::new(),
                last_seen: sentence,
                spoke: false,
                tokens: Vec::new(),
                members: Vec::new(),
            });
            self.by_full.insert(k.clone(), id);
            if let Some(ini) = initials(name) {
                let same: Vec<usize> = self.by_initials.get(&ini).cloned().unwrap_or_default();
                for other in same {
                    if self.get(other).kind == EKind::Collective {
                        self.union(other, id);
                    }
                }
                self.by_initials.entry(ini).or_default().push(id);
            }
            let suffix_of: Vec<usize> = self
                .by_head
                .get(&head)
                .map(|ids| {
                    ids.iter()
                        .copied()
                        .filter(|&i| {
                            let other = key(&self.ents[i].name);
                            other.ends_with(&format!(" {k}")) || k.ends_with(&format!(" {other}"))
                        })
                        .collect()
                })
                .unwrap_or_default();
            for other in suffix_of {
                self.union(other, id);
            }
            self.by_head.entry(head).or_default().push(id);
            id
        };
        let e = self.get_mut(id);
        e.last_seen = e.last_seen.max(sentence);
        id
    }

    /// A group of named entities (`Brazil, Mexico and Ecuador`).
    pub(crate) fn group(&mut self, members: Vec<usize>, sentence: usize) -> usize {
        self.push(Entity {
            name: String::new(),
            kind: EKind::Group,
            gender: None,
            roles: BTreeSet::new(),
            last_seen: sentence,
            spoke: false,
            tokens: Vec::new(),
            members,
        })
    }

    /// Most recently seen entity with this role or collective head word.
    /// `org_head`: the head word names organizations (`ministry`), so it may
    /// match the last word of a collective's name.
    pub(crate) fn by_role(&self, head: &str, org_head: bool) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        let with_role = self.by_role.get(head).into_iter().flatten();
        let with_head = self
            .by_head
            .get(&head.to_lowercase())
            .into_iter()
            .flatten()
            .filter(|_| org_head);
        for &candidate in with_role.chain(with_head) {
            let id = self.root(candidate);
            let e = &self.ents[id];
            let head_match = org_head
                && e.kind == EKind::Collective
                && e.name
                    .rsplit(' ')
                    .next()
                    .is_some_and(|w| w.eq_ignore_ascii_case(head));
            if (head_match || e.roles.contains(head))
                && best.map_or(true, |(seen, _)| e.last_seen >= seen)
            {
                best = Some((e.last_seen, id));
            }
        }
        best.map(|(_, id)| id)
    }

    /// What kind of speaker an entity is.
    pub(crate) fn speaker_kind(&self, id: usize) -> crate::SpeakerKind {
        let e = self.get(id);
        match e.kind {
            EKind::Person => crate::SpeakerKind::Person,
            EKind::Collective => crate::SpeakerKind::Organisation,
            EKind::Group => {
                if e.members.iter().all(|&m| self.get(m).kind == EKind::Person) {
                    crate::SpeakerKind::Person
                } else {
                    crate::SpeakerKind::Organisation
                }
            }
        }
    }

    /// The canonical name of an entity.
    pub(crate) fn canonical(&self, id: usize) -> String {
        let e = self.get(id);
        if e.kind == EKind::Group {
            let names: Vec<String> = e.members.iter().map(|&m| self.canonical(m)).collect();
            return match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                Some((last, _)) => last.clone(),
                None => String::new(),
            };
        }
        e.name.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn surname_title_and_full_name_are_one_person() {
        let mut e = Entities::default();
        let a = e.person(&s(&["Nikki", "Haley"]), None, &[], 0);
        let b = e.person(&s(&["Haley"]), Some(Gender::Female), &s(&["ambassador"]), 1);
        assert_eq!(e.root(a), e.root(b));
        assert_eq!(e.canonical(b), "Nikki Haley");
        assert_eq!(e.get(a).gender, Some(Gender::Female));
    }

    #[test]
    fn surname_before_full_name_is_upgraded() {
        let mut e = Entities::default();
        let a = e.person(&s(&["Haley"]), None, &[], 0);
        let b = e.person(&s(&["Nikki", "Haley"]), None, &[], 1);
        assert_eq!(e.canonical(a), "Nikki Haley");
        assert_eq!(e.root(a), e.root(b));
    }

    #[test]
    fn family_name_first_matches_first_token() {
        let mut e = Entities::default();
        let a = e.person(&s(&["Wen", "Lihua"]), None, &[], 0);
        let wen = e.person(&s(&["Wen"]), None, &[], 1);
        assert_eq!(e.root(wen), e.root(a));
    }

    #[test]
    fn acronyms_and_suffixes_merge_collectives() {
        let mut e = Entities::default();
        let eu = e.collective("E.U.", 0);
        let long = e.collective("European Union", 1);
        assert_eq!(e.canonical(eu), "European Union");
        assert_eq!(e.root(eu), e.root(long));
        let sd = e.collective("U.S. State Department", 2);
        let short = e.collective("State Department", 3);
        assert_eq!(e.root(sd), e.root(short));
        assert_eq!(e.canonical(short), "U.S. State Department");
        let russia = e.collective("Russia", 4);
        assert_ne!(e.root(russia), e.root(sd));
    }

    #[test]
    fn groups_join_member_names() {
        let mut e = Entities::default();
        let m = vec![
            e.collective("Brazil", 0),
            e.collective("Mexico", 0),
            e.collective("Ecuador", 0),
        ];
        let g = e.group(m, 0);
        assert_eq!(e.canonical(g), "Brazil, Mexico and Ecuador");
    }
}
