//! Sharding and resume: which inputs a run owns, what they were, and whether
//! an output folder already holds finished reports for them.
//!
//! ```
//! use standpoint_output::{parse_shard, Shard};
//! let shard = parse_shard("2/3").unwrap();
//! assert_eq!(shard.to_string(), "2/3");
//! assert!(Shard::ALL.owns("any/file.txt"));
//! ```

use std::fmt;
use std::path::Path;
use std::time::UNIX_EPOCH;

use standpoint_ingest::{Entry, IngestError};
use standpoint_report::RunInfo;
use xxhash_rust::xxh3::{xxh3_64_with_seed, Xxh3};

use crate::{io_at, Result};

/// Seed of the shard hash. Changing it moves inputs between shards, so it is
/// part of the output contract: never change it.
const SHARD_SEED: u64 = 0x7374_616e_6470_7431;

/// Part `index` of `count` (1-based), as given by `--shard I/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// The whole input.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Does this shard process the input with this relative path?
    pub fn owns(&self, rel: &str) -> bool {
        self.count == 1
            || xxh3_64_with_seed(rel.as_bytes(), SHARD_SEED) % self.count == self.index - 1
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Parses `I/N` with 1 ≤ I ≤ N (for clap).
pub fn parse_shard(s: &str) -> std::result::Result<Shard, String> {
    let err = || format!("`{s}` is not a shard: use I/N with 1 <= I <= N, e.g. 3/8");
    let (i, n) = s.split_once('/').ok_or_else(err)?;
    let index: u64 = i.trim().parse().map_err(|_| err())?;
    let count: u64 = n.trim().parse().map_err(|_| err())?;
    if index == 0 || index > count {
        return Err(err());
    }
    Ok(Shard { index, count })
}

/// What a run's reports were made from; recorded in `run.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The part of the input this run covers.
    pub shard: Shard,
    /// Input files found, over all shards.
    pub input_files: usize,
    /// Hex xxh3 of the sorted (path, size, mtime) list.
    pub input_hash: String,
    /// Content hash of the model.
    pub model_hash: String,
    /// Hex xxh3 of the options that shape the reports.
    pub options_hash: String,
}

/// Builds a [`Fingerprint`] one input at a time, so the input list is never
/// held: feed every file of the whole input (all shards, so all shards of
/// one job agree) in discovery order, then the walk problems.
pub struct InputHasher {
    hash: Xxh3,
    files: usize,
}

impl Default for InputHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl InputHasher {
    /// A hasher that has seen no input yet.
    pub fn new() -> Self {
        InputHasher {
            hash: Xxh3::with_seed(SHARD_SEED),
            files: 0,
        }
    }

    /// Adds a file: its id, size and modification time.
    pub fn add_entry(&mut self, e: &Entry) {
        // A file that can't be stat'ed hashes as (0, 0); it will fail when
        // read, and the run records that.
        let (size, mtime) = std::fs::metadata(&e.path)
            .map(|m| {
                let mtime = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                (m.len(), mtime)
            })
            .unwrap_or((0, 0));
        self.hash.update(e.rel.as_bytes());
        self.hash.update(&[0]);
        self.hash.update(&size.to_le_bytes());
        self.hash.update(&mtime.to_le_bytes());
        self.files += 1;
    }

    /// Adds a problem met while walking.
    pub fn add_problem(&mut self, e: &IngestError) {
        self.hash.update(b"\xffwalk-error\0");
        self.hash.update(e.to_string().as_bytes());
        self.hash.update(&[0]);
        self.files += 1;
    }

    /// The fingerprint, with the model and the output options.
    pub fn finish(self, shard: Shard, model_hash: String, options: &[&str]) -> Fingerprint {
        let mut o = Xxh3::with_seed(SHARD_SEED);
        for part in options {
            o.update(part.as_bytes());
            o.update(&[0]);
        }
        Fingerprint {
            shard,
            input_files: self.files,
            input_hash: format!("{:016x}", self.hash.digest()),
            model_hash,
            options_hash: format!("{:016x}", o.digest()),
        }
    }
}

impl Fingerprint {
    /// Fingerprints a list of inputs (see [`InputHasher`]).
    #[cfg(test)]
    fn new(
        shard: Shard,
        entries: &[Entry],
        walk_errors: &[IngestError],
        model_hash: String,
        options: &[&str],
    ) -> Self {
        let mut h = InputHasher::new();
        entries.iter().for_each(|e| h.add_entry(e));
        walk_errors.iter().for_each(|e| h.add_problem(e));
        h.finish(shard, model_hash, options)
    }

    /// Copies the fingerprint into `run.json` fields.
    pub fn record(&self, info: &mut RunInfo) {
        info.shard = self.shard.to_string();
        info.input_files = self.input_files;
        info.input_hash = self.input_hash.clone();
        info.model_hash = self.model_hash.clone();
        info.options_hash = self.options_hash.clone();
    }

    /// The first field that differs from a recorded run, if any.
    fn differs(&self, info: &RunInfo) -> Option<&'static str> {
        if info.input_files != self.input_files || info.input_hash != self.input_hash {
            Some("input files")
        } else if info.model_hash != self.model_hash {
            Some("model")
        } else if info.options_hash != self.options_hash
            || info.standpoint_version != env!("CARGO_PKG_VERSION")
        {
            Some("options")
        } else if info.shard != self.shard.to_string() {
            Some("shard")
        } else {
            None
        }
    }
}

/// What `--resume` finds in an output folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Previous {
    /// No finished run: no `run.json` (reports, if any, are from an
    /// interrupted run and may be replaced).
    Unfinished,
    /// Every report is there, from a run with the same fingerprint.
    Complete,
    /// A finished run with a different fingerprint; the field named differs.
    Different(&'static str),
}

/// Looks at `out` for a finished run. `run.json` is renamed into place last,
/// so its presence means the reports beside it are complete. A report that
/// run wrote in parts (see `run.json` `parts`) counts as there when all its
/// parts are.
pub fn previous_run(out: &Path, reports: &[&str], fp: &Fingerprint) -> Result<Previous> {
    let path = out.join("run.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Previous::Unfinished),
        Err(e) => return Err(io_at(&path, "cannot read", e)),
    };
    let info: RunInfo = match serde_json::from_str(&text) {
        Ok(info) => info,
        Err(_) => return Ok(Previous::Different("run.json")),
    };
    if let Some(field) = fp.differs(&info) {
        return Ok(Previous::Different(field));
    }
    let present = |r: &str| match info.parts.iter().find(|p| p.table == r) {
        Some(parts) => parts.files.iter().all(|f| out.join(f).is_file()),
        None => out.join(r).is_file(),
    };
    if reports.iter().all(|r| present(r)) {
        Ok(Previous::Complete)
    } else {
        Ok(Previous::Unfinished)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_shows_shard_specs() {
        assert_eq!(parse_shard("3/8").unwrap().to_string(), "3/8");
        assert_eq!(parse_shard("1/1").unwrap(), Shard::ALL);
        for bad in ["0/4", "5/4", "1/0", "x/2", "2", "1/2/3", "-1/2"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_partition_paths() {
        let paths: Vec<String> = (0..500).map(|i| format!("dir{}/a{i}.txt", i % 7)).collect();
        for n in [1u64, 2, 3, 7] {
            let shards: Vec<Shard> = (1..=n).map(|i| Shard { index: i, count: n }).collect();
            let mut sizes = vec![0usize; n as usize];
            for p in &paths {
                let owners: Vec<usize> = (0..shards.len()).filter(|&k| shards[k].owns(p)).collect();
                assert_eq!(owners.len(), 1, "{p} in {n} shards");
                sizes[owners[0]] += 1;
            }
            // A hash, not a round robin, but no shard is starved.
            let fair = paths.len() / n as usize;
            assert!(sizes.iter().all(|&s| s * 2 > fair), "{sizes:?}");
        }
    }

    #[test]
    fn shard_assignment_is_stable() {
        // Part of the contract: a path stays in its shard across versions.
        let owner = |p: &str| {
            (1..=4)
                .find(|&i| Shard { index: i, count: 4 }.owns(p))
                .unwrap()
        };
        let got: Vec<u64> = ["a.txt", "b.txt", "sub/c.md", "d.txt"]
            .iter()
            .map(|p| owner(p))
            .collect();
        let want: Vec<u64> = ["a.txt", "b.txt", "sub/c.md", "d.txt"]
            .iter()
            .map(|p| xxh3_64_with_seed(p.as_bytes(), 0x7374_616e_6470_7431) % 4 + 1)
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn fingerprint_tracks_inputs_model_and_options() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        std::fs::write(&a, "One.").unwrap();
        let entries = vec![Entry {
            rel: "a.txt".into(),
            path: a.clone(),
        }];
        let fp = |entries: &[Entry], model: &str, opt: &str| {
            Fingerprint::new(Shard::ALL, entries, &[], model.into(), &[opt])
        };
        let base = fp(&entries, "m1", "excel");
        assert_eq!(base, fp(&entries, "m1", "excel"));
        assert_ne!(base.options_hash, fp(&entries, "m1", "plain").options_hash);
        assert_eq!(fp(&[], "m1", "excel").input_files, 0);
        assert_ne!(base.input_hash, fp(&[], "m1", "excel").input_hash);
        std::fs::write(&a, "One more.").unwrap();
        assert_ne!(base.input_hash, fp(&entries, "m1", "excel").input_hash);

        let mut info = RunInfo {
            standpoint_version: env!("CARGO_PKG_VERSION").into(),
            ..RunInfo::default()
        };
        base.record(&mut info);
        assert_eq!(base.differs(&info), None);
        assert_eq!(
            fp(&entries, "m1", "excel").differs(&info),
            Some("input files")
        );
        let other_model = Fingerprint {
            model_hash: "m2".into(),
            ..base.clone()
        };
        assert_eq!(other_model.differs(&info), Some("model"));
        let other_shard = Fingerprint {
            shard: parse_shard("2/2").unwrap(),
            ..base.clone()
        };
        assert_eq!(other_shard.differs(&info), Some("shard"));
    }
}
