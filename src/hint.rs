//! Hints to the CPU that change no result, only when memory arrives.

/// Asks the CPU to start loading the cache line of `x`, so that a later read finds it there.
/// The scorer knows which word entries and weight rows a quote needs well before it reads them,
/// and they are scattered over megabytes: fetching them early overlaps the cache misses with the
/// rest of the work (measured in `src/model/sums.rs` and `src/model/scorer.rs`).
#[inline(always)]
pub(crate) fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint to the cache: it reads nothing the program can observe
    // and cannot fault; `x` is a valid reference anyway.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((x as *const T).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}
