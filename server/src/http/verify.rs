//! `GET /api/verify/{code}`: a unit's authenticity code, checked by anyone
//! holding the parcel (the page `/v/{code}` reads it).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use haitao_core::api::Verification;
use haitao_core::ErrorBody;

use crate::auth::Peer;
use crate::http::no_store;
use crate::infra::error::{ApiError, ApiResult};
use crate::orders::genuine;
use crate::state::AppState;

/// The code's product, seller, ship date and city, and how often it has
/// been checked (this check counted); 404 for a code the shop never made.
/// Limited per client, as ordering is.
#[utoipa::path(
    get, path = "/verify/{code}", tag = "orders",
    params(("code" = String, Path, description = "the code printed on the unit, `K3M9Q-7TXW2`")),
    responses(
        (status = 200, body = Verification), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "too many checks from this client")
    )
)]
pub async fn verify(
    State(st): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let ip = st.throttle.key_for(peer, &headers).to_string();
    // Counted by a keyed hash of the client, never its address.
    let client = hex::encode(
        &st.keys
            .authenticity
            .mac_bytes(&[b"check-client", ip.as_bytes()])[..12],
    );
    let found = genuine::check(&st.db, &code, &client, &st.clock.stamp())
        .await?
        .ok_or_else(|| ApiError::not_found("code").field("code"))?;
    Ok(no_store(StatusCode::OK, found))
}
