//! A lot's block tree: a B-tree whose leaves are sorted blocks of elements, each node keeping
//! its children's aggregates and their running composition (see the [index](super)).

use super::{Agg, BLOCK_MAX, Elem, Packed, Sets, fold};

/// Most blocks (or child nodes) a node of a lot's block tree holds before it splits in two.
pub(super) const NODE_MAX: usize = 16;

/// A node of a lot's block tree: a B-tree whose leaves are blocks. Each node keeps, for each
/// child, its last key, its aggregate and the composition of the children up to it, so a
/// prefix query composes one aggregate per level and an edit below child `i` recomposes the
/// node's children from `i` on: O(NODE_MAX) compositions per level.
#[derive(Clone, Debug)]
pub(super) struct Node {
    /// The last key of each child.
    pub(super) lasts: Vec<u64>,
    /// The aggregate of each child.
    pub(super) aggs: Vec<Agg>,
    /// `pre[i]`: the composition of children `0..=i`.
    pub(super) pre: Vec<Agg>,
    pub(super) kids: Kids,
}

#[derive(Clone, Debug)]
pub(super) enum Kids {
    /// A leaf node: sorted blocks of elements, never empty.
    Blocks(Vec<Vec<Elem>>),
    /// An inner node: child nodes, never empty.
    Nodes(Vec<Node>),
}

/// Where a counts-only prefix walk ([`LotIndex::counts_at`](super::LotIndex::counts_at)) goes
/// on: down a node, into the part of a block it folds, or nowhere.
#[derive(Clone, Copy)]
pub(super) enum Walk<'a> {
    Done,
    Node(&'a Node),
    Block(&'a [Elem]),
}

/// One change to a lot's block tree.
pub(super) enum Edit {
    /// Inserts an element into the block that holds (or would hold) its key.
    Insert(Elem),
    /// Removes the element with this key, if any.
    Remove(u64),
    /// Replaces the effect of the element with this key, if any.
    Set(u64, Packed),
    /// Adds a block before every other, with its aggregate (boxed: the other edits are
    /// small, and this one comes once per block sealed).
    Front(Vec<Elem>, Box<Agg>),
    /// Adds a block after every other.
    Back(Vec<Elem>),
    /// Takes the last block out (into the option).
    PopBack(Option<Vec<Elem>>),
}

impl Node {
    pub(super) fn empty() -> Self {
        Node {
            lasts: Vec::new(),
            aggs: Vec::new(),
            pre: Vec::new(),
            kids: Kids::Blocks(Vec::new()),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.lasts.len()
    }

    /// The composition of every child.
    pub(super) fn total(&self) -> Agg {
        self.pre.last().copied().unwrap_or(Agg::IDENTITY)
    }

    pub(super) fn last_key(&self) -> Option<u64> {
        self.lasts.last().copied()
    }

    pub(super) fn first_key(&self) -> Option<u64> {
        match &self.kids {
            Kids::Blocks(blocks) => blocks.first()?.first().map(|e| e.key),
            Kids::Nodes(nodes) => nodes.first()?.first_key(),
        }
    }

    /// Recomposes `pre` from child `i` on.
    pub(super) fn fix_from(&mut self, i: usize) {
        fix_from(&mut self.pre, &self.aggs, i);
    }

    /// Applies `edit` below this node. Returns whether anything changed, and the right half
    /// of this node if it overflowed and split.
    pub(super) fn edit<S: Sets + ?Sized>(
        &mut self,
        edit: &mut Edit,
        sets: &S,
    ) -> (bool, Option<Node>) {
        let n = self.len();
        let i = match edit {
            Edit::Insert(Elem { key, .. }) | Edit::Remove(key) | Edit::Set(key, _) => self
                .lasts
                .partition_point(|l| l < key)
                .min(n.saturating_sub(1)),
            Edit::Front(..) => 0,
            Edit::Back(_) => n,
            Edit::PopBack(_) => n.saturating_sub(1),
        };
        let Node {
            lasts,
            aggs,
            pre,
            kids,
        } = self;
        match kids {
            Kids::Blocks(blocks) => {
                match edit {
                    Edit::Insert(elem) => {
                        let Some(block) = blocks.get_mut(i) else {
                            return (false, None);
                        };
                        let at = block.partition_point(|e| e.key < elem.key);
                        reserve_one(block);
                        block.insert(at, *elem);
                        if block.len() > BLOCK_MAX {
                            // A sealed block splits in halves.
                            let second = block.split_off(BLOCK_MAX / 2);
                            block.shrink_to_fit();
                            let (last, agg) = summary(&second, sets);
                            blocks.insert(i + 1, second);
                            lasts.insert(i + 1, last);
                            aggs.insert(i + 1, agg);
                        }
                    }
                    Edit::Remove(key) => {
                        let Some(block) = blocks.get_mut(i) else {
                            return (false, None);
                        };
                        let Ok(at) = block.binary_search_by_key(key, |e| e.key) else {
                            return (false, None);
                        };
                        block.remove(at);
                        if block.is_empty() {
                            blocks.remove(i);
                            lasts.remove(i);
                            aggs.remove(i);
                            fix_from(pre, aggs, i);
                            return (true, None);
                        }
                    }
                    Edit::Set(key, eff) => {
                        let Some(block) = blocks.get_mut(i) else {
                            return (false, None);
                        };
                        let Ok(at) = block.binary_search_by_key(key, |e| e.key) else {
                            return (false, None);
                        };
                        block[at].eff = *eff;
                    }
                    Edit::Front(block, agg) => {
                        let block = std::mem::take(block);
                        blocks.insert(i, block);
                        lasts.insert(i, blocks[i].last().map_or(0, |e| e.key));
                        aggs.insert(i, **agg);
                        fix_from(pre, aggs, i);
                        return (true, self.split_if_full(edit));
                    }
                    Edit::Back(block) => {
                        let block = std::mem::take(block);
                        let (last, agg) = summary(&block, sets);
                        blocks.insert(i, block);
                        lasts.insert(i, last);
                        aggs.insert(i, agg);
                        fix_from(pre, aggs, i);
                        return (true, self.split_if_full(edit));
                    }
                    Edit::PopBack(out) => {
                        let Some(block) = blocks.pop() else {
                            return (false, None);
                        };
                        *out = Some(block);
                        lasts.pop();
                        aggs.pop();
                        pre.pop();
                        return (true, None);
                    }
                }
                let (last, agg) = summary(&blocks[i], sets);
                lasts[i] = last;
                aggs[i] = agg;
                fix_from(pre, aggs, i);
                (true, self.split_if_full(edit))
            }
            Kids::Nodes(nodes) => {
                let i = i.min(n.saturating_sub(1));
                let Some(kid) = nodes.get_mut(i) else {
                    return (false, None);
                };
                let (changed, split) = kid.edit(edit, sets);
                if !changed {
                    return (false, None);
                }
                if kid.len() == 0 {
                    nodes.remove(i);
                    lasts.remove(i);
                    aggs.remove(i);
                } else {
                    lasts[i] = kid.last_key().unwrap_or(0);
                    aggs[i] = kid.total();
                    if let Some(right) = split {
                        lasts.insert(i + 1, right.last_key().unwrap_or(0));
                        aggs.insert(i + 1, right.total());
                        nodes.insert(i + 1, right);
                    }
                }
                fix_from(pre, aggs, i);
                (true, self.split_if_full(edit))
            }
        }
    }

    /// Splits an overfull node: in halves, or leaving a full node behind when blocks are
    /// added at an end (appends and prepends in date order then build packed nodes).
    pub(super) fn split_if_full(&mut self, edit: &Edit) -> Option<Node> {
        let n = self.len();
        if n <= NODE_MAX {
            return None;
        }
        let at = match edit {
            Edit::Back(_) => NODE_MAX,
            Edit::Front(..) => 1,
            _ => n / 2,
        };
        let kids = match &mut self.kids {
            Kids::Blocks(b) => {
                let right = Kids::Blocks(b.split_off(at));
                b.shrink_to_fit();
                right
            }
            Kids::Nodes(b) => {
                let right = Kids::Nodes(b.split_off(at));
                b.shrink_to_fit();
                right
            }
        };
        let mut right = Node {
            lasts: self.lasts.split_off(at),
            aggs: self.aggs.split_off(at),
            pre: Vec::with_capacity(n - at),
            kids,
        };
        right.fix_from(0);
        self.pre.truncate(at);
        self.lasts.shrink_to_fit();
        self.aggs.shrink_to_fit();
        self.pre.shrink_to_fit();
        Some(right)
    }

    /// Composes onto `acc` every element with key `<= upto` below this node (the counts only
    /// unless `FULL`: see [`Agg::then_counts`]).
    pub(super) fn prefix<S: Sets + ?Sized, const FULL: bool>(
        &self,
        upto: u64,
        acc: &mut Agg,
        sets: &S,
    ) {
        let c = self.lasts.partition_point(|&l| l <= upto);
        if c > 0 {
            compose_into::<FULL>(acc, &self.pre[c - 1]);
        }
        if c == self.len() {
            return;
        }
        match &self.kids {
            Kids::Blocks(blocks) => fold_upto::<S, FULL>(acc, &blocks[c], upto, sets),
            Kids::Nodes(nodes) => nodes[c].prefix::<S, FULL>(upto, acc, sets),
        }
    }

    /// One level of a counts-only prefix walk: composes onto `acc` the children entirely at
    /// or before `upto`, and says where the walk goes on.
    pub(super) fn step_counts(&self, upto: u64, acc: &mut Agg) -> Walk<'_> {
        let c = self.lasts.partition_point(|&l| l <= upto);
        if c > 0 {
            compose_into::<false>(acc, &self.pre[c - 1]);
        }
        match &self.kids {
            Kids::Blocks(blocks) => blocks.get(c).map_or(Walk::Done, |b| Walk::Block(b)),
            Kids::Nodes(nodes) => nodes.get(c).map_or(Walk::Done, Walk::Node),
        }
    }

    /// Every block below this node in order, with its aggregate.
    pub(super) fn blocks<'a>(&'a self, out: &mut Vec<(&'a [Elem], Agg)>) {
        match &self.kids {
            Kids::Blocks(blocks) => {
                out.extend(
                    blocks
                        .iter()
                        .map(Vec::as_slice)
                        .zip(self.aggs.iter().copied()),
                );
            }
            Kids::Nodes(nodes) => nodes.iter().for_each(|n| n.blocks(out)),
        }
    }
}

/// `acc` then `b`, into `acc`: in full ([`Agg::then`]) or the counts only
/// ([`Agg::then_counts`], in place).
pub(super) fn compose_into<const FULL: bool>(acc: &mut Agg, b: &Agg) {
    if FULL {
        *acc = acc.then(b);
    } else {
        acc.then_counts(b);
    }
}

/// Pushes the elements of `block` with keys `<= upto` onto `acc`: in full ([`Agg::push`]),
/// or the counts only ([`Agg::push_counts_all`], after a binary search for the end).
pub(super) fn fold_upto<S: Sets + ?Sized, const FULL: bool>(
    acc: &mut Agg,
    block: &[Elem],
    upto: u64,
    sets: &S,
) {
    if FULL {
        for e in block.iter().take_while(|e| e.key <= upto) {
            acc.push(e.eff, e.key, sets);
        }
    } else {
        let end = block.partition_point(|e| e.key <= upto);
        acc.push_counts_all(&block[..end], sets);
    }
}

/// Recomposes `pre` (the running compositions of `aggs`) from index `i` on.
pub(super) fn fix_from(pre: &mut Vec<Agg>, aggs: &[Agg], i: usize) {
    pre.truncate(i);
    for agg in &aggs[i.min(aggs.len())..] {
        let next = match pre.last() {
            Some(p) => p.then(agg),
            None => *agg,
        };
        pre.push(next);
    }
}

/// Makes room for one more element in a block: grows to the split size at most, not to
/// double (sealed blocks are packed).
pub(super) fn reserve_one(block: &mut Vec<Elem>) {
    if block.len() == block.capacity() {
        block.reserve_exact((block.len() / 8).clamp(1, BLOCK_MAX + 1 - block.len().min(BLOCK_MAX)));
    }
}

/// A block's last key and aggregate.
pub(super) fn summary<S: Sets + ?Sized>(block: &[Elem], sets: &S) -> (u64, Agg) {
    (block.last().map_or(0, |e| e.key), fold(block, sets))
}
