//! `vnclean serve`: check and clean over HTTP with JSON, for moderation
//! services. tokio and axum carry the HTTP; tower bounds the work (requests
//! in flight, time per request); the lexicon can be swapped while requests
//! run (SIGHUP or the admin endpoint), and SIGTERM drains before exiting.

mod api;
mod metrics;

use std::fs;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use tower::ServiceBuilder;
use vnclean::{Cleaner, CleanerOptions};

use crate::args::{ModeArg, ServeArgs};
use crate::Failure;
use metrics::Metrics;

/// A cleaner and which lexicon generation it holds. Requests take an `Arc`
/// of the one in force when they start, so a reload never changes the
/// lexicon under a request in flight.
pub struct Engine {
    cleaner: Cleaner,
    version: u64,
}

/// What every request shares.
pub struct Shared {
    engine: RwLock<Arc<Engine>>,
    options: CleanerOptions,
    admin_token: Option<String>,
    max_batch: usize,
    metrics: Metrics,
    /// One reload at a time: two at once would race for the version.
    reloading: tokio::sync::Mutex<()>,
}

impl Shared {
    fn engine(&self) -> Arc<Engine> {
        match self.engine.read() {
            Ok(e) => e.clone(),
            // A panic while swapping cannot leave a half-written Arc.
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Re-reads the lexicon (and model) files and swaps them in; on an
    /// error the old ones stay in force. Returns the new generation.
    async fn reload(self: &Arc<Self>) -> Result<(u64, usize), String> {
        let _one = self.reloading.lock().await;
        let options = self.options.clone();
        let built = tokio::task::spawn_blocking(move || options.build())
            .await
            .map_err(|e| format!("reload failed: {e}"))
            .and_then(|r| r.map_err(|e| e.to_string()));
        let cleaner = match built {
            Ok(c) => c,
            Err(e) => {
                self.metrics.reloaded(false);
                return Err(e);
            }
        };
        let version = self.engine().version + 1;
        let entries = cleaner.detector().lexicon().len();
        let fresh = Arc::new(Engine { cleaner, version });
        match self.engine.write() {
            Ok(mut e) => *e = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        self.metrics.reloaded(true);
        self.metrics.lexicon(version, entries);
        Ok((version, entries))
    }
}

pub(crate) fn run(a: &ServeArgs) -> Result<(), Failure> {
    if a.engine.mode == ModeArg::Drop {
        return Err(Failure(
            "serve: --mode drop is for record streams; the verdict says spam: use strip".into(),
        ));
    }
    if a.max_batch == 0 || a.max_in_flight == 0 {
        return Err(Failure(
            "serve: --max-batch and --max-in-flight must be at least 1".into(),
        ));
    }
    let admin_token = match &a.admin_token_file {
        None => None,
        Some(path) => {
            let token = fs::read_to_string(path)
                .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            let token = token.trim().to_string();
            if token.is_empty() {
                return Err(Failure(format!("{}: the token is empty", path.display())));
            }
            Some(token)
        }
    };
    let options = a.engine.options();
    let cleaner = options.build().map_err(|e| Failure(e.to_string()))?;
    // The first document pays for what is built lazily (the language
    // model's tables): pay it now, not in the first request.
    cleaner.clean("Hội khuyến học trao thưởng, xem soi keo nha cai ngay.");
    let entries = cleaner.detector().lexicon().len();
    let metrics = Metrics::new();
    metrics.lexicon(1, entries);
    let shared = Arc::new(Shared {
        engine: RwLock::new(Arc::new(Engine {
            cleaner,
            version: 1,
        })),
        options,
        admin_token,
        max_batch: a.max_batch,
        metrics,
        reloading: tokio::sync::Mutex::new(()),
    });

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = a.threads.unwrap_or(cores).max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        // Texts are checked and cleaned here, off the threads that answer:
        // no more at once than there are cores to run them.
        .max_blocking_threads(cores.max(2))
        .enable_all()
        .build()
        .map_err(|e| Failure(format!("cannot start the runtime: {e}")))?;
    let result = runtime.block_on(serve(a, shared));
    // Dropping a runtime waits for its blocking work without end: a text
    // still being cleaned past the drain deadline must not hold the exit.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    result
}

fn router(a: &ServeArgs, shared: Arc<Shared>) -> Router {
    let work = Router::new()
        .route("/v1/check", post(api::check))
        .route("/v1/clean", post(api::clean))
        .layer(
            ServiceBuilder::new()
                // Overload and timeouts become answers, not dropped
                // connections: 503 with Retry-After.
                .layer(HandleErrorLayer::new(api::overloaded))
                .load_shed()
                .concurrency_limit(a.max_in_flight)
                .timeout(a.timeout),
        );
    let mut app = Router::new()
        .merge(work)
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(api::metrics));
    if shared.admin_token.is_some() {
        app = app.route("/v1/lexicon/reload", post(api::reload));
    }
    app.fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            api::track,
        ))
        .layer(DefaultBodyLimit::max(a.max_body))
        .with_state(shared)
}

async fn serve(a: &ServeArgs, shared: Arc<Shared>) -> Result<(), Failure> {
    let listener = tokio::net::TcpListener::bind(a.listen)
        .await
        .map_err(|e| Failure(format!("cannot listen on {}: {e}", a.listen)))?;
    let addr: SocketAddr = listener.local_addr()?;
    let app = router(a, shared.clone());
    tokio::spawn(reload_on_hangup(shared.clone()));
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        terminated().await;
        eprintln!("vnclean: draining requests in flight");
        let _ = stop_tx.send(true);
    });
    eprintln!(
        "vnclean: listening on http://{addr} (lexicon of {} entries)",
        shared.engine().cleaner.detector().lexicon().len()
    );
    let mut on_stop = stop_rx.clone();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let _ = on_stop.wait_for(|stop| *stop).await;
    });
    let drain = a.drain_timeout;
    let mut deadline = stop_rx;
    tokio::select! {
        done = server => done.map_err(|e| Failure(format!("server failed: {e}"))),
        () = async move {
            let _ = deadline.wait_for(|stop| *stop).await;
            tokio::time::sleep(drain).await;
        } => {
            // Asked to stop, it stops, within the bound, as a supervisor
            // expects; what it gave up on is said.
            eprintln!("vnclean: requests still in flight after {drain:?}: exiting without them");
            Ok(())
        }
    }
}

/// SIGTERM or Ctrl-C.
async fn terminated() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    () = ctrl_c => {}
                }
            }
            Err(_) => ctrl_c.await,
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}

/// Each SIGHUP reloads the lexicon files, as daemons do.
async fn reload_on_hangup(shared: Arc<Shared>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let Ok(mut hup) = signal(SignalKind::hangup()) else {
            eprintln!("vnclean: cannot listen for SIGHUP; reload over HTTP only");
            return;
        };
        while hup.recv().await.is_some() {
            match shared.reload().await {
                Ok((version, entries)) => {
                    eprintln!("vnclean: lexicon reloaded: version {version}, {entries} entries")
                }
                Err(e) => eprintln!("vnclean: lexicon reload failed, the old one stays: {e}"),
            }
        }
    }
    #[cfg(not(unix))]
    let _ = shared;
}
