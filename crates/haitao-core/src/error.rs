//! The one error shape of the API: `{"error": {"code", "field", "message"}}`.
//! `code` is stable; the browser maps it to a Fluent message (`error-<code>`).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    BadRequest,
    InvalidQuery,
    EmptyCart,
    InvalidQuantity,
    UnknownSku,
    OutOfStock,
    /// Fresh produce out of its season: not sold until the next harvest.
    OutOfSeason,
    OrderLimit,
    AnnualLimit,
    InvalidName,
    InvalidMobile,
    InvalidPostcode,
    InvalidAddress,
    AddressTooLong,
    InvalidIdNumber,
    IdempotencyKeyMissing,
    IdempotencyKeyReused,
    OrderNotPayable,
    BadSignature,
    /// Preview: no token, a token that is not ours, expired or revoked (401).
    PreviewTokenMissing,
    PreviewTokenInvalid,
    PreviewTokenExpired,
    PreviewTokenRevoked,
    /// Preview: a good token, for another seller (403).
    PreviewWrongSeller,
    /// Too many orders or payments from one client in a short time (429).
    RateLimited,
    /// The order was not paid in time and was cancelled (409).
    OrderExpired,
    /// Only an order awaiting payment can be cancelled by the shopper (409).
    OrderNotCancellable,
    /// A provider's notification names another amount or currency than the payment's.
    PaymentMismatch,
    /// A form posted from a page that is not the server's own (403).
    ForeignOrigin,
    /// Sign-in: the code is not the one sent (401); `code_expired` past its five
    /// minutes or after five wrong tries (401).
    CodeWrong,
    CodeExpired,
    /// Sign-in needed for this (401).
    SignInRequired,
    /// The account's address book or payer list is full (422).
    BookFull,
    /// Unpaid orders of this payer, phone or client already hold as much of a
    /// SKU as one buyer may hold unpaid (409): pay or cancel them first.
    HoldLimit,
    /// A document that must be agreed to first was not (422; `field`:
    /// `accepted.<name>`); `consent_outdated`: it was, in a version that has
    /// changed since (409: read it again).
    ConsentMissing,
    ConsentOutdated,
    /// A question to the seller empty or too long (422, `field`: `body`).
    InvalidQuestion,
    /// This account has asked as many questions as a day allows (429).
    QuestionLimit,
    /// "Notify me at harvest" for produce that is in season now (409): it can be bought.
    InSeason,
    /// Not an email address a mail can go to (422, `field`: `email`).
    InvalidEmail,
    /// Only a seller's owner may do this (403): invite or remove its users.
    OwnerOnly,
    /// This address already runs a seller on the shop (409).
    UserTaken,
    /// An owner cannot remove themselves (409): another owner must.
    RemoveSelf,
    /// No such carrier, or not a waybill number of that carrier (422).
    InvalidCarrier,
    InvalidWaybill,
    /// This carrier's waybill is another parcel's already (409).
    WaybillTaken,
    /// A parcel's lines: a SKU not in the shipment, or more than is left to send (422).
    InvalidParcel,
    /// A variant's price or stock out of range (422, `field` names which).
    InvalidVariant,
    /// An import file with problems: nothing was imported (422, the
    /// answer's `problems` lists each with its line).
    ImportRejected,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::InvalidQuery => "invalid_query",
            ErrorCode::EmptyCart => "empty_cart",
            ErrorCode::InvalidQuantity => "invalid_quantity",
            ErrorCode::UnknownSku => "unknown_sku",
            ErrorCode::OutOfStock => "out_of_stock",
            ErrorCode::OutOfSeason => "out_of_season",
            ErrorCode::OrderLimit => "order_limit",
            ErrorCode::AnnualLimit => "annual_limit",
            ErrorCode::InvalidName => "invalid_name",
            ErrorCode::InvalidMobile => "invalid_mobile",
            ErrorCode::InvalidPostcode => "invalid_postcode",
            ErrorCode::InvalidAddress => "invalid_address",
            ErrorCode::AddressTooLong => "address_too_long",
            ErrorCode::InvalidIdNumber => "invalid_id_number",
            ErrorCode::IdempotencyKeyMissing => "idempotency_key_missing",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::OrderNotPayable => "order_not_payable",
            ErrorCode::BadSignature => "bad_signature",
            ErrorCode::PreviewTokenMissing => "preview_token_missing",
            ErrorCode::PreviewTokenInvalid => "preview_token_invalid",
            ErrorCode::PreviewTokenExpired => "preview_token_expired",
            ErrorCode::PreviewTokenRevoked => "preview_token_revoked",
            ErrorCode::PreviewWrongSeller => "preview_wrong_seller",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::OrderExpired => "order_expired",
            ErrorCode::OrderNotCancellable => "order_not_cancellable",
            ErrorCode::PaymentMismatch => "payment_mismatch",
            ErrorCode::ForeignOrigin => "foreign_origin",
            ErrorCode::CodeWrong => "code_wrong",
            ErrorCode::CodeExpired => "code_expired",
            ErrorCode::SignInRequired => "sign_in_required",
            ErrorCode::BookFull => "book_full",
            ErrorCode::HoldLimit => "hold_limit",
            ErrorCode::ConsentMissing => "consent_missing",
            ErrorCode::ConsentOutdated => "consent_outdated",
            ErrorCode::InvalidQuestion => "invalid_question",
            ErrorCode::QuestionLimit => "question_limit",
            ErrorCode::InSeason => "in_season",
            ErrorCode::InvalidEmail => "invalid_email",
            ErrorCode::OwnerOnly => "owner_only",
            ErrorCode::UserTaken => "user_taken",
            ErrorCode::RemoveSelf => "remove_self",
            ErrorCode::InvalidCarrier => "invalid_carrier",
            ErrorCode::InvalidWaybill => "invalid_waybill",
            ErrorCode::WaybillTaken => "waybill_taken",
            ErrorCode::InvalidParcel => "invalid_parcel",
            ErrorCode::InvalidVariant => "invalid_variant",
            ErrorCode::ImportRejected => "import_rejected",
            ErrorCode::Internal => "internal",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// The request field at fault, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// English text for developers; shoppers see the translated message for `code`.
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}
