//! The `bind!` macro of [wasm-link](https://docs.rs/wasm-link): typed Rust
//! bindings generated from WIT at compile time. Use it as `wasm_link::bind!`,
//! where it is documented.
//!
//! The expansion runs in four steps, one module each: `input` parses the
//! macro input, `load` reads and resolves the WIT, `model` walks it into
//! what the WIT says, and `emit` turns that into Rust (then `runtime` moves
//! its paths into the runtime when the `crate:` option names another).
//! Every failure is a `compile_error!` on the literal that named the WIT,
//! which `stub` wraps in stand-ins for the packages so the user sees one
//! error rather than a cascade.
//!
//! Set `WASM_LINK_BIND_DEBUG=<dir>` to write each expansion, pretty-printed,
//! to a file in `<dir>`.

mod emit;
mod input;
mod load;
mod model;
mod names;
mod runtime;
#[cfg(test)]
mod smith;
mod stub;

use proc_macro::TokenStream;

use crate::input::{Input, Source};

// Documented on its re-export, `wasm_link::bind!`: rustdoc would show docs
// written here after those.
#[allow(missing_docs)]
#[proc_macro]
pub fn bind(input: TokenStream) -> TokenStream {
    expand(input.into()).into()
}

/// The whole macro on `proc_macro2` tokens, so that tests can run it outside
/// the compiler: the expansion, or the `compile_error!` for a failure.
fn expand(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let input = match syn::parse2::<Input>(input) {
        Ok(input) => input,
        Err(err) => return err.to_compile_error(),
    };
    match expand_input(&input) {
        Ok((tokens, name)) => {
            debug_dump(&name, &tokens);
            tokens
        }
        Err(err) => stub::emit(&input.source, &input.runtime_name(), &err),
    }
}

/// The expansion, and the name its debug dump gets: the path as written,
/// or `inline_` and the package name for inline WIT.
fn expand_input(input: &Input) -> syn::Result<(proc_macro2::TokenStream, String)> {
    let loaded = load::load(&input.source, &input.features)?;
    let selected = match &input.interfaces {
        Some(names) => Some(load::check_interfaces(&loaded, names, || {
            load::load_all_features(&input.source).ok()
        })?),
        None => None,
    };
    let model = model::Model::new(
        &loaded.resolve,
        loaded.root,
        selected.as_deref(),
        input.asynchronous,
    );
    model
        .check_bound(input.interfaces.is_some())
        .map_err(|message| syn::Error::new(input.source.literal().span(), message))?;
    let name = match &input.source {
        Source::Path(lit) => lit.value(),
        Source::Inline(_) => format!("inline_{}", loaded.resolve.packages[loaded.root].name),
    };
    let tokens = emit::emit(&model, &loaded.files, &input.runtime_name());
    Ok((runtime::relocate(tokens, &input.runtime_path()), name))
}

/// With `WASM_LINK_BIND_DEBUG=<dir>`, writes the expansion to
/// `<dir>/<name with non-alphanumerics as _>.rs`, with the crate's directory
/// written as `$CARGO_MANIFEST_DIR`. Failures to write are
/// ignored: the dump is a debugging aid, never a reason to fail a build.
fn debug_dump(name: &str, tokens: &proc_macro2::TokenStream) {
    let Some(dir) = std::env::var_os("WASM_LINK_BIND_DEBUG") else {
        return;
    };
    let name: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    // The `include_bytes!` paths are absolute; writing them relative to the
    // crate keeps the dump (and its line breaks) the same on every machine.
    let mut source = tokens.to_string();
    if let Some(manifest) = std::env::var_os("CARGO_MANIFEST_DIR") {
        source = source.replace(&*manifest.to_string_lossy(), "$CARGO_MANIFEST_DIR");
    }
    let text = syn::parse_file(&source).map_or(source, |file| prettyplease::unparse(&file));
    let dir = std::path::PathBuf::from(dir);
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join(format!("{name}.rs")), text);
}

#[cfg(test)]
mod tests {
    use quote::quote;

    #[test]
    fn the_crate_option_leaves_no_path_into_wasm_link() {
        let wit = "package a:b; interface api { record r { x: u32 } get: func(r: r) -> u32; }";
        let expanded = super::expand(quote!(inline: #wit, crate: ::renamed)).to_string();
        assert!(expanded.contains(":: renamed :: Binding"), "{expanded}");
        assert!(!expanded.contains("wasm_link ::"), "{expanded}");
        let plain = super::expand(quote!(inline: #wit)).to_string();
        assert!(plain.contains(":: wasm_link :: Binding"), "{plain}");
    }
}
