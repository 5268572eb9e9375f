//! The name key ([`normalize_name`](super::normalize_name)), on its own: `build.rs` includes
//! this file too (`#[path]`), to index the bundled catalog's names by the same function the
//! library resolves them with. It uses nothing but `std`.

/// The characters [`name_key`] removes besides white space: hyphens and dashes, the
/// underscore, the full stop, and straight and curly quotes and apostrophes.
pub(crate) const DROPPED: &[char] = &[
    '-', '\u{2010}', '\u{2011}', '\u{2013}', '\u{2014}', '_', '.', '\'', '"', '\u{2018}',
    '\u{2019}', '\u{201c}', '\u{201d}', '`',
];

/// `text` without a leading heading count: ASCII digits followed by white space, at the very
/// start, when something other than white space follows.
pub(crate) fn drop_count(text: &str) -> &str {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return text;
    }
    let after = &text[digits..];
    let rest = after.trim_start();
    if rest.len() < after.len() && !rest.is_empty() {
        rest
    } else {
        text
    }
}

/// The key of `name`, as [`normalize_name`](super::normalize_name) documents it.
pub(crate) fn name_key(name: &str) -> String {
    if name.is_ascii() {
        // The same steps for ASCII text, without the intermediate lowercase copy: names are
        // nearly all ASCII, and the catalog normalises every name of every platform it loads.
        return drop_count(name)
            .bytes()
            .filter(|&b| !(b as char).is_whitespace() && !DROPPED.contains(&(b as char)))
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    let lower = name.to_lowercase();
    drop_count(&lower)
        .chars()
        .filter(|c| !c.is_whitespace() && !DROPPED.contains(c))
        .collect()
}
