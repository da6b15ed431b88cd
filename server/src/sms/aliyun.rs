//! Aliyun SMS (dysmsapi, `SendSms`, API version 2017-05-25) over its RPC
//! interface: query parameters signed with HMAC-SHA1 under the AccessKey
//! secret, as Aliyun's "signature method" documentation describes (tested on
//! its published example).

use std::collections::BTreeMap;

use base64::Engine;
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Deserialize;
use sha1::Sha1;

use super::{Notice, SmsError, SmsSender};

/// Everything but RFC 3986's unreserved characters is escaped (so a space is
/// %20, `*` is %2A and `~` stays), hex in upper case.
const POP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

pub fn pop_encode(s: &str) -> String {
    utf8_percent_encode(s, POP).to_string()
}

/// The canonical query string: parameters sorted by name, each encoded.
pub fn canonical_query(params: &BTreeMap<String, String>) -> String {
    params
        .iter()
        .filter(|(k, _)| k.as_str() != "Signature")
        .map(|(k, v)| format!("{}={}", pop_encode(k), pop_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Base64 of HMAC-SHA1 over `GET&%2F&<encoded canonical query>`, keyed with
/// the secret and a `&`.
pub fn signature(method: &str, params: &BTreeMap<String, String>, secret: &str) -> String {
    let to_sign = format!(
        "{method}&{}&{}",
        pop_encode("/"),
        pop_encode(&canonical_query(params))
    );
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes()) else {
        return String::new();
    };
    mac.update(to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The shop's approved templates, one per message (Aliyun sends nothing
/// but an approved template's text).
#[derive(Clone, Debug)]
pub struct Templates {
    /// The sign-in code: a verification-code template with a `${code}` variable.
    pub code: String,
    /// Notices: notification templates without variables.
    pub answer: String,
    pub harvest: String,
    pub shipped: String,
    pub delivered: String,
    pub customs_refused: String,
    pub aftersales: String,
    pub back_in_stock: String,
    pub presale_unfilled: String,
}

impl Templates {
    fn of(&self, kind: Notice) -> &str {
        match kind {
            Notice::Answer => &self.answer,
            Notice::Harvest => &self.harvest,
            Notice::Shipped => &self.shipped,
            Notice::Delivered => &self.delivered,
            Notice::CustomsRefused => &self.customs_refused,
            Notice::Aftersales => &self.aftersales,
            Notice::BackInStock => &self.back_in_stock,
            Notice::PresaleUnfilled => &self.presale_unfilled,
        }
    }
}

pub struct AliyunSms {
    key_id: String,
    key_secret: String,
    sign_name: String,
    templates: Templates,
    /// `https://dysmsapi.aliyuncs.com/` (tests point it at a local fake).
    endpoint: String,
    client: reqwest::Client,
}

impl AliyunSms {
    pub fn new(
        key_id: &str,
        key_secret: &str,
        sign_name: &str,
        templates: Templates,
        endpoint: &str,
    ) -> Result<Self, String> {
        let client = crate::infra::outbound::client(std::time::Duration::from_secs(10))?;
        Ok(Self {
            key_id: key_id.to_owned(),
            key_secret: key_secret.to_owned(),
            sign_name: sign_name.to_owned(),
            templates,
            endpoint: endpoint.to_owned(),
            client,
        })
    }

    /// From `HAITAO_ALIYUN_ACCESS_KEY_ID`, `_ACCESS_KEY_SECRET`, `_SMS_SIGN_NAME`,
    /// `_SMS_TEMPLATE_CODE` (a template with a `${code}` variable),
    /// `_SMS_TEMPLATE_ANSWER`, `_HARVEST`, `_SHIPPED`, `_DELIVERED`,
    /// `_CUSTOMS_REFUSED`, `_AFTERSALES`, `_BACK_IN_STOCK`, `_PRESALE_UNFILLED` (notices, no variables) and optionally `HAITAO_ALIYUN_SMS_ENDPOINT`; all or nothing.
    pub fn from_env(
        mode: crate::infra::mode::Mode,
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, String> {
        let names = [
            "HAITAO_ALIYUN_ACCESS_KEY_ID",
            "HAITAO_ALIYUN_ACCESS_KEY_SECRET",
            "HAITAO_ALIYUN_SMS_SIGN_NAME",
            "HAITAO_ALIYUN_SMS_TEMPLATE_CODE",
            "HAITAO_ALIYUN_SMS_TEMPLATE_ANSWER",
            "HAITAO_ALIYUN_SMS_TEMPLATE_HARVEST",
            "HAITAO_ALIYUN_SMS_TEMPLATE_SHIPPED",
            "HAITAO_ALIYUN_SMS_TEMPLATE_DELIVERED",
            "HAITAO_ALIYUN_SMS_TEMPLATE_CUSTOMS_REFUSED",
            "HAITAO_ALIYUN_SMS_TEMPLATE_AFTERSALES",
            "HAITAO_ALIYUN_SMS_TEMPLATE_BACK_IN_STOCK",
            "HAITAO_ALIYUN_SMS_TEMPLATE_PRESALE_UNFILLED",
        ];
        let v = crate::infra::config::all_of(&get, &names)
            .map_err(|missing| format!("HAITAO_SMS=aliyun needs {}", missing.join(", ")))?;
        let endpoint = get("HAITAO_ALIYUN_SMS_ENDPOINT")
            .unwrap_or_else(|| "https://dysmsapi.aliyuncs.com/".into());
        mode.check_outbound("HAITAO_ALIYUN_SMS_ENDPOINT", &endpoint)?;
        let templates = Templates {
            code: v[3].clone(),
            answer: v[4].clone(),
            harvest: v[5].clone(),
            shipped: v[6].clone(),
            delivered: v[7].clone(),
            customs_refused: v[8].clone(),
            aftersales: v[9].clone(),
            back_in_stock: v[10].clone(),
            presale_unfilled: v[11].clone(),
        };
        Self::new(&v[0], &v[1], &v[2], templates, &endpoint)
    }

    /// The signed parameters of one SendSms call: `template` with its
    /// variables as JSON, or none (TemplateParam is then left out).
    pub fn params(
        &self,
        phone: &str,
        template: &str,
        variables: Option<String>,
        timestamp: &str,
        nonce: &str,
    ) -> BTreeMap<String, String> {
        let mut p: BTreeMap<String, String> = [
            ("AccessKeyId", self.key_id.as_str()),
            ("Action", "SendSms"),
            ("Format", "JSON"),
            ("PhoneNumbers", phone),
            ("RegionId", "cn-hangzhou"),
            ("SignName", self.sign_name.as_str()),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", nonce),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", template),
            ("Timestamp", timestamp),
            ("Version", "2017-05-25"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        if let Some(v) = variables {
            p.insert("TemplateParam".into(), v);
        }
        let sig = signature("GET", &p, &self.key_secret);
        p.insert("Signature".into(), sig);
        p
    }
}

#[derive(Deserialize)]
struct Answer {
    #[serde(rename = "Code")]
    code: String,
    #[serde(rename = "RequestId", default)]
    request_id: String,
}

#[async_trait::async_trait]
impl SmsSender for AliyunSms {
    async fn send_code(&self, phone: &str, code: &str) -> Result<(), SmsError> {
        let variables = serde_json::json!({ "code": code }).to_string();
        self.send(phone, &self.templates.code, Some(variables))
            .await
    }

    async fn send_notice(&self, phone: &str, kind: Notice) -> Result<(), SmsError> {
        self.send(phone, self.templates.of(kind), None).await
    }
}

impl AliyunSms {
    async fn send(
        &self,
        phone: &str,
        template: &str,
        variables: Option<String>,
    ) -> Result<(), SmsError> {
        let timestamp = crate::infra::clock::stamp(time::OffsetDateTime::now_utc());
        let nonce = uuid::Uuid::new_v4().to_string();
        let params = self.params(phone, template, variables, &timestamp, &nonce);
        let query: String = params
            .iter()
            .map(|(k, v)| format!("{}={}", pop_encode(k), pop_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let res = self
            .client
            .get(format!("{}?{query}", self.endpoint))
            .send()
            .await
            .map_err(|e| SmsError(crate::infra::outbound::error(e)))?;
        let status = res.status();
        let answer: Answer = res.json().await.map_err(|e| {
            SmsError(format!(
                "HTTP {status}: {}",
                crate::infra::outbound::error(e)
            ))
        })?;
        if answer.code == "OK" {
            Ok(())
        } else {
            // Only the code: Aliyun's message for a refused signature quotes the
            // whole string it signed, the phone and the sign-in code in it.
            Err(SmsError(format!(
                "Aliyun SMS refused the message: {} (request {})",
                answer.code, answer.request_id
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of Aliyun SMS's signature documentation (SendSms with the
    /// test AccessKey "testId" / "testSecret").
    #[test]
    fn signs_the_documented_example() {
        let p: BTreeMap<String, String> = [
            ("AccessKeyId", "testId"),
            ("Action", "SendSms"),
            ("Format", "XML"),
            ("OutId", "123"),
            ("PhoneNumbers", "15300000001"),
            ("RegionId", "cn-hangzhou"),
            ("SignName", "阿里云短信测试专用"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", "SMS_71390007"),
            ("TemplateParam", "{\"customer\":\"test\"}"),
            ("Timestamp", "2017-07-12T02:42:19Z"),
            ("Version", "2017-05-25"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(
            canonical_query(&p),
            "AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25"
        );
        assert_eq!(
            signature("GET", &p, "testSecret"),
            "zJDF+Lrzhj/ThnlvIToysFRq6t4="
        );
    }

    #[test]
    fn encodes_as_the_rpc_rules_say() {
        assert_eq!(pop_encode("a b*~"), "a%20b%2A~");
        assert_eq!(pop_encode("/=&+"), "%2F%3D%26%2B");
    }
}
