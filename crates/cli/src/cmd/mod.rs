//! One module per subcommand.

pub(crate) mod eval;
pub(crate) mod inspect;
pub(crate) mod label;
pub(crate) mod merge;
pub(crate) mod sample;
pub(crate) mod segment;
pub(crate) mod train;

/// Which files under the input folders are read, and by how many workers:
/// the same options for `label` and `sample`.
#[derive(clap::Args)]
pub(crate) struct InputArgs {
    /// Worker threads; 0 means all cores [default: all cores].
    #[arg(long)]
    pub(crate) threads: Option<usize>,
    /// Extensions of the files to read under folders, comma-separated:
    /// txt, md, html, htm, jsonl (also text, markdown, ndjson).
    #[arg(
        long,
        value_name = "EXT,...",
        value_delimiter = ',',
        default_value = "txt,md"
    )]
    pub(crate) ext: Vec<String>,
}
