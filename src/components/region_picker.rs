//! Province -> city -> district pickers over GB/T 2260 data, fetched when the
//! address step opens (it is not part of the first download). A
//! municipality's city level is GB/T 2260's placeholder (市辖区, 县), which
//! nobody writes: there the shopper picks the district, and its city follows.
//! In English, provinces and cities show their English names beside the
//! Chinese ones the address keeps.

use haitao_core::regions::Province;
use haitao_core::validate::is_placeholder_city;
use leptos::prelude::*;
use leptos_fluent::move_tr;

use crate::api;
use crate::region_names::english_names;
use haitao_core::api::RegionNames;

#[derive(Clone, Copy)]
enum Level {
    Province,
    City,
    District,
}

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
    let no_city = move || {
        let cs = cities();
        !cs.is_empty() && cs.iter().all(|c| is_placeholder_city(c))
    };
    let districts = move || {
        let (p, c, any_city) = (province.get(), city.get(), no_city());
        with_tree(&|t| {
            t.iter()
                .filter(|x| x.1 == p)
                .flat_map(|x| x.2.iter())
                .filter(|x| any_city || x.1 == c)
                .flat_map(|x| x.2.iter().map(|d| d.1.clone()))
                .collect()
        })
    };
    // The (placeholder) city a municipality's district is under.
    let city_of = move |d: &str| {
        let p = province.get_untracked();
        with_tree(&|t| {
            t.iter()
                .filter(|x| x.1 == p)
                .flat_map(|x| x.2.iter())
                .filter(|x| x.2.iter().any(|y| y.1 == d))
                .map(|x| x.1.clone())
                .take(1)
                .collect()
        })
        .pop()
        .unwrap_or_default()
    };
    // What an option says: the Chinese name (its value), and in English the
    // English one after it (districts stay Chinese). The names are looked up
    // once per list, not per option.
    let shown = move |level: Level, names: Option<&RegionNames>, name: &str| -> String {
        let en = names.and_then(|n| match level {
            Level::Province => n.province(name),
            Level::City => n.city(&province.get_untracked(), name),
            Level::District => None,
        });
        match en {
            Some(en) => format!("{name} {en}"),
            None => name.to_owned(),
        }
    };
    let select = move |id: &'static str,
                       level: Level,
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
                    {move || {
                        let names = english_names();
                        options().into_iter().map(|o| {
                            let selected = o == value.get_untracked();
                            view! { <option value=o.clone() selected=selected>{shown(level, names.as_deref(), &o)}</option> }
                        }).collect_view()
                    }}
                </select>
            </label>
        }
    };
    view! {
        <div class="field regions" class:invalid=move || invalid.get()>
            {move || tree.get().and_then(|r| r.err()).map(|_| view! { <p class="field-error">{move_tr!("region-load-failed")}</p> })}
            {select("f-province", Level::Province, Signal::derive(move || leptos_fluent::tr!("field-province")), province, Box::new(provinces),
                Box::new(move |p| on_change.run((p, String::new(), String::new()))))}
            <div class="region-city" hidden=no_city>
                {select("f-city", Level::City, Signal::derive(move || leptos_fluent::tr!("field-city")), city, Box::new(cities),
                    Box::new(move |c| on_change.run((province.get_untracked(), c, String::new()))))}
            </div>
            {select("f-district", Level::District, Signal::derive(move || leptos_fluent::tr!("field-district")), district, Box::new(districts),
                Box::new(move |d| {
                    let c = if no_city() { city_of(&d) } else { city.get_untracked() };
                    on_change.run((province.get_untracked(), c, d))
                }))}
        </div>
    }
}
