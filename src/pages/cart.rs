use crate::components::page_title::PageTitle;
use haitao_core::api::{CartLine, Quote, QuoteRequest, QuotedLine};
use haitao_core::limits::LimitIssue;
use haitao_core::text::L10n;
use haitao_core::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr, I18n};
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::cart::Cart;
use crate::components::l10n_text::Txt;
use crate::components::price::PriceTag;
use crate::components::status::ErrorPanel;
use crate::components::undo::{UndoBar, Undoable};
use crate::i18n::{channel_name, code_message, dollars, percent, presale_text, yuan};

/// The server's price for the cart, kept in step with it. The last good quote
/// stays on screen, marked as updating, while a new one is in flight: totals
/// are never guessed.
#[derive(Clone, Copy)]
pub struct CartQuote {
    pub quote: RwSignal<Option<Quote>>,
    pub pending: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    /// Lines the server no longer sells, removed from the cart.
    pub dropped: RwSignal<u32>,
    /// Lines out of season (not sold until the next harvest), removed.
    pub out_of_season: RwSignal<u32>,
    seq: StoredValue<u64>,
}

impl CartQuote {
    pub fn follow(cart: Cart) -> Self {
        let this = Self {
            quote: RwSignal::new(None),
            pending: RwSignal::new(false),
            error: RwSignal::new(None),
            dropped: RwSignal::new(0),
            out_of_season: RwSignal::new(0),
            seq: StoredValue::new(0),
        };
        Effect::new(move |_| {
            let lines = cart.lines();
            this.refresh(cart, lines);
        });
        this
    }

    pub fn retry(self, cart: Cart) {
        self.refresh(cart, cart.lines());
    }

    fn refresh(self, cart: Cart, lines: Vec<haitao_core::api::CartLine>) {
        self.seq.update_value(|s| *s += 1);
        let mine = self.seq.get_value();
        if lines.is_empty() {
            self.quote.set(None);
            self.pending.set(false);
            self.error.set(None);
            return;
        }
        self.pending.set(true);
        spawn_local(async move {
            let res = api::quote(&QuoteRequest {
                lines: lines.clone(),
            })
            .await;
            // A newer cart has been sent meanwhile: this answer is stale.
            if self.seq.try_get_value() != Some(mine) {
                return;
            }
            self.pending.set(false);
            match res {
                Ok(q) => {
                    self.error.set(None);
                    self.quote.set(Some(q));
                }
                Err(ApiError::Api {
                    code: code @ (ErrorCode::UnknownSku | ErrorCode::OutOfSeason),
                    field: Some(field),
                    ..
                }) => {
                    // "lines[3].sku": that line is not sold now; drop it and re-quote.
                    let idx = field
                        .trim_start_matches("lines[")
                        .split(']')
                        .next()
                        .and_then(|i| i.parse::<usize>().ok());
                    match idx.and_then(|i| lines.get(i)) {
                        Some(l) => {
                            let count = if code == ErrorCode::OutOfSeason {
                                self.out_of_season
                            } else {
                                self.dropped
                            };
                            count.update(|n| *n += 1);
                            cart.remove(&l.sku);
                        }
                        None => self.error.set(Some(ApiError::Decode)),
                    }
                }
                Err(err) => self.error.set(Some(err)),
            }
        });
    }
}

#[component]
pub fn CartPage() -> impl IntoView {
    // Titles are re-read while a page is torn down, when context is gone.
    let i18n = expect_context::<I18n>();
    let cart = expect_context::<Cart>();
    let cq = CartQuote::follow(cart);
    let blocked = move || {
        cq.pending.get()
            || cq.error.get().is_some()
            || cq.quote.with(|q| q.as_ref().is_none_or(|q| !q.can_order()))
    };
    // A line removed can be put back for a few seconds (it is gone from the
    // cart at once, so the totals follow).
    let removed = Undoable::<(usize, CartLine, L10n)>::new(|_, _| {});
    provide_context(removed);
    let undo = move |()| {
        if let Some((at, line, _)) = removed.undo() {
            cart.put_back(at, line);
        }
    };
    view! {
        <PageTitle text=move || tr!(i18n, "cart-title")/>
        <h1>{move_tr!("cart-heading")}</h1>
        <UndoBar message=Signal::derive(move || removed.pending().map(|(_, _, name)| tr!("cart-removed", { "name" => name.get(crate::i18n::lang()).text.to_owned() }))) on_undo=undo/>
        <Show when=move || { cq.dropped.get() > 0 }>
            <p class="notice" role="status">{move || tr!("cart-dropped", { "count" => cq.dropped.get() })}</p>
        </Show>
        <Show when=move || { cq.out_of_season.get() > 0 }>
            <p class="notice cart-out-of-season" role="status">{move || tr!("cart-out-of-season", { "count" => cq.out_of_season.get() })}</p>
        </Show>
        <Show
            when=move || { cart.count() > 0 }
            fallback=|| view! {
                <section class="empty-state">
                    <p>{move_tr!("cart-empty")}</p>
                    <A href="/" attr:class="btn btn-primary">{move_tr!("continue-shopping")}</A>
                </section>
            }
        >
            {move || cq.error.get().map(|err| view! { <ErrorPanel err retry=move |_| cq.retry(cart)/> })}
            <div class="cart-lines" class:updating=move || cq.pending.get()>
                {move || cq.quote.get().map(|q| q.lines.into_iter().map(|l| view! { <CartRow line=l/> }).collect_view())}
            </div>
            {move || cq.quote.get().map(|q| view! { <Totals q updating=cq.pending/> })}
            <A href="/checkout/address" attr:class="btn btn-primary btn-block checkout-btn"
                attr:aria-disabled=move || blocked().to_string()
                on:click=move |ev| if blocked() { ev.prevent_default() }>
                {move_tr!("to-checkout")}
            </A>
        </Show>
    }
}

#[component]
fn CartRow(line: QuotedLine) -> impl IntoView {
    let cart = expect_context::<Cart>();
    let removed = expect_context::<Undoable<(usize, CartLine, L10n)>>();
    let sku = StoredValue::new(line.sku.clone());
    let name = StoredValue::new(line.name.clone());
    let stock = line.stock;
    let qty = move || cart.qty_of(&sku.get_value());
    view! {
        <div class="cart-line">
            <img src=line.image.clone() alt="" width="72" height="72"/>
            <div class="cart-line-body">
                <A href=haitao_core::routes::Route::Product(line.product_slug.clone()).path() attr:class="cart-line-name"><Txt t=line.name.clone()/></A>
                <p class="cart-line-variant"><Txt t=line.variant.clone()/></p>
                {line.ships.clone().map(|w| view! { <p class="presale-note">{move || presale_text(&w)}</p> })}
                <PriceTag price=line.unit/>
                <div class="cart-line-actions">
                    <div class="qty" role="group" aria-label=move_tr!("qty-label")>
                        <button aria-label=move_tr!("qty-less") disabled=move || { qty() <= 1 }
                            on:click=move |_| cart.set_qty(&sku.get_value(), qty().saturating_sub(1), Some(stock))>"−"</button>
                        <output>{qty}</output>
                        <button aria-label=move_tr!("qty-more") disabled=move || { i64::from(qty()) >= stock }
                            on:click=move |_| cart.set_qty(&sku.get_value(), qty() + 1, Some(stock))>"+"</button>
                    </div>
                    <button class="link-btn remove-line" on:click=move |_| {
                        if let Some((at, taken)) = cart.take(&sku.get_value()) {
                            removed.removed((at, taken, name.get_value()));
                        }
                    }>{move_tr!("remove")}</button>
                </div>
                {(i64::from(line.qty) > stock).then(|| view! { <p class="field-error">{move || tr!("stock-left", { "count" => stock })}</p> })}
            </div>
        </div>
    }
}

#[component]
pub fn Totals(q: Quote, #[prop(into)] updating: Signal<bool>) -> impl IntoView {
    let q = StoredValue::new(q);
    view! {
        <dl class="totals" class:updating=move || updating.get() aria-busy=move || updating.get().to_string()>
            <dt>{move_tr!("total-goods")}</dt><dd>{move || q.with_value(|q| yuan(q.goods))}</dd>
            {move || q.with_value(|q| q.parcels.clone()).into_iter().map(|p| view! {
                <dt>{move || tr!("total-freight", { "channel" => channel_name(p.channel) })}</dt><dd>{yuan(p.freight)}</dd>
            }).collect_view()}
            <dt>{move_tr!("total-tax")}</dt><dd>{move || q.with_value(|q| yuan(q.tax))}</dd>
            <dt class="grand">{move_tr!("total-total")}</dt>
            <dd class="grand">{move || q.with_value(|q| yuan(q.total))} <small>{move || q.with_value(|q| dollars(q.total_usd))}</small></dd>
        </dl>
        <Show when=move || updating.get()><p class="updating-note" role="status">{move_tr!("totals-updating")}</p></Show>
        {move || q.with_value(|q| q.taxed_in_full.then(|| q.lines.first().and_then(|l| l.duty_bp)).flatten()).map(|duty| view! {
            <p class="notice taxed-in-full">{move || tr!("taxed-in-full", { "limit" => yuan(haitao_core::limits::ORDER_LIMIT), "duty" => percent(duty) })}</p>
        })}
        // Pre-sale goods ship in their window: ordered apart from the rest.
        <Show when=move || q.with_value(|q| haitao_core::quote::one_window(&q.lines).is_err())>
            <p class="notice notice-warn presale-mixed" role="alert">{move || code_message(haitao_core::ErrorCode::PresaleMixed)}</p>
        </Show>
        <Show when=move || q.with_value(|q| q.parcels.len() > 1)>
            <p class="notice">{move || tr!("parcels-split", { "count" => q.with_value(|q| q.parcels.len()) })}</p>
        </Show>
        {move || q.with_value(|q| q.issues.clone()).into_iter().map(|issue| match issue {
            LimitIssue::OrderLimit { limit, over } => view! {
                <p class="notice notice-warn" role="alert">{move || tr!("limit-order", { "limit" => yuan(limit), "over" => yuan(over) })}</p>
            }.into_any(),
            LimitIssue::SingleItem { limit, .. } => view! {
                <p class="notice notice-warn" role="alert">{move || tr!("limit-single", { "limit" => yuan(limit) })}</p>
            }.into_any(),
            LimitIssue::BuyAlone { limit, .. } => view! {
                <p class="notice notice-warn" role="alert">{move || tr!("limit-buy-alone", { "limit" => yuan(limit) })}</p>
            }.into_any(),
            LimitIssue::AnnualLimit { limit, over, .. } => view! {
                <p class="notice notice-warn" role="alert">{move || tr!("limit-annual", { "limit" => yuan(limit), "over" => yuan(over) })}</p>
            }.into_any(),
        }).collect_view()}
    }
}
