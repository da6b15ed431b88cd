//! Components mounted in a real browser (headless Chromium via
//! wasm-bindgen-test): what a shopper would see and what is kept.
#![cfg(feature = "csr")]

use haitao::cart::Cart;
use haitao::components::header::SiteHeader;
use haitao::components::price::PriceTag;
use haitao::i18n::I18nProvider;
use haitao_core::money::{Money, Price};
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

#[path = "browser/mod.rs"]
mod browser;

use browser::{document, new_div, wait_ms};

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
}

/// Mounts a view into a fresh element and returns the element.
fn mount<V: IntoView + 'static>(f: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    let el = new_div();
    leptos::mount::mount_to(el.clone(), f).forget();
    el
}

/// The text of the first element matching `selector` ("" when none does).
fn text(el: &web_sys::HtmlElement, selector: &str) -> String {
    el.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Clicks the first element matching `selector`, then lets the page settle.
async fn click(el: &web_sys::HtmlElement, selector: &str) {
    let target: web_sys::HtmlElement = el
        .query_selector(selector)
        .ok()
        .flatten()
        .expect("an element to click")
        .unchecked_into();
    target.click();
    settle().await;
}

/// Lets effects and the microtask queue run.
async fn settle() {
    wait_ms(20).await;
}

/// A first visit in a given language (the browser here says en-US).
fn fresh(lang: &str) {
    storage().clear().expect("clear");
    storage().set_item("haitao.lang", lang).expect("set");
}

fn price() -> Price {
    Price {
        cny: Money::cny(22_976),
        usd: Money::usd(3_200),
    }
}

#[wasm_bindgen_test]
async fn price_tag_shows_yuan_then_dollars() {
    fresh("zh-CN");
    let el = mount(|| view! { <I18nProvider><PriceTag price=price()/></I18nProvider> });
    settle().await;
    let cny = text(&el, ".price-cny");
    let usd = text(&el, ".price-usd");
    assert_eq!(cny.trim(), "¥229.76");
    assert_eq!(usd.trim(), "US$32.00");
}

#[wasm_bindgen_test]
async fn from_price_follows_the_language() {
    storage().set_item("haitao.lang", "en-US").expect("set");
    let el = mount(|| view! { <I18nProvider><PriceTag price=price() from=true/></I18nProvider> });
    settle().await;
    let text = el.text_content().unwrap_or_default();
    assert!(text.contains("from ¥229.76"), "{text}");

    storage().set_item("haitao.lang", "zh-CN").expect("set");
    let el = mount(|| view! { <I18nProvider><PriceTag price=price() from=true/></I18nProvider> });
    settle().await;
    let text = el.text_content().unwrap_or_default();
    assert!(text.contains("¥229.76起"), "{text}");
    storage().clear().expect("clear");
}

#[component]
fn HeaderWithCart(add: Vec<(&'static str, u32)>) -> impl IntoView {
    let cart = Cart::provide();
    for (sku, qty) in add {
        cart.add(sku, qty, Some(5));
    }
    view! { <Router><SiteHeader/></Router> }
}

#[wasm_bindgen_test]
async fn header_counts_the_cart_and_the_cart_is_kept() {
    fresh("zh-CN");
    let el = mount(
        || view! { <I18nProvider><HeaderWithCart add=vec![("RC-1KG", 2), ("AL-500G", 1), ("RC-1KG", 9)]/></I18nProvider> },
    );
    settle().await;
    // 2 + 9 of RC-1KG is capped at the stock of 5; plus 1 of AL-500G.
    let badge = text(&el, ".cart-count");
    assert_eq!(badge, "6");
    let saved = storage()
        .get_item("haitao.cart")
        .ok()
        .flatten()
        .unwrap_or_default();
    assert_eq!(
        saved,
        r#"[{"sku":"RC-1KG","qty":5},{"sku":"AL-500G","qty":1}]"#
    );

    // A new page load (a fresh mount) reads the same cart back.
    let again = mount(|| view! { <I18nProvider><HeaderWithCart add=vec![]/></I18nProvider> });
    settle().await;
    let badge = text(&again, ".cart-count");
    assert_eq!(badge, "6");
    storage().clear().expect("clear");
}

#[wasm_bindgen_test]
async fn language_switch_changes_the_words_at_once() {
    fresh("zh-CN");
    let el = mount(|| view! { <I18nProvider><HeaderWithCart add=vec![]/></I18nProvider> });
    settle().await;
    let button: web_sys::HtmlElement = el
        .query_selector(".lang-switch")
        .ok()
        .flatten()
        .expect("switch")
        .unchecked_into();
    assert_eq!(button.text_content().unwrap_or_default().trim(), "English");
    assert_eq!(text(&el, ".logo-text"), "海淘美国");
    button.click();
    settle().await;
    assert_eq!(button.text_content().unwrap_or_default().trim(), "中文");
    assert_eq!(text(&el, ".logo-text"), "haitao USA");
    assert_eq!(
        document()
            .document_element()
            .and_then(|h| h.get_attribute("lang"))
            .as_deref(),
        Some("en-US")
    );
    assert_eq!(
        storage().get_item("haitao.lang").ok().flatten().as_deref(),
        Some("en-US")
    );
    storage().clear().expect("clear");
}

mod pay_deadline {
    use super::*;
    use haitao::components::pay_deadline::PayDeadline;

    /// An RFC 3339 time `secs` from now.
    fn in_secs(secs: f64) -> String {
        js_sys::Date::new(&(js_sys::Date::now() + secs * 1000.0).into())
            .to_iso_string()
            .into()
    }

    async fn wait(ms: i32) {
        let p = js_sys::Promise::new(&mut |ok, _| {
            let _ = web_sys::window()
                .expect("window")
                .set_timeout_with_callback_and_timeout_and_arguments_0(&ok, ms);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }

    #[wasm_bindgen_test]
    async fn the_time_left_to_pay_counts_down_in_the_shoppers_language() {
        for (lang, first, later) in [
            ("zh-CN", "请在 2 分 05 秒内", "请在 2 分 0"),
            ("en-US", "Pay within 2 min 05 s", "Pay within 2 min 0"),
        ] {
            fresh(lang);
            let due = in_secs(124.5);
            let el = mount(
                move || view! { <I18nProvider><PayDeadline pay_by=due on_due=|_| {}/></I18nProvider> },
            );
            settle().await;
            let t = text(&el, ".pay-deadline");
            assert!(t.contains(first), "{lang}: {t}");
            wait(2100).await;
            let t2 = text(&el, ".pay-deadline");
            assert!(
                t2.contains(later) && t2 != t,
                "{lang}: it counts down: {t2}"
            );
        }
        storage().clear().expect("clear");
    }

    #[wasm_bindgen_test]
    async fn when_time_is_up_it_says_so_and_asks_once() {
        fresh("en-US");
        let asked = RwSignal::new(0);
        let due = in_secs(-5.0);
        let el = mount(
            move || view! { <I18nProvider><PayDeadline pay_by=due on_due=move |_| asked.update(|n| *n += 1)/></I18nProvider> },
        );
        settle().await;
        wait(2300).await;
        assert!(text(&el, ".pay-deadline").contains("Time to pay is up"));
        assert_eq!(
            asked.get_untracked(),
            1,
            "the order is asked for once, not every second"
        );
        storage().clear().expect("clear");
    }
}

mod filters {
    use super::*;
    use haitao::components::filters::FilterPanel;
    use haitao_core::api::{FacetCount, Facets, ProductQuery};

    fn facets() -> Facets {
        Facets {
            origins: vec![
                FacetCount {
                    value: "WA".into(),
                    count: 5,
                },
                FacetCount {
                    value: "AK".into(),
                    count: 3,
                },
            ],
            sellers: Vec::new(),
        }
    }

    fn set_value(el: &web_sys::HtmlElement, selector: &str, value: &str, event: &str) {
        let target = el.query_selector(selector).ok().flatten().expect(selector);
        js_sys::Reflect::set(&target, &"value".into(), &value.into()).expect("set value");
        let ev = web_sys::Event::new_with_event_init_dict(event, &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        })
        .expect("event");
        target.dispatch_event(&ev).expect("dispatch");
    }

    /// Opens the panel as a shopper does; its form is built on first opening.
    async fn open(el: &web_sys::HtmlElement) {
        assert!(
            el.query_selector("select[name=origin]")
                .ok()
                .flatten()
                .is_none(),
            "the form waits until opened"
        );
        let summary: web_sys::HtmlElement = el
            .query_selector(".filters summary")
            .ok()
            .flatten()
            .expect("summary")
            .unchecked_into();
        summary.click();
        settle().await;
    }

    fn submit(el: &web_sys::HtmlElement) {
        let button: web_sys::HtmlElement = el
            .query_selector(".filter-form button[type=submit]")
            .ok()
            .flatten()
            .expect("submit")
            .unchecked_into();
        button.click();
    }

    #[wasm_bindgen_test]
    async fn applying_builds_the_query_and_keeps_the_search() {
        fresh("zh-CN");
        let applied = RwSignal::new(None::<ProductQuery>);
        let current = ProductQuery {
            q: Some("樱桃".into()),
            page: Some(3),
            ..Default::default()
        };
        let el = mount(move || {
            view! {
                <I18nProvider><FilterPanel facets=facets() current=current.clone() on_apply=move |q| applied.set(Some(q)) show_seller=false/></I18nProvider>
            }
        });
        settle().await;
        open(&el).await;
        let options = el
            .query_selector_all("select[name=origin] option")
            .expect("options")
            .length();
        assert_eq!(options, 3, "any origin, WA, AK");
        let labels = el.text_content().unwrap_or_default();
        assert!(labels.contains("华盛顿州 (5)"), "{labels}");

        set_value(&el, "select[name=origin]", "AK", "change");
        set_value(&el, "input[name=min]", "50", "input");
        set_value(&el, "input[name=max]", "300", "input");
        let check: web_sys::HtmlElement = el
            .query_selector("input[name=in_stock]")
            .ok()
            .flatten()
            .expect("check")
            .unchecked_into();
        check.click();
        submit(&el);
        settle().await;
        let q = applied.get_untracked().expect("applied");
        assert_eq!(q.origin.as_deref(), Some("AK"));
        assert_eq!((q.min, q.max), (Some(50), Some(300)));
        assert_eq!(q.in_stock, Some(true));
        assert_eq!(q.q.as_deref(), Some("樱桃"), "the words searched for stay");
        assert_eq!(q.page, None, "a new filter starts at the first page");
    }

    #[wasm_bindgen_test]
    async fn a_reversed_or_bad_price_range_is_refused_with_a_message() {
        fresh("zh-CN");
        let applied = RwSignal::new(0u32);
        let el = mount(move || {
            view! {
                <I18nProvider><FilterPanel facets=facets() current=ProductQuery::default() on_apply=move |_| applied.update(|n| *n += 1)/></I18nProvider>
            }
        });
        settle().await;
        open(&el).await;
        set_value(&el, "input[name=min]", "300", "input");
        set_value(&el, "input[name=max]", "50", "input");
        submit(&el);
        settle().await;
        assert_eq!(applied.get_untracked(), 0);
        let error = text(&el, ".filter-form .field-error");
        assert_eq!(error, "最低价不能高于最高价。");

        set_value(&el, "input[name=max]", "abc", "input");
        submit(&el);
        settle().await;
        assert_eq!(applied.get_untracked(), 0);
        let error = text(&el, ".filter-form .field-error");
        assert_eq!(error, "价格请填写整数。");
    }
}

#[cfg(feature = "translator")]
mod translator {
    use super::*;

    fn brand(lang: &str) -> web_sys::HtmlElement {
        storage().clear().expect("clear");
        storage().set_item("haitao.lang", lang).expect("set");
        mount(|| view! { <I18nProvider><HeaderWithCart add=vec![]/></I18nProvider> })
    }

    #[wasm_bindgen_test]
    async fn ids_mode_shows_each_message_id_beside_its_text() {
        let el = brand("zh-CN-msgid");
        settle().await;
        let logo = text(&el, ".logo-text");
        assert_eq!(logo, "⟦brand-name⟧ 海淘美国");
        // The switch stays in translator mode.
        click(&el, ".lang-switch").await;
        let logo = text(&el, ".logo-text");
        assert_eq!(logo, "⟦brand-name⟧ haitao USA");
        storage().clear().expect("clear");
    }

    #[wasm_bindgen_test]
    async fn the_pseudo_locale_is_accented_and_longer() {
        let el = brand("en-XA");
        settle().await;
        let logo = text(&el, ".logo-text");
        assert!(
            logo.starts_with("[ĥáíţáó ÚŠÁ") && logo.ends_with(']'),
            "{logo}"
        );
        assert!(
            logo.chars().count() as f64 >= "haitao USA".len() as f64 * 1.3,
            "{logo}"
        );
        storage().clear().expect("clear");
    }
}

mod preview {
    use super::*;
    use haitao::components::product_card::ProductCard;
    use haitao::pages::preview::report::Report;
    use haitao::preview::PreviewCtx;
    use haitao_core::api::{PreviewItem, ProductCard as Card, ProductStatus, SellerRef};
    use haitao_core::freight::Channel;
    use haitao_core::preview::{Field, Issue};
    use haitao_core::text::{L10n, Lang};

    fn item(slug: &str, status: ProductStatus, showable: bool, issues: Vec<Issue>) -> PreviewItem {
        PreviewItem {
            slug: slug.into(),
            status,
            name: L10n::new("", slug),
            showable,
            issues,
        }
    }

    #[component]
    fn ReportFixture() -> impl IntoView {
        let items = vec![
            item(
                "syrup",
                ProductStatus::Draft,
                true,
                vec![
                    Issue::Identical {
                        field: Field::Name,
                        sku: None,
                    },
                    Issue::Missing {
                        field: Field::VariantLabel,
                        lang: Lang::ZhCn,
                        sku: Some("ACS-1".into()),
                    },
                ],
            ),
            item(
                "crate",
                ProductStatus::Draft,
                false,
                vec![Issue::TaxClassUnset, Issue::ChannelUnset],
            ),
            item("cherries", ProductStatus::Published, true, vec![]),
        ];
        view! { <Router><HeaderWithCart add=vec![]/><Report items seller_issues=vec![]/></Router> }
    }

    #[wasm_bindgen_test]
    async fn the_report_says_each_issue_in_the_language_in_force() {
        fresh("zh-CN");
        let el = mount(|| view! { <I18nProvider><ReportFixture/></I18nProvider> });
        settle().await;
        let syrup = text(&el, "[data-slug=syrup] .report-issues");
        assert!(syrup.contains("商品名称的中英文完全相同"), "{syrup}");
        assert!(syrup.contains("规格 ACS-1 的名称缺少中文"), "{syrup}");
        assert_eq!(text(&el, "[data-slug=syrup] .badge"), "草稿");
        assert_eq!(text(&el, "[data-slug=cherries] .badge"), "已上架");
        assert_eq!(text(&el, "[data-slug=cherries] .report-ok"), "没有问题");
        // What stops publishing is marked; an unsellable product has no preview link.
        let crate_ = el
            .query_selector_all("[data-slug=crate] li.blocking")
            .map(|l| l.length())
            .unwrap_or(0);
        assert_eq!(crate_, 2);
        assert!(el
            .query_selector("[data-slug=crate] .report-open")
            .ok()
            .flatten()
            .is_none());
        assert_eq!(text(&el, ".report-summary"), "3 件商品，4 项待处理");

        click(&el, ".lang-switch").await;
        let syrup = text(&el, "[data-slug=syrup] .report-issues");
        assert!(
            syrup.contains("The name is the same in both languages"),
            "{syrup}"
        );
        assert!(
            syrup.contains("The label of variant ACS-1 has no Chinese text"),
            "{syrup}"
        );
        assert_eq!(text(&el, ".report-summary"), "3 products, 4 things to fix");
        storage().clear().expect("clear");
    }

    fn card() -> Card {
        Card {
            slug: "bosc-pears".into(),
            name: L10n::new("博斯克梨", "Bosc Pears"),
            image: "/img/p/danjou-pears-400.webp".into(),
            category: "fruit".into(),
            seller: SellerRef {
                slug: "cascade-orchards".into(),
                name: L10n::new("果园", "Orchards"),
                state: "WA".into(),
                verified: true,
            },
            origin_state: "WA".into(),
            price: price(),
            in_stock: true,
            channel: Channel::ColdChain,
            season: None,
            out_of_season: false,
            presale: None,
        }
    }

    #[component]
    fn CardIn(preview: bool) -> impl IntoView {
        if preview {
            let ctx = PreviewCtx::provide("cascade-orchards", "t");
            ctx.drafts
                .set(["bosc-pears".to_owned()].into_iter().collect());
        }
        view! { <Router><ProductCard card=card()/></Router> }
    }

    #[wasm_bindgen_test]
    async fn a_draft_card_is_marked_and_links_within_the_preview() {
        fresh("zh-CN");
        let shop = mount(|| view! { <I18nProvider><CardIn preview=false/></I18nProvider> });
        let seller = mount(|| view! { <I18nProvider><CardIn preview=true/></I18nProvider> });
        settle().await;
        let href = |el: &web_sys::HtmlElement| {
            el.query_selector("a.card")
                .ok()
                .flatten()
                .and_then(|a| a.get_attribute("href"))
                .unwrap_or_default()
        };
        assert_eq!(href(&shop), "/p/bosc-pears");
        assert!(
            shop.query_selector(".badge-draft").ok().flatten().is_none(),
            "shoppers see no draft mark"
        );
        assert_eq!(href(&seller), "/preview/cascade-orchards/p/bosc-pears");
        assert_eq!(text(&seller, ".badge-draft"), "草稿");
        storage().clear().expect("clear");
    }

    #[component]
    fn PresaleCardIn() -> impl IntoView {
        let window = haitao_core::api::ShipWindow {
            from: "2027-06-20".into(),
            to: "2027-07-05".into(),
        };
        let mut c = card();
        c.presale = Some(window.clone());
        view! {
            <Router><ProductCard card=c/></Router>
            <p class="window">{move || haitao::i18n::presale_text(&window)}</p>
        }
    }

    #[wasm_bindgen_test]
    async fn a_presale_card_and_its_window_read_in_the_shoppers_language() {
        for (lang, badge, window) in [
            ("zh-CN", "预售", "预售：6月20日–7月5日发货"),
            ("en-US", "Pre-sale", "Pre-sale: ships Jun 20–Jul 5"),
        ] {
            fresh(lang);
            let el = mount(|| view! { <I18nProvider><PresaleCardIn/></I18nProvider> });
            settle().await;
            assert_eq!(text(&el, ".badge-presale"), badge, "{lang}");
            assert!(
                el.query_selector(".badge-out").ok().flatten().is_none(),
                "sold, not out of season"
            );
            assert_eq!(text(&el, ".window"), window, "{lang}");
        }
        storage().clear().expect("clear");
    }
}
