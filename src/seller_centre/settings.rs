//! The user's mails (their language; on or off), the seller's users (an
//! owner invites and removes them), a month's statement, signing out.

use haitao_core::seller::{SellerMe, SellerPrefsChange, SellerRole, SellerUser};
use haitao_core::text::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_fluent::{move_tr, tr};

use super::{api, errors, Me};
use crate::api::ApiError;
use crate::components::page_title::PageTitle;
use crate::components::status::Spinner;

#[component]
pub fn Settings() -> impl IntoView {
    let me = expect_context::<Me>();
    view! {
        <PageTitle text=move || tr!("sc-settings-title")/>
        <h1>{move_tr!("sc-settings-heading")}</h1>
        {move || match me.0.get() {
            Some(Ok(who)) => view! {
                <Mails who=who.clone()/>
                <Users who=who.clone()/>
                <Statement/>
                <SignOut/>
            }.into_any(),
            _ => view! { <Spinner/> }.into_any(),
        }}
    }
}

#[component]
fn Mails(who: SellerMe) -> impl IntoView {
    let me = expect_context::<Me>();
    let trouble = RwSignal::new(None::<ApiError>);
    let change = move |c: SellerPrefsChange| {
        spawn_local(async move {
            match api::change_prefs(c).await {
                Ok(_) => me.0.refetch(),
                Err(e) => trouble.set(Some(e)),
            }
        })
    };
    let lang = who.prefs.lang;
    view! {
        <section class="sc-mails">
            <h2>{move_tr!("sc-mails-heading")}</h2>
            <label class="sc-check">
                <input type="checkbox" name="mail_orders" prop:checked=who.prefs.mail_orders
                    on:change=move |ev| change(SellerPrefsChange { mail_orders: Some(event_target_checked(&ev)), lang: None })/>
                <span>{move_tr!("sc-mail-orders")}</span>
            </label>
            <label class="field">
                <span>{move_tr!("sc-mail-lang")}</span>
                <select name="lang" on:change=move |ev| {
                    let l = Lang::from_tag(&event_target_value(&ev));
                    change(SellerPrefsChange { lang: l, mail_orders: None })
                }>
                    <option value="en-US" selected=lang == Lang::EnUs>"English"</option>
                    <option value="zh-CN" selected=lang == Lang::ZhCn>"中文"</option>
                </select>
            </label>
            {move || trouble.get().map(|e| view! { <p class="form-error" role="alert">{errors::message(&e)}</p> })}
        </section>
    }
}

#[component]
fn Users(who: SellerMe) -> impl IntoView {
    let me = expect_context::<Me>();
    let owner = who.user.role == SellerRole::Owner;
    let email = RwSignal::new(String::new());
    let trouble = RwSignal::new(None::<ApiError>);
    let invited = RwSignal::new(None::<String>);
    let invite = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let to = email.get_untracked().trim().to_owned();
        trouble.set(None);
        spawn_local(async move {
            match api::invite(&to).await {
                Ok(u) => {
                    invited.set(Some(u.email));
                    email.set(String::new());
                    me.0.refetch();
                }
                Err(e) => trouble.set(Some(e)),
            }
        });
    };
    let remove = move |id: i64| {
        trouble.set(None);
        spawn_local(async move {
            match api::remove_user(id).await {
                Ok(()) => me.0.refetch(),
                Err(e) => trouble.set(Some(e)),
            }
        });
    };
    let myself = who.user.id;
    view! {
        <section class="sc-users">
            <h2>{move_tr!("sc-users-heading")}</h2>
            <ul>
                {who.users.into_iter().map(|u: SellerUser| {
                    let id = u.id;
                    let role = u.role;
                    view! {
                        <li class="sc-user-row">
                            <span class="sc-user-email">{u.email.clone()}</span>
                            <span class="badge">{move || match role { SellerRole::Owner => tr!("sc-role-owner"), SellerRole::Staff => tr!("sc-role-staff") }}</span>
                            {(owner && id != myself).then(|| view! {
                                <button type="button" class="btn btn-small sc-remove" on:click=move |_| remove(id)>{move_tr!("sc-remove")}</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {owner.then(|| view! {
                <form class="sc-invite" on:submit=invite novalidate>
                    <label class="field">
                        <span>{move_tr!("sc-invite-email")}</span>
                        <input type="email" name="invite" autocomplete="off" prop:value=move || email.get()
                            on:input=move |ev| email.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit" class="btn">{move_tr!("sc-invite")}</button>
                </form>
            })}
            {move || invited.get().map(|to| view! { <p role="status">{tr!("sc-invited", { "email" => to })}</p> })}
            {move || trouble.get().map(|e| view! { <p class="form-error" role="alert">{errors::message(&e)}</p> })}
        </section>
    }
}

/// This month in China, as `2026-12`.
fn this_month() -> String {
    let now = js_sys::Date::new_0();
    // China's calendar: UTC+8, no summer time.
    let china = js_sys::Date::new(&(now.get_time() + 8.0 * 3_600_000.0).into());
    format!(
        "{}-{:02}",
        china.get_utc_full_year(),
        china.get_utc_month() + 1
    )
}

#[component]
fn Statement() -> impl IntoView {
    let month = RwSignal::new(this_month());
    view! {
        <section class="sc-statement">
            <h2>{move_tr!("sc-statement-heading")}</h2>
            <p class="sc-note">{move_tr!("sc-statement-note")}</p>
            <label class="field">
                <span>{move_tr!("sc-month")}</span>
                <input type="month" name="month" prop:value=move || month.get() on:input=move |ev| month.set(event_target_value(&ev))/>
            </label>
            <a class="btn sc-download" href=move || api::statement_url(&month.get()) download="">{move_tr!("sc-download-csv")}</a>
        </section>
    }
}

#[component]
fn SignOut() -> impl IntoView {
    let me = expect_context::<Me>();
    let trouble = RwSignal::new(None::<ApiError>);
    let out = move |everywhere: bool| {
        spawn_local(async move {
            match api::sign_out(everywhere).await {
                Ok(()) => me.0.refetch(),
                Err(e) => trouble.set(Some(e)),
            }
        })
    };
    view! {
        <section class="sc-sign-out">
            <button type="button" class="btn" on:click=move |_| out(false)>{move_tr!("sc-sign-out")}</button>
            <button type="button" class="btn" on:click=move |_| out(true)>{move_tr!("sc-sign-out-everywhere")}</button>
            {move || trouble.get().map(|e| view! { <p class="form-error" role="alert">{errors::message(&e)}</p> })}
        </section>
    }
}
