//! Reading WIT the way the standard tools do: a directory holding one
//! package with its dependencies under `deps/`, or files given in
//! dependency order (each one package, the last one the root).

use std::path::PathBuf;

use anyhow::{Context, Result, ensure};
use wit_parser::{PackageId, PackageSourceMap, Resolve, WorldId};

/// The packages at `paths`, and the root one.
///
/// # Errors
///
/// No path, a path that is not there, or WIT that does not parse (the
/// message names the file and line).
pub fn load_package(paths: &[PathBuf]) -> Result<(Resolve, PackageId)> {
    load_package_sources(paths).map(|(resolve, package, _)| (resolve, package))
}

/// [`load_package`], and which files each package was read from (one map
/// for each path).
///
/// # Errors
///
/// As [`load_package`].
pub fn load_package_sources(
    paths: &[PathBuf],
) -> Result<(Resolve, PackageId, Vec<PackageSourceMap>)> {
    ensure!(!paths.is_empty(), "no WIT given");
    let mut resolve = Resolve::default();
    let mut root = None;
    let mut sources = Vec::with_capacity(paths.len());
    for path in paths {
        ensure!(path.exists(), "the WIT {} does not exist", path.display());
        ensure!(
            paths.len() == 1 || path.is_file(),
            "{} is a directory: give one directory (its package, with deps/) or WIT files",
            path.display()
        );
        let (package, source) = resolve
            .push_path(path)
            .with_context(|| format!("reading the WIT at {}", path.display()))?;
        root = Some(package);
        sources.push(source);
    }
    Ok((resolve, root.expect("one path at least"), sources))
}

/// The world `world` of the root package at `paths` (the package's only
/// world when `None`).
///
/// # Errors
///
/// As [`load_package`], and a world that is not there (the message lists
/// the package's worlds).
pub fn load_world(paths: &[PathBuf], world: Option<&str>) -> Result<(Resolve, WorldId)> {
    let (resolve, package) = load_package(paths)?;
    let id = resolve.select_world(&[package], world).with_context(|| {
        let worlds: Vec<&str> = resolve.packages[package]
            .worlds
            .keys()
            .map(String::as_str)
            .collect();
        format!(
            "package `{}` has the worlds [{}]",
            resolve.packages[package].name,
            worlds.join(", ")
        )
    })?;
    Ok((resolve, id))
}
