//! Kuaidi100's push (`POST /api/tracking/kuaidi100/notify`): a form with
//! `param` (the parcel's whole history, JSON) and `sign`, MD5(param + the
//! parcel's salt). A push that does not verify changes nothing; one that
//! does is stored (each event once) before we answer, as Kuaidi100 asks
//! (docs/research/kuaidi100.md §2.5: it tries again three times otherwise).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde::Deserialize;

use crate::state::AppState;

#[derive(Deserialize)]
pub struct PushForm {
    #[serde(default)]
    param: String,
    #[serde(default)]
    sign: String,
}

/// Kuaidi100's answer format: anything else is a failed push to it.
fn answer(status: StatusCode, ok: bool, message: &str) -> Response {
    let code = if ok { "200" } else { "400" };
    (
        status,
        Json(serde_json::json!({ "result": ok, "returnCode": code, "message": message })),
    )
        .into_response()
}

pub async fn kuaidi100_notify(State(st): State<AppState>, Form(f): Form<PushForm>) -> Response {
    let Some(k) = st.kuaidi100.as_ref() else {
        return answer(
            StatusCode::BAD_REQUEST,
            false,
            "this shop does not track with Kuaidi100",
        );
    };
    let Some(v) = k.verify(&f.param, &f.sign) else {
        tracing::warn!("Kuaidi100 push refused: its signature does not verify");
        return answer(StatusCode::BAD_REQUEST, false, "bad signature");
    };
    let parcel: Option<(i64,)> =
        match sqlx::query_as("SELECT id FROM parcels WHERE carrier = $1 AND waybill = $2")
            .bind(v.carrier.as_str())
            .bind(&v.waybill)
            .fetch_optional(&st.db)
            .await
        {
            Ok(p) => p,
            Err(err) => {
                tracing::warn!("Kuaidi100 push: {err}");
                return answer(StatusCode::SERVICE_UNAVAILABLE, false, "try again");
            }
        };
    let Some((parcel,)) = parcel else {
        // Signed for a number we salted but hold no parcel of: nothing to keep.
        tracing::warn!(waybill = %v.waybill, "Kuaidi100 push for no parcel of ours");
        return answer(StatusCode::OK, true, "成功");
    };
    let events = v.push.last_result.events();
    if let Err(err) = crate::tracking::record(&st.db, &st.clock, parcel, &events).await {
        tracing::warn!(parcel, "Kuaidi100 push not stored: {err}");
        return answer(StatusCode::SERVICE_UNAVAILABLE, false, "try again");
    }
    if v.push.status == "abort" || v.push.status == "shutdown" {
        // Kuaidi100 stopped following it (signed for, or nothing heard):
        // the fallback query follows it from here.
        let state = format!("{}: {}", v.push.status, v.push.message);
        if let Err(err) = sqlx::query("UPDATE parcels SET tracking_state = $1 WHERE id = $2")
            .bind(&state)
            .bind(parcel)
            .execute(&st.db)
            .await
        {
            tracing::warn!(parcel, "Kuaidi100 push: {err}");
        }
    }
    answer(StatusCode::OK, true, "成功")
}
