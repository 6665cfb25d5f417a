//! What `GET /metrics` shows, in the Prometheus text format: requests by
//! endpoint and status, their latency, verdicts, bytes of text read, and
//! the lexicon in force.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use vnclean::Verdict;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Request {
    endpoint: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Endpoint {
    endpoint: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct VerdictLabel {
    verdict: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Outcome {
    result: String,
}

/// The service's metrics, registered once.
pub struct Metrics {
    registry: Registry,
    requests: Family<Request, Counter>,
    latency: Family<Endpoint, Histogram>,
    verdicts: Family<VerdictLabel, Counter>,
    bytes: Counter,
    reloads: Family<Outcome, Counter>,
    lexicon_version: Gauge,
    lexicon_entries: Gauge,
}

fn latency_histogram() -> Histogram {
    // 25 µs to about 0.8 s: a comment is checked in tens of microseconds,
    // a 1 MiB page in tens of milliseconds.
    Histogram::new(exponential_buckets(25e-6, 2.0, 16))
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("vnclean");
        let requests = Family::<Request, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by endpoint and status",
            requests.clone(),
        );
        let latency = Family::<Endpoint, Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its answer, by endpoint",
            latency.clone(),
        );
        let verdicts = Family::<VerdictLabel, Counter>::default();
        registry.register("verdicts", "Texts judged, by verdict", verdicts.clone());
        let bytes = Counter::default();
        registry.register(
            "text_bytes",
            "Bytes of text checked or cleaned",
            bytes.clone(),
        );
        let reloads = Family::<Outcome, Counter>::default();
        registry.register(
            "lexicon_reloads",
            "Lexicon reloads, by result (ok, error)",
            reloads.clone(),
        );
        let lexicon_version = Gauge::default();
        registry.register(
            "lexicon_version",
            "Generation of the lexicon in force: 1 at start, one more each reload",
            lexicon_version.clone(),
        );
        let lexicon_entries = Gauge::default();
        registry.register(
            "lexicon_entries",
            "Entries of the lexicon in force",
            lexicon_entries.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            verdicts,
            bytes,
            reloads,
            lexicon_version,
            lexicon_entries,
        }
    }

    pub fn request(&self, endpoint: &str, status: u16, took: Duration) {
        self.requests
            .get_or_create(&Request {
                endpoint: endpoint.to_string(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&Endpoint {
                endpoint: endpoint.to_string(),
            })
            .observe(took.as_secs_f64());
    }

    pub fn judged(&self, verdict: Verdict, bytes: usize) {
        self.verdicts
            .get_or_create(&VerdictLabel {
                verdict: verdict.name().to_string(),
            })
            .inc();
        self.bytes.inc_by(bytes as u64);
    }

    pub fn lexicon(&self, version: u64, entries: usize) {
        self.lexicon_version
            .set(i64::try_from(version).unwrap_or(i64::MAX));
        self.lexicon_entries
            .set(i64::try_from(entries).unwrap_or(i64::MAX));
    }

    pub fn reloaded(&self, ok: bool) {
        let result = if ok { "ok" } else { "error" };
        self.reloads
            .get_or_create(&Outcome {
                result: result.to_string(),
            })
            .inc();
    }

    /// The text exposition.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}
