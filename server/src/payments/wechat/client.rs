//! The shop's calls to WeChat Pay (an order in the form the shopper's screen
//! can pay, a refund) and to WeChat's OAuth (the shopper's openid, which the
//! in-app payment needs). Each request is signed with the merchant key; each
//! answer's signature is checked before it is believed.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Method;
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{sign, Api, Signed, WechatPay, NOTIFY_PATH, REFUND_NOTIFY_PATH};
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

/// Why a call brought nothing to believe.
enum Failure {
    /// WeChat Pay answered with a refusal: its HTTP status and the body's
    /// `code` and `message` (unsigned, so only reported and classified).
    Refused {
        status: u16,
        code: String,
        message: String,
        error: ProviderError,
    },
    /// No answer, or one that cannot be believed.
    Other(ProviderError),
}

impl From<Failure> for ProviderError {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Refused { error, .. } | Failure::Other(error) => error,
        }
    }
}

/// Whether a refusal of a refund request is for a while: sent again later
/// with the same number, it may be taken. The error table of WeChat Pay's
/// 申请退款 page: 500 SYSTEM_ERROR ("请不要更换商户退款单号，请使用相同参数再次
/// 调用API"), 429 FREQUENCY_LIMITED ("该笔退款未受理，请降低频率后重试"); and
/// NOT_ENOUGH, the merchant's balance (global-skills 跨境支付通用知识.md §5.6.2:
/// retried under the original out_refund_no once new money has come in).
/// Every other refusal (PARAM_ERROR, INVALID_REQUEST, NO_AUTH,
/// USER_ACCOUNT_ABNORMAL, RESOURCE_NOT_EXISTS, SIGN_ERROR, ...) needs the operator.
fn refusal_passes(status: u16, code: &str) -> bool {
    status >= 500 || status == 429 || code == "NOT_ENOUGH"
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
        Ok(self.answer(client, method, path, body, now).await?)
    }

    /// `call`, telling a refusal apart from no answer.
    async fn answer(
        &self,
        client: &reqwest::Client,
        method: Method,
        path: &str,
        body: Option<&Value>,
        now: i64,
    ) -> Result<Value, Failure> {
        let other = |e: ProviderError| Failure::Other(e);
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
            .map_err(|e| other(fail(path, crate::infra::outbound::error(e))))?;
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
            .map_err(|e| other(fail(path, crate::infra::outbound::error(e))))?;
        let signed = Signed {
            timestamp: &timestamp,
            nonce: &nonce,
            signature: &signature,
            serial: &serial,
        };
        // A refusal comes unsigned (the SDKs read the status first): its
        // code and message are reported, and nothing in it is believed.
        if !status.is_success() {
            let refusal: Value = serde_json::from_str(&text).unwrap_or_default();
            let read = |k: &str| refusal[k].as_str().unwrap_or_default().to_owned();
            return Err(Failure::Refused {
                status: status.as_u16(),
                code: read("code"),
                message: read("message"),
                error: fail(path, format!("{status}: {text}")),
            });
        }
        if !self.signed_by_wechat(&signed, &text) {
            return Err(other(fail(
                path,
                format!("{status}: the answer is not signed by WeChat Pay"),
            )));
        }
        // 204 (a closed order): signed, nothing to read.
        if text.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).map_err(|e| other(fail(path, e)))
    }

    /// The merchant as a body names it: `mchid` (with `appid` where an
    /// account is meant), or the global form's `sp_mchid` and `sub_mchid`
    /// (with `sp_appid`, and `sub_appid` when the shop has its own).
    fn merchant(&self, with_app: bool) -> Map<String, Value> {
        let mut m = Map::new();
        match &self.api_form {
            Api::Domestic => {
                m.insert("mchid".into(), json!(self.mchid));
                if with_app {
                    m.insert("appid".into(), json!(self.appid));
                }
            }
            Api::Global {
                sub_mchid,
                sub_appid,
                ..
            } => {
                m.insert("sp_mchid".into(), json!(self.mchid));
                m.insert("sub_mchid".into(), json!(sub_mchid));
                if with_app {
                    m.insert("sp_appid".into(), json!(self.appid));
                    if let Some(sub) = sub_appid {
                        m.insert("sub_appid".into(), json!(sub));
                    }
                }
            }
        }
        m
    }

    /// The merchant as a query names it.
    fn merchant_query(&self) -> String {
        match &self.api_form {
            Api::Domestic => format!("mchid={}", self.mchid),
            Api::Global { sub_mchid, .. } => {
                format!("sp_mchid={}&sub_mchid={sub_mchid}", self.mchid)
            }
        }
    }

    /// Where orders are made, asked after and closed.
    fn transactions(&self) -> &'static str {
        match self.api_form {
            Api::Domestic => "/v3/pay/transactions",
            Api::Global { .. } => "/v3/global/transactions",
        }
    }

    /// What every form of order sends, and the form's own part; `trade_type`
    /// (JSAPI, NATIVE, MWEB) goes only into the global form, which also
    /// names the merchant's category.
    fn order(&self, req: &PaymentRequest<'_>, trade_type: &str, form: Value) -> Value {
        let mut body = Value::Object(self.merchant(true));
        body["description"] = json!(format!("haitao {}", req.order_id));
        body["out_trade_no"] = json!(req.payment_id);
        body["notify_url"] = json!(format!("{}{NOTIFY_PATH}", self.base_url));
        body["amount"] = json!({ "total": req.amount.amount, "currency": CURRENCY });
        if let Api::Global { mcc, .. } = &self.api_form {
            body["trade_type"] = json!(trade_type);
            body["merchant_category_code"] = json!(mcc);
        }
        if let Some(expire) = req.pay_by.and_then(crate::infra::clock::china_rfc3339) {
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
        // The global API's H5 is "mweb", without h5_info, and names a store
        // (its OpenAPI file marks store_info required; unverified, PAYMENTS.md).
        let (path, scene) = match &self.api_form {
            Api::Domestic => (
                "/v3/pay/transactions/h5".to_owned(),
                json!({ "payer_client_ip": req.client_ip.to_string(), "h5_info": { "type": "Wap" } }),
            ),
            Api::Global { sub_mchid, .. } => (
                format!("{}/mweb", self.transactions()),
                json!({ "payer_client_ip": req.client_ip.to_string(),
                        "store_info": { "id": sub_mchid, "name": "haitao", "address": self.base_url } }),
            ),
        };
        let form = json!({ "scene_info": scene });
        let answer = self
            .call(
                client,
                Method::POST,
                &path,
                Some(&self.order(req, "MWEB", form)),
                now,
            )
            .await?;
        // `mweb_url` in the global API's OpenAPI file, `h5_url` elsewhere.
        let url = answer["h5_url"]
            .as_str()
            .or_else(|| answer["mweb_url"].as_str())
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
                &format!("{}/native", self.transactions()),
                Some(&self.order(req, "NATIVE", json!({}))),
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
        // The openid is of the account the OAuth ran under (`appid`: the
        // institution's sp_appid in the global form).
        let form = match self.api_form {
            Api::Domestic => json!({ "payer": { "openid": openid } }),
            Api::Global { .. } => json!({ "payer": { "sp_openid": openid } }),
        };
        let answer = self
            .call(
                client,
                Method::POST,
                &format!("{}/jsapi", self.transactions()),
                Some(&self.order(req, "JSAPI", form)),
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
            .map_err(|e| fail("oauth", crate::infra::outbound::error(e)))?
            .json()
            .await
            .map_err(|e| fail("oauth", crate::infra::outbound::error(e)))?;
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
            "{}/out-trade-no/{}?{}",
            self.transactions(),
            utf8_percent_encode(payment_id, SEGMENT),
            self.merchant_query()
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
        let (path, mut body) = match self.api_form {
            Api::Domestic => ("/v3/refund/domestic/refunds", Map::new()),
            Api::Global { .. } => ("/v3/global/refunds", self.merchant(true)),
        };
        body.extend([
            ("out_trade_no".to_owned(), json!(req.payment_id)),
            ("out_refund_no".to_owned(), json!(req.refund_id)),
            ("reason".to_owned(), json!("haitao refund")),
            (
                "notify_url".to_owned(),
                json!(format!("{}{REFUND_NOTIFY_PATH}", self.base_url)),
            ),
            (
                "amount".to_owned(),
                json!({ "refund": req.amount.amount, "total": req.total.amount, "currency": CURRENCY }),
            ),
        ]);
        let answer = match self
            .answer(client, Method::POST, path, Some(&Value::Object(body)), now)
            .await
        {
            Ok(answer) => answer,
            Err(Failure::Refused {
                status,
                code,
                message,
                ..
            }) if !refusal_passes(status, &code) => {
                return Ok(RefundSent {
                    reference: req.refund_id.to_owned(),
                    state: RefundState::Refused(format!("{code}: {message}")),
                })
            }
            Err(failure) => return Err(failure.into()),
        };
        // The global answer has no status: it only says the refund was taken.
        let state = match (&self.api_form, answer.get("status")) {
            (Api::Global { .. }, None) => RefundState::Processing,
            _ => refund_state_of(&answer)
                .ok_or_else(|| fail("refund", format!("status {:?}", answer["status"].as_str())))?,
        };
        Ok(RefundSent {
            reference: answer["refund_id"]
                .as_str()
                .or_else(|| answer["id"].as_str())
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
        let no = utf8_percent_encode(out_refund_no, SEGMENT);
        let path = match self.api_form {
            Api::Domestic => format!("/v3/refund/domestic/refunds/{no}"),
            Api::Global { .. } => format!(
                "/v3/global/refunds/out-refund-no/{no}?{}",
                self.merchant_query()
            ),
        };
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
            "{}/out-trade-no/{}/close",
            self.transactions(),
            utf8_percent_encode(payment_id, SEGMENT)
        );
        let body = Value::Object(self.merchant(false));
        self.call(client, Method::POST, &path, Some(&body), now)
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
        // The money did not reach the shopper: refund closed (REFUNDCLOSE in
        // the global API's OpenAPI file), or the card behind the payment
        // refused it (to be handled by the merchant).
        "CLOSED" | "REFUNDCLOSE" | "ABNORMAL" => RefundState::Failed(status.to_owned()),
        _ => return None,
    })
}
