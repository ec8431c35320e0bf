//! The `standpoint` binary: parses arguments, builds validated configs, wires
//! the stages and maps errors to exit codes. Nothing here is public.

mod cmd;
mod driver;
mod interrupt;
mod model;
mod pipeline;
mod progress;
mod sink;
mod stream;

use clap::{Parser, Subcommand};

/// Many small allocations per sentence: mimalloc is markedly faster at them
/// than the system allocator. It is built without transparent huge pages
/// (`no_thp`): with them, the kernel zeroed and compacted 2 MiB pages on
/// every fresh fault, which cost `train` a third of its wall time and
/// `label` 40 MiB of resident memory.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code: finished, but some inputs failed; or the inputs could not be
/// read at all ([`InputError`], before anything is written).
const EXIT_PARTIAL: i32 = 2;
/// Exit code: usage or fatal error.
const EXIT_FATAL: i32 = 1;
/// Exit code: stopped by Ctrl-C (128 + SIGINT, as shells report it).
const EXIT_INTERRUPTED: i32 = 130;

#[derive(Parser)]
#[command(
    name = "standpoint",
    version,
    about = "Sentence-level stance and speaker reports for news articles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Label every sentence of the articles under PATH and write reports.
    Label(cmd::label::Args),
    /// Train a stance model from labeled CSV files.
    Train(cmd::train::Args),
    /// Evaluate on a test CSV, or cross-validate.
    Eval(cmd::eval::Args),
    /// Split text into sentences.
    Segment(cmd::segment::Args),
    /// Show the strongest n-grams of a model.
    Inspect(cmd::inspect::Args),
    /// Merge the reports of the shards of one `label --shard I/N` job.
    Merge(cmd::merge::Args),
    /// Pick sentences worth labelling for a target into a CSV to fill in.
    Sample(cmd::sample::Args),
}

/// What a command reports back to `main`.
pub(crate) enum Outcome {
    /// Everything worked.
    Ok,
    /// Finished, but some inputs failed.
    Partial,
}

/// The inputs named on the command line give nothing to read (a path that
/// does not exist, a folder without files of the selected kinds). Found
/// before any output is written; exits with code 2, like failed inputs.
#[derive(Debug)]
pub(crate) struct InputError(pub(crate) String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// The number of worker threads for `--threads`: absent or 0 means all cores.
pub(crate) fn worker_threads(requested: Option<usize>) -> usize {
    match requested {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_FATAL } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let result = match cli.command {
        Command::Label(a) => cmd::label::run(a),
        Command::Train(a) => cmd::train::run(a),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Segment(a) => cmd::segment::run(a),
        Command::Inspect(a) => cmd::inspect::run(a),
        Command::Merge(a) => cmd::merge::run(a),
        Command::Sample(a) => cmd::sample::run(a),
    };
    match result {
        Ok(Outcome::Ok) => {}
        Ok(Outcome::Partial) => std::process::exit(EXIT_PARTIAL),
        Err(e) if e.is::<InputError>() => {
            eprintln!("standpoint: {e:#}");
            std::process::exit(EXIT_PARTIAL);
        }
        Err(e) if e.is::<interrupt::Interrupted>() => {
            eprintln!("standpoint: {e:#}");
            std::process::exit(EXIT_INTERRUPTED);
        }
        Err(e) => {
            eprintln!("standpoint: {e:#}");
            std::process::exit(EXIT_FATAL);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_threads_means_all_cores() {
        let all = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(worker_threads(None), all);
        assert_eq!(worker_threads(Some(0)), all);
        assert_eq!(worker_threads(Some(3)), 3);
    }
}
