//! What goes wrong after a purchase, in the shopper's words (after-*.ftl,
//! held once these pages are open); anything else as every page says it.

use haitao_core::ErrorCode;
use leptos_fluent::tr;

use crate::api::ApiError;

pub fn message(err: &ApiError) -> String {
    let ApiError::Api { code, .. } = err else {
        return crate::i18n::error_message(err);
    };
    match code {
        ErrorCode::OrderNotShipped => tr!("error-order_not_shipped"),
        ErrorCode::RefundExceedsPayment => tr!("error-refund_exceeds_payment"),
        ErrorCode::InvalidAftersales => tr!("error-invalid_aftersales"),
        ErrorCode::AftersalesOneSeller => tr!("error-aftersales_one_seller"),
        ErrorCode::AftersalesClosed => tr!("error-aftersales_closed"),
        ErrorCode::InvalidNote => tr!("error-invalid_note"),
        ErrorCode::PhotoTooLarge => tr!("error-photo_too_large"),
        ErrorCode::PhotoNotAnImage => tr!("error-photo_not_an_image"),
        ErrorCode::TooManyPhotos => tr!("error-too_many_photos"),
        ErrorCode::AftersalesDecided => tr!("error-aftersales_decided"),
        ErrorCode::ReviewNotAllowed => tr!("error-review_not_allowed"),
        ErrorCode::ReviewExists => tr!("error-review_exists"),
        ErrorCode::InvalidReview => tr!("error-invalid_review"),
        _ => crate::i18n::error_message(err),
    }
}
