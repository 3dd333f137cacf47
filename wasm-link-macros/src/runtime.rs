//! Where generated code finds the runtime.
//!
//! The emitters write every path into the runtime as `::wasm_link::…`. With
//! the `crate: path` option (a renamed dependency, or a re-export from
//! another crate), [`relocate`] rewrites the finished expansion so that
//! those paths start with the user's path instead: one rewrite at the end,
//! rather than a path threaded through every emitter.

use proc_macro2::{Group, Spacing, TokenStream, TokenTree};
use quote::quote;

/// Identifiers after which `::wasm_link` still starts a path (`use
/// ::wasm_link::X`, `<T as ::wasm_link::X>`); after any other identifier it
/// would continue one (`super::wasm_link`), and is left alone.
const PATH_STARTS_AFTER: &[&str] = &[
    "as", "const", "dyn", "else", "for", "if", "impl", "in", "let", "match", "move", "mut", "pub",
    "ref", "return", "static", "type", "unsafe", "use", "where", "while",
];

/// `tokens` with every path that starts `::wasm_link` starting with
/// `runtime` instead.
pub(crate) fn relocate(tokens: TokenStream, runtime: &TokenStream) -> TokenStream {
    if runtime.to_string() == quote!(::wasm_link).to_string() {
        return tokens;
    }
    rewrite(tokens, runtime)
}

fn rewrite(tokens: TokenStream, runtime: &TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        if starts_runtime_path(&trees[i..]) && !continues_path(&out) {
            out.extend(runtime.clone());
            i += 3;
            continue;
        }
        out.push(match &trees[i] {
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), rewrite(group.stream(), runtime));
                inner.set_span(group.span());
                TokenTree::Group(inner)
            }
            other => other.clone(),
        });
        i += 1;
    }
    out.into_iter().collect()
}

/// Whether `trees` begins with `::wasm_link`.
fn starts_runtime_path(trees: &[TokenTree]) -> bool {
    matches!(
        trees,
        [TokenTree::Punct(first), TokenTree::Punct(second), TokenTree::Ident(name), ..]
            if first.as_char() == ':'
                && first.spacing() == Spacing::Joint
                && second.as_char() == ':'
                && name == "wasm_link"
    )
}

/// Whether a `::` after the tokens `before` continues a path rather than
/// starting one: it follows an identifier that is neither one of
/// [`PATH_STARTS_AFTER`] nor a lifetime's name (`&'a ::wasm_link::X`).
fn continues_path(before: &[TokenTree]) -> bool {
    match before {
        [.., TokenTree::Punct(tick), TokenTree::Ident(_)] if tick.as_char() == '\'' => false,
        [.., TokenTree::Ident(ident)] => !PATH_STARTS_AFTER.contains(&ident.to_string().as_str()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_paths_move_and_others_stay() {
        let tokens = quote! {
            use ::wasm_link::Binding;
            fn f<'a>(b: &'a ::wasm_link::Binding<C>) -> ::wasm_link::X { <T as ::wasm_link::Y>::z() }
            type K = super::wasm_link::Kept;
        };
        let moved = relocate(tokens, &quote!(::my_rt::inner));
        assert_eq!(
            moved.to_string(),
            quote! {
                use ::my_rt::inner::Binding;
                fn f<'a>(b: &'a ::my_rt::inner::Binding<C>) -> ::my_rt::inner::X { <T as ::my_rt::inner::Y>::z() }
                type K = super::wasm_link::Kept;
            }
            .to_string()
        );
    }

    #[test]
    fn the_default_path_leaves_the_expansion_untouched() {
        let tokens = quote!(::wasm_link::Binding);
        assert_eq!(
            relocate(tokens.clone(), &quote!(::wasm_link)).to_string(),
            tokens.to_string()
        );
    }
}
