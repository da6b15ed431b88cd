//! WeChat Pay API v3 as the shop uses it: H5, JSAPI and Native orders, refunds,
//! and WeChat's OAuth (a code, then the shopper's openid). Every request's
//! Authorization is checked as the signature guide describes; every answer is
//! signed with the test's "WeChat Pay" key; notifications are sealed with the
//! APIv3 key (AEAD_AES_256_GCM) and signed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use haitao_server::payments::rsa2::{test_keys, MerchantKey, ProviderKey};
use serde_json::{json, Value};

pub const MCHID: &str = "1900009191";
pub const APPID: &str = "wxd678efh567hg6787";
pub const APP_SECRET: &str = "app-secret-of-the-official-account";
pub const SERIAL: &str = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
pub const PLATFORM_KEY_ID: &str = "PUB_KEY_ID_0114232134912410000000000000";
pub const APIV3_KEY: &[u8; 32] = b"a7cde1ef9b1c4d0f8e2a6b3c5d7e9f10";
/// The platform certificate's serial, which the shop is not configured with.
pub const CERTIFICATE_SERIAL: &str = "7132D72A03E93CDDF8C03BBD1F37EEDF2E1EB7D3";
/// What WeChat Pay answers (400 INVALID_REQUEST) to a call without Accept or
/// User-Agent (reported by integrators; no page of WeChat Pay's states it).
pub const MISSING_HEADERS: &str = "Http头缺少Accept或User-Agent";
pub const OPENID: &str = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";
/// The global form (an acquiring institution's sp_mchid = MCHID, sp_appid =
/// APPID): the shop's own merchant number under it, and its category.
pub const SUB_MCHID: &str = "20000100";
pub const MCC: &str = "5499";
/// What the fake answers a call to the other API family than the merchant's.
/// WeChat Pay's answer is not published; this one is the fake's own.
pub const OTHER_FAMILY: &str = "FAKE_NOT_THIS_MERCHANTS_API";

#[derive(Clone, Debug)]
pub struct Order {
    pub kind: String,
    /// NOTPAY until the shopper pays (or fails) at the fake's cashier.
    pub state: String,
    pub total: i64,
    pub notify_url: String,
    pub body: Value,
}

#[derive(Default)]
pub struct Book {
    pub orders: HashMap<String, Order>,
    /// How many order requests the shop sent (every form, repeats included).
    pub order_requests: usize,
    /// out_refund_no → (out_trade_no, refund fen)
    pub refunds: HashMap<String, (String, i64)>,
    /// out_refund_no → its status (PROCESSING until the test ends it) and
    /// the notify_url the refund named.
    pub refund_states: HashMap<String, (String, String)>,
    /// How many close calls the shop sent.
    pub closes: usize,
    pub refused: Vec<String>,
    pub codes: HashMap<String, String>,
    /// Refusals the next refund requests get, in turn (the merchant's own
    /// state at WeChat Pay: its balance, its rights), as HTTP status and code.
    pub refund_refusals: std::collections::VecDeque<(StatusCode, &'static str)>,
    /// Every refund request's out_refund_no, in the order they came.
    pub refund_requests: Vec<String>,
    /// out_trade_no → when its last new refund was taken.
    pub last_refund_at: HashMap<String, std::time::Instant>,
    /// The least time between two refunds of one order (WeChat Pay: a
    /// minute; a test of amounts may shorten it).
    pub refund_gap: Option<std::time::Duration>,
    /// Notifications are signed with the platform certificate's key (and
    /// its serial), as during a merchant's move to WeChat Pay's public key.
    pub notify_by_certificate: bool,
    /// What WeChat Pay writes names another sub-merchant of the institution.
    pub other_sub_merchant: bool,
}

pub struct FakeWechat {
    pub shop_key: ProviderKey,
    pub platform_key: MerchantKey,
    /// The platform certificate's key, which WeChat Pay signs answers with
    /// when a request names no key (`Wechatpay-Serial`) during a merchant's
    /// move to the public key; the shop is configured with the public key only.
    pub certificate_key: MerchantKey,
    /// The certificate key's public half, as the merchant would configure it.
    pub certificate_pem: String,
    pub book: Mutex<Book>,
    /// A merchant on the cross-border API (`/v3/global/…`, sp_mchid +
    /// sub_mchid), not the domestic one.
    pub global: bool,
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

impl FakeWechat {
    /// A fake WeChat Pay, and the keys the shop is configured with.
    pub fn new() -> (Arc<Self>, super::ShopKeys) {
        Self::made(false)
    }

    /// A fake of WeChat Pay's cross-border API, for a merchant connected
    /// through an acquiring institution.
    pub fn global() -> (Arc<Self>, super::ShopKeys) {
        Self::made(true)
    }

    fn made(global: bool) -> (Arc<Self>, super::ShopKeys) {
        let (_, shop_public, shop_private) = test_keys();
        let (platform_private, _, platform_raw) = test_keys();
        let (certificate_private, _, certificate_raw) = test_keys();
        let certificate_pem = {
            use rsa::pkcs8::{EncodePublicKey, LineEnding};
            rsa::RsaPublicKey::from(&certificate_raw)
                .to_public_key_pem(LineEnding::LF)
                .expect("pem")
        };
        let fake = Arc::new(Self {
            shop_key: shop_public,
            platform_key: platform_private,
            certificate_key: certificate_private,
            certificate_pem,
            book: Mutex::default(),
            global,
        });
        (fake, super::ShopKeys::of(&shop_private, &platform_raw))
    }

    pub fn router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/v3/pay/transactions/{kind}", post(order))
            .route("/v3/refund/domestic/refunds", post(refund))
            .route("/v3/refund/domestic/refunds/{no}", get(refund_query))
            .route("/v3/pay/transactions/out-trade-no/{no}/close", post(close))
            .route("/v3/pay/transactions/out-trade-no/{no}", get(query))
            .route("/v3/global/transactions/{kind}", post(order))
            .route("/v3/global/refunds", post(refund))
            .route("/v3/global/refunds/out-refund-no/{no}", get(refund_query))
            .route(
                "/v3/global/transactions/out-trade-no/{no}/close",
                post(close),
            )
            .route("/v3/global/transactions/out-trade-no/{no}", get(query))
            .route("/connect/oauth2/authorize", get(authorize))
            .route("/sns/oauth2/access_token", get(access_token))
            .route("/fake/wechat/h5", get(cashier))
            .route("/fake/wechat/pay", post(pay))
            .route("/fake/wechat/notify", post(notify_now))
            // For the e2e tests: the refunds the shop sent, as this fake took them.
            .route(
                "/fake/wechat/refunds",
                get(|State(f): State<Arc<FakeWechat>>| async move {
                    let refunds: Vec<Value> = f
                        .refunds()
                        .into_iter()
                        .map(|(no, (trade, fen))| json!({ "out_refund_no": no, "out_trade_no": trade, "refund": fen }))
                        .collect();
                    axum::Json(refunds)
                }),
            )
            .with_state(self.clone())
    }

    /// A refusal, unsigned as WeChat Pay's are (its SDKs read the status
    /// before any signature). A request without Accept or User-Agent is 400
    /// INVALID_REQUEST; a bad signature 401 SIGN_ERROR.
    fn refuse(&self, status: StatusCode, why: &str) -> Response {
        if let Ok(mut b) = self.book.lock() {
            b.refused.push(why.to_owned());
        }
        // Any failed authorization is 401 SIGN_ERROR (its message says which part).
        let (status, code) = match (why, status) {
            (MISSING_HEADERS, _) => (StatusCode::BAD_REQUEST, "INVALID_REQUEST"),
            (_, StatusCode::UNAUTHORIZED) => (status, "SIGN_ERROR"),
            (_, StatusCode::NOT_FOUND) => (status, why),
            _ => (status, "PARAM_ERROR"),
        };
        (
            status,
            [("Content-Type", "application/json")],
            json!({ "code": code, "message": why }).to_string(),
        )
            .into_response()
    }

    /// A request's Authorization checked over its path and query, and the
    /// API family the merchant is on: the refusal, if either fails.
    fn admit(&self, method: &str, uri: &Uri, headers: &HeaderMap, body: &str) -> Option<Response> {
        let path = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
        if let Err(why) = self.authorized(method, path, headers, body) {
            return Some(self.refuse(StatusCode::UNAUTHORIZED, &why));
        }
        self.other_family(uri.path())
    }

    /// A call to the API family that is not this merchant's, refused.
    fn other_family(&self, path: &str) -> Option<Response> {
        (path.starts_with("/v3/global/") != self.global)
            .then(|| self.refuse(StatusCode::FORBIDDEN, OTHER_FAMILY))
    }

    /// Whether a body (or query) names this merchant: mchid (+ appid), or
    /// sp_mchid + sub_mchid (+ sp_appid) in the global form.
    fn names_merchant(&self, v: &Value, with_app: bool) -> bool {
        if self.global {
            v["sp_mchid"] == MCHID
                && v["sub_mchid"] == SUB_MCHID
                && (!with_app || v["sp_appid"] == APPID)
                && v.get("mchid").is_none()
        } else {
            v["mchid"] == MCHID && (!with_app || v["appid"] == APPID)
        }
    }

    /// The merchant's fields as WeChat Pay writes them in what it sends.
    fn merchant_fields(&self) -> Value {
        let other = self.book.lock().is_ok_and(|b| b.other_sub_merchant);
        if self.global && other {
            json!({ "sp_mchid": MCHID, "sub_mchid": "1900000002", "sp_appid": APPID })
        } else if self.global {
            json!({ "sp_mchid": MCHID, "sub_mchid": SUB_MCHID, "sp_appid": APPID })
        } else {
            json!({ "mchid": MCHID, "appid": APPID })
        }
    }

    /// The key WeChat Pay signs an answer with: the one the request names in
    /// `Wechatpay-Serial`, else the platform certificate.
    fn signer(&self, request: &HeaderMap) -> (&MerchantKey, &'static str) {
        let named = request
            .get("wechatpay-serial")
            .and_then(|v| v.to_str().ok());
        if named == Some(PLATFORM_KEY_ID) {
            (&self.platform_key, PLATFORM_KEY_ID)
        } else {
            (&self.certificate_key, CERTIFICATE_SERIAL)
        }
    }

    /// An answer signed as WeChat Pay signs them: with the key the request
    /// names in `Wechatpay-Serial`, else with the platform certificate.
    fn answer_to(&self, request: &HeaderMap, status: StatusCode, body: Value) -> Response {
        let (key, serial) = self.signer(request);
        let body = body.to_string();
        let (ts, nonce) = (now().to_string(), "4D8F2C1B9E7A6053");
        let signature = key.sign(format!("{ts}\n{nonce}\n{body}\n").as_bytes());
        (
            status,
            [
                ("Content-Type", "application/json".to_owned()),
                ("Wechatpay-Timestamp", ts),
                ("Wechatpay-Nonce", nonce.to_owned()),
                ("Wechatpay-Signature", signature),
                ("Wechatpay-Serial", serial.to_owned()),
            ],
            body,
        )
            .into_response()
    }

    /// A signed answer without a body (204), as to a close.
    fn answer_empty(&self, request: &HeaderMap) -> Response {
        let (key, serial) = self.signer(request);
        let (ts, nonce) = (now().to_string(), "4D8F2C1B9E7A6053");
        let signature = key.sign(format!("{ts}\n{nonce}\n\n").as_bytes());
        (
            StatusCode::NO_CONTENT,
            [
                ("Wechatpay-Timestamp", ts),
                ("Wechatpay-Nonce", nonce.to_owned()),
                ("Wechatpay-Signature", signature),
                ("Wechatpay-Serial", serial.to_owned()),
            ],
        )
            .into_response()
    }

    /// The request's Authorization, checked as the guide describes: the
    /// scheme, the merchant, the certificate serial, a fresh timestamp and the
    /// signature over `METHOD\nPATH\nTIMESTAMP\nNONCE\nBODY\n`.
    fn authorized(
        &self,
        method: &str,
        path: &str,
        headers: &HeaderMap,
        body: &str,
    ) -> Result<(), String> {
        // WeChat Pay v3 refuses a call without these (its SDKs always send them).
        let present = |h: &str| {
            headers
                .get(h)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| !v.trim().is_empty())
        };
        if !present("accept") || !present("user-agent") {
            return Err(MISSING_HEADERS.into());
        }
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .ok_or("no Authorization")?;
        let fields = auth
            .strip_prefix("WECHATPAY2-SHA256-RSA2048 ")
            .ok_or("another scheme")?;
        let field: HashMap<&str, &str> = fields
            .split(',')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.trim(), v.trim().trim_matches('"')))
            .collect();
        let f = |k: &str| field.get(k).copied().unwrap_or_default();
        if f("mchid") != MCHID || f("serial_no") != SERIAL {
            return Err("another merchant or certificate".into());
        }
        let ts: i64 = f("timestamp").parse().map_err(|_| "no timestamp")?;
        if (now() - ts).abs() > 300 {
            return Err("stale timestamp".into());
        }
        let message = format!("{method}\n{path}\n{ts}\n{}\n{body}\n", f("nonce_str"));
        if !self.shop_key.verify(message.as_bytes(), f("signature")) {
            return Err("SIGN_ERROR".into());
        }
        Ok(())
    }

    pub fn order_of(&self, out_trade_no: &str) -> Order {
        self.book
            .lock()
            .ok()
            .and_then(|b| b.orders.get(out_trade_no).cloned())
            .unwrap_or_else(|| panic!("the shop never sent order {out_trade_no} to WeChat Pay"))
    }

    pub fn refunds(&self) -> HashMap<String, (String, i64)> {
        self.book
            .lock()
            .map(|b| b.refunds.clone())
            .unwrap_or_default()
    }

    pub fn refused(&self) -> Vec<String> {
        self.book
            .lock()
            .map(|b| b.refused.clone())
            .unwrap_or_default()
    }

    /// The shopper paid (or failed) order `out_trade_no`; nobody is told
    /// unless a notification is sent or the shop asks. A closed order can no
    /// longer be paid: false, and nothing changes.
    pub fn settle(&self, out_trade_no: &str, trade_state: &str) -> bool {
        let Ok(mut b) = self.book.lock() else {
            return false;
        };
        match b.orders.get_mut(out_trade_no) {
            Some(o) if o.state != "CLOSED" => {
                o.state = trade_state.to_owned();
                true
            }
            _ => false,
        }
    }

    /// The next refund request is refused with `code` (HTTP `status`), as
    /// WeChat Pay refuses one for the merchant's state, not the request's form
    /// (NOT_ENOUGH: its balance; USER_ACCOUNT_ABNORMAL; NO_AUTH).
    /// Shortens the minute between two refunds of one order (tests of amounts).
    pub fn refund_gap(&self, gap: std::time::Duration) {
        if let Ok(mut b) = self.book.lock() {
            b.refund_gap = Some(gap);
        }
    }

    pub fn refuse_next_refund(&self, status: StatusCode, code: &'static str) {
        if let Ok(mut b) = self.book.lock() {
            b.refund_refusals.push_back((status, code));
        }
    }

    /// From now on, notifications are signed with the platform
    /// certificate's key, or (`false`) with WeChat Pay's public key.
    pub fn notify_by_certificate(&self, yes: bool) {
        if let Ok(mut b) = self.book.lock() {
            b.notify_by_certificate = yes;
        }
    }

    /// From now on, what WeChat Pay writes names another sub-merchant of the
    /// same institution (global form).
    pub fn name_other_sub_merchant(&self, yes: bool) {
        if let Ok(mut b) = self.book.lock() {
            b.other_sub_merchant = yes;
        }
    }

    /// The out_refund_no of every refund request, in order.
    pub fn refund_requests(&self) -> Vec<String> {
        self.book
            .lock()
            .map(|b| b.refund_requests.clone())
            .unwrap_or_default()
    }

    /// Where refund `out_refund_no` stands, and the notify_url it named.
    pub fn refund_state(&self, out_refund_no: &str) -> Option<(String, String)> {
        self.book
            .lock()
            .ok()
            .and_then(|b| b.refund_states.get(out_refund_no).cloned())
    }

    /// The refund ends (SUCCESS, CLOSED or ABNORMAL), nobody told yet.
    pub fn end_refund(&self, out_refund_no: &str, status: &str) {
        if let Ok(mut b) = self.book.lock() {
            if let Some(r) = b.refund_states.get_mut(out_refund_no) {
                r.0 = status.to_owned();
            }
        }
    }

    /// How many times the shop closed an order.
    pub fn closes(&self) -> usize {
        self.book.lock().map(|b| b.closes).unwrap_or_default()
    }

    /// The refund as WeChat Pay describes it (answers and notifications).
    fn refund_of(&self, out_refund_no: &str) -> Option<Value> {
        let (trade, fen, status, total) = {
            let b = self.book.lock().ok()?;
            let (trade, fen) = b.refunds.get(out_refund_no)?.clone();
            let (status, _) = b.refund_states.get(out_refund_no)?.clone();
            let total = b.orders.get(&trade).map_or(fen, |o| o.total);
            (trade, fen, status, total)
        };
        // Not under the book's lock: it takes it.
        let mut r = self.merchant_fields();
        let refund_id = format!("50000000382019052709732678{out_refund_no}");
        let fields = if self.global {
            // The global files call a closed refund REFUNDCLOSE and WeChat's number `id`.
            let status = if status == "CLOSED" {
                "REFUNDCLOSE".to_owned()
            } else {
                status
            };
            json!({
                "out_trade_no": trade, "transaction_id": format!("42000000002026{trade}"),
                "out_refund_no": out_refund_no, "id": refund_id, "refund_id": refund_id,
                "status": status, "refund_status": status, "recv_account": "招商银行信用卡0403",
                "success_time": "2026-12-03T18:10:00+08:00",
                "amount": { "refund": fen, "total": total, "currency": "CNY", "payer_refund": fen, "payer_currency": "CNY" }
            })
        } else {
            json!({
                "out_trade_no": trade, "transaction_id": format!("42000000002026{trade}"),
                "out_refund_no": out_refund_no, "refund_id": refund_id,
                "status": status, "refund_status": status, "channel": "ORIGINAL",
                "user_received_account": "招商银行信用卡0403", "success_time": "2026-12-03T18:10:00+08:00",
                "amount": { "refund": fen, "total": total, "payer_total": total, "payer_refund": fen, "currency": "CNY" }
            })
        };
        if let Some(o) = r.as_object_mut() {
            o.remove("appid");
            o.remove("sp_appid");
            // wechatpay-go's Refund and wechatpay-java's RefundNotification
            // carry no mchid (the global ones name sp_mchid and sub_mchid).
            o.remove("mchid");
            if let Some(f) = fields.as_object() {
                o.extend(f.clone());
            }
        }
        Some(r)
    }

    /// WeChat Pay's notification of how refund `out_refund_no` ended, sent at
    /// `at`: its headers and body (the resource carries `refund_status`).
    pub fn refund_notification(
        &self,
        out_refund_no: &str,
        at: i64,
    ) -> (Vec<(String, String)>, String) {
        let mut refund = self
            .refund_of(out_refund_no)
            .expect("a refund the shop asked for");
        let status = refund["status"].as_str().unwrap_or_default().to_owned();
        if let Some(r) = refund.as_object_mut() {
            // The notification's resource names it refund_status only.
            r.remove("status");
        }
        self.sealed_event(&format!("REFUND.{status}"), "refund", &refund, at)
    }

    /// A notification's envelope: `resource` sealed with the APIv3 key under
    /// `kind` (its associated data), the whole signed as WeChat Pay signs.
    fn sealed_event(
        &self,
        event_type: &str,
        kind: &str,
        resource: &Value,
        at: i64,
    ) -> (Vec<(String, String)>, String) {
        let nonce = "fdasflkja484";
        let sealed = Aes256Gcm::new(APIV3_KEY.into())
            .encrypt(
                Nonce::from_slice(nonce.as_bytes()),
                Payload {
                    msg: resource.to_string().as_bytes(),
                    aad: kind.as_bytes(),
                },
            )
            .expect("sealed");
        let body = json!({
            "id": format!("EV-{}-{event_type}", at), "create_time": "2026-12-03T18:00:01+08:00",
            "resource_type": "encrypt-resource", "event_type": event_type, "summary": "通知",
            "resource": { "original_type": kind, "algorithm": "AEAD_AES_256_GCM",
                "ciphertext": STANDARD.encode(sealed), "associated_data": kind, "nonce": nonce }
        })
        .to_string();
        let ts = at.to_string();
        let sig_nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS";
        let (key, serial) = if self.book.lock().is_ok_and(|b| b.notify_by_certificate) {
            (&self.certificate_key, CERTIFICATE_SERIAL)
        } else {
            (&self.platform_key, PLATFORM_KEY_ID)
        };
        let signature = key.sign(format!("{ts}\n{sig_nonce}\n{body}\n").as_bytes());
        let headers = vec![
            ("Wechatpay-Timestamp".to_owned(), ts),
            ("Wechatpay-Nonce".to_owned(), sig_nonce.to_owned()),
            ("Wechatpay-Signature".to_owned(), signature),
            ("Wechatpay-Serial".to_owned(), serial.to_owned()),
        ];
        (headers, body)
    }

    /// The transaction of order `out_trade_no` as WeChat Pay describes it.
    fn transaction(&self, out_trade_no: &str, trade_state: &str, total: i64) -> Value {
        let kind = self.order_of(out_trade_no).kind;
        let mut t = self.merchant_fields();
        let number = format!("42000000002026{out_trade_no}");
        let fields = if self.global {
            // The global API's files name WeChat Pay's number `id`, and the
            // payer's currency and rate beside the order's.
            json!({
                "out_trade_no": out_trade_no, "id": number, "trade_type": kind.to_uppercase(),
                "trade_state": trade_state, "success_time": "2026-12-03T18:00:00+08:00",
                "payer": { "sp_openid": OPENID },
                "amount": { "total": total, "currency": "CNY", "payer_total": total, "payer_currency": "CNY",
                            "exchange_rate": { "type": "SETTLEMENT_RATE", "rate": 100000000 } }
            })
        } else {
            json!({
                "out_trade_no": out_trade_no,
                "transaction_id": number, "trade_type": kind.to_uppercase(),
                "trade_state": trade_state, "success_time": "2026-12-03T18:00:00+08:00",
                "payer": { "openid": OPENID },
                "amount": { "total": total, "payer_total": total, "currency": "CNY", "payer_currency": "CNY" }
            })
        };
        if let (Some(t), Some(f)) = (t.as_object_mut(), fields.as_object()) {
            t.extend(f.clone());
        }
        t
    }

    /// A notification of `trade_state` for order `out_trade_no`, sent at `at`
    /// (seconds), for `total` fen (the order's own when `None`): its headers and body.
    pub fn notification(
        &self,
        out_trade_no: &str,
        trade_state: &str,
        total: Option<i64>,
        at: i64,
    ) -> (Vec<(String, String)>, String) {
        let order = self.order_of(out_trade_no);
        let total = total.unwrap_or(order.total);
        // WeChat Pay tells of a trade once it stands so: the book follows.
        if let Ok(mut b) = self.book.lock() {
            if let Some(o) = b.orders.get_mut(out_trade_no) {
                o.state = trade_state.to_owned();
            }
        }
        let transaction = self.transaction(out_trade_no, trade_state, total);
        self.sealed_event("TRANSACTION.SUCCESS", "transaction", &transaction, at)
    }
}

async fn order(
    State(fake): State<Arc<FakeWechat>>,
    Path(kind): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // WeChat's H5 cashier, played by this fake at its own address.
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_owned();
    let body = String::from_utf8_lossy(&body).into_owned();
    if let Some(refused) = fake.admit("POST", &uri, &headers, &body) {
        return refused;
    }
    let Ok(v) = serde_json::from_str::<Value>(&body) else {
        return fake.refuse(StatusCode::BAD_REQUEST, "not JSON");
    };
    if !fake.names_merchant(&v, true) {
        return fake.refuse(StatusCode::BAD_REQUEST, "appid or mchid");
    }
    // The global form: trade_type and merchant_category_code on every order
    // (the global API's OpenAPI files mark both required).
    let trade_type = kind.to_uppercase();
    if fake.global && (v["trade_type"] != trade_type.as_str() || v["merchant_category_code"] != MCC)
    {
        return fake.refuse(
            StatusCode::BAD_REQUEST,
            "trade_type or merchant_category_code",
        );
    }
    let (Some(no), Some(total), Some(notify_url)) = (
        v["out_trade_no"].as_str(),
        v["amount"]["total"].as_i64(),
        v["notify_url"].as_str(),
    ) else {
        return fake.refuse(
            StatusCode::BAD_REQUEST,
            "out_trade_no, amount.total, notify_url",
        );
    };
    if v["amount"]["currency"] != "CNY" || v["description"].as_str().is_none_or(str::is_empty) {
        return fake.refuse(StatusCode::BAD_REQUEST, "currency or description");
    }
    let cashier = format!("http://{host}/fake/wechat/h5?prepay_id=wx{no}&package=1037687096");
    let answer = match (kind.as_str(), fake.global) {
        ("h5", false)
            if v["scene_info"]["payer_client_ip"].is_string()
                && v["scene_info"]["h5_info"]["type"].is_string() =>
        {
            json!({ "h5_url": cashier })
        }
        // Global H5 is "mweb" (pay.weixin.qq.com/doc/global/v3/en/4012356554),
        // answered `mweb_url` in the OpenAPI file.
        ("mweb", true) if v["scene_info"]["payer_client_ip"].is_string() => {
            json!({ "mweb_url": cashier })
        }
        ("jsapi", false) if v["payer"]["openid"] == OPENID => {
            json!({ "prepay_id": format!("wx{no}") })
        }
        ("jsapi", true) if v["payer"]["sp_openid"] == OPENID => {
            json!({ "prepay_id": format!("wx{no}") })
        }
        ("native", _) => json!({ "code_url": format!("weixin://wxpay/bizpayurl?pr={no}") }),
        _ => return fake.refuse(StatusCode::BAD_REQUEST, &format!("{kind}: its own fields")),
    };
    if let Ok(mut b) = fake.book.lock() {
        b.order_requests += 1;
    }
    let order = Order {
        state: "NOTPAY".into(),
        kind: kind.clone(),
        total,
        notify_url: notify_url.to_owned(),
        body: v.clone(),
    };
    if let Ok(mut b) = fake.book.lock() {
        // The same out_trade_no with other terms is a different order: refused.
        if b.orders.get(no).is_some_and(|o| o.total != total) {
            drop(b);
            return fake.refuse(StatusCode::BAD_REQUEST, "OUT_TRADE_NO_USED");
        }
        b.orders.insert(no.to_owned(), order);
    }
    fake.answer_to(&headers, StatusCode::OK, answer)
}

async fn refund(
    State(fake): State<Arc<FakeWechat>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = String::from_utf8_lossy(&body).into_owned();
    if let Some(refused) = fake.admit("POST", &uri, &headers, &body) {
        return refused;
    }
    let Ok(v) = serde_json::from_str::<Value>(&body) else {
        return fake.refuse(StatusCode::BAD_REQUEST, "not JSON");
    };
    // The global refund names the merchant; the domestic one does not.
    if fake.global && !fake.names_merchant(&v, true) {
        return fake.refuse(StatusCode::BAD_REQUEST, "sp_mchid, sub_mchid, sp_appid");
    }
    let (Some(trade), Some(refund_no), Some(fen), Some(total)) = (
        v["out_trade_no"].as_str(),
        v["out_refund_no"].as_str(),
        v["amount"]["refund"].as_i64(),
        v["amount"]["total"].as_i64(),
    ) else {
        return fake.refuse(
            StatusCode::BAD_REQUEST,
            "out_trade_no, out_refund_no, amount",
        );
    };
    let refusal = fake.book.lock().ok().and_then(|mut b| {
        b.refund_requests.push(refund_no.to_owned());
        b.refund_refusals.pop_front()
    });
    if let Some((status, code)) = refusal {
        return (
            status,
            [("Content-Type", "application/json")],
            json!({ "code": code, "message": "refused as the test asked" }).to_string(),
        )
            .into_response();
    }
    let known = fake
        .book
        .lock()
        .ok()
        .and_then(|b| b.orders.get(trade).map(|o| (o.total, o.state.clone())));
    // "未支付的订单不能发起退款" (wechatpay-go refunddomestic, RESOURCE_NOT_EXISTS).
    if known.as_ref().is_some_and(|(_, state)| state != "SUCCESS") {
        return fake.refuse(StatusCode::NOT_FOUND, "RESOURCE_NOT_EXISTS");
    }
    // amount.total is the original order's amount (AmountReq: "原支付交易的订单总金额").
    if known.map(|(t, _)| t) != Some(total) || fen > total || v["amount"]["currency"] != "CNY" {
        return fake.refuse(StatusCode::BAD_REQUEST, "amount or order");
    }
    if let Ok(mut b) = fake.book.lock() {
        match b.refunds.get(refund_no) {
            // "同一退款单号多次请求只退一笔": the same refund, as it stands.
            Some((t, f)) if t == trade && *f == fen => {}
            // The same number, other terms: v3's code is not published (v2's
            // was REFUND_FEE_MISMATCH); this is the fake's reading.
            Some(_) => {
                drop(b);
                return fake.refuse(StatusCode::BAD_REQUEST, "INVALID_REQUEST");
            }
            None => {
                let of_trade: Vec<i64> = b
                    .refunds
                    .iter()
                    .filter(|(no, (t, _))| {
                        t == trade && b.refund_states.get(*no).is_none_or(|(s, _)| s != "CLOSED")
                    })
                    .map(|(_, (_, f))| *f)
                    .collect();
                // "每个支付订单的部分退款次数不能超过50次" (refunddomestic, note 4); the
                // code is not published: the fake's own.
                if of_trade.len() >= 50 {
                    drop(b);
                    return fake.refuse(StatusCode::BAD_REQUEST, "FAKE_MORE_THAN_50_REFUNDS");
                }
                // "申请退款总金额不能超过订单金额" (note 2); the answer an integrator
                // reports (INVALID_REQUEST, 申请退款金额超过订单可退金额).
                if of_trade.iter().sum::<i64>() + fen > total {
                    drop(b);
                    return fake.refuse(StatusCode::BAD_REQUEST, "INVALID_REQUEST");
                }
                // "请更换商户退款单号并间隔1分钟后再次调用"; the code is not published:
                // FREQUENCY_LIMITED is the nearest of the table.
                let gap = b.refund_gap.unwrap_or(std::time::Duration::from_secs(60));
                let now = std::time::Instant::now();
                if b.last_refund_at.get(trade).is_some_and(|t| now - *t < gap) {
                    drop(b);
                    return fake.refuse(StatusCode::TOO_MANY_REQUESTS, "FREQUENCY_LIMITED");
                }
                b.last_refund_at.insert(trade.to_owned(), now);
            }
        }
        b.refunds
            .insert(refund_no.to_owned(), (trade.to_owned(), fen));
        // The same out_refund_no again is the same refund, as it stands.
        let notify = v["notify_url"].as_str().unwrap_or_default().to_owned();
        b.refund_states
            .entry(refund_no.to_owned())
            .or_insert(("PROCESSING".to_owned(), notify));
    }
    match fake.refund_of(refund_no) {
        // The global answer has no status (OpenAPI refunds.yaml): the refund
        // is only taken; how it ends comes by query or notification.
        Some(mut answer) if fake.global => {
            if let Some(a) = answer.as_object_mut() {
                a.retain(|k, _| ["id", "out_refund_no", "amount"].contains(&k.as_str()));
                a.insert("create_time".into(), json!("2026-12-03T18:05:00+08:00"));
            }
            fake.answer_to(&headers, StatusCode::OK, answer)
        }
        Some(answer) => fake.answer_to(&headers, StatusCode::OK, answer),
        None => fake.refuse(StatusCode::NOT_FOUND, "RESOURCE_NOT_EXISTS"),
    }
}

/// The shop asks how a refund stands (`GET /v3/refund/domestic/refunds/{no}`).
async fn refund_query(
    State(fake): State<Arc<FakeWechat>>,
    Path(no): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = fake.admit("GET", &uri, &headers, "") {
        return refused;
    }
    if fake.global && !fake.names_merchant(&query_value(&uri), false) {
        return fake.refuse(StatusCode::BAD_REQUEST, "sp_mchid, sub_mchid");
    }
    match fake.refund_of(&no) {
        Some(answer) => fake.answer_to(&headers, StatusCode::OK, answer),
        None => fake.refuse(StatusCode::NOT_FOUND, "RESOURCE_NOT_EXISTS"),
    }
}

/// The shop closes an order (`POST .../out-trade-no/{no}/close`, body
/// `{"mchid"}`): 204, signed with an empty body. A paid order cannot be closed.
async fn close(
    State(fake): State<Arc<FakeWechat>>,
    Path(no): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = String::from_utf8_lossy(&body).into_owned();
    if let Some(refused) = fake.admit("POST", &uri, &headers, &body) {
        return refused;
    }
    let v: Value = serde_json::from_str(&body).unwrap_or_default();
    if !fake.names_merchant(&v, false) {
        return fake.refuse(StatusCode::BAD_REQUEST, "mchid");
    }
    let Ok(mut b) = fake.book.lock() else {
        return fake.refuse(StatusCode::INTERNAL_SERVER_ERROR, "SYSTEM_ERROR");
    };
    b.closes += 1;
    match b.orders.get_mut(&no) {
        None => {
            drop(b);
            fake.refuse(StatusCode::NOT_FOUND, "ORDER_NOT_EXIST")
        }
        Some(o) if o.state == "SUCCESS" => {
            drop(b);
            fake.refuse(StatusCode::BAD_REQUEST, "ORDERPAID")
        }
        Some(o) => {
            o.state = "CLOSED".into();
            drop(b);
            fake.answer_empty(&headers)
        }
    }
}

/// WeChat's OAuth page: inside WeChat, silently back to the shop with a code.
async fn authorize(State(fake): State<Arc<FakeWechat>>, RawQuery(q): RawQuery) -> Response {
    let params = super::pairs(q.as_deref().unwrap_or_default());
    let get = |k: &str| super::value(&params, k);
    if get("appid") != APPID || get("response_type") != "code" || get("scope") != "snsapi_base" {
        return fake.refuse(StatusCode::BAD_REQUEST, "oauth parameters");
    }
    let code = format!("CODE{}", get("state"));
    if let Ok(mut b) = fake.book.lock() {
        b.codes.insert(code.clone(), OPENID.to_owned());
    }
    let back = get("redirect_uri");
    let sep = if back.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{back}{sep}code={code}&state={}", get("state"))).into_response()
}

async fn access_token(State(fake): State<Arc<FakeWechat>>, RawQuery(q): RawQuery) -> Response {
    let params = super::pairs(q.as_deref().unwrap_or_default());
    let get = |k: &str| super::value(&params, k);
    let openid = fake
        .book
        .lock()
        .ok()
        .and_then(|mut b| b.codes.remove(&get("code")));
    match openid {
        Some(openid) if get("appid") == APPID && get("secret") == APP_SECRET && get("grant_type") == "authorization_code" => {
            axum::Json(json!({ "access_token": "ACCESS", "expires_in": 7200, "openid": openid, "scope": "snsapi_base" })).into_response()
        }
        _ => axum::Json(json!({ "errcode": 40029, "errmsg": "invalid code" })).into_response(),
    }
}

/// The H5 cashier a phone's browser is sent to.
async fn cashier(RawQuery(q): RawQuery) -> Response {
    let params = super::pairs(q.as_deref().unwrap_or_default());
    let get = |k: &str| super::value(&params, k);
    let no = get("prepay_id").trim_start_matches("wx").to_owned();
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    axum::response::Html(format!(
        "<!doctype html><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\">\
         <title>WeChat Pay (fake)</title><h1>微信支付 (fake)</h1><p id=trade>{no}</p>\
         <form method=post action=\"/fake/wechat/pay\"><input type=hidden name=out_trade_no value=\"{no}\">\
         <input type=hidden name=back value=\"{back}\"><button name=trade_state value=SUCCESS>Pay</button>\
         <button name=trade_state value=PAYERROR>Fail</button></form>",
        no = esc(&no),
        back = esc(&get("redirect_url"))
    ))
    .into_response()
}

/// The shopper pays (or fails): WeChat Pay notifies the shop (unless
/// `notify=later`: the test sends it with `/fake/wechat/notify`), then sends
/// the shopper on to `back` if the cashier was given one.
async fn pay(State(fake): State<Arc<FakeWechat>>, body: String) -> Response {
    let form = super::pairs(&body);
    let get = |k: &str| super::value(&form, k);
    let no = get("out_trade_no");
    let state = match get("trade_state") {
        s if s.is_empty() => "SUCCESS".to_owned(),
        s => s,
    };
    if !fake.settle(&no, &state) {
        return fake.refuse(StatusCode::BAD_REQUEST, "ORDER_CLOSED");
    }
    if get("notify") != "later" {
        if let Err(why) = fake.notify(&no).await {
            return fake.refuse(StatusCode::BAD_GATEWAY, &why);
        }
    }
    match get("back").as_str() {
        "" => StatusCode::NO_CONTENT.into_response(),
        back => Redirect::to(back).into_response(),
    }
}

/// Sends the shop the notification of an order's present state.
async fn notify_now(State(fake): State<Arc<FakeWechat>>, body: String) -> Response {
    let no = super::value(&super::pairs(&body), "out_trade_no");
    match fake.notify(&no).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(why) => fake.refuse(StatusCode::BAD_GATEWAY, &why),
    }
}

impl FakeWechat {
    /// Posts the notification of order `no`'s state to the shop, as WeChat Pay does.
    async fn notify(&self, no: &str) -> Result<(), String> {
        let order = self.order_of(no);
        let (headers, body) = self.notification(no, &order.state, None, now());
        let mut req = reqwest::Client::new()
            .post(&order.notify_url)
            .header("content-type", "application/json")
            .body(body);
        for (k, v) in headers {
            req = req.header(k, v);
        }
        match req.send().await {
            Ok(a) if a.status().is_success() => Ok(()),
            Ok(a) => Err(format!("notification not taken: {}", a.status())),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// The shop asks how an order went (`GET .../out-trade-no/{no}?mchid=`).
async fn query(
    State(fake): State<Arc<FakeWechat>>,
    Path(no): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = fake.admit("GET", &uri, &headers, "") {
        return refused;
    }
    if !fake.names_merchant(&query_value(&uri), false) {
        return fake.refuse(StatusCode::BAD_REQUEST, "mchid");
    }
    let Some(order) = fake
        .book
        .lock()
        .ok()
        .and_then(|b| b.orders.get(&no).cloned())
    else {
        return fake.refuse(StatusCode::NOT_FOUND, "ORDER_NOT_EXIST");
    };
    fake.answer_to(
        &headers,
        StatusCode::OK,
        fake.transaction(&no, &order.state, order.total),
    )
}

/// A request's query as a JSON object of its parameters.
fn query_value(uri: &Uri) -> Value {
    let pairs = super::pairs(uri.query().unwrap_or_default());
    Value::Object(
        pairs
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect(),
    )
}
