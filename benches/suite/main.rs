//! The wasm-link benchmark suite: every case measured side by side with its
//! floor, wasmtime itself on the same engine configuration, in one run.
//!
//! ```text
//! cargo bench -p wasm-link-benches                       # full run, a few minutes
//! cargo bench -p wasm-link-benches -- --quick            # CI smoke, about a minute
//! WASM_LINK_BENCH_QUICK=1 cargo bench -p wasm-link-benches
//! ```
//!
//! Criterion measures each case and writes its estimates under
//! `target/criterion/`; at the end [`report`] reads back the medians this run
//! wrote and prints the table of cases, floors and ratios. BENCHMARKS.md at
//! the repository root explains every case.

mod asynchronous;
mod common;
mod fanout;
mod graph;
mod host_call;
mod live;
mod paired;
mod plugin_call;
mod report;
mod resources;
mod selection;

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use criterion::Criterion;

fn main() {
    let started = SystemTime::now();
    let output = output_directory();
    let mut criterion = configure(&output);
    let selected = selection::Selection::from_args();
    let c = &mut criterion;

    host_call::get_value(c, &selected, common::Config::Lean);
    host_call::get_value(c, &selected, common::Config::Default);
    host_call::echo(c, &selected);
    plugin_call::bench(c, &selected);
    fanout::bench(c, &selected);
    resources::bench(c, &selected);
    graph::bench(c, &selected);
    graph::start(c);
    live::bench(c, &selected);
    asynchronous::bench(c, &selected);

    criterion.final_summary();
    report::print(&output, started);
}

/// Whether to run the short smoke configuration.
fn quick() -> bool {
    std::env::var_os("WASM_LINK_BENCH_QUICK").is_some_and(|v| !v.is_empty() && v != "0")
        || std::env::args().any(|arg| arg == "--quick")
}

/// Criterion's settings: shorter than its defaults (3 s warm-up, 5 s
/// measurement per case) so that the whole suite runs in a few minutes on
/// two cores, and much shorter in quick mode. Command-line flags such as
/// `--measurement-time` still override them.
fn configure(output: &std::path::Path) -> Criterion {
    let criterion = Criterion::default()
        .output_directory(output)
        .without_plots()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let criterion = if quick() {
        criterion
            .warm_up_time(Duration::from_millis(200))
            .measurement_time(Duration::from_millis(500))
            .sample_size(10)
            .nresamples(10_000)
    } else {
        criterion
    };
    criterion.configure_from_args()
}

/// Where criterion writes its estimates: `$CRITERION_HOME`, else
/// `criterion/` in the target directory this benchmark was built into
/// (`<target>/<profile>/deps/suite-<hash>`), whatever that directory is.
fn output_directory() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .nth(3)
                .map(|target| target.join("criterion"))
        })
        .unwrap_or_else(|| PathBuf::from("target/criterion"))
}
