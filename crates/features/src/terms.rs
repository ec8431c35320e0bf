//! Fast term lookup: n-grams are found by a seeded xxh3 hash of their text,
//! then checked against the stored term, so no key string is built per lookup.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use xxhash_rust::xxh3::{xxh3_64_with_seed, Xxh3DefaultBuilder};

/// Word or character n-gram; stored terms carry the prefix `w:` or `c:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Char,
}

impl Kind {
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Kind::Word => "w:",
            Kind::Char => "c:",
        }
    }

    fn seed(self) -> u64 {
        match self {
            Kind::Word => 0x5354_414e_4457,
            Kind::Char => 0x5354_414e_4443,
        }
    }

    fn hash(self, s: &str) -> u64 {
        xxh3_64_with_seed(s.as_bytes(), self.seed())
    }
}

/// A hasher for keys that already are hashes.
#[derive(Default)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Marks a hash shared by two different terms: look in `spill` instead.
const SHARED: u32 = u32::MAX;

/// Maps n-grams to ids `0..keys.len()`; the keys (`w:...`, `c:...`) live with
/// the caller, which passes them to every call.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermTable {
    by_hash: HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>,
    spill: HashMap<String, u32, Xxh3DefaultBuilder>,
}

fn is_key(key: &str, kind: Kind, s: &str) -> bool {
    // Length and the two prefix bytes first: most misses end there, without
    // a call to memcmp.
    let (k, p) = (key.as_bytes(), kind.prefix().as_bytes());
    k.len() == s.len() + 2 && k[0] == p[0] && k[1] == p[1] && &k[2..] == s.as_bytes()
}

impl TermTable {
    /// A table over existing keys (ids are positions in `keys`).
    pub(crate) fn build(keys: &[String]) -> TermTable {
        let mut t = TermTable::default();
        for (id, key) in keys.iter().enumerate() {
            let (kind, s) = match key.split_at_checked(2) {
                Some(("w:", s)) => (Kind::Word, s),
                Some(("c:", s)) => (Kind::Char, s),
                _ => continue,
            };
            t.insert(keys, kind, s, kind.hash(s), id as u32);
        }
        t
    }

    /// The id of an n-gram, if it is a key.
    pub(crate) fn get(&self, keys: &[String], kind: Kind, s: &str) -> Option<u32> {
        match self.by_hash.get(&kind.hash(s)) {
            None => None,
            Some(&SHARED) => self.spill.get(&format!("{}{s}", kind.prefix())).copied(),
            Some(&id) => is_key(&keys[id as usize], kind, s).then_some(id),
        }
    }

    /// The id of an n-gram, adding it to `keys` if it is new.
    pub(crate) fn intern(&mut self, keys: &mut Vec<String>, kind: Kind, s: &str) -> u32 {
        let h = kind.hash(s);
        match self.by_hash.get(&h) {
            Some(&SHARED) => {
                if let Some(&id) = self.spill.get(&format!("{}{s}", kind.prefix())) {
                    return id;
                }
            }
            Some(&id) if is_key(&keys[id as usize], kind, s) => return id,
            _ => {}
        }
        let id = keys.len() as u32;
        keys.push(format!("{}{s}", kind.prefix()));
        self.insert(keys, kind, s, h, id);
        id
    }

    fn insert(&mut self, keys: &[String], kind: Kind, s: &str, h: u64, id: u32) {
        match self.by_hash.get(&h).copied() {
            None => {
                self.by_hash.insert(h, id);
            }
            Some(SHARED) => {
                self.spill.insert(format!("{}{s}", kind.prefix()), id);
            }
            Some(other) => {
                self.spill.insert(keys[other as usize].clone(), other);
                self.spill.insert(format!("{}{s}", kind.prefix()), id);
                self.by_hash.insert(h, SHARED);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intern_and_get() {
        let mut keys = Vec::new();
        let mut t = TermTable::default();
        let a = t.intern(&mut keys, Kind::Word, "sanctions");
        let b = t.intern(&mut keys, Kind::Char, "sanctions");
        assert_ne!(a, b);
        assert_eq!(t.intern(&mut keys, Kind::Word, "sanctions"), a);
        assert_eq!(keys, ["w:sanctions", "c:sanctions"]);
        assert_eq!(t.get(&keys, Kind::Char, "sanctions"), Some(b));
        assert_eq!(t.get(&keys, Kind::Word, "talks"), None);
        let rebuilt = TermTable::build(&keys);
        assert_eq!(rebuilt.get(&keys, Kind::Word, "sanctions"), Some(a));
    }

    #[test]
    fn shared_hashes_go_to_the_spill_map() {
        // Force a collision by inserting two keys under one hash.
        let keys = vec!["w:a".to_string(), "w:b".to_string()];
        let mut t = TermTable::default();
        let h = Kind::Word.hash("a");
        t.insert(&keys, Kind::Word, "a", h, 0);
        t.insert(&keys, Kind::Word, "b", h, 1);
        assert_eq!(t.by_hash.get(&h), Some(&SHARED));
        assert_eq!(t.get(&keys, Kind::Word, "a"), Some(0));
        // "b" is stored under the hash of "a", so a normal lookup by its own
        // hash misses; the spill map still knows it.
        assert_eq!(t.spill.get("w:b"), Some(&1));
    }
}
