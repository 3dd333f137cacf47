//! Run with:
//!
//! ```text
//! cargo run --example serve                 # serves on 127.0.0.1:3000 until Ctrl-C
//! cargo run --example serve -- --self-test  # starts, asks itself, checks, exits
//! ```
//!
//! The pipeline's plugin graph (see `pipeline.rs`) behind an HTTP endpoint,
//! on wasm-link's async calls: one thread (a current-thread tokio runtime)
//! serves every request, and a plugin that loops, the broken `readability`,
//! does not stall it: it yields at every epoch tick until its deadline
//! stops it, and the other requests are answered meanwhile. The server
//! itself is `examples/server.rs`.
//!
//! ```text
//! curl -d 'The build server crashed twice this week.' 'localhost:3000/analyze?title=Note'
//! curl -d 'The build server crashed twice this week.' localhost:3000/words
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use wasm_link_examples::server::{self, App, BoxError};

/// A text the broken `readability` loops on (a word with a `y` inside).
const TEXT: &str = "I tried wasm-link for a weekend project and I really like it. \
                    Writing plugins in C was easy, and linking them felt simple and clean.";

fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let self_test = std::env::args().any(|arg| arg == "--self-test");
    let outcome = runtime.block_on(async {
        if self_test {
            self_test_run().await
        } else {
            serve_forever().await
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            let mut cause = std::error::Error::source(&*error);
            while let Some(error) = cause {
                eprintln!("  caused by: {error}");
                cause = error.source();
            }
            ExitCode::FAILURE
        }
    }
}

async fn serve_forever() -> Result<(), BoxError> {
    let app = Arc::new(App::start(&server::plugins_dir()).await?);
    let address: SocketAddr = ([127, 0, 0, 1], 3000).into();
    let listener = tokio::net::TcpListener::bind(address).await?;
    println!("serving the pipeline on http://{address} (Ctrl-C stops it)");
    println!("  curl -d 'Some text to read.' 'localhost:3000/analyze?title=A+title'");
    println!("  curl -d 'Some text to read.' localhost:3000/words");
    server::serve(app, listener, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Starts the server on a free port and asks it: reports for concurrent
/// requests, then quick requests while one request waits on the looping
/// analyser.
async fn self_test_run() -> Result<(), BoxError> {
    let started = Instant::now();
    let app = Arc::new(App::start(&server::plugins_dir()).await?);
    let (address, stop) = server::spawn(app, ([127, 0, 0, 1], 0).into()).await?;
    println!(
        "serving the pipeline on http://{address} (started in {:.1} s), on one thread",
        started.elapsed().as_secs_f64()
    );

    // Three reports asked for at once: each answered in full, the broken
    // analysers' failures among the findings.
    let reports: Vec<_> = (0..3)
        .map(|_| tokio::spawn(server::post(address, "/analyze?title=Review", TEXT)))
        .collect();
    let mut answered = 0;
    for report in reports {
        let (status, body) = report.await??;
        if !status.is_success() {
            return Err(format!("/analyze answered {status}: {body}").into());
        }
        answered += 1;
        if answered == 1 {
            println!("\nPOST /analyze answered:\n{body}\n");
        }
    }
    println!("{answered} concurrent /analyze requests answered");

    // One report, whose `readability` loops until its deadline, and quick
    // requests meanwhile: they are answered while the report still waits.
    let asked = Instant::now();
    let report = tokio::spawn(server::post(address, "/analyze?title=Review", TEXT));
    tokio::time::sleep(Duration::from_millis(50)).await;
    let mut slowest = Duration::ZERO;
    let mut words = String::new();
    let quick = 20;
    for _ in 0..quick {
        let sent = Instant::now();
        let (status, body) = server::post(address, "/words", TEXT).await?;
        if !status.is_success() {
            return Err(format!("/words answered {status}: {body}").into());
        }
        slowest = slowest.max(sent.elapsed());
        words = body;
    }
    let still_waiting = !report.is_finished();
    let (status, _) = report.await??;
    println!(
        "while one /analyze request waited {:.2} s for the looping `readability` (stopped at \
         its deadline, status {status}), {quick} /words requests were answered, the slowest \
         in {} ms: {words}",
        asked.elapsed().as_secs_f64(),
        slowest.as_millis()
    );
    if !still_waiting {
        return Err("the /analyze request finished before the quick requests did".into());
    }
    stop.stop().await?;
    println!("self-test passed");
    Ok(())
}
