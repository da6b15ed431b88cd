//! The seconds left before a sign-in code may be asked for again (the
//! server's `resend_after`), counting down while the form is shown.

use leptos::prelude::*;

/// A signal the form sets to the server's wait; it counts down to zero by
/// the second and stops with the form.
pub fn resend_wait() -> RwSignal<u32> {
    let wait = RwSignal::new(0u32);
    let handle = set_interval_with_handle(
        move || {
            if wait.get_untracked() > 0 {
                wait.update(|w| *w -= 1);
            }
        },
        std::time::Duration::from_secs(1),
    );
    on_cleanup(move || {
        if let Ok(h) = handle {
            h.clear();
        }
    });
    wait
}
