//! Taking a removal back: a cart line or a saved address goes at one tap,
//! and for a few seconds a bar says so with "Undo", as shops do.

use std::sync::{Arc, Mutex};

use leptos::prelude::*;
use leptos_fluent::move_tr;

/// How long a removal can be taken back.
pub const UNDO_FOR: std::time::Duration = std::time::Duration::from_secs(6);

/// The removal waiting, numbered so a late timer cannot finish a newer one.
struct Held<T> {
    seq: u64,
    item: Option<T>,
}

/// Finishes a removal; told whether the page is still there (false when the
/// removal is finished because the shopper left: nothing on it may be touched).
type Commit<T> = Arc<dyn Fn(T, bool) + Send + Sync>;

/// What was just removed, and how to finish or take back its removal. The
/// removal is finished when the time is up, when another removal comes, or
/// when the page goes; `undo` takes it back instead. What waits is kept
/// outside the page's signals so that leaving the page still finishes it.
pub struct Undoable<T: Clone + Send + Sync + 'static> {
    held: StoredValue<Arc<Mutex<Held<T>>>>,
    commit: StoredValue<Commit<T>>,
    shown: RwSignal<Option<T>>,
}

impl<T: Clone + Send + Sync + 'static> Clone for Undoable<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Clone + Send + Sync + 'static> Copy for Undoable<T> {}

fn take<T>(held: &Mutex<Held<T>>, only: Option<u64>) -> Option<T> {
    let mut h = held.lock().ok()?;
    if only.is_some_and(|n| n != h.seq) {
        return None;
    }
    h.item.take()
}

impl<T: Clone + Send + Sync + 'static> Undoable<T> {
    pub fn new(commit: impl Fn(T, bool) + Send + Sync + 'static) -> Self {
        let held = Arc::new(Mutex::new(Held { seq: 0, item: None }));
        let commit: Commit<T> = Arc::new(commit);
        // Leaving the page finishes what was removed: it was meant.
        on_cleanup({
            let (held, commit) = (held.clone(), commit.clone());
            move || {
                if let Some(t) = take(&held, None) {
                    commit(t, false);
                }
            }
        });
        Self {
            held: StoredValue::new(held),
            commit: StoredValue::new(commit),
            shown: RwSignal::new(None),
        }
    }

    /// `t` was removed: it can be taken back for `UNDO_FOR`.
    pub fn removed(self, t: T) {
        self.finish();
        let held = self.held.get_value();
        let n = match held.lock() {
            Ok(mut h) => {
                h.seq += 1;
                h.item = Some(t.clone());
                h.seq
            }
            Err(_) => return,
        };
        self.shown.set(Some(t));
        set_timeout(
            move || {
                // The page may be gone (then its cleanup finished the removal).
                let (Some(held), Some(commit)) =
                    (self.held.try_get_value(), self.commit.try_get_value())
                else {
                    return;
                };
                if let Some(t) = take(&held, Some(n)) {
                    self.shown.try_set(None);
                    commit(t, true);
                }
            },
            UNDO_FOR,
        );
    }

    /// Finishes the removal waiting, if any.
    pub fn finish(self) {
        if let Some(t) = take(&self.held.get_value(), None) {
            self.shown.set(None);
            (self.commit.get_value())(t, true);
        }
    }

    /// Takes the removal back: what was removed, if it still could be.
    pub fn undo(self) -> Option<T> {
        let t = take(&self.held.get_value(), None);
        self.shown.set(None);
        t
    }

    /// What was removed and can still be taken back (tracked).
    pub fn pending(self) -> Option<T> {
        self.shown.get()
    }
}

/// The bar that says what was removed, with the way to take it back.
#[component]
pub fn UndoBar(
    #[prop(into)] message: Signal<Option<String>>,
    #[prop(into)] on_undo: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="undo-bar" role="status" aria-live="polite" hidden=move || message.with(Option::is_none)>
            {move || message.get().map(|m| view! {
                <span>{m}</span>
                <button type="button" class="undo-btn" on:click=move |_| on_undo.run(())>{move_tr!("undo")}</button>
            })}
        </div>
    }
}
