//! The `serve` example's server, driven by a real HTTP client (hyper's)
//! with concurrent requests, on one thread: every request is answered, the
//! broken analysers fail inside their reports and are restarted, and a
//! request waiting on the looping analyser does not hold up the others.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use wasm_link_examples::server::{self, App, Stop};

const TEXT: &str = "I tried wasm-link for a weekend project and I really like it. \
                    Writing plugins in C was easy.";
const FIRST_WORDS: &str = "i | tried | wasm-link | for | a | weekend | project | and | i | really";

/// Runs `test` against a fresh server on a current-thread runtime, on
/// another thread, failing if it has not finished within two minutes.
fn with_server<F>(test: impl FnOnce(SocketAddr) -> F + Send + 'static)
where
    F: Future<Output = ()>,
{
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let app = Arc::new(App::start(&server::plugins_dir()).await.unwrap());
                let (address, stop): (SocketAddr, Stop) =
                    server::spawn(app, ([127, 0, 0, 1], 0).into())
                        .await
                        .unwrap();
                test(address).await;
                stop.stop().await.unwrap();
            });
        }));
        let _ = done.send(outcome);
    });
    match finished.recv_timeout(Duration::from_mins(2)) {
        Ok(Ok(())) => {}
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("the server test did not finish within two minutes: hung")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            unreachable!("the thread sends before it ends")
        }
    }
}

#[test]
fn concurrent_requests_are_all_answered_and_failed_analysers_recover() {
    with_server(async |address| {
        let reports: Vec<_> = (0..3)
            .map(|_| tokio::spawn(server::post(address, "/analyze?title=A+review", TEXT)))
            .collect();
        let words: Vec<_> = (0..12)
            .map(|_| tokio::spawn(server::post(address, "/words", TEXT)))
            .collect();
        for report in reports {
            let (status, body) = report.await.unwrap().unwrap();
            assert!(status.is_success(), "{status}: {body}");
            assert!(body.starts_with("A review"), "{body}");
            assert!(
                body.contains("[word-stats]") && body.contains("[sentiment]"),
                "{body}"
            );
            // The broken analysers fail inside the report, every time: each
            // request's handler restarted them after the one before.
            assert!(
                body.contains("failed: readability (deadline-exceeded)"),
                "{body}"
            );
            assert!(body.contains("failed: phrases (trap)"), "{body}");
        }
        for answer in words {
            let (status, body) = answer.await.unwrap().unwrap();
            assert!(status.is_success(), "{status}: {body}");
            assert_eq!(body, FIRST_WORDS);
        }
    });
}

#[test]
fn a_request_waiting_on_a_looping_analyser_does_not_hold_up_the_others() {
    with_server(async |address| {
        let report = tokio::spawn(server::post(address, "/analyze", TEXT));
        // Until the report is inside `readability`, which loops for its
        // half-second deadline.
        tokio::time::sleep(Duration::from_millis(50)).await;
        for _ in 0..10 {
            let (status, body) = server::post(address, "/words", TEXT).await.unwrap();
            assert!(status.is_success(), "{status}: {body}");
            assert_eq!(body, FIRST_WORDS);
        }
        assert!(
            !report.is_finished(),
            "the quick requests waited for the looping analyser"
        );
        let (status, body) = report.await.unwrap().unwrap();
        assert!(status.is_success(), "{status}: {body}");
        assert!(
            body.contains("failed: readability (deadline-exceeded)"),
            "{body}"
        );
    });
}

#[test]
fn other_routes_are_not_found() {
    with_server(async |address| {
        let (status, body) = server::post(address, "/nothing", "").await.unwrap();
        assert_eq!(status.as_u16(), 404);
        assert!(body.contains("/analyze"), "{body}");
    });
}
