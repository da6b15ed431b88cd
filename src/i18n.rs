//! Fluent setup, the language in force, and formatting by locale. Every word
//! the interface shows comes from locales/<lang>/*.ftl through here or `tr!`.

use haitao_core::api::OrderStatus;
use haitao_core::freight::Channel;
use haitao_core::text::Lang;
use haitao_core::{ErrorCode, Money};
use leptos::prelude::*;
use leptos_fluent::{leptos_fluent, tr, I18n};

use crate::api::ApiError;

/// The i18n context provider: leptos-fluent's settings, for the shop's locales
/// (their loader: src/locales.rs, which fetches a language the wasm does not
/// carry) or, with the `translator` feature, those plus the generated en-XA
/// and *-msgid (scripts/pseudo-locales.mjs), all compiled in.
macro_rules! i18n_provider {
    ($locales:literal $(, $translations:ident: $loaders:path)?) => {
        #[component]
        pub fn I18nProvider(children: Children) -> impl IntoView {
            leptos_fluent! {
                children: children(),
                locales: $locales,
                $($translations: $loaders,)?
                default_language: "zh-CN",
                // Fluent wraps placeables in bidi isolation marks; both our languages
                // are left-to-right, and the marks would leak into copied text
                // (for the translators' own loader; the shop's: src/locales.rs).
                customise: |bundle| bundle.set_use_isolating(false),
                check_translations: "./src/**/*.rs",
                sync_html_tag_lang: true,
                url_param: "lang",
                initial_language_from_url_param: true,
                initial_language_from_url_param_to_local_storage: true,
                local_storage_key: "haitao.lang",
                initial_language_from_local_storage: true,
                set_language_to_local_storage: true,
                // A cookie too, so the server draws a page's first screen in
                // the shopper's language (server/src/l10n.rs).
                cookie_name: "haitao.lang",
                cookie_attrs: "SameSite=Lax; Path=/; Max-Age=31536000",
                set_language_to_cookie: true,
                initial_language_from_url_param_to_cookie: true,
                initial_language_from_local_storage_to_cookie: true,
                initial_language_from_navigator_to_cookie: true,
                // Then the browser's languages (any zh-* is zh-CN, any en-* en-US); then zh-CN.
                initial_language_from_navigator: true,
            }
        }
    };
}

#[cfg(feature = "translator")]
i18n_provider!("./locales-translator");
#[cfg(not(feature = "translator"))]
i18n_provider!("./locales", translations: crate::locales::IN_FORCE);

/// The shop language in force (reactive).
pub fn lang() -> Lang {
    use_context::<I18n>().map_or(Lang::ZhCn, lang_of)
}

/// The same, from a handle held by the caller: for closures that may run
/// while their page is torn down, when the context is no longer reachable.
/// The translators' locales (en-XA, *-msgid) read product content in their
/// base language.
pub fn lang_of(i18n: I18n) -> Lang {
    if i18n.language.get().id.starts_with("en") {
        Lang::EnUs
    } else {
        Lang::ZhCn
    }
}

/// The suffix of translator mode's locales: each message shows its id.
const IDS: &str = "-msgid";

fn set_language(i18n: I18n, id: &str) {
    if let Some(l) = i18n.languages.iter().find(|l| l.id == id) {
        i18n.language.set(l);
    }
}

/// Switches between the two shop languages (staying in translator mode),
/// once the other language's messages are here.
pub fn toggle_language() {
    let i18n = expect_context::<I18n>();
    let ids = i18n.language.get_untracked().id.ends_with(IDS);
    let next = match lang() {
        Lang::ZhCn => Lang::EnUs,
        Lang::EnUs => Lang::ZhCn,
    };
    let id = if ids {
        format!("{}{IDS}", next.tag())
    } else {
        next.tag().to_owned()
    };
    leptos::task::spawn_local(async move {
        // Not had (offline): the page stays as it is, and the next tap tries again.
        if crate::locales::load(next).await {
            set_language(i18n, &id);
        }
    });
}

/// leptos-fluent may choose a language the app does not hold yet (the
/// browser's languages named one the page was not drawn in): it is fetched
/// and the page redrawn in it.
pub fn follow_language() {
    let i18n = expect_context::<I18n>();
    Effect::new(move |_| {
        let lang = lang_of(i18n);
        if !crate::locales::loaded(lang) {
            leptos::task::spawn_local(async move {
                if crate::locales::load(lang).await {
                    i18n.language.update(|_| {});
                }
            });
        }
    });
}

/// `?i18n=ids`: translator mode, each text with its message id beside it.
pub fn translator_mode_from_url() {
    let search = window().location().search().unwrap_or_default();
    if search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "i18n=ids")
    {
        let i18n = expect_context::<I18n>();
        let base = if lang() == Lang::ZhCn {
            "zh-CN"
        } else {
            "en-US"
        };
        set_language(i18n, &format!("{base}{IDS}"));
    }
}

/// ¥1,234.50 in both languages: the yuan sign is what shoppers read either way.
pub fn yuan(m: Money) -> String {
    format!("¥{}", m.format_number())
}

/// US$12.99: "$" alone is ambiguous to a Chinese reader.
pub fn dollars(m: Money) -> String {
    format!("US${}", m.format_number())
}

/// A rate in basis points as a percentage: 1000 -> "10", 750 -> "7.5".
pub fn percent(bp: u32) -> String {
    let text = format!("{}.{:02}", bp / 100, bp % 100);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// An RFC 3339 UTC time as a date in China: 2026年11月21日 / Nov 21, 2026.
pub fn date(rfc3339: &str) -> String {
    haitao_core::dates::china_date(rfc3339).map_or_else(|| rfc3339.to_owned(), day_text)
}

/// A day as the shop writes one: "2026年12月6日", "Dec 6, 2026".
fn day_text((year, month, day): (i64, u32, u32)) -> String {
    let month = month_name(month, true);
    tr!("date", { "year" => year, "month" => month, "day" => day })
}

/// An RFC 3339 UTC time as China's clock reads it: "12月5日 14:03",
/// "Dec 5, 14:03".
pub fn date_time(rfc3339: &str) -> String {
    haitao_core::dates::china_time(rfc3339).map_or_else(
        || rfc3339.to_owned(),
        |(_, month, day, hour, minute)| {
            let month = month_name(month, true);
            let time = format!("{hour:02}:{minute:02}");
            tr!("date-time", { "month" => month, "day" => day, "time" => time })
        },
    )
}

/// A carrier's event's state, in the shopper's words.
pub fn track_state_name(s: haitao_core::tracking::TrackState) -> String {
    use haitao_core::tracking::TrackState;
    match s {
        TrackState::Collected => tr!("track-collected"),
        TrackState::InTransit => tr!("track-in_transit"),
        TrackState::Customs => tr!("track-customs"),
        TrackState::OutForDelivery => tr!("track-out_for_delivery"),
        TrackState::Delivered => tr!("track-delivered"),
        TrackState::Problem => tr!("track-problem"),
        TrackState::Returned => tr!("track-returned"),
    }
}

/// A pre-sale's window: "预售：6月20日–7月5日发货", "Pre-sale: ships Jun 20–Jul 5".
pub fn presale_text(w: &haitao_core::api::ShipWindow) -> String {
    let (from, to) = window_days(w);
    tr!("presale-ships", { "from" => from, "to" => to })
}

/// A window's first and last day without the year: "6月20日", "Jun 20".
pub fn window_days(w: &haitao_core::api::ShipWindow) -> (String, String) {
    let day = |ymd: &str| {
        haitao_core::dates::calendar_date(ymd).map_or_else(
            || ymd.to_owned(),
            |(_, month, day)| tr!("month-day", { "month" => month_name(month, true), "day" => day }),
        )
    };
    (day(&w.from), day(&w.to))
}

/// A calendar day (`YYYY-MM-DD`) as `date` writes one.
pub fn calendar_day(ymd: &str) -> String {
    haitao_core::dates::calendar_date(ymd).map_or_else(|| ymd.to_owned(), day_text)
}

/// "已售 1200+" / "1,200+ sold"; nothing before the first sale. Chinese
/// counts in 万 from ten thousand, as shoppers there read numbers.
pub fn sold_text(sold: i64) -> Option<String> {
    use haitao_core::trust::{sold_shown, SoldShown};
    let (n, plus) = match sold_shown(sold)? {
        SoldShown::Exact(n) => (n, false),
        SoldShown::AtLeast(n) => (n, true),
    };
    let count = match lang() {
        Lang::ZhCn if n >= 10_000 => {
            let wan = format!("{:.1}", n as f64 / 10_000.0);
            format!("{}万", wan.trim_end_matches(".0"))
        }
        Lang::ZhCn => n.to_string(),
        Lang::EnUs => haitao_core::money::group_thousands(n.unsigned_abs()),
    };
    Some(if plus {
        tr!("sold-at-least", { "count" => count })
    } else {
        tr!("sold-exactly", { "count" => count })
    })
}

pub fn channel_name(c: Channel) -> String {
    channel_name_in(expect_context::<I18n>(), c)
}

/// The same, with the i18n handle the caller already holds (a context lookup
/// per product card adds up).
pub fn channel_name_in(i18n: I18n, c: Channel) -> String {
    match c {
        Channel::DirectMail => tr!(i18n, "channel-direct_mail"),
        Channel::BondedWarehouse => tr!(i18n, "channel-bonded_warehouse"),
        Channel::ColdChain => tr!(i18n, "channel-cold_chain"),
    }
}

pub fn channel_eta(c: Channel) -> String {
    let (from, to) = c.delivery_days();
    tr!("channel-eta", { "from" => from, "to" => to })
}

pub fn method_name(m: haitao_core::api::PaymentMethod) -> String {
    match m {
        haitao_core::api::PaymentMethod::Alipay => tr!("method-alipay"),
        haitao_core::api::PaymentMethod::Wechat => tr!("method-wechat"),
    }
}

pub fn status_name(s: OrderStatus) -> String {
    match s {
        OrderStatus::AwaitingPayment => tr!("status-awaiting_payment"),
        OrderStatus::Paid => tr!("status-paid"),
        OrderStatus::CustomsDeclared => tr!("status-customs_declared"),
        OrderStatus::Cleared => tr!("status-cleared"),
        OrderStatus::Shipped => tr!("status-shipped"),
        OrderStatus::Delivered => tr!("status-delivered"),
        OrderStatus::Completed => tr!("status-completed"),
        OrderStatus::CustomsRefused => tr!("status-customs_refused"),
        OrderStatus::Cancelled => tr!("status-cancelled"),
    }
}

/// Why an order was cancelled, for the shopper.
pub fn cancel_reason_text(r: haitao_core::api::CancelReason) -> String {
    use haitao_core::api::CancelReason;
    match r {
        CancelReason::Expired => tr!("cancel-reason-expired"),
        CancelReason::Shopper => tr!("cancel-reason-shopper"),
        CancelReason::AnnualLimit => tr!("cancel-reason-annual_limit"),
        CancelReason::Refunded => tr!("cancel-reason-refunded"),
        CancelReason::PresaleUnfilled => tr!("cancel-reason-presale_unfilled"),
    }
}

/// Why money was given back, for the shopper.
pub fn refund_reason_text(r: haitao_core::api::RefundReason) -> String {
    use haitao_core::api::RefundReason;
    match r {
        RefundReason::Duplicate => tr!("refund-reason-duplicate"),
        RefundReason::Expired => tr!("refund-reason-expired"),
        RefundReason::Shopper => tr!("refund-reason-shopper"),
        RefundReason::AnnualLimit => tr!("refund-reason-annual_limit"),
        RefundReason::Operator => tr!("refund-reason-operator"),
        RefundReason::CustomsRefused => tr!("refund-reason-customs_refused"),
        RefundReason::Aftersales => tr!("refund-reason-aftersales"),
        RefundReason::CancelledBeforeShipping => tr!("refund-reason-cancelled_before_shipping"),
        RefundReason::PresaleUnfilled => tr!("refund-reason-presale_unfilled"),
    }
}

/// A US state's name in the shop language, for every code `import` accepts
/// (haitao-core's `US_STATES`); an unknown code is shown as it is.
pub fn state_name(code: &str) -> String {
    match code {
        "AK" => tr!("state-AK"),
        "AL" => tr!("state-AL"),
        "AR" => tr!("state-AR"),
        "AZ" => tr!("state-AZ"),
        "CA" => tr!("state-CA"),
        "CO" => tr!("state-CO"),
        "CT" => tr!("state-CT"),
        "DC" => tr!("state-DC"),
        "DE" => tr!("state-DE"),
        "FL" => tr!("state-FL"),
        "GA" => tr!("state-GA"),
        "HI" => tr!("state-HI"),
        "IA" => tr!("state-IA"),
        "ID" => tr!("state-ID"),
        "IL" => tr!("state-IL"),
        "IN" => tr!("state-IN"),
        "KS" => tr!("state-KS"),
        "KY" => tr!("state-KY"),
        "LA" => tr!("state-LA"),
        "MA" => tr!("state-MA"),
        "MD" => tr!("state-MD"),
        "ME" => tr!("state-ME"),
        "MI" => tr!("state-MI"),
        "MN" => tr!("state-MN"),
        "MO" => tr!("state-MO"),
        "MS" => tr!("state-MS"),
        "MT" => tr!("state-MT"),
        "NC" => tr!("state-NC"),
        "ND" => tr!("state-ND"),
        "NE" => tr!("state-NE"),
        "NH" => tr!("state-NH"),
        "NJ" => tr!("state-NJ"),
        "NM" => tr!("state-NM"),
        "NV" => tr!("state-NV"),
        "NY" => tr!("state-NY"),
        "OH" => tr!("state-OH"),
        "OK" => tr!("state-OK"),
        "OR" => tr!("state-OR"),
        "PA" => tr!("state-PA"),
        "RI" => tr!("state-RI"),
        "SC" => tr!("state-SC"),
        "SD" => tr!("state-SD"),
        "TN" => tr!("state-TN"),
        "TX" => tr!("state-TX"),
        "UT" => tr!("state-UT"),
        "VA" => tr!("state-VA"),
        "VT" => tr!("state-VT"),
        "WA" => tr!("state-WA"),
        "WI" => tr!("state-WI"),
        "WV" => tr!("state-WV"),
        "WY" => tr!("state-WY"),
        other => other.to_owned(),
    }
}

/// A month's name (1-12), short (in dates) or long.
pub fn month_name(n: u32, short: bool) -> String {
    if short {
        tr!("month-short", { "n" => n })
    } else {
        tr!("month-name", { "n" => n })
    }
}

/// "6月–7月" / "June–July".
pub fn season_text(s: haitao_core::api::Season) -> String {
    tr!("season-window", { "from" => month_name(u32::from(s.from), false), "to" => month_name(u32::from(s.to), false) })
}

pub fn certification_name(id: &str) -> String {
    match id {
        "usda_organic" => tr!("cert-usda_organic"),
        "non_gmo" => tr!("cert-non_gmo"),
        "msc" => tr!("cert-msc"),
        "gmp" => tr!("cert-gmp"),
        other => other.to_owned(),
    }
}

/// The shopper's words for an error code from the API or a local check.
pub fn code_message(code: ErrorCode) -> String {
    match code {
        ErrorCode::NotFound => tr!("error-not_found"),
        ErrorCode::BadRequest | ErrorCode::InvalidQuery => tr!("error-bad_request"),
        ErrorCode::EmptyCart => tr!("error-empty_cart"),
        ErrorCode::InvalidQuantity => tr!("error-invalid_quantity"),
        ErrorCode::UnknownSku => tr!("error-unknown_sku"),
        ErrorCode::OutOfStock => tr!("error-out_of_stock"),
        ErrorCode::OutOfSeason => tr!("error-out_of_season"),
        ErrorCode::NotOnSaleYet => tr!("error-not_on_sale_yet"),
        ErrorCode::PresaleMixed => tr!("error-presale_mixed"),
        ErrorCode::OrderLimit => tr!("error-order_limit"),
        ErrorCode::AnnualLimit => tr!("error-annual_limit"),
        ErrorCode::InvalidName => tr!("error-invalid_name"),
        ErrorCode::InvalidMobile => tr!("error-invalid_mobile"),
        ErrorCode::InvalidPostcode => tr!("error-invalid_postcode"),
        ErrorCode::InvalidAddress => tr!("error-invalid_address"),
        ErrorCode::AddressTooLong => tr!("error-address_too_long"),
        ErrorCode::InvalidIdNumber => tr!("error-invalid_id_number"),
        ErrorCode::OrderNotPayable => tr!("error-order_not_payable"),
        ErrorCode::PreviewTokenMissing => tr!("error-preview_token_missing"),
        ErrorCode::PreviewTokenInvalid => tr!("error-preview_token_invalid"),
        ErrorCode::PreviewTokenExpired => tr!("error-preview_token_expired"),
        ErrorCode::PreviewTokenRevoked => tr!("error-preview_token_revoked"),
        ErrorCode::PreviewWrongSeller => tr!("error-preview_wrong_seller"),
        ErrorCode::RateLimited => tr!("error-rate_limited"),
        ErrorCode::OrderExpired => tr!("error-order_expired"),
        ErrorCode::OrderNotCancellable => tr!("error-order_not_cancellable"),
        ErrorCode::PaymentMismatch | ErrorCode::ForeignOrigin => tr!("error-internal"),
        ErrorCode::CodeWrong => tr!("error-code_wrong"),
        ErrorCode::CodeExpired => tr!("error-code_expired"),
        ErrorCode::SignInRequired => tr!("error-sign_in_required"),
        ErrorCode::BookFull => tr!("error-book_full"),
        ErrorCode::HoldLimit => tr!("error-hold_limit"),
        ErrorCode::ConsentMissing => tr!("error-consent_missing"),
        ErrorCode::ConsentOutdated => tr!("error-consent_outdated"),
        ErrorCode::InvalidQuestion => {
            tr!("error-invalid_question", { "min" => haitao_core::trust::QUESTION_MIN, "max" => haitao_core::trust::QUESTION_MAX })
        }
        ErrorCode::QuestionLimit => tr!("error-question_limit"),
        ErrorCode::InSeason => tr!("error-in_season"),
        // After the purchase: worded with the after-purchase messages, by the
        // pages that meet them (pages/order/errors.rs), not on every page.
        ErrorCode::OrderNotShipped
        | ErrorCode::RefundExceedsPayment
        | ErrorCode::InvalidAftersales
        | ErrorCode::AftersalesOneSeller
        | ErrorCode::AftersalesClosed
        | ErrorCode::InvalidNote
        | ErrorCode::PhotoTooLarge
        | ErrorCode::PhotoNotAnImage
        | ErrorCode::TooManyPhotos
        | ErrorCode::AftersalesDecided
        | ErrorCode::ReviewNotAllowed
        | ErrorCode::ReviewExists
        | ErrorCode::InvalidReview
        // The seller centre's own refusals, which its pages word themselves
        // (pages/seller/): a shopper never meets them.
        | ErrorCode::InvalidEmail
        | ErrorCode::OwnerOnly
        | ErrorCode::UserTaken
        | ErrorCode::RemoveSelf
        | ErrorCode::InvalidCarrier
        | ErrorCode::InvalidWaybill
        | ErrorCode::WaybillTaken
        | ErrorCode::InvalidParcel
        | ErrorCode::InvalidVariant
        | ErrorCode::ImportRejected
        | ErrorCode::IdempotencyKeyMissing
        | ErrorCode::IdempotencyKeyReused
        | ErrorCode::BadSignature
        | ErrorCode::Internal => {
            tr!("error-internal")
        }
    }
}

pub fn error_message(err: &ApiError) -> String {
    match err {
        ApiError::Network => tr!("error-network"),
        ApiError::Api { code, .. } => code_message(*code),
        ApiError::Http(404) => tr!("error-not_found"),
        ApiError::Http(_) | ApiError::Decode => tr!("error-server"),
    }
}
