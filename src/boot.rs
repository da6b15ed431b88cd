//! Handing over from index.html's frame to the app.

use std::cell::RefCell;

use leptos::prelude::document;
use wasm_bindgen::JsCast;

use crate::scheduling::{next_frame, settled_within};

/// How long the app waits for the frame's images before starting anyway.
const IMAGE_WAIT_MS: i32 = 300;

thread_local! {
    static GALLERY_IMAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The product picture the frame showed, for the product page to keep on
/// screen while its data loads (once: later product pages load their own).
pub fn take_gallery_image() -> Option<String> {
    GALLERY_IMAGE.with(|g| g.borrow_mut().take())
}

/// Resolves once the images the server put in the frame (a product's first
/// picture) have been painted, or could not be within the wait. The app's
/// start occupies the main thread; started first, it would keep the browser
/// from painting the picture that is already there. On a slow network the
/// picture arrives long before the wasm and nothing waits.
pub async fn frame_painted() {
    let Ok(images) = document().query_selector_all("#shell img") else {
        return;
    };
    if images.length() == 0 {
        return;
    }
    let gallery = document()
        .query_selector("#shell .gallery img")
        .ok()
        .flatten()
        .and_then(|img| img.get_attribute("src"));
    GALLERY_IMAGE.with(|g| *g.borrow_mut() = gallery);
    for i in 0..images.length() {
        if let Some(img) = images
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlImageElement>().ok())
        {
            settled_within(img.decode(), IMAGE_WAIT_MS).await;
        }
    }
    // The first frame's callbacks run before its paint; the second's after it.
    next_frame().await;
    next_frame().await;
}
