//! A drop's clock: the seconds until its sale opens, by the server's clock
//! (the answer carries it: a phone whose own clock is off still opens on the
//! second), counting down in the browser. The page draws its button
//! disabled while any are left.

use haitao_core::api::SaleStart;
use haitao_core::dates::epoch_seconds;
use leptos::prelude::*;

/// Seconds left until the sale opens, as a signal that reaches 0 on time.
pub fn seconds_to_open(start: Option<&SaleStart>) -> RwSignal<u64> {
    let at_first = start
        .and_then(|s| Some((epoch_seconds(&s.at)? - epoch_seconds(&s.now)?).max(0)))
        .map_or(0, i64::unsigned_abs);
    let left = RwSignal::new(at_first);
    if at_first == 0 {
        return left;
    }
    // In the browser only (effects do not run where the server draws).
    Effect::new(move |_| {
        let since = js_sys::Date::now();
        let handle = set_interval_with_handle(
            move || {
                let gone = ((js_sys::Date::now() - since) / 1000.0).floor() as u64;
                left.set(at_first.saturating_sub(gone));
            },
            std::time::Duration::from_millis(250),
        );
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
        });
    });
    left
}
