//! The pipeline's plugin graph served over HTTP, on async calls: the
//! library half of the `serve` example (`examples/serve.rs`), which its
//! test drives with a real HTTP client (`examples/tests/serve.rs`).
//!
//! The graph is the pipeline's (see `pipeline.rs`): a `tokenizer` at the
//! bottom, the analysers above it (all sharing it), the `report` on top, all
//! C components, each in its own store. Here every plugin is started with
//! `instantiate_async` or `link_async`, and every call is awaited: a busy
//! plugin is waited for without holding a thread, and a plugin that loops
//! (the broken `readability`) yields to the executor at every epoch tick,
//! so other requests are answered while it runs, until its deadline stops
//! it.
//!
//! Routes:
//! - `POST /analyze?title=..` with the text as the body: the report, as
//!   text, with a line per analyser that failed.
//! - `POST /words` with the text as the body: its first ten words, read
//!   through the tokenizer's `document` resource.

use std::collections::HashMap;
use std::convert::Infallible;
use std::error::Error;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use tokio::net::TcpListener;
use wasm_link::{Any, Component, Engine, ExactlyOne, Linker, Plugin, PluginContext, ResourceTable};

wasm_link::bind!("wit/tokenizer", async);
wasm_link::bind!("wit/analyzer", async);
wasm_link::bind!("wit/report", async);

/// An error that can cross tasks.
pub type BoxError = Box<dyn Error + Send + Sync>;

/// How often the engine's epoch ticks: the unit of the deadlines below, and
/// how often a running plugin yields to the executor (so the longest a
/// request waits for the thread while a plugin loops).
pub const TICK: Duration = Duration::from_millis(1);
/// Epoch ticks one analyser call may last: half a second.
const ANALYSER_TICKS: u64 = 500;
/// Epoch ticks one report may last. Its analysers run inside it and get at
/// most what it has left, so it covers all of them.
const REPORT_TICKS: u64 = 6_000;
/// How large a plugin's linear memory may grow (`phrases` asks for more).
const MEMORY_LIMIT: usize = 16 << 20;

/// What a plugin's store holds: the resource table wasm-link needs and the
/// plugin's memory limits.
pub struct Context {
    table: ResourceTable,
    limits: wasm_link::wasmtime::StoreLimits,
}

impl Context {
    fn new() -> Self {
        Self {
            table: ResourceTable::new(),
            limits: wasm_link::wasmtime::StoreLimitsBuilder::new()
                .memory_size(MEMORY_LIMIT)
                // Refusing a grow traps the plugin at once, instead of
                // handing its `malloc` a null pointer.
                .trap_on_grow_failure(true)
                .build(),
        }
    }
}

impl PluginContext for Context {
    fn resource_table(&mut self) -> &mut ResourceTable {
        &mut self.table
    }
}

type Instance = wasm_link::PluginInstance<Context>;
type Tokenizer = text_tokenizer::Group<ExactlyOne<String, Instance>>;
type Analysers = text_analyzer::Group<Any<String, Instance>>;
type Report = text_report::Group<ExactlyOne<String, Instance>>;

/// The running graph.
pub struct App {
    tokenizer: Tokenizer,
    analysers: Analysers,
    report: Report,
    /// Stops the epoch ticker when the app goes.
    ticking: Arc<AtomicBool>,
    /// One report and the restarts after it at a time: the report plugin
    /// runs one call at a time anyway, and the next report must not reach
    /// an analyser the last one left failed before it is restarted.
    reporting: tokio::sync::Mutex<()>,
}

impl Drop for App {
    fn drop(&mut self) {
        self.ticking.store(false, Ordering::Relaxed);
    }
}

/// The analysers the server runs (the pipeline's first four: two of them
/// broken on purpose).
pub const ANALYSERS: [&str; 4] = ["word-stats", "sentiment", "readability", "phrases"];

impl App {
    /// Starts the graph from the compiled plugins in `plugins`
    /// (`examples/plugins/`).
    pub async fn start(plugins: &Path) -> Result<Self, BoxError> {
        // Epoch interruption bounds how long a call may run, and lets a
        // running plugin yield to the executor at every tick.
        let mut config = wasm_link::recommended_config();
        config.epoch_interruption(true);
        config.wasm_backtrace_max_frames(None);
        let engine = Engine::new(&config)?;
        let ticking = Arc::new(AtomicBool::new(true));
        let (clock, running) = (engine.clone(), Arc::clone(&ticking));
        std::thread::spawn(move || {
            while running.load(Ordering::Relaxed) {
                std::thread::sleep(TICK);
                clock.increment_epoch();
            }
        });

        let plugin = |name: &str, ticks: u64| -> Result<Plugin<Context>, BoxError> {
            let path = plugins.join(format!("{name}.wasm"));
            let component = Component::from_file(&engine, &path)
                .map_err(|e| format!("cannot load {}: {e:#}", path.display()))?;
            Ok(Plugin::new(component, Context::new())
                .with_name(name)
                .with_epoch_limiter(move |_, _, _| ticks)
                .with_memory_limiter(|ctx| &mut ctx.limits))
        };
        let tokenizer = plugin("tokenizer", ANALYSER_TICKS)?
            .instantiate_async(&engine, &Linker::new(&engine))
            .await?;
        let tokenizer = text_tokenizer::Group::new(ExactlyOne("tokenizer".to_owned(), tokenizer))?;
        let mut analysers = HashMap::new();
        for name in ANALYSERS {
            let analyser = plugin(name, ANALYSER_TICKS)?
                .link_async(&engine, Linker::new(&engine), [tokenizer.socket()])
                .await?;
            analysers.insert(name.to_owned(), analyser);
        }
        let analysers = text_analyzer::Group::new(Any(analysers))?;
        let report = plugin("report", REPORT_TICKS)?
            .link_async(&engine, Linker::new(&engine), [analysers.socket()])
            .await?;
        let report = text_report::Group::new(ExactlyOne("report".to_owned(), report))?;
        Ok(Self {
            tokenizer,
            analysers,
            report,
            ticking,
            reporting: tokio::sync::Mutex::new(()),
        })
    }

    /// The report on `text`, rendered, with a line per failed analyser.
    /// Failed analysers are restarted for the next request.
    pub async fn analyze(&self, title: &str, text: &str) -> Result<String, BoxError> {
        let _one_at_a_time = self.reporting.lock().await;
        let ExactlyOne(_, report) = self.report.report().render(title, text).await;
        let report = report?;
        let mut out = report.text.trim_end().to_owned();
        let _ = write!(out, "\n\n{} analysers answered", report.analysers);
        for failure in &report.failures {
            let _ = write!(
                out,
                "\nfailed: {} ({}): {}",
                failure.analyser, failure.kind, failure.reason
            );
            // A plugin that trapped answers `Unusable` until it restarts.
            self.analysers
                .binding()
                .restart_async(&failure.analyser, Context::new())
                .await?;
        }
        Ok(out)
    }

    /// The first ten words of `text`, read through the tokenizer.
    pub async fn words(&self, text: &str) -> Result<Vec<String>, BoxError> {
        let api = self.tokenizer.tokenizer();
        let ExactlyOne(_, document) = api.document_new(text).await;
        let document = document?;
        let mut words = Vec::new();
        while words.len() < 10 {
            match api.document_next_token(document.borrow()).await? {
                Some(token) => words.push(token.word),
                None => break,
            }
        }
        Ok(words)
    }
}

/// Where the example's plugins are: `examples/plugins/`.
pub fn plugins_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("plugins")
}

/// Serves `app` on `listener` until `shutdown` completes; one task per
/// connection.
pub async fn serve(
    app: Arc<App>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> Result<(), BoxError> {
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => accepted?,
            () = &mut shutdown => return Ok(()),
        };
        let app = Arc::clone(&app);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let app = Arc::clone(&app);
                async move { Ok::<_, Infallible>(respond(&app, request).await) }
            });
            // A client that goes away mid-request is not the server's error.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Binds `address` and serves `app` there in a task; returns the address
/// bound (for port 0, the port chosen) and a handle that stops it.
pub async fn spawn(app: Arc<App>, address: SocketAddr) -> Result<(SocketAddr, Stop), BoxError> {
    let listener = TcpListener::bind(address).await?;
    let bound = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve(app, listener, async move {
        let _ = stopped.await;
    }));
    Ok((bound, Stop { stop, task }))
}

/// Stops a server started by [`spawn`].
pub struct Stop {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<(), BoxError>>,
}

impl Stop {
    /// Stops accepting connections and waits for the server loop to end.
    pub async fn stop(self) -> Result<(), BoxError> {
        let _ = self.stop.send(());
        self.task.await?
    }
}

async fn respond(app: &App, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let text = match body.collect().await {
        Ok(body) => String::from_utf8_lossy(&body.to_bytes()).into_owned(),
        Err(e) => {
            return reply(
                StatusCode::BAD_REQUEST,
                format!("cannot read the body: {e}"),
            );
        }
    };
    let answered = match (&parts.method, parts.uri.path()) {
        (&Method::POST, "/analyze") => {
            let title = parts
                .uri
                .query()
                .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("title=")))
                .unwrap_or("Untitled")
                .replace('+', " ");
            app.analyze(&title, &text).await
        }
        (&Method::POST, "/words") => app.words(&text).await.map(|words| words.join(" | ")),
        _ => {
            return reply(
                StatusCode::NOT_FOUND,
                "POST /analyze?title=.. or POST /words, with the text as the body".to_owned(),
            );
        }
    };
    match answered {
        Ok(body) => reply(StatusCode::OK, body),
        Err(e) => reply(StatusCode::INTERNAL_SERVER_ERROR, format!("error: {e}")),
    }
}

fn reply(status: StatusCode, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
}

/// A minimal HTTP client for the self-test and the tests: one request on a
/// connection of its own.
pub async fn post(
    address: SocketAddr,
    path: &str,
    body: &str,
) -> Result<(StatusCode, String), BoxError> {
    let stream = tokio::net::TcpStream::connect(address).await?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let request = Request::post(path)
        .header(hyper::header::HOST, address.to_string())
        .body(Full::new(Bytes::from(body.to_owned())))?;
    let response = sender.send_request(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}
