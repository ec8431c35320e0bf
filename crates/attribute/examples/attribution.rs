//! Attribution gold tooling.
//!
//! ```text
//! cargo run -p standpoint-attribute --example attribution -- draft ARTICLE [--blank]
//! cargo run -p standpoint-attribute --example attribution -- eval ARTICLES_DIR GOLD_DIR [--misses]
//! cargo run --release -p standpoint-attribute --example attribution -- time ARTICLES_DIR REPEAT
//! cargo run --release -p standpoint-attribute --example attribution -- files DIR... [--repeat N]
//! cargo run --release -p standpoint-attribute --example attribution -- dump PATH...
//! ```
//!
//! `draft` prints a gold file for ARTICLE from the current segmentation: with
//! the system's answers (to re-annotate quickly after a segmentation change),
//! or with `--blank` speakers for annotation from scratch. Every row must then
//! be checked by hand. `eval` prints speaker accuracy per gold `speaker_via`
//! class over all articles that have a gold file. `time` joins all articles
//! REPEAT times into one long article and reports attribution throughput
//! (to check that time grows linearly with length). `files` attributes every
//! `.txt`/`.md` file under the given folders (recursively), one article each,
//! and reports the attribution time alone. `dump` prints every sentence's
//! attribution of every such file (and of all of them joined into one
//! article), one line each, to diff the output of two versions.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use standpoint_attribute::gold::{self, GoldRow, Score};
use standpoint_attribute::{Attribute, Attributor, InQuote, Via};
use standpoint_segment::Segmenter;

fn read_article(path: &Path) -> std::io::Result<String> {
    let text = std::fs::read_to_string(path)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

fn gold_path(gold_dir: &Path, article: &Path) -> PathBuf {
    let stem = article.file_stem().unwrap_or_default().to_string_lossy();
    gold_dir.join(format!("{stem}.tsv"))
}

fn draft(path: &Path, blank: bool) -> Result<(), String> {
    let text = read_article(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let sentences = Segmenter::new().segment(&text);
    let attributions = Attributor::new().attribute(&text, &sentences);
    let rows: Vec<GoldRow> = sentences
        .iter()
        .zip(&attributions)
        .enumerate()
        .map(|(index, (s, a))| GoldRow {
            index,
            speaker: if blank { None } else { a.speaker.clone() },
            via: if blank { None } else { a.via },
            in_quote: if blank { InQuote::None } else { a.in_quote },
            text: gold::text_key(&text[s.start..s.end]),
        })
        .collect();
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    print!("{}", gold::render(&name, &rows));
    Ok(())
}

fn eval(articles: &Path, gold_dir: &Path, show_misses: bool) -> Result<(), String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(articles)
        .map_err(|e| format!("{}: {e}", articles.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    paths.sort();
    let seg = Segmenter::new();
    let att = Attributor::new();
    let mut total = Score::default();
    for path in &paths {
        let gp = gold_path(gold_dir, path);
        let Ok(content) = std::fs::read_to_string(&gp) else {
            println!("{}: no gold file {}", path.display(), gp.display());
            continue;
        };
        let g = gold::parse(&content).map_err(|e| format!("{}: {e}", gp.display()))?;
        let text = read_article(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let sentences = seg.segment(&text);
        let pred = att.attribute(&text, &sentences);
        let texts: Vec<&str> = sentences.iter().map(|s| &text[s.start..s.end]).collect();
        let s = gold::score(&g, &pred, &texts).map_err(|e| format!("{}: {e}", gp.display()))?;
        println!(
            "{:<45} {:>3}/{:<3} speaker {:>5.1}%",
            path.file_name().unwrap_or_default().to_string_lossy(),
            s.speaker_correct(),
            s.total(),
            100.0 * s.speaker_accuracy()
        );
        if show_misses {
            for m in &s.misses {
                println!(
                    "    #{:<3} gold {:?}/{} found {:?}/{}  {}",
                    m.index,
                    m.gold.0.as_deref().unwrap_or("-"),
                    m.gold.1.map_or("-", Via::as_str),
                    m.found.0.as_deref().unwrap_or("-"),
                    m.found.1.map_or("-", Via::as_str),
                    m.text
                );
            }
        }
        total.merge(s);
    }
    println!();
    println!(
        "{:<14} {:>6} {:>10} {:>10}",
        "gold via", "n", "speaker", "speaker+via"
    );
    for (class, c) in &total.per_class {
        println!(
            "{:<14} {:>6} {:>9.1}% {:>9.1}%",
            class,
            c.total,
            100.0 * gold::ratio(c.speaker_correct, c.total),
            100.0 * gold::ratio(c.via_correct, c.total)
        );
    }
    println!(
        "{:<14} {:>6} {:>9.1}% {:>9.1}%",
        "all",
        total.total(),
        100.0 * total.speaker_accuracy(),
        100.0 * gold::ratio(total.via_correct(), total.total())
    );
    println!(
        "in_quote accuracy: {:.1}% ({}/{})",
        100.0 * gold::ratio(total.in_quote_correct, total.total()),
        total.in_quote_correct,
        total.total()
    );
    Ok(())
}

fn time(articles: &Path, repeat: usize) -> Result<(), String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(articles)
        .map_err(|e| format!("{}: {e}", articles.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    paths.sort();
    let mut one = String::new();
    for p in &paths {
        one.push_str(&read_article(p).map_err(|e| format!("{}: {e}", p.display()))?);
        one.push_str("\n\n");
    }
    let text = one.repeat(repeat.max(1));
    let sentences = Segmenter::new().segment(&text);
    let att = Attributor::new();
    let start = std::time::Instant::now();
    let mut rounds = 0u32;
    while rounds < 3 || start.elapsed().as_secs_f64() < 1.0 {
        std::hint::black_box(att.attribute(&text, &sentences));
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64() / f64::from(rounds);
    println!(
        "{} KB, {} sentences: {:.2} ms per pass, {:.1} MB/s",
        text.len() / 1024,
        sentences.len(),
        secs * 1e3,
        text.len() as f64 / secs / 1e6
    );
    Ok(())
}

/// `.txt`/`.md` files under `paths` (files are taken as given), sorted.
fn collect_files(paths: &[String]) -> Result<Vec<PathBuf>, String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
        for e in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let p = e.map_err(|e| format!("{}: {e}", dir.display()))?.path();
            if p.is_dir() {
                walk(&p, out)?;
            } else if p.extension().is_some_and(|e| e == "txt" || e == "md") {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for a in paths {
        let p = Path::new(a);
        if p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.to_path_buf());
        }
    }
    out.sort();
    Ok(out)
}

/// Reads an article, replacing invalid UTF-8.
fn read_lossy(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

fn files(paths: &[String], repeat: usize) -> Result<(), String> {
    let seg = Segmenter::new();
    let mut docs = Vec::new();
    for p in collect_files(paths)? {
        let text = read_lossy(&p)?;
        let sentences = seg.segment(&text);
        docs.push((text, sentences));
    }
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let n: usize = docs.iter().map(|(_, s)| s.len()).sum();
    let att = Attributor::new();
    let mut best = f64::INFINITY;
    for _ in 0..repeat.max(1) {
        let start = std::time::Instant::now();
        for (text, sentences) in &docs {
            std::hint::black_box(att.attribute(text, sentences));
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{} files, {} KB, {} sentences: {:.1} ms, {:.1} MB/s",
        docs.len(),
        bytes / 1024,
        n,
        best * 1e3,
        bytes as f64 / best / 1e6
    );
    Ok(())
}

fn dump(paths: &[String]) -> Result<(), String> {
    use std::io::Write;
    let seg = Segmenter::new();
    let att = Attributor::new();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let mut joined = String::new();
    let mut emit = |name: &str, text: &str| -> std::io::Result<()> {
        let sentences = seg.segment(text);
        for (i, (s, a)) in sentences
            .iter()
            .zip(att.attribute(text, &sentences))
            .enumerate()
        {
            writeln!(
                out,
                "{name}\t{i}\t{}\t{}\t{}\t{}\t{}\t{}",
                s.paragraph,
                s.start,
                s.end,
                a.speaker.as_deref().unwrap_or("-"),
                a.via.map_or("-", Via::as_str),
                a.in_quote.as_str()
            )?;
        }
        Ok(())
    };
    for p in collect_files(paths)? {
        let text = read_lossy(&p)?;
        emit(&p.display().to_string(), &text).map_err(|e| e.to_string())?;
        joined.push_str(&text);
        joined.push_str("\n\n");
    }
    emit("<joined>", &joined).map_err(|e| e.to_string())?;
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("draft") if args.len() >= 2 => {
            draft(Path::new(&args[1]), args.iter().any(|a| a == "--blank"))
        }
        Some("eval") if args.len() >= 3 => eval(
            Path::new(&args[1]),
            Path::new(&args[2]),
            args.iter().any(|a| a == "--misses"),
        ),
        Some("time") if args.len() >= 3 => time(Path::new(&args[1]), args[2].parse().unwrap_or(1)),
        Some("files") if args.len() >= 2 => {
            let repeat = args
                .iter()
                .position(|a| a == "--repeat")
                .and_then(|i| args.get(i + 1))
                .and_then(|n| n.parse().ok())
                .unwrap_or(3);
            let dirs: Vec<String> = args[1..]
                .iter()
                .take_while(|a| *a != "--repeat")
                .cloned()
                .collect();
            files(&dirs, repeat)
        }
        Some("dump") if args.len() >= 2 => dump(&args[1..]),
        _ => Err(
            "usage: attribution draft ARTICLE [--blank] | eval ARTICLES_DIR GOLD_DIR \
                  [--misses] | time ARTICLES_DIR REPEAT | files DIR... [--repeat N] \
                  | dump PATH..."
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
