#[doc(hidden)]
#[allow(
    dead_code,
    missing_docs,
    unused_imports,
    non_camel_case_types,
    clippy::all,
    clippy::pedantic
)]
pub mod __wasm_link_bind_test_resources_fixture {
    const _: &[u8] = include_bytes!("$CARGO_MANIFEST_DIR/typed/fixtures/resources.wit");
    /// Typed bindings of WIT package `test:resources-fixture`.
    ///
    /// Resources: constructors, methods, statics, own and borrow handles in
    /// every position, and interfaces that use another's resources.
    pub mod test_resources_fixture {
        /// The package name, as `wasm_link::Binding::new` takes it.
        pub const PACKAGE: &::core::primitive::str = "test:resources-fixture";
        /// The package's interfaces, by name, as `wasm_link::Binding::new`
        /// takes them: each function's kind and what its result may hold,
        /// and each interface's resource types.
        pub fn interfaces() -> ::std::collections::HashMap<
            ::std::string::String,
            ::wasm_link::Interface,
        > {
            ::std::collections::HashMap::from([
                (
                    ::std::string::String::from("files"),
                    ::wasm_link::Interface::new(
                        ::std::collections::HashMap::from([
                            (
                                ::std::string::String::from("[constructor]file"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::MayContainResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("[method]file.read"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Method,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("[method]file.size"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Method,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("[static]file.open"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::MayContainResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("[static]file.merge"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::MayContainResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("[method]directory.list"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Method,
                                    ::wasm_link::ReturnKind::MayContainResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("entries"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::MayContainResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("close"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::Void,
                                ),
                            ),
                            (
                                ::std::string::String::from("peek"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("pair"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::MayContainResources,
                                ),
                            ),
                        ]),
                        ::std::collections::HashSet::from([
                            ::std::string::String::from("file"),
                            ::std::string::String::from("directory"),
                        ]),
                    ),
                ),
                (
                    ::std::string::String::from("users"),
                    ::wasm_link::Interface::new(
                        ::std::collections::HashMap::from([
                            (
                                ::std::string::String::from("owner"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::AssumeNoResources,
                                ),
                            ),
                            (
                                ::std::string::String::from("newest"),
                                ::wasm_link::Function::new(
                                    ::wasm_link::FunctionKind::Freestanding,
                                    ::wasm_link::ReturnKind::MayContainResources,
                                ),
                            ),
                        ]),
                        ::std::collections::HashSet::from([]),
                    ),
                ),
            ])
        }
        /// The plugins implementing package `test:resources-fixture`, in the cardinality `C`, with a typed method per function.
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
            files: files::Functions,
            users: users::Functions,
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
                    files: files::Functions::new(&binding)?,
                    users: users::Functions::new(&binding)?,
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
            /// Typed calls of interface `files`.
            pub fn files(&self) -> files::Calls<'_, C> {
                files::Calls {
                    binding: &self.binding,
                    functions: &self.files,
                }
            }
            /// Typed calls of interface `users`.
            pub fn users(&self) -> users::Calls<'_, C> {
                users::Calls {
                    binding: &self.binding,
                    functions: &self.users,
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
                    .forward_moving::<
                        (::std::string::String,),
                        (::wasm_link::Own<self::files::File>,),
                    >("files", "[constructor]file")
                    .forward_moving::<
                        (::wasm_link::Borrow<self::files::File>, ::core::primitive::u32),
                        (::std::vec::Vec<::core::primitive::u8>,),
                    >("files", "[method]file.read")
                    .forward_moving::<
                        (::wasm_link::Borrow<self::files::File>,),
                        (::core::primitive::u64,),
                    >("files", "[method]file.size")
                    .forward_moving::<
                        (::std::string::String,),
                        (
                            ::core::result::Result<
                                ::wasm_link::Own<self::files::File>,
                                ::std::string::String,
                            >,
                        ),
                    >("files", "[static]file.open")
                    .forward_moving_once::<
                        (
                            ::wasm_link::Borrow<self::files::File>,
                            ::wasm_link::Own<self::files::File>,
                        ),
                        (::wasm_link::Own<self::files::File>,),
                    >("files", "[static]file.merge")
                    .forward_moving::<
                        (::wasm_link::Borrow<self::files::Directory>,),
                        (::std::vec::Vec<::wasm_link::Own<self::files::File>>,),
                    >("files", "[method]directory.list")
                    .forward_moving::<
                        (::wasm_link::Borrow<self::files::Directory>,),
                        (::std::vec::Vec<self::files::Entry>,),
                    >("files", "entries")
                    .forward_moving_once::<
                        (::wasm_link::Own<self::files::File>,),
                        (),
                    >("files", "close")
                    .forward_moving::<
                        (self::files::Handle,),
                        (::core::primitive::u32,),
                    >("files", "peek")
                    .forward_moving::<
                        (),
                        (
                            (
                                ::wasm_link::Own<self::files::File>,
                                ::wasm_link::Own<self::files::Directory>,
                            ),
                        ),
                    >("files", "pair")
                    .forward_moving::<
                        (::wasm_link::Borrow<self::users::File>,),
                        (::std::string::String,),
                    >("users", "owner")
                    .forward_moving_once::<
                        (::std::vec::Vec<self::users::Entry>,),
                        (::core::option::Option<self::users::Entry>,),
                    >("users", "newest")
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
        /// Interface `files`: its types and typed calls.
        pub mod files {
            /// The `file` resource, as a type parameter: handles to it are `wasm_link::Own<File>` (owned) and `wasm_link::Borrow<File>` (borrowed). Its typed methods run in the plugin that owns the handle. Dropping an `Own` releases the resource; `Own::release` also waits for the destructor and returns its error.
            pub enum File {}
            /// The `directory` resource, as a type parameter: handles to it are `wasm_link::Own<Directory>` (owned) and `wasm_link::Borrow<Directory>` (borrowed). Its typed methods run in the plugin that owns the handle. Dropping an `Own` releases the resource; `Own::release` also waits for the destructor and returns its error.
            pub enum Directory {}
            #[derive(
                ::wasm_link::__private::wasmtime::component::ComponentType,
                ::wasm_link::__private::wasmtime::component::Lift,
                ::wasm_link::__private::wasmtime::component::Lower,
            )]
            #[component(record)]
            #[component(wasmtime_crate = ::wasm_link::__private::wasmtime)]
            #[derive(::core::fmt::Debug, ::core::cmp::PartialEq)]
            pub struct Entry {
                #[component(name = "name")]
                pub name: ::std::string::String,
                #[component(name = "file")]
                pub file: ::core::option::Option<::wasm_link::Own<File>>,
            }
            impl ::wasm_link::__private::Handles for Entry {
                fn for_each_handle(
                    &mut self,
                    each: &mut ::wasm_link::__private::HandleVisitor<'_>,
                ) -> ::core::result::Result<(), ::std::string::String> {
                    let _ = &each;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.name,
                        each,
                    )?;
                    ::wasm_link::__private::Handles::for_each_handle(
                        &mut self.file,
                        each,
                    )?;
                    ::core::result::Result::Ok(())
                }
            }
            pub type Handle = ::wasm_link::Borrow<File>;
            /// The typed function handles `Group` checks and caches.
            pub(super) struct Functions {
                file_new: ::wasm_link::__private::TypedFunction<
                    (::std::string::String,),
                    (::wasm_link::Own<File>,),
                >,
                file_read: ::wasm_link::__private::TypedFunction<
                    (::wasm_link::Borrow<File>, ::core::primitive::u32),
                    (::std::vec::Vec<::core::primitive::u8>,),
                >,
                file_size: ::wasm_link::__private::TypedFunction<
                    (::wasm_link::Borrow<File>,),
                    (::core::primitive::u64,),
                >,
                file_open: ::wasm_link::__private::TypedFunction<
                    (::std::string::String,),
                    (
                        ::core::result::Result<
                            ::wasm_link::Own<File>,
                            ::std::string::String,
                        >,
                    ),
                >,
                file_merge: ::wasm_link::__private::TypedFunction<
                    (::wasm_link::Borrow<File>, ::wasm_link::Own<File>),
                    (::wasm_link::Own<File>,),
                >,
                directory_list: ::wasm_link::__private::TypedFunction<
                    (::wasm_link::Borrow<Directory>,),
                    (::std::vec::Vec<::wasm_link::Own<File>>,),
                >,
                entries: ::wasm_link::__private::TypedFunction<
                    (::wasm_link::Borrow<Directory>,),
                    (::std::vec::Vec<Entry>,),
                >,
                close: ::wasm_link::__private::TypedFunction<
                    (::wasm_link::Own<File>,),
                    (),
                >,
                peek: ::wasm_link::__private::TypedFunction<
                    (Handle,),
                    (::core::primitive::u32,),
                >,
                pair: ::wasm_link::__private::TypedFunction<
                    (),
                    ((::wasm_link::Own<File>, ::wasm_link::Own<Directory>),),
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
                        file_new: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::std::string::String,),
                            (::wasm_link::Own<File>,),
                        >(binding, "files", "[constructor]file")?,
                        file_read: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::wasm_link::Borrow<File>, ::core::primitive::u32),
                            (::std::vec::Vec<::core::primitive::u8>,),
                        >(binding, "files", "[method]file.read")?,
                        file_size: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::wasm_link::Borrow<File>,),
                            (::core::primitive::u64,),
                        >(binding, "files", "[method]file.size")?,
                        file_open: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::std::string::String,),
                            (
                                ::core::result::Result<
                                    ::wasm_link::Own<File>,
                                    ::std::string::String,
                                >,
                            ),
                        >(binding, "files", "[static]file.open")?,
                        file_merge: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::wasm_link::Borrow<File>, ::wasm_link::Own<File>),
                            (::wasm_link::Own<File>,),
                        >(binding, "files", "[static]file.merge")?,
                        directory_list: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::wasm_link::Borrow<Directory>,),
                            (::std::vec::Vec<::wasm_link::Own<File>>,),
                        >(binding, "files", "[method]directory.list")?,
                        entries: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::wasm_link::Borrow<Directory>,),
                            (::std::vec::Vec<Entry>,),
                        >(binding, "files", "entries")?,
                        close: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::wasm_link::Own<File>,),
                            (),
                        >(binding, "files", "close")?,
                        peek: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (Handle,),
                            (::core::primitive::u32,),
                        >(binding, "files", "peek")?,
                        pair: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (),
                            ((::wasm_link::Own<File>, ::wasm_link::Own<Directory>),),
                        >(binding, "files", "pair")?,
                    })
                }
            }
            /// Typed calls of interface `files`, from `Group`'s accessor of the same name. Each call runs in every plugin of the group and returns one result per plugin, in the group's cardinality; a resource method runs in the plugin that owns the resource and returns its one result.
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
                /// WIT: `[constructor]file`
                pub fn file_new(
                    &self,
                    path: &::core::primitive::str,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::wasm_link::Own<File>,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed_moving(
                        self.binding,
                        &self.functions.file_new,
                        (path,),
                        |(result,)| result,
                    )
                }
                /// WIT: `[method]file.read`
                ///
                /// Runs in the plugin that owns the resource.
                pub fn file_read(
                    &self,
                    self_: ::wasm_link::Borrow<File>,
                    len: ::core::primitive::u32,
                ) -> ::core::result::Result<
                    ::std::vec::Vec<::core::primitive::u8>,
                    ::wasm_link::DispatchError,
                > {
                    ::wasm_link::__private::call_typed_method(
                        self.binding,
                        &self.functions.file_read,
                        (self_, len),
                        |(result,)| result,
                    )
                }
                /// WIT: `[method]file.size`
                ///
                /// Runs in the plugin that owns the resource.
                pub fn file_size(
                    &self,
                    self_: ::wasm_link::Borrow<File>,
                ) -> ::core::result::Result<
                    ::core::primitive::u64,
                    ::wasm_link::DispatchError,
                > {
                    ::wasm_link::__private::call_typed_method(
                        self.binding,
                        &self.functions.file_size,
                        (self_,),
                        |(result,)| result,
                    )
                }
                /// WIT: `[static]file.open`
                pub fn file_open(
                    &self,
                    path: &::core::primitive::str,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::core::result::Result<
                            ::wasm_link::Own<File>,
                            ::std::string::String,
                        >,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed_moving(
                        self.binding,
                        &self.functions.file_open,
                        (path,),
                        |(result,)| result,
                    )
                }
                /// WIT: `[static]file.merge`
                ///
                /// Its arguments hold an owned handle, which moves into one plugin: on a group of several plugins every result is `DispatchError::InvalidResource`, whatever the arguments hold.
                pub fn file_merge(
                    &self,
                    a: ::wasm_link::Borrow<File>,
                    b: ::wasm_link::Own<File>,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::wasm_link::Own<File>,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed_moving_once(
                        self.binding,
                        &self.functions.file_merge,
                        (a, b),
                        |(result,)| result,
                    )
                }
                /// WIT: `[method]directory.list`
                ///
                /// Runs in the plugin that owns the resource.
                pub fn directory_list(
                    &self,
                    self_: ::wasm_link::Borrow<Directory>,
                ) -> ::core::result::Result<
                    ::std::vec::Vec<::wasm_link::Own<File>>,
                    ::wasm_link::DispatchError,
                > {
                    ::wasm_link::__private::call_typed_method(
                        self.binding,
                        &self.functions.directory_list,
                        (self_,),
                        |(result,)| result,
                    )
                }
                /// WIT: `entries`
                pub fn entries(
                    &self,
                    d: ::wasm_link::Borrow<Directory>,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::std::vec::Vec<Entry>,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed_moving(
                        self.binding,
                        &self.functions.entries,
                        (d,),
                        |(result,)| result,
                    )
                }
                /// WIT: `close`
                ///
                /// Its arguments hold an owned handle, which moves into one plugin: on a group of several plugins every result is `DispatchError::InvalidResource`, whatever the arguments hold.
                pub fn close(
                    &self,
                    f: ::wasm_link::Own<File>,
                ) -> __C::Rebind<
                    ::core::result::Result<(), ::wasm_link::DispatchError>,
                > {
                    ::wasm_link::__private::call_typed_moving_once(
                        self.binding,
                        &self.functions.close,
                        (f,),
                        |()| (),
                    )
                }
                /// WIT: `peek`
                pub fn peek(
                    &self,
                    h: Handle,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::core::primitive::u32,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed_moving(
                        self.binding,
                        &self.functions.peek,
                        (h,),
                        |(result,)| result,
                    )
                }
                /// WIT: `pair`
                pub fn pair(
                    &self,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        (::wasm_link::Own<File>, ::wasm_link::Own<Directory>),
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed_moving(
                        self.binding,
                        &self.functions.pair,
                        (),
                        |(result,)| result,
                    )
                }
            }
        }
        /// Interface `users`: its types and typed calls.
        pub mod users {
            pub type File = super::files::File;
            pub type Entry = super::files::Entry;
            /// The typed function handles `Group` checks and caches.
            pub(super) struct Functions {
                owner: ::wasm_link::__private::TypedFunction<
                    (::wasm_link::Borrow<File>,),
                    (::std::string::String,),
                >,
                newest: ::wasm_link::__private::TypedFunction<
                    (::std::vec::Vec<Entry>,),
                    (::core::option::Option<Entry>,),
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
                        owner: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::wasm_link::Borrow<File>,),
                            (::std::string::String,),
                        >(binding, "users", "owner")?,
                        newest: ::wasm_link::__private::typed_function::<
                            _,
                            _,
                            (::std::vec::Vec<Entry>,),
                            (::core::option::Option<Entry>,),
                        >(binding, "users", "newest")?,
                    })
                }
            }
            /// Typed calls of interface `users`, from `Group`'s accessor of the same name. Each call runs in every plugin of the group and returns one result per plugin, in the group's cardinality; a resource method runs in the plugin that owns the resource and returns its one result.
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
                /// WIT: `owner`
                pub fn owner(
                    &self,
                    f: ::wasm_link::Borrow<File>,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::std::string::String,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed_moving(
                        self.binding,
                        &self.functions.owner,
                        (f,),
                        |(result,)| result,
                    )
                }
                /// WIT: `newest`
                ///
                /// Its arguments hold an owned handle, which moves into one plugin: on a group of several plugins every result is `DispatchError::InvalidResource`, whatever the arguments hold.
                pub fn newest(
                    &self,
                    entries: ::std::vec::Vec<Entry>,
                ) -> __C::Rebind<
                    ::core::result::Result<
                        ::core::option::Option<Entry>,
                        ::wasm_link::DispatchError,
                    >,
                > {
                    ::wasm_link::__private::call_typed_moving_once(
                        self.binding,
                        &self.functions.newest,
                        (entries,),
                        |(result,)| result,
                    )
                }
            }
        }
    }
}
pub use __wasm_link_bind_test_resources_fixture::test_resources_fixture;
