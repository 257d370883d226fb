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
