use crate::components::page_title::PageTitle;
use haitao_core::api::ProductDetail;
use haitao_core::money::Money;
use leptos::prelude::*;
use leptos_fluent::{move_tr, tr, I18n};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::cart::Cart;
use crate::components::ask_seller::AskSeller;
use crate::components::harvest_wish::HarvestWish;
use crate::components::l10n_text::Txt;
use crate::components::price::PriceTag;
use crate::components::promises::Promises;
use crate::components::status::{ErrorPanel, Spinner};
use crate::i18n::{
    certification_name, channel_eta, channel_name, date, lang, lang_of, month_name, percent,
    presale_text, season_text, sold_text, state_name, yuan,
};
use crate::pages::not_found::NotFound;

#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let product = LocalResource::new(move || {
        let s = slug();
        async move { api::product(&s).await }
    });
    // Opened on this page: the app takes the server's frame's place once the product is shown.
    Effect::new(move |_| {
        if product.with(Option::is_some) {
            crate::boot::first_screen_ready();
        }
    });
    view! {
        {move || match product.get() {
            None => view! { <Spinner/> }.into_any(),
            Some(Err(err)) if err.is_not_found() => view! { <NotFound/> }.into_any(),
            Some(Err(err)) => view! { <ErrorPanel err retry=move |_| product.refetch()/> }.into_any(),
            Some(Ok(p)) => view! { <ProductView p/> }.into_any(),
        }}
    }
}

#[component]
pub fn ProductView(p: ProductDetail) -> impl IntoView {
    // Titles are re-read while a page is torn down, when context is gone.
    let i18n = expect_context::<I18n>();
    let cart = expect_context::<Cart>();
    let p = StoredValue::new(p);
    // The first variant in stock is picked; if none is, the first.
    let first = p.with_value(|p| p.variants.iter().position(|v| v.stock > 0).unwrap_or(0));
    let picked = RwSignal::new(first);
    let qty = RwSignal::new(1u32);
    let added = RwSignal::new(false);
    let variant = move || p.with_value(|p| p.variants.get(picked.get()).cloned());
    let price = Signal::derive(move || {
        variant()
            .map(|v| v.price)
            .or_else(|| p.with_value(|p| p.variants.first().map(|v| v.price)))
            // The API sends no product without a variant.
            .unwrap_or(haitao_core::money::Price {
                cny: Money::cny(0),
                usd: Money::usd(0),
            })
    });
    // Out of season, produce is not sold whatever its stock: the page says
    // when the next harvest ships instead of promising days.
    let opens = p.with_value(|p| p.opens);
    // On pre-sale: sold now, shipped in its window (the harvest).
    let presale = p.with_value(|p| p.presale.clone());
    let is_presale = presale.is_some();
    // A drop not open yet: shown, its button disabled until the second.
    let sale_at = p.with_value(|p| p.sale_starts.as_ref().map(|s| s.at.clone()));
    let to_open = crate::components::sale_clock::seconds_to_open(
        p.with_value(|p| p.sale_starts.clone()).as_ref(),
    );
    let stock = move || {
        if opens.is_some() {
            0
        } else {
            variant().map_or(0, |v| v.stock)
        }
    };

    // What this item alone would pay in tax, its parcel's freight included,
    // and whether in full (one unit over the order limit, quote.rs).
    let assessed = move || {
        let (class, channel, duty) = p.with_value(|p| (p.tax_class, p.channel, p.duty_bp));
        let goods = price.get().cny.times(qty.get());
        let dutiable = Money::cny(goods.amount + channel.freight().amount);
        haitao_core::quote::tax_of(class, duty, dutiable, qty.get() == 1)
    };
    let tax = move || assessed().0;
    let goods = move || price.get().cny.times(qty.get());
    let freight = move || p.with_value(|p| p.channel.freight());
    // The sum is shown, not only the tax: the tax is on goods and freight.
    let landed = move || Money::cny(goods().amount + freight().amount + tax().amount);
    // One unit, with its freight, over the order limit: bought alone and
    // taxed in full, or not at all (the quote's own test).
    let over_limit = move || {
        let freight = p.with_value(|p| p.channel.freight());
        haitao_core::limits::over_order_limit(Money::cny(price.get().cny.amount + freight.amount))
    };
    let name = move || p.with_value(|p| p.name.get(lang()).text.to_owned());

    // A seller's preview shows the button as shoppers see it, but a draft
    // cannot go in a cart: the tap says so instead.
    let previewing = use_context::<crate::preview::PreviewCtx>().is_some();
    let add = move |_| {
        if previewing {
            added.set(true);
            return;
        }
        if let Some(v) = variant() {
            cart.add(&v.sku, qty.get(), Some(v.stock));
            added.set(true);
            set_timeout(
                move || added.set(false),
                std::time::Duration::from_millis(2500),
            );
        }
    };

    view! {
        <PageTitle text={
            let n = p.with_value(|p| p.name.clone());
            move || tr!(i18n, "product-title", { "name" => n.get(lang_of(i18n)).text.to_owned() })
        }/>
        <article class="product">
            <div class="gallery" role="group" aria-label=move_tr!("gallery-label")>
                {p.with_value(|p| p.images.clone()).into_iter().enumerate().map(|(i, src)| view! {
                    <img srcset=crate::images::srcset(&src) sizes=crate::images::GALLERY_SIZES src=src.clone() alt=move || tr!("gallery-image-alt", { "name" => name(), "n" => i + 1 }) width="400" height="400"
                        loading=if i == 0 { "eager" } else { "lazy" }/>
                }).collect_view()}
            </div>
            <div class="product-info">
                <h1><Txt t=p.with_value(|p| p.name.clone())/></h1>
                <PriceTag price/>
                {move || p.with_value(|p| sold_text(p.sold)).map(|t| view! { <p class="sold-count">{t}</p> })}
                // On pre-sale with plenty left, the window below says it all.
                <p class="stock-state" hidden=move || { is_presale && stock() > 10 } class:low=move || { stock() > 0 && stock() <= 10 } class:none=move || { opens.is_none() && stock() <= 0 } class=("out-of-season", opens.is_some())>
                    {move || match (opens, stock()) {
                        (Some(at), _) => tr!("next-harvest", { "month" => month_name(u32::from(at.month), false), "year" => at.year }),
                        (None, s) if s <= 0 => tr!("stock-none"),
                        (None, s) if s <= 10 => tr!("stock-low", { "count" => s }),
                        _ => tr!("stock-ok"),
                    }}
                </p>
                {presale.clone().map(|w| view! { <p class="presale-note">{move || presale_text(&w)}</p> })}
                {sale_at.clone().and_then(|at| haitao_core::dates::china_time(&at).map(|(_, _, _, h, mi)| (at, h, mi))).map(|(at, h, mi)| view! {
                    <p class="sale-opens" role="status" class:done=move || to_open.get() == 0>
                        {move || tr!("sale-opens-at", { "date" => date(&at), "time" => format!("{h:02}:{mi:02}") })}
                    </p>
                })}
                <p class="rate-note">{move || p.with_value(|p| tr!("rate-note", { "rate" => p.rate.format(), "date" => date(&p.rate.set_at) }))}</p>

                <fieldset class="variants">
                    <legend>{move_tr!("variant-label")}</legend>
                    {p.with_value(|p| p.variants.clone()).into_iter().enumerate().map(|(i, v)| {
                        let sold_out = v.stock <= 0;
                        view! {
                            <button
                                class="variant"
                                class:selected=move || picked.get() == i
                                aria-pressed=move || (picked.get() == i).to_string()
                                disabled=sold_out
                                on:click=move |_| { picked.set(i); qty.set(1); }
                            >
                                <Txt t=v.label.clone()/>
                                {sold_out.then(|| view! { <span class="variant-out">{move_tr!("sold-out")}</span> })}
                            </button>
                        }
                    }).collect_view()}
                </fieldset>

                <div class="buy-row">
                    <div class="qty" role="group" aria-label=move_tr!("qty-label")>
                        <button aria-label=move_tr!("qty-less") on:click=move |_| qty.update(|q| *q = (*q - 1).max(1)) disabled=move || { qty.get() <= 1 }>"−"</button>
                        <output aria-live="polite">{qty}</output>
                        <button aria-label=move_tr!("qty-more") on:click=move |_| qty.update(|q| *q += 1) disabled=move || { i64::from(qty.get()) >= stock() }>"+"</button>
                    </div>
                    <button class="btn btn-primary add-to-cart" class:sale-ahead=move || { to_open.get() > 0 } on:click=add disabled=move || { stock() <= 0 || to_open.get() > 0 }>
                        {move || match (opens, stock()) {
                            (Some(_), _) => tr!("out-of-season"),
                            _ if to_open.get() > 0 => match haitao_core::dates::countdown(to_open.get()) {
                                (0, time) => tr!("sale-opens-in", { "time" => time }),
                                (days, time) => tr!("sale-opens-in-days", { "days" => days, "time" => time }),
                            },
                            (None, s) if s <= 0 => tr!("sold-out"),
                            _ => tr!("add-to-cart"),
                        }}
                    </button>
                </div>
                {move || {
                    // Out of season, or every variant sold out: wait for it.
                    let gone = p.with_value(|p| p.variants.iter().all(|v| v.stock <= 0));
                    ((opens.is_some() || gone) && !previewing)
                        .then(|| view! { <HarvestWish slug=p.with_value(|p| p.slug.clone()) back=opens.is_none()/> })
                }}
                <p class="added" class:preview-note=previewing role="status" aria-live="polite">
                    <Show when=move || added.get()>
                        {if previewing {
                            view! { {move_tr!("preview-no-cart")} }.into_any()
                        } else {
                            view! { {move_tr!("added-to-cart")} " " <A href="/cart">{move_tr!("view-cart")}</A> }.into_any()
                        }}
                    </Show>
                </p>

                <section class="landed" aria-labelledby="landed-head">
                    <h2 id="landed-head">{move_tr!("landed-heading")}</h2>
                    <dl>
                        <dt>{move || tr!("landed-goods", { "qty" => qty.get() })}</dt>
                        <dd>{move || yuan(goods())}</dd>
                        <dt>{move || tr!("landed-freight", { "channel" => p.with_value(|p| channel_name(p.channel)) })}</dt>
                        <dd>{move || yuan(freight())}</dd>
                        <dt>{move_tr!("tax-estimate")}
                            <small>{move || match (assessed().1, p.with_value(|p| p.duty_bp)) {
                                (true, Some(duty)) => tr!("tax-in-full", { "duty" => percent(duty) }),
                                _ => tr!("tax-rate", { "rate" => p.with_value(|p| format!("{:.2}", p.tax_class.rate_bp() as f64 / 100.0)) }),
                            }}</small>
                        </dt>
                        <dd>{move || yuan(tax())}</dd>
                        <dt class="landed-total">{move_tr!("landed-total")}</dt>
                        <dd class="landed-total">{move || yuan(landed())}</dd>
                    </dl>
                    <p class="landed-note">{move_tr!("landed-note")}</p>
                </section>
                <dl class="facts">
                    <dt>{move_tr!("shipping")}</dt>
                    // No days promised for what is not sold yet.
                    <dd>{let presale = presale.clone(); move || p.with_value(|p| match (&presale, opens) {
                        (Some(w), _) => format!("{} · {}", channel_name(p.channel), presale_text(w)),
                        (None, Some(_)) => channel_name(p.channel),
                        (None, None) => format!("{} · {}", channel_name(p.channel), channel_eta(p.channel)),
                    })}</dd>
                    <dt>{move_tr!("origin")}</dt>
                    <dd>{move || p.with_value(|p| tr!("origin-value", { "state" => state_name(&p.origin_state) }))}</dd>
                    {p.with_value(|p| p.season).map(|s| view! {
                        <dt>{move_tr!("season")}</dt>
                        <dd class="season">{move || tr!("season-ships", { "window" => season_text(s) })}</dd>
                    })}
                    <Show when=move || p.with_value(|p| !p.certifications.is_empty())>
                        <dt>{move_tr!("certifications")}</dt>
                        <dd>{move || p.with_value(|p| p.certifications.iter().map(|c| certification_name(c)).collect::<Vec<_>>().join(" · "))}</dd>
                    </Show>
                </dl>

                <Show when=over_limit>
                    <p class="notice single-item">{move || {
                        let limit = yuan(haitao_core::limits::ORDER_LIMIT);
                        match p.with_value(|p| p.duty_bp) {
                            Some(duty) => tr!("single-item-alone", { "limit" => limit, "duty" => percent(duty) }),
                            None => tr!("limit-single", { "limit" => limit }),
                        }
                    }}</p>
                </Show>
                <Promises p/>

                <section class="description">
                    <h2>{move_tr!("description")}</h2>
                    <p><Txt t=p.with_value(|p| p.description.clone())/></p>
                </section>

                <A href=p.with_value(|p| crate::preview::seller_href(&p.seller.slug)) attr:class="seller-card">
                    <p class="seller-name"><Txt t=p.with_value(|p| p.seller.name.clone())/></p>
                    <p class="seller-meta">
                        {move || p.with_value(|p| tr!("seller-from", { "state" => state_name(&p.seller.state) }))}
                        <Show when=move || p.with_value(|p| p.seller.verified)>
                            <span class="badge badge-verified">{move_tr!("seller-verified")}</span>
                        </Show>
                    </p>
                    <span class="seller-visit">{move_tr!("seller-visit")}</span>
                </A>
                {(!previewing).then(|| view! {
                    <crate::components::product_reviews::ProductReviews slug=p.with_value(|p| p.slug.clone())/>
                })}
                {(!previewing).then(|| view! {
                    <AskSeller slug=p.with_value(|p| p.slug.clone())
                        seller=Signal::derive(move || p.with_value(|p| p.seller.name.get(lang()).text.to_owned()))/>
                })}
            </div>
        </article>
    }
}
