//! `customs receipts DIR`: customs' returns move orders on. Released:
//! cleared. Refused: refunded in full, customs_refused, the shopper told
//! why. Detained: for the operator. Each return once; a return read late
//! does not undo a later one.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::{address, identity, Shop};
use haitao_server::orders::customs_receipts::apply_dir;

async fn paid(shop: &Shop, key: &str) -> String {
    let body = json!({"lines": [{"sku": "AL-500G", "qty": 1}], "address": address(), "identity": identity()});
    let (status, order) = shop.post("/api/orders", &body, Some(key)).await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    let id = order["id"].as_str().expect("id").to_owned();
    let (_, start) = shop.pay(&id, "alipay", &format!("{key}-pay")).await;
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    id
}

fn ceb312(order: &str, status: i64, time: &str, info: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<CEB312Message xmlns="http://www.chinaport.gov.cn/ceb" guid="4CDE1CFD-EDED-46B1-946C-B8022E42FC94" version="1.0">
<OrderReturn><guid>4CDE1CFD-EDED-46B1-946C-B8022E42FC94</guid><ebpCode>1105910159</ebpCode><ebcCode>1105910159</ebcCode>
<orderNo>{order}</orderNo><returnStatus>{status}</returnStatus><returnTime>{time}</returnTime><returnInfo>{info}</returnInfo></OrderReturn>
</CEB312Message>"#
    )
}

fn ceb622(order: &str, status: i64, time: &str, info: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<CEB622Message version="1.0" xmlns="http://www.chinaport.gov.cn/ceb" guid="4CDE1CFD-EDED-46B1-946C-B8022E42FC94">
<InventoryReturn><guid>4CDE1CFD-EDED-46B1-946C-B8022E42FC94</guid><customsCode>2244</customsCode><agentCode>1105980159</agentCode>
<copNo>{order}</copNo><preNo>B20261207000000001</preNo><returnStatus>{status}</returnStatus><returnTime>{time}</returnTime><returnInfo>{info}</returnInfo></InventoryReturn>
</CEB622Message>"#
    )
}

#[tokio::test]
async fn customs_decides_and_each_return_counts_once() {
    let shop = Shop::new().await;
    let st = &shop.state;
    let (released, refused, late, held) = (
        paid(&shop, "rc-released-0001").await,
        paid(&shop, "rc-refused-0001").await,
        paid(&shop, "rc-late-00001").await,
        paid(&shop, "rc-held-00001").await,
    );
    let stock_before = shop.stock("AL-500G").await;
    let dir = tempfile::tempdir().expect("dir");
    let write =
        |name: &str, text: String| std::fs::write(dir.path().join(name), text).expect("write");
    write(
        "01-order.xml",
        ceb312(
            &released,
            120,
            "20261207100000000",
            "[Code:1800;Desc:逻辑校验通过]",
        ),
    );
    write(
        "02-invt.xml",
        ceb622(&released, 800, "20261207120000000", "放行"),
    );
    write(
        "03-refused.xml",
        ceb312(
            &refused,
            100,
            "20261207100000000",
            "订购人身份信息校验未通过",
        ),
    );
    write(
        "04-late-cleared.xml",
        ceb622(&late, 800, "20261207150000000", "放行"),
    );
    // An older return, read after the newer one: it decided nothing.
    write(
        "05-late-old.xml",
        ceb622(&late, 100, "20261207090000000", "退单"),
    );
    write(
        "06-held.xml",
        ceb622(&held, 502, "20261207110000000", "扣留移送缉私"),
    );
    write(
        "07-other-shop.xml",
        ceb622("HT000000000000", 800, "20261207110000000", "放行"),
    );
    write(
        "08-format.xml",
        r#"<CEB900Message xmlns="http://www.chinaport.gov.cn/ceb"/>"#.into(),
    );

    let done = apply_dir(&st.db, &st.clock, st.payments.as_ref(), dir.path())
        .await
        .expect("read");
    assert_eq!(done.files, 8);
    assert_eq!(done.new, 6);
    assert_eq!(done.cleared, [released.clone(), late.clone()]);
    assert_eq!(done.refused, std::slice::from_ref(&refused));
    assert_eq!(done.attention.len(), 1);
    assert_eq!(done.attention[0].order, held);
    assert_eq!(done.unknown.len(), 1);
    assert_eq!(done.unreadable.len(), 1);

    let (_, o) = shop.get(&format!("/api/orders/{released}")).await;
    assert_eq!(o["status"], "cleared");
    assert!(o["steps"]["cleared_at"].is_string());
    let (_, o) = shop.get(&format!("/api/orders/{late}")).await;
    assert_eq!(
        o["status"], "cleared",
        "the older refusal did not undo the release: {o}"
    );
    let (_, o) = shop.get(&format!("/api/orders/{held}")).await;
    assert_eq!(
        o["status"], "paid",
        "detained: the operator looks, the order waits"
    );
    // Refused: refunded in full through the provider, the reason in customs' words.
    let (_, o) = shop.get(&format!("/api/orders/{refused}")).await;
    assert_eq!(o["status"], "customs_refused", "{o}");
    assert_eq!(o["customs_note"], "订购人身份信息校验未通过");
    assert_eq!(o["refunds"][0]["reason"], "customs_refused");
    assert_eq!(o["refunds"][0]["amount"], o["quote"]["total"]);
    assert_eq!(
        shop.stock("AL-500G").await,
        stock_before + 1,
        "it never left: back on sale"
    );

    // Read again: nothing new, nothing refunded twice.
    let again = apply_dir(&st.db, &st.clock, st.payments.as_ref(), dir.path())
        .await
        .expect("read");
    assert_eq!(
        (again.new, again.cleared.len(), again.refused.len()),
        (0, 0, 0)
    );
    let (_, o) = shop.get(&format!("/api/orders/{refused}")).await;
    assert_eq!(o["refunds"].as_array().map(Vec::len), Some(1));
}
