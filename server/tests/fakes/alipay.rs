//! Alipay's gateway as the shop uses it: `create_forex_trade_wap` (and the
//! desktop `create_forex_trade`), `forex_refund`, and the asynchronous
//! notification and return, signed RSA2 with the test's "Alipay" key.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use haitao_server::payments::rsa2::{test_keys, MerchantKey, ProviderKey};

/// The pre-sign string as Alipay's "Digital signature" guide describes it:
/// every parameter but `sign` and `sign_type`, with a value, sorted by name,
/// `name=value` joined by `&`, values not encoded.
pub fn presign(params: &[(String, String)]) -> String {
    let mut kept: Vec<&(String, String)> = params
        .iter()
        .filter(|(k, v)| k != "sign" && k != "sign_type" && !v.is_empty())
        .collect();
    kept.sort();
    kept.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The partner id the tests configure the shop with.
pub const PARTNER: &str = "2088101568338364";

#[derive(Clone, Debug)]
pub struct Trade {
    pub service: String,
    pub rmb_fee: String,
    pub currency: String,
    pub notify_url: String,
    pub return_url: String,
    /// WAIT_BUYER_PAY until the shopper pays (TRADE_FINISHED) or it closes.
    pub state: String,
    /// The trade's time limits as the shop sent them.
    pub order_gmt_create: Option<String>,
    pub order_valid_time: Option<i64>,
    pub timeout_rule: Option<String>,
}

#[derive(Default)]
pub struct Book {
    pub trades: HashMap<String, Trade>,
    /// out_return_no → (out_trade_no, return_rmb_amount)
    pub refunds: HashMap<String, (String, String)>,
    /// Every request refused, and why.
    pub refused: Vec<String>,
    /// When each forex_refund call was taken.
    pub refund_times: Vec<std::time::Instant>,
    /// The notify_ids of notifications Alipay sent (notify_verify answers
    /// `true` for these only).
    pub notify_ids: Vec<String>,
}

pub struct FakeAlipay {
    pub partner: String,
    pub settlement: String,
    /// Checks the shop's signatures (the public half of the shop's key).
    pub shop_key: ProviderKey,
    /// Alipay's own key, which signs notifications and returns.
    pub alipay_key: MerchantKey,
    pub book: Mutex<Book>,
    /// The timeout_rule values Alipay enabled for this partner (only its
    /// default, 12h, unless support enabled others).
    pub timeout_rules: Vec<String>,
}

impl FakeAlipay {
    /// single_trade_query's answer, in the shape of the sandbox answer in
    /// thales-apm-team/tmp-payment-method-alipay's AlipayHttpClientTest: the
    /// <trade> children signed RSA2, sorted as a pre-sign string (Yurunsoft/
    /// PaySDK's AlipayCrossBorder verifySync; Alipay's pages do not say).
    /// No currency and no rmb_fee in <trade>, as in both samples.
    fn trade_answer(&self, no: &str, trade: &Trade) -> Response {
        let children: Vec<(String, String)> = vec![
            ("buyer_id".into(), "2088622942481446".into()),
            ("gmt_create".into(), "2026-12-03 17:56:12".into()),
            ("is_total_fee_adjust".into(), "F".into()),
            ("out_trade_no".into(), no.into()),
            ("payment_type".into(), "100".into()),
            ("seller_id".into(), self.partner.clone()),
            ("subject".into(), "haitao".into()),
            // What Alipay converted the yuan to: not the yuan amount.
            ("total_fee".into(), "17.06".into()),
            ("trade_no".into(), format!("2026120322001{no}")),
            ("trade_status".into(), trade.state.clone()),
        ];
        let sign = self.alipay_key.sign(presign(&children).as_bytes());
        let inner: String = children
            .iter()
            .map(|(k, v)| format!("<{k}>{v}</{k}>"))
            .collect();
        Html(format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<alipay><is_success>T</is_success><request><param name=\"out_trade_no\">{no}</param>\
             <param name=\"partner\">{partner}</param><param name=\"service\">single_trade_query</param></request>\
             <response><trade>{inner}</trade></response><sign>{sign}</sign><sign_type>RSA2</sign_type></alipay>",
            partner = self.partner
        ))
        .into_response()
    }

    /// A fake Alipay, and the keys the shop is configured with.
    pub fn new() -> (Arc<Self>, super::ShopKeys) {
        let (_, shop_public, shop_private) = test_keys();
        let (alipay_private, _, alipay_raw) = test_keys();
        let fake = Arc::new(Self {
            partner: "2088101568338364".into(),
            settlement: "USD".into(),
            shop_key: shop_public,
            alipay_key: alipay_private,
            book: Mutex::default(),
            timeout_rules: vec!["12h".into()],
        });
        (fake, super::ShopKeys::of(&shop_private, &alipay_raw))
    }

    pub fn router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/gateway.do", get(gateway))
            .route("/fake/alipay/pay", axum::routing::post(pay))
            .with_state(self.clone())
    }

    fn refuse(&self, why: String) -> Response {
        if let Ok(mut b) = self.book.lock() {
            b.refused.push(why.clone());
        }
        Html(format!(
            "<alipay><is_success>F</is_success><error>{why}</error></alipay>"
        ))
        .into_response()
    }

    /// Parameters signed with Alipay's key, as a notification or a return carries them.
    pub fn signed(&self, mut params: Vec<(String, String)>) -> Vec<(String, String)> {
        let sig = self.alipay_key.sign(presign(&params).as_bytes());
        params.push(("sign".into(), sig));
        params.push(("sign_type".into(), "RSA2".into()));
        params
    }

    /// What Alipay says of trade `out_trade_no`: `status` (TRADE_FINISHED,
    /// TRADE_CLOSED), for `rmb_fee` yuan (the trade's own when `None`).
    pub fn notification(
        &self,
        out_trade_no: &str,
        status: &str,
        rmb_fee: Option<&str>,
    ) -> Vec<(String, String)> {
        let trade = self.trade(out_trade_no);
        let fee = rmb_fee.map(str::to_owned).unwrap_or(trade.rmb_fee);
        let notify_id = self.issue_notify_id(out_trade_no, status);
        self.signed(vec![
            ("notify_type".into(), "trade_status_sync".into()),
            ("notify_id".into(), notify_id),
            ("notify_time".into(), "2026-12-03 18:00:00".into()),
            ("out_trade_no".into(), out_trade_no.into()),
            ("trade_no".into(), format!("2026120322001{out_trade_no}")),
            // The merchant the trade belongs to (the partner that created it).
            ("seller_id".into(), PARTNER.into()),
            ("trade_status".into(), status.into()),
            ("currency".into(), trade.currency),
            ("rmb_fee".into(), fee),
        ])
    }

    /// A notify_id Alipay will confirm (notify_verify).
    fn issue_notify_id(&self, out_trade_no: &str, status: &str) -> String {
        let id = format!("N{out_trade_no}{status}");
        if let Ok(mut b) = self.book.lock() {
            b.notify_ids.push(id.clone());
        }
        id
    }

    /// A notification in the form of Alipay's own samples (docs.antom.com
    /// web_cn/async; a sandbox one in PaylinePaymentMethod's tests): the
    /// amount as `total_fee` in the settlement currency, no `rmb_fee`, no
    /// `seller_id`. `usd` is the amount Alipay converted the yuan to.
    pub fn notification_in_total_fee(
        &self,
        out_trade_no: &str,
        status: &str,
        usd: &str,
    ) -> Vec<(String, String)> {
        let trade = self.trade(out_trade_no);
        let notify_id = self.issue_notify_id(out_trade_no, status);
        self.signed(vec![
            ("currency".into(), trade.currency),
            ("notify_id".into(), notify_id),
            ("notify_time".into(), "2026-12-03 18:00:00".into()),
            ("notify_type".into(), "trade_status_sync".into()),
            ("out_trade_no".into(), out_trade_no.into()),
            ("total_fee".into(), usd.into()),
            ("trade_no".into(), format!("2026120322001{out_trade_no}")),
            ("trade_status".into(), status.into()),
        ])
    }

    /// The shopper paid (TRADE_FINISHED) or the trade closed; nobody told.
    pub fn settle(&self, out_trade_no: &str, state: &str) {
        if let Ok(mut b) = self.book.lock() {
            if let Some(t) = b.trades.get_mut(out_trade_no) {
                t.state = state.to_owned();
            }
        }
    }

    pub fn trade(&self, out_trade_no: &str) -> Trade {
        self.book
            .lock()
            .ok()
            .and_then(|b| b.trades.get(out_trade_no).cloned())
            .unwrap_or_else(|| panic!("the shop never sent trade {out_trade_no} to Alipay"))
    }

    pub fn refunds(&self) -> HashMap<String, (String, String)> {
        self.book
            .lock()
            .map(|b| b.refunds.clone())
            .unwrap_or_default()
    }

    pub fn refund_times(&self) -> Vec<std::time::Instant> {
        self.book
            .lock()
            .map(|b| b.refund_times.clone())
            .unwrap_or_default()
    }

    pub fn refused(&self) -> Vec<String> {
        self.book
            .lock()
            .map(|b| b.refused.clone())
            .unwrap_or_default()
    }
}

async fn gateway(State(fake): State<Arc<FakeAlipay>>, RawQuery(q): RawQuery) -> Response {
    let params = super::pairs(q.as_deref().unwrap_or_default());
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    // notify_verify is not signed (Alipay's demo; Kaligo/alipay-global): `true`
    // for a notification Alipay sent this partner, `false` otherwise, `invalid`
    // for a request without its parameters.
    if get("service").as_deref() == Some("notify_verify") {
        let (Some(partner), Some(id)) = (get("partner"), get("notify_id")) else {
            return "invalid".into_response();
        };
        let sent = fake.book.lock().is_ok_and(|b| b.notify_ids.contains(&id));
        return if partner == fake.partner && sent {
            "true"
        } else {
            "false"
        }
        .into_response();
    }
    if get("sign_type").as_deref() != Some("RSA2") {
        return fake.refuse("ILLEGAL_SIGN_TYPE".into());
    }
    let signature = get("sign").unwrap_or_default();
    if !fake
        .shop_key
        .verify(presign(&params).as_bytes(), &signature)
    {
        return fake.refuse("ILLEGAL_SIGN".into());
    }
    if get("partner").as_deref() != Some(fake.partner.as_str()) {
        return fake.refuse("ILLEGAL_PARTNER".into());
    }
    if get("_input_charset").as_deref() != Some("UTF-8") {
        return fake.refuse("ILLEGAL_CHARSET".into());
    }
    let service = get("service").unwrap_or_default();
    match service.as_str() {
        "create_forex_trade_wap" | "create_forex_trade" => {
            let required = [
                "notify_url",
                "return_url",
                "subject",
                "out_trade_no",
                "currency",
                "rmb_fee",
                "product_code",
            ];
            if let Some(missing) = required.iter().find(|k| get(k).is_none()) {
                return fake.refuse(format!("ILLEGAL_ARGUMENT {missing}"));
            }
            let product = get("product_code").unwrap_or_default();
            let wap = service == "create_forex_trade_wap";
            if (wap && product != "NEW_WAP_OVERSEAS_SELLER")
                || (!wap && product != "NEW_OVERSEAS_SELLER")
            {
                return fake.refuse(format!("ILLEGAL_PRODUCT_CODE {product}"));
            }
            if get("currency").as_deref() != Some(fake.settlement.as_str()) {
                return fake.refuse("ILLEGAL_CURRENCY".into());
            }
            // Alipay help centre, "How to set the timeout parameter of
            // create_forex_trade": order_gmt_create (GMT+8, yyyy-MM-dd HH:mm:ss)
            // goes with order_valid_time (seconds, more than 60, at most
            // 2592000); timeout_rule only as Alipay enabled it (INVALID_PARAMETER).
            let gmt_create = get("order_gmt_create");
            let valid: Option<i64> = get("order_valid_time").and_then(|v| v.parse().ok());
            if gmt_create.is_some() != get("order_valid_time").is_some()
                || valid.is_some_and(|v| !(61..=2_592_000).contains(&v))
                || gmt_create.as_deref().is_some_and(|g| {
                    time::PrimitiveDateTime::parse(
                        g,
                        time::macros::format_description!(
                            "[year]-[month]-[day] [hour]:[minute]:[second]"
                        ),
                    )
                    .is_err()
                })
            {
                return fake.refuse("ILLEGAL_ARGUMENT order_gmt_create/order_valid_time".into());
            }
            if get("timeout_rule").is_some_and(|r| !fake.timeout_rules.contains(&r)) {
                return fake.refuse("INVALID_PARAMETER timeout_rule".into());
            }
            let no = get("out_trade_no").unwrap_or_default();
            let trade = Trade {
                service: service.clone(),
                rmb_fee: get("rmb_fee").unwrap_or_default(),
                currency: fake.settlement.clone(),
                notify_url: get("notify_url").unwrap_or_default(),
                return_url: get("return_url").unwrap_or_default(),
                state: "WAIT_BUYER_PAY".into(),
                order_gmt_create: gmt_create,
                order_valid_time: valid,
                timeout_rule: get("timeout_rule"),
            };
            let fee = trade.rmb_fee.clone();
            if let Ok(mut b) = fake.book.lock() {
                b.trades.insert(no.clone(), trade);
            }
            Html(format!(
                "<!doctype html><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\">\
                 <title>Alipay (fake)</title><h1>支付宝 (fake)</h1><p id=amount>¥{fee}</p><p id=trade>{no}</p>\
                 <form method=post action=\"/fake/alipay/pay\"><input type=hidden name=out_trade_no value=\"{no}\">\
                 <button name=status value=TRADE_FINISHED>Pay</button><button name=status value=TRADE_CLOSED>Close</button></form>"
            ))
            .into_response()
        }
        "forex_refund" => {
            let required = [
                "out_return_no",
                "out_trade_no",
                "return_rmb_amount",
                "currency",
                "gmt_return",
                "reason",
                "is_sync",
                "product_code",
            ];
            if let Some(missing) = required.iter().find(|k| get(k).is_none()) {
                return fake.refuse(format!("ILLEGAL_ARGUMENT {missing}"));
            }
            // forex_refund_cn: gmt_return String(14) "yyyyMMddHHmmss", China time.
            let gmt = get("gmt_return").unwrap_or_default();
            if gmt.len() != 14 || !gmt.bytes().all(|b| b.is_ascii_digit()) {
                return fake.refuse(format!("ILLEGAL_ARGUMENT gmt_return {gmt:?}"));
            }
            // docs.antom.com/ac/global/forex_refund: refunds of one partner "with an
            // interval of at least 3 seconds". What Alipay answers a closer call is not
            // published: this code is the fake's own.
            let now = std::time::Instant::now();
            let last = fake
                .book
                .lock()
                .ok()
                .and_then(|b| b.refund_times.last().copied());
            if last.is_some_and(|t| now - t < std::time::Duration::from_secs(3)) {
                return fake.refuse("FAKE_REFUND_TOO_SOON".into());
            }
            if let Ok(mut b) = fake.book.lock() {
                b.refund_times.push(now);
            }
            let trade_no = get("out_trade_no").unwrap_or_default();
            let Some(trade) = fake
                .book
                .lock()
                .ok()
                .and_then(|b| b.trades.get(&trade_no).cloned())
            else {
                return fake.refuse("PURCHASE_TRADE_NOT_EXIST".into());
            };
            // forex_refund: `currency` is the settlement currency, "not CNY, even
            // when the return_rmb_amount parameter is not null" (docs.antom.com);
            // another than the trade's: CURRENCY_NOT_SAME (in integrations' error maps).
            match get("currency").as_deref() {
                Some("CNY") => return fake.refuse("ILLEGAL_ARGUMENT currency".into()),
                Some(c) if c != trade.currency => return fake.refuse("CURRENCY_NOT_SAME".into()),
                _ => {}
            }
            // forex_refund_cn: the product the trade was paid through.
            let paid_through = if trade.service == "create_forex_trade" {
                "NEW_OVERSEAS_SELLER"
            } else {
                "NEW_WAP_OVERSEAS_SELLER"
            };
            if get("product_code").as_deref() != Some(paid_through) {
                return fake.refuse("ILLEGAL_ARGUMENT product_code".into());
            }
            let amount = get("return_rmb_amount").unwrap_or_default();
            let fen = |s: &str| s.replace('.', "").parse::<i64>().unwrap_or(i64::MAX);
            let number = get("out_return_no").unwrap_or_default();
            let Ok(mut b) = fake.book.lock() else {
                return fake.refuse("SYSTEM_EXCEPTION".into());
            };
            match b.refunds.get(&number) {
                // The same out_return_no again, the same refund: answered as
                // taken (no source says what Alipay answers; docs/PAYMENTS.md).
                Some((t, a)) if *t == trade_no && *a == amount => {}
                // The same number with other terms: a duplicate request
                // (REPEATED_REFUNDMENT_REQUEST, from integrations' error maps).
                Some(_) => {
                    drop(b);
                    return fake.refuse("REPEATED_REFUNDMENT_REQUEST".into());
                }
                None => {
                    // Several refunds of one trade, "the sum … less than or equal
                    // to the original transaction amount" (docs.antom.com
                    // refund_flow, note 4); over it: RETURN_AMOUNT_EXCEED.
                    let given: i64 = b
                        .refunds
                        .values()
                        .filter(|(t, _)| *t == trade_no)
                        .map(|(_, a)| fen(a))
                        .sum();
                    if given.saturating_add(fen(&amount)) > fen(&trade.rmb_fee) {
                        drop(b);
                        return fake.refuse("RETURN_AMOUNT_EXCEED".into());
                    }
                    b.refunds.insert(number, (trade_no, amount));
                }
            }
            drop(b);
            Html("<?xml version=\"1.0\" encoding=\"utf-8\"?><alipay><is_success>T</is_success></alipay>".to_owned()).into_response()
        }
        "single_trade_query" => {
            let Some(no) = get("out_trade_no") else {
                return fake.refuse("ILLEGAL_ARGUMENT".into());
            };
            let trade = fake
                .book
                .lock()
                .ok()
                .and_then(|b| b.trades.get(&no).cloned());
            let Some(trade) = trade else {
                // Unsigned, as Alipay's sandbox answered (tmp-payment-method-alipay's test).
                return Html("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<alipay><is_success>F</is_success><error>TRADE_NOT_EXIST</error></alipay>".to_owned()).into_response();
            };
            fake.trade_answer(&no, &trade)
        }
        other => fake.refuse(format!("ILLEGAL_SERVICE {other}")),
    }
}

/// The shopper's choice on the fake cashier: Alipay notifies the shop, then
/// sends the shopper back with the same signed parameters.
async fn pay(State(fake): State<Arc<FakeAlipay>>, body: String) -> Response {
    let form = super::pairs(&body);
    let get = |name: &str| super::value(&form, name);
    let no = get("out_trade_no");
    let trade = fake.trade(&no);
    fake.settle(&no, &get("status"));
    let params = fake.notification(&no, &get("status"), None);
    let answer = reqwest::Client::new()
        .post(&trade.notify_url)
        .form(&params)
        .send()
        .await;
    let read = match answer {
        Ok(a) => a.text().await.unwrap_or_default(),
        Err(e) => e.to_string(),
    };
    if read != "success" {
        return fake.refuse(format!("NOTIFY_NOT_TAKEN {read}"));
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter())
        .finish();
    axum::response::Redirect::to(&format!("{}?{query}", trade.return_url)).into_response()
}
