//! Structure-aware: a story built from fragments of news copy (words, speech verbs, every
//! quotation mark and dash, apostrophes, glossary names in their variants, Markdown constructs,
//! inline switches, line breaks, emoji, CJK, Cyrillic, combining marks, raw text), checked as
//! plain text or Markdown; findings, fix_all and hover must hold their invariants.
#![no_main]

use arbitrary::Arbitrary;
use copydesk::Markup;
use copydesk_fuzz::{check_text, config};
use libfuzzer_sys::fuzz_target;

const WORDS: &[&str] = &[
    "the",
    "The",
    "fighters",
    "withdrew",
    "from",
    "town",
    "on",
    "Sunday",
    "minister",
    "a",
    "plan",
    "will",
    "be",
    "we",
    "We",
    "he",
    "He",
    "she",
    "they",
    "it",
    "is",
    "not",
    "I",
    "am",
    "Pushkov",
    "officials",
    "and",
    "or",
    "but",
    "that",
    "as",
    "also known as",
    "formerly",
    "1990s",
    "U.S.",
    "U.N.",
    "NATO",
    "FBI",
    "WHO",
    "THIS IS WAR",
    "Donald J. Trump",
];
const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "told reporters",
    "according to",
    "According to",
    "added",
    "asked",
    "wrote",
    "stressed that",
    "сказал",
    "erklärte",
    "a déclaré",
];
const MARKS: &[&str] = &["“", "”", "\"", "'", "‘", "’", "«", "»", "„", "‚", "‹", "›", "''", "「", "」"];
const DASHES: &[&str] = &["–", "—", "―", "-", "--"];
const APOSTROPHES: &[&str] = &["don’t", "Russia’s", "parents’", "’90s", "'em", "it's", "ISIS’s", "Daesh's", "rock ’n’ roll"];
const NAMES: &[&str] = &[
    "ISIS",
    "ISIL",
    "IS",
    "IG",
    "Daesh",
    "Da'esh",
    "Islamic State",
    "Islamic state",
    "islamic state",
    "ISLAMIC STATE",
    "Islamic State (ISIS)",
    "Islamic State of Iraq and the Levant",
    "Kyiv",
    "Kiev",
    "KIEV",
    "al-Qaeda",
    "Al-Qaeda",
    "al Qaeda",
    "al-Qaida",
    "AQAP",
    "Hezbollah",
    "Hizbollah",
    "Odessa",
    "Odesa",
    "HTS",
    "PKK",
];
const PUNCT: &[&str] = &[". ", ", ", ": ", "; ", "? ", "! ", "…", "(", ")", "[", "]", "/", "*", "_"];
const BREAKS: &[&str] = &["\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\t", "\u{00A0}", "\u{200B}", "\u{2028}", "\u{FEFF}"];
const MARKDOWN: &[&str] = &[
    "# ",
    "## ",
    "\n- ",
    "* ",
    "1. ",
    "\n> ",
    "`",
    "\n```\n",
    "\n~~~\n",
    "[link](https://example.com/ISIL)",
    "[“Kiev”](http://x.y)",
    "![Kiev](k.png)",
    "<https://example.com/ISIS>",
    "www.isil.org",
    "<!-- copydesk-disable -->",
    "<!-- copydesk-enable -->",
    "<!-- copydesk-disable-next-line -->",
    "<!-- copydesk-disable-line inconsistent-name -->",
    "<!-- copydesk-disable unattributed-quote -->",
    "<!-- note -->",
    "<!--",
    "-->",
    "<div>",
    "</div>",
    "<tweet author=\"ISIL\">",
    "\n---\n",
    "---\ntitle: x\n---\n",
    "\n| a | b |\n|---|---|\n| ",
    " | ",
    "**",
    "__",
    "~~",
    "[^1]",
    "\n[^1]: ",
    "\\",
    "&amp;",
    "&ldquo;",
    "\n    ",
];
const SCRIPTS: &[&str] = &[
    "😀",
    "👍🏽",
    "🇺🇦",
    "👨‍👩‍👧",
    "中文",
    "伊斯兰国",
    "Привет",
    "Київ",
    "e\u{301}",
    "\u{301}",
    "\u{0308}",
    "\u{202E}",
    "ﬁ",
    "ǅ",
    "İ",
    "ß",
    "\u{0}",
];

#[derive(Debug, Arbitrary)]
enum Fragment {
    Word(u8),
    Speech(u8),
    Mark(u8),
    Dash(u8),
    Apostrophe(u8),
    Name(u8),
    Punct(u8),
    Break(u8),
    Markdown(u8),
    Script(u8),
    Char(char),
    Raw(String),
}

#[derive(Debug, Arbitrary)]
struct Story {
    markdown: bool,
    fragments: Vec<(Fragment, u8)>,
}

fn pick(list: &[&'static str], i: u8) -> &'static str {
    list[i as usize % list.len()]
}

fuzz_target!(|story: Story| {
    let mut text = String::new();
    for (f, sep) in story.fragments.iter().take(400) {
        match f {
            Fragment::Word(i) => text.push_str(pick(WORDS, *i)),
            Fragment::Speech(i) => text.push_str(pick(SPEECH, *i)),
            Fragment::Mark(i) => text.push_str(pick(MARKS, *i)),
            Fragment::Dash(i) => text.push_str(pick(DASHES, *i)),
            Fragment::Apostrophe(i) => text.push_str(pick(APOSTROPHES, *i)),
            Fragment::Name(i) => text.push_str(pick(NAMES, *i)),
            Fragment::Punct(i) => text.push_str(pick(PUNCT, *i)),
            Fragment::Break(i) => text.push_str(pick(BREAKS, *i)),
            Fragment::Markdown(i) => text.push_str(pick(MARKDOWN, *i)),
            Fragment::Script(i) => text.push_str(pick(SCRIPTS, *i)),
            Fragment::Char(c) => text.push(*c),
            Fragment::Raw(s) => text.push_str(s),
        }
        // Mostly a space between fragments; sometimes nothing or a line break.
        text.push_str(match sep % 8 {
            0 => "",
            1 => "\n",
            _ => " ",
        });
    }
    let markup = if story.markdown { Markup::Markdown } else { Markup::Plain };
    check_text(&text, markup, config(), Some(97));
});
