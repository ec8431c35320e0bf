//! CLI integration tests: one binary, one module per subcommand or concern.
//! Each test builds its own folder with `Workdir`, runs the real binary and
//! compares parsed rows.

mod workdir;

mod test_bad_input;
mod test_first_hour;
mod test_html;
mod test_label;
mod test_layout;
mod test_sample;
mod test_segment;
mod test_shard;
mod test_spreadsheet;
mod test_stream;
