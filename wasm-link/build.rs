//! Prepares the README for the crate docs (`src/lib.rs` includes the result
//! from `OUT_DIR`), in two ways:
//!
//! - its Rust examples use `?` at the top level, so each gets a hidden
//!   `fn main() -> Result` around it and runs as a doc test exactly as the
//!   README shows it;
//! - its relative links name files of the repository, which do not exist on
//!   the docs page, so each becomes plain code text: `[text](path)` turns
//!   into `` `path` in the repository `` (or `text (`path` in the repository)`
//!   when the text is not just the path).
//!
//! The README lives at the workspace root. In the packaged crate cargo puts a
//! copy next to `Cargo.toml` (the `readme` field), so that copy comes first.

use std::{
    env,
    fmt::Write as _,
    fs,
    path::{Path, PathBuf},
};

fn main() {
    let readme = find_readme();
    println!("cargo::rerun-if-changed={}", readme.display());
    let text = fs::read_to_string(&readme)
        .unwrap_or_else(|e| panic!("cannot read the README at {}: {e}", readme.display()));

    let mut out = String::with_capacity(text.len() + 256);
    let mut in_code = false; // inside a ``` block
    let mut in_rust = false; // ... and it is a ```rust block
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            if in_rust {
                out.push_str("# Ok(())\n# }\n");
            }
            in_rust = !in_code && line.trim() == "```rust";
            in_code = !in_code;
            out.push_str(line);
            out.push('\n');
            if in_rust {
                out.push_str("# fn main() -> Result<(), Box<dyn std::error::Error>> {\n");
            }
        } else if in_code {
            out.push_str(line);
            out.push('\n');
        } else {
            rewrite_links(line, &mut out);
            out.push('\n');
        }
    }

    let out_dir = env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let dest = Path::new(&out_dir).join("README.md");
    fs::write(&dest, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}

/// `README.md` next to `Cargo.toml` (the packaged crate), else the
/// workspace's `../README.md` (a checkout). Panics naming both if neither is.
fn find_readme() -> PathBuf {
    // Read when the script runs, not baked in when it is compiled: a build
    // script compiled for one checkout may be run for a copy elsewhere.
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let manifest_dir = Path::new(&manifest_dir);
    let packaged = manifest_dir.join("README.md");
    let checkout = manifest_dir.join("../README.md");
    if packaged.is_file() {
        return packaged;
    }
    if checkout.is_file() {
        return checkout;
    }
    panic!(
        "wasm-link's docs are its README, found at neither {} (the packaged crate) \
         nor {} (the workspace root of a checkout)",
        packaged.display(),
        checkout.display(),
    );
}

/// Copies one Markdown line (outside code blocks) to `out`, with every
/// relative link `[text](path)` made plain text. A target with a `:` (a URL,
/// `mailto:`, an intra-doc path like `crate::Plugin`) or starting with `#`
/// (an anchor on the same page) is a link that works in the docs, and stays.
/// Inline code spans are copied untouched.
fn rewrite_links(line: &str, out: &mut String) {
    let mut rest = line;
    while let Some(start) = rest.find(['[', '`']) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('`') {
            // An inline code span: copy it through to its closing backtick.
            let end = rest[1..].find('`').map_or(rest.len(), |j| j + 2);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if let Some((text, path, end)) = relative_link(rest) {
            if text.trim_matches('`') == path {
                write!(out, "`{path}` in the repository").unwrap();
            } else {
                write!(out, "{text} (`{path}` in the repository)").unwrap();
            }
            rest = &rest[end..];
        } else {
            out.push('[');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
}

/// `s` starts with `[`: if it starts with a relative link `[text](path)`
/// (one line, no brackets in the text), its text, path and length.
fn relative_link(s: &str) -> Option<(&str, &str, usize)> {
    let text_end = s.find("](")?;
    let text = &s[1..text_end];
    let path_start = text_end + 2;
    let path_end = path_start + s[path_start..].find(')')?;
    let path = &s[path_start..path_end];
    let relative = !text.contains(['[', ']'])
        && !path.is_empty()
        && !path.contains(':')
        && !path.starts_with('#');
    relative.then_some((text, path, path_end + 1))
}
