//! The one error shape of the API: `{"error": {"code", "field", "message"}}`.
//! `code` is stable; the browser maps it to a Fluent message (`error-<code>`).

use serde::{Deserialize, Serialize};

/// The codes, each with the word the API writes: the enum, `ALL` and
/// `as_str` are made from this one list, so they cannot drift apart.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    NotFound = "not_found",
    BadRequest = "bad_request",
    InvalidQuery = "invalid_query",
    EmptyCart = "empty_cart",
    InvalidQuantity = "invalid_quantity",
    UnknownSku = "unknown_sku",
    OutOfStock = "out_of_stock",
    /// Fresh produce out of its season: not sold until the next harvest.
    OutOfSeason = "out_of_season",
    /// A drop not open yet: on sale from the product's `sale_starts`.
    NotOnSaleYet = "not_on_sale_yet",
    /// Pre-sale lines with another window, or with goods that ship now: one
    /// order keeps one promise of when it ships (`quote::one_window`).
    PresaleMixed = "presale_mixed",
    OrderLimit = "order_limit",
    AnnualLimit = "annual_limit",
    InvalidName = "invalid_name",
    InvalidMobile = "invalid_mobile",
    InvalidPostcode = "invalid_postcode",
    InvalidAddress = "invalid_address",
    AddressTooLong = "address_too_long",
    InvalidIdNumber = "invalid_id_number",
    IdempotencyKeyMissing = "idempotency_key_missing",
    IdempotencyKeyReused = "idempotency_key_reused",
    OrderNotPayable = "order_not_payable",
    BadSignature = "bad_signature",
    /// Preview: no token, a token that is not ours, expired or revoked (401).
    PreviewTokenMissing = "preview_token_missing",
    PreviewTokenInvalid = "preview_token_invalid",
    PreviewTokenExpired = "preview_token_expired",
    PreviewTokenRevoked = "preview_token_revoked",
    /// Preview: a good token, for another seller (403).
    PreviewWrongSeller = "preview_wrong_seller",
    /// Too many orders or payments from one client in a short time (429).
    RateLimited = "rate_limited",
    /// The order was not paid in time and was cancelled (409).
    OrderExpired = "order_expired",
    /// Only an order awaiting payment can be cancelled by the shopper (409).
    OrderNotCancellable = "order_not_cancellable",
    /// A provider's notification names another amount or currency than the payment's.
    PaymentMismatch = "payment_mismatch",
    /// A form posted from a page that is not the server's own (403).
    ForeignOrigin = "foreign_origin",
    /// Sign-in: the code is not the one sent (401); `code_expired` past its five
    /// minutes or after five wrong tries (401).
    CodeWrong = "code_wrong",
    CodeExpired = "code_expired",
    /// Sign-in needed for this (401).
    SignInRequired = "sign_in_required",
    /// The account's address book or payer list is full (422).
    BookFull = "book_full",
    /// Unpaid orders of this payer, phone or client already hold as much of a
    /// SKU as one buyer may hold unpaid (409): pay or cancel them first.
    HoldLimit = "hold_limit",
    /// A document that must be agreed to first was not (422; `field`:
    /// `accepted.<name>`); `consent_outdated`: it was, in a version that has
    /// changed since (409: read it again).
    ConsentMissing = "consent_missing",
    ConsentOutdated = "consent_outdated",
    /// A question to the seller empty or too long (422, `field`: `body`).
    InvalidQuestion = "invalid_question",
    /// This account has asked as many questions as a day allows (429).
    QuestionLimit = "question_limit",
    /// "Notify me at harvest" for produce that is in season now (409): it can be bought.
    InSeason = "in_season",
    /// Not an email address a mail can go to (422, `field`: `email`).
    InvalidEmail = "invalid_email",
    /// Only a seller's owner may do this (403): invite or remove its users.
    OwnerOnly = "owner_only",
    /// This address already runs a seller on the shop (409).
    UserTaken = "user_taken",
    /// An owner cannot remove themselves (409): another owner must.
    RemoveSelf = "remove_self",
    /// No such carrier, or not a waybill number of that carrier (422).
    InvalidCarrier = "invalid_carrier",
    InvalidWaybill = "invalid_waybill",
    /// This carrier's waybill is another parcel's already (409).
    WaybillTaken = "waybill_taken",
    /// A parcel's lines: a SKU not in the shipment, or more than is left to send (422).
    InvalidParcel = "invalid_parcel",
    /// A variant's price or stock out of range (422, `field` names which).
    InvalidVariant = "invalid_variant",
    /// An import file with problems: nothing was imported (422, the
    /// answer's `problems` lists each with its line).
    ImportRejected = "import_rejected",
    /// Receipt can be confirmed once every parcel of the order has left (409).
    OrderNotShipped = "order_not_shipped",
    /// A refund of more than is left of the payment (409).
    RefundExceedsPayment = "refund_exceeds_payment",
    /// An after-sales request's lines: a SKU not in the order, more units
    /// than were bought or asked for already, none (422, `field` `lines`);
    /// lines of two sellers in one request (422, `aftersales_one_seller`).
    InvalidAftersales = "invalid_aftersales",
    AftersalesOneSeller = "aftersales_one_seller",
    /// Not delivered yet, or more than seven days since (409).
    AftersalesClosed = "aftersales_closed",
    /// A reason, a note or photos that are not as asked (422, `field` names which).
    InvalidNote = "invalid_note",
    /// A photo larger than allowed (413), not a JPEG, PNG or WebP picture
    /// (415, whatever it claims), or more photos than allowed (422).
    PhotoTooLarge = "photo_too_large",
    PhotoNotAnImage = "photo_not_an_image",
    TooManyPhotos = "too_many_photos",
    /// This request cannot be decided (or escalated) in its state (409).
    AftersalesDecided = "aftersales_decided",
    /// A review of a line not delivered yet (409), a second review of one
    /// line or a second reply (409), a rating not 1 to 5 or words too long (422).
    ReviewNotAllowed = "review_not_allowed",
    ReviewExists = "review_exists",
    InvalidReview = "invalid_review",
    Internal = "internal",
}

/// Read by its word, looked up in `ALL`: the storefront's one copy of the
/// words is `as_str`'s (a derived reader would carry its own, and grow the
/// first download with every code the seller centre adds).
impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let word = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        ErrorCode::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == word)
            .ok_or_else(|| serde::de::Error::unknown_variant(&word, &[]))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_written_and_read_as_its_word() {
        for &code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).expect("written");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).ok(), Some(code));
        }
        assert!(serde_json::from_str::<ErrorCode>("\"no_such_code\"").is_err());
    }
}
