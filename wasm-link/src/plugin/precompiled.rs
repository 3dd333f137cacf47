//! Components compiled ahead of time: an on-disk [`ComponentCache`], and the
//! [`precompile`] / [`load_precompiled`] pair beneath it.
//!
//! Both store Wasmtime's artifact (`Component::serialize`) in a small
//! envelope of wasm-link's own:
//!
//! | bytes | holds |
//! |---|---|
//! | 8 | the magic `WASMLINK` |
//! | 4 | the envelope's format version, little-endian ([`FORMAT`]) |
//! | 32 | the engine's fingerprint: SHA-256 of `Engine::precompile_compatibility_hash` |
//! | 32 | SHA-256 of the component's source (its WebAssembly binary or text) |
//! | 8 | the artifact's length, little-endian |
//! | 32 | SHA-256 of the 84 bytes above and the artifact |
//! | rest | the artifact |
//!
//! Deserializing is `unsafe` in Wasmtime: it runs the machine code it is
//! given, and checks only a header of versions and settings. This module
//! deserializes only envelopes whose checksum holds, so bytes damaged by
//! accident (a write cut short, a flipped bit, another file) are refused
//! before Wasmtime sees them; the header check that remains is Wasmtime's
//! own, which refuses an artifact of another Wasmtime version or engine
//! configuration with an error. A checksum cannot tell bytes crafted to pass
//! it from genuine ones: that is what [`load_precompiled`]'s safety contract
//! and [`ComponentCache`]'s trusted directory exclude.
//!
//! SHA-256 rather than a faster hash because a cache key must not collide
//! even for components made to collide (one plugin's entry must never load
//! as another's), and the fingerprint must be stable across processes and
//! Rust releases, which `std`'s hashers do not promise (the `sha2` crate,
//! which Wasmtime's compiler already depends on).
#![allow(unsafe_code)]

use std::hash::{Hash, Hasher};

use sha2::{Digest as _, Sha256};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use wasmtime::Engine;
use wasmtime::component::Component;

use crate::error::CacheError;

/// The envelope's format version; an envelope of another version is
/// refused with [`CacheError::FormatVersion`].
const FORMAT: u32 = 1;
const MAGIC: [u8; 8] = *b"WASMLINK";
/// Where each header field starts, and the artifact after them.
const FORMAT_AT: usize = MAGIC.len();
const ENGINE_AT: usize = FORMAT_AT + 4;
const SOURCE_AT: usize = ENGINE_AT + 32;
const LENGTH_AT: usize = SOURCE_AT + 32;
const CHECKSUM_AT: usize = LENGTH_AT + 8;
const HEADER: usize = CHECKSUM_AT + 32;

/// Compiles a component ahead of time for `engine`, into bytes that
/// [`load_precompiled`] turns back into a [`Component`] without compiling.
///
/// `wasm` is a component's WebAssembly binary (or text, with Wasmtime's
/// `wat` feature). The result is Wasmtime's artifact in wasm-link's
/// envelope (a header with a checksum), to be stored and loaded on this
/// host or on one of the same target, with the same Wasmtime version and
/// engine configuration.
///
/// ```
/// use wasm_link::{Engine, load_precompiled, precompile};
///
/// let engine = Engine::default();
/// let artifact = precompile(&engine, b"(component)")?;
/// // SAFETY: `artifact` is `precompile`'s output, unmodified.
/// let component = unsafe { load_precompiled(&engine, &artifact) }?;
/// # let _ = component;
/// # Ok::<(), wasm_link::CacheError>(())
/// ```
///
/// # Errors
///
/// [`CacheError::Compile`] if `wasm` is not a valid component;
/// [`CacheError::Serialize`] if Wasmtime cannot write its compiled code out
/// (out of memory).
pub fn precompile(engine: &Engine, wasm: &[u8]) -> Result<Vec<u8>, CacheError> {
    let component = Component::new(engine, wasm)
        .map_err(|source| CacheError::Compile { path: None, source })?;
    let artifact = component
        .serialize()
        .map_err(|source| CacheError::Serialize { source })?;
    Ok(seal(&fingerprint(engine), &sha256(wasm), &artifact))
}

/// Loads a component [`precompile`] made, without compiling it.
///
/// Refuses, with an error saying so and without running any of its code,
/// bytes that are not such an artifact ([`CacheError::NotPrecompiled`]:
/// random bytes, a WebAssembly binary, a bare Wasmtime artifact), an
/// artifact damaged since it was made ([`CacheError::Corrupt`]), one of
/// another envelope format ([`CacheError::FormatVersion`]), and one made by
/// another Wasmtime version or engine configuration
/// ([`CacheError::EngineMismatch`], with Wasmtime's reason, such as "Module
/// was compiled without fuel support but it is enabled for the host").
/// Settings that do not change compiled code (Wasmtime ignores them when it
/// checks an artifact) may differ.
///
/// # Safety
///
/// If `artifact` carries wasm-link's header with a checksum that matches,
/// the compiled code in it must be what [`precompile`] made (by any version
/// of wasm-link, for any engine). That holds for `precompile`'s output,
/// damaged or not, and for bytes nobody made to pass the check (random
/// bytes, other files, artifacts cut short or changed: the checksum
/// refuses them). It does not hold for bytes crafted to carry a valid
/// checksum around other code, which would then run as if it were compiled
/// WebAssembly. So read artifacts from storage that only you write, as you
/// would the host's own binary; [`ComponentCache`] does that for you.
///
/// # Errors
///
/// The refusals above, and [`CacheError::Load`] if Wasmtime cannot load an
/// artifact it would accept (out of memory, say).
pub unsafe fn load_precompiled(engine: &Engine, artifact: &[u8]) -> Result<Component, CacheError> {
    let sealed = Sealed::open(artifact, None)?;
    // SAFETY: `open` has just checked the checksum, and for an envelope
    // whose checksum holds our caller promises that `precompile` sealed it,
    // around `Component::serialize`'s output.
    unsafe { sealed.deserialize(engine, None) }
}

/// Compiled components on disk, so that a host starts its plugins without
/// compiling them again.
///
/// [`load`](Self::load) reads a component's WebAssembly file and looks for
/// its entry: a file in the cache's directory named after a SHA-256 of the
/// component's bytes and the engine's fingerprint (a hash of its target,
/// compiler settings, features and Wasmtime version, from
/// `Engine::precompile_compatibility_hash`). On a hit it loads the compiled
/// code from the entry; otherwise it compiles the component and writes its
/// entry, to a temporary file first and then renamed over the entry's
/// name, so that an entry is never seen half-written. Changing the file,
/// the engine's configuration or the Wasmtime version therefore changes the
/// entry, and old entries are never loaded by mistake (they stay on disk
/// until removed: the directory can be emptied at any time).
///
/// ```
/// use wasm_link::{ComponentCache, Engine};
///
/// // A temporary directory for the example only: see "Trust" below.
/// let dir = std::env::temp_dir().join(format!("wasm-link-doc-cache-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let wasm = dir.join("plugin.wat");
/// std::fs::write(&wasm, "(component)")?;
///
/// let engine = Engine::default();
/// let cache = ComponentCache::new(dir.join("compiled"));
/// let compiled = cache.load(&engine, &wasm)?; // compiles, and writes the entry
/// let loaded = cache.load(&engine, &wasm)?; // loads the entry
/// # let _ = (compiled, loaded);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # A cache never fails a load that compiling would not
///
/// An entry that cannot be used is refused, for the reasons
/// [`load_precompiled`] gives (damaged, another format, another Wasmtime
/// version or engine configuration, not an entry at all) or because it
/// holds another component ([`CacheError::OtherComponent`]), and the
/// component is compiled again and its entry rewritten: one bad file costs
/// one compilation, never a host that cannot start. Likewise an entry that
/// cannot be written (a read-only directory) leaves the load to succeed
/// without it. [`load_with_outcome`](Self::load_with_outcome) reports both;
/// the only errors of a load are the component's own: its file cannot be
/// read, or it does not compile.
///
/// # Concurrency
///
/// Any number of threads and processes may load through one directory at
/// once. Two that miss the same entry together both compile it and both
/// write it; each rename replaces the entry whole, and either entry serves.
///
/// # Trust
///
/// Loading an entry runs the machine code in it. The cache refuses entries
/// damaged by accident (each carries a SHA-256 checksum, checked before
/// Wasmtime sees a byte of it), but cannot refuse code someone wrote there
/// on purpose with a valid checksum. So the directory must be one that only
/// the host's own user can write to, as for the host's binary and its
/// plugins: not a shared temporary directory. Wasmtime's own cache
/// (`Config::cache`) makes the same assumption of its directory.
#[derive(Debug, Clone)]
pub struct ComponentCache {
    dir: PathBuf,
}

/// How [`ComponentCache::load_with_outcome`] got its component.
#[derive(Debug)]
#[non_exhaustive]
pub enum CacheOutcome {
    /// From the cache, without compiling.
    Hit,
    /// Compiled, because the cache had no usable entry.
    Compiled {
        /// Why the entry there was refused; `None` if there was none.
        refused: Option<CacheError>,
        /// Why the new entry could not be written; `None` if it was.
        not_stored: Option<CacheError>,
    },
}

impl ComponentCache {
    /// A cache in `dir`, which is created when the first entry is written.
    /// See [Trust](Self#trust) for where it may be.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The cache's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The component in the WebAssembly file at `path` (binary, or text
    /// with Wasmtime's `wat` feature), from its entry if the cache has a
    /// usable one, compiled (and its entry written) otherwise.
    ///
    /// # Errors
    ///
    /// [`CacheError::Io`] if the file cannot be read; [`CacheError::Compile`]
    /// if it does not compile. Never an error of the cache itself (see
    /// [above](Self#a-cache-never-fails-a-load-that-compiling-would-not)).
    pub fn load(&self, engine: &Engine, path: impl AsRef<Path>) -> Result<Component, CacheError> {
        self.load_with_outcome(engine, path)
            .map(|(component, _)| component)
    }

    /// [`load`](Self::load) for a component's bytes rather than its file.
    ///
    /// # Errors
    ///
    /// [`CacheError::Compile`] if the bytes do not compile.
    pub fn load_bytes(&self, engine: &Engine, wasm: &[u8]) -> Result<Component, CacheError> {
        self.lookup(engine, wasm, None)
            .map(|(component, _)| component)
    }

    /// [`load`](Self::load), and whether the component came from the cache:
    /// if not, why the entry there was refused, and why a new one could not
    /// be written, if either happened.
    ///
    /// # Errors
    ///
    /// As [`load`](Self::load).
    pub fn load_with_outcome(
        &self,
        engine: &Engine,
        path: impl AsRef<Path>,
    ) -> Result<(Component, CacheOutcome), CacheError> {
        let path = path.as_ref();
        let wasm = std::fs::read(path).map_err(|source| CacheError::Io {
            action: "read",
            path: path.to_owned(),
            source,
        })?;
        self.lookup(engine, &wasm, Some(path))
    }

    /// Loads `wasm`'s entry, or compiles it and writes the entry. `path` is
    /// where `wasm` was read from, for errors.
    fn lookup(
        &self,
        engine: &Engine,
        wasm: &[u8],
        path: Option<&Path>,
    ) -> Result<(Component, CacheOutcome), CacheError> {
        let engine_print = fingerprint(engine);
        let source = sha256(wasm);
        // The format too, so that wasm-links of two formats sharing a
        // directory do not overwrite each other's entries.
        let entry = self.dir.join(format!(
            "{}-{}-v{FORMAT}.cwasm",
            hex(&source),
            hex(&engine_print[..8])
        ));
        let refused = match std::fs::read(&entry) {
            Ok(bytes) => match Self::open_entry(engine, &bytes, &entry, &source) {
                Ok(component) => return Ok((component, CacheOutcome::Hit)),
                Err(refusal) => Some(refusal),
            },
            // No entry, or no directory for it yet.
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                None
            }
            Err(source) => Some(CacheError::Io {
                action: "read",
                path: entry.clone(),
                source,
            }),
        };
        let compile_error = |source| CacheError::Compile {
            path: path.map(Path::to_owned),
            source,
        };
        let component = Component::new(engine, wasm).map_err(compile_error)?;
        let not_stored = match component.serialize() {
            Ok(artifact) => self
                .store(&entry, &seal(&engine_print, &source, &artifact))
                .err(),
            Err(source) => Some(CacheError::Serialize { source }),
        };
        Ok((
            component,
            CacheOutcome::Compiled {
                refused,
                not_stored,
            },
        ))
    }

    /// The component in the entry `bytes` read from `entry`, if it is a
    /// sound entry of the component whose source hashes to `source`.
    fn open_entry(
        engine: &Engine,
        bytes: &[u8],
        entry: &Path,
        source: &[u8; 32],
    ) -> Result<Component, CacheError> {
        let sealed = Sealed::open(bytes, Some(entry))?;
        if sealed.source != *source {
            return Err(CacheError::OtherComponent {
                path: entry.to_owned(),
            });
        }
        // SAFETY: the entry was read from the cache's directory, which only
        // `store` writes (the trust the type's docs require of it), and
        // `store` writes only what `seal` made of `Component::serialize`'s
        // output; `open` has just checked that it is undamaged.
        unsafe { sealed.deserialize(engine, Some(entry)) }
    }

    /// Writes `bytes` as `entry`: into a file of its own first, renamed over
    /// `entry` once complete, so that no reader sees part of an entry (a
    /// crash before the rename leaves a temporary file, which the checksum
    /// would refuse anyway if it ever were renamed).
    fn store(&self, entry: &Path, bytes: &[u8]) -> Result<(), CacheError> {
        /// Tells apart the temporary files of one process's threads.
        static NEXT: AtomicU64 = AtomicU64::new(0);

        let io_error = |action, path: &Path| {
            let path = path.to_owned();
            move |source| CacheError::Io {
                action,
                path,
                source,
            }
        };
        std::fs::create_dir_all(&self.dir).map_err(io_error("create", &self.dir))?;
        let name = entry.file_name().unwrap_or_default().to_string_lossy();
        let temporary = self.dir.join(format!(
            ".{name}.{}-{}.tmp",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .and_then(|mut file| file.write_all(bytes))
            .map_err(io_error("write", &temporary))
            .and_then(|()| std::fs::rename(&temporary, entry).map_err(io_error("replace", entry)));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written
    }
}

/// An envelope whose header and checksum hold.
struct Sealed<'a> {
    engine: [u8; 32],
    source: [u8; 32],
    artifact: &'a [u8],
}

impl<'a> Sealed<'a> {
    /// Checks `bytes`' envelope: its magic, format, length and checksum.
    /// `path` is where they were read from, for errors.
    fn open(bytes: &'a [u8], path: Option<&Path>) -> Result<Self, CacheError> {
        let path = || path.map(Path::to_owned);
        let not_precompiled = |reason| CacheError::NotPrecompiled {
            path: path(),
            reason,
        };
        if !bytes.starts_with(&MAGIC) {
            return Err(not_precompiled(if bytes.starts_with(b"\0asm") {
                "these are WebAssembly, to be compiled, not compiled code"
            } else if Engine::detect_precompiled(bytes).is_some() {
                "this is a bare Wasmtime artifact; wasm-link loads only artifacts of `precompile`, which it can check"
            } else {
                "it does not start with wasm-link's header"
            }));
        }
        let cut_short = || CacheError::Corrupt {
            path: path(),
            reason: format!("cut short: {} bytes, shorter than its header", bytes.len()),
        };
        // The format first: another format's header may be of another size.
        let format = bytes.get(FORMAT_AT..ENGINE_AT).ok_or_else(cut_short)?;
        let format = u32::from_le_bytes(field(format, 0));
        if format != FORMAT {
            return Err(CacheError::FormatVersion {
                path: path(),
                found: format,
                expected: FORMAT,
            });
        }
        let (header, artifact) = bytes.split_at_checked(HEADER).ok_or_else(cut_short)?;
        let length = u64::from_le_bytes(field(header, LENGTH_AT));
        if usize::try_from(length).ok() != Some(artifact.len()) {
            return Err(CacheError::Corrupt {
                path: path(),
                reason: format!(
                    "its header announces {length} bytes of compiled code, but {} follow",
                    artifact.len()
                ),
            });
        }
        let mut checksum = Sha256::new();
        checksum.update(&header[..CHECKSUM_AT]);
        checksum.update(artifact);
        if <[u8; 32]>::from(checksum.finalize()) != field::<32>(header, CHECKSUM_AT) {
            return Err(CacheError::Corrupt {
                path: path(),
                reason: "its checksum does not match: it changed after it was written".to_owned(),
            });
        }
        Ok(Self {
            engine: field(header, ENGINE_AT),
            source: field(header, SOURCE_AT),
            artifact,
        })
    }

    /// Has Wasmtime load the artifact into `engine`.
    ///
    /// # Safety
    ///
    /// The envelope was made by `seal` from `Component::serialize`'s output
    /// (by this or another version of wasm-link), not crafted to pass
    /// `open`'s checks.
    unsafe fn deserialize(
        &self,
        engine: &Engine,
        path: Option<&Path>,
    ) -> Result<Component, CacheError> {
        // SAFETY: `Component::deserialize` requires bytes that
        // `Component::serialize` or `Engine::precompile_component` produced,
        // unmodified (its docs defer to `Module::deserialize`'s,
        // wasmtime-50.0.1 src/runtime/module.rs:385-415). Our caller
        // promises they were produced so, and `open` checked their SHA-256
        // checksum, so they were not modified since. They may come from
        // another Wasmtime version or engine configuration: `Module::deserialize`
        // promises that such output "will deterministically and safely
        // produce an `Err`" (module.rs:406-415), because before using any of
        // the bytes Wasmtime checks the artifact's engine section:
        // `Engine::load_code` (src/engine.rs:1003-1015) calls
        // `serialization::check_compatible` (src/engine/serialization.rs:49-124),
        // which refuses another object kind (module or component), another
        // version string ("Module was compiled with incompatible version"),
        // and then another target, compiler flags, tunables (fuel, epochs,
        // memory layout, ...) and wasm features (serialization.rs:204-211).
        // The one hole is an engine that turns the version check off
        // (`Config::module_version(ModuleVersionStrategy::None)`,
        // serialization.rs:118-119), a promise its owner makes to Wasmtime. The bytes are copied into
        // memory of Wasmtime's own before the check (`load_code_bytes`,
        // src/engine.rs:950-962), so they cannot change between the check
        // and their use, as a mapped file (`deserialize_file`) could.
        let loaded = unsafe { Component::deserialize(engine, self.artifact) };
        loaded.map_err(|source| {
            let path = path.map(Path::to_owned);
            if self.engine == fingerprint(engine) {
                CacheError::Load { path, source }
            } else {
                CacheError::EngineMismatch { path, source }
            }
        })
    }
}

/// Wraps `artifact` in the envelope (see the module docs).
fn seal(engine: &[u8; 32], source: &[u8; 32], artifact: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(HEADER + artifact.len());
    bytes.extend_from_slice(&MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(engine);
    bytes.extend_from_slice(source);
    bytes.extend_from_slice(&(artifact.len() as u64).to_le_bytes());
    let mut checksum = Sha256::new();
    checksum.update(&bytes);
    checksum.update(artifact);
    bytes.extend_from_slice(&checksum.finalize());
    bytes.extend_from_slice(artifact);
    bytes
}

/// The `N` bytes of `header` at `at`.
fn field<const N: usize>(header: &[u8], at: usize) -> [u8; N] {
    let mut value = [0; N];
    value.copy_from_slice(&header[at..at + N]);
    value
}

/// What makes `engine`'s compiled code different from another engine's:
/// SHA-256 of what `Engine::precompile_compatibility_hash` hashes (target,
/// compiler flags, tunables, features, Wasmtime version). Stable across
/// processes, unlike `std`'s hashers, whose algorithm may change.
fn fingerprint(engine: &Engine) -> [u8; 32] {
    let mut hasher = Digest(Sha256::new());
    engine.precompile_compatibility_hash().hash(&mut hasher);
    hasher.0.finalize().into()
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    })
}

/// Feeds what a `Hash` implementation writes (the engine's fingerprint)
/// into SHA-256.
struct Digest(Sha256);

impl Hasher for Digest {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        let digest: [u8; 32] = self.0.clone().finalize().into();
        u64::from_le_bytes(field(&digest, 0))
    }
}
