//! Photos for an after-sales request or a review: chosen with the shop's own
//! button (the browser's speaks the browser's language), checked here as
//! the server checks them (type, size, how many), sent one by one; the
//! server writes each again. The file is read through its JS properties,
//! so the shop's code holds no File bindings of its own.

use haitao_core::aftersales::{MAX_PHOTOS, PHOTO_MAX_BYTES, PHOTO_TYPES};
use haitao_core::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::move_tr;
use wasm_bindgen::JsValue;

use super::aftersales::local;
use crate::api::{self, ApiError, PhotoKept};

/// A photo chosen: sending, or kept by the server.
#[derive(Clone)]
pub enum Photo {
    Sending(u32),
    Kept(PhotoKept),
}

/// The ids of the photos the server kept.
pub fn kept_ids(photos: RwSignal<Vec<Photo>>) -> Vec<String> {
    photos.with_untracked(|p| {
        p.iter()
            .filter_map(|x| match x {
                Photo::Kept(k) => Some(k.id.clone()),
                Photo::Sending(_) => None,
            })
            .collect()
    })
}

/// Whether a photo is still on its way (a form waits for it).
pub fn still_sending(photos: RwSignal<Vec<Photo>>) -> bool {
    photos.with_untracked(|p| p.iter().any(|x| matches!(x, Photo::Sending(_))))
}

fn prop(v: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(v, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

#[component]
pub fn PhotoPicker(
    order_id: String,
    photos: RwSignal<Vec<Photo>>,
    failure: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let order_id = StoredValue::new(order_id);
    let next = StoredValue::new(0u32);
    let on_files = move |ev: leptos::ev::Event| {
        let Some(target) = ev.target() else { return };
        let target: JsValue = target.into();
        let files = prop(&target, "files");
        let count = prop(&files, "length").as_f64().unwrap_or(0.0) as u32;
        for i in 0..count {
            let Ok(file) = js_sys::Reflect::get(&files, &i.into()) else {
                continue;
            };
            let kind = prop(&file, "type").as_string().unwrap_or_default();
            let size = prop(&file, "size").as_f64().unwrap_or(0.0);
            if photos.with_untracked(Vec::len) >= MAX_PHOTOS {
                failure.set(Some(local(ErrorCode::TooManyPhotos)));
                break;
            }
            if !PHOTO_TYPES.contains(&kind.as_str()) {
                failure.set(Some(local(ErrorCode::PhotoNotAnImage)));
                continue;
            }
            if size > PHOTO_MAX_BYTES as f64 {
                failure.set(Some(local(ErrorCode::PhotoTooLarge)));
                continue;
            }
            failure.set(None);
            let n = next.get_value();
            next.set_value(n + 1);
            photos.update(|p| p.push(Photo::Sending(n)));
            let order_id = order_id.get_value();
            spawn_local(async move {
                let sent = api::upload_photo(&order_id, &file, &kind).await;
                photos.update(|p| {
                    let at = p
                        .iter()
                        .position(|x| matches!(x, Photo::Sending(m) if *m == n));
                    match (at, sent) {
                        (Some(at), Ok(kept)) => p[at] = Photo::Kept(kept),
                        (Some(at), Err(e)) => {
                            p.remove(at);
                            failure.set(Some(e));
                        }
                        (None, _) => {}
                    }
                });
            });
        }
        // The same file may be chosen again after a removal.
        let _ = js_sys::Reflect::set(&target, &"value".into(), &"".into());
    };
    view! {
        <div class="as-photos-field">
            <p>{move_tr!("as-photos")}</p>
            <div class="as-photo-list">
                {move || photos.get().into_iter().map(|p| match p {
                    Photo::Sending(_) => view! { <span class="as-photo sending">{move_tr!("as-photo-uploading")}</span> }.into_any(),
                    Photo::Kept(k) => {
                        let id = k.id.clone();
                        view! {
                            <span class="as-photo">
                                <img src=k.url.clone() alt="" width="64" height="64"/>
                                <button type="button" class="btn btn-link as-photo-remove" aria-label=move_tr!("as-photo-remove")
                                    on:click=move |_| photos.update(|p| p.retain(|x| !matches!(x, Photo::Kept(k) if k.id == id)))>"×"</button>
                            </span>
                        }.into_any()
                    }
                }).collect_view()}
            </div>
            <Show when=move || photos.with(Vec::len) < MAX_PHOTOS>
                <label class="btn as-photo-add">
                    {move_tr!("as-photo-add")}
                    <input type="file" class="sr-only" accept=PHOTO_TYPES.join(",") multiple on:change=on_files/>
                </label>
            </Show>
        </div>
    }
}
