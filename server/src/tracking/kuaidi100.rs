//! Kuaidi100 (快递100): the subscription (`/poll`) that makes it push a
//! parcel's events to our callback, the callback's signature, and the
//! real-time query (`/poll/query.do`) for a parcel it has not pushed about
//! for a while. Every rule here is from Kuaidi100's own SDKs and docs as
//! docs/research/kuaidi100.md gives them (sections named beside each).

use haitao_core::carriers::Carrier;
use haitao_core::tracking::{TrackEvent, TrackState};
use md5::{Digest, Md5};
use serde::Deserialize;

use super::{ParcelRef, TrackingError, TrackingProvider};
use crate::infra::mode::Mode;
use crate::infra::secret::Secret;

/// Kuaidi100's settings, read whole or not at all.
pub const SETTINGS: [&str; 2] = ["HAITAO_KUAIDI100_KEY", "HAITAO_KUAIDI100_CUSTOMER"];
/// Where the API is (§1, §3: poll.kuaidi100.com, https).
pub const URL: &str = "https://poll.kuaidi100.com";
/// Our callback, under the shop's public address.
pub const NOTIFY_PATH: &str = "/api/tracking/kuaidi100/notify";

pub struct Kuaidi100 {
    url: String,
    /// 授权key: in the subscription's param, and in the query's signature.
    key: String,
    /// 公司编号: the query's `customer`.
    customer: String,
    callback_url: String,
    salts: Secret,
    http: reqwest::Client,
}

/// The carrier's code at Kuaidi100 (§4: lower case; `None`: no code in any
/// source read, Kuaidi100 is asked to recognise the number, `autoCom`).
pub fn company(c: Carrier) -> Option<&'static str> {
    match c {
        Carrier::Usps => Some("usps"),
        Carrier::Ups => Some("ups"),
        Carrier::Fedex => Some("fedex"),
        Carrier::DhlExpress => Some("dhlen"),
        Carrier::Ems => Some("ems"),
        Carrier::ChinaPost => Some("youzhengguoji"),
        Carrier::SfExpress => Some("shunfeng"),
        Carrier::Cainiao => None,
    }
}

/// The carrier a push names by its code.
fn carrier_of(code: &str) -> Option<Carrier> {
    Carrier::ALL.into_iter().find(|c| company(*c) == Some(code))
}

/// MD5, hex, upper case: Kuaidi100's one signature (§0).
pub fn sign(text: &str) -> String {
    hex::encode_upper(Md5::digest(text.as_bytes()))
}

/// A state's name as an event of `resultv2=1` carries it, or the number of
/// the parcel's state (§2.4), as ours.
fn state_of(word: &str) -> Option<TrackState> {
    Some(match word {
        "1" | "揽收" => TrackState::Collected,
        "0" | "7" | "在途" | "转投" | "转单" => TrackState::InTransit,
        "8" | "10" | "11" | "12" | "清关" | "待清关" | "清关中" | "已清关" => {
            TrackState::Customs
        }
        "5" | "派件" => TrackState::OutForDelivery,
        "3" | "签收" => TrackState::Delivered,
        "2" | "13" | "14" | "疑难" | "清关异常" | "拒签" => TrackState::Problem,
        "4" | "6" | "退签" | "退回" => TrackState::Returned,
        _ => return None,
    })
}

/// One event as Kuaidi100 sends it (§2.3, §3.3).
#[derive(Debug, Deserialize)]
struct Item {
    context: String,
    /// China's time, "2026-12-05 14:03:00".
    #[serde(default)]
    ftime: String,
    #[serde(default)]
    time: String,
    /// With resultv2: the item's state by name.
    #[serde(default)]
    status: Option<String>,
    #[serde(default, rename = "areaName")]
    area_name: Option<String>,
}

/// A parcel's whole history (the query's answer; a push's `lastResult`).
#[derive(Debug, Deserialize)]
pub struct History {
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    ischeck: Option<String>,
    #[serde(default)]
    com: Option<String>,
    #[serde(default)]
    nu: Option<String>,
    #[serde(default)]
    data: Vec<Item>,
}

/// "2026-12-05 14:03:00" in China's time, as our stamp (UTC).
fn china_time(s: &str) -> Option<String> {
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let t = time::PrimitiveDateTime::parse(s.trim(), &fmt).ok()?;
    Some(crate::infra::clock::stamp(
        t.assume_offset(time::macros::offset!(+8)),
    ))
}

impl History {
    /// Its events, newest first as sent. An item without its own state
    /// takes the parcel's for the newest and "in transit" for the others;
    /// the newest is "signed for" whenever the parcel is (`ischeck`).
    pub fn events(&self) -> Vec<TrackEvent> {
        let parcel_state = self.state.as_deref().and_then(state_of);
        let signed = self.ischeck.as_deref() == Some("1");
        let mut items: Vec<&Item> = self.data.iter().collect();
        // Newest first whatever order they came in (the query may ask `asc`).
        items.sort_by_key(|i| std::cmp::Reverse(china_time(pick(i)).unwrap_or_default()));
        items
            .into_iter()
            .enumerate()
            .filter_map(|(n, i)| {
                let own = i.status.as_deref().and_then(state_of);
                let state = match (n, own) {
                    (0, _) if signed => TrackState::Delivered,
                    (_, Some(s)) => s,
                    (0, None) => parcel_state.unwrap_or(TrackState::InTransit),
                    (_, None) => TrackState::InTransit,
                };
                Some(TrackEvent {
                    at: china_time(pick(i))?,
                    state,
                    text: i.context.trim().to_owned(),
                    place: i.area_name.clone().filter(|a| !a.trim().is_empty()),
                })
            })
            .collect()
    }
}

/// The formatted time, else the raw one (both China's time).
fn pick(i: &Item) -> &str {
    if i.ftime.trim().is_empty() {
        &i.time
    } else {
        &i.ftime
    }
}

/// A push's `param` (§2.3).
#[derive(Debug, Deserialize)]
pub struct Push {
    /// polling | shutdown | abort | updateall
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub message: String,
    #[serde(rename = "lastResult")]
    pub last_result: History,
}

/// What a push names: its parcel (by carrier and waybill), checked.
pub struct Verified {
    pub carrier: Carrier,
    pub waybill: String,
    pub push: Push,
}

/// The subscription's and a failed query's answer (§1.3, §3.4).
#[derive(Debug, Deserialize)]
struct Answer {
    #[serde(default)]
    result: Option<bool>,
    #[serde(default, rename = "returnCode")]
    return_code: Option<String>,
    #[serde(default)]
    message: String,
}

impl Kuaidi100 {
    pub fn from_env(
        mode: Mode,
        base_url: &str,
        keys: &crate::infra::keys::Keys,
        http: &reqwest::Client,
        get: &impl Fn(&str) -> Option<String>,
    ) -> Result<Self, String> {
        use crate::infra::config::setting;
        let v = crate::infra::config::all_of(get, &SETTINGS).map_err(|missing| {
            format!("Kuaidi100 (HAITAO_TRACKING) needs {}", missing.join(", "))
        })?;
        let url = setting(get, "HAITAO_KUAIDI100_URL").unwrap_or_else(|| URL.into());
        mode.check_outbound("HAITAO_KUAIDI100_URL", &url)?;
        if mode.is_production() && !base_url.starts_with("https://") {
            return Err(format!(
                "HAITAO_TRACKING=kuaidi100: Kuaidi100 pushes to {base_url}{NOTIFY_PATH}; \
                 set HAITAO_PUBLIC_URL to the shop's https address"
            ));
        }
        Ok(Self::new(
            url.trim_end_matches('/'),
            &v[0],
            &v[1],
            &format!("{base_url}{NOTIFY_PATH}"),
            keys.tracking.clone(),
            http.clone(),
        ))
    }

    pub fn new(
        url: &str,
        key: &str,
        customer: &str,
        callback_url: &str,
        salts: Secret,
        http: reqwest::Client,
    ) -> Self {
        Self {
            url: url.to_owned(),
            key: key.to_owned(),
            customer: customer.to_owned(),
            callback_url: callback_url.to_owned(),
            salts,
            http,
        }
    }

    /// The salt a parcel's pushes are signed with: 32 characters (§1.2),
    /// a MAC of the parcel under our key, so a push cannot be forged
    /// without it and a leaked salt opens one parcel only.
    pub fn salt(&self, company: &str, number: &str) -> String {
        let mac = self
            .salts
            .mac(&[b"kuaidi100", company.as_bytes(), number.as_bytes()]);
        mac[..32].to_owned()
    }

    /// A push checked: `sign` = MD5(param + salt) upper case (§2.2), the
    /// salt of the parcel the push names. `None`: not from Kuaidi100 (or
    /// not about a parcel we asked about).
    pub fn verify(&self, param: &str, sign: &str) -> Option<Verified> {
        let push: Push = serde_json::from_str(param).ok()?;
        let code = push.last_result.com.clone()?;
        let number = push.last_result.nu.clone()?;
        let carrier = carrier_of(&code);
        // A parcel subscribed with `autoCom` (no code of ours) is named by
        // the code Kuaidi100 found; its salt is the one made without a code.
        let salt_code = if carrier.is_some() { code.as_str() } else { "" };
        let expected = self::sign(&format!("{param}{}", self.salt(salt_code, &number)));
        if !crate::infra::secret::constant_time_eq(expected.as_bytes(), sign.trim().as_bytes()) {
            return None;
        }
        Some(Verified {
            carrier: carrier.unwrap_or(Carrier::Cainiao),
            waybill: number,
            push,
        })
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> Result<String, TrackingError> {
        let res = self
            .http
            .post(format!("{}{path}", self.url))
            .form(form)
            .send()
            .await
            .map_err(|e| TrackingError(format!("Kuaidi100 unreachable: {e}")))?;
        let status = res.status();
        let body = res
            .text()
            .await
            .map_err(|e| TrackingError(format!("Kuaidi100: {e}")))?;
        if !status.is_success() {
            return Err(TrackingError(format!("Kuaidi100 answered HTTP {status}")));
        }
        Ok(body)
    }
}

#[async_trait::async_trait]
impl TrackingProvider for Kuaidi100 {
    fn name(&self) -> &'static str {
        "kuaidi100"
    }

    fn pushes(&self) -> bool {
        true
    }

    async fn subscribe(&self, p: &ParcelRef) -> Result<(), TrackingError> {
        let code = company(p.carrier);
        let mut parameters = serde_json::json!({
            "callbackurl": self.callback_url,
            "salt": self.salt(code.unwrap_or(""), &p.waybill),
            "resultv2": "1",
        });
        // SF Express answers nothing without the phone's last four (§5).
        if p.carrier == Carrier::SfExpress {
            parameters["phone"] = p.phone_tail.clone().into();
        }
        if code.is_none() {
            parameters["autoCom"] = "1".into();
        }
        let param = serde_json::json!({
            "company": code.unwrap_or(""),
            "number": p.waybill,
            "to": p.to,
            "key": self.key,
            "parameters": parameters,
        })
        .to_string();
        let body = self
            .post("/poll", &[("schema", "json"), ("param", &param)])
            .await?;
        let a: Answer = serde_json::from_str(&body).map_err(|_| {
            TrackingError(format!("Kuaidi100's answer is not its JSON: {body:.200}"))
        })?;
        match (a.result, a.return_code.as_deref()) {
            (Some(true), _) | (_, Some("200")) => Ok(()),
            // Subscribed already and still followed (§1.3): nothing to do.
            (_, Some("501")) => Ok(()),
            (_, code) => Err(TrackingError(format!(
                "subscription refused: {} {}",
                code.unwrap_or("?"),
                a.message
            ))),
        }
    }

    async fn query(&self, p: &ParcelRef) -> Result<Vec<TrackEvent>, TrackingError> {
        let Some(code) = company(p.carrier) else {
            // The query needs the carrier's code (§3.2): only pushes follow it.
            return Ok(Vec::new());
        };
        let mut param = serde_json::json!({
            "com": code,
            "num": p.waybill,
            "to": p.to,
            "resultv2": "1",
            "show": "0",
            "order": "desc",
        });
        if p.carrier == Carrier::SfExpress {
            param["phone"] = p.phone_tail.clone().into();
        }
        let param = param.to_string();
        let signature = sign(&format!("{param}{}{}", self.key, self.customer));
        let body = self
            .post(
                "/poll/query.do",
                &[
                    ("customer", &self.customer),
                    ("sign", &signature),
                    ("param", &param),
                ],
            )
            .await?;
        // A failure has `returnCode` and no history (§3.4).
        if let Ok(a) = serde_json::from_str::<Answer>(&body) {
            if a.result == Some(false) || a.return_code.is_some() {
                return Err(TrackingError(format!(
                    "query refused: {} {}",
                    a.return_code.as_deref().unwrap_or("?"),
                    a.message
                )));
            }
        }
        let h: History = serde_json::from_str(&body).map_err(|_| {
            TrackingError(format!("Kuaidi100's answer is not its JSON: {body:.200}"))
        })?;
        Ok(h.events())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_upper_case_md5() {
        // MD5("") and MD5("abc"), RFC 1321's test suite.
        assert_eq!(sign(""), "D41D8CD98F00B204E9800998ECF8427E");
        assert_eq!(sign("abc"), "900150983CD24FB0D6963F7D28E17F72");
    }

    #[test]
    fn china_time_becomes_utc() {
        assert_eq!(
            china_time("2026-12-05 14:03:00").as_deref(),
            Some("2026-12-05T06:03:00Z")
        );
        assert_eq!(china_time("yesterday"), None);
    }

    #[test]
    fn a_history_reads_newest_first_with_its_states() {
        let h: History = serde_json::from_str(
            r#"{"state":"3","ischeck":"1","com":"ems","nu":"EA123456785CN","data":[
                {"context":"已揽收","ftime":"2026-12-01 09:00:00","status":"揽收"},
                {"context":"已签收，本人签收","ftime":"2026-12-04 18:00:00","status":"签收","areaName":"上海,上海市"},
                {"context":"到达上海","ftime":"2026-12-03 08:00:00"}
            ]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let e = h.events();
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].state, TrackState::Delivered);
        assert_eq!(e[0].place.as_deref(), Some("上海,上海市"));
        assert_eq!(e[1].state, TrackState::InTransit);
        assert_eq!(e[2].state, TrackState::Collected);
        assert_eq!(e[2].at, "2026-12-01T01:00:00Z");
    }

    #[test]
    fn every_carrier_with_a_code_is_found_by_it() {
        for c in Carrier::ALL {
            if let Some(code) = company(c) {
                assert_eq!(carrier_of(code), Some(c));
                assert_eq!(code, code.to_lowercase());
            }
        }
    }
}
