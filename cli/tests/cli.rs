//! The `wasm-link` command: each subcommand on the example's own WIT and
//! components, and on input it must refuse.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use wasm_link_cli::inspect::{ImportShape, inspect};
use wasm_link_cli::socket_wit::{self, DISPATCH_WIT, IdType, Shape};
use wasm_link_cli::{build, wit};
use wit_component::{ComponentEncoder, StringEncoding};
use wit_parser::abi::{AbiVariant, WasmType};
use wit_parser::{LiftLowerAbi, ManglingAndAbi, Resolve, WasmImport, WorldId, WorldItem};

/// A path under the repository root.
fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wasm-link-cli-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The names of the packages in `resolve`.
fn package_names(resolve: &Resolve) -> Vec<String> {
    let mut names: Vec<String> = resolve
        .packages
        .iter()
        .map(|(_, package)| package.name.to_string())
        .collect();
    names.sort();
    names
}

/// Reads `dir` as the standard tools do, on its own; returns its package's
/// name and the names of every package it holds.
fn parse_alone(dir: &Path) -> (String, Vec<String>) {
    let mut resolve = Resolve::default();
    let (package, _) = resolve
        .push_dir(dir)
        .unwrap_or_else(|e| panic!("{} does not parse on its own: {e:#}", dir.display()));
    (
        resolve.packages[package].name.to_string(),
        package_names(&resolve),
    )
}

/// A component of `world`, which exports nothing: its core module imports
/// every function of the world's imported interfaces, and does nothing
/// (`inspect` reads a component's type, not its code). The module is
/// written here in the binary format: the cli's dependencies have no WAT
/// parser, nor wit-component's dummy module.
fn component(resolve: &Resolve, world: WorldId, path: &Path) {
    let core = |ty: &WasmType| match ty {
        WasmType::I32 | WasmType::Pointer | WasmType::Length => 0x7f,
        WasmType::I64 | WasmType::PointerOrI64 => 0x7e,
        WasmType::F32 => 0x7d,
        WasmType::F64 => 0x7c,
    };
    let func_type = |params: &[WasmType], results: &[WasmType]| {
        let mut ty = vec![0x60];
        ty.extend(vector(params.iter().map(|p| vec![core(p)])));
        ty.extend(vector(results.iter().map(|r| vec![core(r)])));
        ty
    };
    let mut types = Vec::new();
    let mut imports = Vec::new();
    for (key, item) in &resolve.worlds[world].imports {
        let WorldItem::Interface { id, .. } = item else {
            continue;
        };
        for function in resolve.interfaces[*id].functions.values() {
            let signature = resolve.wasm_signature(AbiVariant::GuestImport, function);
            let (module, name) = resolve.wasm_import_name(
                ManglingAndAbi::Legacy(LiftLowerAbi::Sync),
                WasmImport::Func {
                    interface: Some(key),
                    func: function,
                },
            );
            let mut import = string(&module);
            import.extend(string(&name));
            import.push(0x00); // a function, of type:
            import.extend(uleb(types.len()));
            imports.push(import);
            types.push(func_type(&signature.params, &signature.results));
        }
    }
    // `cabi_realloc`, which lowering strings and lists needs, traps.
    let realloc = types.len();
    types.push(func_type(&[WasmType::I32; 4], &[WasmType::I32]));
    let realloc_index = imports.len();
    let mut memory_export = string("memory");
    memory_export.extend([0x02, 0x00]);
    let mut realloc_export = string("cabi_realloc");
    realloc_export.push(0x00);
    realloc_export.extend(uleb(realloc_index));

    let mut module = b"\0asm\x01\0\0\0".to_vec();
    for (id, entries) in [
        (1, types),
        (2, imports),
        (3, vec![uleb(realloc)]),
        (5, vec![vec![0x00, 0x01]]), // one memory of one page at least
        (7, vec![memory_export, realloc_export]),
        (10, vec![vec![0x03, 0x00, 0x00, 0x0b]]), // no locals, `unreachable`
    ] {
        let contents = vector(entries);
        module.push(id);
        module.extend(uleb(contents.len()));
        module.extend(contents);
    }
    wit_component::embed_component_metadata(
        &mut module,
        resolve,
        world,
        StringEncoding::UTF8,
        false,
    )
    .unwrap();
    let bytes = ComponentEncoder::default()
        .validate(true)
        .module(&module)
        .unwrap()
        .encode()
        .unwrap();
    fs::write(path, bytes).unwrap();
}

/// `n` in unsigned LEB128.
fn uleb(mut n: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    loop {
        let byte = u8::try_from(n & 0x7f).unwrap();
        n >>= 7;
        if n == 0 {
            bytes.push(byte);
            return bytes;
        }
        bytes.push(byte | 0x80);
    }
}

/// A vector of the binary format: its length, then its entries.
fn vector(entries: impl IntoIterator<Item = Vec<u8>>) -> Vec<u8> {
    let entries: Vec<Vec<u8>> = entries.into_iter().collect();
    let mut bytes = uleb(entries.len());
    bytes.extend(entries.concat());
    bytes
}

/// A name of the binary format.
fn string(text: &str) -> Vec<u8> {
    let mut bytes = uleb(text.len());
    bytes.extend(text.as_bytes());
    bytes
}

/// Writes `wit` as the package of a fresh directory.
fn package(name: &str, wit: &str) -> PathBuf {
    let dir = scratch(name);
    let file = dir.join("package.wit");
    fs::write(&file, wit).unwrap();
    file
}

const SHAPES: &str = "
    package test:shapes;
    interface api {
        resource counter {
            get: func() -> u32;
        }
        make: func() -> counter;
        greet: func(name: string) -> string;
        touch: func();
    }
";

#[test]
fn the_examples_socket_wit_is_what_socket_wit_writes() {
    let generated = socket_wit::render(
        &[repo("examples/wit/analyzer")],
        Shape::List,
        IdType::String,
    )
    .unwrap();
    let committed = fs::read_to_string(repo("examples/wit/sockets/analyzer/analyzer.wit")).unwrap();
    assert_eq!(
        generated, committed,
        "regenerate with: cargo run -p wasm-link-cli -- socket-wit examples/wit/analyzer \
         --cardinality any -o examples/wit/sockets/analyzer"
    );
    let bundled = fs::read_to_string(repo(
        "examples/wit/sockets/analyzer/deps/dispatch/dispatch.wit",
    ))
    .unwrap();
    assert_eq!(bundled, DISPATCH_WIT);
    assert_eq!(
        DISPATCH_WIT,
        fs::read_to_string(repo("wasm-link/wit/dispatch.wit")).unwrap()
    );
}

#[test]
fn socket_wit_gives_each_cardinality_its_shape_and_the_output_parses() {
    let wit = package("shapes", SHAPES);
    let cases = [
        (
            Shape::Wrapped,
            IdType::String,
            "tuple<string, result<string, dispatch-error>>",
        ),
        (
            Shape::Optional,
            IdType::U32,
            "option<tuple<u32, result<string, dispatch-error>>>",
        ),
        (
            Shape::List,
            IdType::U64,
            "list<tuple<u64, result<string, dispatch-error>>>",
        ),
    ];
    for (shape, id, greet) in cases {
        let out = scratch(&format!("shapes-out-{shape:?}"));
        let written = socket_wit::write(std::slice::from_ref(&wit), shape, id, &out).unwrap();
        let text = fs::read_to_string(&written.package).unwrap();
        assert!(
            text.contains(&format!("greet: func(name: string) -> {greet};")),
            "{text}"
        );
        // A function without a result gets `result<_, dispatch-error>`.
        assert!(text.contains("result<_, dispatch-error>"), "{text}");
        // A method reaches its resource's owner: `result<T, E>` only.
        assert!(
            text.contains("get: func() -> result<u32, dispatch-error>;"),
            "{text}"
        );
        assert!(text.contains("use wasm-link:runtime/dispatch@0.1.0.{dispatch-error};"));
        // What it wrote is a package the standard tools read, with its deps.
        let (resolve, package) = wit::load_package(&[out]).unwrap();
        assert_eq!(resolve.packages[package].name.to_string(), "test:shapes");
        assert!(written.dispatch.is_some());
    }
    // A transparent socket imports the exporters' own types.
    let out = scratch("shapes-out-transparent");
    let written = socket_wit::write(&[wit], Shape::Transparent, IdType::String, &out).unwrap();
    let text = fs::read_to_string(&written.package).unwrap();
    assert!(
        text.contains("greet: func(name: string) -> string;"),
        "{text}"
    );
    assert!(written.dispatch.is_none());
}

#[test]
fn socket_wit_refuses_what_wit_cannot_say_naming_it() {
    let constructor = package(
        "constructor",
        "package test:c; interface api { resource r { constructor(); } }",
    );
    let error = socket_wit::render(
        std::slice::from_ref(&constructor),
        Shape::List,
        IdType::String,
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("`api#[constructor]r`") && error.contains("transparent"),
        "{error}"
    );
    // Transparent, the constructor is imported as it is.
    socket_wit::render(&[constructor], Shape::Transparent, IdType::String).unwrap();

    let clash = package(
        "clash",
        "package test:d; interface api { type dispatch-error = u32; f: func(); }",
    );
    let error = socket_wit::render(&[clash], Shape::List, IdType::String)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("`api`") && error.contains("dispatch-error"),
        "{error}"
    );

    let error = socket_wit::render(
        &[repo("examples/wit/nothing-here")],
        Shape::List,
        IdType::String,
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("nothing-here") && error.contains("does not exist"),
        "{error}"
    );
    let broken = package("broken", "package test:e; interface api { f: func( }");
    let error = format!(
        "{:#}",
        socket_wit::render(std::slice::from_ref(&broken), Shape::List, IdType::String).unwrap_err()
    );
    assert!(error.contains(&broken.display().to_string()), "{error}");
}

/// The fixture's exporter: `test:meter`, which uses `test:units` (a package
/// directory under `deps/`), which uses `test:base` (a single file there);
/// `test:unused` is in `deps/` too, used by nothing.
const WITH_DEPS: &str = "cli/tests/fixtures/with-deps";

#[test]
fn socket_wit_bundles_the_exporters_dependencies_so_the_output_parses_alone() {
    let fixture = repo(WITH_DEPS);
    for shape in [Shape::List, Shape::Transparent] {
        let out = scratch(&format!("with-deps-{shape:?}"));
        let written =
            socket_wit::write(std::slice::from_ref(&fixture), shape, IdType::String, &out).unwrap();
        // Both dependencies, the indirect one first, each copied as it is.
        assert_eq!(
            written.dependencies,
            [
                out.join("deps/base/base.wit"),
                out.join("deps/units/lengths.wit")
            ]
        );
        for (copy, original) in [
            ("deps/base/base.wit", "deps/base.wit"),
            ("deps/units/lengths.wit", "deps/units/lengths.wit"),
        ] {
            assert_eq!(
                fs::read_to_string(out.join(copy)).unwrap(),
                fs::read_to_string(fixture.join(original)).unwrap(),
                "{copy}"
            );
        }
        assert!(
            !out.join("deps/unused").exists(),
            "an unused package is left out"
        );
        let (root, packages) = parse_alone(&out);
        assert_eq!(root, "test:meter");
        let mut expected = vec!["test:base", "test:meter", "test:units"];
        if shape != Shape::Transparent {
            expected.push("wasm-link:runtime@0.1.0");
        }
        assert_eq!(packages, expected);
    }

    // The command says what it wrote.
    let out = scratch("with-deps-command");
    let done = Command::new(env!("CARGO_BIN_EXE_wasm-link"))
        .args([
            "socket-wit",
            fixture.to_str().unwrap(),
            "--cardinality",
            "any",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let stdout = String::from_utf8_lossy(&done.stdout);
    for file in ["meter.wit", "dispatch.wit", "base.wit", "lengths.wit"] {
        assert!(stdout.contains(file), "{file} in: {stdout}");
    }
}

#[test]
fn socket_wit_prints_dependencies_that_have_no_wit_file_of_their_own() {
    // A package nested in the exporter's own file: that file is not copied
    // (the exporter's package is written reshaped), so the package is
    // printed under deps/.
    let nested = package(
        "nested",
        "package test:nested;
         interface api { use test:inner/types.{count}; total: func() -> count; }
         package test:inner { interface types { type count = u32; } }",
    );
    let out = scratch("nested-out");
    let written = socket_wit::write(&[nested], Shape::List, IdType::String, &out).unwrap();
    assert_eq!(written.dependencies, [out.join("deps/inner/inner.wit")]);
    assert!(
        !fs::read_to_string(&written.package)
            .unwrap()
            .contains("package test:inner")
    );
    let (root, packages) = parse_alone(&out);
    assert_eq!(root, "test:nested");
    assert!(packages.contains(&"test:inner".to_owned()), "{packages:?}");

    // A wasm-encoded package under deps/: printed as WIT.
    let exporter = scratch("encoded");
    fs::write(
        exporter.join("exporter.wit"),
        "package test:exporter; interface api { use test:units/lengths.{meters}; f: func() -> meters; }",
    )
    .unwrap();
    let mut units = Resolve::default();
    let id = units
        .push_str(
            "units.wit",
            "package test:units; interface lengths { type meters = f64; }",
        )
        .unwrap();
    fs::create_dir(exporter.join("deps")).unwrap();
    fs::write(
        exporter.join("deps/units.wasm"),
        wit_component::encode(&units, id, false).unwrap(),
    )
    .unwrap();
    let out = scratch("encoded-out");
    let written = socket_wit::write(&[exporter], Shape::Optional, IdType::U32, &out).unwrap();
    assert_eq!(written.dependencies, [out.join("deps/units/units.wit")]);
    let printed = fs::read_to_string(&written.dependencies[0]).unwrap();
    assert!(printed.contains("type meters = f64;"), "{printed}");
    let (_, packages) = parse_alone(&out);
    assert!(packages.contains(&"test:units".to_owned()), "{packages:?}");
}

#[test]
fn socket_wit_shares_the_runtime_package_an_exporter_already_uses() {
    let exporter = scratch("uses-runtime");
    fs::write(
        exporter.join("exporter.wit"),
        "package test:relay;
         interface api {
             use wasm-link:runtime/dispatch@0.1.0.{dispatch-error as failure};
             last-failure: func() -> option<failure>;
         }",
    )
    .unwrap();
    fs::create_dir_all(exporter.join("deps/runtime")).unwrap();
    fs::write(exporter.join("deps/runtime/dispatch.wit"), DISPATCH_WIT).unwrap();
    // Reshaped, the runtime's own dispatch.wit is written, once.
    let out = scratch("uses-runtime-out");
    let written = socket_wit::write(
        std::slice::from_ref(&exporter),
        Shape::List,
        IdType::String,
        &out,
    )
    .unwrap();
    assert!(
        written.dependencies.is_empty(),
        "{:?}",
        written.dependencies
    );
    assert!(written.dispatch.is_some());
    assert_eq!(
        parse_alone(&out).1,
        ["test:relay", "wasm-link:runtime@0.1.0"]
    );
    // Transparent, the exporter's copy is bundled as any dependency.
    let out = scratch("uses-runtime-transparent");
    let written = socket_wit::write(&[exporter], Shape::Transparent, IdType::String, &out).unwrap();
    assert_eq!(
        written.dependencies,
        [out.join("deps/runtime/dispatch.wit")]
    );
    assert_eq!(
        parse_alone(&out).1,
        ["test:relay", "wasm-link:runtime@0.1.0"]
    );
}

#[test]
fn socket_wit_refuses_an_output_that_does_not_parse_alone_naming_the_file() {
    // Left in the output directory from before: another package's file,
    // which the standard tools would read as part of this package.
    let out = scratch("stale-out");
    fs::write(out.join("stale.wit"), "package other:thing; interface x {}").unwrap();
    let error = format!(
        "{:#}",
        socket_wit::write(&[repo(WITH_DEPS)], Shape::List, IdType::String, &out).unwrap_err()
    );
    assert!(
        error.contains(&out.display().to_string())
            && error.contains("stale.wit")
            && error.contains("remove what was there before"),
        "{error}"
    );
}

#[test]
fn inspect_finds_the_reports_fan_out_socket_and_the_analysers_plain_imports() {
    let report = inspect(&repo("examples/plugins/report.wasm")).unwrap();
    let imports: Vec<_> = report
        .imports
        .iter()
        .map(|i| (i.name.as_str(), i.shape))
        .collect();
    assert_eq!(
        imports,
        [
            (
                "wasm-link:runtime/dispatch@0.1.0",
                Some(ImportShape::TypesOnly)
            ),
            ("text:analyzer/analyzer", Some(ImportShape::FanOut)),
        ]
    );
    let exports: Vec<_> = report.exports.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(exports, ["text:report/report"]);
    assert!(report.wasi.is_empty());
    let rendered = report.render();
    assert!(rendered.contains("AtLeastOne or Any"), "{rendered}");
    assert!(rendered.contains("WASI: none"), "{rendered}");
    assert!(
        rendered.contains(
            "analyze: func(text: string) -> list<tuple<string, result<analysis, dispatch-error>>>;"
        ),
        "{rendered}"
    );

    let analyser = inspect(&repo("examples/plugins/sentiment.wasm")).unwrap();
    assert_eq!(analyser.imports[0].name, "text:tokenizer/tokenizer");
    assert_eq!(analyser.imports[0].shape, Some(ImportShape::Plain));
}

#[test]
fn inspect_refuses_what_is_not_a_component_naming_the_file() {
    let dir = scratch("not-a-component");
    let module = dir.join("module.wasm");
    // A core module: the magic, version 1.
    fs::write(&module, b"\0asm\x01\0\0\0").unwrap();
    let error = format!("{:#}", inspect(&module).unwrap_err());
    assert!(
        error.contains("module.wasm") && error.contains("not a WebAssembly component"),
        "{error}"
    );
    let error = format!("{:#}", inspect(&dir.join("missing.wasm")).unwrap_err());
    assert!(error.contains("missing.wasm"), "{error}");
}

#[test]
fn inspect_lists_the_wasi_interfaces_a_component_imports() {
    let mut resolve = Resolve::default();
    let package = resolve
        .push_str(
            "app.wit",
            "package test:app;
             interface plain { shout: func(text: string) -> string; }
             world app {
                 import wasi:random/random@0.2.0;
                 import plain;
                 import wasi:clocks/monotonic-clock@0.2.0;
             }
             package wasi:random@0.2.0 { interface random { get-random-u64: func() -> u64; } }
             package wasi:clocks@0.2.0 { interface monotonic-clock { now: func() -> u64; } }",
        )
        .unwrap();
    let world = resolve.select_world(&[package], Some("app")).unwrap();
    let path = scratch("wasi").join("app.wasm");
    component(&resolve, world, &path);

    let inspected = inspect(&path).unwrap();
    assert_eq!(
        inspected.wasi,
        [
            "wasi:random/random@0.2.0",
            "wasi:clocks/monotonic-clock@0.2.0"
        ]
    );
    // WASI is the host's to grant: no socket shape is guessed for it.
    let shapes: Vec<_> = inspected
        .imports
        .iter()
        .map(|i| (i.name.as_str(), i.shape))
        .collect();
    assert_eq!(
        shapes,
        [
            ("wasi:random/random@0.2.0", None),
            ("test:app/plain", Some(ImportShape::Plain)),
            ("wasi:clocks/monotonic-clock@0.2.0", None),
        ]
    );
    let rendered = inspected.render();
    assert!(
        rendered.contains(
            "WASI: 2 interfaces; grant them with wasm-link's `wasi` feature:\n  \
             wasi:random/random@0.2.0\n  wasi:clocks/monotonic-clock@0.2.0\n"
        ),
        "{rendered}"
    );
    assert!(!rendered.contains("WASI: none"), "{rendered}");
}

#[test]
fn inspect_tells_the_wrapped_optional_and_mixed_socket_shapes() {
    // What socket-wit writes for each cardinality, imported by a plugin,
    // is read back as that cardinality.
    let wit = package("inspect-shapes", SHAPES);
    for (shape, expected, described) in [
        (Shape::Wrapped, ImportShape::Wrapped, "ExactlyOne, wrapped"),
        (Shape::Optional, ImportShape::Optional, "AtMostOne"),
        (Shape::List, ImportShape::FanOut, "AtLeastOne or Any"),
    ] {
        let dir = scratch(&format!("inspect-shapes-{shape:?}"));
        let socket = dir.join("socket");
        socket_wit::write(std::slice::from_ref(&wit), shape, IdType::String, &socket).unwrap();
        let mut resolve = Resolve::default();
        resolve.push_dir(&socket).unwrap();
        let importer = resolve
            .push_str(
                "importer.wit",
                "package test:importer; world importer { import test:shapes/api; }",
            )
            .unwrap();
        let world = resolve.select_world(&[importer], None).unwrap();
        let path = dir.join("importer.wasm");
        component(&resolve, world, &path);

        let inspected = inspect(&path).unwrap();
        let api = inspected
            .imports
            .iter()
            .find(|i| i.name == "test:shapes/api")
            .unwrap();
        assert_eq!(api.shape, Some(expected), "{shape:?}");
        let rendered = inspected.render();
        assert!(rendered.contains(described), "{shape:?}: {rendered}");
    }

    // Functions of one interface in two shapes: no one cardinality fits.
    let mut resolve = Resolve::default();
    let package = resolve
        .push_str(
            "mixed.wit",
            "package test:mixed;
             interface api {
                 every: func() -> list<tuple<string, result<u32, string>>>;
                 maybe: func() -> option<tuple<string, result<u32, string>>>;
             }
             world importer { import api; }",
        )
        .unwrap();
    let world = resolve.select_world(&[package], None).unwrap();
    let path = scratch("inspect-mixed").join("mixed.wasm");
    component(&resolve, world, &path);
    let inspected = inspect(&path).unwrap();
    assert_eq!(inspected.imports[0].name, "test:mixed/api");
    assert_eq!(inspected.imports[0].shape, Some(ImportShape::Mixed));
    assert!(
        inspected.render().contains("mixed result shapes"),
        "{}",
        inspected.render()
    );
}

#[test]
fn inspect_refuses_a_wit_package_naming_the_file() {
    let mut resolve = Resolve::default();
    let package = resolve
        .push_str("api.wit", "package test:api; interface api { f: func(); }")
        .unwrap();
    let path = scratch("wit-package").join("api.wasm");
    fs::write(
        &path,
        wit_component::encode(&resolve, package, false).unwrap(),
    )
    .unwrap();
    let error = format!("{:#}", inspect(&path).unwrap_err());
    assert!(
        error.contains("api.wasm")
            && error.contains("WIT package")
            && error.contains("not a component"),
        "{error}"
    );
}

#[test]
fn build_names_what_is_missing_before_it_needs_clang() {
    let out = scratch("build-errors");
    let source = out.join("plugin.c");
    fs::write(&source, "int x;").unwrap();
    let request = |sources: Vec<PathBuf>, world: &str| build::Build {
        wit: vec![repo("examples/wit/worlds/pipeline")],
        world: Some(world.to_owned()),
        sources,
        defines: Vec::new(),
        includes: Vec::new(),
        output: out.join("plugin.wasm"),
        clang: Some(PathBuf::from("/no/such/clang")),
        scratch: out.join("scratch"),
    };
    let error = format!(
        "{:#}",
        build::build(&request(vec![out.join("nope.c")], "analyzer")).unwrap_err()
    );
    assert!(
        error.contains("nope.c") && error.contains("does not exist"),
        "{error}"
    );
    let error = format!(
        "{:#}",
        build::build(&request(vec![source.clone()], "reporter")).unwrap_err()
    );
    assert!(
        error.contains("[tokenizer, analyzer]"),
        "the worlds there are listed: {error}"
    );
    // With the WIT right, the clang named is what fails.
    let error = format!(
        "{:#}",
        build::build(&request(vec![source], "analyzer")).unwrap_err()
    );
    assert!(error.contains("/no/such/clang"), "{error}");
}

/// The success path needs clang for wasm32 (`examples/build-plugins.sh`
/// installs it; `.ci/run` runs this after that script).
#[test]
#[ignore = "needs clang for wasm32: run after examples/build-plugins.sh"]
fn build_makes_a_component_that_exports_its_world() {
    let out = scratch("build");
    // Named as the example names it: the output's name is the core
    // module's, which the component keeps.
    let output = out.join("readability-fixed.wasm");
    let built = build::build(&build::Build {
        wit: vec![repo("examples/wit/worlds/pipeline")],
        world: Some("analyzer".into()),
        sources: vec![repo("examples/plugins/src/readability.c")],
        defines: vec!["READABILITY_FIXED".into()],
        includes: Vec::new(),
        output: output.clone(),
        clang: None,
        scratch: out.join("scratch"),
    })
    .unwrap();
    assert_eq!(built.bytes, fs::read(&output).unwrap().len());
    // The same bytes as the example's fixed build: the build is deterministic.
    assert!(
        fs::read(&output).unwrap()
            == fs::read(repo("examples/plugins/readability-fixed.wasm")).unwrap(),
        "the build differs from examples/plugins/readability-fixed.wasm"
    );
    let inspected = inspect(&output).unwrap();
    assert_eq!(inspected.exports[0].name, "text:analyzer/analyzer");
}

#[test]
fn build_without_clang_says_how_to_install_it() {
    let out = scratch("no-clang");
    let source = out.join("plugin.c");
    fs::write(&source, "int x;").unwrap();
    let empty = out.join("empty-path");
    fs::create_dir(&empty).unwrap();
    let run = |clang: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_wasm-link"));
        command
            .args(["build", "--world", "analyzer", "--wit"])
            .arg(repo("examples/wit/worlds/pipeline"))
            .arg(&source)
            .arg("-o")
            .arg(out.join("plugin.wasm"))
            .arg("--scratch")
            .arg(out.join("scratch"))
            // No clang on this PATH, whether the machine has one or not.
            .env("PATH", &empty)
            .env_remove("CLANG");
        if let Some(clang) = clang {
            command.env("CLANG", clang);
        }
        let output = command.output().unwrap();
        assert!(!output.status.success());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let stderr = run(None);
    assert!(
        stderr.contains("no clang found")
            && stderr.contains("clang-19, lld-19, wasi-libc and libclang-rt-19-dev-wasm32")
            && stderr.contains("examples/build-plugins.sh")
            && stderr.contains("--clang or $CLANG"),
        "{stderr}"
    );
    // A `$CLANG` that is not there is named as the one that failed.
    let stderr = run(Some("/no/such/clang-from-env"));
    assert!(
        stderr.contains("/no/such/clang-from-env")
            && stderr.contains("is clang for wasm32 installed?"),
        "{stderr}"
    );
    assert!(!out.join("plugin.wasm").exists());
}

/// Needs clang for wasm32, as `build_makes_a_component_that_exports_its_world`.
#[test]
#[ignore = "needs clang for wasm32: run after examples/build-plugins.sh"]
fn build_refuses_a_module_that_imports_what_its_world_does_not() {
    let out = scratch("build-wasi");
    let wit = out.join("plain.wit");
    fs::write(
        &wit,
        "package test:plain; world plain { export run: func() -> u32; }",
    )
    .unwrap();
    let source = out.join("plain.c");
    // `printf` links wasi-libc's stdout, which writes with WASI's
    // `fd_write`: an import world `plain` does not declare.
    fs::write(
        &source,
        "#include <stdio.h>\n#include \"plain.h\"\n\
         uint32_t exports_plain_run(void) { printf(\"hello\\n\"); return 1; }\n",
    )
    .unwrap();
    let output = out.join("plain.wasm");
    let error = format!(
        "{:#}",
        build::build(&build::Build {
            wit: vec![wit],
            world: None,
            sources: vec![source],
            defines: Vec::new(),
            includes: Vec::new(),
            output: output.clone(),
            clang: None,
            scratch: out.join("scratch"),
        })
        .unwrap_err()
    );
    assert!(
        error.contains("plain.wasm: the plugin imports what world `plain` does not")
            && error.contains("`wasi_snapshot_preview1#")
            && error.contains("such as printf?"),
        "{error}"
    );
    assert!(!output.exists(), "nothing is written");
}

#[test]
fn the_command_reports_bad_usage_and_writes_what_it_says() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_wasm-link"))
            .args(args)
            .output()
            .unwrap()
    };
    let wrong = run(&[
        "socket-wit",
        "x.wit",
        "--cardinality",
        "any",
        "--wrapped",
        "-o",
        "out",
    ]);
    assert!(!wrong.status.success());
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        stderr.contains("--wrapped applies to --cardinality exactly-one only"),
        "{stderr}"
    );

    let out = scratch("command");
    let analyzer = repo("examples/wit/analyzer");
    let done = run(&[
        "socket-wit",
        analyzer.to_str().unwrap(),
        "--cardinality",
        "exactly-one",
        "--wrapped",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let stdout = String::from_utf8_lossy(&done.stdout);
    assert!(
        stdout.contains("analyzer.wit") && stdout.contains("dispatch.wit"),
        "{stdout}"
    );
    let text = fs::read_to_string(out.join("analyzer.wit")).unwrap();
    assert!(
        text.contains("tuple<string, result<analysis, dispatch-error>>"),
        "{text}"
    );

    let shown = run(&[
        "inspect",
        repo("examples/plugins/report.wasm").to_str().unwrap(),
    ]);
    assert!(shown.status.success());
    assert!(String::from_utf8_lossy(&shown.stdout).contains("text:analyzer/analyzer"));
}
