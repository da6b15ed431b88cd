//! One shipment: its packing slip (printed as it is: order and shipment
//! number, lines, the recipient as the label needs them, a line in Chinese
//! for the last mile, each unit's authenticity code), the parcels that left,
//! and a form to ship the next one.

use haitao_core::carriers::{self, Carrier};
use haitao_core::routes::SellerRoute;
use haitao_core::seller::{NewParcel, Parcel, ParcelLine, Recipient, ShipmentDetail, ShipmentLine};
use haitao_core::text::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};
use leptos_router::components::A;

use super::{api, errors};
use crate::api::ApiError;
use crate::components::l10n_text::Txt;
use crate::components::page_title::PageTitle;
use crate::components::status::{ErrorPanel, Spinner};

#[component]
pub fn Shipment(id: String) -> impl IntoView {
    let id = StoredValue::new(id);
    let detail = LocalResource::new(move || async move { api::shipment(&id.get_value()).await });
    let id = move || id.get_value();
    view! {
        <PageTitle text=move || tr!("sc-shipment-title", { "id" => id() })/>
        <p class="sc-back no-print"><A href=SellerRoute::Shipments.path()>{move_tr!("sc-back-to-orders")}</A></p>
        {move || match detail.get() {
            None => view! { <Spinner/> }.into_any(),
            Some(Err(err)) => view! { <ErrorPanel err retry=move |_| detail.refetch()/> }.into_any(),
            Some(Ok(d)) => view! {
                <Slip d=d.clone()/>
                <Parcels parcels=d.parcels.clone()/>
                {d.lines.iter().any(|l| l.sent < l.qty).then(|| view! {
                    <ShipForm d=d.clone() on_shipped=move |_| detail.refetch()/>
                })}
            }.into_any(),
        }}
    }
}

/// The packing slip: what a packer needs, and what a label needs.
#[component]
fn Slip(d: ShipmentDetail) -> impl IntoView {
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <article class="sc-slip">
            <header class="sc-slip-head">
                <h1>{move_tr!("sc-slip-heading")}</h1>
                <button type="button" class="btn no-print sc-print" on:click=print>{move_tr!("sc-print")}</button>
            </header>
            <dl class="sc-slip-ids">
                <dt>{move_tr!("sc-order-number")}</dt><dd class="sc-order-id">{d.order_id.clone()}</dd>
                <dt>{move_tr!("sc-shipment-number")}</dt><dd>{d.id}</dd>
                <dt>{move_tr!("sc-paid")}</dt><dd>{{ let p = d.paid_at.clone(); move || crate::i18n::date(&p) }}</dd>
                {d.ships.clone().map(|w| view! { <dt>{move_tr!("presale")}</dt><dd class="sc-shipment-window">{move || super::shipments::window_text(&w)}</dd> })}
            </dl>
            <Recipient r=d.recipient.clone()/>
            <table class="sc-lines">
                <thead><tr>
                    <th scope="col">{move_tr!("sc-sku")}</th>
                    <th scope="col">{move_tr!("sc-item")}</th>
                    <th scope="col" class="num">{move_tr!("sc-qty")}</th>
                    <th scope="col" class="num no-print">{move_tr!("sc-sent")}</th>
                </tr></thead>
                <tbody>
                    {d.lines.iter().cloned().map(|l| view! { <Line l/> }).collect_view()}
                </tbody>
            </table>
            <section class="sc-codes">
                <h2>{move_tr!("sc-codes-heading")}</h2>
                <p class="sc-note">{move_tr!("sc-codes-note")}</p>
                <ul class="sc-code-list">
                    {d.lines.iter().flat_map(|l| l.codes.iter().map(move |c| (l.sku.clone(), c.clone()))).map(|(sku, code)| view! {
                        <li class="sc-code">
                            <img src=api::code_image(&code) width="96" height="96" alt=tr!("sc-code-alt", { "code" => code.clone() })/>
                            <span class="sc-code-text">{code.clone()}</span>
                            <span class="sc-code-sku">{sku}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </article>
    }
}

#[component]
fn Line(l: ShipmentLine) -> impl IntoView {
    let name = Signal::stored(l.name.clone());
    let label = Signal::stored(l.label.clone());
    // The packer reads the shop's language; the other one under it helps
    // whoever checks the box in China.
    let other = move || {
        let other = match crate::i18n::lang() {
            Lang::ZhCn => Lang::EnUs,
            Lang::EnUs => Lang::ZhCn,
        };
        let (n, l) = (name.get(), label.get());
        format!("{} · {}", n.get(other).text, l.get(other).text)
    };
    view! {
        <tr>
            <td class="sc-sku">{l.sku.clone()}</td>
            <td><Txt t=name/>" · "<Txt t=label/><br/><span class="sc-other-lang">{other}</span></td>
            <td class="num">{l.qty}</td>
            <td class="num no-print">{l.sent}</td>
        </tr>
    }
}

/// The recipient, for the label: name, mobile and full address, and the
/// same in one Chinese line for the last mile's courier.
#[component]
fn Recipient(r: Option<Recipient>) -> impl IntoView {
    match r {
        None => view! {
            <section class="sc-recipient sc-recipient-hidden">
                <h2>{move_tr!("sc-recipient")}</h2>
                <p>{move_tr!("sc-recipient-hidden")}</p>
            </section>
        }
        .into_any(),
        Some(r) => {
            let postcode = r.postcode.clone().unwrap_or_default();
            // One field per span, each kept whole on a narrow label.
            let last_mile: Vec<String> = [
                Some(format!("收件人：{}", r.name)),
                Some(format!("电话：{}", r.mobile)),
                Some(format!("地址：中国{}", r.address)),
                r.postcode.as_deref().map(|p| format!("邮编：{p}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            view! {
                <section class="sc-recipient">
                    <h2>{move_tr!("sc-recipient")}</h2>
                    <dl>
                        <dt>{move_tr!("sc-recipient-name")}</dt><dd class="sc-recipient-name">{r.name.clone()}</dd>
                        <dt>{move_tr!("sc-recipient-mobile")}</dt><dd>{r.mobile.clone()}</dd>
                        <dt>{move_tr!("sc-recipient-address")}</dt><dd>{r.address.clone()}</dd>
                        <dt>{move_tr!("sc-recipient-postcode")}</dt><dd>{postcode}</dd>
                        <dt>{move_tr!("sc-recipient-country")}</dt><dd>"China 中国"</dd>
                    </dl>
                    <p class="sc-last-mile" lang="zh-CN">
                        {last_mile.into_iter().map(|f| view! { <span>{f}</span> " " }).collect_view()}
                    </p>
                </section>
            }
            .into_any()
        }
    }
}

#[component]
fn Parcels(parcels: Vec<Parcel>) -> impl IntoView {
    (!parcels.is_empty()).then(|| {
        view! {
            <section class="sc-parcels">
                <h2>{move_tr!("sc-parcels-heading")}</h2>
                <ul>
                    {parcels.into_iter().map(|p| {
                        let lines = p.lines.iter().map(|l| format!("{} × {}", l.sku, l.qty)).collect::<Vec<_>>().join(", ");
                        let at = p.shipped_at.clone();
                        view! {
                            <li class="sc-parcel">
                                <span class="sc-parcel-carrier">{move || carrier_name(p.carrier)}</span>
                                " "<span class="sc-waybill">{p.waybill.clone()}</span>
                                <span class="sc-parcel-lines">{lines}</span>
                                <span class="sc-parcel-at">{move || crate::i18n::date(&at)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

fn carrier_name(c: Carrier) -> String {
    let (en, zh) = c.names();
    match crate::i18n::lang() {
        Lang::EnUs => en.to_owned(),
        Lang::ZhCn => zh.to_owned(),
    }
}

/// A parcel that leaves: its carrier, waybill and what it holds (by default
/// all that is left). The key is kept until the parcel is made, so a retry
/// after a lost answer does not make a second one.
#[component]
fn ShipForm(d: ShipmentDetail, #[prop(into)] on_shipped: Callback<()>) -> impl IntoView {
    let carrier = RwSignal::new(String::new());
    let waybill = RwSignal::new(String::new());
    let left: Vec<(String, i64)> = d
        .lines
        .iter()
        .filter(|l| l.sent < l.qty)
        .map(|l| (l.sku.clone(), l.qty - l.sent))
        .collect();
    let qty: Vec<(String, i64, RwSignal<String>)> = left
        .iter()
        .map(|(sku, n)| (sku.clone(), *n, RwSignal::new(n.to_string())))
        .collect();
    let qty = StoredValue::new(qty);
    let key = StoredValue::new(crate::storage::random_token());
    let busy = RwSignal::new(false);
    let trouble = RwSignal::new(None::<ApiError>);
    let id = d.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let lines: Vec<ParcelLine> = qty.with_value(|q| {
            q.iter()
                .filter_map(|(sku, _, n)| {
                    let n = n.get_untracked().trim().parse::<i64>().ok()?;
                    (n > 0).then(|| ParcelLine {
                        sku: sku.clone(),
                        qty: n,
                    })
                })
                .collect()
        });
        let parcel = NewParcel {
            carrier: carrier.get_untracked(),
            waybill: waybill.get_untracked().trim().to_owned(),
            lines,
        };
        // Checked here first, by the same rule the server holds.
        if let Some(c) = Carrier::parse(&parcel.carrier) {
            if let Err(code) = carriers::waybill(c, &parcel.waybill) {
                trouble.set(Some(ApiError::Api {
                    status: 422,
                    code,
                    field: Some("waybill".into()),
                }));
                return;
            }
        }
        busy.set(true);
        trouble.set(None);
        let k = key.get_value();
        spawn_local(async move {
            match api::add_parcel(id, &k, &parcel).await {
                Ok(_) => {
                    key.set_value(crate::storage::random_token());
                    waybill.set(String::new());
                    on_shipped.run(());
                }
                Err(err) => {
                    // Refused for what it asked: the next try asks something
                    // else, under a new key. Not heard (offline): the same.
                    if !matches!(err, ApiError::Network) {
                        key.set_value(crate::storage::random_token());
                    }
                    trouble.set(Some(err));
                }
            }
            busy.set(false);
        });
    };
    let said = move |at: &'static str| {
        trouble.with(|t| {
            t.as_ref()
                .filter(|e| match errors::field(e) {
                    Some(f) => f == at || (at == "form" && !matches!(f, "carrier" | "waybill")),
                    None => at == "form",
                })
                .map(errors::message)
        })
    };
    view! {
        <form class="sc-ship no-print" on:submit=submit novalidate>
            <h2>{move_tr!("sc-ship-heading")}</h2>
            <p class="sc-note">{move_tr!("sc-ship-note")}</p>
            <label class="field">
                <span>{move_tr!("sc-carrier")}</span>
                <select name="carrier" prop:value=move || carrier.get() on:change=move |ev| carrier.set(event_target_value(&ev))>
                    <option value="">{move_tr!("sc-carrier-choose")}</option>
                    {Carrier::ALL.into_iter().map(|c| view! {
                        <option value=c.as_str()>{move || carrier_name(c)}</option>
                    }).collect_view()}
                </select>
                {move || said("carrier").map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
            </label>
            <label class="field">
                <span>{move_tr!("sc-waybill")}</span>
                <input type="text" name="waybill" autocomplete="off" autocapitalize="characters" spellcheck="false"
                    prop:value=move || waybill.get() on:input=move |ev| waybill.set(event_target_value(&ev))/>
                {move || said("waybill").map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
            </label>
            <fieldset class="sc-ship-lines">
                <legend>{move_tr!("sc-ship-lines")}</legend>
                {qty.with_value(|q| q.iter().map(|(sku, max, n)| {
                    let n = *n;
                    view! {
                        <label class="sc-ship-line">
                            <span class="sc-sku">{sku.clone()}</span>
                            <input type="number" min="0" max=*max inputmode="numeric" name=format!("qty-{sku}")
                                prop:value=move || n.get() on:input=move |ev| n.set(event_target_value(&ev))/>
                            <span class="sc-of">{tr!("sc-of-left", { "count" => *max })}</span>
                        </label>
                    }
                }).collect_view())}
            </fieldset>
            {move || said("form").map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <button type="submit" class="btn btn-primary btn-block" disabled=move || busy.get()>{move_tr!("sc-ship")}</button>
        </form>
    }
}
