//! The owned form of a catalog: every platform decoded, with its indexes, built and checked
//! as a whole ([`Inner::build`]) or one platform at a time ([`Catalog::insert`](super::Catalog::insert)).

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::{CatalogError, CatalogSource, KeywordRule, Platform, PlatformId, PlatformKind};

/// The catalog's platforms and indexes.
#[derive(Clone, Debug, Default)]
pub(super) struct Inner {
    pub(super) platforms: Vec<Platform>,
    /// Ids to platforms. Fx rather than SipHash: `Ledger::extend` looks each catalog platform
    /// of a batch up here, and SipHash cost 120 instructions per entry of the `bulk_append`
    /// workload (callgrind, 10^6 entries).
    pub(super) by_id: FxHashMap<PlatformId, usize>,
    /// Name keys ([`normalize_name`](super::normalize_name)) to platforms.
    pub(super) by_key: FxHashMap<String, usize>,
    /// Each platform's children, in platform order.
    pub(super) children: Vec<Vec<usize>>,
    /// Every source declared or cited, by key.
    pub(super) sources: BTreeMap<String, Arc<CatalogSource>>,
    pub(super) rules: Vec<KeywordRule>,
}

/// Adds `source` to `sources`, or checks that the one there has the same content.
pub(super) fn register(
    sources: &mut BTreeMap<String, Arc<CatalogSource>>,
    source: &Arc<CatalogSource>,
) -> Result<(), CatalogError> {
    match sources.get(source.key()) {
        Some(existing) if existing == source => Ok(()),
        Some(_) => Err(CatalogError::DuplicateSource {
            key: source.key().to_owned(),
        }),
        None => {
            sources.insert(source.key().to_owned(), source.clone());
            Ok(())
        }
    }
}

impl Inner {
    /// A validated catalog of `platforms`, `sources` and `rules`.
    pub(super) fn build(
        platforms: Vec<Platform>,
        mut sources: BTreeMap<String, Arc<CatalogSource>>,
        rules: Vec<KeywordRule>,
    ) -> Result<Self, CatalogError> {
        for p in &platforms {
            for s in p.cited() {
                register(&mut sources, s)?;
            }
        }
        let mut inner = Inner {
            sources,
            ..Inner::default()
        };
        inner.platforms.reserve(platforms.len());
        inner.by_id.reserve(platforms.len());
        inner.by_key.reserve(platforms.len() * 4);
        for p in platforms {
            let keys = inner.check_names(&p)?;
            inner.push(p, keys);
        }
        inner.index_children();
        for rule in rules {
            inner.add_rule(rule)?;
        }
        for p in &inner.platforms {
            inner.check_relations(p, None)?;
        }
        inner.check_cycles()?;
        Ok(inner)
    }

    /// Checks that `p`'s id and name keys are free; its keys, for [`push`](Self::push).
    pub(super) fn check_names(&self, p: &Platform) -> Result<Vec<String>, CatalogError> {
        if self.by_id.contains_key(&p.id) {
            return Err(CatalogError::DuplicateId { id: p.id.clone() });
        }
        let mut keys = Vec::new();
        for (name, key) in p.keys() {
            if key.is_empty() {
                return Err(CatalogError::EmptyName {
                    platform: p.id.clone(),
                    name: name.to_owned(),
                });
            }
            if let Some(&i) = self.by_key.get(&key) {
                return Err(CatalogError::DuplicateName {
                    platform: p.id.clone(),
                    name: name.to_owned(),
                    key,
                    existing: self.platforms[i].id.clone(),
                });
            }
            keys.push(key);
        }
        Ok(keys)
    }

    pub(super) fn check_relations(
        &self,
        p: &Platform,
        pending: Option<&Platform>,
    ) -> Result<(), CatalogError> {
        let find = |id: &PlatformId| {
            pending
                .filter(|q| &q.id == id)
                .or_else(|| self.by_id.get(id).map(|&i| &self.platforms[i]))
        };
        if let Some(parent) = &p.parent {
            let Some(f) = find(parent) else {
                return Err(CatalogError::UnknownRelation {
                    platform: p.id.clone(),
                    relation: "parent",
                    target: parent.clone(),
                });
            };
            if !f.is_family {
                return Err(CatalogError::NotAFamily {
                    platform: p.id.clone(),
                    family: parent.clone(),
                });
            }
            if f.kind() != p.kind() {
                return Err(CatalogError::RelationKind {
                    platform: p.id.clone(),
                    relation: "parent",
                    target: parent.clone(),
                    expected: p.kind(),
                    found: f.kind(),
                });
            }
        }
        for m in &p.munitions {
            let Some(target) = find(m) else {
                return Err(CatalogError::UnknownRelation {
                    platform: p.id.clone(),
                    relation: "munitions",
                    target: m.clone(),
                });
            };
            if target.kind() != PlatformKind::Missile {
                return Err(CatalogError::RelationKind {
                    platform: p.id.clone(),
                    relation: "munitions",
                    target: m.clone(),
                    expected: PlatformKind::Missile,
                    found: target.kind(),
                });
            }
        }
        Ok(())
    }

    /// Refuses parents that lead back to where they started (relations already checked).
    fn check_cycles(&self) -> Result<(), CatalogError> {
        // 0 unvisited, 1 on the current walk, 2 known to reach a root.
        let mut state = vec![0_u8; self.platforms.len()];
        for start in 0..self.platforms.len() {
            let mut walk: Vec<usize> = Vec::new();
            let mut at = Some(start);
            while let Some(i) = at {
                match state[i] {
                    2 => break,
                    1 => {
                        let from = walk.iter().position(|&w| w == i).unwrap_or(0);
                        let mut cycle: Vec<PlatformId> = walk[from..]
                            .iter()
                            .map(|&w| self.platforms[w].id.clone())
                            .collect();
                        cycle.push(self.platforms[i].id.clone());
                        return Err(CatalogError::ParentCycle {
                            platform: self.platforms[i].id.clone(),
                            cycle,
                        });
                    }
                    _ => {
                        state[i] = 1;
                        walk.push(i);
                        at = self.platforms[i]
                            .parent
                            .as_ref()
                            .and_then(|p| self.by_id.get(p).copied());
                    }
                }
            }
            for w in walk {
                state[w] = 2;
            }
        }
        Ok(())
    }

    /// Appends a platform whose names (`keys`, from [`check_names`](Self::check_names)) and
    /// relations were checked.
    pub(super) fn push(&mut self, p: Platform, keys: Vec<String>) {
        let i = self.platforms.len();
        for key in keys {
            self.by_key.insert(key, i);
        }
        self.by_id.insert(p.id.clone(), i);
        self.children.push(Vec::new());
        if let Some(&parent) = p.parent.as_ref().and_then(|q| self.by_id.get(q)) {
            self.children[parent].push(i);
        }
        self.platforms.push(p);
    }

    /// Indexes every platform's children (a parent may come after its children).
    fn index_children(&mut self) {
        for c in &mut self.children {
            c.clear();
        }
        for (i, p) in self.platforms.iter().enumerate() {
            if let Some(&parent) = p.parent.as_ref().and_then(|q| self.by_id.get(q)) {
                self.children[parent].push(i);
            }
        }
    }

    pub(super) fn add_rule(&mut self, rule: KeywordRule) -> Result<(), CatalogError> {
        if let Some(existing) = self.rules.iter().find(|r| r.form() == rule.form()) {
            return Err(CatalogError::DuplicateRule {
                phrase: rule.phrase().to_owned(),
                existing: existing.phrase().to_owned(),
            });
        }
        register(&mut self.sources, rule.source())?;
        self.rules.push(rule);
        Ok(())
    }
}
