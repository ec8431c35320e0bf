//! One module per subcommand.

pub(crate) mod eval;
pub(crate) mod inspect;
pub(crate) mod label;
pub(crate) mod merge;
pub(crate) mod sample;
pub(crate) mod segment;
pub(crate) mod train;
