//! `wasm-link build`: a C plugin, compiled against a WIT world into a
//! component.
//!
//! 1. reads the world from WIT (a directory with its `deps/`, or files in
//!    dependency order),
//! 2. generates its C bindings with `wit-bindgen-c` (used as a library),
//! 3. compiles and links the C sources with those bindings using clang for
//!    `wasm32-wasi` (no start files, no entry point: a library of exported
//!    functions, `cabi_realloc` among them),
//! 4. checks that the module imports nothing but its world's imports (no
//!    WASI unless the world imports it: plugins get no capabilities by
//!    accident of a libc function),
//! 5. turns the module into a component with `wit-component` (the world's
//!    type travels in the module) and writes it.
//!
//! It needs clang (19 is tested) with `wasm-ld` and a `wasm32-wasi` libc;
//! Debian's `clang-19`, `lld-19`, `wasi-libc` and
//! `libclang-rt-19-dev-wasm32` are what `examples/build-plugins.sh`
//! installs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

use anyhow::{Context, Result, bail, ensure};
use wit_bindgen_core::Files;
use wit_component::ComponentEncoder;
use wit_parser::{Resolve, WorldId};

use crate::wit::load_world;

/// What to build.
#[derive(Debug, Clone)]
pub struct Build {
    /// The WIT: one directory (its package, with `deps/`), or files in
    /// dependency order whose last one holds the world.
    pub wit: Vec<PathBuf>,
    /// The world to build against; optional when the package has one.
    pub world: Option<String>,
    /// The plugin's C sources.
    pub sources: Vec<PathBuf>,
    /// Macros to define (`NAME` or `NAME=VALUE`).
    pub defines: Vec<String>,
    /// More directories to search for headers.
    pub includes: Vec<PathBuf>,
    /// Where to write the component.
    pub output: PathBuf,
    /// The clang to use; else `$CLANG`, else `clang-19`, else `clang`.
    pub clang: Option<PathBuf>,
    /// Where the generated bindings and the core module go.
    pub scratch: PathBuf,
}

/// What a build made.
#[derive(Debug, Clone, Copy)]
pub struct Built {
    /// The component's size in bytes.
    pub bytes: usize,
}

/// Builds the plugin `build` describes.
///
/// # Errors
///
/// The WIT that does not parse (with its file and line), a world that is not
/// there, clang missing or failing (its own diagnostics are printed), a
/// module that imports what its world does not declare, or a file that
/// cannot be written.
pub fn build(build: &Build) -> Result<Built> {
    ensure!(!build.sources.is_empty(), "no C source to build");
    for source in &build.sources {
        ensure!(
            source.is_file(),
            "the C source {} does not exist",
            source.display()
        );
    }
    let (resolve, world) = load_world(&build.wit, build.world.as_deref())?;
    let clang = find_clang(build.clang.as_deref())?;
    let world_name = resolve.worlds[world].name.clone();
    let bindings = build.scratch.join(&world_name);
    generate_c(&resolve, world, &bindings)?;
    let module = compile(&clang, build, (&bindings, &world_name))?;
    check_imports(&module, &resolve, world).with_context(|| {
        format!(
            "{}: the plugin imports what world `{world_name}` does not",
            build.output.display()
        )
    })?;
    let component = ComponentEncoder::default()
        .validate(true)
        .module(&module)?
        .encode()
        .with_context(|| format!("{}: making a component", build.output.display()))?;
    if let Some(dir) = build.output.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    fs::write(&build.output, &component)
        .with_context(|| format!("writing {}", build.output.display()))?;
    Ok(Built {
        bytes: component.len(),
    })
}

/// `explicit`, else `$CLANG`, else the first of `clang-19` and `clang` that
/// runs.
fn find_clang(explicit: Option<&Path>) -> Result<PathBuf> {
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
        "no clang found: install clang-19, lld-19, wasi-libc and libclang-rt-19-dev-wasm32 \
         (examples/build-plugins.sh does, with apt), or name one with --clang or $CLANG"
    )
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

/// Compiles and links the plugin into a core module.
fn compile(clang: &Path, build: &Build, (bindings, world): (&Path, &str)) -> Result<Vec<u8>> {
    let stem = build
        .output
        .file_stem()
        .map_or_else(|| "plugin".into(), |s| s.to_string_lossy().into_owned());
    let output = build.scratch.join(format!("{stem}.core.wasm"));
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
        .args(build.defines.iter().map(|name| format!("-D{name}")))
        .args(
            build
                .includes
                .iter()
                .flat_map(|dir| ["-I".as_ref(), dir.as_os_str()]),
        )
        .args(&build.sources)
        .arg(bindings.join(format!("{world}.c")))
        .arg(bindings.join(format!("{world}_component_type.o")))
        .arg("-o")
        .arg(&output)
        .status()
        .with_context(|| {
            format!(
                "running {} (is clang for wasm32 installed?)",
                clang.display()
            )
        })?;
    ensure!(
        status.success(),
        "clang failed on {} (its messages are above)",
        build
            .sources
            .iter()
            .map(|s| s.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    fs::read(&output).with_context(|| format!("reading {}", output.display()))
}

/// The plugin must import only what its world imports: anything else (WASI,
/// most likely, from a libc function that does I/O) would need the host to
/// grant it.
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
                    && exports(&module["[export]".len()..], resolve, world);
                ensure!(
                    own || allowed.iter().any(|a| a == module),
                    "the module imports `{module}#{}`, which its world does not provide \
                     (a libc function that needs WASI, such as printf?)",
                    import.name
                );
            }
        }
    }
    Ok(())
}

/// Whether `world` exports the interface `name`.
fn exports(name: &str, resolve: &Resolve, world: WorldId) -> bool {
    resolve.worlds[world]
        .exports
        .keys()
        .any(|key| resolve.name_world_key(key) == name)
}
