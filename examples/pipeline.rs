//! Run with:
//!
//! ```text
//! cargo run --example pipeline
//! ```
//!
//! A text-processing application built from plugins written in C (sources
//! in `examples/plugins/src/`, WIT in `examples/wit/`, and the components
//! they compile to committed as `examples/plugins/*.wasm`; see
//! `examples/README.md`):
//!
//! - `tokenizer` normalises a text and reads it word by word. It owns the
//!   `document` resource that the analysers (and the host) create and read.
//! - analysers (`word-stats`, `sentiment`, `readability`, `phrases`, and
//!   later `keywords`) each import the one shared tokenizer: a diamond. Two
//!   of them are broken on purpose: `readability` loops forever and
//!   `phrases` eats memory without end.
//! - `report` imports all analysers through one `Any` socket, so one call
//!   fans out to every analyser, and renders what they found.
//!
//! Every plugin runs in its own store under a fuel budget and a memory
//! limit. A call's fuel budget covers everything it causes, so the report,
//! whose one call runs every analyser, gets a budget for all of them. The
//! broken analysers are stopped by their limits and reported, and the
//! application carries on. After the first text the host changes the graph
//! while it runs: it swaps `readability` for a fixed build and adds the
//! `keywords` analyser, as another thread keeps asking for reports.
//!
//! The host calls the plugins through typed bindings that `wasm_link::bind!`
//! generates from the WIT, resource methods included.
//!
//! With `WASM_LINK_TRACE=1`, the example also prints the trace of the first
//! report's call tree (wasm-link's `tracing` feature): one line per call,
//! nested as the calls nest, with the fuel each burnt.

use std::collections::{BTreeMap, HashMap};
use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use wasm_link::wasmtime::ResourceLimiter;
use wasm_link::{
    Any, CacheOutcome, Component, ComponentCache, DispatchError, Engine, ExactlyOne, Linker,
    Plugin, PluginContext, ResourceTable,
};

// Typed bindings for the three WIT packages the host calls, generated at
// compile time from the WIT the plugins are built against. Each gives a
// module (`text_tokenizer`, `text_analyzer`, `text_report`) with the
// package's types and a typed `Group` over a cardinality of plugins.
wasm_link::bind!("wit/tokenizer");
wasm_link::bind!("wit/analyzer");
wasm_link::bind!("wit/report");

/// Fuel one call into a plugin may burn (about one unit per wasm
/// instruction). The well-behaved plugins need under a tenth of it.
const FUEL_PER_CALL: u64 = 20_000_000;
/// Fuel for one call of the report: the analysers it calls run on it (each
/// within its own `FUEL_PER_CALL`), and what they burn is charged to it, so
/// it covers every analyser, the tokenizer calls they make and its own work.
const REPORT_FUEL_PER_CALL: u64 = 10 * FUEL_PER_CALL;
/// How large a plugin's linear memory may grow.
const MEMORY_LIMIT: usize = 16 << 20;
/// The Python analyser runs an interpreter, with `CPython`'s heap in its
/// memory (12.3 MiB once started: three quarters of the C plugins' 16 MiB
/// limit before it analyses anything, so it gets 64 MiB). Its analysis of
/// a text burns under a million units of fuel here, as the C analysers' do,
/// so it gets their fuel limit.
const PYTHON_FUEL_PER_CALL: u64 = FUEL_PER_CALL;
const PYTHON_MEMORY_LIMIT: usize = 64 << 20;
/// Where `examples/build-python-plugin.sh` puts the Python analyser (about
/// 18 MB, so it is built rather than committed), under `examples/plugins/`.
const PYTHON_ANALYSER: &str = "python/build/rhythm.wasm";

/// The texts the application analyses: a title and the text.
const TEXTS: [(&str, &str); 2] = [
    (
        "Review: wasm-link in a weekend project",
        "I tried wasm-link for a weekend project and I really like it. \
         Writing plugins in C was easy, and linking them felt simple and clean. \
         The runtime is fast, and the isolation is very reliable: a broken plugin \
         never took the application down. The documentation is not perfect, and \
         one error message was confusing. Still, plugins in C, plugins in Rust \
         and plugins in any language work together without a problem. \
         I would recommend it.",
    ),
    (
        "Note: the build server",
        "The build server crashed twice this week. Builds are slow and the \
         logs are hard to read. Nobody knows why the cache fails. \
         We should not ignore this any longer: a broken build server \
         is a broken team.",
    ),
];

fn main() -> ExitCode {
    // Errors are printed for people: the message, then its causes.
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            let mut cause = error.source();
            while let Some(error) = cause {
                eprintln!("  caused by: {error}");
                cause = error.source();
            }
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    // Step 1: an engine that meters fuel, the limit on how long a plugin may
    // run. Wasm backtraces are off: the plugins carry no function names, and
    // the failure reports stay short.
    let mut config = wasm_link::recommended_config();
    config.consume_fuel(true);
    config.wasm_backtrace_max_frames(None);
    let engine = Engine::new(&config)?;

    // Step 2: how each plugin is made: its component, a fresh context, and
    // its two limits. The memory limiter lives in the context and writes
    // what it does to a log the host keeps.
    let memory_log = Arc::new(Mutex::new(MemoryLog::default()));
    let context = |name: &str| Context {
        table: ResourceTable::new(),
        memory: MemoryLimit {
            plugin: name.to_owned(),
            limit: limits(name).1,
            log: Arc::clone(&memory_log),
        },
    };
    let of_component = |name: &str, component: Component| {
        let fuel = limits(name).0;
        Plugin::new(component, context(name))
            .with_name(name)
            .with_fuel_limiter(move |_ctx, _interface, _function| fuel)
            .with_memory_limiter(|ctx| &mut ctx.memory)
    };
    let plugin = |name: &str| -> Result<Plugin<Context>, Box<dyn Error>> {
        let path = plugins_dir().join(format!("{name}.wasm"));
        let component = Component::from_file(&engine, &path)
            .map_err(|e| format!("cannot load {}: {e:#}", path.display()))?;
        Ok(of_component(name, component))
    };

    // Step 3: the bottom of the graph, the tokenizer. It has no sockets, so
    // it is simply instantiated, then bound to its package. `Group::new`
    // checks its exports against the WIT once, so typed calls cannot meet a
    // surprise later.
    let tokenizer = plugin("tokenizer")?.instantiate(&engine, &Linker::new(&engine))?;
    let tokenizer = text_tokenizer::Group::new(ExactlyOne("tokenizer".to_owned(), tokenizer))?;

    // Step 4: the analysers. Each is linked with the same tokenizer group as
    // its socket, so they all share one tokenizer plugin: a diamond. `link`
    // checks every import against the socket before anything runs.
    let analyser = |name: &str| -> Result<_, Box<dyn Error>> {
        Ok(plugin(name)?.link(&engine, Linker::new(&engine), [tokenizer.socket()])?)
    };
    let mut analysers = HashMap::new();
    for name in ["word-stats", "sentiment", "readability", "phrases"] {
        analysers.insert(name.to_owned(), analyser(name)?);
    }
    // They all plug into one binding with `Any` cardinality: a call fans out
    // to every analyser and comes back with one result per plugin id.
    let analysers = text_analyzer::Group::new(Any(analysers))?;

    // Step 5: the top, the report plugin, with the analyser group as its
    // socket. The report declares the socket's functions in the `Any` shape,
    // `list<tuple<string, result<T, dispatch-error>>>`, so it gets every
    // analyser's answer, or the reason it has none.
    let report = plugin("report")?.link(&engine, Linker::new(&engine), [analysers.socket()])?;
    let report = text_report::Group::new(ExactlyOne("report".to_owned(), report))?;

    // Step 6: show the graph. The host can call any group, not only the top
    // one: here it fans `describe` out to the analysers itself.
    print_graph(&analysers.analyzer().describe());
    println!(
        "Limits, per plugin: {} million units of fuel per call ({} million for the \
         report, whose calls pay for the analysers they reach), {} of memory.",
        FUEL_PER_CALL / 1_000_000,
        REPORT_FUEL_PER_CALL / 1_000_000,
        mib(MEMORY_LIMIT)
    );

    let mut failures = Vec::new();
    for (number, (title, text)) in TEXTS.iter().enumerate() {
        println!("\n━━━ text {} of {} ━━━\n", number + 1, TEXTS.len());

        // Step 7: the host reads the start of the text through the tokenizer
        // itself (see `first_words`).
        let words = first_words(&tokenizer, text)?;
        println!("host, through the tokenizer: {} ...\n", words.join(" | "));

        // Step 8: run the application on the text: one call to the report,
        // which calls every analyser, each of which reads the text through
        // the tokenizer. A failing analyser is one `Err` among the results;
        // the report renders the others.
        let render = || report.report().render(title, text);
        let ExactlyOne(_, rendered) =
            if number == 0 && std::env::var_os("WASM_LINK_TRACE").is_some() {
                let (rendered, trace) = traced(render);
                print_trace(&trace);
                rendered
            } else {
                render()
            };
        let rendered = rendered?;
        println!("{}", rendered.text.trim_end());

        // Step 9, after the first text: the graph changes while it runs
        // (see `change_the_graph`).
        let swapped = if number == 0 {
            let python = python_analyser(&engine)?
                .map(|python| -> Result<_, Box<dyn Error>> {
                    Ok(of_component("rhythm", python).link(
                        &engine,
                        Linker::new(&engine),
                        [tokenizer.socket()],
                    )?)
                })
                .transpose()?;
            change_the_graph((&analysers, &report), (title, text), analyser, python)?
        } else {
            Vec::new()
        };

        // Step 10: a plugin that trapped or ran out of fuel cannot be
        // entered again. The host restarts the failed analysers with fresh
        // instances (same component, same sockets, same limits), so that
        // the next text gets them all; a swapped one is new already.
        let mut restarted = Vec::new();
        for failure in rendered.failures {
            if !swapped.contains(&failure.analyser) {
                analysers
                    .binding()
                    .restart(&failure.analyser, context(&failure.analyser))?;
                restarted.push(failure.analyser.clone());
            }
            failures.push((number + 1, failure));
        }
        if !restarted.is_empty() {
            println!("host: restarted {}", restarted.join(" and "));
        }
    }

    // Step 11: what the limits did, from the failures the report returned
    // and from the host's memory limiter, which kept its own log.
    print_limits(&failures, &memory_log.lock().expect("memory log lock"));

    // Step 12: every document was released: the host and each analyser
    // dropped their handles, which ran the tokenizer's destructor. The
    // tokenizer counts what is still alive.
    let ExactlyOne(_, live) = tokenizer.tokenizer().live_documents();
    println!("tokenizer: {} documents alive at the end", live?);
    Ok(())
}

/// What a plugin's store holds: the resource table wasm-link needs, and the
/// plugin's memory limiter.
struct Context {
    table: ResourceTable,
    memory: MemoryLimit,
}

impl PluginContext for Context {
    fn resource_table(&mut self) -> &mut ResourceTable {
        &mut self.table
    }
}

/// A memory limiter that also records what it saw, so that the host can
/// report it: the largest memory each plugin reached, and what it refused.
struct MemoryLimit {
    plugin: String,
    limit: usize,
    log: Arc<Mutex<MemoryLog>>,
}

#[derive(Default)]
struct MemoryLog {
    /// Per plugin, the largest linear memory it was allowed.
    peak: BTreeMap<String, usize>,
    /// Each refusal, as a sentence.
    refused: Vec<String>,
}

impl ResourceLimiter for MemoryLimit {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasm_link::wasmtime::Result<bool> {
        let mut log = self.log.lock().expect("memory log lock");
        if desired > self.limit {
            let message = format!(
                "`{}` asked to grow its memory from {} to {}; its limit is {}",
                self.plugin,
                mib(current),
                mib(desired),
                mib(self.limit)
            );
            log.refused.push(message.clone());
            // An error (rather than `Ok(false)`) traps the plugin at once,
            // instead of handing its `malloc` a null pointer.
            return Err(wasm_link::wasmtime::Error::msg(message));
        }
        let peak = log.peak.entry(self.plugin.clone()).or_default();
        *peak = (*peak).max(desired);
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasm_link::wasmtime::Result<bool> {
        Ok(desired <= 10_000)
    }
}

/// A byte count in MiB, for people.
fn mib(bytes: usize) -> String {
    #[allow(clippy::cast_precision_loss)] // sizes of a few MiB
    let mib = bytes as f64 / f64::from(1 << 20);
    format!("{mib:.1} MiB")
}

/// Prints what the limits did: which plugin each stopped, on which text,
/// and what the memory limiter saw.
fn print_limits(failures: &[(usize, text_report::report::Failure)], log: &MemoryLog) {
    println!("\nWhat the limits did");
    println!("-------------------");
    for (text, failure) in failures {
        let limit = match failure.kind.as_str() {
            "fuel-exhausted" => "the fuel limit",
            "trap" if failure.reason.contains("grow its memory") => "the memory limit",
            _ => "a fault",
        };
        println!(
            "text {text}: {limit} stopped `{}` ({})",
            failure.analyser, failure.reason
        );
    }
    println!(
        "The memory limiter refused {} requests. The largest memory it allowed each plugin:",
        log.refused.len()
    );
    let peaks: Vec<String> = log
        .peak
        .iter()
        .map(|(plugin, peak)| format!("{plugin} {}", mib(*peak)))
        .collect();
    println!("  {}", peaks.join(", "));
}

/// Prints the plugin graph, with what each analyser says it does.
fn print_graph(descriptions: &Any<String, Result<String, DispatchError>>) {
    let mut analysers: Vec<(&String, String)> = descriptions
        .0
        .iter()
        .map(|(id, result)| {
            let about = match result {
                Ok(about) => about.clone(),
                Err(e) => format!("(describe failed: {e})"),
            };
            (id, about)
        })
        .collect();
    analysers.sort();
    println!("The plugin graph: C components, each in its own store");
    println!("-----------------------------------------------------");
    println!("host");
    println!(" └─ report            plugs into text:report (ExactlyOne)");
    println!(
        "     └─ socket text:analyzer (Any: {} plugins; one call fans out to all)",
        analysers.len()
    );
    for (i, (id, about)) in analysers.iter().enumerate() {
        let branch = if i + 1 == analysers.len() {
            "└─"
        } else {
            "├─"
        };
        println!("         {branch} {id:<12}  {about}");
    }
    println!("             │  each analyser has a socket text:tokenizer (ExactlyOne),");
    println!(
        "             │  all {} to the same plugin:",
        analysers.len()
    );
    println!("             └─ tokenizer     owns the `document` resource they read");
    println!();
}

/// A plugin of the example, instantiated.
type Instance = wasm_link::PluginInstance<Context>;

/// The analyser group: the middle of the graph.
type Analysers = text_analyzer::Group<Any<String, Instance>>;

/// Swaps `readability` for its fixed build and adds the `keywords`
/// analyser (and the Python `rhythm`, if built), while another thread keeps
/// asking the report for reports (`analyser` links a plugin of that name to
/// the tokenizer). Each newcomer
/// is checked against the WIT and against the report (its socket shape)
/// before anything changes; calls in progress finish on the members they
/// started with, and the report is not linked again: its next call reaches
/// the new members. Returns the analysers swapped.
fn change_the_graph(
    (analysers, report): (&Analysers, &Report),
    text: (&str, &str),
    analyser: impl Fn(&str) -> Result<Instance, Box<dyn Error>>,
    python: Option<Instance>,
) -> Result<Vec<String>, Box<dyn Error>> {
    let python_joined = python.is_some();
    let fixed = analyser("readability-fixed")?;
    let keywords = analyser("keywords")?;
    let served = serve_during(report, text, || {
        analysers.replace(&"readability".to_owned(), fixed)?;
        analysers.insert("keywords".to_owned(), keywords)?;
        if let Some(rhythm) = python {
            analysers.insert("rhythm".to_owned(), rhythm)?;
        }
        Ok(())
    })?;
    let python = if python_joined {
        " and `rhythm` (Python)"
    } else {
        ""
    };
    println!(
        "\nhost: swapped `readability` for its fixed build and added `keywords`{python} while \
         another thread kept asking for reports: {}",
        served.summary()
    );
    Ok(vec!["readability".to_owned()])
}

/// The tokenizer group: the bottom of the graph.
type Tokenizer = text_tokenizer::Group<ExactlyOne<String, Instance>>;

/// The first ten words of `text`, read by the host through the tokenizer.
/// The document is the tokenizer's resource: the host holds an `Own`
/// handle, its methods are routed to the tokenizer, and dropping the handle
/// runs the tokenizer's destructor, as any Rust value releases what it owns
/// (`document.release()` would wait for the destructor and return its
/// error).
fn first_words(tokenizer: &Tokenizer, text: &str) -> Result<Vec<String>, Box<dyn Error>> {
    let ExactlyOne(_, document) = tokenizer.tokenizer().document_new(text);
    let document = document?;
    let mut words = Vec::new();
    while words.len() < 10 {
        // A typed method: it runs only in the plugin that owns `document`.
        match tokenizer
            .tokenizer()
            .document_next_token(document.borrow())?
        {
            Some(token) => words.push(token.word),
            None => break,
        }
    }
    Ok(words)
}

/// Fuel per call and memory, per plugin.
fn limits(name: &str) -> (u64, usize) {
    match name {
        // The report's calls pay for every analyser they reach.
        "report" => (REPORT_FUEL_PER_CALL, MEMORY_LIMIT),
        "rhythm" => (PYTHON_FUEL_PER_CALL, PYTHON_MEMORY_LIMIT),
        _ => (FUEL_PER_CALL, MEMORY_LIMIT),
    }
}

/// The Python analyser's component, if it was built. Compiling 18 MB takes
/// Wasmtime a while (minutes in a debug build), so it goes through a
/// `ComponentCache`: compiled on the first run, loaded on later ones.
fn python_analyser(engine: &Engine) -> Result<Option<Component>, Box<dyn Error>> {
    let path = plugins_dir().join(PYTHON_ANALYSER);
    if !path.exists() {
        println!(
            "\nhost: the Python analyser `rhythm` is not built (examples/build-python-plugin.sh \
             builds it); going on without it"
        );
        return Ok(None);
    }
    let cache = ComponentCache::new(plugins_dir().join("python/build/compiled"));
    let started = Instant::now();
    let (component, outcome) = cache.load_with_outcome(engine, &path)?;
    let how = match outcome {
        CacheOutcome::Hit => "loaded compiled from its cache",
        _ => "compiled and cached for the next run",
    };
    println!(
        "\nhost: the Python analyser `rhythm` ({:.1} MB) {how} in {:.1} s",
        mb(std::fs::metadata(&path)?.len()),
        started.elapsed().as_secs_f64()
    );
    Ok(Some(component))
}

/// A byte count in MB (10^6), for file sizes.
fn mb(bytes: u64) -> f64 {
    #[allow(clippy::cast_precision_loss)] // files of a few MB
    let bytes = bytes as f64;
    bytes / 1e6
}

/// The report group: the top of the graph.
type Report = text_report::Group<ExactlyOne<String, Instance>>;

/// What another thread saw while the host changed the graph.
#[derive(Default)]
struct Served {
    /// Reports asked for and answered.
    answered: usize,
    /// Reports asked for that failed as a whole.
    failed: usize,
    /// How many analysers answered each report, in the order seen.
    analysers: Vec<u32>,
}

impl Served {
    /// What happened, for people.
    fn summary(&self) -> String {
        let mut counts = self.analysers.clone();
        counts.dedup();
        let counts: Vec<String> = counts.iter().map(u32::to_string).collect();
        let failed = match self.failed {
            0 => "none failed".to_owned(),
            n => format!("{n} FAILED"),
        };
        format!(
            "{} reports answered during the change (by {} analysers), {failed}",
            self.answered,
            counts.join(", then ")
        )
    }
}

/// Runs `change` while another thread keeps asking `report` for reports
/// on `text`: one starts before the change and one after it ends, and
/// returns what that thread saw.
fn serve_during(
    report: &Report,
    (title, text): (&str, &str),
    change: impl FnOnce() -> Result<(), Box<dyn Error>>,
) -> Result<Served, Box<dyn Error>> {
    let asked = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let asking = scope.spawn(|| {
            let mut served = Served::default();
            while !stop.load(Ordering::SeqCst) {
                asked.fetch_add(1, Ordering::SeqCst);
                match report.report().render(title, text) {
                    ExactlyOne(_, Ok(rendered)) => {
                        served.answered += 1;
                        served.analysers.push(rendered.analysers);
                    }
                    ExactlyOne(_, Err(_)) => served.failed += 1,
                }
            }
            served
        });
        let wait_until = |reached: usize| {
            while asked.load(Ordering::SeqCst) < reached && !asking.is_finished() {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        };
        // A report is under way, then the graph changes, then a report
        // starts after the change.
        wait_until(1);
        let changed = change();
        wait_until(asked.load(Ordering::SeqCst) + 2);
        stop.store(true, Ordering::SeqCst);
        let served = asking.join().map_err(|_| "the asking thread panicked")?;
        changed.map(|()| served)
    })
}

/// Where the plugins are: `examples/plugins/`.
fn plugins_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("plugins")
}

/// Runs `f` with a `tracing` subscriber that writes every closed span and
/// every event into a buffer; returns `f`'s result and what was written.
fn traced<T>(f: impl FnOnce() -> T) -> (T, String) {
    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .expect("trace buffer lock")
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .without_time()
        .with_target(false)
        .finish();
    let result = tracing::subscriber::with_default(subscriber, f);
    let bytes = buffer.0.lock().expect("trace buffer lock").clone();
    (result, String::from_utf8_lossy(&bytes).into_owned())
}

/// Prints a trace as a tree: one line per call (the plugin, its package,
/// interface and function, the fuel it burnt) indented under its caller,
/// and the events inside it. Calls finish before their callers, so a
/// caller's line comes after its callees'. A run of calls that differ only
/// in their fuel (an analyser reading the text token by token) is one line
/// with a count.
fn print_trace(trace: &str) {
    println!("The trace of this call tree (each call under its caller, callees first)");
    println!("------------------------------------------------------------------------");
    let rendered: Vec<(String, String)> = trace.lines().filter_map(trace_line).collect();
    let mut lines = rendered.iter().peekable();
    while let Some((key, line)) = lines.next() {
        let mut repeats = 1;
        while lines.peek().is_some_and(|(next, _)| next == key) {
            lines.next();
            repeats += 1;
        }
        if repeats > 1 {
            println!("{line}  (x{repeats})");
        } else {
            println!("{line}");
        }
    }
    println!();
}

/// One line of the formatter's output (`INFO call{..}:call{..}: close`) as a
/// tree line, with the key that tells repeats apart (the line without its
/// fuel).
fn trace_line(line: &str) -> Option<(String, String)> {
    let spans = line.matches("call{").count();
    let innermost = line.rfind("call{")?;
    let (fields, message) = line[innermost + "call{".len()..].split_once("}: ")?;
    let field = |name: &str| {
        fields
            .split(' ')
            .find_map(|f| f.strip_prefix(name)?.strip_prefix('='))
            .map(|v| v.trim_matches('"').to_owned())
            .unwrap_or_default()
    };
    let indent = "  ".repeat(spans.saturating_sub(1));
    // A destructor's span has no package: its interface is the plugin's.
    let package = field("package");
    let package = if package.is_empty() {
        package
    } else {
        package + "/"
    };
    let call = format!(
        "{indent}{} {package}{}#{}",
        field("plugin"),
        field("interface"),
        field("function")
    );
    let fuel = field("fuel");
    let what = if message == "close" {
        String::new()
    } else {
        format!("  {}", message.trim())
    };
    let key = format!("{call}{what}");
    let line = if fuel.is_empty() {
        format!("{call}{what}")
    } else {
        format!("{call}  fuel {fuel}{what}")
    };
    Some((key, line))
}
