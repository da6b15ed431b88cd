fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    haitao::seller_centre::app::start();
}
