//! Province -> city -> district pickers over GB/T 2260 data, fetched when the
//! address step opens (it is not part of the first download).

use haitao_core::regions::Province;
use leptos::prelude::*;
use leptos_fluent::move_tr;

use crate::api;

#[component]
pub fn RegionPicker(
    province: Signal<String>,
    city: Signal<String>,
    district: Signal<String>,
    #[prop(into)] on_change: Callback<(String, String, String)>,
    #[prop(into)] invalid: Signal<bool>,
) -> impl IntoView {
    let tree = LocalResource::new(api::regions);
    let with_tree = move |f: &dyn Fn(&[Province]) -> Vec<String>| -> Vec<String> {
        tree.get()
            .and_then(|r| r.ok())
            .map(|t| f(&t))
            .unwrap_or_default()
    };
    let provinces = move || with_tree(&|t| t.iter().map(|p| p.1.clone()).collect());
    let cities = move || {
        let p = province.get();
        with_tree(&|t| {
            t.iter()
                .filter(|x| x.1 == p)
                .flat_map(|x| x.2.iter().map(|c| c.1.clone()))
                .collect()
        })
    };
    let districts = move || {
        let (p, c) = (province.get(), city.get());
        with_tree(&|t| {
            t.iter()
                .filter(|x| x.1 == p)
                .flat_map(|x| x.2.iter())
                .filter(|x| x.1 == c)
                .flat_map(|x| x.2.iter().map(|d| d.1.clone()))
                .collect()
        })
    };
    let select = move |id: &'static str,
                       label: Signal<String>,
                       value: Signal<String>,
                       options: Box<dyn Fn() -> Vec<String> + Send + Sync>,
                       set: Box<dyn Fn(String) + Send + Sync>| {
        view! {
            <label class="region" for=id>
                <span>{move || label.get()}</span>
                <select id=id name=id aria-invalid=move || invalid.get().to_string() prop:value=move || value.get()
                    on:change=move |ev| set(event_target_value(&ev))>
                    <option value="">{move_tr!("region-choose")}</option>
                    {move || options().into_iter().map(|o| {
                        let selected = o == value.get_untracked();
                        view! { <option value=o.clone() selected=selected>{o.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
    };
    view! {
        <div class="field regions" class:invalid=move || invalid.get()>
            {move || tree.get().and_then(|r| r.err()).map(|_| view! { <p class="field-error">{move_tr!("region-load-failed")}</p> })}
            {select("f-province", Signal::derive(move || leptos_fluent::tr!("field-province")), province, Box::new(provinces),
                Box::new(move |p| on_change.run((p, String::new(), String::new()))))}
            {select("f-city", Signal::derive(move || leptos_fluent::tr!("field-city")), city, Box::new(cities),
                Box::new(move |c| on_change.run((province.get_untracked(), c, String::new()))))}
            {select("f-district", Signal::derive(move || leptos_fluent::tr!("field-district")), district, Box::new(districts),
                Box::new(move |d| on_change.run((province.get_untracked(), city.get_untracked(), d))))}
        </div>
    }
}
