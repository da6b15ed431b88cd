//! Categories, origin states and sellers as small integers, each with the
//! set of live products it has: filters intersect sets, and a facet's count
//! is the size of an intersection.

use foldhash::HashMap;

use haitao_core::api::SellerRef;
use roaring::RoaringBitmap;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Kind {
    Category,
    Origin,
    Seller,
}

#[derive(Default)]
pub struct Names {
    ids: HashMap<(Kind, String), u32>,
    kinds: Vec<Kind>,
    names: Vec<String>,
    sets: Vec<RoaringBitmap>,
    sellers: HashMap<u32, SellerRef>,
}

impl Names {
    pub fn intern(&mut self, kind: Kind, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(&(kind, name.to_owned())) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert((kind, name.to_owned()), id);
        self.kinds.push(kind);
        self.names.push(name.to_owned());
        self.sets.push(RoaringBitmap::new());
        id
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn find(&self, kind: Kind, name: &str) -> Option<u32> {
        self.ids.get(&(kind, name.to_owned())).copied()
    }

    pub fn set(&self, id: u32) -> &RoaringBitmap {
        &self.sets[id as usize]
    }

    pub fn set_mut(&mut self, id: u32) -> &mut RoaringBitmap {
        &mut self.sets[id as usize]
    }

    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// Every name of one kind with its products.
    pub fn of(&self, kind: Kind) -> impl Iterator<Item = (u32, &RoaringBitmap)> + '_ {
        self.kinds
            .iter()
            .enumerate()
            .filter(move |(_, k)| **k == kind)
            .map(|(id, _)| (id as u32, &self.sets[id]))
    }

    /// The seller as its newest product shows it.
    pub fn set_seller(&mut self, id: u32, seller: &SellerRef) {
        if self.sellers.get(&id) != Some(seller) {
            self.sellers.insert(id, seller.clone());
        }
    }

    pub fn seller(&self, id: u32) -> Option<&SellerRef> {
        self.sellers.get(&id)
    }
}
