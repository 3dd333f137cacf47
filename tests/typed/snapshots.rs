//! The expansions of a few fixtures, pretty-printed, match the files in
//! `typed/expanded/`. The macro writes each expansion while this test binary
//! compiles (`tests/build.rs` sets `WASM_LINK_BIND_DEBUG`); run with
//! `WASM_LINK_BLESS=1` to rewrite the snapshots after a deliberate change.

use std::path::Path;

/// Fixtures whose expansion is kept.
const SNAPSHOTS: &[&str] = &["kinds", "keywords", "resources"];

#[test]
fn expansions_match_snapshots() {
    let bless = std::env::var_os("WASM_LINK_BLESS").is_some_and(|v| v == "1");
    let manifest = env!("CARGO_MANIFEST_DIR");
    let mut stale = Vec::new();
    for name in SNAPSHOTS {
        let dumped = Path::new(env!("OUT_DIR"))
            .join("expanded")
            .join(format!("typed_fixtures_{name}_wit.rs"));
        // The macro writes the crate's directory as `$CARGO_MANIFEST_DIR`, so
        // the expansion does not depend on where the repository is cloned.
        let expanded = std::fs::read_to_string(&dumped)
            .unwrap_or_else(|e| panic!("no expansion at {}: {e}", dumped.display()));
        let snapshot = Path::new(manifest)
            .join("typed/expanded")
            .join(format!("{name}.rs"));
        if bless {
            std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
            std::fs::write(&snapshot, &expanded).unwrap();
            continue;
        }
        let kept = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if kept != expanded {
            let line = kept
                .lines()
                .zip(expanded.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| kept.lines().count().min(expanded.lines().count()));
            stale.push(format!(
                "{}: differs from line {} (expanded: {:?})",
                snapshot.display(),
                line + 1,
                expanded.lines().nth(line).unwrap_or("<end>"),
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "stale expansion snapshots (rerun with WASM_LINK_BLESS=1 to accept):\n{}",
        stale.join("\n")
    );
}
