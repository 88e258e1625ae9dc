//! The command's settings: the table that defines each one (`defs`), the flags that set them
//! (`flags`), the config file's profiles (`file`), and their resolution, flag > environment >
//! profile > default, each value remembering where it came from (`resolve`).

pub mod defs;
mod file;
mod flags;
mod resolve;

pub use flags::Global;
pub use resolve::{Origin, Resolved, Setting, TokenSource};
