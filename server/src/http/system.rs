use axum::extract::State;
use axum::Json;
use haitao_core::api::Health;

use crate::infra::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Liveness, and a count that proves the database answers.
#[utoipa::path(get, path = "/health", tag = "system", responses((status = 200, body = Health)))]
pub async fn health(State(st): State<AppState>) -> ApiResult<Json<Health>> {
    let (products,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM products WHERE status = 'published'")
            .fetch_one(&st.db)
            .await?;
    Ok(Json(Health {
        status: "ok".into(),
        products,
    }))
}

/// Any `/api/...` path that names nothing.
pub async fn api_not_found() -> ApiError {
    ApiError::not_found("API route")
}
