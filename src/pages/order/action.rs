//! What the shopper does to an order with a second tap to confirm: cancel
//! it (its items go back on sale; a paid one is refunded), or confirm
//! receipt (确认收货: it completes the order; money back for a damaged line
//! stays possible for seven days after delivery).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::tr;

use crate::api::{self, ApiError};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Cancel,
    Receipt,
}

#[component]
pub fn OrderAction(
    act: Act,
    order_id: String,
    #[prop(into)] on_done: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let order_id = StoredValue::new(order_id);
    let confirm = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let id = order_id.get_value();
            let done = match act {
                Act::Cancel => api::cancel_order(&id).await,
                Act::Receipt => api::confirm_receipt(&id).await,
            };
            busy.set(false);
            match done {
                Ok(_) => {
                    // The answer (why cancelled, complete) is at the top of the
                    // page, and the shopper tapped further down.
                    window().scroll_to_with_x_and_y(0.0, 0.0);
                    on_done.run(());
                }
                Err(err) => failure.set(Some(err)),
            }
        });
    };
    let (class, start_class) = match act {
        Act::Cancel => ("cancel-order", "btn btn-link cancel-btn"),
        Act::Receipt => ("confirm-receipt", "btn btn-primary btn-block receipt-btn"),
    };
    let (yes_class, no_class) = match act {
        Act::Cancel => ("btn btn-danger cancel-confirm", "btn cancel-keep"),
        Act::Receipt => ("btn btn-primary receipt-confirm", "btn receipt-not-yet"),
    };
    view! {
        <div class=class>
            {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{move || super::errors::message(&e)}</p> })}
            <Show
                when=move || asking.get()
                fallback=move || view! {
                    <button type="button" class=start_class on:click=move |_| asking.set(true)>
                        {move || match act { Act::Cancel => tr!("order-cancel"), Act::Receipt => tr!("order-confirm-receipt") }}
                    </button>
                }
            >
                <p>{move || match act { Act::Cancel => tr!("order-cancel-ask"), Act::Receipt => tr!("order-confirm-ask") }}</p>
                <div class="cancel-choices">
                    <button type="button" class=yes_class on:click=confirm disabled=move || busy.get()>
                        {move || match act { Act::Cancel => tr!("order-cancel-confirm"), Act::Receipt => tr!("order-confirm-yes") }}
                    </button>
                    <button type="button" class=no_class on:click=move |_| asking.set(false)>
                        {move || match act { Act::Cancel => tr!("order-cancel-keep"), Act::Receipt => tr!("order-confirm-not-yet") }}
                    </button>
                </div>
            </Show>
        </div>
    }
}
