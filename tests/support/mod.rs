//! What both test binaries (`check` and `ui`) need: `tests/check.rs` declares this
//! module, `tests/ui/main.rs` includes it by path.

use std::path::Path;

/// Copies the folder `from` into `to`, recursively (a fixture hall into a temporary
/// folder, a case's files over it).
pub fn copy_dir(from: &Path, to: &Path) {
    xinghuo::soak::copy_tree(from, to).unwrap();
}
