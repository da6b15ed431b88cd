//! "Is it genuine?": what the public check page of a unit's authenticity
//! code shows (`GET /api/verify/{code}`, `/v/{code}`): the product, its
//! seller and verification, when it shipped and the city it went to (never
//! a name, a phone or a street), and how often and since when the code has
//! been checked. A code checked from many clients is flagged: a copied label
//! goes on many fakes, a real one is scanned by one buyer and their family.

use haitao_core::api::{Address, SellerRef, Verification, VerifiedProduct};
use haitao_core::text::L10n;
use sqlx::AnyPool;

use super::shipments::CROCKFORD;
use crate::catalog::rows::SellerColumns;

/// From this many different clients, a code is flagged (to the shopper and
/// in the operator's list).
pub const FLAG_CLIENTS: i64 = 5;

/// A code as typed or scanned (its alphabet: `shipments::unit_code`'s) (`k3m9q 7txw2`, `K3M9Q7TXW2`), as the shop
/// prints it (`K3M9Q-7TXW2`); Crockford's reading of the letters people
/// confuse (I and L are 1, O is 0). None when it cannot be a code.
pub fn normalize(text: &str) -> Option<String> {
    let chars: Vec<u8> = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'-')
        .map(|b| match b.to_ascii_uppercase() {
            b'I' | b'L' => b'1',
            b'O' => b'0',
            other => other,
        })
        .collect();
    if chars.len() != 10 || !chars.iter().all(|b| CROCKFORD.contains(b)) {
        return None;
    }
    let s = String::from_utf8(chars).ok()?;
    Some(format!("{}-{}", &s[..5], &s[5..]))
}

#[derive(sqlx::FromRow)]
struct Row {
    order_id: String,
    sku: String,
    slug: String,
    name_zh: String,
    name_en: String,
    images: String,
    label_zh: String,
    label_en: String,
    #[sqlx(flatten)]
    seller: SellerColumns,
    verified_on: Option<String>,
    address_json: String,
}

#[derive(sqlx::FromRow)]
struct Checks {
    checks: i64,
    clients: i64,
    first_at: Option<String>,
}

/// The code's page, the check recorded (`client`: a keyed hash of the
/// asking client, never its address); None for a code the shop never made.
pub async fn check(
    pool: &AnyPool,
    code: &str,
    client: &str,
    now: &str,
) -> Result<Option<Verification>, sqlx::Error> {
    let Some(code) = normalize(code) else {
        return Ok(None);
    };
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT a.order_id, a.sku, p.slug, p.name_zh, p.name_en, p.images, v.label_zh, v.label_en,
                {}, s.verified_on, o.address_json
           FROM authenticity_codes a
           JOIN orders o ON o.id = a.order_id
           JOIN variants v ON v.sku = a.sku
           JOIN products p ON p.id = v.product_id
           JOIN sellers s ON s.id = p.seller_id
          WHERE a.code = $1",
        SellerColumns::COLUMNS
    ))
    .bind(&code)
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    sqlx::query("INSERT INTO code_checks (code, client, checked_at) VALUES ($1, $2, $3)")
        .bind(&code)
        .bind(client)
        .bind(now)
        .execute(pool)
        .await?;
    let c: Checks = sqlx::query_as(
        "SELECT COUNT(*) AS checks, COUNT(DISTINCT client) AS clients, MIN(checked_at) AS first_at
           FROM code_checks WHERE code = $1",
    )
    .bind(&code)
    .fetch_one(pool)
    .await?;
    // The first parcel of the order that held this SKU.
    let (shipped_at,): (Option<String>,) = sqlx::query_as(
        "SELECT MIN(p.created_at) FROM parcels p
           JOIN parcel_lines l ON l.parcel_id = p.id
           JOIN shipments s ON s.id = p.shipment_id
          WHERE s.order_id = $1 AND l.sku = $2",
    )
    .bind(&r.order_id)
    .bind(&r.sku)
    .fetch_one(pool)
    .await?;
    let (province, city) = serde_json::from_str::<Address>(&r.address_json)
        .map(|a| (a.province, a.city))
        .unwrap_or_default();
    let images: Vec<String> = serde_json::from_str(&r.images).unwrap_or_default();
    let seller: SellerRef = r.seller.to_ref();
    Ok(Some(Verification {
        seller_verified_on: r.verified_on.filter(|_| seller.verified),
        seller,
        product: VerifiedProduct {
            slug: r.slug,
            name: L10n::new(r.name_zh, r.name_en),
            image: images.into_iter().next().unwrap_or_default(),
            label: L10n::new(r.label_zh, r.label_en),
        },
        shipped_at,
        province,
        city,
        checks: u32::try_from(c.checks).unwrap_or(u32::MAX),
        first_checked_at: c.first_at.unwrap_or_else(|| now.to_owned()),
        flagged: c.clients >= FLAG_CLIENTS,
        code,
    }))
}

/// A code for the operator's list: checked from many clients.
#[derive(sqlx::FromRow)]
pub struct Flagged {
    pub code: String,
    pub order_id: String,
    pub sku: String,
    pub checks: i64,
    pub clients: i64,
    pub first_at: String,
    pub last_at: String,
}

/// Every flagged code, the most widely checked first.
pub async fn flagged(pool: &AnyPool) -> Result<Vec<Flagged>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.code, a.order_id, a.sku, COUNT(*) AS checks, COUNT(DISTINCT c.client) AS clients,
                MIN(c.checked_at) AS first_at, MAX(c.checked_at) AS last_at
           FROM code_checks c JOIN authenticity_codes a ON a.code = c.code
          GROUP BY c.code, a.order_id, a.sku
         HAVING COUNT(DISTINCT c.client) >= $1
          ORDER BY clients DESC, c.code",
    )
    .bind(FLAG_CLIENTS)
    .fetch_all(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_read_as_people_type_it() {
        assert_eq!(normalize("K3M9Q-7TXW2").as_deref(), Some("K3M9Q-7TXW2"));
        assert_eq!(normalize(" k3m9q 7txw2 ").as_deref(), Some("K3M9Q-7TXW2"));
        assert_eq!(normalize("K3M9Q7TXW2").as_deref(), Some("K3M9Q-7TXW2"));
        // Crockford: O is 0, I and L are 1.
        assert_eq!(normalize("KOMIQ-7TXWL").as_deref(), Some("K0M1Q-7TXW1"));
        for bad in ["", "K3M9Q-7TXW", "K3M9Q-7TXW22", "K3M9Q-7TXU2", "<script>"] {
            assert_eq!(normalize(bad), None, "{bad}");
        }
    }
}
