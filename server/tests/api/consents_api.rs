//! The consumer notice and the personal-information consents: an order or a
//! sign-in without them is refused, saying which; with them, each is recorded
//! in the version read. The documents themselves, in both languages.

use axum::http::StatusCode;
use haitao_core::legal::{DocumentName, FOR_ORDER, FOR_SIGN_IN};
use serde_json::{json, Value};

use crate::common::{
    accepted_for, address, call, identity, last_code, other_identity, sign_in, Shop,
};

fn order_with(accepted: Value) -> Value {
    json!({"lines": [{"sku": "AL-500G", "qty": 1}], "address": address(), "identity": identity(), "accepted": accepted})
}

#[tokio::test]
async fn an_order_names_each_consent_it_lacks_and_records_those_given() {
    let shop = Shop::new().await;
    let stock = shop.stock("AL-500G").await;
    // Nothing ticked: the notice is asked for first.
    let (status, err) = shop
        .post(
            "/api/orders",
            &order_with(json!([])),
            Some("consent-key-0001"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["code"], "consent_missing");
    assert_eq!(err["error"]["field"], "accepted.notice");
    // Each one left out is named.
    for (i, left_out) in FOR_ORDER.iter().enumerate() {
        let given: Vec<DocumentName> = FOR_ORDER.into_iter().filter(|d| d != left_out).collect();
        let (status, err) = shop
            .post(
                "/api/orders",
                &order_with(accepted_for(&given)),
                Some(&format!("consent-key-01{i:02}")),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        assert_eq!(
            err["error"]["field"],
            format!("accepted.{}", left_out.slug())
        );
    }
    // A version that is no longer the one in force: read it again.
    let mut old = accepted_for(&FOR_ORDER);
    old[0]["version"] = json!("2000-01-01");
    let (status, err) = shop
        .post("/api/orders", &order_with(old), Some("consent-key-0200"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "consent_outdated");
    assert_eq!(err["error"]["field"], "accepted.notice");
    assert_eq!(
        shop.stock("AL-500G").await,
        stock,
        "nothing held by refused orders"
    );

    let (status, order) = shop
        .post(
            "/api/orders",
            &order_with(accepted_for(&FOR_ORDER)),
            Some("consent-key-0300"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    let id = order["id"].as_str().expect("id");
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT document, version, accepted_at FROM consents WHERE order_id = $1 ORDER BY document",
    )
    .bind(id)
    .fetch_all(&shop.state.db)
    .await
    .expect("consents");
    let mut names: Vec<&str> = FOR_ORDER.iter().map(|d| d.slug()).collect();
    names.sort_unstable();
    assert_eq!(rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), names);
    for (doc, version, at) in &rows {
        let name = DocumentName::parse(doc).expect("name");
        assert_eq!(version, shop.state.documents.version(name));
        assert_eq!(
            at,
            &order["created_at"].as_str().expect("created").to_owned()
        );
    }
}

#[tokio::test]
async fn sign_in_needs_the_agreement_and_policy_and_spends_no_try_without_them() {
    let shop = Shop::unthrottled().await;
    let phone = "13800138077";
    let (status, _, _) = call(
        &shop,
        "POST",
        "/api/auth/code",
        None,
        Some(json!({ "phone": phone })),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let code = last_code(&shop, phone).await;
    let only_terms = accepted_for(&[DocumentName::Terms]);
    for (accepted, field) in [
        (json!([]), "accepted.terms"),
        (only_terms, "accepted.privacy"),
    ] {
        let (status, err, cookie) = call(
            &shop,
            "POST",
            "/api/auth/session",
            None,
            Some(json!({ "phone": phone, "code": code, "accepted": accepted })),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        assert_eq!(err["error"]["field"], field);
        assert!(cookie.is_none(), "no session without consent");
    }
    // The same code still signs in once both are ticked: nothing was spent.
    let (status, body, _) = call(
        &shop,
        "POST",
        "/api/auth/session",
        None,
        Some(json!({ "phone": phone, "code": code, "accepted": accepted_for(&FOR_SIGN_IN) })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Signing in again with the same versions records nothing new.
    sign_in(&shop, phone).await;
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.document, c.version FROM consents c JOIN accounts a ON a.id = c.account_id
          WHERE a.phone = $1 ORDER BY c.document",
    )
    .bind(phone)
    .fetch_all(&shop.state.db)
    .await
    .expect("consents");
    let docs = &shop.state.documents;
    assert_eq!(
        rows,
        vec![
            (
                "privacy".to_owned(),
                docs.version(DocumentName::Privacy).to_owned()
            ),
            (
                "terms".to_owned(),
                docs.version(DocumentName::Terms).to_owned()
            ),
        ]
    );
}

#[tokio::test]
async fn documents_in_both_languages_with_the_shops_own_figures() {
    let shop = Shop::new().await;
    let (status, zh) = shop.get("/api/documents/notice").await;
    assert_eq!(status, StatusCode::OK, "{zh}");
    assert_eq!(zh["name"], "notice");
    assert!(zh["title"]
        .as_str()
        .expect("title")
        .contains("消费者告知书"));
    let (_, en) = shop.get("/api/documents/notice?lang=en-US").await;
    assert_eq!(en["version"], zh["version"]);
    assert!(en["html"].as_str().expect("html").contains("personal use"));
    let (_, privacy) = shop.get("/api/documents/privacy?lang=en-US").await;
    let days = shop.state.settings.id_retention_days;
    assert!(
        privacy["html"]
            .as_str()
            .expect("html")
            .contains(&format!("{days} days")),
        "{privacy}"
    );
    assert!(privacy["html"]
        .as_str()
        .expect("html")
        .contains(&shop.state.settings.contact));
    let (status, _) = shop.get("/api/documents/cookies").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The yearly allowance a saved payer has used is told to the account that
/// paid with that number, and to no other account that saves it.
#[tokio::test]
async fn a_saved_payer_shows_its_years_use_only_to_the_account_that_paid_with_it() {
    let shop = Shop::unthrottled().await;
    let me = sign_in(&shop, "13800138078").await;
    let (_, payer, _) = call(
        &shop,
        "POST",
        "/api/account/payers",
        Some(&me),
        Some(other_identity()),
    )
    .await;
    let (_, payers, _) = call(&shop, "GET", "/api/account/payers", Some(&me), None).await;
    assert!(
        payers[0].get("used_this_year").is_none(),
        "nothing paid yet: {payers}"
    );
    let body = json!({"lines": [{"sku": "AL-500G", "qty": 1}], "address": address(), "saved_payer": payer["id"]});
    let (status, o, _) = call(&shop, "POST", "/api/orders", Some(&me), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
    let id = o["id"].as_str().expect("id");
    let (_, start, _) = call(
        &shop,
        "POST",
        &format!("/api/orders/{id}/pay"),
        Some(&me),
        Some(json!({"method": "wechat"})),
    )
    .await;
    shop.choose(start["payment_id"].as_str().expect("payment"), "succeeded")
        .await;
    let (_, payers, _) = call(&shop, "GET", "/api/account/payers", Some(&me), None).await;
    assert_eq!(payers[0]["used_this_year"], o["quote"]["total"], "{payers}");
    // Someone else who types the same number learns nothing of it.
    let other = sign_in(&shop, "13800138079").await;
    call(
        &shop,
        "POST",
        "/api/account/payers",
        Some(&other),
        Some(other_identity()),
    )
    .await;
    let (_, theirs, _) = call(&shop, "GET", "/api/account/payers", Some(&other), None).await;
    assert!(theirs[0].get("used_this_year").is_none(), "{theirs}");
}

/// Keeping a payer keeps an ID number: only with the separate consent to it,
/// recorded for the account in the version read.
#[tokio::test]
async fn a_payer_is_kept_only_with_the_consent_to_keep_the_id_number() {
    let shop = Shop::unthrottled().await;
    let me = sign_in(&shop, "13800138079").await;
    let mut body = other_identity();
    body["accepted"] = json!([]);
    let (status, err, _) = call(
        &shop,
        "POST",
        "/api/account/payers",
        Some(&me),
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["code"], "consent_missing");
    assert_eq!(err["error"]["field"], "accepted.consent-id");
    let (_, payers, _) = call(&shop, "GET", "/api/account/payers", Some(&me), None).await;
    assert_eq!(payers, json!([]), "nothing kept");

    body["accepted"] = accepted_for(&[DocumentName::ConsentId]);
    let (status, saved, _) =
        call(&shop, "POST", "/api/account/payers", Some(&me), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{saved}");
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM consents c JOIN accounts a ON a.id = c.account_id
          WHERE a.phone = '13800138079' AND c.document = 'consent-id'",
    )
    .fetch_one(&shop.state.db)
    .await
    .expect("consents");
    assert_eq!(n, 1);
}
