//! The category tree, fetched once per visit and shared: the listing, its
//! sub-category links and the category chips all read the same resource
//! instead of each asking the server.

use haitao_core::api::Category;
use leptos::prelude::*;

use crate::api::{self, ApiResult};

type Tree = LocalResource<ApiResult<Vec<Category>>>;

#[derive(Clone, Copy)]
pub struct Categories {
    /// The app shell's owner: the resource lives as long as the app, not the
    /// page that first asked for it.
    owner: StoredValue<Owner>,
    tree: StoredValue<Option<Tree>>,
}

impl Categories {
    pub fn provide() {
        let owner = Owner::current().unwrap_or_default();
        provide_context(Self {
            owner: StoredValue::new(owner),
            tree: StoredValue::new(None),
        });
    }

    /// The shared resource, made (and fetched) on first use only, so pages
    /// that show no categories cost no request.
    pub fn tree() -> Tree {
        let this = expect_context::<Self>();
        if let Some(tree) = this.tree.get_value() {
            return tree;
        }
        let tree = this
            .owner
            .with_value(|o| o.with(|| LocalResource::new(api::categories)));
        this.tree.set_value(Some(tree));
        tree
    }
}
