// Each test file uses a part of these helpers; the rest is not dead code.
#![allow(dead_code)]

//! A shop on a temporary SQLite file, driven in-process through the router.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use haitao_server::search::Index;
use haitao_server::{db, rate, AppState};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub struct Shop {
    pub app: Router,
    pub state: AppState,
    _dir: tempfile::TempDir,
}

impl Shop {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let pool = db::open(&dir.path().join("shop.db"))
            .await
            .expect("database opens and seeds");
        let rate = rate::load(&pool, Some("7.0000")).await.expect("rate");
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).expect("dist");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><title>haitao</title>",
        )
        .expect("index");
        let state = AppState::new(pool, rate, Some("test-secret-test-secret-test-secret-0123"))
            .await
            .expect("state");
        Self {
            app: haitao_server::router(state.clone(), &dist),
            state,
            _dir: dir,
        }
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

    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.send(Request::get(uri).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn post(&self, uri: &str, body: &Value, key: Option<&str>) -> (StatusCode, Value) {
        let mut req = Request::post(uri).header("content-type", "application/json");
        if let Some(k) = key {
            req = req.header("idempotency-key", k);
        }
        self.send(req.body(Body::from(body.to_string())).expect("request"))
            .await
    }

    /// Rebuilds the in-memory index after a test changed the database directly.
    pub async fn reindex(&self) {
        let fresh = Index::load(&self.state.db, &self.state.rate)
            .await
            .expect("index");
        *self.state.index.write().expect("lock") = fresh;
    }

    pub async fn stock(&self, sku: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as("SELECT stock FROM variants WHERE sku = ?")
            .bind(sku)
            .fetch_one(&self.state.db)
            .await
            .expect("stock");
        n
    }
}

/// A valid resident ID number (GB 11643 example) and its holder.
pub fn identity() -> Value {
    serde_json::json!({ "name": "张三", "id_number": "11010519491231002X" })
}

pub fn address() -> Value {
    serde_json::json!({
        "recipient": "张三", "mobile": "13800138000", "province": "上海市", "city": "市辖区",
        "district": "浦东新区", "street": "世纪大道100号", "postcode": "200120"
    })
}
