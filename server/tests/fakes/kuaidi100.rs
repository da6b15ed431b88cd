//! A local Kuaidi100: `/poll` (the subscription) and `/poll/query.do` (the
//! real-time query), each refusing what Kuaidi100's SDKs say it refuses
//! (docs/research/kuaidi100.md: §0 a form post, §1 the subscription's
//! fields and codes, §3 the query's signature and codes), and keeping what
//! it was asked so a test can push as Kuaidi100 would.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use md5::{Digest, Md5};
use serde_json::{json, Value};

use super::{pairs, value};

pub const KEY: &str = "fake-kuaidi100-key";
pub const CUSTOMER: &str = "FAKECUSTOMER0001";

/// Carrier codes of Kuaidi100's table as docs/research/kuaidi100.md §4 read
/// them (Cainiao has none there).
const KNOWN: [&str; 9] = [
    "usps",
    "ups",
    "upsen",
    "fedex",
    "dhlen",
    "dhl",
    "ems",
    "youzhengguoji",
    "shunfeng",
];

/// A subscription as the fake received it.
#[derive(Clone, Debug)]
pub struct Subscription {
    pub company: String,
    pub number: String,
    pub callback_url: String,
    pub salt: String,
}

#[derive(Default)]
pub struct Fake {
    pub subscriptions: Mutex<Vec<Subscription>>,
    /// What the query answers, per number: the `data` items, newest first.
    pub histories: Mutex<Vec<(String, Value)>>,
    pub queries: Mutex<u32>,
}

pub fn sign(text: &str) -> String {
    hex::encode_upper(Md5::digest(text.as_bytes()))
}

fn refuse(code: &str, message: &str) -> Json<Value> {
    Json(json!({"result": false, "returnCode": code, "message": message}))
}

/// §0: every call is a form post.
fn form(headers: &HeaderMap, body: &str) -> Option<Vec<(String, String)>> {
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    ct.starts_with("application/x-www-form-urlencoded")
        .then(|| pairs(body))
}

async fn subscribe(State(f): State<Arc<Fake>>, headers: HeaderMap, body: String) -> Json<Value> {
    let Some(p) = form(&headers, &body) else {
        return refuse("400", "找不到对应公司");
    };
    if value(&p, "schema") != "json" {
        return refuse("700", "schema");
    }
    let Ok(param) = serde_json::from_str::<Value>(&value(&p, "param")) else {
        return refuse("700", "param is not JSON");
    };
    if param["key"] != KEY {
        return refuse("600", "您不是合法的订阅者");
    }
    let company = param["company"].as_str().unwrap_or_default().to_owned();
    let number = param["number"].as_str().unwrap_or_default().to_owned();
    let auto = param["parameters"]["autoCom"] == "1";
    // §1.2: a lower-case code (or autoCom), a number of 6 to 32 characters.
    if (company.is_empty() && !auto) || company != company.to_lowercase() {
        return refuse("700", "快递公司编码错误");
    }
    // §1.3: a code Kuaidi100 does not know is answered 500 (its table, §4:
    // the codes read there; the real table holds many more).
    if !company.is_empty() && !KNOWN.contains(&company.as_str()) {
        return refuse("500", "服务器错误");
    }
    if !(6..=32).contains(&number.len()) {
        return refuse("700", "单号错误");
    }
    let callback_url = param["parameters"]["callbackurl"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    if !callback_url.starts_with("http") {
        return refuse("700", "回调地址错误");
    }
    // §5: SF Express needs the phone (its last four digits at least).
    if company == "shunfeng" && param["parameters"]["phone"].as_str().map_or(0, str::len) < 4 {
        return refuse("700", "顺丰单号必须提供手机号");
    }
    let salt = param["parameters"]["salt"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut subs = f.subscriptions.lock().expect("lock");
    // §1.3: a number followed already is 501.
    if subs
        .iter()
        .any(|s| s.company == company && s.number == number)
    {
        return refuse("501", "重复订阅");
    }
    subs.push(Subscription {
        company,
        number,
        callback_url,
        salt,
    });
    Json(json!({"result": true, "returnCode": "200", "message": "提交成功"}))
}

async fn query(State(f): State<Arc<Fake>>, headers: HeaderMap, body: String) -> Json<Value> {
    let Some(p) = form(&headers, &body) else {
        return refuse("400", "找不到对应公司");
    };
    let param = value(&p, "param");
    // §3.1: sign = MD5(param + key + customer), upper case.
    if value(&p, "customer") != CUSTOMER {
        return refuse("400", "提交的数据不完整，或者贵公司没授权");
    }
    if value(&p, "sign") != sign(&format!("{param}{KEY}{CUSTOMER}")) {
        return refuse("503", "验证签名失败");
    }
    let Ok(param) = serde_json::from_str::<Value>(&param) else {
        return refuse("400", "param");
    };
    if !KNOWN.contains(&param["com"].as_str().unwrap_or_default()) {
        return refuse("400", "找不到对应公司");
    }
    *f.queries.lock().expect("lock") += 1;
    let num = param["num"].as_str().unwrap_or_default();
    let histories = f.histories.lock().expect("lock");
    match histories.iter().find(|(n, _)| n == num) {
        Some((_, data)) => {
            let signed = data[0]["status"] == "签收";
            Json(json!({
                "message": "ok", "state": if signed { "3" } else { "0" }, "status": "200",
                "condition": "F00", "ischeck": if signed { "1" } else { "0" },
                "com": param["com"], "nu": num, "data": data,
            }))
        }
        None => refuse("500", "查询无结果，请隔段时间再查"),
    }
}

/// The fake on a local port: its base URL and its state.
pub async fn start() -> (String, Arc<Fake>) {
    let fake = Arc::new(Fake::default());
    let router = Router::new()
        .route("/poll", post(subscribe))
        .route("/poll/query.do", post(query))
        .with_state(fake.clone());
    (super::serve(router).await, fake)
}

/// A push as Kuaidi100 makes it (§2.3): `param` and its `sign` with `salt`.
pub fn push(status: &str, com: &str, nu: &str, data: &Value, salt: &str) -> (String, String) {
    let signed = data[0]["status"] == "签收";
    let param = json!({
        "status": status, "billstatus": "got", "message": "",
        "lastResult": {
            "message": "ok", "state": if signed { "3" } else { "0" }, "status": "200",
            "condition": "F00", "ischeck": if signed { "1" } else { "0" },
            "com": com, "nu": nu, "data": data,
        }
    })
    .to_string();
    let sign = sign(&format!("{param}{salt}"));
    (param, sign)
}
