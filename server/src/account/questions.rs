//! Questions shoppers ask about a product, and their answers. Asking needs
//! an account: the answer reaches the shopper by SMS to its phone and on its
//! account page. Until sellers have their own centre, the operator answers
//! (`haitao-server questions`).

use axum::http::StatusCode;
use haitao_core::api::{NewQuestion, Question};
use haitao_core::text::L10n;
use haitao_core::{trust, ErrorCode};
use sqlx::AnyPool;

use crate::infra::clock::Clock;
use crate::infra::error::{ApiError, ApiResult};
use crate::sms::{notices, Notice};
use crate::state::AppState;

/// Questions one account may ask in a day (a person asks a few; more is
/// someone using the form to send messages).
pub const PER_DAY: i64 = 10;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    slug: String,
    name_zh: String,
    name_en: String,
    seller_zh: String,
    seller_en: String,
    body: String,
    asked_at: String,
    answer: Option<String>,
    answered_at: Option<String>,
}

impl From<Row> for Question {
    fn from(r: Row) -> Self {
        Question {
            id: r.id,
            product: r.slug,
            product_name: L10n::new(r.name_zh, r.name_en),
            seller: L10n::new(r.seller_zh, r.seller_en),
            body: r.body,
            asked_at: r.asked_at,
            answer: r.answer,
            answered_at: r.answered_at,
        }
    }
}

const SELECT: &str =
    "SELECT q.id, p.slug, p.name_zh, p.name_en, s.name_zh AS seller_zh, s.name_en AS seller_en,
        q.body, q.asked_at, q.answer, q.answered_at
   FROM questions q JOIN products p ON p.id = q.product_id JOIN sellers s ON s.id = p.seller_id";

/// A published product's names and its seller's.
#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    name_zh: String,
    name_en: String,
    seller_zh: String,
    seller_en: String,
}

/// Asks `q` as `account`: 201 with the question.
pub async fn ask(st: &AppState, account: i64, q: &NewQuestion) -> ApiResult<Question> {
    trust::question(&q.body).map_err(|code| ApiError::invalid(code, "body"))?;
    let body = q.body.trim();
    let mut tx = crate::infra::db::begin_write(&st.db).await?;
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Account(account)).await?;
    // What the answer shows of the product, read once with its id.
    let product: ProductRow = sqlx::query_as(
        "SELECT p.id, p.name_zh, p.name_en, s.name_zh AS seller_zh, s.name_en AS seller_en
               FROM products p JOIN sellers s ON s.id = p.seller_id
              WHERE p.slug = $1 AND p.status = 'published'",
    )
    .bind(&q.product)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| ApiError::not_found("product").field("product"))?;
    let (today,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM questions WHERE account_id = $1 AND asked_at > $2")
            .bind(account)
            .bind(st.clock.stamp_in(-86_400))
            .fetch_one(&mut *tx)
            .await?;
    if today >= PER_DAY {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::QuestionLimit,
            format!("at most {PER_DAY} questions a day"),
        ));
    }
    let asked_at = st.clock.stamp();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO questions (account_id, product_id, body, asked_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(account)
    .bind(product.id)
    .bind(body)
    .bind(&asked_at)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Question {
        id,
        product: q.product.clone(),
        product_name: L10n::new(product.name_zh, product.name_en),
        seller: L10n::new(product.seller_zh, product.seller_en),
        body: body.to_owned(),
        asked_at,
        answer: None,
        answered_at: None,
    })
}

/// The account's questions, newest first (the latest fifty).
pub async fn mine(st: &AppState, account: i64) -> ApiResult<Vec<Question>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE q.account_id = $1 ORDER BY q.asked_at DESC, q.id DESC LIMIT 50"
    ))
    .bind(account)
    .fetch_all(&st.db)
    .await?;
    Ok(rows.into_iter().map(Question::from).collect())
}

/// Questions not answered yet, oldest first (the operator's list).
pub async fn open(pool: &AnyPool) -> Result<Vec<Question>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE q.answer IS NULL ORDER BY q.asked_at, q.id"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Question::from).collect())
}

/// Why an answer was not recorded.
#[derive(Debug, PartialEq, Eq)]
pub enum NotAnswered {
    NoSuchQuestion,
    AlreadyAnswered,
    /// Empty, or longer than a question may be.
    BadText,
}

/// Records the answer to question `id` and queues the SMS that tells the
/// shopper; once only (a second answer would be a second SMS).
pub async fn answer(
    pool: &AnyPool,
    clock: &Clock,
    id: i64,
    text: &str,
) -> Result<Result<(), NotAnswered>, sqlx::Error> {
    let text = text.trim();
    if trust::answer(text).is_err() {
        return Ok(Err(NotAnswered::BadText));
    }
    let mut tx = crate::infra::db::begin_write(pool).await?;
    crate::infra::db::lock(&mut tx, crate::infra::db::Row::Question(id)).await?;
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT account_id, answer FROM questions WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let account = match row {
        None => return Ok(Err(NotAnswered::NoSuchQuestion)),
        Some((_, Some(_))) => return Ok(Err(NotAnswered::AlreadyAnswered)),
        Some((account, None)) => account,
    };
    sqlx::query("UPDATE questions SET answer = $2, answered_at = $3 WHERE id = $1")
        .bind(id)
        .bind(text)
        .bind(clock.stamp())
        .execute(&mut *tx)
        .await?;
    notices::enqueue(&mut tx, clock, account, Notice::Answer).await?;
    tx.commit().await?;
    Ok(Ok(()))
}
