//! The bundled form against the TOML it was made from.

use super::*;

/// The TOML files, read and validated as a user's files are.
fn from_toml() -> Catalog {
    Catalog::from_toml_files(FILES.iter().copied()).expect("the TOML loads")
}

/// A file added to `catalog/` must be embedded too.
#[test]
fn every_catalog_file_is_embedded() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("catalog/ is readable")
        .map(|e| {
            e.expect("catalog/ is readable")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".toml"))
        .collect();
    on_disk.sort();
    let embedded: Vec<&str> = FILES.iter().map(|(n, _)| *n).collect();
    assert_eq!(embedded, on_disk, "add the file to catalog::bundled::FILES");
    for (name, text) in FILES {
        let disk = std::fs::read_to_string(dir.join(name)).expect("readable");
        assert_eq!(&disk, text, "{name} embedded as on disk");
    }
}

/// The bundled form, decoded and validated whole (every check across platforms), is the
/// TOML read directly.
#[test]
fn the_whole_bundled_form_is_valid_and_equals_the_toml() {
    let whole = load().expect("the bundled form loads as one catalog");
    let toml = from_toml();
    assert_eq!(whole, toml);
    assert_eq!(whole.to_json(), toml.to_json());
}

/// Each platform decoded on its own is the TOML's, field by field and figure by figure with
/// its sources; the build's indexes are the ones the TOML load builds and checks.
#[test]
fn each_platform_decoded_lazily_equals_the_toml() {
    let toml = from_toml();
    let owned = &toml.inner;
    let lazy = Bundled::new();
    assert_eq!(lazy.len(), owned.platforms.len());
    // Last to first, so that no platform is decoded because an earlier one was.
    for (i, p) in owned.platforms.iter().enumerate().rev() {
        let q = lazy.platform(i);
        assert_eq!(q, p, "platform {i} `{}`", p.id());
        assert_eq!(
            serde_json::to_string(q).expect("JSON"),
            serde_json::to_string(p).expect("JSON"),
            "platform `{}` written back",
            p.id()
        );
        assert_eq!(
            lazy.children(i),
            owned.children[i],
            "children of `{}`",
            p.id()
        );
    }
    assert_eq!(data::IDS.len(), owned.by_id.len(), "ids");
    for (id, &i) in &owned.by_id {
        assert_eq!(lazy.index_of_id(id.as_str()), Some(i), "id `{id}`");
    }
    assert_eq!(data::KEYS.len(), owned.by_key.len(), "name keys");
    for (key, &i) in &owned.by_key {
        assert_eq!(lazy.index_of_key(key), Some(i), "name key `{key}`");
    }
    let sources: Vec<&Arc<CatalogSource>> = owned.sources.values().collect();
    assert_eq!(lazy.sources().collect::<Vec<_>>(), sources);
    for (key, s) in &owned.sources {
        assert_eq!(lazy.source(key), Some(s), "source `{key}`");
    }
    assert_eq!(lazy.rules(), owned.rules.as_slice());
    assert_eq!(lazy.all(), owned.platforms.as_slice());
}

/// What is not in the catalog is not found, and nothing is decoded to say so.
#[test]
fn unknown_ids_keys_and_sources_are_absent() {
    let lazy = Bundled::new();
    assert_eq!(lazy.index_of_id("no-such-platform"), None);
    assert_eq!(lazy.index_of_key("nosuchplatform"), None);
    assert_eq!(lazy.index_of_key(""), None);
    assert!(lazy.source("no-such-source").is_none());
    assert!(lazy.platforms.iter().all(|p| p.get().is_none()));
}

/// The bundled catalog decodes only what is asked for, and a change makes an owned copy
/// equal to it.
#[test]
fn a_lookup_decodes_one_platform_and_a_change_decodes_all() {
    let mut c = Catalog::load_reference();
    let p = c.resolve("Su-30MKV").expect("known").clone();
    let b = c.bundled.as_ref().expect("still bundled");
    let decoded = b.platforms.iter().filter(|p| p.get().is_some()).count();
    assert_eq!(decoded, 1);
    let before = c.clone();
    let src = Arc::new(CatalogSource::new("my-notes", "My notes").expect("a source"));
    let mine = Platform::builder(
        "my-radar".parse().expect("an id"),
        "My radar",
        super::super::Category::Radar,
        super::super::GenericSpec::new(),
    )
    .source(src)
    .build()
    .expect("a platform");
    c.insert(mine).expect("inserted");
    assert!(c.bundled.is_none());
    assert_eq!(c.len(), before.len() + 1);
    assert_eq!(c.get(p.id()), Some(&p));
    assert_eq!(
        c.iter().take(before.len()).collect::<Vec<_>>(),
        before.iter().collect::<Vec<_>>()
    );
}
