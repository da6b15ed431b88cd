//! The REST API's request and response bodies, shared by browser and server.

use serde::{Deserialize, Serialize};

use crate::freight::Channel;
use crate::limits::LimitIssue;
use crate::money::{ExchangeRate, Money, Price};
use crate::tax::TaxClass;
use crate::text::L10n;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub products: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub slug: String,
    pub name: L10n,
    pub parent: Option<String>,
    /// Published products in this category and its children.
    pub product_count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerRef {
    pub slug: String,
    pub name: L10n,
    /// US state, two-letter code.
    pub state: String,
    pub verified: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductCard {
    pub slug: String,
    pub name: L10n,
    /// Path of the main image, served by the shop itself.
    pub image: String,
    pub category: String,
    pub seller: SellerRef,
    pub origin_state: String,
    /// The lowest variant price.
    pub price: Price,
    pub in_stock: bool,
    pub channel: Channel,
    pub season: Option<Season>,
    /// Produce out of its season now: not sold whatever its stock (the
    /// server decides, by its clock in China's calendar).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub out_of_season: bool,
    /// Sold ahead of its window (decided per answer, as `out_of_season` is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presale: Option<ShipWindow>,
}

/// The months fresh produce ships in, inclusive; may wrap the year's end
/// (pears: September to January).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Season {
    pub from: u8,
    pub to: u8,
}

impl Season {
    /// From the two stored month columns; a product without both has no season.
    pub fn from_months(from: Option<i64>, to: Option<i64>) -> Option<Self> {
        let month = |m: i64| u8::try_from(m).ok().filter(|m| (1..=12).contains(m));
        Some(Self {
            from: month(from?)?,
            to: month(to?)?,
        })
    }

    pub fn contains(self, month: u8) -> bool {
        if self.from <= self.to {
            (self.from..=self.to).contains(&month)
        } else {
            month >= self.from || month <= self.to
        }
    }

    /// When the next season opens, seen in `month` of `year`; `None` while
    /// the season is on (produce is sold in season only).
    pub fn next_opening(self, year: i32, month: u8) -> Option<YearMonth> {
        if self.contains(month) {
            return None;
        }
        Some(YearMonth {
            year: if self.from > month { year } else { year + 1 },
            month: self.from,
        })
    }
}

/// A month of a year (when a season opens).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearMonth {
    pub year: i32,
    pub month: u8,
}

/// Counts of the matching products by origin state and by seller, for the
/// filter controls.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facets {
    pub origins: Vec<FacetCount>,
    pub sellers: Vec<SellerFacet>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetCount {
    pub value: String,
    pub count: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerFacet {
    pub seller: SellerRef,
    pub count: i64,
}

/// A seller's storefront: who they are, and their products.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerProfile {
    pub seller: SellerRef,
    pub story: L10n,
    pub founded: Option<i64>,
    /// When the shop verified the seller (`YYYY-MM-DD`), and by whom or how
    /// (the operator's note); none for an unverified seller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_by: Option<String>,
    pub products: ProductList,
}

/// Parameters of `GET /api/products`: the same type builds the browser's
/// request and reads the server's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ProductQuery {
    /// Words to find in product and seller names (Chinese or English); at most 100 characters.
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub q: Option<String>,
    /// Category slug; a parent category includes its children.
    pub category: Option<String>,
    /// Seller slug.
    pub seller: Option<String>,
    /// US state of origin, two letters (e.g. `WA`).
    pub origin: Option<String>,
    /// Lowest price in whole yuan (the lowest variant's price counts).
    pub min: Option<u32>,
    /// Highest price in whole yuan.
    pub max: Option<u32>,
    /// Only products with a variant in stock.
    pub in_stock: Option<bool>,
    /// Only fresh produce whose season includes this month.
    pub in_season: Option<bool>,
    /// `relevance` (default with `q`), `popular` (default without), `newest`, `price_asc`, `price_desc`.
    pub sort: Option<String>,
    /// From 1.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 10000))]
    pub page: Option<u32>,
    /// Clamped to 1..=60; default 24.
    pub per_page: Option<u32>,
}

impl ProductQuery {
    /// The parameters that are set, as (name, value) pairs in a stable order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let text = [
            ("q", &self.q),
            ("category", &self.category),
            ("seller", &self.seller),
            ("origin", &self.origin),
            ("sort", &self.sort),
        ];
        let numbers = [
            ("min", self.min),
            ("max", self.max),
            ("page", self.page),
            ("per_page", self.per_page),
        ];
        let flags = [("in_stock", self.in_stock), ("in_season", self.in_season)];
        text.into_iter()
            .filter_map(|(k, v)| v.as_ref().filter(|v| !v.is_empty()).map(|v| (k, v.clone())))
            .chain(
                numbers
                    .into_iter()
                    .filter_map(|(k, v)| v.map(|v| (k, v.to_string()))),
            )
            .chain(
                flags
                    .into_iter()
                    .filter(|(_, v)| *v == Some(true))
                    .map(|(k, _)| (k, "true".to_owned())),
            )
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductList {
    pub items: Vec<ProductCard>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub rate: ExchangeRate,
    pub facets: Facets,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Variant {
    pub sku: String,
    pub label: L10n,
    pub price: Price,
    pub stock: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductDetail {
    pub slug: String,
    pub name: L10n,
    pub description: L10n,
    pub images: Vec<String>,
    pub category: String,
    pub seller: SellerRef,
    pub origin_state: String,
    pub tax_class: TaxClass,
    /// The goods' import duty rate in basis points, when the seller gave
    /// it: what a single item over the order limit is taxed in full at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duty_bp: Option<u32>,
    pub channel: Channel,
    pub certifications: Vec<String>,
    pub season: Option<Season>,
    /// Out of season: when the next season opens (until then it is not sold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens: Option<YearMonth>,
    /// A drop not open yet: the moment it goes on sale (RFC 3339, UTC), and
    /// the server's clock when this was answered, so a phone whose own clock
    /// is wrong still counts down to the right second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale_starts: Option<SaleStart>,
    /// A pre-sale (预售) before its window: sold now, shipped in the window
    /// (absent once the window has come: then it ships as anything else).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presale: Option<ShipWindow>,
    pub variants: Vec<Variant>,
    pub rate: ExchangeRate,
    /// Units sold, all variants (the page rounds it, `trust::sold_shown`).
    #[serde(default)]
    pub sold: i64,
    /// The after-sales terms (`trust::Returns`).
    pub returns: crate::trust::Returns,
    /// When the shop checked the seller (verified sellers only): the date,
    /// YYYY-MM-DD, the genuine-goods promise names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller_verified_on: Option<String>,
}

/// When a drop opens, by the server's clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaleStart {
    pub at: String,
    pub now: String,
}

/// A pre-sale's shipping window (the harvest): days in China's calendar,
/// `YYYY-MM-DD`, first and last included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipWindow {
    pub from: String,
    pub to: String,
}

impl ShipWindow {
    /// "2027-06-20..2027-07-05", as a seller's import writes it; the last
    /// day not before the first.
    pub fn parse(s: &str) -> Option<Self> {
        let (from, to) = s.trim().split_once("..")?;
        let (from, to) = (from.trim(), to.trim());
        let ok = |d: &str| d.len() == 10 && crate::dates::calendar_date(d).is_some();
        (ok(from) && ok(to) && from <= to).then(|| Self {
            from: from.to_owned(),
            to: to.to_owned(),
        })
    }

    /// Sold as a pre-sale until its first day (`today`: China's, `YYYY-MM-DD`).
    pub fn ahead(&self, today: &str) -> bool {
        today < self.from.as_str()
    }

    /// Its first day has come (the seller ships from then).
    pub fn opened(&self, today: &str) -> bool {
        !self.ahead(today)
    }
}

/// A question a shopper asks about a product (`POST /api/questions`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewQuestion {
    /// The product's slug.
    pub product: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 4, max_length = 300))]
    pub body: String,
}

/// A question and, once given, its answer (the account page lists them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    pub id: i64,
    pub product: String,
    pub product_name: L10n,
    pub seller: L10n,
    pub body: String,
    /// RFC 3339
    pub asked_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// RFC 3339
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<String>,
}

/// The English names of a province and its cities, keyed by their Chinese
/// names (`GET /api/regions/en`): shown beside the Chinese to English readers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProvinceName {
    pub en: String,
    pub cities: std::collections::BTreeMap<String, String>,
}

/// Every province's English names, keyed by the province's Chinese name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionNames(pub std::collections::BTreeMap<String, ProvinceName>);

impl RegionNames {
    /// "Shenzhen, Guangdong"; a municipality's placeholder city leaves just
    /// "Beijing"; `None` for names it does not know.
    pub fn province(&self, province: &str) -> Option<&str> {
        self.0.get(province).map(|p| p.en.as_str())
    }

    pub fn city(&self, province: &str, city: &str) -> Option<&str> {
        self.0.get(province)?.cities.get(city).map(String::as_str)
    }

    pub fn english(&self, province: &str, city: &str) -> Option<String> {
        let p = self.0.get(province)?;
        Some(match p.cities.get(city) {
            Some(c) if c != &p.en => format!("{c}, {}", p.en),
            _ => p.en.clone(),
        })
    }
}

/// "Notify me at harvest" for one product (`POST /api/account/wishes`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewWish {
    /// The product's slug.
    pub product: String,
}

/// One line of a cart, as the browser keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartLine {
    pub sku: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 99))]
    pub qty: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteRequest {
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub lines: Vec<CartLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotedLine {
    pub sku: String,
    pub product_slug: String,
    pub name: L10n,
    pub variant: L10n,
    pub image: String,
    pub qty: u32,
    pub unit: Price,
    /// unit x qty
    pub goods: Price,
    /// This line's share of its parcel's freight.
    pub freight: Money,
    /// Cross-border tax on goods + freight share (in full when the quote is
    /// `taxed_in_full`).
    pub tax: Money,
    pub tax_class: TaxClass,
    /// The goods' import duty rate in basis points, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duty_bp: Option<u32>,
    pub channel: Channel,
    /// Units in stock now, so the cart can cap the quantity.
    pub stock: i64,
    /// Who ships it (orders placed before sellers were quoted have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller: Option<SellerRef>,
    /// A pre-sale: it ships in this window, not in the channel's days. Kept
    /// with the order, whatever the product becomes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ships: Option<ShipWindow>,
}

/// Lines of one channel ship as one parcel with one freight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Parcel {
    pub channel: Channel,
    pub freight: Money,
    pub skus: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    pub lines: Vec<QuotedLine>,
    pub parcels: Vec<Parcel>,
    pub goods: Money,
    pub freight: Money,
    pub tax: Money,
    pub total: Money,
    /// The total at the rate, for reference.
    pub total_usd: Money,
    pub rate: ExchangeRate,
    /// Limits this cart crosses; it cannot be ordered as one while any is set.
    pub issues: Vec<LimitIssue>,
    /// One indivisible item over the single-transaction limit, bought on its
    /// own: taxed in full (duty, VAT, consumption tax), counted to the year.
    #[serde(default)]
    pub taxed_in_full: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    pub recipient: String,
    pub mobile: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub street: String,
    pub postcode: String,
}

/// The payer, as customs require: real name and resident ID number. The
/// recipient should be the same person.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Identity {
    pub name: String,
    pub id_number: String,
}

/// A payer kept in the address book: the ID number is sensitive personal
/// information, kept only with its own consent (`consent-id`, in `accepted`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPayer {
    pub name: String,
    pub id_number: String,
    #[serde(default)]
    pub accepted: Vec<crate::legal::Accepted>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderRequest {
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub lines: Vec<CartLine>,
    /// Ignored (and may be left out) when `saved_address` is given.
    #[serde(default)]
    pub address: Address,
    /// Ignored (and may be left out) when `saved_payer` is given.
    #[serde(default)]
    pub identity: Identity,
    /// Signed in: an address from the account's book instead of `address`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_address: Option<i64>,
    /// Signed in: a payer saved in the account instead of `identity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_payer: Option<i64>,
    /// The documents agreed to for this order, each in the version read: all
    /// of `legal::FOR_ORDER`, current, or the order is refused.
    #[serde(default)]
    pub accepted: Vec<crate::legal::Accepted>,
}

/// An address in the account's book; its mobile masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedAddress {
    pub id: i64,
    pub address: Address,
    pub is_default: bool,
}

/// A payer saved in the account: the real name and the masked ID number
/// (the full number is kept sealed, as orders keep it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedPayer {
    pub id: i64,
    pub name: String,
    pub id_masked: String,
    /// What this person has used of the yearly cross-border allowance, as
    /// paid orders count it: only when this account has paid with the
    /// number before (it speaks for the person; anyone else learns nothing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_this_year: Option<Money>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Alipay,
    Wechat,
}

impl PaymentMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Alipay => "alipay",
            PaymentMethod::Wechat => "wechat",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [PaymentMethod::Alipay, PaymentMethod::Wechat]
            .into_iter()
            .find(|m| m.as_str() == s)
    }

    /// The methods as a shopper sees them, and whether each can be paid
    /// where the shopper is. Inside WeChat's own browser WeChat Pay comes
    /// first, and Alipay cannot be paid there: WeChat does not open Alipay's
    /// pages.
    pub fn offered(in_wechat: bool) -> [(Self, bool); 2] {
        if in_wechat {
            [(Self::Wechat, true), (Self::Alipay, false)]
        } else {
            [(Self::Alipay, true), (Self::Wechat, true)]
        }
    }
}

/// Whether a browser's user agent is WeChat's own (it names "MicroMessenger").
pub fn in_wechat(user_agent: &str) -> bool {
    user_agent.contains("MicroMessenger")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayRequest {
    pub method: PaymentMethod,
}

/// Where to send the shopper to pay: the provider's own page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentStart {
    pub payment_id: String,
    pub redirect_url: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    AwaitingPayment,
    Paid,
    CustomsDeclared,
    /// Customs released the goods (the inventory's clearance receipt).
    Cleared,
    Shipped,
    /// Every parcel signed for (the carrier said so, or the shopper).
    Delivered,
    /// Confirmed by the shopper, or by itself some days after delivery.
    Completed,
    /// Customs refused the goods: the order was refunded.
    CustomsRefused,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 9] = [
        OrderStatus::AwaitingPayment,
        OrderStatus::Paid,
        OrderStatus::CustomsDeclared,
        OrderStatus::Cleared,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Completed,
        OrderStatus::CustomsRefused,
        OrderStatus::Cancelled,
    ];
    /// Paid and not given back: what counts against the yearly allowance and
    /// is declared to customs.
    pub const PAID: [OrderStatus; 6] = [
        OrderStatus::Paid,
        OrderStatus::CustomsDeclared,
        OrderStatus::Cleared,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Completed,
    ];
    /// Paid and not yet on its way: what the shopper may still cancel, and
    /// what may still become `shipped`.
    pub const BEFORE_SHIPPING: [OrderStatus; 3] = [
        OrderStatus::Paid,
        OrderStatus::CustomsDeclared,
        OrderStatus::Cleared,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::AwaitingPayment => "awaiting_payment",
            OrderStatus::Paid => "paid",
            OrderStatus::CustomsDeclared => "customs_declared",
            OrderStatus::Cleared => "cleared",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Completed => "completed",
            OrderStatus::CustomsRefused => "customs_refused",
            OrderStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
    /// Nothing more will happen to it (the order page stops asking).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            OrderStatus::Completed | OrderStatus::CustomsRefused | OrderStatus::Cancelled
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Order {
    pub id: String,
    pub status: OrderStatus,
    /// RFC 3339
    pub created_at: String,
    pub quote: Quote,
    pub address: Address,
    pub payer_name: String,
    /// The only form of the ID number the shop keeps or shows.
    pub id_masked: String,
    /// RFC 3339, when paid.
    pub paid_at: Option<String>,
    pub payment_method: Option<PaymentMethod>,
    /// RFC 3339: while awaiting payment, when the order is cancelled unless paid.
    #[serde(default)]
    pub pay_by: Option<String>,
    /// Why a cancelled order was cancelled.
    #[serde(default)]
    pub cancel_reason: Option<CancelReason>,
    /// Money given back, newest last.
    #[serde(default)]
    pub refunds: Vec<Refund>,
    /// For a guest's order: the token that opens it (the order page's link
    /// carries it). Only in the answers to placing the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// Whether the order is kept in an account (the reader's: nobody else
    /// reads it). A guest's order joins an account only when its holder,
    /// signed in and with the order's link, chooses to keep it there.
    #[serde(default)]
    pub in_account: bool,
    /// The parcels that left, each with its carrier and waybill, oldest first.
    #[serde(default)]
    pub parcels: Vec<crate::seller::Parcel>,
    /// The steps the order has passed, each with its time (RFC 3339): what
    /// the order page's timeline draws.
    #[serde(default)]
    pub steps: crate::tracking::Steps,
    /// Customs' own words when it refused the goods (its receipt's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs_note: Option<String>,
}

impl Order {
    /// Whether `sku` reached the buyer: the whole order delivered, or a
    /// parcel holding it signed for. What a review needs (the server's check
    /// and the order page's offer are this one rule).
    pub fn line_delivered(&self, sku: &str) -> bool {
        let bought = self.quote.lines.iter().any(|l| l.sku == sku);
        bought
            && (matches!(self.status, OrderStatus::Delivered | OrderStatus::Completed)
                || self
                    .parcels
                    .iter()
                    .any(|p| p.delivered_at.is_some() && p.lines.iter().any(|l| l.sku == sku)))
    }
}

/// Asks for a sign-in code by SMS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeRequest {
    /// A mainland mobile number, 11 digits.
    pub phone: String,
}

/// The same answer whether or not the phone has an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeSent {
    /// Seconds before another code may be asked for.
    pub resend_after: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    pub phone: String,
    /// The 6-digit code from the SMS.
    pub code: String,
    /// The user agreement and privacy policy, in the versions read: both
    /// (`legal::FOR_SIGN_IN`), current, or the sign-in is refused.
    #[serde(default)]
    pub accepted: Vec<crate::legal::Accepted>,
}

/// The signed-in shopper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    /// 138****8000
    pub phone_masked: String,
    /// RFC 3339
    pub created_at: String,
}

/// One order in "my orders".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderSummary {
    pub id: String,
    pub status: OrderStatus,
    /// RFC 3339
    pub created_at: String,
    pub total: Money,
    /// The first line's picture.
    pub image: String,
    pub items: u32,
    /// On its way: the carrier's newest word of any of its parcels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<crate::tracking::TrackEvent>,
    /// A pre-sale not yet on its way: the window it ships in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ships: Option<ShipWindow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderPage {
    pub orders: Vec<OrderSummary>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// Why an order was cancelled; the order page says it in the shopper's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CancelReason {
    /// Not paid in time: the stock went back on sale.
    Expired,
    /// The shopper cancelled it before paying.
    Shopper,
    /// A payment arrived that would have passed the payer's yearly allowance:
    /// it was refunded.
    AnnualLimit,
    /// The shop refunded a paid order.
    Refunded,
    /// A pre-sale the seller could not fill: refunded in full.
    PresaleUnfilled,
}

impl CancelReason {
    pub const ALL: [CancelReason; 5] = [
        CancelReason::Expired,
        CancelReason::Shopper,
        CancelReason::AnnualLimit,
        CancelReason::Refunded,
        CancelReason::PresaleUnfilled,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            CancelReason::Expired => "expired",
            CancelReason::Shopper => "shopper",
            CancelReason::AnnualLimit => "annual_limit",
            CancelReason::Refunded => "refunded",
            CancelReason::PresaleUnfilled => "presale_unfilled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Why money was given back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefundReason {
    /// The order had been paid already, by another attempt.
    Duplicate,
    /// The payment arrived after the order had expired.
    Expired,
    /// The payment arrived after the shopper cancelled the order.
    Shopper,
    /// The payment would have passed the payer's yearly allowance.
    AnnualLimit,
    /// The shop refunded the order.
    Operator,
    /// Customs refused the goods.
    CustomsRefused,
    /// Part of a delivered order, for an approved after-sales request.
    Aftersales,
    /// The shopper cancelled it before it shipped.
    CancelledBeforeShipping,
    /// A pre-sale the seller could not fill.
    PresaleUnfilled,
}

impl RefundReason {
    pub const ALL: [RefundReason; 9] = [
        RefundReason::Duplicate,
        RefundReason::Expired,
        RefundReason::Shopper,
        RefundReason::AnnualLimit,
        RefundReason::Operator,
        RefundReason::CustomsRefused,
        RefundReason::Aftersales,
        RefundReason::CancelledBeforeShipping,
        RefundReason::PresaleUnfilled,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RefundReason::Duplicate => "duplicate",
            RefundReason::Expired => "expired",
            RefundReason::Shopper => "shopper",
            RefundReason::AnnualLimit => "annual_limit",
            RefundReason::Operator => "operator",
            RefundReason::CustomsRefused => "customs_refused",
            RefundReason::Aftersales => "aftersales",
            RefundReason::CancelledBeforeShipping => "cancelled_before_shipping",
            RefundReason::PresaleUnfilled => "presale_unfilled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Money given back to the payer through the provider it was paid with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Refund {
    pub amount: Money,
    pub reason: RefundReason,
    /// RFC 3339
    pub created_at: String,
}

/// How this shop takes payments: the methods it offers, and whether it is
/// the development sandbox (no money moves), which the checkout says plainly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentOptions {
    pub sandbox: bool,
    pub methods: Vec<PaymentMethod>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_wechat_wechat_pay_comes_first_and_alipay_cannot_be_paid() {
        // WeChat on an iPhone and on Android, as their browsers name themselves.
        let ios = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";
        let android = "Mozilla/5.0 (Linux; Android 14; V2307A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/5G Language/zh_CN";
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert!(in_wechat(ios) && in_wechat(android) && !in_wechat(safari));
        assert_eq!(
            PaymentMethod::offered(true),
            [
                (PaymentMethod::Wechat, true),
                (PaymentMethod::Alipay, false)
            ]
        );
        assert!(PaymentMethod::offered(false)
            .iter()
            .all(|(_, payable)| *payable));
    }

    #[test]
    fn product_query_pairs_skip_what_is_unset() {
        let q = ProductQuery {
            q: Some("樱桃".into()),
            category: Some(String::new()),
            page: Some(2),
            ..Default::default()
        };
        assert_eq!(
            q.pairs(),
            vec![("q", "樱桃".to_owned()), ("page", "2".to_owned())]
        );
        assert!(ProductQuery::default().pairs().is_empty());
        let q = ProductQuery {
            in_stock: Some(true),
            in_season: Some(false),
            min: Some(50),
            ..Default::default()
        };
        assert_eq!(
            q.pairs(),
            vec![("min", "50".to_owned()), ("in_stock", "true".to_owned())]
        );
    }

    #[test]
    fn seasons_wrap_the_year() {
        let summer = Season { from: 6, to: 7 };
        assert!(summer.contains(6) && summer.contains(7));
        assert!(!summer.contains(5) && !summer.contains(8));
        let pears = Season { from: 9, to: 1 };
        assert!(pears.contains(9) && pears.contains(12) && pears.contains(1));
        assert!(!pears.contains(2) && !pears.contains(8));
    }

    #[test]
    fn out_of_season_produce_opens_at_the_next_harvest() {
        let cherries = Season { from: 6, to: 7 };
        let at = |year, month| Some(YearMonth { year, month });
        assert_eq!(cherries.next_opening(2026, 12), at(2027, 6));
        assert_eq!(cherries.next_opening(2027, 3), at(2027, 6));
        assert_eq!(cherries.next_opening(2027, 8), at(2028, 6));
        assert_eq!(cherries.next_opening(2027, 7), None);
        let pears = Season { from: 9, to: 1 };
        assert_eq!(pears.next_opening(2027, 1), None);
        assert_eq!(pears.next_opening(2027, 2), at(2027, 9));
    }
}

/// Shoppers see published products only; drafts are the seller's to preview.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    Draft,
    Published,
}

impl ProductStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProductStatus::Draft => "draft",
            ProductStatus::Published => "published",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(ProductStatus::Draft),
            "published" => Some(ProductStatus::Published),
            _ => None,
        }
    }
}

/// One of the seller's products in the preview, with what it still needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewItem {
    pub slug: String,
    pub status: ProductStatus,
    pub name: L10n,
    /// True when it can be sold (variants, tax class and channel set): only
    /// then does it show in the storefront, and only then can it be published.
    pub showable: bool,
    pub issues: Vec<crate::preview::Issue>,
}

/// `GET /api/preview/{seller}`: the storefront as shoppers will see it,
/// drafts included, and the report of what is left to fix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerPreview {
    /// Exactly what `GET /api/sellers/{slug}` would give, with the drafts in.
    pub profile: SellerProfile,
    /// Every product of the seller, showable or not, drafts first.
    pub items: Vec<PreviewItem>,
    pub seller_issues: Vec<crate::preview::Issue>,
    /// When the token that opened this preview stops working (RFC 3339).
    pub expires_at: String,
}

/// `GET /api/preview/{seller}/products/{slug}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductPreview {
    pub status: ProductStatus,
    pub product: ProductDetail,
    pub issues: Vec<crate::preview::Issue>,
}

/// The product a unit's authenticity code was printed for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifiedProduct {
    pub slug: String,
    pub name: L10n,
    /// The product's first picture, the shop's own path.
    pub image: String,
    pub label: L10n,
}

/// What the public check page of a unit's authenticity code shows
/// (`GET /api/verify/{code}`): never a name, a phone or a street.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verification {
    /// The code as the shop prints it (`K3M9Q-7TXW2`).
    pub code: String,
    pub product: VerifiedProduct,
    pub seller: SellerRef,
    /// When the shop verified the seller (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller_verified_on: Option<String>,
    /// RFC 3339; none before the unit left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipped_at: Option<String>,
    /// The province and city it was sent to (GB/T 2260 names, as the
    /// address was chosen).
    pub province: String,
    pub city: String,
    /// How often the code has been checked, this time included, and since when (RFC 3339).
    pub checks: u32,
    pub first_checked_at: String,
    /// Checked from many different clients: perhaps a copied label.
    pub flagged: bool,
}
