//! Paired measurement of a case against its floor, for the rows with a
//! target.
//!
//! Criterion times a case and its floor seconds apart, and on a shared or
//! virtualised machine the speed of the machine drifts between the two (the
//! same floor has measured 155-205 ns in consecutive runs here). This module
//! alternates short batches of the case and the floor and takes the median of
//! the per-round ratios, so drift that lasts longer than one round cancels
//! out. The report prints these ratios beside criterion's.

// Iteration counts stay far below 2^52 and durations are positive, so the
// float conversions below lose nothing that matters.
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use std::hint::black_box;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One paired result.
pub struct Paired {
    pub case: String,
    pub floor: String,
    /// Median ns per operation over the rounds.
    pub case_ns: f64,
    pub floor_ns: f64,
    /// Median of the per-round ratios case / floor.
    pub ratio: f64,
    pub target: Option<f64>,
}

static RESULTS: Mutex<Vec<Paired>> = Mutex::new(Vec::new());

/// Every paired result of this run, in the order measured.
pub fn results() -> Vec<Paired> {
    std::mem::take(
        &mut *RESULTS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    )
}

/// Rounds and the time each side runs per round: 41 x 2 x 15 ms, about
/// 1.3 s per pair (short in quick mode).
fn plan() -> (usize, Duration) {
    if crate::quick() {
        (7, Duration::from_millis(5))
    } else {
        (41, Duration::from_millis(15))
    }
}

/// Measures `case` against `floor`, interleaved, and records the result.
pub fn measure<A, B, RA, RB>(
    case: &str,
    floor: &str,
    target: Option<f64>,
    mut run_case: A,
    mut run_floor: B,
) where
    A: FnMut() -> RA,
    B: FnMut() -> RB,
{
    let (rounds, slice) = plan();
    let case_iters = iterations_for(&mut run_case, slice);
    let floor_iters = iterations_for(&mut run_floor, slice);
    let mut case_ns = Vec::with_capacity(rounds);
    let mut floor_ns = Vec::with_capacity(rounds);
    let mut ratios = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let a = time(&mut run_case, case_iters);
        let b = time(&mut run_floor, floor_iters);
        case_ns.push(a);
        floor_ns.push(b);
        ratios.push(a / b);
    }
    let result = Paired {
        case: case.to_owned(),
        floor: floor.to_owned(),
        case_ns: median(&mut case_ns),
        floor_ns: median(&mut floor_ns),
        ratio: median(&mut ratios),
        target,
    };
    RESULTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(result);
}

/// How many iterations of `f` take about `slice`.
fn iterations_for<F: FnMut() -> R, R>(f: &mut F, slice: Duration) -> u64 {
    let mut iters = 16u64;
    loop {
        let started = Instant::now();
        for _ in 0..iters {
            black_box(f());
        }
        let took = started.elapsed();
        if took >= slice / 4 || iters >= 1 << 30 {
            let per = took.as_secs_f64() / iters as f64;
            return ((slice.as_secs_f64() / per) as u64).max(1);
        }
        iters *= 4;
    }
}

/// ns per iteration of `iters` runs of `f`.
fn time<F: FnMut() -> R, R>(f: &mut F, iters: u64) -> f64 {
    let started = Instant::now();
    for _ in 0..iters {
        black_box(f());
    }
    started.elapsed().as_secs_f64() * 1e9 / iters as f64
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
