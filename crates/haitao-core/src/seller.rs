//! The seller centre's API types: a seller's users sign in by email and a
//! one-time code, and an owner invites and removes staff.

use serde::{Deserialize, Serialize};

use crate::api::{SellerRef, ShipWindow};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerCodeRequest {
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerSignIn {
    pub email: String,
    /// The 6-digit code from the mail.
    pub code: String,
}

/// What a user may do: an owner also invites and removes the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SellerRole {
    Owner,
    Staff,
}

impl SellerRole {
    pub fn as_str(self) -> &'static str {
        match self {
            SellerRole::Owner => "owner",
            SellerRole::Staff => "staff",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [SellerRole::Owner, SellerRole::Staff]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerUser {
    pub id: i64,
    pub email: String,
    pub role: SellerRole,
    /// RFC 3339
    pub invited_at: String,
}

/// What the shop's mails to a user are like: their language, and whether
/// they get them (a paid order, the daily digest of what is left to ship).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerPrefs {
    pub lang: crate::text::Lang,
    pub mail_orders: bool,
}

/// A change of the user's own preferences (either).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerPrefsChange {
    #[serde(default)]
    pub lang: Option<crate::text::Lang>,
    #[serde(default)]
    pub mail_orders: Option<bool>,
}

/// The signed-in user, their seller and its users.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerMe {
    pub seller: SellerRef,
    pub user: SellerUser,
    pub prefs: SellerPrefs,
    /// Everyone who runs this seller, owners first.
    pub users: Vec<SellerUser>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerInvite {
    pub email: String,
}

/// Whether a shipment still has units to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ShipmentStatus {
    ToShip,
    Shipped,
}

/// A shipment in the seller's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentSummary {
    pub id: i64,
    pub order_id: String,
    /// RFC 3339
    pub paid_at: String,
    pub status: ShipmentStatus,
    /// Units of the seller's lines, and of those sent so far.
    pub units: i64,
    pub sent: i64,
    /// A pre-sale: shipped in this window (listed by it, after what is due).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ships: Option<ShipWindow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentList {
    /// Oldest paid first.
    pub shipments: Vec<ShipmentSummary>,
    /// Shipments with units still to send now (a pre-sale's from its window).
    pub to_pack: i64,
    /// Shipments whose last unit left in the last seven days.
    pub shipped_this_week: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentLine {
    pub sku: String,
    pub name: crate::text::L10n,
    pub label: crate::text::L10n,
    pub qty: i64,
    /// Units of this line already in parcels.
    pub sent: i64,
    /// Each unit's authenticity code (`XXXXX-XXXXX`), for its label: a
    /// shopper checks it on the shop's page.
    #[serde(default)]
    pub codes: Vec<String>,
}

/// Who the parcel goes to, as the label needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recipient {
    pub name: String,
    pub mobile: String,
    /// The whole address in Chinese, as the last mile reads it.
    pub address: String,
    pub postcode: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParcelLine {
    pub sku: String,
    pub qty: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Parcel {
    pub id: i64,
    pub carrier: crate::carriers::Carrier,
    pub waybill: String,
    /// RFC 3339
    pub shipped_at: String,
    pub lines: Vec<ParcelLine>,
    /// The carrier's events, newest first (none before it has said anything).
    #[serde(default)]
    pub events: Vec<crate::tracking::TrackEvent>,
    /// RFC 3339: when it was signed for (the carrier's word, or the shopper's).
    #[serde(default)]
    pub delivered_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentDetail {
    pub id: i64,
    pub order_id: String,
    /// RFC 3339
    pub paid_at: String,
    pub status: ShipmentStatus,
    /// A pre-sale: shipped in this window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ships: Option<ShipWindow>,
    pub lines: Vec<ShipmentLine>,
    /// Shown while there is something to send and for 90 days after the
    /// last unit left, for an order whose buyer agreed to its going abroad;
    /// `None` otherwise (never the ID number).
    pub recipient: Option<Recipient>,
    pub parcels: Vec<Parcel>,
}

/// A box that left: its carrier, waybill and what it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewParcel {
    /// A `Carrier` code (`usps`, `ups`, `ems`...).
    pub carrier: String,
    pub waybill: String,
    pub lines: Vec<ParcelLine>,
}

/// What an import wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub created: u32,
    pub updated: u32,
    /// Of the updated, those that were on sale: drafts again until published.
    pub unpublished: u32,
    pub variants: u32,
}

/// A line of an import file that stops it (nothing is imported while any
/// is left).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    pub line: u32,
    /// What is wrong, for the seller centre to say in the seller's language.
    pub issue: ImportIssue,
    /// The same in English (the command line's words; docs/IMPORT.md lists
    /// the columns).
    pub reason: String,
}

/// What is wrong with a line of an import file. `field` is the file's column
/// (`price_usd`, `sku`...), `value` what the line holds there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ImportIssue {
    /// Not CSV or JSON as the import reads it (the parser's own words).
    Unreadable {
        detail: String,
    },
    UnknownColumns {
        columns: Vec<String>,
    },
    MissingColumns {
        columns: Vec<String>,
    },
    /// A product's later row gives a product column another value than its first row.
    Differs {
        field: String,
        first_line: u32,
    },
    /// Not of the column's form.
    Invalid {
        field: String,
        value: String,
    },
    TooLong {
        field: String,
        max: u32,
    },
    /// Neither `name_zh` nor `name_en`.
    NameMissing,
    /// Not one of the shop's categories.
    UnknownCategory {
        value: String,
    },
    /// A product (`slug`) or SKU already on another line of the file.
    Repeated {
        field: String,
        value: String,
        first_line: u32,
    },
    /// A SKU twice in one product.
    RepeatedInProduct {
        value: String,
    },
    /// A slug of another seller's product, or a SKU of another product.
    Taken {
        field: String,
        value: String,
    },
    /// The file holds no products.
    Empty,
}

/// A refused import: the API's error, and every problem of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRefused {
    pub error: crate::error::ErrorDetail,
    pub problems: Vec<ImportProblem>,
}

/// A variant's price or stock changed in place (either or both).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VariantChange {
    /// US cents.
    #[serde(default)]
    pub price_usd_cents: Option<i64>,
    #[serde(default)]
    pub stock: Option<i64>,
}

/// A variant as the seller centre shows it after a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerVariant {
    pub sku: String,
    pub price_usd_cents: i64,
    pub stock: i64,
}

/// Publish one product (`product`, its slug) or every draft.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishRequest {
    #[serde(default)]
    pub product: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishRefusal {
    pub product: String,
    pub issues: Vec<crate::preview::Issue>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishReport {
    pub published: Vec<String>,
    /// Already on sale.
    pub unchanged: Vec<String>,
    /// Not published, with what stops each (the preview shows the same).
    pub refused: Vec<PublishRefusal>,
}

/// A preview link for the seller's own storefront, drafts included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewLink {
    /// `/preview/<seller>?token=…`, on the shop's own address.
    pub path: String,
    /// RFC 3339
    pub expires_at: String,
}

/// A variant of the seller's, as its catalog page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogVariant {
    pub sku: String,
    pub label: crate::text::L10n,
    pub price_usd_cents: i64,
    pub stock: i64,
}

/// A product of the seller's, draft or on sale, with what stops it being sold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogProduct {
    pub slug: String,
    pub name: crate::text::L10n,
    pub status: crate::api::ProductStatus,
    pub sold: i64,
    /// What the preview points out (untranslated fields, a missing tax class…).
    pub issues: Vec<crate::preview::Issue>,
    pub variants: Vec<CatalogVariant>,
    /// Its pre-sale's window, ahead or under way (the seller may end it
    /// unfilled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presale: Option<ShipWindow>,
}

/// What ending a pre-sale unfilled did (`POST /seller/products/{slug}/presale-unfilled`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PresaleEnded {
    /// Unpaid orders closed.
    pub closed: u32,
    /// Paid orders refunded in full.
    pub refunded: u32,
    /// Paid orders not refunded (a parcel of it left meanwhile).
    pub kept: u32,
}
