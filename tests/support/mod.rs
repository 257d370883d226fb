//! What both test binaries (`check` and `ui`) need: `tests/check.rs` declares this
//! module, `tests/ui/main.rs` includes it by path.

use std::path::Path;

/// Copies the folder `from` into `to`, recursively (a fixture hall into a temporary
/// folder, a case's files over it).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
