//! Project tasks.
//!
//! `cargo run -p xtask -- plugins` rebuilds the C plugins of the `pipeline`
//! example from source with the `wasm-link build` command's library
//! (`cli/`): each plugin's C source, compiled against its world in
//! `examples/wit/worlds/`, becomes `examples/plugins/<name>.wasm`.
//!
//! It needs clang 19 with `wasm-ld` and Debian's `wasi-libc`;
//! `examples/build-plugins.sh` installs them when they are missing.

use std::env;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;
use wasm_link_cli::build::{Build, build};

/// A C plugin: its name (the output is `examples/plugins/<name>.wasm`), its
/// world's package (a directory under `examples/wit/worlds/`) and world,
/// its source (`examples/plugins/src/<source>.c`) and the macros it is
/// compiled with (one source can make two builds).
struct PluginSource {
    name: &'static str,
    package: &'static str,
    world: &'static str,
    source: &'static str,
    defines: &'static [&'static str],
}

/// A plugin built from `examples/plugins/src/<name>.c` as it is.
const fn plain(name: &'static str, package: &'static str, world: &'static str) -> PluginSource {
    PluginSource {
        name,
        package,
        world,
        source: name,
        defines: &[],
    }
}

const PLUGINS: &[PluginSource] = &[
    plain("tokenizer", "pipeline", "tokenizer"),
    plain("word-stats", "pipeline", "analyzer"),
    plain("sentiment", "pipeline", "analyzer"),
    plain("keywords", "pipeline", "analyzer"),
    plain("readability", "pipeline", "analyzer"),
    // The same analyser with its deliberate bug fixed: the pipeline swaps
    // it in for `readability` while the graph runs.
    PluginSource {
        name: "readability-fixed",
        package: "pipeline",
        world: "analyzer",
        source: "readability",
        defines: &["READABILITY_FIXED"],
    },
    plain("phrases", "pipeline", "analyzer"),
    plain("report", "report", "report"),
];

fn main() -> Result<()> {
    let args: Vec<String> = env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["plugins"] => build_plugins(None),
        ["plugins", "--clang", clang] => build_plugins(Some(Path::new(clang))),
        _ => {
            eprintln!(
                "usage: cargo run -p xtask -- plugins [--clang PATH]\n\n\
                 Rebuilds the C plugins of examples/pipeline.rs into examples/plugins/*.wasm.\n\
                 clang defaults to $CLANG, then clang-19, then clang."
            );
            std::process::exit(2);
        }
    }
}

/// The repository root (this package lives in `<root>/xtask`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

fn build_plugins(clang: Option<&Path>) -> Result<()> {
    let started = Instant::now();
    let root = root();
    let target = env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let out_dir = root.join("examples/plugins");
    for plugin in PLUGINS {
        let source = out_dir.join("src").join(format!("{}.c", plugin.source));
        let output = out_dir.join(format!("{}.wasm", plugin.name));
        let built = build(&Build {
            wit: vec![root.join("examples/wit/worlds").join(plugin.package)],
            world: Some(plugin.world.to_owned()),
            sources: vec![source.clone()],
            defines: plugin.defines.iter().map(|d| (*d).to_owned()).collect(),
            includes: Vec::new(),
            output: output.clone(),
            clang: clang.map(Path::to_owned),
            scratch: target.join("xtask").join("plugins").join(plugin.name),
        })?;
        println!(
            "plugin:   {:<17} {:>6} bytes  {} -> {}",
            plugin.name,
            built.bytes,
            relative(&root, &source).display(),
            relative(&root, &output).display()
        );
    }
    println!(
        "built {} plugins in {:.1}s",
        PLUGINS.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn relative<'a>(root: &Path, path: &'a Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}
