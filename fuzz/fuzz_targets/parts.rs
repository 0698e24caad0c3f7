//! Analysis in parts (`copydesk::incremental`): a text and a series of edits to it, each version
//! analysed from the parts of the one before (with tiny parts, so that it is cut wherever the
//! rules allow), must give exactly the whole analysis of that version; so must the side-by-side
//! analysis the command line uses. The text is built from raw strings and from paragraphs of
//! plain words, so that there are places to cut.
#![no_main]

use arbitrary::Arbitrary;
use copydesk::document::floor_char_boundary as floor;
use copydesk::incremental::{analyze_parallel, Incremental};
use copydesk::{Config, Markup};
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

#[derive(Debug, Arbitrary)]
enum Para {
    Plain(u8),
    Raw(String),
}

#[derive(Debug, Arbitrary)]
struct Edit {
    at: u16,
    len: u8,
    text: String,
}

#[derive(Debug, Arbitrary)]
struct Input {
    paras: Vec<Para>,
    min_part: u8,
    edits: Vec<Edit>,
}

const PLAIN: &[&str] = &[
    "Fighters of the Islamic State withdrew on Sunday.",
    "Officials said ISIL units regrouped near Kiev.",
    "The council met in Kyiv to discuss the budget.",
    "Residents waited outside",
];

fn cfg() -> &'static Arc<Config> {
    static C: OnceLock<Arc<Config>> = OnceLock::new();
    C.get_or_init(|| Arc::new(Config::default()))
}

fn same(text: &str, got: &copydesk::Analysis) {
    let whole = copydesk::analyze(text, Markup::Markdown, cfg());
    // The analysis, without the name-spelling rule's words: the parts keep them (for a
    // keystroke), the whole analysis leaves the rule to collect them; the rules' findings below
    // hold the two to the same result.
    let bare = |a: &copydesk::Analysis| {
        let s = format!("{a:?}");
        match s.rfind(", name_words: ") {
            Some(i) => s[..i].to_string(),
            None => s,
        }
    };
    assert_eq!(bare(got), bare(&whole), "parts and whole differ on {text:?}");
    let findings = |a: &copydesk::Analysis| format!("{:?}", copydesk::rules::run(a, cfg()));
    assert_eq!(findings(got), findings(&whole), "findings of parts and whole differ on {text:?}");
}

fuzz_target!(|input: Input| {
    let mut text: String = input
        .paras
        .iter()
        .take(40)
        .map(|p| match p {
            Para::Plain(k) => format!("{}\n\n", PLAIN[*k as usize % PLAIN.len()]),
            Para::Raw(s) => format!("{}\n\n", s.chars().take(200).collect::<String>()),
        })
        .collect();
    let mut inc = Incremental::with_min_part(cfg().clone(), Markup::Markdown, usize::from(input.min_part % 64));
    same(&text, &inc.analyze(&text));
    for e in input.edits.iter().take(8) {
        let i = floor(&text, usize::from(e.at));
        let j = floor(&text, i + usize::from(e.len % 16)).max(i);
        text.replace_range(i..j, &e.text.chars().take(40).collect::<String>());
        same(&text, &inc.analyze(&text));
    }
    same(&text, &analyze_parallel(&text, Markup::Markdown, cfg()));
});
