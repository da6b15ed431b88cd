use leptos::prelude::*;
use leptos_fluent::tr;

/// The storefront in two phone-sized frames, Chinese beside English, on a
/// wide screen. Each frame is the shop itself (same origin, same token for
/// this tab), so what it shows is what a phone shows.
#[component]
pub fn PhoneFrames(seller: String) -> impl IntoView {
    let frame = |lang: &'static str, label: Signal<String>| {
        view! {
            <figure class="phone">
                <figcaption>{label}</figcaption>
                <iframe
                    src=format!("/preview/{seller}?lang={lang}")
                    title=move || tr!("preview-frame-title", { "lang" => label.get() })
                    width="375"
                    height="740"
                ></iframe>
            </figure>
        }
    };
    view! {
        <div class="phones">
            {frame("zh-CN", Signal::derive(move || tr!("preview-frame-zh")))}
            {frame("en-US", Signal::derive(move || tr!("preview-frame-en")))}
        </div>
    }
}
