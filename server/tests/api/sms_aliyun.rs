//! The Aliyun SMS sender against a local fake of its endpoint that checks
//! every request's signature as Aliyun documents it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use haitao_server::sms::aliyun::{signature, AliyunSms};
use haitao_server::sms::SmsSender;
use serde_json::{json, Value};

const SECRET: &str = "fake-access-key-secret";

#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<BTreeMap<String, String>>>>);

async fn fake(
    State(seen): State<Seen>,
    Query(mut q): Query<BTreeMap<String, String>>,
) -> Json<Value> {
    let sig = q.remove("Signature").unwrap_or_default();
    let ok = sig == signature("GET", &q, SECRET)
        && q.get("Action").map(String::as_str) == Some("SendSms")
        && q.get("SignatureMethod").map(String::as_str) == Some("HMAC-SHA1")
        && q.get("Version").map(String::as_str) == Some("2017-05-25");
    if let Ok(mut s) = seen.0.lock() {
        s.push(q);
    }
    Json(if ok {
        json!({"Code": "OK", "Message": "OK", "BizId": "1", "RequestId": "r"})
    } else {
        json!({"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched with our calculation."})
    })
}

#[tokio::test]
async fn sends_a_signed_request_and_reports_refusals() {
    let seen = Seen::default();
    let app = Router::new().route("/", get(fake)).with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    let endpoint = format!("http://{addr}/");

    let sms = AliyunSms::new("fake-id", SECRET, "海淘美国", "SMS_123", &endpoint).expect("client");
    sms.send_code("13800138000", "042917")
        .await
        .expect("accepted");
    let q = seen.0.lock().map(|s| s[0].clone()).unwrap_or_default();
    assert_eq!(q["PhoneNumbers"], "13800138000");
    assert_eq!(q["SignName"], "海淘美国");
    assert_eq!(q["TemplateCode"], "SMS_123");
    assert_eq!(q["TemplateParam"], r#"{"code":"042917"}"#);
    assert_eq!(q["AccessKeyId"], "fake-id");

    // A wrong secret: the endpoint refuses, and the sender says so.
    let forged = AliyunSms::new(
        "fake-id",
        "not-the-secret",
        "海淘美国",
        "SMS_123",
        &endpoint,
    )
    .expect("client");
    let err = forged
        .send_code("13800138000", "042917")
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("SignatureDoesNotMatch"), "{err}");
    // Nobody listening: an error, not a hang.
    let gone = AliyunSms::new("fake-id", SECRET, "s", "t", "http://127.0.0.1:9/").expect("client");
    assert!(gone.send_code("13800138000", "1").await.is_err());
}
