//! Phase timings, for finding where a build's time goes: with `POLICYBOOK_TIMINGS=1` in the
//! environment, each phase prints its wall time to stderr (see `benches/RESULTS.md`).

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("POLICYBOOK_TIMINGS").is_some_and(|v| v != "0"))
}

/// Runs `f`, printing how long it took when timings are on.
pub fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let (start, cpu) = (Instant::now(), cpu_ms());
    let out = f();
    eprintln!(
        "timing: {name:<12} {:>8.1} ms (cpu {:.0} ms)",
        start.elapsed().as_secs_f64() * 1000.0,
        cpu_ms() - cpu
    );
    out
}

/// The CPU time of the whole process so far, all threads, user and system.
#[cfg(target_os = "linux")]
fn cpu_ms() -> f64 {
    // SAFETY: getrusage writes into the struct it is given, which is ours and zeroed.
    let u = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut u);
        u
    };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(u.ru_utime) + ms(u.ru_stime)
}

#[cfg(not(target_os = "linux"))]
fn cpu_ms() -> f64 {
    0.0
}
