fn main() {
    // Panic messages in the console while developing; the release build
    // aborts on a panic (panic = "abort") and leaves the formatting out of
    // the first download.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    haitao::boot::start();
}
