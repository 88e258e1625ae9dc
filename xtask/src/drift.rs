//! Comparing generated files with the checked-in ones.

use std::path::Path;

use similar::TextDiff;

use crate::generate::GeneratedFile;

/// A checked-in file that differs from what the generator produces now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// The file, relative to the workspace root.
    pub path: String,
    /// A unified diff from the checked-in file (`a/`) to the generated one (`b/`).
    pub diff: String,
}

/// The files under `root` that differ from `generated`; a missing file differs from anything.
pub fn drift(root: &Path, generated: &[GeneratedFile]) -> Vec<Drift> {
    generated
        .iter()
        .filter_map(|file| {
            let on_disk = std::fs::read_to_string(root.join(&file.path)).unwrap_or_default();
            (on_disk != file.contents).then(|| {
                let path = file.path.display().to_string();
                let diff = TextDiff::from_lines(&on_disk, &file.contents)
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{path}"), &format!("b/{path}"))
                    .to_string();
                Drift { path, diff }
            })
        })
        .collect()
}
