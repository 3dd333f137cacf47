//! Prepares the README for the crate docs: its Rust examples use `?` at the
//! top level, so each gets a hidden `fn main() -> Result` around it and runs
//! as a doc test exactly as the README shows it.

use std::{env, fs, path::Path};

fn main() {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    println!("cargo::rerun-if-changed={}", readme.display());
    let text = fs::read_to_string(&readme).expect("README.md is readable");
    let mut out = String::with_capacity(text.len() + 256);
    let mut in_rust = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            if in_rust {
                out.push_str("# Ok(())\n# }\n");
                in_rust = false;
            } else if line.trim() == "```rust" {
                out.push_str(line);
                out.push('\n');
                out.push_str("# fn main() -> Result<(), Box<dyn std::error::Error>> {\n");
                in_rust = true;
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("README.md");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
