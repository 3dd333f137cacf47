//! The macro's input: where the WIT comes from, and options.
//!
//! ```text
//! bind!("wit/app.wit")            // a file or a directory (with deps/),
//!                                 // relative to CARGO_MANIFEST_DIR
//! bind!(inline: "package a:b; …") // WIT written in the macro call
//! bind!("wit/app.wit", interfaces: ["api", "log"])
//!                                 // the root package's group covers only
//!                                 // these interfaces
//! bind!("wit", features: ["beta"]) // enables `@unstable(feature = beta)` items
//! bind!("wit", crate: ::my_link)   // the runtime under another name
//! bind!("wit", async)              // typed methods are `async fn`
//! ```

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Path, Token};

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
    /// `async`: the group's typed methods are `async fn`.
    pub(crate) asynchronous: bool,
    /// `interfaces: [..]`: the root package's interfaces its `Group` covers,
    /// each literal kept for error spans. `None` means all of them.
    pub(crate) interfaces: Option<Vec<LitStr>>,
    /// `features: [..]`: the `@unstable` features to enable.
    pub(crate) features: Vec<LitStr>,
    /// `crate: path`: where generated code finds the runtime; `None` for
    /// `::wasm_link`.
    pub(crate) krate: Option<Path>,
}

impl Input {
    /// The path generated code reaches the runtime by.
    pub(crate) fn runtime_path(&self) -> TokenStream {
        self.krate
            .as_ref()
            .map_or_else(|| quote!(::wasm_link), ToTokens::to_token_stream)
    }

    /// The name a package module must not take at the call site: the
    /// runtime crate's (its path's first segment), which the module would
    /// make ambiguous there (E0659).
    pub(crate) fn runtime_name(&self) -> String {
        self.krate
            .as_ref()
            .and_then(|path| path.segments.first())
            .map_or_else(|| "wasm_link".to_owned(), |s| s.ident.to_string())
    }
}

/// What the options after the WIT source can be, for error messages.
const OPTIONS: &str = "`interfaces: [\"name\", ..]`, `features: [\"name\", ..]`, \
                       `crate: path::to::wasm_link` or `async`";

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
        let mut parsed = Self {
            source,
            asynchronous: false,
            interfaces: None,
            features: Vec::new(),
            krate: None,
        };
        let mut seen = Vec::<String>::new();
        while input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            if input.peek(Token![async]) {
                let keyword: Token![async] = input.parse()?;
                if parsed.asynchronous {
                    return Err(syn::Error::new(keyword.span, "`async` is given twice"));
                }
                if input.peek(Token![:]) {
                    return Err(syn::Error::new(
                        keyword.span,
                        "`async` takes no value: write `async` alone to make the group's \
                         methods `async fn`",
                    ));
                }
                parsed.asynchronous = true;
                continue;
            }
            let option: Ident = if input.peek(Token![crate]) {
                let krate: Token![crate] = input.parse()?;
                Ident::new("crate", krate.span)
            } else {
                input.parse().map_err(|_| {
                    input.error(format!(
                        "expected an option after the WIT source: {OPTIONS}"
                    ))
                })?
            };
            let name = option.to_string();
            if seen.contains(&name) {
                return Err(syn::Error::new(
                    option.span(),
                    format!("`{name}` is given twice"),
                ));
            }
            input.parse::<Token![:]>()?;
            match name.as_str() {
                "interfaces" => {
                    parsed.interfaces = Some(parse_names(input, "interfaces", "interface")?);
                }
                "features" => parsed.features = parse_names(input, "features", "feature")?,
                "crate" => parsed.krate = Some(Path::parse_mod_style(input)?),
                _ => {
                    return Err(syn::Error::new(
                        option.span(),
                        format!("unknown option `{option}`: the options are {OPTIONS}"),
                    ));
                }
            }
            seen.push(name);
        }
        if !input.is_empty() {
            return Err(input.error("unexpected input after the WIT source"));
        }
        Ok(parsed)
    }
}

/// `["api", "log"]` for option `option`: at least one name, none twice.
fn parse_names(input: ParseStream, option: &str, what: &str) -> syn::Result<Vec<LitStr>> {
    let content;
    let brackets = syn::bracketed!(content in input);
    let names = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
    if names.is_empty() {
        return Err(syn::Error::new(
            brackets.span.join(),
            format!("`{option}` lists no {what}: name at least one, or leave the option out"),
        ));
    }
    let mut seen = Vec::<String>::new();
    for name in &names {
        if seen.contains(&name.value()) {
            return Err(syn::Error::new(
                name.span(),
                format!("{what} `{}` is listed twice", name.value()),
            ));
        }
        seen.push(name.value());
    }
    Ok(names.into_iter().collect())
}
