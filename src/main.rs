fn main() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        haitao::boot::frame_painted().await;
        // index.html's static frame goes in the same task as the app's first
        // render, so no frame is painted between them.
        if let Some(shell) = leptos::prelude::document().get_element_by_id("shell") {
            shell.remove();
        }
        leptos::mount::mount_to_body(haitao::app::App);
    });
}
