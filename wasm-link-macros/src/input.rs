//! The macro's input: where the WIT comes from.
//!
//! ```text
//! bind!("wit/app.wit")            // a file or a directory (with deps/),
//!                                 // relative to CARGO_MANIFEST_DIR
//! bind!(inline: "package a:b; …") // WIT written in the macro call
//! bind!("wit/app.wit", interfaces: ["api", "log"])
//!                                 // the root package's group covers only
//!                                 // these interfaces
//! ```

use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
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
    /// `interfaces: [..]`: the root package's interfaces its `Group` covers,
    /// each literal kept for error spans. `None` means all of them.
    pub(crate) interfaces: Option<Vec<LitStr>>,
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
        let mut interfaces = None;
        while input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let option: Ident = input.parse().map_err(|_| {
                input.error("expected an option after the WIT source: `interfaces: [\"name\", ..]`")
            })?;
            if option != "interfaces" {
                return Err(syn::Error::new(
                    option.span(),
                    format!(
                        "unknown option `{option}`: the option after the WIT source is `interfaces: [\"name\", ..]`"
                    ),
                ));
            }
            if interfaces.is_some() {
                return Err(syn::Error::new(
                    option.span(),
                    "`interfaces` is given twice",
                ));
            }
            input.parse::<Token![:]>()?;
            interfaces = Some(parse_names(input)?);
        }
        if !input.is_empty() {
            return Err(input.error("unexpected input after the WIT source"));
        }
        Ok(Self { source, interfaces })
    }
}

/// `["api", "log"]`: at least one name, none twice.
fn parse_names(input: ParseStream) -> syn::Result<Vec<LitStr>> {
    let content;
    let brackets = syn::bracketed!(content in input);
    let names = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
    if names.is_empty() {
        return Err(syn::Error::new(
            brackets.span.join(),
            "`interfaces` lists no interface: name at least one, or leave the option out for all",
        ));
    }
    let mut seen = Vec::<String>::new();
    for name in &names {
        if seen.contains(&name.value()) {
            return Err(syn::Error::new(
                name.span(),
                format!("interface `{}` is listed twice", name.value()),
            ));
        }
        seen.push(name.value());
    }
    Ok(names.into_iter().collect())
}
