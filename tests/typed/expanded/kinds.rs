#[doc(hidden)]
#[allow(
    dead_code,
    missing_docs,
    unused_imports,
    non_camel_case_types,
    clippy::all,
    clippy::pedantic
)]
pub mod __wasm_link_bind_test_kinds {
    const _: &[u8] = include_bytes!("$CARGO_MANIFEST_DIR/typed/fixtures/kinds.wit");
    /// Typed bindings of WIT package `test:kinds@0.1.0`.
    ///
    /// Every WIT type kind, in one interface, with a function for each.
    pub mod test_kinds {
        /// The package name, as `wasm_link::Binding::new` takes it.
        pub const PACKAGE: &::core::primitive::str = "test:kinds@0.1.0";
        /// The package's interfaces, by name, as `wasm_link::Binding::new`
        /// takes them: each function's kind and what its result may hold,
        /// and each interface's resource types.
        pub fn interfaces() -> ::std::collections::HashMap<
            ::std::string::String,
            ::wasm_link::Interface,
        > {
            ::std::collections::HashMap::from([
                (
                    ::std::string::String::from("types"),
                    ::wasm_link::Interface::new(
                        ::std::collections::HashMap::from([]),
                        ::std::collections::HashSet::from([]),
                    ),
                ),
                (
                    ::std::string::String::from("api"),
                    ::wasm_link::Interface::new(
                        ::std::collections::HashMap::from([
                            (
                                ::std::string::String::from("echo-bool"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("echo-u8"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("echo-s64"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("echo-f32"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("echo-char"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("echo-string"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("echo-scalars"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("echo-shape"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("echo-color"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("echo-perms"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("echo-bytes"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("echo-containers"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("echo-result"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("echo-tuple"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("many"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("nothing"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::Void,
                                ),
                            ),
                            (
                                ::std::string::String::from("fallible"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                        ]),
                        ::std::collections::HashSet::from([]),
                    ),
                ),
            ])
        }
        /// The plugins implementing package `test:kinds@0.1.0`, in the cardinality `C`, with a typed method per function.
        ///
        /// Built by `Group::new`, which checks every plugin's exports against
        /// the WIT once. `group.<interface>().<function>(..)` calls every
        /// plugin and returns one result per plugin in `C`'s shape (for
        /// `ExactlyOne<Id, _>`, `ExactlyOne<Id, Result<T, DispatchError>>`).
        /// A function whose arguments hold an owned handle (`wasm_link::Own`,
        /// which is not `Clone`) moves it into one plugin: on a group of
        /// several plugins its call is refused, every result
        /// `DispatchError::InvalidResource`.
        /// `&group` converts into a `wasm_link::Socket`, so the group can be
        /// another plugin's socket; `group.binding()` reaches the untyped
        /// `Binding` (for `dispatch` with `Val`s, and `restart`).
        /// `replace`, `insert` and `remove` change its plugins while it
        /// runs: newcomers are checked against the WIT first, and every call
        /// that starts afterwards sees the change.
        pub struct Group<C: ::wasm_link::Cardinality> {
            binding: ::wasm_link::Binding<C>,
            types: types::Functions,
            api: api::Functions,
        }
        impl<C: ::wasm_link::Cardinality> ::core::fmt::Debug for Group<C> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct("Group")
                    .field("binding", &self.binding)
                    .finish_non_exhaustive()
            }
        }
        impl<C, Ctx> Group<C>
        where
            C: ::wasm_link::Cardinality<Item = ::wasm_link::PluginInstance<Ctx>>,
            C::Id: ::wasm_link::PluginId,
            Ctx: ::wasm_link::PluginContext,
        {
            /// Binds `plugins` to this package (with the metadata of
            /// `interfaces()`) and checks every plugin's exports against the
            /// WIT.
            ///
            /// # Errors
            ///
            /// `LinkError::ExportMismatch`, naming the plugin, the function
            /// and the expected and found types, when a plugin does not
            /// export a function with the WIT's type.
            pub fn new(
                plugins: C,
            ) -> ::core::result::Result<Self, ::wasm_link::LinkError> {
                Self::from_binding(
                    ::wasm_link::Binding::new(PACKAGE, interfaces(), plugins),
                )
            }
            /// Wraps an existing binding of this package (e.g. one shared
            /// with other plugins as a socket), checking its plugins' exports
            /// against the WIT.
            ///
            /// # Errors
            ///
            /// As `Group::new`; also `LinkError::UndeclaredFunction` when the
            /// binding does not declare a function of the WIT.
            pub fn from_binding(
                binding: ::wasm_link::Binding<C>,
            ) -> ::core::result::Result<Self, ::wasm_link::LinkError> {
                ::core::result::Result::Ok(Self {
                    types: types::Functions::new(&binding)?,
                    api: api::Functions::new(&binding)?,
                    binding,
                })
            }
            /// The untyped binding: a cheap shared handle to the same plugins.
            pub fn binding(&self) -> &::wasm_link::Binding<C> {
                &self.binding
            }
            /// Unwraps the untyped binding.
            pub fn into_binding(self) -> ::wasm_link::Binding<C> {
                self.binding
            }
            /// Swaps the plugin `id` for `plugin` while the group runs
            /// (`Binding::replace`): `plugin` is checked against the WIT,
            /// the binding's other plugins and its importers first, and the
            /// group's calls reach it from their next call on.
            ///
            /// # Errors
            ///
            /// As `Binding::replace`; the binding is then unchanged.
            pub fn replace(
                &self,
                id: &C::Id,
                plugin: ::wasm_link::PluginInstance<Ctx>,
            ) -> ::core::result::Result<(), ::wasm_link::LinkError> {
                self.binding.replace(id, plugin)
            }
            /// Adds `plugin` as the plugin `id` (`Binding::insert`), checked
            /// as for `replace`.
            ///
            /// # Errors
            ///
            /// As `Binding::insert`; the binding is then unchanged.
            pub fn insert(
                &self,
                id: C::Id,
                plugin: ::wasm_link::PluginInstance<Ctx>,
            ) -> ::core::result::Result<(), ::wasm_link::LinkError> {
                self.binding.insert(id, plugin)
            }
            /// Takes the plugin `id` out of the group (`Binding::remove`).
            ///
            /// # Errors
            ///
            /// As `Binding::remove`; the binding is then unchanged.
            pub fn remove(
                &self,
                id: &C::Id,
            ) -> ::core::result::Result<(), ::wasm_link::LinkError> {
                self.binding.remove(id)
            }
            /// Typed calls of interface `types`.
            pub fn types(&self) -> types::Calls<'_, C> {
                types::Calls {
                    binding: &self.binding,
                    functions: &self.types,
                }
            }
            /// Typed calls of interface `api`.
            pub fn api(&self) -> api::Calls<'_, C> {
                api::Calls {
                    binding: &self.binding,
                    functions: &self.api,
                }
            }
        }
        impl<C, Ctx> Group<C>
        where
            C: ::wasm_link::Cardinality<Item = ::wasm_link::PluginInstance<Ctx>>
                + 'static,
            C::Id: ::wasm_link::__private::SocketId,
            Ctx: ::wasm_link::PluginContext,
        {
            /// The group as a socket for another plugin's `link`: every
            /// function with a typed form reaches importers of the same
            /// context type through typed host functions (resource handles
            /// included); importers of other context types, and functions
            /// without a typed form, use the `Val` path.
            pub fn socket(&self) -> ::wasm_link::Socket {
                ::wasm_link::__private::TypedSocket::new(&self.binding)
                    .forward::<
                        (::core::primitive::bool,),
                        (::core::primitive::bool,),
                    >("api", "echo-bool")
                    .forward::<
                        (::core::primitive::u8,),
                        (::core::primitive::u8,),
                    >("api", "echo-u8")
                    .forward::<
                        (::core::primitive::i64,),
                        (::core::primitive::i64,),
                    >("api", "echo-s64")
                    .forward::<
                        (::core::primitive::f32,),
                        (::core::primitive::f32,),
                    >("api", "echo-f32")
                    .forward::<
                        (::core::primitive::char,),
                        (::core::primitive::char,),
                    >("api", "echo-char")
                    .forward::<
                        (::std::string::String,),
                        (::std::string::String,),
                    >("api", "echo-string")
                    .forward::<
                        (self::api::Scalars,),
                        (self::api::Scalars,),
                    >("api", "echo-scalars")
                    .forward::<
                        (self::api::Shape,),
                        (self::api::Shape,),
                    >("api", "echo-shape")
                    .forward::<
                        (self::api::Color,),
                        (self::api::Color,),
                    >("api", "echo-color")
                    .forward::<
                        (self::api::Perms,),
                        (self::api::Perms,),
                    >("api", "echo-perms")
                    .forward::<
                        (self::api::Bytes,),
                        (self::api::Bytes,),
                    >("api", "echo-bytes")
                    .forward::<
                        (self::api::Containers,),
                        (self::api::Containers,),
                    >("api", "echo-containers")
                    .forward::<
                        (
                            ::core::result::Result<
                                ::std::string::String,
                                ::core::primitive::u32,
                            >,
                        ),
                        (
                            ::core::result::Result<
                                ::std::string::String,
                                ::core::primitive::u32,
                            >,
                        ),
                    >("api", "echo-result")
                    .forward::<
                        ((::core::primitive::u32, ::core::primitive::u64),),
                        ((::core::primitive::u32, ::core::primitive::u64),),
                    >("api", "echo-tuple")
                    .forward::<
                        (
                            ::core::primitive::u32,
                            ::std::string::String,
                            ::std::vec::Vec<::core::primitive::u32>,
                            ::core::option::Option<::std::string::String>,
                        ),
                        (
                            ::std::vec::Vec<
                                (::core::primitive::u32, ::std::string::String),
                            >,
                        ),
                    >("api", "many")
                    .forward::<(), ()>("api", "nothing")
                    .forward::<(), (::core::result::Result<(), ()>,)>("api", "fallible")
                    .into_socket()
            }
        }
        impl<C, Ctx> ::core::convert::From<&Group<C>> for ::wasm_link::Socket
        where
            C: ::wasm_link::Cardinality<Item = ::wasm_link::PluginInstance<Ctx>>
                + 'static,
            C::Id: ::wasm_link::__private::SocketId,
            Ctx: ::wasm_link::PluginContext,
        {
            /// `group.socket()`.
            fn from(group: &Group<C>) -> Self {
                group.socket()
            }
        }
        /// Interface `types`: its types and typed calls.
        pub mod types {
            use ::wasm_link::__private::wasmtime;
            /// A record of scalars.
            #[derive(
                ::wasm_link::__private::wasmtime::component::ComponentType,
                ::wasm_link::__private::wasmtime::component::Lift,
                ::wasm_link::__private::wasmtime::component::Lower,
            )]
            #[component(record)]
            #[component(wasmtime_crate = ::wasm_link::__private::wasmtime)]
            #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
            pub struct Scalars {
                #[component(name = "b")]
                pub b: ::core::primitive::bool,
                #[component(name = "u8v")]
                pub u8v: ::core::primitive::u8,
                #[component(name = "u16v")]
                pub u16v: ::core::primitive::u16,
                #[component(name = "u32v")]
                pub u32v: ::core::primitive::u32,
                #[component(name = "u64v")]
                pub u64v: ::core::primitive::u64,
                #[component(name = "s8v")]
                pub s8v: ::core::primitive::i8,
                #[component(name = "s16v")]
                pub s16v: ::core::primitive::i16,
                #[component(name = "s32v")]
                pub s32v: ::core::primitive::i32,
                #[component(name = "s64v")]
                pub s64v: ::core::primitive::i64,
                #[component(name = "f32v")]
                pub f32v: ::core::primitive::f32,
                #[component(name = "f64v")]
                pub f64v: ::core::primitive::f64,
                #[component(name = "c")]
                pub c: ::core::primitive::char,
                #[component(name = "s")]
                pub s: ::std::string::String,
            }
            impl ::wasm_link::__private::NoHandles for Scalars {}
            impl ::wasm_link::__private::Handles for Scalars {
                fn for_each_handle(
                    &mut self,
                    each: &mut ::wasm_link::__private::HandleVisitor<'_>,
                ) -> ::core::result::Result<(), ::std::string::String> {
                    let _ = &each;
                    ::wasm_link::__private::Handles::for_each_handle(&mut self.b, each)?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.u8v,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.u16v,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.u32v,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.u64v,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.s8v,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.s16v,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.s32v,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.s64v,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.f32v,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.f64v,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(&mut self.c, each)?;
                    ::wasm_link::__private::Handles::for_each_handle(&mut self.s, each)?;
                    ::core::result::Result::Ok(())
                }
            }
            /// A variant with and without payloads.
            #[derive(
                ::wasm_link::__private::wasmtime::component::ComponentType,
                ::wasm_link::__private::wasmtime::component::Lift,
                ::wasm_link::__private::wasmtime::component::Lower,
            )]
            #[component(variant)]
            #[component(wasmtime_crate = ::wasm_link::__private::wasmtime)]
            #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
            pub enum Shape {
                #[component(name = "circle")]
                Circle(::core::primitive::f64),
                #[component(name = "square")]
                Square(::core::primitive::u32),
                #[component(name = "named")]
                Named(::std::string::String),
                #[component(name = "nothing")]
                Nothing,
            }
            impl ::wasm_link::__private::NoHandles for Shape {}
            impl ::wasm_link::__private::Handles for Shape {
                fn for_each_handle(
                    &mut self,
                    each: &mut ::wasm_link::__private::HandleVisitor<'_>,
                ) -> ::core::result::Result<(), ::std::string::String> {
                    let _ = &each;
                    #[allow(unreachable_patterns)]
                    match self {
                        Self::Circle(payload) => {
                            ::wasm_link::__private::Handles::for_each_handle(
                                payload,
                                each,
                            )
                        }
                        Self::Square(payload) => {
                            ::wasm_link::__private::Handles::for_each_handle(
                                payload,
                                each,
                            )
                        }
                        Self::Named(payload) => {
                            ::wasm_link::__private::Handles::for_each_handle(
                                payload,
                                each,
                            )
                        }
                        _ => ::core::result::Result::Ok(()),
                    }
                }
            }
            #[derive(
                ::wasm_link::__private::wasmtime::component::ComponentType,
                ::wasm_link::__private::wasmtime::component::Lift,
                ::wasm_link::__private::wasmtime::component::Lower,
            )]
            #[component(enum)]
            #[component(wasmtime_crate = ::wasm_link::__private::wasmtime)]
            #[derive(
                ::core::clone::Clone,
                ::core::marker::Copy,
                ::core::fmt::Debug,
                ::core::cmp::PartialEq,
                ::core::cmp::Eq,
                ::core::hash::Hash,
            )]
            #[repr(u8)]
            pub enum Color {
                #[component(name = "red")]
                Red,
                #[component(name = "green")]
                Green,
                #[component(name = "blue")]
                Blue,
            }
            impl ::wasm_link::__private::NoHandles for Color {}
            impl ::wasm_link::__private::Handles for Color {
                fn for_each_handle(
                    &mut self,
                    each: &mut ::wasm_link::__private::HandleVisitor<'_>,
                ) -> ::core::result::Result<(), ::std::string::String> {
                    let _ = &each;
                    ::core::result::Result::Ok(())
                }
            }
            ::wasm_link::__private::wasmtime::component::flags! {
                Perms { #[component(name = "read")] const READ; #[component(name =
                "write")] const WRITE; #[component(name = "exec")] const EXEC; }
            }
            impl ::wasm_link::__private::NoHandles for Perms {}
            impl ::wasm_link::__private::Handles for Perms {
                fn for_each_handle(
                    &mut self,
                    each: &mut ::wasm_link::__private::HandleVisitor<'_>,
                ) -> ::core::result::Result<(), ::std::string::String> {
                    let _ = &each;
                    ::core::result::Result::Ok(())
                }
            }
            pub type Bytes = ::std::vec::Vec<::core::primitive::u8>;
            pub type Maybe = ::core::option::Option<::core::primitive::u32>;
            pub type Pair = (::core::primitive::u32, ::std::string::String);
            #[derive(
                ::wasm_link::__private::wasmtime::component::ComponentType,
                ::wasm_link::__private::wasmtime::component::Lift,
                ::wasm_link::__private::wasmtime::component::Lower,
            )]
            #[component(record)]
            #[component(wasmtime_crate = ::wasm_link::__private::wasmtime)]
            #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
            pub struct Containers {
                #[component(name = "names")]
                pub names: ::std::vec::Vec<::std::string::String>,
                #[component(name = "nested")]
                pub nested: ::std::vec::Vec<::std::vec::Vec<::std::string::String>>,
                #[component(name = "opt")]
                pub opt: ::core::option::Option<::std::string::String>,
                #[component(name = "opt-opt")]
                pub opt_opt: ::core::option::Option<
                    ::core::option::Option<::core::primitive::u8>,
                >,
                #[component(name = "res")]
                pub res: ::core::result::Result<
                    ::core::primitive::u32,
                    ::std::string::String,
                >,
                #[component(name = "res-no-ok")]
                pub res_no_ok: ::core::result::Result<(), ::std::string::String>,
                #[component(name = "res-no-err")]
                pub res_no_err: ::core::result::Result<::core::primitive::u32, ()>,
                #[component(name = "res-empty")]
                pub res_empty: ::core::result::Result<(), ()>,
                #[component(name = "tup")]
                pub tup: (
                    ::core::primitive::u8,
                    ::std::string::String,
                    ::core::primitive::bool,
                ),
                #[component(name = "shapes")]
                pub shapes: ::std::vec::Vec<Shape>,
                #[component(name = "colors")]
                pub colors: ::std::vec::Vec<Color>,
                #[component(name = "perms")]
                pub perms: Perms,
                #[component(name = "bytes")]
                pub bytes: Bytes,
                #[component(name = "maybe")]
                pub maybe: Maybe,
                #[component(name = "pair")]
                pub pair: Pair,
            }
            impl ::wasm_link::__private::NoHandles for Containers {}
            impl ::wasm_link::__private::Handles for Containers {
                fn for_each_handle(
                    &mut self,
                    each: &mut ::wasm_link::__private::HandleVisitor<'_>,
                ) -> ::core::result::Result<(), ::std::string::String> {
                    let _ = &each;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.names,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.nested,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.opt,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.opt_opt,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.res,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.res_no_ok,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.res_no_err,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.res_empty,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.tup,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.shapes,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.colors,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.perms,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.bytes,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.maybe,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.pair,
                        each,
                    )?;
                    ::core::result::Result::Ok(())
                }
            }
            /// The typed function handles `Group` checks and caches.
            pub(super) struct Functions {}
            impl Functions {
                pub(super) fn new<__C, __Ctx>(
                    binding: &::wasm_link::Binding<__C>,
                ) -> ::core::result::Result<Self, ::wasm_link::LinkError>
                where
                    __C: ::wasm_link::Cardinality<
                        Item = ::wasm_link::PluginInstance<__Ctx>,
                    >,
                    __C::Id: 'static,
                    __Ctx: ::wasm_link::PluginContext,
                {
                    let _ = binding;
                    ::core::result::Result::Ok(Self {})
                }
            }
            /// Typed calls of interface `types`, from `Group`'s accessor of the same name. Each call runs in every plugin of the group and returns one result per plugin, in the group's cardinality; a resource method runs in the plugin that owns the resource and returns its one result.
            pub struct Calls<'a, __C: ::wasm_link::Cardinality> {
                pub(super) binding: &'a ::wasm_link::Binding<__C>,
                pub(super) functions: &'a Functions,
            }
            impl<__C, __Ctx> Calls<'_, __C>
            where
                __C: ::wasm_link::Cardinality<Item = ::wasm_link::PluginInstance<__Ctx>>,
                __C::Id: ::core::clone::Clone + 'static,
                __Ctx: ::wasm_link::PluginContext,
            {}
        }
        /// Interface `api`: its types and typed calls.
        pub mod api {
            pub type Scalars = super::types::Scalars;
            pub type Shape = super::types::Shape;
            pub type Color = super::types::Color;
            pub type Perms = super::types::Perms;
            pub type Bytes = super::types::Bytes;
            pub type Containers = super::types::Containers;
            /// The typed function handles `Group` checks and caches.
            pub(super) struct Functions {
                echo_bool: ::wasm_link::__private::TypedFunction<
                    (::core::primitive::bool,),
                    (::core::primitive::bool,),
                >,
                echo_u8: ::wasm_link::__private::TypedFunction<
                    (::core::primitive::u8,),
                    (::core::primitive::u8,),
                >,
                echo_s64: ::wasm_link::__private::TypedFunction<
                    (::core::primitive::i64,),
                    (::core::primitive::i64,),
                >,
                echo_f32: ::wasm_link::__private::TypedFunction<
                    (::core::primitive::f32,),
                    (::core::primitive::f32,),
                >,
                echo_char: ::wasm_link::__private::TypedFunction<
                    (::core::primitive::char,),
                    (::core::primitive::char,),
                >,
                echo_string: ::wasm_link::__private::TypedFunction<
                    (::std::string::String,),
                    (::std::string::String,),
                >,
                echo_scalars: ::wasm_link::__private::TypedFunction<
                    (Scalars,),
                    (Scalars,),
                >,
                echo_shape: ::wasm_link::__private::TypedFunction<(Shape,), (Shape,)>,
                echo_color: ::wasm_link::__private::TypedFunction<(Color,), (Color,)>,
                echo_perms: ::wasm_link::__private::TypedFunction<(Perms,), (Perms,)>,
                echo_bytes: ::wasm_link::__private::TypedFunction<(Bytes,), (Bytes,)>,
                echo_containers: ::wasm_link::__private::TypedFunction<
                    (Containers,),
                    (Containers,),
                >,
                echo_result: ::wasm_link::__private::TypedFunction<
                    (
                        ::core::result::Result<
                            ::std::string::String,
                            ::core::primitive::u32,
                        >,
                    ),
                    (
                        ::core::result::Result<
                            ::std::string::String,
                            ::core::primitive::u32,
                        >,
                    ),
                >,
                echo_tuple: ::wasm_link::__private::TypedFunction<
                    ((::core::primitive::u32, ::core::primitive::u64),),
                    ((::core::primitive::u32, ::core::primitive::u64),),
                >,
                many: ::wasm_link::__private::TypedFunction<
                    (
                        ::core::primitive::u32,
                        ::std::string::String,
                        ::std::vec::Vec<::core::primitive::u32>,
                        ::core::option::Option<::std::string::String>,
                    ),
                    (::std::vec::Vec<(::core::primitive::u32, ::std::string::String)>,),
                >,
                nothing: ::wasm_link::__private::TypedFunction<(), ()>,
                fallible: ::wasm_link::__private::TypedFunction<
                    (),
                    (::core::result::Result<(), ()>,),
                >,
            }
            impl Functions {
                pub(super) fn new<__C, __Ctx>(
                    binding: &::wasm_link::Binding<__C>,
                ) -> ::core::result::Result<Self, ::wasm_link::LinkError>
                where
                    __C: ::wasm_link::Cardinality<
                        Item = ::wasm_link::PluginInstance<__Ctx>,
                    >,
                    __C::Id: 'static,
                    __Ctx: ::wasm_link::PluginContext,
                {
                    let _ = binding;
                    ::core::result::Result::Ok(Self {
                        echo_bool: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::core::primitive::bool,),
                            (::core::primitive::bool,),
                        >(binding, "api", "echo-bool")?,
                        echo_u8: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::core::primitive::u8,),
                            (::core::primitive::u8,),
                        >(binding, "api", "echo-u8")?,
                        echo_s64: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::core::primitive::i64,),
                            (::core::primitive::i64,),
                        >(binding, "api", "echo-s64")?,
                        echo_f32: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::core::primitive::f32,),
                            (::core::primitive::f32,),
                        >(binding, "api", "echo-f32")?,
                        echo_char: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::core::primitive::char,),
                            (::core::primitive::char,),
                        >(binding, "api", "echo-char")?,
                        echo_string: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::std::string::String,),
                            (::std::string::String,),
                        >(binding, "api", "echo-string")?,
                        echo_scalars: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (Scalars,),
                            (Scalars,),
                        >(binding, "api", "echo-scalars")?,
                        echo_shape: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (Shape,),
                            (Shape,),
                        >(binding, "api", "echo-shape")?,
                        echo_color: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (Color,),
                            (Color,),
                        >(binding, "api", "echo-color")?,
                        echo_perms: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (Perms,),
                            (Perms,),
                        >(binding, "api", "echo-perms")?,
                        echo_bytes: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (Bytes,),
                            (Bytes,),
                        >(binding, "api", "echo-bytes")?,
                        echo_containers: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (Containers,),
                            (Containers,),
                        >(binding, "api", "echo-containers")?,
                        echo_result: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (
                                ::core::result::Result<
                                    ::std::string::String,
                                    ::core::primitive::u32,
                                >,
                            ),
                            (
                                ::core::result::Result<
                                    ::std::string::String,
                                    ::core::primitive::u32,
                                >,
                            ),
                        >(binding, "api", "echo-result")?,
                        echo_tuple: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            ((::core::primitive::u32, ::core::primitive::u64),),
                            ((::core::primitive::u32, ::core::primitive::u64),),
                        >(binding, "api", "echo-tuple")?,
                        many: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (
                                ::core::primitive::u32,
                                ::std::string::String,
                                ::std::vec::Vec<::core::primitive::u32>,
                                ::core::option::Option<::std::string::String>,
                            ),
                            (
                                ::std::vec::Vec<
                                    (::core::primitive::u32, ::std::string::String),
                                >,
                            ),
                        >(binding, "api", "many")?,
                        nothing: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (),
                            (),
                        >(binding, "api", "nothing")?,
                        fallible: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (),
                            (::core::result::Result<(), ()>,),
                        >(binding, "api", "fallible")?,
                    })
                }
            }
            /// Typed calls of interface `api`, from `Group`'s accessor of the same name. Each call runs in every plugin of the group and returns one result per plugin, in the group's cardinality; a resource method runs in the plugin that owns the resource and returns its one result.
            pub struct Calls<'a, __C: ::wasm_link::Cardinality> {
                pub(super) binding: &'a ::wasm_link::Binding<__C>,
                pub(super) functions: &'a Functions,
            }
            impl<__C, __Ctx> Calls<'_, __C>
            where
                __C: ::wasm_link::Cardinality<Item = ::wasm_link::PluginInstance<__Ctx>>,
                __C::Id: ::core::clone::Clone + 'static,
                __Ctx: ::wasm_link::PluginContext,
            {
                /// WIT: `echo-bool`
                pub fn echo_bool(
                    &self,
                    x: ::core::primitive::bool,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::core::primitive::bool,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.echo_bool,
                        (x,),
                        |(result,)| result,
                    )
                }
                /// WIT: `echo-u8`
                pub fn echo_u8(
                    &self,
                    x: ::core::primitive::u8,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::core::primitive::u8,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.echo_u8,
                        (x,),
                        |(result,)| result,
                    )
                }
                /// WIT: `echo-s64`
                pub fn echo_s64(
                    &self,
                    x: ::core::primitive::i64,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::core::primitive::i64,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.echo_s64,
                        (x,),
                        |(result,)| result,
                    )
                }
                /// WIT: `echo-f32`
                pub fn echo_f32(
                    &self,
                    x: ::core::primitive::f32,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::core::primitive::f32,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.echo_f32,
                        (x,),
                        |(result,)| result,
                    )
                }
                /// WIT: `echo-char`
                pub fn echo_char(
                    &self,
                    x: ::core::primitive::char,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::core::primitive::char,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.echo_char,
                        (x,),
                        |(result,)| result,
                    )
                }
                /// WIT: `echo-string`
                pub fn echo_string(
                    &self,
                    x: &::core::primitive::str,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::std::string::String,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.echo_string,
                        (x,),
                        |(result,)| result,
                    )
                }
                /// WIT: `echo-scalars`
                pub fn echo_scalars(
                    &self,
                    x: Scalars,
                ) -> __C::Rebind<
                    ::core::result::Result<Scalars, ::wasm_link::DispatchError>,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.echo_scalars,
                        (x,),
                        |(result,)| result,
                    )
                }
                /// WIT: `echo-shape`
                pub fn echo_shape(
                    &self,
                    x: Shape,
                ) -> __C::Rebind<
                    ::core::result::Result<Shape, ::wasm_link::DispatchError>,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.echo_shape,
                        (x,),
                        |(result,)| result,
                    )
                }
                /// WIT: `echo-color`
                pub fn echo_color(
                    &self,
                    x: Color,
                ) -> __C::Rebind<
                    ::core::result::Result<Color, ::wasm_link::DispatchError>,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.echo_color,
                        (x,),
                        |(result,)| result,
                    )
                }
                /// WIT: `echo-perms`
                pub fn echo_perms(
                    &self,
                    x: Perms,
                ) -> __C::Rebind<
                    ::core::result::Result<Perms, ::wasm_link::DispatchError>,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.echo_perms,
                        (x,),
                        |(result,)| result,
                    )
                }
                /// WIT: `echo-bytes`
                pub fn echo_bytes(
                    &self,
                    x: Bytes,
                ) -> __C::Rebind<
                    ::core::result::Result<Bytes, ::wasm_link::DispatchError>,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.echo_bytes,
                        (x,),
                        |(result,)| result,
                    )
                }
                /// WIT: `echo-containers`
                pub fn echo_containers(
                    &self,
                    x: Containers,
                ) -> __C::Rebind<
                    ::core::result::Result<Containers, ::wasm_link::DispatchError>,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.echo_containers,
                        (x,),
                        |(result,)| result,
                    )
                }
                /// WIT: `echo-result`
                pub fn echo_result(
                    &self,
                    x: ::core::result::Result<
                        ::std::string::String,
                        ::core::primitive::u32,
                    >,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::core::result::Result<
                            ::std::string::String,
                            ::core::primitive::u32,
                        >,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.echo_result,
                        (x,),
                        |(result,)| result,
                    )
                }
                /// WIT: `echo-tuple`
                pub fn echo_tuple(
                    &self,
                    x: (::core::primitive::u32, ::core::primitive::u64),
                ) -> __C::Rebind<
                    ::core::result::Result<
                        (::core::primitive::u32, ::core::primitive::u64),
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.echo_tuple,
                        (x,),
                        |(result,)| result,
                    )
                }
                /// WIT: `many`
                pub fn many(
                    &self,
                    a: ::core::primitive::u32,
                    b: &::core::primitive::str,
                    c: &[::core::primitive::u32],
                    d: ::core::option::Option<::std::string::String>,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::std::vec::Vec<(::core::primitive::u32, ::std::string::String)>,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.many,
                        (a, b, c, d),
                        |(result,)| result,
                    )
                }
                /// WIT: `nothing`
                pub fn nothing(
                    &self,
                ) -> __C::Rebind<
                    ::core::result::Result<(), ::wasm_link::DispatchError>,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.nothing,
                        (),
                        |()| (),
                    )
                }
                /// WIT: `fallible`
                pub fn fallible(
                    &self,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::core::result::Result<(), ()>,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.fallible,
                        (),
                        |(result,)| result,
                    )
                }
            }
        }
    }
}
pub use __wasm_link_bind_test_kinds::test_kinds;
