//! Reviews, only from buyers (haitao_core::reviews): a review names an
//! order's line, and is refused until that line was delivered (its parcel
//! signed for, or the whole order). One per line; the seller replies once;
//! the operator hides one with a reason (`haitao-server reviews`).

use axum::http::StatusCode;
use haitao_core::reviews::{
    average_tenths, in_reading_order, lang_of, masked, NewReview, Review, ReviewPage, REPLY_MAX,
    TEXT_MAX,
};
use haitao_core::text::{L10n, Lang};
use haitao_core::ErrorCode;
use sqlx::AnyPool;

use crate::infra::clock::Clock;
use crate::infra::error::{ApiError, ApiResult};
use crate::orders::photos;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    sku: String,
    rating: i64,
    text: String,
    lang: String,
    author: String,
    created_at: String,
    reply: Option<String>,
    label_zh: Option<String>,
    label_en: Option<String>,
}

const SELECT: &str =
    "SELECT r.id, r.sku, r.rating, r.text, r.lang, r.author, r.created_at, r.reply,
        v.label_zh, v.label_en
   FROM reviews r LEFT JOIN variants v ON v.sku = r.sku";

async fn read(db: &AnyPool, filter: &str, bind: &str) -> ApiResult<Vec<Review>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE {filter} ORDER BY r.created_at DESC, r.id DESC LIMIT 500"
    ))
    .bind(bind)
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let photos = photos::urls_of(db, photos::Of::Review(r.id)).await?;
        out.push(Review {
            id: r.id,
            sku: r.sku,
            variant: L10n {
                zh: r.label_zh.unwrap_or_default(),
                en: r.label_en.unwrap_or_default(),
            },
            rating: u8::try_from(r.rating).unwrap_or(0),
            text: r.text,
            lang: Lang::from_tag(&r.lang).unwrap_or(Lang::ZhCn),
            author: r.author,
            created_at: r.created_at,
            photos,
            verified: true,
            reply: r.reply,
        });
    }
    Ok(out)
}

/// A product's reviews (hidden ones left out), `lang`'s first.
pub async fn of_product(db: &AnyPool, slug: &str, lang: Lang) -> ApiResult<ReviewPage> {
    let product: Option<(i64,)> = sqlx::query_as("SELECT id FROM products WHERE slug = $1")
        .bind(slug)
        .fetch_optional(db)
        .await?;
    let (product,) = product.ok_or_else(|| ApiError::not_found("product"))?;
    let reviews = read(
        db,
        "r.product_id = CAST($1 AS BIGINT) AND r.hidden_at IS NULL",
        &product.to_string(),
    )
    .await?;
    let ratings: Vec<u8> = reviews.iter().map(|r| r.rating).collect();
    Ok(ReviewPage {
        average_tenths: average_tenths(&ratings),
        count: u32::try_from(reviews.len()).unwrap_or(u32::MAX),
        reviews: in_reading_order(reviews, lang),
    })
}

/// An order's reviews (which lines the buyer reviewed).
pub async fn of_order(db: &AnyPool, order: &str) -> ApiResult<Vec<Review>> {
    read(db, "r.order_id = $1", order).await
}

/// A seller's products' reviews, newest first.
pub async fn of_seller(db: &AnyPool, seller: i64) -> ApiResult<Vec<Review>> {
    read(
        db,
        "r.product_id IN (SELECT id FROM products WHERE seller_id = CAST($1 AS BIGINT))",
        &seller.to_string(),
    )
    .await
}

fn refuse(status: StatusCode, code: ErrorCode, message: &str) -> ApiError {
    ApiError::new(status, code, message)
}

/// The buyer's review of a delivered line of `order`.
pub async fn write(db: &AnyPool, clock: &Clock, order: &str, req: &NewReview) -> ApiResult<Review> {
    let text = req.text.trim();
    if !(1..=5).contains(&req.rating) {
        return Err(ApiError::invalid(ErrorCode::InvalidReview, "rating"));
    }
    if text.chars().count() > TEXT_MAX {
        return Err(ApiError::invalid(ErrorCode::InvalidReview, "text"));
    }
    // Delivered: the one rule the order page offers a review by.
    if !super::get(db, order).await?.line_delivered(&req.sku) {
        return Err(refuse(
            StatusCode::CONFLICT,
            ErrorCode::ReviewNotAllowed,
            "a line is reviewed once it was delivered",
        )
        .field("sku"));
    }
    let mut tx = db.begin().await?;
    let (product,): (i64,) = sqlx::query_as("SELECT product_id FROM variants WHERE sku = $1")
        .bind(&req.sku)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| ApiError::not_found("product"))?;
    let (address,): (String,) = sqlx::query_as("SELECT address_json FROM orders WHERE id = $1")
        .bind(order)
        .fetch_one(&mut *tx)
        .await?;
    let author = serde_json::from_str::<haitao_core::api::Address>(&address)
        .map(|a| masked(&a.recipient))
        .unwrap_or_else(|_| masked(""));
    let lang = lang_of(text, req.lang.unwrap_or(Lang::ZhCn));
    photos::check_unused(&mut tx, order, &req.photos).await?;
    let made: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO reviews (order_id, sku, product_id, rating, text, lang, author, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(order)
    .bind(&req.sku)
    .bind(product)
    .bind(i64::from(req.rating))
    .bind(text)
    .bind(lang.tag())
    .bind(&author)
    .bind(clock.stamp())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id,)) = made else {
        return Err(refuse(
            StatusCode::CONFLICT,
            ErrorCode::ReviewExists,
            "this line is reviewed already",
        ));
    };
    for (i, p) in req.photos.iter().enumerate() {
        sqlx::query(
            "INSERT INTO review_photos (review_id, photo_id, position) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(p)
        .bind(i as i64)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(order, review = id, rating = req.rating, "review written");
    of_order(db, order)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| ApiError::not_found("review"))
}

/// The seller's one reply to a review of one of its products.
pub async fn reply(
    db: &AnyPool,
    clock: &Clock,
    seller: i64,
    id: i64,
    text: &str,
) -> ApiResult<Review> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > REPLY_MAX {
        return Err(ApiError::invalid(ErrorCode::InvalidReview, "text"));
    }
    let mine: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT r.order_id, r.reply FROM reviews r JOIN products p ON p.id = r.product_id
          WHERE r.id = $1 AND p.seller_id = $2",
    )
    .bind(id)
    .bind(seller)
    .fetch_optional(db)
    .await?;
    let (order, _) = mine.ok_or_else(|| ApiError::not_found("review"))?;
    let done = sqlx::query(
        "UPDATE reviews SET reply = $1, replied_at = $2 WHERE id = $3 AND reply IS NULL",
    )
    .bind(text)
    .bind(clock.stamp())
    .bind(id)
    .execute(db)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(refuse(
            StatusCode::CONFLICT,
            ErrorCode::ReviewExists,
            "replied already: a seller replies once",
        ));
    }
    of_order(db, &order)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| ApiError::not_found("review"))
}

/// The operator hides a review, saying why (kept, not shown).
pub async fn hide(db: &AnyPool, clock: &Clock, id: i64, why: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE reviews SET hidden_at = $1, hidden_why = $2 WHERE id = $3 AND hidden_at IS NULL",
    )
    .bind(clock.stamp())
    .bind(why)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// A review as the operator lists it.
#[derive(sqlx::FromRow)]
pub struct Listed {
    pub id: i64,
    pub sku: String,
    pub rating: i64,
    pub text: String,
    pub created_at: String,
    pub hidden_why: Option<String>,
}

/// Every review of a product, hidden ones too, newest first.
pub async fn listed(db: &AnyPool, product: &str) -> Result<Vec<Listed>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, r.sku, r.rating, r.text, r.created_at, r.hidden_why FROM reviews r
           JOIN products p ON p.id = r.product_id WHERE p.slug = $1 ORDER BY r.created_at DESC",
    )
    .bind(product)
    .fetch_all(db)
    .await
}
