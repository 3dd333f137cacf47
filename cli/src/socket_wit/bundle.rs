//! The exporter's dependencies under the written `deps/`: every package its
//! package uses, directly or not, so that the directory parses on its own.
//!
//! A package read from `.wit` files of its own is copied as it is, files
//! whole (with any other package they hold, and so what those use too). A
//! package without such files (read from a wasm-encoded package, or written
//! in the exporter's own files, which are not copied) is printed from what
//! was parsed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use wit_component::WitPrinter;
use wit_parser::{PackageId, PackageName, PackageSourceMap, Resolve};

/// Where a package's WIT is taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// The `.wit` files it was read from, sorted.
    Files(Vec<PathBuf>),
    /// No `.wit` file of its own: printed.
    Printed,
}

/// Writes every package `root` depends on, directly or not, except `skip`
/// (the runtime's, which the caller writes), under `deps`: one directory
/// for each group of files, or each printed package, named after its
/// package and not one of `taken`. Returns the files written, dependencies
/// first.
pub(super) fn write(
    resolve: &Resolve,
    root: PackageId,
    skip: Option<PackageId>,
    maps: &[PackageSourceMap],
    deps: &Path,
    taken: &[&str],
) -> Result<Vec<PathBuf>> {
    let sources = sources(resolve, root, maps);
    let needed = needed(resolve, root, skip, &sources);
    // Packages whose files are the same go together, once.
    let mut units: Vec<(Vec<PackageId>, &Source)> = Vec::new();
    for package in resolve.topological_packages() {
        if !needed.contains(&package) {
            continue;
        }
        let source = &sources[&package];
        let shared = units
            .iter_mut()
            .find(|(_, s)| matches!(source, Source::Files(_)) && *s == source);
        match shared {
            Some((packages, _)) => packages.push(package),
            None => units.push((vec![package], source)),
        }
    }
    let mut taken: HashSet<String> = taken.iter().map(ToString::to_string).collect();
    let mut written = Vec::new();
    for (packages, source) in units {
        // The last one in dependency order: the one the others are there for.
        let last = *packages.last().expect("a unit has a package");
        let name = &resolve.packages[last].name;
        let dir = deps.join(directory_name(name, &mut taken));
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        match source {
            Source::Files(files) => {
                for file in files {
                    // The files of one package are of one directory: their
                    // names differ.
                    let to = dir.join(file.file_name().expect("a file's path"));
                    fs::copy(file, &to).with_context(|| {
                        format!("copying {} to {}", file.display(), to.display())
                    })?;
                    written.push(to);
                }
            }
            Source::Printed => {
                let mut printer = WitPrinter::default();
                printer
                    .print(resolve, last, &[])
                    .with_context(|| format!("printing `{name}`"))?;
                let to = dir.join(format!("{}.wit", name.name));
                fs::write(&to, printer.output.to_string())
                    .with_context(|| format!("writing {}", to.display()))?;
                written.push(to);
            }
        }
    }
    Ok(written)
}

/// Where each package of `resolve` is taken from.
fn sources(
    resolve: &Resolve,
    root: PackageId,
    maps: &[PackageSourceMap],
) -> HashMap<PackageId, Source> {
    // A package of a directory is mapped to the directory's files; one
    // nested in a file given alone is not, and is found by where its
    // interfaces and worlds are; a wasm-encoded one has neither.
    let files = |id: PackageId| {
        let mut files: Vec<PathBuf> =
            if let Some(paths) = maps.iter().find_map(|m| m.package_paths(id)) {
                paths.map(Path::to_path_buf).collect()
            } else {
                let package = &resolve.packages[id];
                package
                    .interfaces
                    .values()
                    .map(|i| resolve.interfaces[*i].span)
                    .chain(package.worlds.values().map(|w| resolve.worlds[*w].span))
                    .filter_map(|span| resolve.source_map.resolve_span(span))
                    .map(|location| PathBuf::from(location.path))
                    .collect()
            };
        files.sort();
        files.dedup();
        files
    };
    let root_files = files(root);
    resolve
        .packages
        .iter()
        .map(|(id, _)| {
            let files = files(id);
            let own = !files.is_empty()
                && files.iter().all(|file| {
                    file.extension().is_some_and(|e| e == "wit")
                        && file.is_file()
                        && !root_files.contains(file)
                });
            (
                id,
                if own {
                    Source::Files(files)
                } else {
                    Source::Printed
                },
            )
        })
        .collect()
}

/// The packages `root` depends on, directly or not, and those that share a
/// file with them (copying the file brings them), except `skip`.
fn needed(
    resolve: &Resolve,
    root: PackageId,
    skip: Option<PackageId>,
    sources: &HashMap<PackageId, Source>,
) -> BTreeSet<PackageId> {
    let mut needed = BTreeSet::new();
    let mut work: Vec<PackageId> = resolve.package_direct_deps(root).collect();
    while let Some(package) = work.pop() {
        if package == root || Some(package) == skip || !needed.insert(package) {
            continue;
        }
        work.extend(resolve.package_direct_deps(package));
        let source = &sources[&package];
        if matches!(source, Source::Files(_)) {
            work.extend(
                sources
                    .iter()
                    .filter(|(_, s)| *s == source)
                    .map(|(id, _)| *id),
            );
        }
    }
    needed
}

/// A directory name for `name` that is not `taken` (and now is): its name
/// (`units` for `test:units`), else with its namespace, else with its
/// version, else numbered.
fn directory_name(name: &PackageName, taken: &mut HashSet<String>) -> String {
    let full = format!("{}-{}", name.namespace, name.name);
    let mut candidates = vec![name.name.clone(), full.clone()];
    if let Some(version) = &name.version {
        candidates.push(format!("{full}-{version}"));
    }
    let last = candidates.last().expect("two at least").clone();
    // One more numbered name than are taken: one of them is free.
    let numbered = (2..=taken.len() + 2).map(|n| format!("{last}-{n}"));
    let chosen = candidates
        .into_iter()
        .chain(numbered)
        .find(|candidate| !taken.contains(candidate))
        .expect("more names than are taken");
    taken.insert(chosen.clone());
    chosen
}
