//! The macro's input: where the WIT comes from.
//!
//! ```text
//! bind!("wit/app.wit")            // a file or a directory (with deps/),
//!                                 // relative to CARGO_MANIFEST_DIR
//! bind!(inline: "package a:b; …") // WIT written in the macro call
//! ```

use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

/// Where the WIT is read from; the literal is where errors point.
pub(crate) enum Source {
    /// A path relative to `CARGO_MANIFEST_DIR`.
    Path(LitStr),
    /// WIT text.
    Inline(LitStr),
}

impl Source {
    /// The literal that names the WIT, for error spans.
    pub(crate) fn literal(&self) -> &LitStr {
        match self {
            Self::Path(lit) | Self::Inline(lit) => lit,
        }
    }
}

/// The parsed macro input.
pub(crate) struct Input {
    pub(crate) source: Source,
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.is_empty() {
            return Err(input.error(
                "expected the WIT to bind: `bind!(\"path/to/wit\")` or `bind!(inline: \"...\")`",
            ));
        }
        let source = if input.peek(LitStr) {
            Source::Path(input.parse()?)
        } else if input.peek(Ident) {
            let option: Ident = input.parse()?;
            if option != "inline" {
                return Err(syn::Error::new(
                    option.span(),
                    format!(
                        "unknown option `{option}`: expected a path literal or `inline: \"<WIT>\"`"
                    ),
                ));
            }
            input.parse::<Token![:]>()?;
            Source::Inline(input.parse()?)
        } else {
            return Err(input.error(
                "expected a string literal: the path to the WIT, relative to CARGO_MANIFEST_DIR",
            ));
        };
        // One trailing comma is fine; anything else is not.
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
        }
        if !input.is_empty() {
            return Err(input.error("unexpected input after the WIT source"));
        }
        Ok(Self { source })
    }
}
