//! Arbitrary text as `copydesk.toml` (parse, then build) and as a glossary file (extending the
//! built-in glossary, then checking a story that uses the new names): errors are fine, panics
//! are not, and an error's line and column point into the text.
#![no_main]

use copydesk::config::GlossaryText;
use copydesk::glossary::Glossary;
use copydesk::{ConfigError, ConfigFile, Markup};
use copydesk_fuzz::check_text;
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fn check_error(text: &str, e: &ConfigError) {
    assert!(!e.message.is_empty(), "an error without a message");
    if let Some(line) = e.line {
        assert!(line >= 1 && line <= text.split('\n').count(), "error line {line} outside the text: {e}");
        assert!(e.column.is_none_or(|c| c >= 1), "error column 0: {e}");
    }
    let _ = e.to_string();
}

/// Every property, idempotence included, on a story checked with a glossary from the fuzz input.
/// Glossaries that made fix_all grow the text forever or rewrite a quotation (CORE BUG 4 and 5 in
/// tests/properties.rs: one name for two entities, Markdown syntax or quotation marks in a name)
/// are now rejected when loaded, or handled by the core.
fn check_story(story: &str, cfg: &copydesk::Config) {
    check_text(story, Markup::Plain, cfg, Some(31));
    check_text(story, Markup::Markdown, cfg, None);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match ConfigFile::parse(text, "copydesk.toml") {
        Ok(cf) => {
            if let Err(e) = cf.build(&[]) {
                check_error(text, &e);
            }
            // The same text as the project's glossary file too.
            match cf.build(&[GlossaryText { name: "copydesk-glossary.toml", text }]) {
                Ok(cfg) => check_story("ISIL said “Kiev” ISIS.\n", &cfg),
                Err(e) => check_error(text, &e),
            }
        }
        Err(e) => check_error(text, &e),
    }
    match Glossary::builtin().extended(text, "f.toml") {
        Ok(g) => {
            // A story made of the glossary's own names, each twice, in the reporter's words and
            // in a quotation: matching, definitions and fixes over user-supplied names.
            let mut story = String::new();
            for e in g.entities.iter().rev().take(4) {
                for n in e.names().take(4) {
                    story.push_str(&format!("{n} fighters said. “{n} will stay,” he said. ({n}) {n}.\n\n"));
                }
                let _ = copydesk::glossary::card(e, Some("x"));
            }
            let cfg = copydesk::Config { glossary: Arc::new(g), ..copydesk::Config::default() };
            check_story(&story, &cfg);
        }
        Err(e) => check_error(text, &e),
    }
});
