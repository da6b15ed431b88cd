use leptos::prelude::*;
use leptos_fluent::tr;

/// Milliseconds since the epoch of an RFC 3339 time (NaN if it does not parse).
fn epoch_ms(rfc3339: &str) -> f64 {
    js_sys::Date::parse(rfc3339)
}

/// The time left to pay, counting down each second; when it runs out the
/// order page asks the server again (which cancels the order).
#[component]
pub fn PayDeadline(pay_by: String, #[prop(into)] on_due: Callback<()>) -> impl IntoView {
    let due = epoch_ms(&pay_by);
    let left = move || ((due - js_sys::Date::now()) / 1000.0).ceil().max(0.0) as u64;
    let secs = RwSignal::new(left());
    let asked = StoredValue::new(false);
    let handle = set_interval_with_handle(
        move || {
            let now = left();
            secs.set(now);
            if now == 0 && !asked.get_value() {
                asked.set_value(true);
                on_due.run(());
            }
        },
        std::time::Duration::from_secs(1),
    );
    on_cleanup(move || {
        if let Ok(h) = handle {
            h.clear();
        }
    });
    view! {
        <p class="notice pay-deadline" role="timer" aria-live="off">
            {move || match secs.get() {
                0 => tr!("pay-time-up"),
                s => tr!("pay-within", { "minutes" => (s / 60).to_string(), "seconds" => format!("{:02}", s % 60) }),
            }}
        </p>
    }
}
