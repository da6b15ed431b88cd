//! The Aliyun SMS sender against a local fake of its endpoint that checks
//! every request's signature as Aliyun documents it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use haitao_server::sms::aliyun::{signature, AliyunSms, Templates};
use haitao_server::sms::{Notice, SmsSender};
use serde_json::{json, Value};

const SECRET: &str = "fake-access-key-secret";
/// The fake's approved templates: the code template has a `${code}`
/// variable, the notices none.
const CODE_TEMPLATE: &str = "SMS_123";
const NOTICE_TEMPLATES: [&str; 8] = [
    "SMS_124", "SMS_125", "SMS_126", "SMS_127", "SMS_128", "SMS_129", "SMS_130", "SMS_131",
];

fn templates() -> Templates {
    Templates {
        code: CODE_TEMPLATE.into(),
        answer: NOTICE_TEMPLATES[0].into(),
        harvest: NOTICE_TEMPLATES[1].into(),
        shipped: NOTICE_TEMPLATES[2].into(),
        delivered: NOTICE_TEMPLATES[3].into(),
        customs_refused: NOTICE_TEMPLATES[4].into(),
        aftersales: NOTICE_TEMPLATES[5].into(),
        back_in_stock: NOTICE_TEMPLATES[6].into(),
        presale_unfilled: NOTICE_TEMPLATES[7].into(),
    }
}

/// What Aliyun refuses about the template: a template it does not know, and
/// TemplateParam missing for one with variables ("required if the template
/// contains variables": aliyun/alibabacloud-go-sdk,
/// dysmsapi-20170525/client/send_sms_request_model.go).
fn template_refusal(q: &BTreeMap<String, String>) -> Option<&'static str> {
    let code = q
        .get("TemplateCode")
        .map(String::as_str)
        .unwrap_or_default();
    if code == CODE_TEMPLATE {
        let param = q
            .get("TemplateParam")
            .and_then(|p| serde_json::from_str::<Value>(p).ok());
        return match param {
            Some(p) if p.get("code").is_some() => None,
            _ => Some("isv.TEMPLATE_MISSING_PARAMETERS"),
        };
    }
    if NOTICE_TEMPLATES.contains(&code) {
        return None;
    }
    Some("isv.SMS_TEMPLATE_ILLEGAL")
}

#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<BTreeMap<String, String>>>>);

async fn fake(
    State(seen): State<Seen>,
    Query(mut q): Query<BTreeMap<String, String>>,
) -> (StatusCode, Json<Value>) {
    let sig = q.remove("Signature").unwrap_or_default();
    let ok = sig == signature("GET", &q, SECRET)
        && q.get("Action").map(String::as_str) == Some("SendSms")
        && q.get("SignatureMethod").map(String::as_str) == Some("HMAC-SHA1")
        && q.get("Version").map(String::as_str) == Some("2017-05-25");
    if let Ok(mut s) = seen.0.lock() {
        s.push(q.clone());
    }
    if ok {
        if let Some(code) = template_refusal(&q) {
            let refused = json!({"Code": code, "Message": "template", "RequestId": "r"});
            return (StatusCode::OK, Json(refused));
        }
        let sent = json!({"Code": "OK", "Message": "OK", "BizId": "1", "RequestId": "r"});
        return (StatusCode::OK, Json(sent));
    }
    // Aliyun's refusal is a 400 whose message quotes the string it signed (the
    // phone, the code, the AccessKeyId in it), as Aliyun's own SDK expects it:
    // aliyun/alibaba-cloud-sdk-go, sdk/errors/signature_does_not_match_wrapper_test.go.
    let quoted = haitao_server::sms::aliyun::canonical_query(&q);
    let refused = json!({
        "Code": "SignatureDoesNotMatch",
        "Message": format!("Specified signature is not matched with our calculation. server string to sign is:GET&%2F&{quoted}"),
        "RequestId": "B3B7A1A6-0E49-4C6F-9D0C-2D8F1F2B0E11"
    });
    (StatusCode::BAD_REQUEST, Json(refused))
}

/// The fake endpoint, served on a free port: what it saw, and its address.
async fn started() -> (Seen, String) {
    let seen = Seen::default();
    let app = Router::new().route("/", get(fake)).with_state(seen.clone());
    (seen, format!("{}/", crate::fakes::serve(app).await))
}

#[tokio::test]
async fn sends_a_signed_request_and_reports_refusals() {
    let (seen, endpoint) = started().await;

    let sms =
        AliyunSms::new("fake-id", SECRET, "海淘美国", templates(), &endpoint).expect("client");
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
        templates(),
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
    // Each notice goes in its own template, without variables.
    for (kind, template) in [
        (Notice::Answer, NOTICE_TEMPLATES[0]),
        (Notice::Harvest, NOTICE_TEMPLATES[1]),
        (Notice::Shipped, NOTICE_TEMPLATES[2]),
        (Notice::PresaleUnfilled, NOTICE_TEMPLATES[7]),
    ] {
        sms.send_notice("13800138000", kind)
            .await
            .expect("accepted");
        let q = seen
            .0
            .lock()
            .ok()
            .and_then(|s| s.last().cloned())
            .unwrap_or_default();
        assert_eq!(q["TemplateCode"], template, "{kind:?}");
        assert!(!q.contains_key("TemplateParam"), "{q:?}");
    }
    // A template the account does not have is refused, and the sender says so.
    let unknown = Templates {
        harvest: "SMS_999".into(),
        ..templates()
    };
    let wrong = AliyunSms::new("fake-id", SECRET, "海淘美国", unknown, &endpoint).expect("client");
    let err = wrong
        .send_notice("13800138000", Notice::Harvest)
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("isv.SMS_TEMPLATE_ILLEGAL"), "{err}");
    // Nobody listening: an error, not a hang.
    let gone =
        AliyunSms::new("fake-id", SECRET, "s", templates(), "http://127.0.0.1:9/").expect("client");
    assert!(gone.send_code("13800138000", "1").await.is_err());
}

/// A failed SMS (refused, or nobody answering) is logged without the phone,
/// the code, the AccessKeyId or its secret: the log of a failing sign-in is
/// read here line by line.
#[tokio::test]
async fn a_failed_code_leaves_no_secret_in_the_log() {
    let (seen, fake_endpoint) = started().await;
    const KEY_ID: &str = "LTAI5tKeyIdOfTheShop";
    const WRONG_SECRET: &str = "the-wrong-secret-kept-out-of-logs";
    const PHONE: &str = "13912345678";
    for endpoint in [fake_endpoint, "http://127.0.0.1:9/".to_owned()] {
        let shop = crate::common::Shop::changed(Default::default(), None, |st| {
            let sms = AliyunSms::new(KEY_ID, WRONG_SECRET, "海淘美国", templates(), &endpoint)
                .expect("client");
            st.sms = Arc::new(sms);
            st.dev_sms = None;
        })
        .await;
        let (logs, _guard) = crate::common::logs::Logs::capture();
        let (status, body) = shop
            .post("/api/auth/code", &json!({ "phone": PHONE }), None)
            .await;
        assert!(!status.is_success(), "{body}");
        let log = logs.text();
        assert!(log.contains("sign-in code not sent"), "{log}");
        let code = seen
            .0
            .lock()
            .ok()
            .and_then(|s| s.last().and_then(|q| q.get("TemplateParam").cloned()))
            .unwrap_or_default();
        for secret in [KEY_ID, WRONG_SECRET, PHONE, "TemplateParam", "PhoneNumbers"] {
            assert!(!log.contains(secret), "{secret} in the log: {log}");
        }
        if let Some(digits) = code.split('"').nth(3) {
            assert!(!log.contains(digits), "the code {digits} in the log: {log}");
        }
    }
    assert!(
        !seen.0.lock().map(|s| s.is_empty()).unwrap_or(true),
        "the fake was reached"
    );
}
