//! Ordered parallel processing of a stream in pieces, for `classify`: every thread is a worker
//! that takes the next piece of input (in turn, under a lock), processes it, and whoever finishes
//! the piece next in line writes it, with any finished after it. No reader or writer threads:
//! reading a piece costs a few percent of processing it, rows are allocated and freed by the
//! thread that scores them, and the cores run workers only.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use tezis::{Error, Result};

/// The input side: the source, and the number of the next piece.
struct Input<N> {
    next: N,
    seq: usize,
    done: bool,
}

/// The output side: the sink, the number of the next piece to write, the pieces finished ahead
/// of it, and whether the run stops (an error, or a worker that panicked).
struct Output<W, P> {
    write: W,
    next: usize,
    waiting: BTreeMap<usize, Result<P>>,
    error: Option<Error>,
    stop: bool,
}

/// Stops every worker when dropped by a panicking one.
struct StopOnPanic<'a, W, P> {
    output: &'a Mutex<Output<W, P>>,
    written: &'a Condvar,
}

impl<W, P> Drop for StopOnPanic<'_, W, P> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            lock(self.output).stop = true;
            self.written.notify_all();
        }
    }
}

/// A lock that a panicking worker did not leave unusable (the panic itself is re-raised when
/// the threads are joined).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs `work` over the pieces `next` yields on `threads` threads (this one included), each
/// thread with its own state from `init`, and hands the results to `write` in input order. Stops
/// at the first error (reading, working or writing), after writing every piece before it, and
/// returns it. At most `ahead` (at least 1) finished pieces wait for one still in work.
pub fn run<I, P, S>(
    threads: usize,
    ahead: usize,
    next: impl FnMut() -> Result<Option<I>> + Send,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, I) -> Result<P> + Sync,
    write: impl FnMut(P) -> Result<()> + Send,
) -> Result<()>
where
    P: Send,
{
    let (mut next, mut write) = (next, write);
    let ahead = ahead.max(1);
    if threads <= 1 {
        let mut state = init();
        while let Some(piece) = next()? {
            write(work(&mut state, piece)?)?;
        }
        return Ok(());
    }
    let input = Mutex::new(Input {
        next,
        seq: 0,
        done: false,
    });
    let output = Mutex::new(Output {
        write,
        next: 0,
        waiting: BTreeMap::new(),
        error: None,
        stop: false,
    });
    let written = Condvar::new();
    let worker = || {
        // A worker that panics stops the others, which might otherwise wait for its piece
        // forever; the panic is re-raised when the threads are joined.
        let _stop_on_panic = StopOnPanic {
            output: &output,
            written: &written,
        };
        let mut state = init();
        loop {
            // Not too far ahead of the writing point (a descheduled worker holds it back).
            {
                let mut out = lock(&output);
                while out.waiting.len() >= ahead && !out.stop {
                    out = written.wait(out).unwrap_or_else(PoisonError::into_inner);
                }
                if out.stop {
                    return;
                }
            }
            let (seq, piece) = {
                let mut input = lock(&input);
                if input.done {
                    return;
                }
                let seq = input.seq;
                input.seq += 1;
                match (input.next)() {
                    Ok(Some(piece)) => (seq, Ok(piece)),
                    Ok(None) => {
                        input.done = true;
                        return;
                    }
                    Err(e) => {
                        input.done = true;
                        (seq, Err(e))
                    }
                }
            };
            let result = piece.and_then(|p| work(&mut state, p));
            let mut out = lock(&output);
            out.waiting.insert(seq, result);
            // After an error nothing more is written (pieces read before it may still arrive).
            while !out.stop {
                let n = out.next;
                let Some(result) = out.waiting.remove(&n) else {
                    break;
                };
                out.next += 1;
                if let Err(e) = result.and_then(|p| (out.write)(p)) {
                    out.error = Some(e);
                    out.stop = true;
                }
            }
            drop(out);
            written.notify_all();
        }
    };
    std::thread::scope(|scope| -> Result<()> {
        for _ in 1..threads {
            std::thread::Builder::new()
                .spawn_scoped(scope, worker)
                .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
        }
        worker();
        Ok(())
    })?;
    let out = output.into_inner().unwrap_or_else(PoisonError::into_inner);
    match out.error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces 0..n, each "worked" into its square after a delay that varies with the piece, so
    /// that they finish out of order.
    fn squares(threads: usize, n: u64, fail_at: Option<u64>) -> (Result<()>, Vec<u64>) {
        let mut i = 0;
        let mut got = Vec::new();
        let r = run(
            threads,
            4,
            || {
                i += 1;
                match i - 1 {
                    k if Some(k) == fail_at => Err(Error::Usage(format!("bad piece {k}"))),
                    k if k < n => Ok(Some(k)),
                    _ => Ok(None),
                }
            },
            || 0u64,
            |calls, k| {
                *calls += 1;
                std::thread::sleep(std::time::Duration::from_micros((k * 7919) % 300));
                Ok(k * k)
            },
            |sq| {
                got.push(sq);
                Ok(())
            },
        );
        (r, got)
    }

    #[test]
    fn results_come_in_input_order_on_any_thread_count() {
        let want: Vec<u64> = (0..200).map(|k| k * k).collect();
        for threads in [1, 2, 3, 8] {
            let (r, got) = squares(threads, 200, None);
            assert!(r.is_ok());
            assert_eq!(got, want, "{threads} threads");
        }
    }

    #[test]
    fn a_failed_write_is_the_last_one() {
        for threads in [1, 2, 4] {
            let mut i = 0u64;
            let mut writes = Vec::new();
            let r = run(
                threads,
                8,
                || {
                    i += 1;
                    Ok((i <= 300).then_some(i - 1))
                },
                || (),
                |_, k| {
                    std::thread::sleep(std::time::Duration::from_micros((k * 7919) % 200));
                    Ok(k)
                },
                |k| {
                    writes.push(k);
                    if k == 40 {
                        Err(Error::Usage("disk full".into()))
                    } else {
                        Ok(())
                    }
                },
            );
            assert!(r.unwrap_err().to_string().contains("disk full"));
            assert_eq!(writes, (0..=40).collect::<Vec<_>>(), "{threads} threads");
        }
    }

    #[test]
    fn a_panicking_worker_ends_the_run_instead_of_hanging_it() {
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let r = std::panic::catch_unwind(|| {
                let mut i = 0u64;
                run(
                    2,
                    2,
                    || {
                        i += 1;
                        Ok((i <= 100).then_some(i - 1))
                    },
                    || (),
                    |_, k| {
                        if k == 10 {
                            panic!("a bug in piece 10");
                        }
                        std::thread::sleep(std::time::Duration::from_micros(200));
                        Ok(k)
                    },
                    |_| Ok(()),
                )
            });
            let _ = done.send(r.is_err());
        });
        let panicked = finished
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the run hung after a worker panicked");
        assert!(panicked);
    }

    #[test]
    fn an_error_stops_after_everything_before_it() {
        for threads in [1, 2, 4] {
            let (r, got) = squares(threads, 200, Some(120));
            let err = r.unwrap_err().to_string();
            assert!(err.contains("bad piece 120"), "{err}");
            let want: Vec<u64> = (0..120).map(|k| k * k).collect();
            assert_eq!(got, want, "{threads} threads");
        }
    }
}
