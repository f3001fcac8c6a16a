//! External links, checked with lychee-lib:
//!
//! - each address is checked once, however many pages link to it;
//! - many requests run at once, with a limit per host and a pause between requests to one host;
//! - failures are retried with back-off, and requests time out;
//! - redirects are followed and reported with the address they end at;
//! - an anchor (`#id`) on an HTML page is checked too, reading at most 5 MiB of the page.
//!
//! Results are kept in a cache file, so that a second run within the cache's age makes no
//! request for the addresses it holds. Only good results (a page that answered, or a redirect)
//! are cached; a failure is checked again next time, so a mended link shows at once.

use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::StreamExt;
use lychee_lib::{ClientBuilder, ErrorKind, FragmentCheckerOptions, Status};
use serde::{Deserialize, Serialize};

use super::Problem;
use super::internal::{LinkRef, percent_decode};
use crate::config::{CheckConfig, parse_duration};
use crate::diagnostic::Diagnostic;

/// What an address answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "lowercase")]
pub enum Outcome {
    Ok {
        status: u16,
    },
    Redirect {
        status: u16,
        to: String,
    },
    /// Dead: 404, 410, 5xx, DNS failure, connection refused.
    External {
        status: Option<u16>,
        reason: String,
    },
    /// Reachable, but refused a robot: 401, 403, 429.
    Blocked {
        status: u16,
    },
    Timeout,
    /// The page answered, but has no element with the link's `#id`.
    Fragment,
    /// Not checked (excluded, or a scheme lychee does not check).
    Skipped,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    version: u32,
    /// Address -> (checked at, in seconds since 1970; outcome).
    entries: BTreeMap<String, CacheEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CacheEntry {
    checked: u64,
    outcome: Outcome,
}

const CACHE_VERSION: u32 = 1;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn load_cache(path: &Path) -> Cache {
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice::<Cache>(&b).ok())
        .filter(|c| c.version == CACHE_VERSION)
        .unwrap_or_default()
}

fn save_cache(path: &Path, cache: &Cache) -> Result<(), Diagnostic> {
    let err = |e: std::io::Error| {
        Diagnostic::error(format!(
            "cannot write the link cache {}: {e}",
            path.display()
        ))
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(cache).unwrap_or_default()).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}

/// Checks the web links of the site; returns the broken ones, the warnings and how many links
/// were checked.
pub fn check(
    cfg: &CheckConfig,
    cache_path: &Path,
    links: &[LinkRef],
) -> Result<(Vec<Problem>, Vec<Problem>, usize), Diagnostic> {
    let excludes = cfg
        .exclude
        .iter()
        .map(|p| {
            regex::Regex::new(p).map_err(|e| {
                Diagnostic::error(format!("invalid `check.exclude` pattern \"{p}\": {e}"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let max_age = parse_duration(&cfg.cache_max_age).unwrap_or(86_400);
    let mut cache = load_cache(cache_path);
    let now = now();

    // Each address once.
    let mut urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
    urls.sort_unstable();
    urls.dedup();
    urls.retain(|u| !excludes.iter().any(|r| r.is_match(u)));
    let fresh = |u: &str| {
        cache
            .entries
            .get(u)
            .is_some_and(|e| now.saturating_sub(e.checked) <= max_age)
    };
    let to_check: Vec<String> = urls
        .iter()
        .filter(|u| !fresh(u))
        .map(|u| u.to_string())
        .collect();

    let results = run(cfg, &to_check)?;
    let mut outcome: HashMap<&str, Outcome> = HashMap::new();
    for u in &urls {
        if let Some(e) = cache.entries.get(*u).filter(|_| fresh(u)) {
            outcome.insert(u, e.outcome.clone());
        }
    }
    for (u, o) in to_check.iter().zip(results) {
        if matches!(o, Outcome::Ok { .. } | Outcome::Redirect { .. }) {
            cache.entries.insert(
                u.clone(),
                CacheEntry {
                    checked: now,
                    outcome: o.clone(),
                },
            );
        } else {
            cache.entries.remove(u);
        }
        if let Some(k) = urls.iter().find(|x| **x == u.as_str()) {
            outcome.insert(k, o);
        }
    }
    cache.version = CACHE_VERSION;
    cache
        .entries
        .retain(|_, e| now.saturating_sub(e.checked) <= max_age);
    save_cache(cache_path, &cache)?;

    let (mut broken, mut warnings, mut checked) = (Vec::new(), Vec::new(), 0);
    for l in links {
        let Some(o) = outcome.get(l.url.as_str()) else {
            continue;
        };
        checked += 1;
        let problem = |kind: &'static str, status: Option<u16>, reason: String| Problem {
            kind,
            source: l.source.clone(),
            line: l.line,
            column: l.column,
            page: Some(l.page.clone()),
            url: Some(l.url.clone()),
            status,
            reason,
        };
        match o {
            Outcome::Ok { .. } | Outcome::Skipped => {}
            Outcome::Redirect { status, to } => warnings.push(problem(
                "redirect",
                Some(*status),
                format!("redirects to {to}"),
            )),
            // Only redirects are warnings; a refused robot is reported as broken,
            // with its own kind, so CI can tell it from a dead link.
            Outcome::Blocked { status } => broken.push(problem(
                "blocked",
                Some(*status),
                format!("{}: reachable, but refused a robot", status_text(*status)),
            )),
            Outcome::External { status, reason } => {
                broken.push(problem("external", *status, reason.clone()))
            }
            Outcome::Timeout => broken.push(problem(
                "timeout",
                None,
                format!("no answer within {} s", cfg.timeout),
            )),
            Outcome::Fragment => {
                let id = l.url.split_once('#').map(|(_, f)| f).unwrap_or_default();
                broken.push(problem(
                    "fragment",
                    None,
                    format!("no element with id \"{id}\""),
                ))
            }
        }
    }
    Ok((broken, warnings, checked))
}

fn status_text(code: u16) -> String {
    match http_reason(code) {
        Some(r) => format!("{code} {r}"),
        None => code.to_string(),
    }
}

fn http_reason(code: u16) -> Option<&'static str> {
    Some(match code {
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => return None,
    })
}

/// Checks `urls` with lychee-lib; the outcomes in the same order.
/// The most of a page read to look for an anchor: a page larger than this is not searched,
/// and its anchor counts as found.
pub const MAX_PAGE_BYTES: usize = 5 * 1024 * 1024;

/// Checks `urls` with lychee-lib; the outcomes in the same order. Each page is asked for once
/// (without its `#fragment`); anchors are then looked for in the pages that answered, each
/// page read once and at most [`MAX_PAGE_BYTES`] of it.
fn run(cfg: &CheckConfig, urls: &[String]) -> Result<Vec<Outcome>, Diagnostic> {
    if urls.is_empty() {
        return Ok(Vec::new());
    }
    let fail = |e: String| Diagnostic::error(format!("cannot check external links: {e}"));
    let mut accepted: std::collections::HashSet<http::StatusCode> = (200..300)
        .filter_map(|c| http::StatusCode::from_u16(c).ok())
        .collect();
    accepted.extend(
        cfg.accept
            .iter()
            .filter_map(|c| http::StatusCode::from_u16(*c).ok()),
    );
    let user_agent = format!("policybook/{} (link checker)", env!("CARGO_PKG_VERSION"));
    let timeout = Duration::from_secs(cfg.timeout.max(1));
    let client = ClientBuilder::builder()
        .max_retries(cfg.retries)
        .retry_wait_time(Duration::from_millis(500))
        .timeout(Some(timeout))
        .max_redirects(10usize)
        .accepted(accepted)
        .user_agent(user_agent.clone())
        .fragment_checker_options(FragmentCheckerOptions {
            check_anchor_fragments: false,
            check_text_fragments: false,
        })
        .rate_limit_config(lychee_lib::ratelimit::RateLimitConfig {
            concurrency: cfg.per_host.max(1),
            request_interval: Duration::from_millis(cfg.host_interval_ms),
        })
        .build()
        .client()
        .map_err(|e| fail(e.to_string()))?;
    let pages = reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::limited(10))
        .user_agent(user_agent)
        .build()
        .map_err(|e| fail(e.to_string()))?;

    // Each page once, without the fragment.
    let split = |u: &str| -> (String, Option<String>) {
        match u.split_once('#') {
            Some((b, f)) if !f.is_empty() && !f.starts_with(":~:") => {
                (b.to_string(), Some(f.to_string()))
            }
            Some((b, _)) => (b.to_string(), None),
            None => (u.to_string(), None),
        }
    };
    let mut bases: Vec<String> = urls.iter().map(|u| split(u).0).collect();
    bases.sort_unstable();
    bases.dedup();

    let progress =
        (std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()).then(|| {
            let bar = indicatif::ProgressBar::new(bases.len() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "checking external links {bar:30} {pos}/{len} {wide_msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(e.to_string()))?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(cfg.max_time.max(1));
    let concurrency = cfg.concurrency.max(1);
    let (base_outcomes, ids) = runtime.block_on(async {
        let base_outcomes: HashMap<String, Outcome> = futures_util::stream::iter(bases.iter())
            .map(|u| {
                let client = &client;
                let progress = progress.as_ref();
                async move {
                    let check = async {
                        match lychee_lib::Uri::try_from(u.as_str()) {
                            Ok(uri) => match client.check(uri).await {
                                Ok(r) => classify(r.status(), r.redirects().map(|x| x.to_string())),
                                Err(e) => Outcome::External {
                                    status: None,
                                    reason: e.to_string(),
                                },
                            },
                            Err(e) => Outcome::External {
                                status: None,
                                reason: e.to_string(),
                            },
                        }
                    };
                    // The whole check has a deadline: what is left then counts as timed out.
                    let o = tokio::time::timeout_at(deadline, check)
                        .await
                        .unwrap_or(Outcome::Timeout);
                    if let Some(p) = progress {
                        p.set_message(u.clone());
                        p.inc(1);
                    }
                    (u.clone(), o)
                }
            })
            .buffer_unordered(concurrency)
            .collect()
            .await;
        // The ids of each page that answered and is linked with an anchor.
        let mut wanted: Vec<&String> = urls
            .iter()
            .filter_map(|u| {
                let (b, f) = split(u);
                f.and_then(|_| bases.iter().find(|x| **x == b))
            })
            .filter(|b| {
                matches!(
                    base_outcomes.get(*b),
                    Some(Outcome::Ok { .. } | Outcome::Redirect { .. })
                )
            })
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let ids: HashMap<String, Option<String>> = futures_util::stream::iter(wanted)
            .map(|u| {
                let pages = &pages;
                async move {
                    let body = tokio::time::timeout_at(deadline, read_page(pages, u))
                        .await
                        .ok()
                        .flatten();
                    (u.clone(), body)
                }
            })
            .buffer_unordered(concurrency)
            .collect()
            .await;
        (base_outcomes, ids)
    });
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    Ok(urls
        .iter()
        .map(|u| {
            let (base, fragment) = split(u);
            let outcome = base_outcomes
                .get(&base)
                .cloned()
                .unwrap_or(Outcome::Timeout);
            match (fragment, ids.get(&base)) {
                // A page that could be read: the anchor must be in it.
                (Some(f), Some(Some(page))) if !has_id(page, &f) => Outcome::Fragment,
                _ => outcome,
            }
        })
        .collect())
}

/// A page's text, at most [`MAX_PAGE_BYTES`] of it; `None` when it cannot be read whole.
async fn read_page(client: &reqwest::Client, url: &str) -> Option<String> {
    let mut resp = client.get(url).send().await.ok()?;
    if !resp.status().is_success() {
        return None;
    }
    let mut body: Vec<u8> = Vec::new();
    while let Some(chunk) = resp.chunk().await.ok()? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_PAGE_BYTES {
            return None;
        }
    }
    Some(String::from_utf8_lossy(&body).into_owned())
}

/// Whether an HTML page has an element with `id` (or a named anchor) `fragment`.
fn has_id(page: &str, fragment: &str) -> bool {
    let f = percent_decode(fragment);
    ["id=\"", "id='", "name=\"", "name='"].iter().any(|attr| {
        let q = &attr[attr.len() - 1..];
        page.contains(&format!("{attr}{f}{q}")) || page.contains(&format!("{attr}{fragment}{q}"))
    }) || page.contains(&format!("id={f} "))
        || page.contains(&format!("id={f}>"))
}

/// An outcome from lychee's status; `redirects` is its redirect history as text
/// (`origin --[301]--> next --[302]--> final`), whose last address is where the link ends.
fn classify(status: &Status, redirects: Option<String>) -> Outcome {
    match status {
        Status::Ok(code) => match redirects.as_deref().and_then(|r| r.rsplit_once("--> ")) {
            Some((_, to)) => Outcome::Redirect {
                status: code.as_u16(),
                to: to.trim().to_string(),
            },
            None => Outcome::Ok {
                status: code.as_u16(),
            },
        },
        Status::Error(ErrorKind::RejectedStatusCode(code)) | Status::UnknownStatusCode(code) => {
            match code.as_u16() {
                c @ (401 | 403 | 429) => Outcome::Blocked { status: c },
                c => Outcome::External {
                    status: Some(c),
                    reason: status_text(c),
                },
            }
        }
        Status::Error(ErrorKind::InvalidFragment(_)) => Outcome::Fragment,
        Status::Timeout(_) => Outcome::Timeout,
        Status::Error(e) => Outcome::External {
            status: None,
            reason: e.to_string(),
        },
        Status::RequestError(e) => Outcome::External {
            status: None,
            reason: e.to_string(),
        },
        Status::Excluded
        | Status::Unsupported(_)
        | Status::Cached(_)
        | Status::UnknownMailStatus(_) => Outcome::Skipped,
    }
}
