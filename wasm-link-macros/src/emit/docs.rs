//! `#[doc]` attributes for generated items: WIT docs, and our own text.

use proc_macro2::TokenStream;
use quote::quote;
use wit_parser::Docs;

/// `#[doc = ...]` lines for WIT docs, if any.
pub(super) fn docs(docs: &Docs) -> TokenStream {
    let Some(text) = &docs.contents else {
        return TokenStream::new();
    };
    let lines = text.lines().map(|line| format!(" {line}"));
    quote! { #( #[doc = #lines] )* }
}

/// WIT docs as a paragraph after other doc lines.
pub(super) fn paragraph(wit: &Docs) -> TokenStream {
    let lines = docs(wit);
    if lines.is_empty() {
        lines
    } else {
        quote! { #[doc = ""] #lines }
    }
}

pub(super) fn doc(text: &str) -> TokenStream {
    let text = format!(" {text}");
    quote! { #[doc = #text] }
}
