//! The customs order declaration of China's cross-border retail import
//! system: one CEB311 message (`Order`: head and one list item per line) per
//! paid order, the only place the payer's full ID number is decrypted.
//! Field names and codes as docs/CUSTOMS.md records them.

pub mod logistics;
pub mod quota;
pub mod receipts;
pub mod signature;
pub mod xml;

use std::path::{Path, PathBuf};

use haitao_core::api::{Address, OrderStatus, PaymentMethod, Quote};
use haitao_core::Money;
use sqlx::AnyPool;

use crate::customs::signature::Signer;
use crate::customs::xml::CanonicalXml;
use crate::infra::clock::Clock;
use crate::infra::db::words;
use crate::infra::keys::Keys;
use crate::infra::mode::Mode;

/// Customs code of the renminbi (currency 142) and of the United States (country 502).
pub const CURRENCY_CNY: &str = "142";
pub const COUNTRY_USA: &str = "502";
/// The unit code of 件 (piece).
pub const UNIT_PIECE: &str = "011";
/// buyerIdType 1: resident identity card.
pub const ID_TYPE_RESIDENT_CARD: &str = "1";

/// Who declares: the platform (ebp), the e-commerce enterprise (ebc), the
/// transfer node, and each payment company's customs registration.
#[derive(Clone, Debug)]
pub struct Parties {
    /// Who signs each declaration (appStatus 2 must be signed).
    pub signing: Signing,
    pub ebp_code: String,
    pub ebp_name: String,
    pub ebc_code: String,
    pub ebc_name: String,
    pub dxp_id: String,
    pub alipay: (String, String),
    pub wechat: (String, String),
}

/// Who signs the declarations.
#[derive(Clone, Debug)]
pub enum Signing {
    /// The shop, with the operator's key and certificate
    /// (`HAITAO_CUSTOMS_SIGNING_KEY_FILE`, `HAITAO_CUSTOMS_SIGNING_CERT_FILE`).
    Shop(std::sync::Arc<Signer>),
    /// The operator's transfer client signs the files the shop writes
    /// (`HAITAO_CUSTOMS_SIGNED_BY=transfer-client`).
    TransferClient,
    /// Nobody: development only.
    Unsigned,
}

impl Signing {
    fn from_env(mode: Mode, get: &impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let set = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let read = |name: &str, path: &str| {
            std::fs::read_to_string(path).map_err(|e| format!("{name}={path:?}: {e}"))
        };
        const KEY: &str = "HAITAO_CUSTOMS_SIGNING_KEY_FILE";
        const CERT: &str = "HAITAO_CUSTOMS_SIGNING_CERT_FILE";
        match (set(KEY), set(CERT), set("HAITAO_CUSTOMS_SIGNED_BY").as_deref()) {
            (Some(key), Some(cert), _) => Signer::from_pem(&read(KEY, &key)?, &read(CERT, &cert)?)
                .map(|s| Signing::Shop(std::sync::Arc::new(s)))
                .map_err(|e| format!("{KEY}, {CERT}: {e}")),
            (Some(_), None, _) | (None, Some(_), _) => Err(format!("{KEY} and {CERT} go together")),
            (None, None, Some("transfer-client")) => Ok(Signing::TransferClient),
            (None, None, Some(other)) => Err(format!(
                "HAITAO_CUSTOMS_SIGNED_BY={other:?}: the only value is transfer-client"
            )),
            (None, None, None) if mode.is_production() => Err(format!(
                "HAITAO_ENV=production: a declared customs message must be signed: set {KEY} and {CERT} \
                 (the operator's key and certificate), or HAITAO_CUSTOMS_SIGNED_BY=transfer-client \
                 if the transfer client signs the files (docs/CUSTOMS.md)"
            )),
            (None, None, None) => Ok(Signing::Unsigned),
        }
    }
}

impl Parties {
    /// From `HAITAO_CUSTOMS_*`. Development fills what is unset with test
    /// values (marked TEST); production requires every one.
    pub fn from_env(mode: Mode, get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let mut missing = Vec::new();
        let mut var = |name: &str, test: &str| match get(name).filter(|v| !v.trim().is_empty()) {
            Some(v) => v.trim().to_owned(),
            None => {
                missing.push(name.to_owned());
                test.to_owned()
            }
        };
        let signing = Signing::from_env(mode, &get)?;
        let p = Parties {
            signing,
            ebp_code: var("HAITAO_CUSTOMS_EBP_CODE", "TEST00EBP1"),
            ebp_name: var("HAITAO_CUSTOMS_EBP_NAME", "海淘美国（测试）"),
            ebc_code: var("HAITAO_CUSTOMS_EBC_CODE", "TEST00EBC1"),
            ebc_name: var("HAITAO_CUSTOMS_EBC_NAME", "海淘美国（测试）"),
            dxp_id: var("HAITAO_CUSTOMS_DXP_ID", "DXPTEST0000001"),
            alipay: (
                var("HAITAO_CUSTOMS_PAY_CODE_ALIPAY", "TEST00PAY1"),
                var("HAITAO_CUSTOMS_PAY_NAME_ALIPAY", "支付宝（测试）"),
            ),
            wechat: (
                var("HAITAO_CUSTOMS_PAY_CODE_WECHAT", "TEST00PAY2"),
                var("HAITAO_CUSTOMS_PAY_NAME_WECHAT", "微信支付（测试）"),
            ),
        };
        if mode.is_production() && !missing.is_empty() {
            return Err(format!(
                "HAITAO_ENV=production: the customs declaration needs {}",
                missing.join(", ")
            ));
        }
        Ok(p)
    }
}

/// One paid order, as the declaration needs it.
pub struct OrderToDeclare {
    pub order_id: String,
    pub paid_at: String,
    pub quote: Quote,
    pub address: Address,
    pub payer_name: String,
    pub id_number: String,
    /// A stable pseudonym of the buyer on the platform (from the ID hash).
    pub buyer_reg_no: String,
    pub method: PaymentMethod,
    pub payment_id: String,
    /// CEB311 `appType`: "1" 新增 (declare), "3" 删除 (withdraw: the order
    /// was cancelled and refunded before it shipped). XSD 202205 OrderHead.
    pub app_type: &'static str,
}

/// The most `OrderList` rows one order may have (CEB311 XSD: maxOccurs 99).
/// A cart line is at most two rows, and a cart at most `MAX_LINES` lines
/// (held to this when the server is built).
pub const MAX_ROWS: usize = 99;
const _: () = assert!(2 * haitao_core::quote::MAX_LINES <= MAX_ROWS);

/// How a line is declared: `price` has two decimals (N16,2) and
/// `totalPrice` must be `price x qty`. A total that does not divide by the
/// quantity is declared as two rows of the same item: the units at the
/// lower fen price, and the remainder one fen dearer, so each row's
/// product and the rows' sum are exactly the line's total (10.00 for 3:
/// 2 x 3.33 and 1 x 3.34). (qty, unit price) per row.
fn declared_rows(total: Money, qty: u32) -> Vec<(u32, Money)> {
    let q = i64::from(qty.max(1));
    let (base, rest) = (total.amount / q, total.amount % q);
    let mut rows = Vec::with_capacity(2);
    if q - rest > 0 {
        rows.push(((q - rest) as u32, Money::cny(base)));
    }
    if rest > 0 {
        rows.push((rest as u32, Money::cny(base + 1)));
    }
    rows
}

/// The root's namespaces, in canonical order.
const NAMESPACES: [(&str, &str); 2] = [
    ("ceb", "http://www.chinaport.gov.cn/ceb"),
    ("xsi", "http://www.w3.org/2001/XMLSchema-instance"),
];

/// The CEB311 message for one order, UTF-8 XML.
pub fn ceb311(
    o: &OrderToDeclare,
    parties: &Parties,
    guid: &str,
    now: time::OffsetDateTime,
) -> String {
    let q = &o.quote;
    let a = &o.address;
    let (pay_code, pay_name) = match o.method {
        PaymentMethod::Alipay => &parties.alipay,
        PaymentMethod::Wechat => &parties.wechat,
    };
    const ROOT: &str = "ceb:CEB311Message";
    let mut x = CanonicalXml::new();
    x.open(ROOT, &NAMESPACES, &[("guid", guid), ("version", "1.0")]);
    x.open("ceb:Order", &[], &[]);
    x.open("ceb:OrderHead", &[], &[]);
    let head: &[(&str, &str)] = &[
        ("guid", guid),
        ("appType", o.app_type),
        ("appTime", &crate::infra::clock::china_compact(now)),
        ("appStatus", "2"),
        ("orderType", "I"),
        ("orderNo", &o.order_id),
        ("ebpCode", &parties.ebp_code),
        ("ebpName", &parties.ebp_name),
        ("ebcCode", &parties.ebc_code),
        ("ebcName", &parties.ebc_name),
        ("goodsValue", &q.goods.decimal()),
        ("freight", &q.freight.decimal()),
        ("discount", "0.00"),
        ("taxTotal", &q.tax.decimal()),
        ("acturalPaid", &q.total.decimal()),
        ("currency", CURRENCY_CNY),
        ("buyerRegNo", &o.buyer_reg_no),
        ("buyerName", &o.payer_name),
        ("buyerTelephone", &a.mobile),
        ("buyerIdType", ID_TYPE_RESIDENT_CARD),
        ("buyerIdNumber", &o.id_number),
        ("payCode", pay_code),
        ("payName", pay_name),
        // The payment company's own number (Alipay trade_no, WeChat Pay transaction_id).
        ("payTransactionId", &o.payment_id),
        ("consignee", &a.recipient),
        ("consigneeTelephone", &a.mobile),
        (
            "consigneeAddress",
            &haitao_core::validate::consignee_address(&a.province, &a.city, &a.district, &a.street),
        ),
        ("note", &format!("paid {}", o.paid_at)),
    ];
    for (name, value) in head {
        x.element(&format!("ceb:{name}"), value);
    }
    x.close("ceb:OrderHead");
    let rows = q.lines.iter().flat_map(|l| {
        declared_rows(l.goods.cny, l.qty)
            .into_iter()
            .map(move |r| (l, r))
    });
    for (i, (l, (qty, price))) in rows.enumerate() {
        x.open("ceb:OrderList", &[], &[]);
        let item: &[(&str, &str)] = &[
            ("gnum", &(i + 1).to_string()),
            ("itemNo", &l.sku),
            ("itemName", &l.name.zh),
            // 规格型号, required since 2018: the variant as the shop sells it (its size).
            ("gmodel", &l.variant.zh),
            ("itemDescribe", &format!("{} {}", l.name.zh, l.variant.zh)),
            ("unit", UNIT_PIECE),
            ("qty", &qty.to_string()),
            ("price", &price.decimal()),
            (
                "totalPrice",
                &Money::cny(price.amount * i64::from(qty)).decimal(),
            ),
            ("currency", CURRENCY_CNY),
            ("country", COUNTRY_USA),
        ];
        for (name, value) in item {
            x.element(&format!("ceb:{name}"), value);
        }
        x.close("ceb:OrderList");
    }
    x.close("ceb:Order");
    x.open("ceb:BaseTransfer", &[], &[]);
    x.element("ceb:copCode", &parties.ebc_code);
    x.element("ceb:copName", &parties.ebc_name);
    x.element("ceb:dxpMode", "DXP");
    x.element("ceb:dxpId", &parties.dxp_id);
    x.close("ceb:BaseTransfer");
    // Enveloped: the signature covers the message without itself.
    if let Signing::Shop(signer) = &parties.signing {
        let unsigned = format!("{}</{ROOT}>", x.written());
        x.markup(&signer.signature(&unsigned, &NAMESPACES));
    }
    x.close(ROOT);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n",
        x.finish()
    )
}

#[derive(Debug, Default)]
pub struct Exported {
    pub written: Vec<PathBuf>,
    /// Orders that could not be declared, and why.
    pub failed: Vec<(String, String)>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    paid_at: String,
    quote_json: String,
    address_json: String,
    payer_name: String,
    id_hash: String,
    id_sealed: Option<String>,
    id_aad: Option<String>,
    payment_method: Option<String>,
    payment_id: Option<String>,
}

/// `--since 2026-12-01`: from that day's start in China.
pub fn since_stamp(date: &str) -> Result<String, String> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(date.trim(), &fmt)
        .map_err(|_| format!("--since {date:?}: expected a date like 2026-12-01"))?;
    Ok(crate::infra::clock::stamp(
        d.midnight().assume_offset(time::macros::offset!(+8)),
    ))
}

/// Writes one declaration per paid, undeclared order into `dir` (as
/// `CEB311_<order>.xml`) and marks each declared once its file is on disk;
/// and one withdrawal per declared order the shopper cancelled before it
/// shipped (`CEB311_<order>_withdraw.xml`, appType 3), once. Customs
/// refuses a withdrawal once the order's inventory list was declared
/// (error -301011, docs/CUSTOMS.md "Withdrawing a declaration").
pub async fn export(
    pool: &AnyPool,
    keys: &Keys,
    clock: &Clock,
    parties: &Parties,
    since: Option<&str>,
    dir: &Path,
) -> Result<Exported, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let mut out = Exported::default();
    for app_type in ["1", "3"] {
        let which = if app_type == "1" {
            // A pre-sale is declared when its goods are about to leave.
            format!(
                "o.status IN ({}) AND o.declared_at IS NULL AND {}",
                words(OrderStatus::PAID.map(OrderStatus::as_str)),
                due("o.", "$2")
            )
        } else {
            "o.withdraw_declaration = 1".to_owned()
        };
        let sql = format!(
            "SELECT o.id, o.paid_at, o.quote_json, o.address_json, o.payer_name, o.id_hash, o.id_sealed, o.id_aad,
                    o.payment_method, (SELECT p.provider_txn FROM payments p WHERE p.order_id = o.id
                                          AND p.status IN ('succeeded', 'refunded') ORDER BY p.status DESC LIMIT 1) AS payment_id
               FROM orders o
              WHERE {which} AND o.paid_at IS NOT NULL AND o.paid_at >= $1
              ORDER BY o.paid_at, o.id"
        );
        let mut query = sqlx::query_as(&sql).bind(since.unwrap_or(""));
        if app_type == "1" {
            query = query.bind(clock.today_in_china());
        }
        let rows: Vec<Row> = query.fetch_all(pool).await?;
        write_all(pool, keys, clock, parties, dir, rows, app_type, &mut out).await?;
    }
    Ok(out)
}

/// That an order (its columns prefixed `orders`: `"o."` or `""`) may go on
/// its way: it is no pre-sale, or its window's first day (`today`, China's,
/// bound as `param`) has come. Customs declares it from then, the sandbox
/// moves it on, and the seller is asked to ship it (the to-pack count, the
/// day's digest).
pub fn due(orders: &str, param: &str) -> String {
    format!("({orders}ships_from IS NULL OR {orders}ships_from <= {param})")
}

#[allow(clippy::too_many_arguments)]
async fn write_all(
    pool: &AnyPool,
    keys: &Keys,
    clock: &Clock,
    parties: &Parties,
    dir: &Path,
    rows: Vec<Row>,
    app_type: &'static str,
    out: &mut Exported,
) -> Result<(), Box<dyn std::error::Error>> {
    for r in rows {
        // Sealed for this order, or copied from a saved payer (sealed under its own data).
        let aad = r.id_aad.as_deref().unwrap_or(&r.id);
        let id_number = match r.id_sealed.as_deref().map(|s| keys.id_seal.open(aad, s)) {
            Some(Ok(n)) => n,
            Some(Err(err)) => {
                out.failed.push((r.id, err.to_string()));
                continue;
            }
            None => {
                out.failed
                    .push((r.id, "the ID number is no longer kept".into()));
                continue;
            }
        };
        let (Some(method), Some(payment_id)) = (
            r.payment_method.as_deref().and_then(PaymentMethod::parse),
            r.payment_id,
        ) else {
            out.failed.push((
                r.id,
                "no successful payment with the provider's transaction number on record".into(),
            ));
            continue;
        };
        let order = OrderToDeclare {
            paid_at: r.paid_at,
            quote: serde_json::from_str(&r.quote_json)?,
            address: serde_json::from_str(&r.address_json)?,
            payer_name: r.payer_name,
            id_number,
            buyer_reg_no: r.id_hash.chars().take(20).collect(),
            method,
            payment_id,
            order_id: r.id,
            app_type,
        };
        let guid = uuid::Uuid::new_v4().hyphenated().to_string().to_uppercase();
        let xml = ceb311(&order, parties, &guid, clock.now());
        let name = if app_type == "3" {
            format!("CEB311_{}_withdraw.xml", order.order_id)
        } else {
            format!("CEB311_{}.xml", order.order_id)
        };
        let path = dir.join(&name);
        let tmp = dir.join(format!(".{name}.part"));
        std::fs::write(&tmp, xml)?;
        std::fs::rename(&tmp, &path)?;
        let now = clock.stamp();
        if app_type == "3" {
            sqlx::query("UPDATE orders SET withdraw_declaration = 2 WHERE id = $1")
                .bind(&order.order_id)
                .execute(pool)
                .await?;
            tracing::info!(order = %order.order_id, "customs order withdrawal written");
            out.written.push(path);
            continue;
        }
        sqlx::query(
            "UPDATE orders SET declared_at = $1,
                    status = CASE status WHEN $3 THEN $4 ELSE status END,
                    status_at = CASE status WHEN $3 THEN $1 ELSE status_at END
              WHERE id = $2",
        )
        .bind(&now)
        .bind(&order.order_id)
        .bind(OrderStatus::Paid.as_str())
        .bind(OrderStatus::CustomsDeclared.as_str())
        .execute(pool)
        .await?;
        tracing::info!(order = %order.order_id, "customs order declaration written");
        out.written.push(path);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_yuan() {
        assert_eq!(Money::cny(12345).decimal(), "123.45");
        assert_eq!(Money::cny(5).decimal(), "0.05");
    }

    #[test]
    fn a_line_is_declared_in_rows_whose_price_times_qty_is_exact() {
        assert_eq!(
            declared_rows(Money::cny(1000), 3),
            vec![(2, Money::cny(333)), (1, Money::cny(334))]
        );
        assert_eq!(
            declared_rows(Money::cny(1000), 1),
            vec![(1, Money::cny(1000))]
        );
        assert_eq!(
            declared_rows(Money::cny(1200), 4),
            vec![(4, Money::cny(300))]
        );
        for (total, qty) in [(1001, 7), (5, 9), (99_999, 13)] {
            let rows = declared_rows(Money::cny(total), qty);
            let sum: i64 = rows.iter().map(|(q, p)| p.amount * i64::from(*q)).sum();
            let units: u32 = rows.iter().map(|(q, _)| q).sum();
            assert_eq!((sum, units), (total, qty));
        }
    }

    #[test]
    fn since_is_a_day_in_china() {
        assert_eq!(
            since_stamp("2026-12-01").as_deref(),
            Ok("2026-11-30T16:00:00Z")
        );
        assert!(since_stamp("yesterday").is_err());
    }

    #[test]
    fn production_needs_every_party_and_a_signature() {
        let none = |_: &str| None;
        assert!(matches!(
            Parties::from_env(Mode::Development, none).map(|p| p.signing),
            Ok(Signing::Unsigned)
        ));
        let err = Parties::from_env(Mode::Production, none)
            .err()
            .unwrap_or_default();
        assert!(err.contains("HAITAO_CUSTOMS_SIGNING_KEY_FILE"), "{err}");
        // The operator says the transfer client signs: then the parties are what is missing.
        let client =
            |k: &str| (k == "HAITAO_CUSTOMS_SIGNED_BY").then(|| "transfer-client".to_owned());
        let err = Parties::from_env(Mode::Production, client)
            .err()
            .unwrap_or_default();
        assert!(err.contains("HAITAO_CUSTOMS_EBP_CODE"), "{err}");
        let half = |k: &str| (k == "HAITAO_CUSTOMS_SIGNING_KEY_FILE").then(|| "/k.pem".to_owned());
        let err = Parties::from_env(Mode::Development, half)
            .err()
            .unwrap_or_default();
        assert!(err.contains("go together"), "{err}");
    }
}
