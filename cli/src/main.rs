//! `wasm-link`: the command for plugin authors.
//!
//! ```text
//! cargo run -p wasm-link-cli -- socket-wit examples/wit/analyzer --cardinality any -o my-sockets/analyzer
//! cargo run -p wasm-link-cli -- build --wit examples/wit/worlds/pipeline --world analyzer my-analyser.c -o my-analyser.wasm
//! cargo run -p wasm-link-cli -- inspect examples/plugins/report.wasm
//! ```
//!
//! Or install it: `cargo install --path cli`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use wasm_link_cli::{build, inspect, socket_wit};

/// Tools for writing wasm-link plugins.
#[derive(Debug, Parser)]
#[command(name = "wasm-link", version)]
struct Command {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Writes the WIT an importer declares for a binding of a package.
    ///
    /// Each function's result takes the shape of the binding's cardinality;
    /// the runtime's `dispatch.wit` and the packages the exporter's package
    /// uses go under `deps/`: the directory is ready for wit-bindgen,
    /// componentize-py and componentize-js.
    SocketWit {
        /// The exporters' WIT: a package file, or a directory with `deps/`.
        wit: PathBuf,
        /// The binding's cardinality.
        #[arg(long, value_enum)]
        cardinality: Cardinality,
        /// For `exactly-one`: receive `tuple<id, result<T, dispatch-error>>`
        /// rather than `T` (a failure is then a value, not a trap).
        #[arg(long)]
        wrapped: bool,
        /// The WIT type of the binding's plugin ids.
        #[arg(long, value_enum, default_value = "string")]
        id: Id,
        /// The directory to write into (created if missing).
        #[arg(short, long)]
        out: PathBuf,
    },
    /// Compiles a C plugin against a WIT world into a component.
    Build {
        /// The WIT: a directory with `deps/`, or package files in dependency
        /// order (repeat the option), the world's package last.
        #[arg(long, required = true)]
        wit: Vec<PathBuf>,
        /// The world to build against (optional if the package has one).
        #[arg(long)]
        world: Option<String>,
        /// The plugin's C sources.
        #[arg(required = true)]
        sources: Vec<PathBuf>,
        /// A macro to define for the sources (`NAME` or `NAME=VALUE`).
        #[arg(short = 'D', long = "define")]
        defines: Vec<String>,
        /// Another directory to search for headers.
        #[arg(short = 'I', long = "include")]
        includes: Vec<PathBuf>,
        /// The component to write.
        #[arg(short, long)]
        output: PathBuf,
        /// The clang to use (else `$CLANG`, `clang-19`, `clang`).
        #[arg(long)]
        clang: Option<PathBuf>,
        /// Where the generated bindings and the core module go.
        #[arg(long, default_value = "target/wasm-link-build")]
        scratch: PathBuf,
    },
    /// Shows what a component imports and exports.
    ///
    /// As WIT; with which imports look like sockets, and of which
    /// cardinality; and what WASI it needs.
    Inspect {
        /// The component file.
        component: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Cardinality {
    ExactlyOne,
    AtMostOne,
    AtLeastOne,
    Any,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Id {
    String,
    U32,
    U64,
}

fn main() -> ExitCode {
    match run(Command::parse().action) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(action: Action) -> anyhow::Result<()> {
    match action {
        Action::SocketWit {
            wit,
            cardinality,
            wrapped,
            id,
            out,
        } => {
            let shape = match (cardinality, wrapped) {
                (Cardinality::ExactlyOne, false) => socket_wit::Shape::Transparent,
                (Cardinality::ExactlyOne, true) => socket_wit::Shape::Wrapped,
                (_, true) => anyhow::bail!("--wrapped applies to --cardinality exactly-one only"),
                (Cardinality::AtMostOne, false) => socket_wit::Shape::Optional,
                (Cardinality::AtLeastOne | Cardinality::Any, false) => socket_wit::Shape::List,
            };
            let id = match id {
                Id::String => socket_wit::IdType::String,
                Id::U32 => socket_wit::IdType::U32,
                Id::U64 => socket_wit::IdType::U64,
            };
            let written = socket_wit::write(&[wit], shape, id, &out)?;
            println!("wrote {}", written.package.display());
            for file in written.dispatch.iter().chain(&written.dependencies) {
                println!("wrote {}", file.display());
            }
        }
        Action::Build {
            wit,
            world,
            sources,
            defines,
            includes,
            output,
            clang,
            scratch,
        } => {
            let built = build::build(&build::Build {
                wit,
                world,
                sources,
                defines,
                includes,
                output: output.clone(),
                clang,
                scratch,
            })?;
            println!("built {} ({} bytes)", output.display(), built.bytes);
        }
        Action::Inspect { component } => {
            print!("{}", inspect::inspect(&component)?.render());
        }
    }
    Ok(())
}
