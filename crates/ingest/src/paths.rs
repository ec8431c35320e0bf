//! Path and file-type helpers of the walker: folder identity (for loop and
//! skip checks), display names of odd paths, file kinds in messages.

use std::ffi::OsStr;
use std::fs::{self, FileType, Metadata};
use std::path::{Path, PathBuf};

/// A folder's identity, to notice a walk coming back to it.
#[derive(PartialEq, Eq)]
pub(crate) enum DirId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[allow(dead_code)] // Only built where inodes are not available.
    Path(PathBuf),
}

#[cfg(unix)]
pub(crate) fn dir_id(_path: &Path, meta: &Metadata) -> DirId {
    use std::os::unix::fs::MetadataExt;
    DirId::Inode(meta.dev(), meta.ino())
}

#[cfg(not(unix))]
pub(crate) fn dir_id(path: &Path, _meta: &Metadata) -> DirId {
    DirId::Path(fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

pub(crate) fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// What kind of non-regular file this is, for messages.
pub(crate) fn kind_name(t: &FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO".into();
        }
        if t.is_socket() {
            return "a socket".into();
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device".into();
        }
    }
    if t.is_dir() {
        "a folder".into()
    } else {
        "not a regular file".into()
    }
}

/// A path as the user typed it, with bytes that are not UTF-8 escaped.
pub(crate) fn display_path(path: &Path) -> String {
    escape_name(path.as_os_str())
}

/// A file name with bytes that are not UTF-8 written as `\xNN`.
pub(crate) fn escape_name(name: &OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}
