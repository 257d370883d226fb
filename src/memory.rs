//! Keeping a kiosk that runs for months from growing: decoded photos are large,
//! short-lived buffers made on several threads, which glibc's allocator would otherwise
//! keep in per-thread arenas after they are freed (measured: about 80 MB after one pass
//! over the demo hall; see docs/PERFORMANCE.md).

/// Large blocks (1 MB and up) are mapped and unmapped directly, so freeing a decoded
/// photo returns its memory to the system.
pub fn return_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; it is called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 20);
    }
}

/// Resident memory of this process, in megabytes (Linux; 0 elsewhere), for the
/// instruments' reports.
pub fn resident_mb() -> f64 {
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|n| n.parse::<f64>().ok())
        })
        .unwrap_or(0.0);
    pages * page_bytes() / 1_048_576.0
}

/// The size of a memory page: 4 KiB on most PCs, 16 or 64 KiB on some ARM boards.
fn page_bytes() -> f64 {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: sysconf only reads a system constant.
        let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        if size > 0 {
            return size as f64;
        }
    }
    4096.0
}

#[cfg(test)]
mod tests {
    #[test]
    fn resident_memory_is_read_in_megabytes() {
        let mb = super::resident_mb();
        // A test process holds a few megabytes at least, and not a terabyte.
        assert!(mb > 1.0 && mb < 1_000_000.0, "{mb}");
    }
}
