//! Project tasks.
//!
//! `cargo run -p xtask -- plugins` rebuilds the C plugins of the `pipeline`
//! example from source:
//!
//! 1. reads each plugin's world from the WIT in `examples/wit/` (and the
//!    runtime's `wasm-link/wit/dispatch.wit`),
//! 2. generates its C bindings with `wit-bindgen-c` (used as a library),
//! 3. compiles and links the plugin's C source with those bindings using
//!    clang for `wasm32-wasi` (no start files, no entry point: a library of
//!    exported functions, `cabi_realloc` among them),
//! 4. checks that the module imports nothing but its world's imports (no
//!    WASI: the plugins get no capabilities),
//! 5. turns the module into a component with `wit-component` (used as a
//!    library; the world's type travels in the module), and writes it to
//!    `examples/plugins/<name>.wasm`.
//!
//! It needs clang 19 with `wasm-ld` and Debian's `wasi-libc`;
//! `examples/build-plugins.sh` installs them when they are missing.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use std::{env, fs};

use anyhow::{Context, Result, bail, ensure};
use wit_bindgen_core::Files;
use wit_component::ComponentEncoder;
use wit_parser::{Resolve, WorldId};

/// A world the plugins are built against: the WIT files to read, in
/// dependency order (each file is one package), and the world's name in the
/// last one.
struct World {
    name: &'static str,
    files: &'static [&'static str],
}

/// The tokenizer exports `text:tokenizer`; the analysers import it and export
/// `text:analyzer` (all three files form one resolve).
const PIPELINE_FILES: &[&str] = &[
    "examples/wit/tokenizer.wit",
    "examples/wit/analyzer.wit",
    "examples/wit/worlds.wit",
];

const WORLDS: &[World] = &[
    World {
        name: "tokenizer",
        files: PIPELINE_FILES,
    },
    World {
        name: "analyzer",
        files: PIPELINE_FILES,
    },
    World {
        name: "report",
        files: &[
            "wasm-link/wit/dispatch.wit",
            "examples/wit/sockets/analyzer.wit",
            "examples/wit/report.wit",
            "examples/wit/report-world.wit",
        ],
    },
];

/// A C plugin: its name (the output is `examples/plugins/<name>.wasm`), its
/// world, its source (`examples/plugins/src/<source>.c`) and the macros it
/// is compiled with (one source can make two builds).
struct PluginSource {
    name: &'static str,
    world: &'static str,
    source: &'static str,
    defines: &'static [&'static str],
}

/// A plugin built from `examples/plugins/src/<name>.c` as it is.
const fn plain(name: &'static str, world: &'static str) -> PluginSource {
    PluginSource {
        name,
        world,
        source: name,
        defines: &[],
    }
}

const PLUGINS: &[PluginSource] = &[
    plain("tokenizer", "tokenizer"),
    plain("word-stats", "analyzer"),
    plain("sentiment", "analyzer"),
    plain("keywords", "analyzer"),
    plain("readability", "analyzer"),
    // The same analyser with its deliberate bug fixed: the pipeline swaps
    // it in for `readability` while the graph runs.
    PluginSource {
        name: "readability-fixed",
        world: "analyzer",
        source: "readability",
        defines: &["READABILITY_FIXED"],
    },
    plain("phrases", "analyzer"),
    plain("report", "report"),
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
        ["plugins", "--clang", clang] => build_plugins(Some(clang)),
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

fn build_plugins(clang: Option<&str>) -> Result<()> {
    let started = Instant::now();
    let root = root();
    let clang = find_clang(clang)?;
    let target = env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let generated = target.join("xtask").join("plugins");
    let out_dir = root.join("examples/plugins");

    println!("clang: {}", clang.display());
    for world in WORLDS {
        let (resolve, id) = load_world(&root, world)?;
        let dir = generated.join(world.name);
        generate_c(&resolve, id, &dir)?;
        println!(
            "bindings: world `{}` -> {}",
            world.name,
            relative(&root, &dir).display()
        );

        for plugin in PLUGINS.iter().filter(|p| p.world == world.name) {
            let source = out_dir.join("src").join(format!("{}.c", plugin.source));
            let module = compile(&clang, plugin, &source, (&dir, world.name), &generated)?;
            check_imports(&module, &resolve, id)
                .with_context(|| format!("plugin `{}`", plugin.name))?;
            let component = componentize(&module)
                .with_context(|| format!("plugin `{}`: making a component", plugin.name))?;
            let dest = out_dir.join(format!("{}.wasm", plugin.name));
            fs::write(&dest, &component).with_context(|| format!("writing {}", dest.display()))?;
            println!(
                "plugin:   {:<17} {:>6} bytes  {} -> {}",
                plugin.name,
                component.len(),
                relative(&root, &source).display(),
                relative(&root, &dest).display()
            );
        }
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

/// `--clang`, else `$CLANG`, else the first of `clang-19` and `clang` that runs.
fn find_clang(explicit: Option<&str>) -> Result<PathBuf> {
    if let Some(clang) = explicit {
        return Ok(clang.into());
    }
    if let Some(clang) = env::var_os("CLANG") {
        return Ok(clang.into());
    }
    for candidate in ["clang-19", "clang"] {
        if Command::new(candidate)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Ok(candidate.into());
        }
    }
    bail!(
        "no clang found: install clang-19, lld-19 and wasi-libc (examples/build-plugins.sh does), \
         or set $CLANG"
    )
}

/// Reads the world's WIT files into one resolve and finds the world.
fn load_world(root: &Path, world: &World) -> Result<(Resolve, WorldId)> {
    let mut resolve = Resolve::default();
    let mut last = None;
    for file in world.files {
        let path = root.join(file);
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        match resolve.push_source(&path.display().to_string(), &text) {
            Ok(package) => last = Some(package),
            Err(err) => bail!("{}", resolve.render_error(&err)),
        }
    }
    let package = last.context("a world has WIT files")?;
    let id = resolve
        .select_world(&[package], Some(world.name))
        .map_err(|err| anyhow::anyhow!("{}", resolve.render_error(&err)))?;
    Ok((resolve, id))
}

/// Generates the world's C bindings into `dir`.
fn generate_c(resolve: &Resolve, world: WorldId, dir: &Path) -> Result<()> {
    // Besides `<world>.c` and `<world>.h`, this writes
    // `<world>_component_type.o`: an object file whose custom section carries
    // the world's type, which `wit-component` reads from the linked module.
    let opts = wit_bindgen_c::Opts::default();
    let mut files = Files::default();
    // The generator may annotate the resolve; work on a copy.
    let mut resolve = resolve.clone();
    opts.build().generate(&mut resolve, world, &mut files)?;
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, contents) in files.iter() {
        fs::write(dir.join(name), contents).with_context(|| format!("writing {name}"))?;
    }
    Ok(())
}

/// Compiles and links one plugin into a core module.
fn compile(
    clang: &Path,
    plugin: &PluginSource,
    source: &Path,
    (bindings, world): (&Path, &str),
    scratch: &Path,
) -> Result<Vec<u8>> {
    let output = scratch.join(format!("{}.core.wasm", plugin.name));
    let status = Command::new(clang)
        .args([
            "--target=wasm32-wasi",
            "-O2",
            "-std=c11",
            "-Wall",
            "-Wextra",
            "-Werror",
            // The generated bindings trip these; the plugin sources do not.
            "-Wno-unused-parameter",
            "-Wno-missing-field-initializers",
            // A library of exported functions: no `_start`, no C runtime
            // start-up code, and no WASI imports from it.
            "-nostartfiles",
            "-Wl,--no-entry",
            "-Wl,--strip-debug",
            "-I",
        ])
        .arg(bindings)
        .args(plugin.defines.iter().map(|name| format!("-D{name}")))
        .arg(source)
        .arg(bindings.join(format!("{world}.c")))
        .arg(bindings.join(format!("{world}_component_type.o")))
        .arg("-o")
        .arg(&output)
        .status()
        .with_context(|| format!("running {}", clang.display()))?;
    ensure!(status.success(), "clang failed on {}", source.display());
    fs::read(&output).with_context(|| format!("reading {}", output.display()))
}

/// The plugins must import only what their world imports: anything else
/// (WASI, most likely, from a libc function that does I/O) would need the
/// host to grant it, and these plugins are built to need nothing.
fn check_imports(module: &[u8], resolve: &Resolve, world: WorldId) -> Result<()> {
    let allowed: Vec<String> = resolve.worlds[world]
        .imports
        .keys()
        .map(|key| resolve.name_world_key(key))
        .collect();
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        if let wasmparser::Payload::ImportSection(section) = payload? {
            for import in section.into_imports() {
                let import = import?;
                let module = import.module;
                // `[export]...` modules are the resource intrinsics of the
                // plugin's own exported resources.
                let own = module.starts_with("[export]")
                    && allowed_export(&module["[export]".len()..], resolve, world);
                ensure!(
                    own || allowed.iter().any(|a| a == module),
                    "the module imports `{module}#{}`, which its world does not provide \
                     (a libc function that needs WASI?)",
                    import.name
                );
            }
        }
    }
    Ok(())
}

fn allowed_export(name: &str, resolve: &Resolve, world: WorldId) -> bool {
    resolve.worlds[world]
        .exports
        .keys()
        .any(|key| resolve.name_world_key(key) == name)
}

/// Encodes the module, which carries its world's type, as a component.
fn componentize(module: &[u8]) -> Result<Vec<u8>> {
    ComponentEncoder::default()
        .validate(true)
        .module(module)?
        .encode()
}
