//! Yielding the main thread, so one piece of work does not make a long task
//! with the next (a phone drops frames on any task over 50 ms).

use wasm_bindgen_futures::JsFuture;

/// A promise resolved by `start` (given the resolve function), or at once
/// when `start` cannot schedule it: a future that never ends would hang the caller.
async fn resolved_by(start: impl Fn(&web_sys::Window, &js_sys::Function) -> bool) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if !web_sys::window().is_some_and(|w| start(&w, &resolve)) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves in a new task (a zero-delay timer): what runs after the `await`
/// is not part of the task that awaited.
pub async fn next_task() {
    resolved_by(|w, f| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(f, 0)
            .is_ok()
    })
    .await;
}

/// Resolves in the next frame's animation callbacks.
pub async fn next_frame() {
    resolved_by(|w, f| w.request_animation_frame(f).is_ok()).await;
}

/// Resolves when `promise` settles (either way) or after `ms`, whichever is first.
pub async fn settled_within(promise: js_sys::Promise, ms: i32) {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        let ok = web_sys::window().is_some_and(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .is_ok()
        });
        if !ok {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let either = js_sys::Promise::race(&js_sys::Array::of2(&promise, &timer));
    let _ = JsFuture::from(either).await;
}
