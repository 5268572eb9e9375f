//! One lot's index: a head block, a block tree and a tail block (see the [index](super)).

use super::node::{Edit, Kids, Node, Walk, compose_into, fold_upto, reserve_one};
use super::{Agg, BLOCK_MAX, Elem, NO_DAY, Packed, Sets, Status, day, fold};

/// The sorted, aggregated entries of one lot: a *head* block, a B-tree of sealed blocks
/// ([`Node`]) and a *tail* block, in key order.
///
/// Appends in date order push onto the tail (O(1)); the tail seals most of itself into the
/// tree when full, adding a block at the tree's right edge (O(log n) compositions, once per
/// `BLOCK_MAX - BLOCK_MAX / 8` appends). Inserts before the tree's first key go to the head,
/// which mirrors the tail for entries appended newest first ([`Runs`]: O(1) for both inserts
/// appending newest first makes). Any other insert refolds one block (or one run of the head)
/// and recomposes the path above it: O(B + log n), splits included, and removals likewise (a
/// block that empties leaves the tree; blocks are not merged, as removal only undoes a
/// rejected append). The tail is never empty unless the lot is.
#[derive(Clone, Debug)]
pub(crate) struct LotIndex {
    pub(super) head: Vec<Elem>,
    pub(super) head_agg: Agg,
    /// The head's two runs, once it has had an element.
    pub(super) head_runs: Option<Box<Runs>>,
    pub(super) tree: Node,
    pub(super) tail: Vec<Elem>,
    pub(super) tail_agg: Agg,
}

/// The head as two runs, each with its aggregate: the *front*, `head[..front]`, and the
/// *back*, the rest (`head_agg` is the front's then the back's).
///
/// Appending newest first inserts in two places only. An entry dated before every other goes
/// first: it starts a new front and the old front joins the back, whose aggregate is then
/// the whole head's (one composition). An entry of the same date as the first entries (same
/// effective key) goes right after them, its id being higher: that is the end of the front,
/// so the front's aggregate takes one push. Every other insert refolds the run it lands in,
/// as a block does. Measured on `reverse_append` (one lot, 32 entries a day, newest first;
/// callgrind, BENCHMARKS.md): the whole head refolded on every insert (an entry of the first
/// date lands after the others of that date, not at position 0) cost more than the rest of
/// the append together.
///
/// Boxed: most lots never have a head (with no sealed block, a back-dated entry goes to the
/// tail), and the two aggregates would add about 500 bytes to each.
#[derive(Clone, Debug)]
pub(super) struct Runs {
    pub(super) front: usize,
    pub(super) front_agg: Agg,
    pub(super) back_agg: Agg,
}

/// How many lots [`LotIndex::counts_at_each`] walks together.
const BATCH: usize = 8;

/// Which part of a lot holds a key.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Head,
    Tree,
    Tail,
}

impl LotIndex {
    pub(crate) fn new() -> Self {
        Self {
            head: Vec::new(),
            head_agg: Agg::IDENTITY,
            head_runs: None,
            tree: Node::empty(),
            tail: Vec::new(),
            tail_agg: Agg::IDENTITY,
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.elems().count()
    }

    /// Every block in order, with its aggregate.
    fn blocks(&self) -> Vec<(&[Elem], Agg)> {
        let mut out = vec![(self.head.as_slice(), self.head_agg)];
        self.tree.blocks(&mut out);
        out.push((self.tail.as_slice(), self.tail_agg));
        out
    }

    /// Every element in order.
    pub(crate) fn elems(&self) -> impl DoubleEndedIterator<Item = &Elem> + '_ {
        self.blocks().into_iter().flat_map(|(b, _)| b.iter())
    }

    /// The keys at or before `upto` (inclusive), in order.
    pub(crate) fn keys_upto(&self, upto: u64) -> impl Iterator<Item = u64> + '_ {
        self.elems().map(|e| e.key).take_while(move |&k| k <= upto)
    }

    /// The aggregate of the whole lot.
    pub(crate) fn root(&self) -> Agg {
        self.head_agg.then(&self.tree.total()).then(&self.tail_agg)
    }

    /// True when no status count of the lot is negative at the end of any day: at any date.
    pub(crate) fn valid(&self) -> bool {
        self.root().min_ok()
    }

    /// The part that holds (or would hold) `key`, which is not after the tail's last key.
    fn part_for(&self, key: u64) -> Part {
        match self.tree.first_key() {
            Some(first) if key < first => Part::Head,
            Some(_) if self.tree.last_key().is_some_and(|l| key <= l) => Part::Tree,
            Some(_) => Part::Tail,
            None if !self.head.is_empty() && self.tail.first().is_some_and(|f| key < f.key) => {
                Part::Head
            }
            None => Part::Tail,
        }
    }

    /// Applies `edit` to the tree and keeps its root a node with two children or more (or a
    /// leaf).
    fn edit_tree<S: Sets + ?Sized>(&mut self, mut edit: Edit, sets: &S) -> Edit {
        let (_, split) = self.tree.edit(&mut edit, sets);
        if let Some(right) = split {
            let left = std::mem::replace(&mut self.tree, Node::empty());
            let mut root = Node {
                lasts: vec![left.last_key().unwrap_or(0), right.last_key().unwrap_or(0)],
                aggs: vec![left.total(), right.total()],
                pre: Vec::with_capacity(2),
                kids: Kids::Nodes(vec![left, right]),
            };
            root.fix_from(0);
            self.tree = root;
        }
        while let Kids::Nodes(nodes) = &mut self.tree.kids
            && nodes.len() <= 1
        {
            self.tree = nodes.pop().unwrap_or_else(Node::empty);
        }
        edit
    }

    /// Inserts an element.
    pub(crate) fn insert<S: Sets + ?Sized>(&mut self, elem: Elem, sets: &S) {
        if self.tail.last().is_none_or(|l| l.key < elem.key) {
            // Fast path: the newest element of the lot.
            if self.tail.capacity() == 0 {
                // (A lot's first block grows on demand: most lots stay small.)
                self.tail.reserve_exact(4);
            }
            self.tail.push(elem);
            self.tail_agg.push(elem.eff, elem.key, sets);
        } else {
            match self.part_for(elem.key) {
                Part::Head => {
                    self.insert_head(elem, sets);
                    if self.head.len() > BLOCK_MAX {
                        let (sealed, agg) = self.seal_head(sets);
                        self.edit_tree(Edit::Front(sealed, Box::new(agg)), sets);
                    }
                    return;
                }
                Part::Tree => {
                    self.edit_tree(Edit::Insert(elem), sets);
                    return;
                }
                Part::Tail => insert_into(&mut self.tail, &mut self.tail_agg, elem, sets),
            }
        }
        if self.tail.len() > BLOCK_MAX {
            // The tail seals most of itself (appends in date order will rarely touch a
            // sealed block again, so it is packed).
            let mut second = self.tail.split_off(BLOCK_MAX - BLOCK_MAX / 8);
            second.reserve_exact(BLOCK_MAX + 1 - second.len());
            let mut sealed = std::mem::replace(&mut self.tail, second);
            sealed.shrink_to_fit();
            self.tail_agg = fold(&self.tail, sets);
            self.edit_tree(Edit::Back(sealed), sets);
        }
    }

    /// Inserts `elem` into the head, keeping its runs (see [`Runs`]).
    fn insert_head<S: Sets + ?Sized>(&mut self, elem: Elem, sets: &S) {
        let at = self.head.partition_point(|e| e.key < elem.key);
        reserve_one(&mut self.head);
        self.head.insert(at, elem);
        let whole = self.head_agg;
        let runs = self.head_runs.get_or_insert_with(|| {
            Box::new(Runs {
                front: 0,
                front_agg: Agg::IDENTITY,
                back_agg: whole,
            })
        });
        if at == runs.front {
            // Right after the front (or, with no front, before everything): extends it.
            runs.front_agg.push(elem.eff, elem.key, sets);
            runs.front += 1;
        } else if at == 0 {
            // Before the front: a new front; the old one joins the back.
            runs.back_agg = whole;
            runs.front_agg = Agg::IDENTITY;
            runs.front_agg.push(elem.eff, elem.key, sets);
            runs.front = 1;
        } else if at < runs.front {
            runs.front += 1;
            runs.front_agg = fold(&self.head[..runs.front], sets);
        } else {
            runs.back_agg = fold(&self.head[runs.front..], sets);
        }
        self.head_agg = runs.front_agg.then(&runs.back_agg);
    }

    /// Takes the sealed part out of an overfull head, with its aggregate: the back run when
    /// that leaves a full enough block (the front, where appends newest first go on, stays);
    /// otherwise all but the first few elements (appends newest first will add before them).
    fn seal_head<S: Sets + ?Sized>(&mut self, sets: &S) -> (Vec<Elem>, Agg) {
        let whole = self.head_agg;
        let runs = self.head_runs.get_or_insert_with(|| {
            Box::new(Runs {
                front: 0,
                front_agg: Agg::IDENTITY,
                back_agg: whole,
            })
        });
        if runs.front > 0 && self.head.len() - runs.front >= BLOCK_MAX / 2 {
            let sealed = self.head.split_off(runs.front);
            let agg = std::mem::replace(&mut runs.back_agg, Agg::IDENTITY);
            self.head_agg = runs.front_agg;
            return (sealed, agg);
        }
        let sealed = self.head.split_off(BLOCK_MAX / 8);
        self.head_agg = fold(&self.head, sets);
        self.reset_head_runs();
        let agg = fold(&sealed, sets);
        (sealed, agg)
    }

    /// After the head changed other than by [`LotIndex::insert_head`]: its whole is the back
    /// run.
    fn reset_head_runs(&mut self) {
        if self.head.is_empty() {
            self.head_runs = None;
        } else if let Some(runs) = &mut self.head_runs {
            runs.front = 0;
            runs.front_agg = Agg::IDENTITY;
            runs.back_agg = self.head_agg;
        }
    }

    /// The key of the lot's last element.
    pub(crate) fn last_key(&self) -> Option<u64> {
        self.tail.last().map(|e| e.key)
    }

    /// Inserts `elems`, which are sorted by key, as [`LotIndex::insert`] one by one would.
    ///
    /// When they all come after the lot's last key (a batch that extends a lot in date
    /// order), they are appended in one pass: each sealed block is copied and folded once,
    /// and the tail's aggregate is extended, or refolded once when it sealed. Otherwise
    /// they are inserted one by one. (On the `bulk_append` workload a sealed block is then
    /// folded once instead of twice, with the tail refolded once per batch run instead of
    /// once per seal: `Agg::push` calls per entry at 10^6 in one batch, 7.4 in all, of which
    /// 0.9 from here; most of the rest refold blocks for back-dated inserts.)
    pub(crate) fn extend_sorted<S: Sets + ?Sized>(&mut self, elems: &[Elem], sets: &S) {
        let in_order = elems.windows(2).all(|w| w[0].key < w[1].key)
            && elems
                .first()
                .is_some_and(|f| self.last_key().is_none_or(|l| l < f.key));
        if !in_order {
            for &elem in elems {
                self.insert(elem, sets);
            }
            return;
        }
        // As `insert` seals: a full tail keeps its last `BLOCK_MAX / 8` elements.
        const SEAL: usize = BLOCK_MAX - BLOCK_MAX / 8;
        let mut rest = elems;
        let sealed = self.tail.len() + rest.len() > BLOCK_MAX;
        while self.tail.len() + rest.len() > BLOCK_MAX {
            let mut block = Vec::with_capacity(SEAL);
            let from_tail = self.tail.len().min(SEAL);
            block.extend(self.tail.drain(..from_tail));
            let (now, later) = rest.split_at(SEAL - from_tail);
            block.extend_from_slice(now);
            rest = later;
            self.edit_tree(Edit::Back(block), sets);
        }
        if sealed {
            self.tail_agg = fold(&self.tail, sets);
        }
        self.tail
            .reserve_exact((self.tail.len() + rest.len()).max(4) - self.tail.len());
        for &elem in rest {
            self.tail.push(elem);
            self.tail_agg.push(elem.eff, elem.key, sets);
        }
    }

    /// Removes the element with `key` (to undo a rejected insert).
    pub(crate) fn remove<S: Sets + ?Sized>(&mut self, key: u64, sets: &S) {
        if self.tail.last().is_none_or(|l| l.key < key) {
            return;
        }
        let part = self.part_for(key);
        let (block, agg) = match part {
            Part::Head => (&mut self.head, &mut self.head_agg),
            Part::Tail => (&mut self.tail, &mut self.tail_agg),
            Part::Tree => {
                self.edit_tree(Edit::Remove(key), sets);
                return;
            }
        };
        let Ok(at) = block.binary_search_by_key(&key, |e| e.key) else {
            return;
        };
        block.remove(at);
        *agg = fold(block, sets);
        if self.tail.is_empty() {
            // The last sealed block, or else the head, becomes the tail.
            let tail = match self.edit_tree(Edit::PopBack(None), sets) {
                Edit::PopBack(Some(block)) => block,
                _ => std::mem::take(&mut self.head),
            };
            self.tail = tail;
            self.tail_agg = fold(&self.tail, sets);
            if self.head.is_empty() {
                self.head_agg = Agg::IDENTITY;
            }
        }
        if part == Part::Head || self.head.is_empty() {
            self.reset_head_runs();
        }
    }

    /// Replaces the effect of the element with `key` (a retraction, or its undoing).
    pub(crate) fn set_effect<S: Sets + ?Sized>(&mut self, key: u64, eff: Packed, sets: &S) {
        if self.tail.last().is_none_or(|l| l.key < key) {
            return;
        }
        let part = self.part_for(key);
        let (block, agg) = match part {
            Part::Head => (&mut self.head, &mut self.head_agg),
            Part::Tail => (&mut self.tail, &mut self.tail_agg),
            Part::Tree => {
                self.edit_tree(Edit::Set(key, eff), sets);
                return;
            }
        };
        let Ok(at) = block.binary_search_by_key(&key, |e| e.key) else {
            return;
        };
        block[at].eff = eff;
        *agg = fold(block, sets);
        if part == Part::Head {
            self.reset_head_runs();
        }
    }

    /// The composed effect of every element with key `<= upto`.
    pub(crate) fn prefix<S: Sets + ?Sized>(&self, upto: u64, sets: &S) -> Agg {
        self.prefix_by::<S, true>(upto, sets)
    }

    /// The counts of [`LotIndex::prefix`] (statuses, flows, bases, sets, the open mark), not
    /// its day-end minima: what a state at a date reads. Skipping the minima (the day-end
    /// checks of [`Agg::push`] and the minima of [`Agg::then`]) saves `lot_as_of` at 10^6
    /// about 1,860 instructions per query under callgrind (of 4,460 once the whole lot's
    /// aggregate is skipped too: see `LotState::of`; 2,600 remain).
    pub(crate) fn counts_at<S: Sets + ?Sized>(&self, upto: u64, sets: &S) -> Agg {
        let mut acc = Agg::IDENTITY;
        let mut walk = self.start_counts(upto, &mut acc);
        while let Walk::Node(node) = walk {
            walk = node.step_counts(upto, &mut acc);
        }
        if let Walk::Block(block) = walk {
            fold_upto::<S, false>(&mut acc, block, upto, sets);
        }
        acc
    }

    /// [`LotIndex::counts_at`] of each lot of `lots` (its index read by `index`), handed to
    /// `each` with the lot's position, in order.
    ///
    /// The lots are walked [`BATCH`] at a time, a level of their trees at a time: the
    /// reads of one level of the batch's lots do not depend on each other, so the processor
    /// waits for them together, where one lot's walk is a chain of reads that each wait for
    /// the one before (its node, its child, its block). All-holdings is bound by those
    /// waits, not by instructions (BENCHMARKS.md); the answers are `counts_at`'s.
    pub(crate) fn counts_at_each<'a, T, S: Sets + ?Sized>(
        lots: &'a [T],
        index: impl Fn(&'a T) -> &'a LotIndex,
        upto: u64,
        sets: &S,
        mut each: impl FnMut(usize, &Agg),
    ) {
        let mut accs = [Agg::IDENTITY; BATCH];
        for (chunk, batch) in lots.chunks(BATCH).enumerate() {
            let mut walks = [Walk::Done; BATCH];
            for ((lot, acc), walk) in batch.iter().zip(&mut accs).zip(&mut walks) {
                *walk = index(lot).start_counts(upto, acc);
            }
            let mut deeper = true;
            while deeper {
                deeper = false;
                for (acc, walk) in accs.iter_mut().zip(&mut walks) {
                    if let Walk::Node(node) = *walk {
                        *walk = node.step_counts(upto, acc);
                        deeper |= matches!(walk, Walk::Node(_));
                    }
                }
            }
            for (i, (acc, walk)) in accs.iter_mut().zip(walks).take(batch.len()).enumerate() {
                if let Walk::Block(block) = walk {
                    fold_upto::<S, false>(acc, block, upto, sets);
                }
                each(chunk * BATCH + i, acc);
            }
        }
    }

    /// Where [`LotIndex::counts_at`] starts: the head's aggregate (unless the date is in the
    /// head), the whole tree's when the date is after it, the tail's when the date is after
    /// the tail; and what is left to walk.
    /// `acc` is set (whatever it was).
    fn start_counts(&self, upto: u64, acc: &mut Agg) -> Walk<'_> {
        if self.head.last().is_some_and(|l| upto < l.key) {
            *acc = Agg::IDENTITY;
            return Walk::Block(&self.head);
        }
        // Most lots have no head: its aggregate, which would be read from memory for
        // nothing, is skipped.
        *acc = if self.head.is_empty() {
            Agg::IDENTITY
        } else {
            self.head_agg
        };
        if let Some(last) = self.tree.last_key() {
            if upto < last {
                return Walk::Node(&self.tree);
            }
            compose_into::<false>(acc, self.tree.pre.last().unwrap_or(&Agg::IDENTITY));
        }
        if self.tail.last().is_none_or(|l| l.key <= upto) {
            compose_into::<false>(acc, &self.tail_agg);
            Walk::Done
        } else {
            Walk::Block(&self.tail)
        }
    }

    fn prefix_by<S: Sets + ?Sized, const FULL: bool>(&self, upto: u64, sets: &S) -> Agg {
        if self.head.last().is_some_and(|l| upto < l.key) {
            let mut acc = Agg::IDENTITY;
            fold_upto::<S, FULL>(&mut acc, &self.head, upto, sets);
            return acc;
        }
        // One accumulator, composed into in place (an aggregate is 256 bytes).
        let mut acc = self.head_agg;
        if let Some(last) = self.tree.last_key() {
            if upto < last {
                self.tree.prefix::<S, FULL>(upto, &mut acc, sets);
                return acc;
            }
            compose_into::<FULL>(&mut acc, self.tree.pre.last().unwrap_or(&Agg::IDENTITY));
        }
        if self.tail.last().is_none_or(|l| l.key <= upto) {
            compose_into::<FULL>(&mut acc, &self.tail_agg);
        } else {
            fold_upto::<S, FULL>(&mut acc, &self.tail, upto, sets);
        }
        acc
    }

    /// True when some element says the lot's opening stock is unknown: the open mark of
    /// [`LotIndex::root`], read from its three parts without composing them.
    pub(crate) fn is_open(&self) -> bool {
        self.head_agg.is_open()
            || self.tree.pre.last().is_some_and(Agg::is_open)
            || self.tail_agg.is_open()
    }

    /// The first day at whose end some status count is negative: the key of the day's last
    /// element with an effect (not [`Packed::NONE`]: a retracted entry or one that changes no
    /// count), and that status. The count at the end of the day is the count after it.
    pub(crate) fn first_negative<S: Sets + ?Sized>(&self, sets: &S) -> Option<(u64, Status)> {
        // The first negative day changed some count (the day before ended non-negative), so
        // it has an element with an effect, and none after it on that day.
        let effective = |e: &&Elem| e.eff != Packed::NONE;
        // Whether the lot is open is a fact about all of it: the walk starts with it.
        let mut acc = Agg::opened(self.is_open());
        // The key of the last element with an effect folded into `acc`.
        let mut last = None;
        for (block, agg) in self.blocks() {
            let next = acc.then(&agg);
            if next.closed_ok() {
                acc = next;
                last = block.iter().rev().find(effective).map(|e| e.key).or(last);
                continue;
            }
            // A day this block closes ends negative: the open day `acc` brings in, or one of
            // the block's own. Find which.
            for e in block {
                if acc.last_day != NO_DAY
                    && acc.last_day != day(e.key)
                    && let Some(s) = acc.negative_status()
                {
                    return Some((last?, s));
                }
                acc.push(e.eff, e.key, sets);
                if effective(&e) {
                    last = Some(e.key);
                }
            }
            return None;
        }
        // Every closed day is fine: the lot's last day remains.
        Some((last?, acc.negative_status()?))
    }
}

/// Inserts `elem` into the tail (an unsealed block) and updates its aggregate.
fn insert_into<S: Sets + ?Sized>(block: &mut Vec<Elem>, agg: &mut Agg, elem: Elem, sets: &S) {
    let at = block.partition_point(|e| e.key < elem.key);
    reserve_one(block);
    block.insert(at, elem);
    if at == 0 && block.len() > 16 {
        // Prepending: one composition instead of a refold.
        let mut first = Agg::IDENTITY;
        first.push(elem.eff, elem.key, sets);
        *agg = first.then(agg);
    } else {
        *agg = fold(block, sets);
    }
}
