//! Turns the built-in data files (`src/glossary/default.toml`, `src/quotes/lexicon.toml`) into
//! what the program compiles in. The TOML files stay the source anyone edits. The glossary
//! becomes the Rust source of its entities (a static array the program borrows, with nothing
//! to parse); the lexicon becomes JSON, quicker to parse than TOML, which the program reads on
//! first use. A TOML error in either file stops the build with its line and column, and so
//! does a lexicon word that JSON would escape.

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let read = |src: &str| -> serde_json::Value {
        println!("cargo:rerun-if-changed={src}");
        let text = std::fs::read_to_string(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        toml::from_str(&text).unwrap_or_else(|e| panic!("{src}: {e}"))
    };
    let lexicon = read("src/quotes/lexicon.toml");
    let json = serde_json::to_string(&lexicon).expect("JSON from TOML values");
    // The program borrows the lexicon's words straight from this JSON, which it can only do
    // for strings written without escapes.
    if json.contains('\\') {
        panic!("src/quotes/lexicon.toml: a word holds a backslash, a straight double quote or a control character");
    }
    std::fs::write(Path::new(&out).join("lexicon.json"), json).unwrap_or_else(|e| panic!("lexicon.json: {e}"));
    let glossary = read("src/glossary/default.toml");
    prepare_entities(&glossary, &Path::new(&out).join("glossary_entities.rs"));
}

/// One entity of the built-in glossary as loading `default.toml` as a project glossary gives
/// it, with a field left out given its default (`kind` other, `spell_out` true).
struct Record<'a> {
    id: &'a str,
    preferred: &'a str,
    abbreviation: Option<&'a str>,
    aliases: Vec<&'a str>,
    kind: &'a str,
    description: &'a str,
    first_reference: Option<&'a str>,
    notes: Vec<&'a str>,
    case_sensitive: Vec<&'a str>,
    context_required: Vec<&'a str>,
    spell_out: bool,
    renamed: Option<u64>,
}

/// The built-in glossary's entities, in glossary order, written as the Rust source of one
/// array of `Entity` (`glossary::BUILTIN_ENTITIES` includes it): every text a string literal,
/// every list a borrowed slice, so the program loads the glossary without parsing, copying or
/// allocating anything. An entity's id appears once: two tables of one id would be merged by
/// the loader, and this array holds them as they are.
fn prepare_entities(value: &serde_json::Value, dst: &Path) {
    let entities = value.get("entity").and_then(|e| e.as_array()).expect("default.toml holds [[entity]] tables");
    let mut ids = std::collections::HashSet::new();
    let records: Vec<Record> = entities
        .iter()
        .map(|e| {
            let text = |key: &str| e.get(key).and_then(|v| v.as_str());
            let texts = |key: &str| e.get(key).and_then(|v| v.as_array()).into_iter().flatten().filter_map(|v| v.as_str()).collect();
            let id = text("id").expect("every entity has an id");
            assert!(ids.insert(id), "default.toml: the id `{id}` is used twice");
            Record {
                id,
                preferred: text("preferred").unwrap_or_else(|| panic!("default.toml: `{id}` has no preferred name")),
                abbreviation: text("abbreviation"),
                aliases: texts("aliases"),
                kind: text("kind").unwrap_or("other"),
                description: text("description").unwrap_or(""),
                first_reference: text("first_reference"),
                notes: texts("notes"),
                case_sensitive: texts("case_sensitive"),
                context_required: texts("context_required"),
                spell_out: e.get("spell_out").and_then(|v| v.as_bool()).unwrap_or(true),
                renamed: e.get("renamed").and_then(|v| v.as_u64()),
            }
        })
        .collect();
    // A string's `Debug` form is a Rust string literal of it (quotes, backslashes and control
    // characters escaped).
    let text = |t: &str| format!("Cow::Borrowed({t:?})");
    let opt = |o: Option<&str>| o.map_or("None".to_string(), |t| format!("Some({})", text(t)));
    let list = |l: &[&str]| format!("Cow::Borrowed(&[{}])", l.iter().map(|t| text(t)).collect::<Vec<_>>().join(", "));
    let mut out = String::from("[\n");
    for r in &records {
        // `Kind`'s variants are its names capitalised (a name it lacks fails to compile).
        let kind: String = r.kind.chars().take(1).flat_map(char::to_uppercase).chain(r.kind.chars().skip(1)).collect();
        out += &format!(
            "Entity {{ id: {}, preferred: {}, abbreviation: {}, aliases: {}, kind: Kind::{kind}, description: {}, first_reference: {}, notes: {}, case_sensitive: {}, context_required: {}, spell_out: {}, renamed: {:?} }},\n",
            text(r.id),
            text(r.preferred),
            opt(r.abbreviation),
            list(&r.aliases),
            text(r.description),
            opt(r.first_reference),
            list(&r.notes),
            list(&r.case_sensitive),
            list(&r.context_required),
            r.spell_out,
            r.renamed.map(|y| y as u16),
        );
    }
    out += "]\n";
    std::fs::write(dst, &out).unwrap_or_else(|e| panic!("{}: {e}", dst.display()));
}
