//! The CPU time this process has used, all its threads together (the graphics
//! driver's too, when it renders in software), for pacing work to what the machine
//! affords: the attract loop's crossfade draws fewer frames where each one is dear.

use std::time::Duration;

/// The process's CPU time so far; `None` where it cannot be read.
pub fn process() -> Option<Duration> {
    #[cfg(unix)]
    {
        let mut now = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes only into the timespec it is given.
        let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
        if status == 0 {
            let secs = u64::try_from(now.tv_sec).ok()?;
            let nanos = u32::try_from(now.tv_nsec).ok()?;
            return Some(Duration::new(secs, nanos));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_process_time_grows_with_work() {
        let before = super::process().unwrap();
        let mut x = 0u64;
        for n in 0..20_000_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(n));
        }
        let after = super::process().unwrap();
        assert!(after > before, "{x}");
    }
}
