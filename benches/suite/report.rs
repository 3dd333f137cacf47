//! The closing table: each case beside its floor, from the medians criterion
//! wrote in this run (`<output>/<group>/<case>/new/estimates.json`; files
//! older than the run are ignored, so a filtered run shows only what it
//! measured).

use std::fmt::Write as _;
use std::path::Path;
use std::time::SystemTime;

use crate::asynchronous::{FAN_OUT, WORKERS};
use crate::common::Config;
use crate::fanout::WIDTHS;
use crate::host_call::ECHO_SIZES;

/// One line of the table: a case, the floor it is compared with, and the
/// DESIGN target for their ratio, if there is one.
struct Row {
    case: String,
    floor: String,
    target: Option<f64>,
}

fn row(case: impl Into<String>, floor: impl Into<String>, target: Option<f64>) -> Row {
    Row {
        case: case.into(),
        floor: floor.into(),
        target,
    }
}

/// DESIGN's targets: typed host->plugin call within 1.15x of `TypedFunc`;
/// the `Val` path within 2x of `Func::call`; plugin->plugin through a socket
/// within 2.5x of static composition; graph instantiation within 1.3x of raw.
pub const TYPED: Option<f64> = Some(1.15);
pub const VAL: Option<f64> = Some(2.0);
pub const SOCKET: Option<f64> = Some(2.5);
const GRAPH: Option<f64> = Some(1.3);
/// An async typed host -> plugin call within 1.2x of wasmtime's
/// `TypedFunc::call_async`, both driven by the same `block_on`.
pub const ASYNC_TYPED: Option<f64> = Some(1.2);
/// The async fan-out on a runtime of [`WORKERS`] workers runs at least
/// 0.8 x [`WORKERS`] times as fast as on one thread: parallel / serial at
/// most 1 / (0.8 x [`WORKERS`]).
#[allow(clippy::cast_precision_loss)] // WORKERS is small
pub const PARALLEL: Option<f64> = Some(1.0 / (PER_WORKER * WORKERS as f64));
/// The share of each worker the parallel fan-out should turn into speed-up.
const PER_WORKER: f64 = 0.8;
/// Issue 14's fast-start target: the graph starts from cached components in
/// at most half the time it takes when every start compiles them.
const FAST_START: Option<f64> = Some(0.5);

fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for config in [Config::Lean, Config::Default] {
        let group = format!("get_value_{}", config.name());
        rows.push(row(
            format!("{group}/typed"),
            format!("{group}/raw_typed_func"),
            TYPED,
        ));
        rows.push(row(
            format!("{group}/typed_arc_id"),
            format!("{group}/raw_typed_func"),
            TYPED,
        ));
        rows.push(row(
            format!("{group}/typed_string_id"),
            format!("{group}/raw_typed_func"),
            TYPED,
        ));
        rows.push(row(
            format!("{group}/dispatch_val"),
            format!("{group}/raw_func_val"),
            VAL,
        ));
    }
    for size in ECHO_SIZES {
        rows.push(row(
            format!("echo_lean/typed/{size}"),
            format!("echo_lean/raw_typed_func/{size}"),
            TYPED,
        ));
    }
    for group in ["plugin_to_plugin_u32", "plugin_to_plugin_string_1k"] {
        rows.push(row(
            format!("{group}/socket_typed"),
            format!("{group}/static_composition"),
            SOCKET,
        ));
        rows.push(row(
            format!("{group}/socket_typed"),
            format!("{group}/host_func"),
            None,
        ));
        rows.push(row(
            format!("{group}/socket_val"),
            format!("{group}/static_composition"),
            None,
        ));
    }
    for n in WIDTHS {
        rows.push(row(
            format!("fanout_lean/typed/{n}"),
            format!("fanout_lean/raw_typed_func/{n}"),
            TYPED,
        ));
        rows.push(row(
            format!("fanout_lean/dispatch_val/{n}"),
            format!("fanout_lean/raw_func_val/{n}"),
            VAL,
        ));
    }
    rows.push(row(
        "resource_lean/typed",
        "resource_lean/raw_typed_func",
        None,
    ));
    rows.push(row(
        "resource_lean/dispatch_val",
        "resource_lean/raw_func_val",
        None,
    ));
    rows.extend(graph_rows());
    rows.push(row("live_lean/replace", "live_lean/raw_swap_store", None));
    rows.push(row(
        "live_lean/typed_after_1000_swaps",
        "live_lean/raw_typed_func",
        TYPED,
    ));
    rows.extend(async_rows());
    rows
}

/// The async rows: host -> plugin, plugin -> plugin, and the parallel
/// fan-out (each flavour against wasmtime's, then parallel against serial).
fn async_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    let configs = [
        Config::Lean,
        #[cfg(feature = "concurrency")]
        Config::Concurrent,
    ];
    for config in configs {
        let group = format!("async_{}", config.name());
        rows.push(row(
            format!("{group}/typed_get_value"),
            format!("{group}/raw_typed_call_async"),
            ASYNC_TYPED,
        ));
        for hop in ["socket_hop", "socket_hop_typed", "socket_hop_val"] {
            rows.push(row(
                format!("{group}/{hop}"),
                format!("{group}/raw_func_wrap_async"),
                None,
            ));
        }
    }
    #[cfg(feature = "concurrency")]
    rows.push(row(
        "cm_async/typed_next",
        "cm_async/raw_typed_call_async",
        ASYNC_TYPED,
    ));
    for flavour in ["serial", "parallel"] {
        for case in ["fan_out", "typed_fan_out"] {
            rows.push(row(
                format!("async_parallel/{case}/{flavour}"),
                format!("async_parallel/raw_fan_out/{flavour}"),
                None,
            ));
        }
    }
    rows.push(row(
        "async_parallel/fan_out/parallel",
        "async_parallel/fan_out/serial",
        PARALLEL,
    ));
    rows.push(row(
        "async_parallel/raw_fan_out/parallel",
        "async_parallel/raw_fan_out/serial",
        None,
    ));
    rows
}

/// The graph rows: instantiating 100 plugins, and starting them from files.
fn graph_rows() -> Vec<Row> {
    vec![
        row(
            "graph_100_lean/wasm_link",
            "graph_100_lean/raw_wasmtime",
            GRAPH,
        ),
        row(
            "graph_100_start/cache",
            "graph_100_start/compile",
            FAST_START,
        ),
        row(
            "graph_100_start/precompiled",
            "graph_100_start/compile",
            FAST_START,
        ),
        row(
            "graph_100_start/cache_pooling",
            "graph_100_start/compile",
            FAST_START,
        ),
        row("graph_100_start/compile", "graph_100_start/raw_naive", None),
        row(
            "graph_100_start/cache_pooling",
            "graph_100_start/raw_best",
            None,
        ),
        row(
            "graph_100_start/restart_one",
            "graph_100_start/raw_instantiate_one",
            None,
        ),
        row(
            "graph_100_start/restart_one_pooling",
            "graph_100_start/raw_instantiate_one",
            None,
        ),
        row(
            "graph_100_start/restart_one_pooling",
            "graph_100_start/raw_best_one",
            None,
        ),
    ]
}

/// Every case id the suite measures, floors included.
pub fn all_cases() -> Vec<String> {
    let mut cases: Vec<String> = rows()
        .into_iter()
        .flat_map(|row| [row.case, row.floor])
        .collect();
    cases.sort();
    cases.dedup();
    cases
}

/// The median (ns per iteration) criterion estimated for `case` in this run.
fn median_ns(output: &Path, case: &str, started: SystemTime) -> Option<f64> {
    let path = output.join(case).join("new").join("estimates.json");
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
    if modified < started {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn ns(value: f64) -> String {
    if value >= 100_000.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// Prints the table (as Markdown, so that it can be pasted into
/// BENCHMARKS.md as it is), then the fan-out's cost per plugin.
pub fn print(output: &Path, started: SystemTime) {
    let measured = |case: &str| median_ns(output, case, started);
    let mut table = String::new();
    let _ = writeln!(
        table,
        "| case | ns/op | floor case | floor ns/op | ratio | target |"
    );
    let _ = writeln!(table, "|---|---:|---|---:|---:|---|");
    let mut any = false;
    for Row {
        case,
        floor,
        target,
    } in rows()
    {
        let (Some(value), Some(floor_value)) = (measured(&case), measured(&floor)) else {
            continue;
        };
        any = true;
        let ratio = value / floor_value;
        let verdict = verdict(ratio, target);
        let _ = writeln!(
            table,
            "| {case} | {} | {floor} | {} | {ratio:.2}x | {verdict} |",
            ns(value),
            ns(floor_value),
        );
    }
    if !any {
        println!("\nwasm-link benchmarks: no estimates from this run to report.");
        return;
    }

    let mut per_plugin = String::new();
    for variant in ["typed", "dispatch_val", "raw_typed_func", "raw_func_val"] {
        let costs: Vec<Option<f64>> = WIDTHS
            .iter()
            .map(|n| {
                #[allow(clippy::cast_precision_loss)] // n is at most 64
                let n_f = *n as f64;
                measured(&format!("fanout_lean/{variant}/{n}")).map(|v| v / n_f)
            })
            .collect();
        if let [Some(first), .., Some(last)] = costs[..] {
            let cells: Vec<String> = costs
                .iter()
                .map(|c| c.map_or_else(|| "-".to_owned(), ns))
                .collect();
            let _ = writeln!(
                per_plugin,
                "| {variant} | {} | {:.2}x |",
                cells.join(" | "),
                last / first
            );
        }
    }

    let lean = Config::Lean.engine().get_concurrency_support();
    let default = Config::Default.engine().get_concurrency_support();
    println!("\nwasm-link benchmarks: medians of this run, ns per operation");
    println!(
        "(engine configs: lean = recommended_config(), concurrency_support = {lean}; \
         default = Config::default(), concurrency_support = {default})\n"
    );
    print!("{table}");
    if !per_plugin.is_empty() {
        let widths: Vec<String> = WIDTHS.iter().map(|n| format!("N={n}")).collect();
        println!(
            "\nfan-out, ns per plugin (median / N); last column: N={} over N=1\n",
            WIDTHS[WIDTHS.len() - 1]
        );
        println!("| variant | {} | growth |", widths.join(" | "));
        println!("|---|{}---:|", "---:|".repeat(WIDTHS.len()));
        print!("{per_plugin}");
    }
    let paired = crate::paired::results();
    print_speed_up(&measured, &paired);
    print_paired(paired);
}

/// The async fan-out's speed-up on the multi-threaded runtime: serial time
/// over parallel time, wasm-link's and wasmtime's, against the target.
fn print_speed_up(measured: &dyn Fn(&str) -> Option<f64>, paired: &[crate::paired::Paired]) {
    let mut lines = String::new();
    for (who, case) in [
        ("wasm-link", "fan_out"),
        ("wasm-link typed", "typed_fan_out"),
        ("raw wasmtime", "raw_fan_out"),
    ] {
        let serial = measured(&format!("async_parallel/{case}/serial"));
        let parallel = measured(&format!("async_parallel/{case}/parallel"));
        if let (Some(serial), Some(parallel)) = (serial, parallel) {
            let _ = writeln!(
                lines,
                "| {who}, criterion medians | {} | {} | {:.2}x | {} |",
                ns(serial),
                ns(parallel),
                serial / parallel,
                speed_up_verdict(serial / parallel),
            );
        }
    }
    // The median of the per-round ratios parallel / serial; its inverse is
    // the median of the per-round speed-ups.
    for (who, case) in [("wasm-link", "fan_out"), ("raw wasmtime", "raw_fan_out")] {
        let case = format!("async_parallel/{case}/parallel");
        if let Some(p) = paired.iter().find(|p| p.case == case) {
            let _ = writeln!(
                lines,
                "| {who}, paired | {} | {} | {:.2}x | {} |",
                ns(p.floor_ns),
                ns(p.case_ns),
                1.0 / p.ratio,
                speed_up_verdict(1.0 / p.ratio),
            );
        }
    }
    if lines.is_empty() {
        return;
    }
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    println!(
        "\nasync fan-out of {FAN_OUT} CPU-bound calls: speed-up serial / parallel on \
         {WORKERS} workers ({cores} cores available)\n"
    );
    println!("| fan-out | serial ns/op | parallel ns/op | speed-up | target |");
    println!("|---|---:|---:|---:|---|");
    print!("{lines}");
}

/// Whether `ratio` meets `target`, as the tables say it.
fn verdict(ratio: f64, target: Option<f64>) -> String {
    match target {
        Some(t) if ratio <= t => format!("<= {t}x: met"),
        Some(t) => format!("<= {t}x: MISSED"),
        None => "-".to_owned(),
    }
}

/// Whether a fan-out speed-up meets [`PARALLEL`] (stated as a speed-up).
fn speed_up_verdict(speed_up: f64) -> String {
    #[allow(clippy::cast_precision_loss)] // WORKERS is small
    let target = PER_WORKER * WORKERS as f64;
    if speed_up >= target {
        format!(">= {target:.1}x: met")
    } else {
        format!(">= {target:.1}x: MISSED")
    }
}

/// The paired (interleaved) measurements of the rows with a target.
fn print_paired(paired: Vec<crate::paired::Paired>) {
    if paired.is_empty() {
        return;
    }
    println!(
        "\npaired: case and floor alternated in short batches, median of the per-round ratios \
         (machine drift cancels out)\n"
    );
    println!("| case | ns/op | floor case | floor ns/op | paired ratio | target |");
    println!("|---|---:|---|---:|---:|---|");
    for p in paired {
        let verdict = verdict(p.ratio, p.target);
        println!(
            "| {} | {} | {} | {} | {:.2}x | {verdict} |",
            p.case,
            ns(p.case_ns),
            p.floor,
            ns(p.floor_ns),
            p.ratio
        );
    }
}
