//! The category tree, fetched once per visit and shared: the listing, its
//! sub-category links and the category chips all read the same resource
//! instead of each asking the server. On the server the tree is given, from
//! the same query the API answers with.

use haitao_core::api::Category;
use leptos::prelude::*;

use crate::api::{self, ApiResult};

#[cfg(feature = "ssr")]
type Answer = Option<ApiResult<Vec<Category>>>;

/// The tree as the components read it. In the browser, a resource (given
/// data resolves at once); on the server, where a resource never resolves,
/// fetched or given. (One type in the browser keeps the app's code small.)
#[cfg(feature = "csr")]
pub type Tree = LocalResource<ApiResult<Vec<Category>>>;

#[cfg(feature = "ssr")]
#[derive(Clone, Copy)]
pub enum Tree {
    Fetched(LocalResource<ApiResult<Vec<Category>>>),
    Given(Signal<Answer>),
}

#[cfg(feature = "ssr")]
impl Tree {
    pub fn get(&self) -> Answer {
        match self {
            Self::Fetched(r) => r.get(),
            Self::Given(s) => s.get(),
        }
    }

    pub fn with<R>(&self, f: impl FnOnce(&Answer) -> R) -> R {
        match self {
            Self::Fetched(r) => r.with(f),
            Self::Given(s) => s.with(f),
        }
    }

    pub fn refetch(&self) {
        if let Self::Fetched(r) = self {
            r.refetch();
        }
    }
}

#[cfg(feature = "csr")]
fn fetched() -> Tree {
    LocalResource::new(api::categories)
}

#[cfg(feature = "ssr")]
fn fetched() -> Tree {
    Tree::Fetched(LocalResource::new(api::categories))
}

#[cfg(feature = "csr")]
fn given(cats: Vec<Category>) -> Tree {
    LocalResource::new(move || {
        let cats = cats.clone();
        async move { Ok(cats) }
    })
}

#[cfg(feature = "ssr")]
fn given(cats: Vec<Category>) -> Tree {
    Tree::Given(Signal::stored(Some(Ok(cats))))
}

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

    /// The tree already at hand (the server's rendering).
    pub fn provide_given(cats: Vec<Category>) {
        provide_context(Self {
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            tree: StoredValue::new(Some(given(cats))),
        });
    }

    /// The shared resource, made (and fetched) on first use only, so pages
    /// that show no categories cost no request.
    pub fn tree() -> Tree {
        let this = expect_context::<Self>();
        if let Some(tree) = this.tree.get_value() {
            return tree;
        }
        let tree = this.owner.with_value(|o| o.with(fetched));
        this.tree.set_value(Some(tree));
        tree
    }
}
