//! The customs order declaration (CEB311): one file per paid order, the sums
//! add up, the full ID number is in it (and nowhere else), and each order is
//! declared once.

use crate::common::{identity, other_identity, Shop, TEST_SECRET};
use haitao_server::customs::{export, Parties};
use haitao_server::infra::keys::Keys;
use haitao_server::infra::mode::Mode;
use serde_json::json;

const NS: &str = "http://www.chinaport.gov.cn/ceb";

/// "123.45" -> 12345 fen
fn fen(text: &str) -> i64 {
    let (int, frac) = text.split_once('.').unwrap_or((text, "0"));
    let frac = format!("{frac:0<2}");
    int.parse::<i64>().unwrap_or(i64::MIN) * 100 + frac[..2].parse::<i64>().unwrap_or(0)
}

/// The text of `node`'s child element `name`, or "".
fn child(node: roxmltree::Node, name: &str) -> String {
    node.children()
        .find(|n| n.has_tag_name((NS, name)))
        .and_then(|n| n.text())
        .unwrap_or("")
        .to_owned()
}

async fn paid(shop: &Shop, lines: serde_json::Value, who: serde_json::Value, key: &str) -> String {
    let o = shop.order_of(lines, who, key).await;
    let id = o["id"].as_str().expect("id").to_owned();
    let (_, start) = shop.pay(&id, "alipay", &format!("{key}-pay")).await;
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    id
}

#[tokio::test]
async fn each_paid_order_is_declared_once_with_sums_that_add_up() {
    let shop = Shop::new().await;
    let one = paid(
        &shop,
        json!([{"sku": "AL-500G", "qty": 3}]),
        identity(),
        "customs-order-01",
    )
    .await;
    let two = paid(
        &shop,
        json!([{"sku": "AL-500G", "qty": 1}, {"sku": "SS-1KG", "qty": 2}]),
        other_identity(),
        "customs-order-02",
    )
    .await;
    let unpaid = shop
        .order_of(
            json!([{"sku": "AL-500G", "qty": 1}]),
            identity(),
            "customs-order-03",
        )
        .await;
    let dir = tempfile::tempdir().expect("dir");
    let parties = Parties::from_env(Mode::Development, |_| None).expect("parties");
    let done = shop.declare(dir.path()).await;
    assert!(done.failed.is_empty(), "{:?}", done.failed);
    assert_eq!(done.written.len(), 2);
    assert!(!dir
        .path()
        .join(format!(
            "CEB311_{}.xml",
            unpaid["id"].as_str().unwrap_or("")
        ))
        .exists());

    for (order, person, lines) in [(&one, identity(), 1), (&two, other_identity(), 2)] {
        let xml =
            std::fs::read_to_string(dir.path().join(format!("CEB311_{order}.xml"))).expect("file");
        let doc = roxmltree::Document::parse(&xml).expect("the file parses as XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "CEB311Message");
        assert_eq!(root.tag_name().namespace(), Some(NS));
        let head = root
            .descendants()
            .find(|n| n.has_tag_name((NS, "OrderHead")))
            .expect("OrderHead");
        let get = |name: &str| child(head, name);
        assert_eq!(get("orderNo"), *order);
        assert_eq!(get("orderType"), "I");
        assert_eq!(get("currency"), "142");
        assert_eq!(get("buyerIdType"), "1");
        assert_eq!(get("buyerIdNumber"), person["id_number"]);
        assert_eq!(get("buyerName"), person["name"]);
        assert_eq!(get("buyerTelephone"), "13800138000");
        assert_eq!(get("consignee"), "张三");
        // As addresses are written: no GB/T 2260 placeholder city (市辖区).
        assert!(
            get("consigneeAddress").starts_with("上海市浦东新区"),
            "{}",
            get("consigneeAddress")
        );
        assert_eq!(get("payName"), parties.alipay.1);
        let (goods, freight, tax, discount, paid) = (
            fen(&get("goodsValue")),
            fen(&get("freight")),
            fen(&get("taxTotal")),
            fen(&get("discount")),
            fen(&get("acturalPaid")),
        );
        assert!(goods > 0 && freight > 0 && tax > 0, "{xml}");
        assert_eq!(
            goods + freight + tax - discount,
            paid,
            "goods + freight + tax - discount = paid"
        );
        let (_, o) = shop.get(&format!("/api/orders/{order}")).await;
        assert_eq!(
            paid,
            o["quote"]["total"]["amount"].as_i64().unwrap_or(-1),
            "what the shopper paid"
        );
        let items: Vec<_> = root
            .descendants()
            .filter(|n| n.has_tag_name((NS, "OrderList")))
            .collect();
        // A line whose total does not divide by its quantity is two rows.
        assert!(items.len() >= lines);
        let mut sum = 0;
        for (i, item) in items.iter().enumerate() {
            let get = |name: &str| child(*item, name);
            assert_eq!(get("gnum"), (i + 1).to_string());
            assert_eq!(get("country"), "502");
            assert_eq!(get("currency"), "142");
            assert!(!get("itemName").is_empty());
            // 规格型号 (required since 2018), between itemName and itemDescribe.
            assert!(!get("gmodel").is_empty());
            let order: Vec<&str> = item
                .children()
                .filter(|n| n.is_element())
                .map(|n| n.tag_name().name())
                .collect();
            let at = |name: &str| order.iter().position(|n| *n == name);
            assert!(
                at("itemName") < at("gmodel") && at("gmodel") < at("itemDescribe"),
                "{order:?}"
            );
            let qty: i64 = get("qty").parse().unwrap_or(0);
            // Two decimals (the XSD allows up to five), and the row's total is exactly price x qty.
            let price = get("price");
            assert_eq!(price.split('.').nth(1).map(str::len), Some(2), "{price}");
            let total = fen(&get("totalPrice"));
            assert_eq!(fen(&price) * qty, total, "price x qty = total");
            sum += total;
        }
        assert_eq!(sum, goods, "the lines add up to the goods value");
        assert_eq!(o["status"], "customs_declared");
    }

    // Declared once: a second run writes nothing.
    let again = shop.declare(dir.path()).await;
    assert!(again.written.is_empty());
}

#[tokio::test]
async fn without_the_key_nothing_is_declared_and_nothing_is_marked() {
    let shop = Shop::new().await;
    let id = paid(
        &shop,
        json!([{"sku": "AL-500G", "qty": 1}]),
        identity(),
        "customs-order-09",
    )
    .await;
    let dir = tempfile::tempdir().expect("dir");
    let parties = Parties::from_env(Mode::Development, |_| None).expect("parties");
    let wrong = Keys::derive(b"another-secret-another-secret-another-1");
    let done = export(
        &shop.state.db,
        &wrong,
        &shop.state.clock,
        &parties,
        None,
        dir.path(),
    )
    .await
    .expect("export");
    assert!(done.written.is_empty());
    assert_eq!(done.failed.len(), 1);
    assert_eq!(done.failed[0].0, id);
    let (_, o) = shop.get(&format!("/api/orders/{id}")).await;
    assert_eq!(o["status"], "paid", "still to be declared");
    // --since leaves out orders paid before the day.
    let keys = Keys::derive(TEST_SECRET);
    let later = haitao_server::customs::since_stamp("2999-01-01").expect("date");
    let none = export(
        &shop.state.db,
        &keys,
        &shop.state.clock,
        &parties,
        Some(&later),
        dir.path(),
    )
    .await
    .expect("export");
    assert!(none.written.is_empty() && none.failed.is_empty());
}

/// Runs a command; its success and what it printed.
fn run(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} (scripts/setup installs it): {e}"));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

/// A declared message (appStatus 2) carries `ds:Signature` as its root's last
/// child, after BaseTransfer, as customs' signed samples do: enveloped,
/// C14N 1.0, RSA-SHA1, KeyName the certificate's serial, the certificate
/// itself. Verified by an independent implementation (xmlsec1, libxml2's
/// canonicalization); a changed byte fails it.
#[tokio::test]
async fn a_declaration_is_signed_with_the_operators_certificate_and_verifies() {
    let shop = Shop::new().await;
    // Quotes, an ampersand and a carriage return in what the shopper typed:
    // the canonical form must still be what is signed.
    let who = json!({"name": "张三", "id_number": "11010519491231002X"});
    let order = shop
        .order_of(
            json!([{"sku": "AL-500G", "qty": 1}]),
            who,
            "customs-signed-01",
        )
        .await;
    let id = order["id"].as_str().expect("id").to_owned();
    let (_, start) = shop.pay(&id, "alipay", "customs-signed-01-pay").await;
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    sqlx::query("UPDATE orders SET address_json = REPLACE(address_json, '世纪大道100号', '世纪大道100号 \\\"A&B\\\" 座\\r\\n') WHERE id = $1")
        .bind(&id)
        .execute(&shop.state.db)
        .await
        .expect("address");

    let keys = tempfile::tempdir().expect("dir");
    let key = keys.path().join("customs.key.pem");
    let cert = keys.path().join("customs.cert.pem");
    let (made, said) = run(
        "openssl",
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=haitao customs test",
            "-set_serial",
            "0x01691fe9",
            "-keyout",
            &key.display().to_string(),
            "-out",
            &cert.display().to_string(),
        ],
    );
    assert!(made, "{said}");
    let (k, c) = (key.display().to_string(), cert.display().to_string());
    let parties = Parties::from_env(Mode::Development, |name| match name {
        "HAITAO_CUSTOMS_SIGNING_KEY_FILE" => Some(k.clone()),
        "HAITAO_CUSTOMS_SIGNING_CERT_FILE" => Some(c.clone()),
        _ => None,
    })
    .expect("parties");
    let dir = tempfile::tempdir().expect("dir");
    let done = export(
        &shop.state.db,
        &Keys::derive(TEST_SECRET),
        &shop.state.clock,
        &parties,
        None,
        dir.path(),
    )
    .await
    .expect("export");
    assert_eq!(done.written.len(), 1, "{:?}", done.failed);
    let file = done.written[0].display().to_string();
    let xml = std::fs::read_to_string(&file).expect("file");
    assert!(xml.contains("\"A&amp;B\""), "written as C14N writes text");

    let doc = roxmltree::Document::parse(&xml).expect("parses");
    let root = doc.root_element();
    let children: Vec<&str> = root
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(children, ["Order", "BaseTransfer", "Signature"]);
    const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
    let sig = root.last_element_child().expect("signature");
    assert_eq!(sig.tag_name().namespace(), Some(DS));
    let algorithm = |name: &str| {
        sig.descendants()
            .find(|n| n.has_tag_name((DS, name)))
            .and_then(|n| n.attribute("Algorithm"))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        algorithm("CanonicalizationMethod"),
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    );
    assert_eq!(algorithm("SignatureMethod"), format!("{DS}rsa-sha1"));
    assert_eq!(algorithm("Transform"), format!("{DS}enveloped-signature"));
    assert_eq!(algorithm("DigestMethod"), format!("{DS}sha1"));
    let key_name = sig
        .descendants()
        .find(|n| n.has_tag_name((DS, "KeyName")))
        .and_then(|n| n.text());
    assert_eq!(key_name, Some("01691fe9"));
    assert!(sig
        .descendants()
        .any(|n| n.has_tag_name((DS, "X509Certificate"))));

    let verify = |path: &str| {
        run(
            "xmlsec1",
            &[
                "--verify",
                "--pubkey-cert-pem",
                &c,
                "--enabled-reference-uris",
                "empty",
                path,
            ],
        )
    };
    let (ok, said) = verify(&file);
    assert!(ok, "xmlsec1 refused the signature: {said}");
    // One changed character (the payer's name) and it no longer verifies.
    let forged = dir.path().join("forged.xml");
    std::fs::write(&forged, xml.replace("张三", "李四")).expect("write");
    let (ok, said) = verify(&forged.display().to_string());
    assert!(!ok, "a changed message must not verify: {said}");
}
