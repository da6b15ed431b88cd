use haitao_core::ErrorCode;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr};

use crate::api::ApiError;
use crate::components::page_title::PageTitle;
use crate::i18n::error_message;

/// The link carried no token (and this tab kept none).
pub fn no_token() -> ApiError {
    ApiError::Api {
        status: 401,
        code: ErrorCode::PreviewTokenMissing,
        field: None,
    }
}

pub fn is_token_problem(err: &ApiError) -> bool {
    matches!(
        err,
        ApiError::Api {
            code: ErrorCode::PreviewTokenMissing
                | ErrorCode::PreviewTokenInvalid
                | ErrorCode::PreviewTokenExpired
                | ErrorCode::PreviewTokenRevoked
                | ErrorCode::PreviewWrongSeller,
            ..
        }
    )
}

/// A preview link that does not open: what is wrong with it and how to get
/// a good one. Nothing of the seller's is shown.
#[component]
pub fn TokenProblem(err: ApiError, seller: String) -> impl IntoView {
    let err = StoredValue::new(err);
    view! {
        <PageTitle text=move || tr!("preview-problem-title")/>
        <div class="error-panel preview-problem" role="alert">
            <p class="error-title">{move_tr!("preview-problem-title")}</p>
            <p class="problem-reason">{move || err.with_value(error_message)}</p>
            <p class="hint">{move || tr!("preview-problem-hint", { "seller" => seller.clone() })}</p>
        </div>
    }
}
