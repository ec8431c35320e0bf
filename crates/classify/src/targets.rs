//! Target declarations: `target,terms` CSV files, `terms` a `|`-separated
//! list of words or phrases (`sanctions,sanctions|embargo|asset freeze`); a
//! term with a leading `!` is an exclusion, a phrase where a term's word has
//! another sense (`military_action,war|strike|!war crimes|!hunger strike`),
//! and one with a leading `~` is weak (`~war`, see `standpoint_features::weak`).

use std::collections::BTreeMap;
use std::path::Path;

use standpoint_features::phrase;

use crate::{ClassifyError, Result};

/// Each declared target's terms.
pub type TargetTerms = BTreeMap<String, Vec<String>>;

fn error(path: &Path, line: u64, message: impl Into<String>) -> ClassifyError {
    ClassifyError::Data {
        path: path.display().to_string(),
        line,
        message: message.into(),
    }
}

/// True if `terms` hold a term to match: not only exclusions (`!phrase`)
/// and empty weak terms (`~`).
pub fn has_term(terms: &[String]) -> bool {
    terms
        .iter()
        .filter_map(|t| phrase(t))
        .any(|p| !p.trim().is_empty())
}

/// Splits a `|`-separated list of terms (trimmed, empty ones dropped).
pub fn parse_terms(list: &str) -> Vec<String> {
    list.split('|')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads a `target,terms` CSV. Fails with `file:line: reason` on a missing
/// column, an empty target or term list, or a target declared twice.
pub fn read_target_terms(path: &Path) -> Result<TargetTerms> {
    let mut rdr = csv::ReaderBuilder::new()
        .from_path(path)
        .map_err(|e| error(path, 1, format!("cannot open: {e}")))?;
    let headers = rdr.headers()?.clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}') == n)
    };
    let (Some(tc), Some(wc)) = (col("target"), col("terms")) else {
        return Err(error(path, 1, "expected a `target,terms` header"));
    };
    let mut out = TargetTerms::new();
    for rec in rdr.records() {
        let rec = rec?;
        let line = rec.position().map_or(0, |p| p.line());
        let target = rec.get(tc).unwrap_or("").trim();
        let terms = parse_terms(rec.get(wc).unwrap_or(""));
        if target.is_empty() || terms.is_empty() {
            return Err(error(path, line, "empty target or terms"));
        }
        if !has_term(&terms) {
            return Err(error(
                path,
                line,
                format!("target `{target}` has only exclusions (`!` terms), no term"),
            ));
        }
        if out.insert(target.to_string(), terms).is_some() {
            return Err(error(
                path,
                line,
                format!("target `{target}` declared twice"),
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_declarations_and_refuses_bad_ones() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        std::fs::write(
            &p,
            "target,terms\nsanctions,sanctions| embargo |asset freeze||\n",
        )
        .unwrap();
        let t = read_target_terms(&p).unwrap();
        assert_eq!(t["sanctions"], ["sanctions", "embargo", "asset freeze"]);
        std::fs::write(&p, "target,terms\na,x\na,y\n").unwrap();
        assert!(read_target_terms(&p)
            .unwrap_err()
            .to_string()
            .contains(":3: target `a` declared twice"));
        std::fs::write(&p, "text,label\na,b\n").unwrap();
        assert!(read_target_terms(&p).is_err());
        std::fs::write(
            &p,
            "target,terms\nwar,war|!war crimes\npeace,!peace of mind\n",
        )
        .unwrap();
        let err = read_target_terms(&p).unwrap_err().to_string();
        assert!(
            err.contains(":3: target `peace` has only exclusions"),
            "{err}"
        );
        std::fs::write(
            &p,
            "target,terms\nwar,~war|!war crimes\npeace,~|!peace of mind\n",
        )
        .unwrap();
        let err = read_target_terms(&p).unwrap_err().to_string();
        assert!(err.contains(":3: target `peace`"), "{err}");
        assert!(has_term(&["~war".into()]) && !has_term(&["~ ".into(), "!war".into()]));
    }
}
