// Each test module uses a part of these helpers; the rest is not dead code.
#![allow(dead_code)]

//! A shop on a temporary SQLite file, driven in-process through the router.

pub mod binary;
pub mod logs;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use haitao_server::catalog::search::Index;
use haitao_server::infra::config::Env;
use haitao_server::infra::config::Settings;
use haitao_server::infra::keys::Keys;
use haitao_server::infra::throttle::Throttle;
use haitao_server::startup::{App, Parts};
use haitao_server::{catalog::rate, infra::db, AppState};

/// The master secret of the test shops.
pub const TEST_SECRET: &[u8] = b"test-secret-test-secret-test-secret-0123";
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

pub struct Shop {
    pub app: Router,
    pub state: AppState,
    pub target: db::Target,
    _dir: tempfile::TempDir,
    /// Guests' order tokens from placing orders, sent again with `get` and
    /// `post` on those orders as the storefront does (`send` sends none).
    tokens: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

impl Shop {
    pub async fn new() -> Self {
        Self::with(Settings::default(), None).await
    }

    /// A shop whose order rate limit no test reaches (tests of concurrency
    /// and of many orders, where the limit is not what is tested).
    pub async fn unthrottled() -> Self {
        let t = haitao_server::infra::throttle::Throttle::new(100_000, 100_000, Vec::new());
        Self::with(Settings::default(), Some(t)).await
    }

    pub async fn with(
        settings: Settings,
        throttle: Option<haitao_server::infra::throttle::Throttle>,
    ) -> Self {
        Self::changed(settings, throttle, |_| {}).await
    }

    /// A shop whose state `change` alters before its routes are made.
    pub async fn changed(
        settings: Settings,
        throttle: Option<haitao_server::infra::throttle::Throttle>,
        change: impl FnOnce(&mut AppState),
    ) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = test_database(&dir).await;
        let pool = db::open(&target).await.expect("database opens");
        let rate = rate::load(&pool, Some("7.0000")).await.expect("rate");
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).expect("dist");
        // The app page as a release build writes it.
        std::fs::write(
            dist.join("index.html"),
            include_str!("../../fixtures/index.min.html"),
        )
        .expect("index");
        // The shop as `haitao-server` assembles it, from these settings and
        // an empty environment (development's sandbox and SMS sender).
        let keys = Keys::derive(TEST_SECRET);
        let parts = Parts::with(settings, Throttle::default(), &Env::default(), &keys)
            .expect("development's parts");
        let App { state, router } = App::build_with(pool, rate, keys, parts, &dist, |state| {
            if let Some(t) = throttle {
                state.throttle = t;
            }
            change(state);
        })
        .await
        .expect("the shop");
        Self {
            app: router,
            state,
            target,
            _dir: dir,
            tokens: Default::default(),
        }
    }

    /// What a process's watcher does every second, once every change made so
    /// far can be followed: on PostgreSQL a change is followed once every
    /// transaction older than it is over, and other tests' transactions run
    /// on the same server.
    pub async fn follow(&self) {
        let pool = &self.state.db;
        if db::backend(pool) == db::Backend::Postgres {
            let (next,): (i64,) = sqlx::query_as(
                "SELECT CAST(CAST(pg_snapshot_xmax(pg_current_snapshot()) AS TEXT) AS BIGINT)",
            )
            .fetch_one(pool)
            .await
            .expect("xmax");
            let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
            while haitao_server::catalog::reload::last_change(pool)
                .await
                .expect("horizon")
                < next
                && std::time::Instant::now() < until
            {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        }
        let mut seen = 0;
        haitao_server::catalog::reload::follow_changes(
            pool,
            &self.state.rate,
            &self.state.index,
            &mut seen,
        )
        .await
        .expect("followed");
    }

    /// `units` left of `sku`'s product, all in that variant (the others
    /// sold out), and the listing told.
    pub async fn only_left(&self, sku: &str, units: i64) {
        sqlx::query("UPDATE variants SET stock = CASE WHEN sku = $1 THEN $2 ELSE 0 END WHERE product_id = (SELECT product_id FROM variants WHERE sku = $1)")
            .bind(sku)
            .bind(units)
            .execute(&self.state.db)
            .await
            .expect("stock");
        self.reindex().await;
    }

    /// The database as `--database` names it: a SQLite file or a PostgreSQL URL.
    pub fn database(&self) -> String {
        database_of(&self.target)
    }

    /// The shopper's choice on the sandbox's own page: a form post from
    /// that page (its Origin is the shop).
    pub async fn choose(&self, payment_id: &str, outcome: &str) -> StatusCode {
        let req = Request::post(format!("/sandbox/pay/{payment_id}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "shop.test")
            .header("origin", "http://shop.test")
            .body(Body::from(format!("outcome={outcome}")))
            .expect("request");
        self.send(req).await.0
    }

    /// A provider notification for `payment_id` signed with the sandbox's key.
    pub fn notification(
        &self,
        payment_id: &str,
        outcome: &str,
        amount_fen: i64,
        currency: &str,
    ) -> Value {
        let sandbox = self.state.sandbox.as_ref().expect("sandbox");
        let outcome = match outcome {
            "succeeded" => haitao_server::payments::Outcome::Succeeded,
            "failed" => haitao_server::payments::Outcome::Failed,
            _ => haitao_server::payments::Outcome::Cancelled,
        };
        serde_json::to_value(sandbox.notification(payment_id, outcome, amount_fen, currency))
            .expect("json")
    }

    /// Places an order of `lines` for `identity`; the order's JSON.
    pub async fn order_of(&self, lines: Value, identity: Value, key: &str) -> Value {
        let body = serde_json::json!({"lines": lines, "address": address(), "identity": identity});
        let (status, order) = self.post("/api/orders", &body, Some(key)).await;
        assert_eq!(status, StatusCode::CREATED, "{order}");
        order
    }

    /// Starts paying order `id`.
    pub async fn pay(&self, id: &str, method: &str, key: &str) -> (StatusCode, Value) {
        self.post(
            &format!("/api/orders/{id}/pay"),
            &serde_json::json!({"method": method}),
            Some(key),
        )
        .await
    }

    /// Starts paying order `id` from a browser whose user agent is `ua`.
    pub async fn pay_from(
        &self,
        id: &str,
        method: &str,
        key: &str,
        ua: &str,
    ) -> (StatusCode, Value) {
        let uri = format!("/api/orders/{id}/pay");
        let req = self
            .with_token(&uri, Request::post(&uri))
            .header("content-type", "application/json")
            .header("user-agent", ua)
            .header("idempotency-key", key)
            .body(Body::from(
                serde_json::json!({ "method": method }).to_string(),
            ))
            .expect("request");
        self.send(req).await
    }

    /// The storefront directory the test server serves.
    pub fn dist(&self) -> std::path::PathBuf {
        self._dir.path().join("dist")
    }

    /// The whole response, headers included.
    pub async fn raw(&self, req: Request<Body>) -> axum::response::Response {
        self.app.clone().oneshot(req).await.expect("router answers")
    }

    pub async fn send(&self, req: Request<Body>) -> (StatusCode, Value) {
        let res = self.app.clone().oneshot(req).await.expect("router answers");
        let status = res.status();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        let json = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
        (status, json)
    }

    /// The token of an order this shop placed as a guest.
    pub fn order_token(&self, order_id: &str) -> Option<String> {
        self.tokens.lock().ok()?.get(order_id).cloned()
    }

    fn with_token(
        &self,
        uri: &str,
        req: axum::http::request::Builder,
    ) -> axum::http::request::Builder {
        let id = uri
            .strip_prefix("/api/orders/")
            .map(|rest| rest.split(['/', '?']).next().unwrap_or(""));
        match id.and_then(|id| self.order_token(id)) {
            Some(t) => req.header("x-order-token", t),
            None => req,
        }
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        let req = self.with_token(uri, Request::get(uri));
        self.send(req.body(Body::empty()).expect("request")).await
    }

    pub async fn post(&self, uri: &str, body: &Value, key: Option<&str>) -> (StatusCode, Value) {
        let mut req = self.with_token(
            uri,
            Request::post(uri).header("content-type", "application/json"),
        );
        if let Some(k) = key {
            req = req.header("idempotency-key", k);
        }
        let body = consented(uri, body.clone());
        let (status, json) = self
            .send(req.body(Body::from(body.to_string())).expect("request"))
            .await;
        if uri == "/api/orders" {
            if let (Some(id), Some(t)) = (json["id"].as_str(), json["access_token"].as_str()) {
                if let Ok(mut m) = self.tokens.lock() {
                    m.insert(id.to_owned(), t.to_owned());
                }
            }
        }
        (status, json)
    }

    /// A shop whose catalog is the starter's plus `n` generated products,
    /// indexed.
    pub async fn generated(n: usize) -> Self {
        let shop = Self::new().await;
        haitao_server::catalog::seed::generate(&shop.state.db, n)
            .await
            .expect("generated catalog");
        shop.reindex().await;
        shop
    }

    /// Rebuilds the in-memory index after a test changed the database directly.
    pub async fn reindex(&self) {
        let fresh = Index::load(&self.state.db, &self.state.rate)
            .await
            .expect("index");
        self.state.index.put(fresh);
    }

    /// `customs export` into `dir` as the operator runs it in development
    /// (test parties, the shop's own key).
    pub async fn declare(&self, dir: &std::path::Path) -> haitao_server::customs::Exported {
        let parties = haitao_server::customs::Parties::from_env(
            haitao_server::infra::mode::Mode::Development,
            |_| None,
        )
        .expect("parties");
        haitao_server::customs::export(
            &self.state.db,
            &Keys::derive(TEST_SECRET),
            &self.state.clock,
            &parties,
            None,
            dir,
        )
        .await
        .expect("export")
    }

    pub async fn stock(&self, sku: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as("SELECT stock FROM variants WHERE sku = $1")
            .bind(sku)
            .fetch_one(&self.state.db)
            .await
            .expect("stock");
        n
    }
}

/// A valid resident ID number (GB 11643 example) and its holder.
/// A valid resident ID number, different for each `n` (made up, as an attacker's would be).
pub fn made_up_id(n: u32) -> String {
    let first17 = format!(
        "1101051990{:02}{:02}{:03}",
        1 + n % 12,
        1 + n % 28,
        100 + n % 900
    );
    let check = haitao_core::validate::id_check_char(first17.as_bytes()).expect("check char");
    format!("{first17}{}", char::from(check))
}

pub fn identity() -> Value {
    serde_json::json!({ "name": "张三", "id_number": "11010519491231002X" })
}

pub fn address() -> Value {
    serde_json::json!({
        "recipient": "张三", "mobile": "13800138000", "province": "上海市", "city": "市辖区",
        "district": "浦东新区", "street": "世纪大道100号", "postcode": "200120"
    })
}

/// Lines of one pricey product (plenty in stock) whose order total is about
/// 4,000 yuan: seven of them pass the 26,000 yuan yearly allowance. The lines
/// and the order's total in fen.
pub async fn about_4000_yuan(shop: &Shop) -> (Value, i64) {
    sqlx::query("UPDATE variants SET stock = 1000 WHERE sku = 'DO-5Q'")
        .execute(&shop.state.db)
        .await
        .expect("stock");
    shop.reindex().await;
    for qty in (1..=10).rev() {
        let lines = serde_json::json!([{"sku": "DO-5Q", "qty": qty}]);
        let (status, q) = shop
            .post("/api/quote", &serde_json::json!({ "lines": lines }), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{q}");
        let total = q["total"]["amount"].as_i64().expect("total");
        if (350_000..=480_000).contains(&total) {
            return (lines, total);
        }
    }
    panic!("no quantity of DO-5Q costs about 4,000 yuan");
}

/// The same person as `identity()`, with another valid ID number holder for contrast.
pub fn other_identity() -> Value {
    serde_json::json!({"name": "李四", "id_number": "440304200002291236"})
}

/// The documents an order or a sign-in needs agreed to, in their current
/// versions (`accepted`, as the storefront sends it once each box is ticked).
pub fn accepted_for(needed: &[haitao_core::legal::DocumentName]) -> Value {
    let docs =
        haitao_server::legal::Documents::new(&haitao_server::infra::config::Settings::default())
            .expect("documents");
    Value::Array(
        needed
            .iter()
            .map(|&n| json!({ "name": n.slug(), "version": docs.version(n) }))
            .collect(),
    )
}

/// A body for an order, a sign-in or a saved payer, with every consent given unless the
/// test says what was agreed to (an `accepted` of its own, even empty).
pub fn consented(uri: &str, mut body: Value) -> Value {
    let needed: &[haitao_core::legal::DocumentName] = match uri {
        "/api/orders" => &haitao_core::legal::FOR_ORDER,
        "/api/auth/session" => &haitao_core::legal::FOR_SIGN_IN,
        "/api/account/payers" => &[haitao_core::legal::DocumentName::ConsentId],
        _ => return body,
    };
    if let Some(o) = body.as_object_mut() {
        o.entry("accepted").or_insert_with(|| accepted_for(needed));
    }
    body
}

// Signing in, for the account tests.

/// A request from the shop's own pages, with the session cookie if given.
pub async fn call(
    shop: &Shop,
    method: &str,
    uri: &str,
    cookie: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value, Option<String>) {
    call_with(shop, method, uri, cookie, body, &[]).await
}

/// `call` with more headers; an `idempotency-key` among them replaces the
/// fresh one each order or payment otherwise gets.
pub async fn call_with(
    shop: &Shop,
    method: &str,
    uri: &str,
    cookie: Option<&str>,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> (StatusCode, Value, Option<String>) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "shop.test")
        .header("origin", "http://shop.test")
        .header("content-type", "application/json");
    if let Some(c) = cookie {
        req = req.header("cookie", format!("haitao_session={c}"));
    }
    let keyed = headers.iter().any(|(k, _)| *k == "idempotency-key");
    if !keyed && (uri == "/api/orders" || uri.ends_with("/pay")) {
        req = req.header("idempotency-key", format!("acct-{}", uuid_like()));
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let body = body.map(|b| consented(uri, b));
    let res = shop
        .raw(
            req.body(Body::from(body.map(|b| b.to_string()).unwrap_or_default()))
                .expect("req"),
        )
        .await;
    let status = res.status();
    let set_cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, json, set_cookie)
}

/// Every byte but letters and digits percent-encoded, for a query string.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{:08}", N.fetch_add(1, Ordering::Relaxed))
}

/// The code the development sender "sent" to `phone` last.
pub async fn last_code(shop: &Shop, phone: &str) -> String {
    let (status, msgs) = shop.get(&format!("/api/dev/sms?phone={phone}")).await;
    assert_eq!(status, StatusCode::OK);
    let text = msgs[0]["text"].as_str().unwrap_or("");
    text.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a six-digit code")
        .to_owned()
}

pub fn token_of(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .and_then(|kv| kv.split_once('='))
        .map(|(_, v)| v.to_owned())
        .unwrap_or_default()
}

/// Signs `phone` in; the session token.
pub async fn sign_in(shop: &Shop, phone: &str) -> String {
    let (status, _, _) = call(
        shop,
        "POST",
        "/api/auth/code",
        None,
        Some(json!({ "phone": phone })),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let code = last_code(shop, phone).await;
    let (status, body, cookie) = call(
        shop,
        "POST",
        "/api/auth/session",
        None,
        Some(json!({ "phone": phone, "code": code })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    token_of(&cookie.expect("a session cookie"))
}

/// Where a test shop keeps its data: a SQLite file in `dir`, or, when
/// `HAITAO_TEST_DATABASE` names a PostgreSQL server (`make test-postgres`),
/// a new database of its own there.
/// `target` as `--database` names it: a SQLite file or a PostgreSQL URL.
pub fn database_of(target: &db::Target) -> String {
    match target {
        db::Target::Sqlite(path) => path.display().to_string(),
        db::Target::Postgres(url) => url.clone(),
    }
}

/// A fresh database for a test: a SQLite file in `dir`, or a database of its
/// own on the test PostgreSQL (HAITAO_TEST_DATABASE).
pub async fn test_database(dir: &tempfile::TempDir) -> db::Target {
    match std::env::var("HAITAO_TEST_DATABASE") {
        Ok(url) if url.starts_with("postgres") => {
            use sqlx::Connection;
            let name = format!("t_{}", uuid::Uuid::new_v4().simple());
            let mut admin = sqlx::PgConnection::connect(&url)
                .await
                .expect("the test PostgreSQL answers");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .await
                .expect("a database of its own");
            let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&url);
            db::Target::Postgres(format!("{base}/{name}"))
        }
        _ => db::Target::Sqlite(dir.path().join("shop.db")),
    }
}
