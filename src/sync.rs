//! Sync with a CouchDB server (an option a city turns on; the app works without it).
//!
//! Per plan: the server's address, the plan's database and the user name are kept (never a
//! password: the login is CouchDB's `_session` cookie, held by the browser). While a tab is open
//! the engine loops: push what the server lacks (`_revs_diff`, then `_bulk_docs` with
//! `new_edits: false` in batches — a record's revision comes from its content, so this can never
//! conflict), pull the `_changes` feed from the last sequence seen (in batches, then long-poll),
//! merging every record through the same union as a file import after the same checks. A fault
//! (unreachable server, expired login, a proxy answering HTML…) sets the status with its reason
//! and the loop retries with back-off; nothing local is ever dropped. The sequence is kept only
//! once the pulled records have been saved, so a failed save is pulled again.

use leptos::prelude::*;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use taizhang_core::sync::{docs_at, outgoing, read_docs, Doc};
use taizhang_core::userdata::split;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::persist::Persistence;
use crate::session::Session;

/// Records per `_revs_diff` / `_bulk_docs` request, and per `_changes` batch.
const BATCH: usize = 500;
/// Entries of a pulled batch absorbed per task: two parts per batch keep each task well under
/// 50 ms at a city's scale, while every part costs a redraw (five parts made the city's pull a
/// second longer).
const SLICE: usize = 250;
/// The longest wait between two attempts after a failure (ms).
const MAX_BACKOFF_MS: i32 = 15_000;
/// How long the server may hold a long-poll open (ms).
const LONGPOLL_MS: u32 = 25_000;

/// What is kept per plan (never a password).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncConfig {
    pub url: String,
    pub db: String,
    pub user: String,
    /// Keep the login (the session cookie) after the tab closes.
    #[serde(default)]
    pub remember: bool,
    /// The last `_changes` sequence whose records are saved here.
    #[serde(default)]
    pub last_seq: Option<Value>,
}

impl SyncConfig {
    fn key(plan: &str) -> String {
        format!("sync.{plan}")
    }

    pub fn load(plan: &str) -> Option<SyncConfig> {
        crate::storage::prefs::get(&Self::key(plan)).and_then(|s| serde_json::from_str(&s).ok())
    }

    fn save(&self, plan: &str) {
        if let Ok(s) = serde_json::to_string(self) {
            crate::storage::prefs::set(&Self::key(plan), &s);
        }
    }

    fn clear(plan: &str) {
        crate::storage::prefs::set(&Self::key(plan), "");
    }

    fn base(&self) -> String {
        self.url.trim().trim_end_matches('/').to_string()
    }

    fn db_url(&self) -> String {
        format!("{}/{}", self.base(), encode(&self.db))
    }
}

fn encode(s: &str) -> String {
    String::from(web_sys::js_sys::encode_uri_component(s))
}

/// Why a request or a sync failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncError {
    /// No answer: the server is down, the address wrong, or the server refused this site (CORS).
    Unreachable,
    /// An answer that is not CouchDB's JSON (a proxy's or a login page's HTML, say).
    NotCouch,
    WrongPassword,
    /// No login, or the session expired.
    NotLoggedIn,
    NoDatabase,
    NoPermission,
    /// The database holds another plan's records (that plan's id).
    OtherPlan(String),
    /// The server answered with another error status.
    Status(u16),
    /// Stopped on purpose (disconnect, or a local change to push at once).
    Aborted,
}

/// Where sync stands, for the top bar.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncStatus {
    Off,
    /// Working: records pushed or pulled so far in this round.
    Syncing(usize),
    Synced,
    /// Local records not on the server yet.
    Waiting(usize),
    /// The server cannot be reached; the count is of local records not on it yet.
    Offline(usize),
    Error(SyncError),
    /// Configured without "remember me", and not logged in on this page: nothing is sent until
    /// the user gives the password again.
    SignIn,
}

thread_local! {
    /// The logins made on this page without "remember me" (plan, server, user): a login that
    /// is not remembered lives as long as the page, in memory only. A plan's view mounted again
    /// on the same page (another plan opened, then this one) goes on syncing; a new page asks
    /// for the password.
    static SIGNED_IN: std::cell::RefCell<FxHashSet<String>> = Default::default();
}

fn login_key(plan: &str, config: &SyncConfig) -> String {
    format!("{plan}\u{0}{}\u{0}{}", config.base(), config.user)
}

/// Whether sync may run with `config` for `plan` without asking for the password: the login
/// is remembered, or was made on this page.
fn logged_in_here(plan: &str, config: &SyncConfig) -> bool {
    config.remember || SIGNED_IN.with(|s| s.borrow().contains(&login_key(plan, config)))
}

/// A document the server refused, or one pulled that was skipped, with the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub id: String,
    pub reason: String,
}

/// The sync context: cheap to copy.
#[derive(Clone, Copy)]
pub struct Sync {
    pub status: RwSignal<SyncStatus>,
    pub config: RwSignal<Option<SyncConfig>>,
    /// Records refused by the server or skipped when pulled, most recent round.
    pub problems: RwSignal<Vec<Problem>>,
    /// Records received from the server in total in this tab (for the progress line).
    pub pulled: RwSignal<usize>,
    /// Bumped to stop the running loop (a new one may start).
    generation: StoredValue<u32>,
    /// Where this tab stands with the server: the ids known there and the feed position.
    cursor: StoredValue<Cursor>,
    /// The running long-poll, to stop it when there is something to push.
    abort: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
    plan: StoredValue<String>,
}

/// Where a tab stands with the server.
#[derive(Default)]
struct Cursor {
    /// Document ids known to be on the server (pushed or pulled).
    known: FxHashSet<String>,
    /// The feed position reached (records up to it are applied here).
    since: Option<Value>,
    /// The roles of the user at the last round (what this tab may push).
    roles: Vec<String>,
    /// A position whose records were applied but perhaps not saved yet, with the count of
    /// successful writes when they were applied.
    unsaved: Option<(Value, u64)>,
}

/// A JSON answer: status and body.
struct Answer {
    status: u16,
    body: Value,
}

async fn http(
    method: &str,
    url: &str,
    body: Option<String>,
    abort: Option<&web_sys::AbortController>,
) -> Result<Answer, SyncError> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(web_sys::RequestCredentials::Include);
    init.set_mode(web_sys::RequestMode::Cors);
    let headers = web_sys::Headers::new().map_err(|_| SyncError::Unreachable)?;
    let _ = headers.set("Accept", "application/json");
    if let Some(b) = &body {
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(b));
    }
    init.set_headers(&headers);
    if let Some(a) = abort {
        init.set_signal(Some(&a.signal()));
    }
    let request =
        web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| SyncError::Unreachable)?;
    let response = JsFuture::from(window().fetch_with_request(&request))
        .await
        .map_err(|e| {
            if abort.is_some_and(|a| a.signal().aborted()) || js_name(&e) == "AbortError" {
                SyncError::Aborted
            } else {
                SyncError::Unreachable
            }
        })?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| SyncError::Unreachable)?;
    let kind = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default();
    let text = match response.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    crate::perf::start("sync-parse");
    let body = serde_json::from_str::<Value>(&text);
    crate::perf::end("sync-parse");
    let body = body.map_err(|_| SyncError::NotCouch)?;
    if !kind.contains("json") && !body.is_object() && !body.is_array() {
        return Err(SyncError::NotCouch);
    }
    Ok(Answer {
        status: response.status(),
        body,
    })
}

fn js_name(e: &JsValue) -> String {
    web_sys::js_sys::Reflect::get(e, &JsValue::from_str("name"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// The error an unsuccessful answer about the database means, once a login is known to hold:
/// CouchDB answers 403 to a member it refuses, PouchDB Server 401.
fn db_error(status: u16) -> SyncError {
    match status {
        401 | 403 => SyncError::NoPermission,
        s => status_error(s),
    }
}

/// The error an unsuccessful answer means.
fn status_error(status: u16) -> SyncError {
    match status {
        401 => SyncError::NotLoggedIn,
        403 => SyncError::NoPermission,
        404 => SyncError::NoDatabase,
        s => SyncError::Status(s),
    }
}

/// Lets the browser run what waits (input, rendering) before going on: a task of its own.
async fn yield_now() {
    crate::clock::sleep(0).await;
}

/// The server's answer to a connection test.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// Documents in the plan's database.
    pub docs: u64,
    /// The roles of the user logged in.
    pub roles: Vec<String>,
}

/// Tests `config` for `plan` (logging in with `password` when one is given): the server is
/// CouchDB, the login holds, the database exists, may be read, and is not another plan's. Says
/// exactly what is wrong otherwise.
pub async fn check(config: &SyncConfig, password: &str, plan: &str) -> Result<Checked, SyncError> {
    let welcome = http("GET", &format!("{}/", config.base()), None, None).await?;
    if welcome.body.get("couchdb").is_none() && welcome.body.get("express-pouchdb").is_none() {
        return Err(SyncError::NotCouch);
    }
    if !password.is_empty() {
        let body = json!({ "name": config.user, "password": password }).to_string();
        let login = http(
            "POST",
            &format!("{}/_session", config.base()),
            Some(body),
            None,
        )
        .await?;
        if login.status == 401 {
            return Err(SyncError::WrongPassword);
        }
        if login.status >= 400 {
            return Err(status_error(login.status));
        }
    }
    let me = http("GET", &format!("{}/_session", config.base()), None, None).await?;
    let roles = roles_of(&me.body).ok_or(SyncError::NotLoggedIn)?;
    let db = http("GET", &config.db_url(), None, None).await?;
    if db.status >= 400 {
        return Err(db_error(db.status));
    }
    // A few records (ids sort after the design documents' `_design/`) say whose database it is.
    let records = format!(
        "{}/_all_docs?limit=20&include_docs=true&startkey=%22a%22",
        config.db_url()
    );
    let peek = http("GET", &records, None, None).await?;
    if peek.status >= 400 {
        return Err(db_error(peek.status));
    }
    if let Some(other) = taizhang_core::sync::other_plan_in(&peek.body, plan) {
        return Err(SyncError::OtherPlan(other));
    }
    Ok(Checked {
        docs: db
            .body
            .get("doc_count")
            .and_then(Value::as_u64)
            .unwrap_or(0),
        roles,
    })
}

/// The units whose entries a user with `roles` may write, or `None` for the office (and the
/// server's admin), who may write every record.
fn units_of(roles: &[String]) -> Option<Vec<String>> {
    if roles
        .iter()
        .any(|r| r == "_admin" || r == "taizhang-office")
    {
        return None;
    }
    Some(
        roles
            .iter()
            .filter_map(|r| r.strip_prefix("unit:").map(str::to_string))
            .collect(),
    )
}

/// The roles of the user a `_session` answer names, or `None` when nobody is logged in.
fn roles_of(session: &Value) -> Option<Vec<String>> {
    let ctx = session.get("userCtx")?;
    ctx.get("name").and_then(Value::as_str)?;
    Some(
        ctx.get("roles")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
    )
}

impl Sync {
    pub fn new(plan: String) -> Sync {
        let config = SyncConfig::load(&plan);
        Sync {
            status: RwSignal::new(SyncStatus::Off),
            config: RwSignal::new(config),
            problems: RwSignal::new(Vec::new()),
            pulled: RwSignal::new(0),
            generation: StoredValue::new(0),
            cursor: StoredValue::new(Cursor::default()),
            abort: StoredValue::new_local(None),
            plan: StoredValue::new(plan),
        }
    }

    /// Whether sync may run with `config` without asking for the password (see [`SyncStatus::SignIn`]).
    /// The plan this sync is for.
    pub fn plan(self) -> String {
        self.plan.get_value()
    }

    pub fn logged_in_here(self, config: &SyncConfig) -> bool {
        logged_in_here(&self.plan.get_value(), config)
    }

    /// Starts syncing with the saved configuration, if there is one (at start-up) and its login
    /// is remembered (or was made on this page); else asks for the password (the status says so)
    /// and sends nothing, whatever cookie the browser may still hold.
    pub fn resume(self, session: Session, persist: Persistence) {
        if let Some(config) = self.config.get_untracked() {
            if !session.readonly() && !session.reviewing() {
                if logged_in_here(&self.plan.get_value(), &config) {
                    self.start(session, persist);
                } else {
                    self.status.set(SyncStatus::SignIn);
                }
            }
        }
        // A local change: stop waiting on the server and push it.
        let data = session.data();
        Effect::new(move |previous: Option<()>| {
            data.track();
            if previous.is_some() {
                self.wake();
            }
        });
        // A login that is not remembered: ask the server to end it as the page goes away. Best
        // effort only (the browser may drop the request, or keep the cookie): what counts is
        // that the next page does not use it (above).
        let on_hide = window_event_listener(leptos::ev::pagehide, move |_| {
            if let Some(c) = self.config.try_get_untracked().flatten() {
                if !c.remember {
                    logout_on_leave(&c);
                }
            }
        });
        on_cleanup(move || {
            on_hide.remove();
            self.stop();
        });
    }

    /// Saves `config` (without any password) and starts syncing with it.
    pub fn connect(self, config: SyncConfig, session: Session, persist: Persistence) {
        let plan = self.plan.get_value();
        let previous = self.config.get_untracked();
        // The same server and database keep their place in the feed.
        let last_seq = previous
            .filter(|p| p.url == config.url && p.db == config.db)
            .and_then(|p| p.last_seq);
        let config = SyncConfig { last_seq, ..config };
        SIGNED_IN.with(|s| {
            let mut s = s.borrow_mut();
            if config.remember {
                s.remove(&login_key(&plan, &config));
            } else {
                s.insert(login_key(&plan, &config));
            }
        });
        config.save(&plan);
        self.config.set(Some(config));
        self.start(session, persist);
    }

    /// Stops syncing, forgets the server (the data stays) and logs out: the server is asked to
    /// end the session and its answer awaited. An error says the login may still hold there.
    pub async fn disconnect(self) -> Result<(), SyncError> {
        self.stop();
        let plan = self.plan.get_value();
        let config = self.config.get_untracked();
        SyncConfig::clear(&plan);
        self.config.set(None);
        self.status.set(SyncStatus::Off);
        let Some(config) = config else {
            return Ok(());
        };
        SIGNED_IN.with(|s| s.borrow_mut().remove(&login_key(&plan, &config)));
        let answer = http("DELETE", &format!("{}/_session", config.base()), None, None).await?;
        if answer.status >= 400 {
            return Err(status_error(answer.status));
        }
        Ok(())
    }

    fn stop(self) {
        self.generation.try_update_value(|g| *g += 1);
        self.wake();
    }

    fn wake(self) {
        if let Some(Some(a)) = self.abort.try_get_value() {
            a.abort();
        }
    }

    fn start(self, session: Session, persist: Persistence) {
        self.stop();
        let generation = self.generation.get_value();
        let since = self
            .config
            .with_untracked(|c| c.as_ref().and_then(|c| c.last_seq.clone()));
        self.cursor.set_value(Cursor {
            since,
            ..Cursor::default()
        });
        leptos::task::spawn_local(run(self, session, persist, generation));
    }

    /// The loop of one connection (`generation`): rounds, and back-off after a failure, until
    /// the connection is stopped or replaced.
    async fn run_now(self, session: Session, persist: Persistence, generation: u32) {
        let mut backoff = 1_000;
        loop {
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            match self.round(session, persist, generation).await {
                Ok(()) | Err(SyncError::Aborted) => backoff = 1_000,
                Err(e) => {
                    if self.generation.try_get_value() != Some(generation) {
                        return;
                    }
                    let offline = !window().navigator().on_line();
                    self.status.set(if offline || e == SyncError::Unreachable {
                        SyncStatus::Offline(self.waiting(session))
                    } else {
                        SyncStatus::Error(e)
                    });
                    crate::clock::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF_MS);
                }
            }
        }
    }

    /// One round: who is logged in, push, then pull until the feed is quiet (the last pull a
    /// long-poll, cut short by a local change).
    async fn round(
        self,
        session: Session,
        persist: Persistence,
        generation: u32,
    ) -> Result<(), SyncError> {
        let Some(config) = self.config.get_untracked() else {
            return Err(SyncError::Aborted);
        };
        let me = http("GET", &format!("{}/_session", config.base()), None, None).await?;
        let roles = roles_of(&me.body).ok_or(SyncError::NotLoggedIn)?;
        self.cursor.update_value(|c| c.roles = roles.clone());
        self.push(&config, session, &roles).await?;
        self.pull(&config, session, persist, generation).await
    }

    /// How many local records this user would push that the server lacks (as far as known).
    fn waiting(self, session: Session) -> usize {
        self.cursor.with_value(|c| {
            let units = units_of(&c.roles);
            session
                .data()
                .with_untracked(|d| taizhang_core::sync::pending(d, &c.known, units.as_deref()))
        })
    }

    /// Pushes the records the server lacks that this user may write. They are listed first
    /// (cheap: ids only); each batch's documents are built and encoded right before it is sent,
    /// so no task of the page does a whole ledger's worth of work.
    async fn push(
        self,
        config: &SyncConfig,
        session: Session,
        roles: &[String],
    ) -> Result<(), SyncError> {
        let plan = self.plan.get_value();
        let units = units_of(roles);
        crate::perf::start("sync-plan");
        let picks = self.cursor.with_value(|c| {
            session
                .data()
                .with_untracked(|d| outgoing(d, &c.known, units.as_deref()))
        });
        crate::perf::end("sync-plan");
        if picks.is_empty() {
            return Ok(());
        }
        let total = picks.len();
        let mut done = 0;
        let mut refused = Vec::new();
        self.status.set(SyncStatus::Waiting(total));
        for chunk in picks.chunks(BATCH) {
            crate::perf::start("sync-docs");
            let docs = session.data().with_untracked(|d| docs_at(&plan, d, chunk));
            let diff: serde_json::Map<String, Value> = docs
                .iter()
                .map(|d| (d.id.clone(), json!([d.rev])))
                .collect();
            let diff = Value::Object(diff).to_string();
            crate::perf::end("sync-docs");
            let answer = http(
                "POST",
                &format!("{}/_revs_diff", config.db_url()),
                Some(diff),
                None,
            )
            .await?;
            if answer.status >= 400 {
                return Err(db_error(answer.status));
            }
            let ids: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
            crate::perf::start("sync-docs");
            let bodies: Vec<Value> = docs
                .into_iter()
                .filter(|d| answer.body.get(&d.id).is_some())
                .map(|Doc { rev, mut body, .. }| {
                    body["_rev"] = Value::String(rev);
                    body
                })
                .collect();
            let bulk = (!bodies.is_empty())
                .then(|| json!({ "new_edits": false, "docs": bodies }).to_string());
            crate::perf::end("sync-docs");
            if let Some(bulk) = bulk {
                let answer = http(
                    "POST",
                    &format!("{}/_bulk_docs", config.db_url()),
                    Some(bulk),
                    None,
                )
                .await?;
                if answer.status >= 400 {
                    return Err(db_error(answer.status));
                }
                for item in answer.body.as_array().into_iter().flatten() {
                    if let (Some(id), Some(error)) = (
                        item.get("id").and_then(Value::as_str),
                        item.get("error").and_then(Value::as_str),
                    ) {
                        let reason = item.get("reason").and_then(Value::as_str).unwrap_or(error);
                        refused.push(Problem {
                            id: id.to_string(),
                            reason: reason.to_string(),
                        });
                    }
                }
            }
            // Known on the server: what was sent (a pick whose record went meanwhile was not).
            self.cursor.update_value(|c| {
                for id in ids {
                    if !refused.iter().any(|p| p.id == id) {
                        c.known.insert(id);
                    }
                }
            });
            done += chunk.len();
            self.status.set(SyncStatus::Syncing(done));
        }
        if !refused.is_empty() {
            // Refused records stay here (they are the user's) and are not offered again this
            // session: the reason is shown instead.
            self.cursor
                .update_value(|c| c.known.extend(refused.iter().map(|p| p.id.clone())));
            self.problems.set(refused);
        }
        Ok(())
    }

    async fn pull(
        self,
        config: &SyncConfig,
        session: Session,
        persist: Persistence,
        generation: u32,
    ) -> Result<(), SyncError> {
        let plan = self.plan.get_value();
        loop {
            if self.generation.try_get_value() != Some(generation) {
                return Err(SyncError::Aborted);
            }
            let since = self
                .cursor
                .with_value(|c| c.since.clone())
                .unwrap_or(json!(0));
            let quiet_so_far = matches!(self.status.get_untracked(), SyncStatus::Synced);
            let since_text = match &since {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let mut url = format!(
                "{}/_changes?include_docs=true&limit={BATCH}&since={}",
                config.db_url(),
                encode(&since_text)
            );
            let abort = web_sys::AbortController::new().ok();
            if quiet_so_far {
                url.push_str(&format!("&feed=longpoll&timeout={LONGPOLL_MS}"));
                self.abort.set_value(abort.clone());
            }
            let answer = http("GET", &url, None, abort.as_ref().filter(|_| quiet_so_far)).await;
            self.abort.set_value(None);
            let answer = answer?;
            if answer.status >= 400 {
                return Err(db_error(answer.status));
            }
            // Records applied before this answer are saved by now unless storage said otherwise:
            // only then is their position kept for the next visit.
            let saves = persist.saved.get_untracked();
            let ready = self
                .cursor
                .try_update_value(|c| {
                    c.unsaved
                        .take_if(|(_, at)| saves > *at && persist.problem.get_untracked().is_none())
                })
                .flatten();
            if let Some((seq, _)) = ready {
                self.keep_seq(seq);
            }
            let mut body = answer.body;
            let results = match body.get_mut("results").map(Value::take) {
                Some(Value::Array(results)) => results,
                _ => Vec::new(),
            };
            let count = results.len();
            let last = body.get("last_seq").cloned().unwrap_or(since.clone());
            let docs: Vec<&Value> = results.iter().filter_map(|r| r.get("doc")).collect();
            crate::perf::start("sync-read");
            let pulled = read_docs(&plan, docs);
            crate::perf::end("sync-read");
            drop(results);
            // The batch was parsed and checked in this task; it is absorbed in the next, so the
            // page gets its turn in between.
            yield_now().await;
            if !pulled.skipped.is_empty() {
                let skipped = pulled.skipped.iter().map(|s| Problem {
                    id: s.id.clone(),
                    reason: s.reason.clone(),
                });
                self.problems.update(|p| {
                    for s in skipped {
                        if !p.contains(&s) {
                            p.push(s);
                        }
                    }
                });
            }
            let fresh = self.cursor.with_value(|c| {
                pulled
                    .ids
                    .iter()
                    .filter(|id| !c.known.contains(*id))
                    .count()
            });
            let moved = last != since;
            if fresh > 0 {
                // A part at a time, each in a task of its own: every part extends the live
                // ledger and redraws what shows it, which for a whole batch of a city's ledger
                // is too long a task.
                for (i, part) in split(pulled.data, SLICE).into_iter().enumerate() {
                    if i > 0 {
                        yield_now().await;
                    }
                    crate::perf::start("sync-absorb");
                    session.merge_pulled(part);
                    crate::perf::end("sync-absorb");
                }
                self.pulled.update(|p| *p += fresh);
                self.status
                    .set(SyncStatus::Syncing(self.pulled.get_untracked()));
            }
            // Read once every part is applied: a write counted after this holds them all.
            let written = persist.saved.get_untracked();
            let mut keep_now = false;
            self.cursor.update_value(|c| {
                c.known.extend(pulled.ids.iter().cloned());
                c.since = Some(last.clone());
                if moved {
                    // A position is kept once a write made after its records were applied
                    // succeeded; one that brought nothing new waits only for those before it.
                    let pending = c.unsaved.as_ref().map(|(_, at)| *at);
                    match (fresh > 0, pending) {
                        (true, _) => c.unsaved = Some((last.clone(), written)),
                        (false, Some(at)) => c.unsaved = Some((last.clone(), at)),
                        (false, None) => keep_now = true,
                    }
                }
            });
            if keep_now {
                self.keep_seq(last.clone());
            }
            if count < BATCH {
                if !quiet_so_far {
                    self.status.set(SyncStatus::Synced);
                    return Ok(());
                }
                if fresh > 0 {
                    // Back to the top of the round: push anything made meanwhile, then wait.
                    return Ok(());
                }
            }
        }
    }

    fn keep_seq(self, seq: Value) {
        let plan = self.plan.get_value();
        self.config.update(|c| {
            if let Some(c) = c {
                c.last_seq = Some(seq);
                c.save(&plan);
            }
        });
    }
}

/// Ends the server session (the cookie) while the page goes away: best effort, unanswered.
fn logout_on_leave(config: &SyncConfig) {
    let init = web_sys::RequestInit::new();
    init.set_method("DELETE");
    init.set_credentials(web_sys::RequestCredentials::Include);
    // `keepalive` lets the request outlive the page (web-sys has it behind an unstable flag).
    let _ = web_sys::js_sys::Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE);
    let _ = window().fetch_with_str_and_init(&format!("{}/_session", config.base()), &init);
}

/// The sync engine's loop. With the `split` feature its code (push, pull, the server's answers)
/// is a wasm chunk of its own, loaded when a connection starts: a tab that never syncs never
/// loads it.
#[cfg(feature = "split")]
#[leptos::lazy(sync)]
async fn run(sync: Sync, session: Session, persist: Persistence, generation: u32) {
    sync.run_now(session, persist, generation).await
}

#[cfg(not(feature = "split"))]
async fn run(sync: Sync, session: Session, persist: Persistence, generation: u32) {
    sync.run_now(session, persist, generation).await
}

/// The sync context; panics only outside [`crate::App`], a programming error.
pub fn use_sync() -> Sync {
    expect_context::<Sync>()
}
