//! The endpoints: their requests, answers and errors. Every error is JSON
//! `{"error": "..."}` with the status that names its kind.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower::BoxError;
use vnclean::{Cleaner, Finding, Mode, Report, Verdict};

use super::{Engine, Shared};

/// An answer with a JSON body.
fn json(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// An error answer.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let body = serde_json::json!({ "error": message.into() }).to_string();
    json(status, body.into_bytes())
}

/// Load shedding and timeouts, from the tower layers.
pub async fn overloaded(e: BoxError) -> Response {
    let mut r = if e.is::<tower::load_shed::error::Overloaded>() {
        error(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many requests in flight: retry shortly",
        )
    } else if e.is::<tower::timeout::error::Elapsed>() {
        error(StatusCode::SERVICE_UNAVAILABLE, "the request timed out")
    } else {
        error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    };
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    r
}

pub async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "no such endpoint")
}

pub async fn method_not_allowed() -> Response {
    error(
        StatusCode::METHOD_NOT_ALLOWED,
        "wrong method: POST to /v1/check, /v1/clean and /v1/lexicon/reload, GET the others",
    )
}

/// Counts and times every answer, by endpoint and status.
pub async fn track(State(s): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let endpoint = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("other", |p| match p.as_str() {
            "/v1/check" => "check",
            "/v1/clean" => "clean",
            "/healthz" => "healthz",
            "/metrics" => "metrics",
            "/v1/lexicon/reload" => "reload",
            _ => "other",
        });
    let response = next.run(req).await;
    s.metrics
        .request(endpoint, response.status().as_u16(), started.elapsed());
    response
}

/// The body of a check or clean request: one text or a batch.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    text: Option<String>,
    texts: Option<Vec<String>>,
    /// Only for /v1/clean: repair, strip or flag.
    mode: Option<String>,
}

/// What a request asks for, checked.
struct Ask {
    texts: Vec<String>,
    batch: bool,
    mode: Option<Mode>,
}

/// Why a request is refused: its status and message.
struct Refusal(StatusCode, String);

fn refuse(status: StatusCode, message: impl Into<String>) -> Refusal {
    Refusal(status, message.into())
}

fn parse(
    body: Result<Bytes, BytesRejection>,
    max_batch: usize,
    clean: bool,
) -> Result<Ask, Refusal> {
    let body = body.map_err(|r| {
        let status = r.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "request body over the size limit (--max-body)".to_string()
        } else {
            r.body_text()
        };
        refuse(status, message)
    })?;
    let text = std::str::from_utf8(&body).map_err(|e| {
        refuse(
            StatusCode::BAD_REQUEST,
            format!(
                "request body is not UTF-8: invalid byte at {}",
                e.valid_up_to()
            ),
        )
    })?;
    let b: Body = serde_json::from_str(text).map_err(|e| {
        let e = e.to_string();
        // serde_json names a lone surrogate escape by what it missed.
        let hint = if e.contains("surrogate") || e.contains("hex escape") {
            " (a \\u escape of a lone UTF-16 surrogate is not text)"
        } else {
            ""
        };
        refuse(
            StatusCode::BAD_REQUEST,
            format!("invalid request: {e}{hint}"),
        )
    })?;
    let mode = match (b.mode, clean) {
        (None, _) => None,
        (Some(_), false) => {
            return Err(refuse(
                StatusCode::BAD_REQUEST,
                "\"mode\" is for /v1/clean; /v1/check changes nothing",
            ))
        }
        (Some(m), true) => Some(
            m.parse::<Mode>()
                .map_err(|e| refuse(StatusCode::BAD_REQUEST, e))?,
        ),
    };
    match (b.text, b.texts) {
        (Some(t), None) => Ok(Ask {
            texts: vec![t],
            batch: false,
            mode,
        }),
        (None, Some(texts)) if texts.len() > max_batch => Err(refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "batch of {} texts is over the limit of {max_batch} (--max-batch)",
                texts.len()
            ),
        )),
        (None, Some(texts)) => Ok(Ask {
            texts,
            batch: true,
            mode,
        }),
        (Some(_), Some(_)) => Err(refuse(
            StatusCode::BAD_REQUEST,
            "give \"text\" or \"texts\", not both",
        )),
        (None, None) => Err(refuse(
            StatusCode::BAD_REQUEST,
            "missing field \"text\" (or \"texts\", a list)",
        )),
    }
}

/// A finding with its place in characters and UTF-16 units as well as
/// bytes, so that JavaScript and Python clients can slice.
#[derive(Serialize)]
struct Placed<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    char_start: usize,
    char_end: usize,
    utf16_start: usize,
    utf16_end: usize,
}

fn placed<'a>(cleaner: &Cleaner, input: &str, report: &'a Report) -> Vec<Placed<'a>> {
    if report.findings.is_empty() {
        return Vec::new();
    }
    let spans = report.char_spans(&cleaner.offsets_text(input, report));
    report
        .findings
        .iter()
        .zip(spans)
        .map(|(finding, s)| Placed {
            finding,
            char_start: s.start,
            char_end: s.end,
            utf16_start: s.utf16_start,
            utf16_end: s.utf16_end,
        })
        .collect()
}

#[derive(Serialize)]
struct Checked<'a> {
    verdict: Verdict,
    score: f64,
    findings: Vec<Placed<'a>>,
}

#[derive(Serialize)]
struct Cleaned<'a> {
    text: &'a str,
    report: Value,
}

/// The answer to one text of a check, as JSON.
fn check_one(shared: &Shared, engine: &Engine, text: &str) -> Result<Vec<u8>, String> {
    let report = engine.cleaner.check(text);
    shared.metrics.judged(report.verdict, text.len());
    let out = Checked {
        verdict: report.verdict,
        score: report.score,
        findings: placed(&engine.cleaner, text, &report),
    };
    serde_json::to_vec(&out).map_err(|e| e.to_string())
}

/// The answer to one text of a clean: the text and the CLI's report, its
/// findings placed in characters too.
fn clean_one(
    shared: &Shared,
    engine: &Engine,
    text: &str,
    mode: Option<Mode>,
) -> Result<Vec<u8>, String> {
    let out = match mode {
        Some(m) => engine.cleaner.clean_as(text, m),
        None => engine.cleaner.clean(text),
    };
    shared.metrics.judged(out.report.verdict, text.len());
    let mut report = serde_json::to_value(&out.report).map_err(|e| e.to_string())?;
    let places = placed(&engine.cleaner, text, &out.report);
    if let Some(Value::Array(findings)) = report.get_mut("findings") {
        for (f, p) in findings.iter_mut().zip(&places) {
            if let Value::Object(f) = f {
                f.insert("char_start".into(), p.char_start.into());
                f.insert("char_end".into(), p.char_end.into());
                f.insert("utf16_start".into(), p.utf16_start.into());
                f.insert("utf16_end".into(), p.utf16_end.into());
            }
        }
    }
    serde_json::to_vec(&Cleaned {
        text: &out.text,
        report,
    })
    .map_err(|e| e.to_string())
}

/// What answers one text: as JSON, or why not.
type One = fn(&Shared, &Engine, &str, Option<Mode>) -> Result<Vec<u8>, String>;

/// Works on the request's texts on the blocking pool and answers with one
/// object, or a list in order.
async fn answer(shared: Arc<Shared>, ask: Ask, one: One) -> Response {
    let work = move || -> Result<Vec<u8>, String> {
        let engine = shared.engine();
        if !ask.batch {
            let text = ask.texts.first().map_or("", String::as_str);
            return one(&shared, &engine, text, ask.mode);
        }
        let mut body = vec![b'['];
        for (i, t) in ask.texts.iter().enumerate() {
            if i > 0 {
                body.push(b',');
            }
            body.extend(one(&shared, &engine, t, ask.mode)?);
        }
        body.push(b']');
        Ok(body)
    };
    // Off the threads that answer, even for a comment: they go on reading
    // and writing other connections meanwhile (measured: more requests a
    // second than cleaning in place, and a flatter tail), and a large page
    // never holds up the comments behind it.
    let done = tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(format!("the work failed: {e}")));
    match done {
        Ok(body) => json(StatusCode::OK, body),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

pub async fn check(State(s): State<Arc<Shared>>, body: Result<Bytes, BytesRejection>) -> Response {
    match parse(body, s.max_batch, false) {
        Ok(ask) => answer(s, ask, |s, e, t, _| check_one(s, e, t)).await,
        Err(Refusal(status, message)) => error(status, message),
    }
}

pub async fn clean(State(s): State<Arc<Shared>>, body: Result<Bytes, BytesRejection>) -> Response {
    match parse(body, s.max_batch, true) {
        Ok(ask) => answer(s, ask, clean_one).await,
        Err(Refusal(status, message)) => error(status, message),
    }
}

pub async fn healthz(State(s): State<Arc<Shared>>) -> Response {
    let e = s.engine();
    let body = serde_json::json!({
        "status": "ok",
        "lexicon_version": e.version,
        "lexicon_entries": e.cleaner.detector().lexicon().len(),
    });
    json(StatusCode::OK, body.to_string().into_bytes())
}

pub async fn metrics(State(s): State<Arc<Shared>>) -> Response {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
        )],
        s.metrics.encode(),
    )
        .into_response()
}

/// Whether the request carries the admin token, compared in constant time.
fn authorised(headers: &HeaderMap, token: &str) -> bool {
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    let (a, b) = (given.trim().as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

pub async fn reload(State(s): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let Some(token) = s.admin_token.as_deref() else {
        return not_found().await;
    };
    if !authorised(&headers, token) {
        let mut r = error(StatusCode::UNAUTHORIZED, "a valid bearer token is needed");
        r.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return r;
    }
    match s.reload().await {
        Ok((version, entries)) => {
            let body =
                serde_json::json!({ "lexicon_version": version, "lexicon_entries": entries });
            json(StatusCode::OK, body.to_string().into_bytes())
        }
        Err(e) => {
            let body = serde_json::json!({
                "error": e,
                "lexicon_version": s.engine().version,
            });
            json(
                StatusCode::UNPROCESSABLE_ENTITY,
                body.to_string().into_bytes(),
            )
        }
    }
}
