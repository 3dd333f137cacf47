#[doc(hidden)]
#[allow(
    dead_code,
    missing_docs,
    unused_imports,
    non_camel_case_types,
    clippy::all,
    clippy::pedantic
)]
pub mod __wasm_link_bind_test_type {
    const _: &[u8] = include_bytes!("$CARGO_MANIFEST_DIR/typed/fixtures/keywords.wit");
    /// Typed bindings of WIT package `test:type@1.0.0`.
    ///
    /// Rust keywords and `%`-escaped WIT keywords as names of everything, and
    /// names that collide once converted to Rust.
    pub mod test_type {
        /// The package name, as `wasm_link::Binding::new` takes it.
        pub const PACKAGE: &::core::primitive::str = "test:type@1.0.0";
        /// The package's interfaces, by name, as `wasm_link::Binding::new`
        /// takes them: each function's kind and what its result may hold,
        /// and each interface's resource types.
        pub fn interfaces() -> ::std::collections::HashMap<
            ::std::string::String,
            ::wasm_link::Interface,
        > {
            ::std::collections::HashMap::from([
                (
                    ::std::string::String::from("interface"),
                    ::wasm_link::Interface::new(
                        ::std::collections::HashMap::from([
                            (
                                ::std::string::String::from("fn"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("use"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("new"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::Void,
                                ),
                            ),
                            (
                                ::std::string::String::from("binding"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::Void,
                                ),
                            ),
                            (
                                ::std::string::String::from("socket"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::Void,
                                ),
                            ),
                            (
                                ::std::string::String::from("GET-URL"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                        ]),
                        ::std::collections::HashSet::from([]),
                    ),
                ),
                (
                    ::std::string::String::from("new"),
                    ::wasm_link::Interface::new(
                        ::std::collections::HashMap::from([
                            (
                                ::std::string::String::from("static"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::Void,
                                ),
                            ),
                        ]),
                        ::std::collections::HashSet::from([]),
                    ),
                ),
                (
                    ::std::string::String::from("binding"),
                    ::wasm_link::Interface::new(
                        ::std::collections::HashMap::from([]),
                        ::std::collections::HashSet::from([]),
                    ),
                ),
            ])
        }
        /// The plugins implementing package `test:type@1.0.0`, in the cardinality `C`, with a typed method per function.
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
            interface: interface::Functions_,
            new_: new::Functions,
            binding_: binding::Functions,
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
                    interface: interface::Functions_::new(&binding)?,
                    new_: new::Functions::new(&binding)?,
                    binding_: binding::Functions::new(&binding)?,
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
            /// Typed calls of interface `interface`.
            pub fn interface(&self) -> interface::Calls_<'_, C> {
                interface::Calls_ {
                    binding: &self.binding,
                    functions: &self.interface,
                }
            }
            /// Typed calls of interface `new`.
            pub fn new_(&self) -> new::Calls<'_, C> {
                new::Calls {
                    binding: &self.binding,
                    functions: &self.new_,
                }
            }
            /// Typed calls of interface `binding`.
            pub fn binding_(&self) -> binding::Calls<'_, C> {
                binding::Calls {
                    binding: &self.binding,
                    functions: &self.binding_,
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
                        (
                            self::interface::Self_,
                            self::interface::Enum,
                            self::interface::Flags,
                            self::interface::Record,
                        ),
                        (self::interface::Result_,),
                    >("interface", "fn")
                    .forward::<
                        (self::interface::List, self::interface::Option_),
                        (self::interface::StringAlias,),
                    >("interface", "use")
                    .forward::<(), ()>("interface", "new")
                    .forward::<(), ()>("interface", "binding")
                    .forward::<(), ()>("interface", "socket")
                    .forward::<
                        (self::interface::HttpRequest,),
                        (::std::string::String,),
                    >("interface", "GET-URL")
                    .forward::<(self::new::Self_,), ()>("new", "static")
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
        /// Interface `interface`: its types and typed calls.
        pub mod interface {
            use ::wasm_link::__private::wasmtime;
            #[derive(
                ::wasm_link::__private::wasmtime::component::ComponentType,
                ::wasm_link::__private::wasmtime::component::Lift,
                ::wasm_link::__private::wasmtime::component::Lower,
            )]
            #[component(record)]
            #[component(wasmtime_crate = ::wasm_link::__private::wasmtime)]
            #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
            pub struct Self_ {
                #[component(name = "type")]
                pub r#type: ::core::primitive::u32,
                #[component(name = "match")]
                pub r#match: ::std::string::String,
                #[component(name = "self")]
                pub self_: ::core::primitive::bool,
                #[component(name = "super")]
                pub super_: ::core::primitive::u8,
                #[component(name = "crate")]
                pub crate_: ::core::primitive::u8,
                #[component(name = "async")]
                pub r#async: ::core::primitive::u8,
                #[component(name = "gen")]
                pub r#gen: ::core::primitive::u8,
                #[component(name = "string")]
                pub string: ::std::string::String,
            }
            impl ::wasm_link::__private::NoHandles for Self_ {}
            impl ::wasm_link::__private::Handles for Self_ {
                fn for_each_handle(
                    &mut self,
                    each: &mut ::wasm_link::__private::HandleVisitor<'_>,
                ) -> ::core::result::Result<(), ::std::string::String> {
                    let _ = &each;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.r#type,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.r#match,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.self_,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.super_,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.crate_,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.r#async,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.r#gen,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.string,
                        each,
                    )?;
                    ::core::result::Result::Ok(())
                }
            }
            #[derive(
                ::wasm_link::__private::wasmtime::component::ComponentType,
                ::wasm_link::__private::wasmtime::component::Lift,
                ::wasm_link::__private::wasmtime::component::Lower,
            )]
            #[component(variant)]
            #[component(wasmtime_crate = ::wasm_link::__private::wasmtime)]
            #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
            pub enum Enum {
                #[component(name = "self")]
                Self_(::core::primitive::u32),
                #[component(name = "type")]
                Type,
                #[component(name = "none")]
                None,
                #[component(name = "some")]
                Some(::std::string::String),
            }
            impl ::wasm_link::__private::NoHandles for Enum {}
            impl ::wasm_link::__private::Handles for Enum {
                fn for_each_handle(
                    &mut self,
                    each: &mut ::wasm_link::__private::HandleVisitor<'_>,
                ) -> ::core::result::Result<(), ::std::string::String> {
                    let _ = &each;
                    #[allow(unreachable_patterns)]
                    match self {
                        Self::Self_(payload) => {
                            ::wasm_link::__private::Handles::for_each_handle(
                                payload,
                                each,
                            )
                        }
                        Self::Some(payload) => {
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
            pub enum Flags {
                #[component(name = "break")]
                Break,
                #[component(name = "continue")]
                Continue,
                #[component(name = "return")]
                Return,
                #[component(name = "self")]
                Self_,
            }
            impl ::wasm_link::__private::NoHandles for Flags {}
            impl ::wasm_link::__private::Handles for Flags {
                fn for_each_handle(
                    &mut self,
                    each: &mut ::wasm_link::__private::HandleVisitor<'_>,
                ) -> ::core::result::Result<(), ::std::string::String> {
                    let _ = &each;
                    ::core::result::Result::Ok(())
                }
            }
            ::wasm_link::__private::wasmtime::component::flags! {
                Record { #[component(name = "in")] const IN; #[component(name = "as")]
                const AS; #[component(name = "loop")] const LOOP; }
            }
            impl ::wasm_link::__private::NoHandles for Record {}
            impl ::wasm_link::__private::Handles for Record {
                fn for_each_handle(
                    &mut self,
                    each: &mut ::wasm_link::__private::HandleVisitor<'_>,
                ) -> ::core::result::Result<(), ::std::string::String> {
                    let _ = &each;
                    ::core::result::Result::Ok(())
                }
            }
            pub type Result_ = ::core::result::Result<Self_, Enum>;
            pub type Option_ = ::core::option::Option<Self_>;
            pub type List = ::std::vec::Vec<Self_>;
            pub type StringAlias = ::std::string::String;
            #[derive(
                ::wasm_link::__private::wasmtime::component::ComponentType,
                ::wasm_link::__private::wasmtime::component::Lift,
                ::wasm_link::__private::wasmtime::component::Lower,
            )]
            #[component(record)]
            #[component(wasmtime_crate = ::wasm_link::__private::wasmtime)]
            #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
            pub struct Calls {
                #[component(name = "x")]
                pub x: ::core::primitive::u32,
            }
            impl ::wasm_link::__private::NoHandles for Calls {}
            impl ::wasm_link::__private::Handles for Calls {
                fn for_each_handle(
                    &mut self,
                    each: &mut ::wasm_link::__private::HandleVisitor<'_>,
                ) -> ::core::result::Result<(), ::std::string::String> {
                    let _ = &each;
                    ::wasm_link::__private::Handles::for_each_handle(&mut self.x, each)?;
                    ::core::result::Result::Ok(())
                }
            }
            #[derive(
                ::wasm_link::__private::wasmtime::component::ComponentType,
                ::wasm_link::__private::wasmtime::component::Lift,
                ::wasm_link::__private::wasmtime::component::Lower,
            )]
            #[component(record)]
            #[component(wasmtime_crate = ::wasm_link::__private::wasmtime)]
            #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
            pub struct Functions {
                #[component(name = "x")]
                pub x: ::core::primitive::u32,
            }
            impl ::wasm_link::__private::NoHandles for Functions {}
            impl ::wasm_link::__private::Handles for Functions {
                fn for_each_handle(
                    &mut self,
                    each: &mut ::wasm_link::__private::HandleVisitor<'_>,
                ) -> ::core::result::Result<(), ::std::string::String> {
                    let _ = &each;
                    ::wasm_link::__private::Handles::for_each_handle(&mut self.x, each)?;
                    ::core::result::Result::Ok(())
                }
            }
            /// All-caps words.
            #[derive(
                ::wasm_link::__private::wasmtime::component::ComponentType,
                ::wasm_link::__private::wasmtime::component::Lift,
                ::wasm_link::__private::wasmtime::component::Lower,
            )]
            #[component(record)]
            #[component(wasmtime_crate = ::wasm_link::__private::wasmtime)]
            #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
            pub struct HttpRequest {
                #[component(name = "URL")]
                pub url: ::std::string::String,
            }
            impl ::wasm_link::__private::NoHandles for HttpRequest {}
            impl ::wasm_link::__private::Handles for HttpRequest {
                fn for_each_handle(
                    &mut self,
                    each: &mut ::wasm_link::__private::HandleVisitor<'_>,
                ) -> ::core::result::Result<(), ::std::string::String> {
                    let _ = &each;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.url,
                        each,
                    )?;
                    ::core::result::Result::Ok(())
                }
            }
            /// The typed function handles `Group` checks and caches.
            pub(super) struct Functions_ {
                r#fn: ::wasm_link::__private::TypedFunction<
                    (Self_, Enum, Flags, Record),
                    (Result_,),
                >,
                r#use: ::wasm_link::__private::TypedFunction<
                    (List, Option_),
                    (StringAlias,),
                >,
                new: ::wasm_link::__private::TypedFunction<(), ()>,
                binding: ::wasm_link::__private::TypedFunction<(), ()>,
                socket: ::wasm_link::__private::TypedFunction<(), ()>,
                get_url: ::wasm_link::__private::TypedFunction<
                    (HttpRequest,),
                    (::std::string::String,),
                >,
            }
            impl Functions_ {
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
                        r#fn: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (Self_, Enum, Flags, Record),
                            (Result_,),
                        >(binding, "interface", "fn")?,
                        r#use: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (List, Option_),
                            (StringAlias,),
                        >(binding, "interface", "use")?,
                        new: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (),
                            (),
                        >(binding, "interface", "new")?,
                        binding: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (),
                            (),
                        >(binding, "interface", "binding")?,
                        socket: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (),
                            (),
                        >(binding, "interface", "socket")?,
                        get_url: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (HttpRequest,),
                            (::std::string::String,),
                        >(binding, "interface", "GET-URL")?,
                    })
                }
            }
            /// Typed calls of interface `interface`, from `Group`'s accessor of the same name. Each call runs in every plugin of the group and returns one result per plugin, in the group's cardinality; a resource method runs in the plugin that owns the resource and returns its one result.
            pub struct Calls_<'a, __C: ::wasm_link::Cardinality> {
                pub(super) binding: &'a ::wasm_link::Binding<__C>,
                pub(super) functions: &'a Functions_,
            }
            impl<__C, __Ctx> Calls_<'_, __C>
            where
                __C: ::wasm_link::Cardinality<Item = ::wasm_link::PluginInstance<__Ctx>>,
                __C::Id: ::core::clone::Clone + 'static,
                __Ctx: ::wasm_link::PluginContext,
            {
                /// WIT: `fn`
                pub fn r#fn(
                    &self,
                    self_: Self_,
                    r#type: Enum,
                    r#in: Flags,
                    r#ref: Record,
                ) -> __C::Rebind<
                    ::core::result::Result<Result_, ::wasm_link::DispatchError>,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.r#fn,
                        (self_, r#type, r#in, r#ref),
                        |(result,)| result,
                    )
                }
                /// WIT: `use`
                pub fn r#use(
                    &self,
                    list: List,
                    option: Option_,
                ) -> __C::Rebind<
                    ::core::result::Result<StringAlias, ::wasm_link::DispatchError>,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.r#use,
                        (list, option),
                        |(result,)| result,
                    )
                }
                /// WIT: `new`
                pub fn new(
                    &self,
                ) -> __C::Rebind<
                    ::core::result::Result<(), ::wasm_link::DispatchError>,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.new,
                        (),
                        |()| (),
                    )
                }
                /// WIT: `binding`
                pub fn binding(
                    &self,
                ) -> __C::Rebind<
                    ::core::result::Result<(), ::wasm_link::DispatchError>,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.binding,
                        (),
                        |()| (),
                    )
                }
                /// WIT: `socket`
                pub fn socket(
                    &self,
                ) -> __C::Rebind<
                    ::core::result::Result<(), ::wasm_link::DispatchError>,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.socket,
                        (),
                        |()| (),
                    )
                }
                /// WIT: `GET-URL`
                pub fn get_url(
                    &self,
                    r: HttpRequest,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::std::string::String,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.get_url,
                        (r,),
                        |(result,)| result,
                    )
                }
            }
        }
        /// Interface `new`: its types and typed calls.
        pub mod new {
            pub type Self_ = super::interface::Self_;
            /// The typed function handles `Group` checks and caches.
            pub(super) struct Functions {
                r#static: ::wasm_link::__private::TypedFunction<(Self_,), ()>,
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
                        r#static: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (Self_,),
                            (),
                        >(binding, "new", "static")?,
                    })
                }
            }
            /// Typed calls of interface `new`, from `Group`'s accessor of the same name. Each call runs in every plugin of the group and returns one result per plugin, in the group's cardinality; a resource method runs in the plugin that owns the resource and returns its one result.
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
                /// WIT: `static`
                pub fn r#static(
                    &self,
                    x: Self_,
                ) -> __C::Rebind<
                    ::core::result::Result<(), ::wasm_link::DispatchError>,
                > {
                    ::wasm_link::__private::call_typed(
                        self.binding,
                        &self.functions.r#static,
                        (x,),
                        |()| (),
                    )
                }
            }
        }
        /// Interface `binding`: its types and typed calls.
        pub mod binding {
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
            /// Typed calls of interface `binding`, from `Group`'s accessor of the same name. Each call runs in every plugin of the group and returns one result per plugin, in the group's cardinality; a resource method runs in the plugin that owns the resource and returns its one result.
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
    }
}
pub use __wasm_link_bind_test_type::test_type;
