//! The shop's calls to WeChat Pay (an order in the form the shopper's screen
//! can pay, a refund) and to WeChat's OAuth (the shopper's openid, which the
//! in-app payment needs). Each request is signed with the merchant key; each
//! answer's signature is checked before it is believed.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Method;
use serde::Serialize;
use serde_json::{json, Value};

use super::{sign, Signed, WechatPay, NOTIFY_PATH, REFUND_NOTIFY_PATH};
use crate::payments::{
    PaymentRequest, ProviderError, RefundRequest, RefundSent, RefundState, CURRENCY,
};

/// The in-app payment sheet WeChat's browser is given (`getBrandWCPayRequest`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sheet {
    pub app_id: String,
    pub time_stamp: String,
    pub nonce_str: String,
    pub package: String,
    pub sign_type: String,
    pub pay_sign: String,
}

/// A path segment: RFC 3986's unreserved characters stay as they are (the
/// path is signed as sent, and WeChat Pay reads `-` and `_` in its numbers).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn nonce() -> String {
    uuid::Uuid::new_v4().simple().to_string().to_uppercase()
}

fn fail(what: &str, detail: impl std::fmt::Display) -> ProviderError {
    ProviderError(format!("WeChat Pay {what}: {detail}"))
}

impl WechatPay {
    /// The Authorization header of a request, signed at `now`.
    pub fn authorize(&self, method: &str, path: &str, body: &str, now: i64, nonce: &str) -> String {
        let message = sign::request_message(method, path, now, nonce, body);
        let signature = self.key.sign(message.as_bytes());
        sign::authorization(&self.mchid, &self.serial, now, nonce, &signature)
    }

    /// A signed call to WeChat Pay's API; its JSON answer, once its signature verifies.
    async fn call(
        &self,
        client: &reqwest::Client,
        method: Method,
        path: &str,
        body: Option<&Value>,
        now: i64,
    ) -> Result<Value, ProviderError> {
        // A GET signs an empty body and sends none.
        let body = body.map(Value::to_string).unwrap_or_default();
        let auth = self.authorize(method.as_str(), path, &body, now, &nonce());
        let mut request = client
            .request(method.clone(), format!("{}{path}", self.api))
            .header("Authorization", auth)
            .header("Accept", "application/json")
            // The key the shop verifies answers with: during a move from platform
            // certificates to WeChat Pay's public key, the answer is signed with
            // the key this names (the SDKs send it on every call).
            .header("Wechatpay-Serial", &self.platform_key_id);
        if method != Method::GET {
            request = request
                .header("Content-Type", "application/json")
                .body(body);
        }
        let answer = request
            .send()
            .await
            .map_err(|e| fail(path, crate::outbound::error(e)))?;
        let status = answer.status();
        let header = |name: &str| {
            answer
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let (timestamp, nonce, signature, serial) = (
            header("Wechatpay-Timestamp"),
            header("Wechatpay-Nonce"),
            header("Wechatpay-Signature"),
            header("Wechatpay-Serial"),
        );
        let text = answer
            .text()
            .await
            .map_err(|e| fail(path, crate::outbound::error(e)))?;
        let signed = Signed {
            timestamp: &timestamp,
            nonce: &nonce,
            signature: &signature,
            serial: &serial,
        };
        // A refusal comes unsigned (the SDKs read the status first): its
        // code and message are reported, and nothing in it is believed.
        if !status.is_success() {
            return Err(fail(path, format!("{status}: {text}")));
        }
        if !self.signed_by_wechat(&signed, &text) {
            return Err(fail(
                path,
                format!("{status}: the answer is not signed by WeChat Pay"),
            ));
        }
        // 204 (a closed order): signed, nothing to read.
        if text.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).map_err(|e| fail(path, e))
    }

    /// What every form of order sends, and the form's own part.
    fn order(&self, req: &PaymentRequest<'_>, form: Value) -> Value {
        let mut body = json!({
            "appid": self.appid,
            "mchid": self.mchid,
            "description": format!("haitao {}", req.order_id),
            "out_trade_no": req.payment_id,
            "notify_url": format!("{}{NOTIFY_PATH}", self.base_url),
            "amount": { "total": req.amount.amount, "currency": CURRENCY },
        });
        if let Some(expire) = req.pay_by.and_then(crate::clock::china_rfc3339) {
            body["time_expire"] = json!(expire);
        }
        if let (Some(b), Some(f)) = (body.as_object_mut(), form.as_object()) {
            b.extend(f.clone());
        }
        body
    }

    /// H5 (a phone's browser): WeChat's cashier, which sends the shopper back to the order.
    pub async fn h5(
        &self,
        client: &reqwest::Client,
        req: &PaymentRequest<'_>,
        now: i64,
    ) -> Result<String, ProviderError> {
        let form = json!({ "scene_info": {
            "payer_client_ip": req.client_ip.to_string(), "h5_info": { "type": "Wap" }
        }});
        let answer = self
            .call(
                client,
                Method::POST,
                "/v3/pay/transactions/h5",
                Some(&self.order(req, form)),
                now,
            )
            .await?;
        let url = answer["h5_url"]
            .as_str()
            .ok_or_else(|| fail("h5", "no h5_url"))?;
        let back = format!("{}/orders/{}?payment=returned", self.base_url, req.order_id);
        Ok(format!(
            "{url}&redirect_url={}",
            utf8_percent_encode(&back, NON_ALPHANUMERIC)
        ))
    }

    /// Native (a desktop): the link a QR code carries, for the shopper's phone to scan.
    pub async fn native(
        &self,
        client: &reqwest::Client,
        req: &PaymentRequest<'_>,
        now: i64,
    ) -> Result<String, ProviderError> {
        let answer = self
            .call(
                client,
                Method::POST,
                "/v3/pay/transactions/native",
                Some(&self.order(req, json!({}))),
                now,
            )
            .await?;
        answer["code_url"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| fail("native", "no code_url"))
    }

    /// JSAPI (inside WeChat): the payment sheet for the shopper `openid`.
    pub async fn jsapi(
        &self,
        client: &reqwest::Client,
        req: &PaymentRequest<'_>,
        openid: &str,
        now: i64,
    ) -> Result<Sheet, ProviderError> {
        let form = json!({ "payer": { "openid": openid } });
        let answer = self
            .call(
                client,
                Method::POST,
                "/v3/pay/transactions/jsapi",
                Some(&self.order(req, form)),
                now,
            )
            .await?;
        let prepay = answer["prepay_id"]
            .as_str()
            .ok_or_else(|| fail("jsapi", "no prepay_id"))?;
        Ok(self.sheet(prepay, now, &nonce()))
    }

    /// The payment sheet for `prepay_id`, signed as the JSAPI guide says.
    pub fn sheet(&self, prepay_id: &str, now: i64, nonce: &str) -> Sheet {
        let time_stamp = now.to_string();
        let package = format!("prepay_id={prepay_id}");
        let pay_sign = self
            .key
            .sign(sign::jsapi_message(&self.appid, &time_stamp, nonce, &package).as_bytes());
        Sheet {
            app_id: self.appid.clone(),
            time_stamp,
            nonce_str: nonce.to_owned(),
            package,
            sign_type: "RSA".into(),
            pay_sign,
        }
    }

    /// WeChat's OAuth page (silent, `snsapi_base`), which comes back to the
    /// shop's JSAPI page for this payment with a code for the shopper's openid.
    pub fn oauth_url(&self, payment_id: &str) -> String {
        let back = format!("{}/pay/wechat/{payment_id}", self.base_url);
        format!(
            "{}/connect/oauth2/authorize?appid={}&redirect_uri={}&response_type=code&scope=snsapi_base&state={payment_id}#wechat_redirect",
            self.open,
            self.appid,
            utf8_percent_encode(&back, NON_ALPHANUMERIC)
        )
    }

    /// The shopper's openid for the code WeChat's OAuth gave.
    pub async fn openid(
        &self,
        client: &reqwest::Client,
        code: &str,
    ) -> Result<String, ProviderError> {
        let answer: Value = client
            .get(format!("{}/sns/oauth2/access_token", self.sns))
            .query(&[
                ("appid", self.appid.as_str()),
                ("secret", self.app_secret.as_str()),
                ("code", code),
                ("grant_type", "authorization_code"),
            ])
            .send()
            .await
            .map_err(|e| fail("oauth", crate::outbound::error(e)))?
            .json()
            .await
            .map_err(|e| fail("oauth", crate::outbound::error(e)))?;
        answer["openid"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| fail("oauth", answer["errmsg"].as_str().unwrap_or("no openid")))
    }

    /// How payment `payment_id` went, by WeChat Pay's own (signed) answer.
    pub async fn query(
        &self,
        client: &reqwest::Client,
        payment_id: &str,
        now: i64,
    ) -> Result<Option<crate::payments::Notification>, ProviderError> {
        let path = format!(
            "/v3/pay/transactions/out-trade-no/{}?mchid={}",
            utf8_percent_encode(payment_id, SEGMENT),
            self.mchid
        );
        let answer = self.call(client, Method::GET, &path, None, now).await?;
        self.word_on_json(answer)
            .map_err(|refusal| fail("query", format!("{refusal:?}")))
    }

    /// Gives a payment back in full: WeChat Pay's refund id, and where it
    /// stands (mostly PROCESSING: the end comes by notification or query).
    pub async fn refund(
        &self,
        client: &reqwest::Client,
        req: &RefundRequest<'_>,
        now: i64,
    ) -> Result<RefundSent, ProviderError> {
        let body = json!({
            "out_trade_no": req.payment_id,
            "out_refund_no": req.refund_id,
            "reason": "haitao refund",
            "notify_url": format!("{}{REFUND_NOTIFY_PATH}", self.base_url),
            "amount": { "refund": req.amount.amount, "total": req.amount.amount, "currency": CURRENCY },
        });
        let answer = self
            .call(
                client,
                Method::POST,
                "/v3/refund/domestic/refunds",
                Some(&body),
                now,
            )
            .await?;
        let state = refund_state_of(&answer)
            .ok_or_else(|| fail("refund", format!("status {:?}", answer["status"].as_str())))?;
        Ok(RefundSent {
            reference: answer["refund_id"]
                .as_str()
                .unwrap_or(req.refund_id)
                .to_owned(),
            state,
        })
    }

    /// Where refund `out_refund_no` stands, by WeChat Pay's own (signed) answer.
    pub async fn refund_state(
        &self,
        client: &reqwest::Client,
        out_refund_no: &str,
        now: i64,
    ) -> Result<RefundState, ProviderError> {
        let path = format!(
            "/v3/refund/domestic/refunds/{}",
            utf8_percent_encode(out_refund_no, SEGMENT)
        );
        let answer = self.call(client, Method::GET, &path, None, now).await?;
        refund_state_of(&answer).ok_or_else(|| {
            fail(
                "refund query",
                format!("status {:?}", answer["status"].as_str()),
            )
        })
    }

    /// Closes payment `payment_id` at WeChat Pay, so that it can no longer be
    /// paid (answered 204). A payment already paid cannot be closed: WeChat
    /// Pay refuses, and the shop's query before it gives the order up reads the success.
    pub async fn close(
        &self,
        client: &reqwest::Client,
        payment_id: &str,
        now: i64,
    ) -> Result<(), ProviderError> {
        let path = format!(
            "/v3/pay/transactions/out-trade-no/{}/close",
            utf8_percent_encode(payment_id, SEGMENT)
        );
        self.call(
            client,
            Method::POST,
            &path,
            Some(&json!({ "mchid": self.mchid })),
            now,
        )
        .await
        .map(|_| ())
    }
}

/// A refund's `status` (an answer) or `refund_status` (a notification), read.
pub fn refund_state_of(refund: &Value) -> Option<RefundState> {
    let status = refund["status"]
        .as_str()
        .or_else(|| refund["refund_status"].as_str())?;
    Some(match status {
        "SUCCESS" => RefundState::Done,
        "PROCESSING" => RefundState::Processing,
        // The money did not reach the shopper: refund closed, or the card
        // behind the payment refused it (to be handled by the merchant).
        "CLOSED" | "ABNORMAL" => RefundState::Failed(status.to_owned()),
        _ => return None,
    })
}
