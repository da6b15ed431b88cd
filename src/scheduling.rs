//! Yielding the main thread, so one piece of work does not make a long task
//! with the next (a phone drops frames on any task over 50 ms).

use wasm_bindgen_futures::JsFuture;

/// Resolves in a new task (a zero-delay timer): what runs after the `await`
/// is not part of the task that awaited. Without a timer it resolves at once
/// rather than never.
pub async fn next_task() {
    after(std::time::Duration::ZERO).await;
}

/// Resolves in a new task, `wait` from now (or at once, without a timer).
pub async fn after(wait: std::time::Duration) {
    let ms = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window().is_some_and(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .is_ok()
        });
        if !scheduled {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Milliseconds on the page's clock (for budgets, not for dates).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
