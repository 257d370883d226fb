//! The running kiosk.
use std::path::Path;
pub fn run(_hall: &Path, _windowed: bool) -> anyhow::Result<()> {
    Ok(())
}
