//! Typed handles into the store's tables, and the interner that hands them out.
//!
//! Each table has its own handle type ([`LotIx`], [`HolderIx`], [`PlatformIx`],
//! [`SourceIx`], [`EntryIx`], [`TimeIx`], [`BreakdownIx`]), so a lot number cannot be
//! passed where a holder number is meant. A handle is 4 bytes and never `u32::MAX`, so an
//! `Option` of one is 4 bytes too (the "no captor" or "not retracted" of a record), without
//! a sentinel value.

use std::hash::Hash;
use std::num::NonZeroU32;

use rustc_hash::FxHashMap;

/// A `u32` other than `u32::MAX`, stored inverted in a [`NonZeroU32`] so that
/// `Option<NonMax>` takes 4 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct NonMax(NonZeroU32);

impl NonMax {
    /// `i`, if it is below `u32::MAX`.
    fn new(i: usize) -> Option<Self> {
        let v = u32::try_from(i).ok()?;
        NonZeroU32::new(!v).map(Self)
    }

    fn get(self) -> usize {
        (!self.0.get()) as usize
    }
}

macro_rules! handle {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub(crate) struct $name(NonMax);

        impl $name {
            /// The handle of row `i`, if `i` is below `u32::MAX`.
            pub(crate) fn new(i: usize) -> Option<Self> {
                NonMax::new(i).map(Self)
            }
            /// The row number.
            pub(crate) fn get(self) -> usize {
                self.0.get()
            }
        }
    };
}

handle!(
    /// A lot (holder x platform): a row of `Store::lots`.
    LotIx
);
handle!(
    /// An interned holder.
    HolderIx
);
handle!(
    /// An interned platform.
    PlatformIx
);
handle!(
    /// An interned source.
    SourceIx
);
handle!(
    /// An entry: a row of the records, in append order (the public
    /// [`EntryId`](crate::ledger::EntryId) of the entry).
    EntryIx
);
handle!(
    /// A distinct recorded time (`Store::times`, ascending).
    TimeIx
);
handle!(
    /// The breakdown of an assessment (`Records::breakdowns`).
    BreakdownIx
);

/// Row handles that an [`Interner`] hands out.
pub(crate) trait Handle: Copy {
    /// The handle of row `i` (`None` past `u32::MAX - 1` rows).
    fn from_row(i: usize) -> Option<Self>;
    /// The row.
    fn row(self) -> usize;
}

macro_rules! interned {
    ($($name:ident),*) => {$(
        impl Handle for $name {
            fn from_row(i: usize) -> Option<Self> {
                Self::new(i)
            }
            fn row(self) -> usize {
                self.get()
            }
        }
    )*};
}
interned!(HolderIx, PlatformIx, SourceIx);

/// Values stored once and referred to by handle `I`.
#[derive(Clone, Debug)]
pub(crate) struct Interner<T, I> {
    items: Vec<T>,
    ids: FxHashMap<T, I>,
}

impl<T: Clone + Eq + Hash, I: Handle> Interner<T, I> {
    pub(crate) fn new() -> Self {
        Self {
            items: Vec::new(),
            ids: FxHashMap::default(),
        }
    }

    /// Makes room for `n` more items.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.items.reserve(n);
        self.ids.reserve(n);
    }

    /// The handle of `item`, interning it if new; `None` when the table is full (`u32::MAX -
    /// 1` values; an entry interns at most three new values, and the ledger holds fewer
    /// entries than that, so the ledger never sees it).
    pub(crate) fn intern(&mut self, item: &T) -> Option<I> {
        if let Some(&id) = self.ids.get(item) {
            return Some(id);
        }
        let id = I::from_row(self.items.len())?;
        self.items.push(item.clone());
        self.ids.insert(item.clone(), id);
        Some(id)
    }

    /// Appends `item` as the next row (loading a table written from an interner): it is
    /// found by interning unless an earlier row holds an equal value.
    pub(crate) fn push_row(&mut self, item: T) {
        if !self.ids.contains_key(&item)
            && let Some(id) = I::from_row(self.items.len())
        {
            self.ids.insert(item.clone(), id);
        }
        self.items.push(item);
    }

    /// The handle of `item`, if interned.
    pub(crate) fn get(&self, item: &T) -> Option<I> {
        self.ids.get(item).copied()
    }

    /// The value behind `id`.
    pub(crate) fn value(&self, id: I) -> &T {
        &self.items[id.row()]
    }

    /// Every value, in interning order, with its handle.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (I, &T)> + '_ {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(i, t)| Some((I::from_row(i)?, t)))
    }

    /// The number of values.
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// Forgets the values interned after the first `len` (to undo a rejected append).
    pub(crate) fn truncate(&mut self, len: usize) {
        for item in self.items.drain(len..) {
            self.ids.remove(&item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_niche_optimised_and_round_trip() {
        assert_eq!(std::mem::size_of::<Option<LotIx>>(), 4);
        assert_eq!(LotIx::new(0).map(LotIx::get), Some(0));
        assert_eq!(
            EntryIx::new(u32::MAX as usize - 1).map(EntryIx::get),
            Some(u32::MAX as usize - 1)
        );
        assert_eq!(EntryIx::new(u32::MAX as usize), None);
    }

    #[test]
    fn truncate_forgets_later_values() {
        let mut i: Interner<String, HolderIx> = Interner::new();
        let a = i.intern(&"a".to_owned());
        let b = i.intern(&"b".to_owned());
        assert_ne!(a, b);
        assert_eq!(i.intern(&"a".to_owned()), a);
        i.truncate(1);
        assert_eq!(i.get(&"b".to_owned()), None);
        assert_eq!(i.get(&"a".to_owned()), a);
        assert_eq!(i.len(), 1);
    }
}
