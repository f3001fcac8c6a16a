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
    let start = Instant::now();
    let out = f();
    eprintln!(
        "timing: {name:<12} {:>8.1} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    out
}
