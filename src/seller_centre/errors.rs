//! The seller centre's refusals in the user's words: the codes only the
//! centre meets (the shop's messages leave them to it), then the shop's.

use haitao_core::ErrorCode;
use leptos_fluent::tr;

use crate::api::ApiError;

pub fn message(err: &ApiError) -> String {
    let ApiError::Api { code, .. } = err else {
        return crate::i18n::error_message(err);
    };
    match code {
        ErrorCode::InvalidEmail => tr!("sc-error-invalid_email"),
        ErrorCode::OwnerOnly => tr!("sc-error-owner_only"),
        ErrorCode::UserTaken => tr!("sc-error-user_taken"),
        ErrorCode::RemoveSelf => tr!("sc-error-remove_self"),
        ErrorCode::InvalidCarrier => tr!("sc-error-invalid_carrier"),
        ErrorCode::InvalidWaybill => tr!("sc-error-invalid_waybill"),
        ErrorCode::WaybillTaken => tr!("sc-error-waybill_taken"),
        ErrorCode::InvalidParcel => tr!("sc-error-invalid_parcel"),
        ErrorCode::InvalidVariant => tr!("sc-error-invalid_variant"),
        ErrorCode::ImportRejected => tr!("sc-error-import_rejected"),
        ErrorCode::CodeExpired => tr!("sc-error-code_expired"),
        ErrorCode::AftersalesDecided => tr!("sc-error-aftersales_decided"),
        ErrorCode::InvalidNote => tr!("sc-error-invalid_note"),
        ErrorCode::RefundExceedsPayment => tr!("sc-error-refund_exceeds_payment"),
        ErrorCode::ReviewExists => tr!("sc-error-review_exists"),
        _ => crate::i18n::error_message(err),
    }
}

/// The field an answer's error is about, if any.
pub fn field(err: &ApiError) -> Option<&str> {
    match err {
        ApiError::Api { field, .. } => field.as_deref(),
        _ => None,
    }
}
