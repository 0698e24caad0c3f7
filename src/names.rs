//! Names: every glossary name in the story, which entity it names, whether it stands in the
//! reporter's words or inside a quotation, whether it is part of a first-reference definition
//! (`Islamic State (ISIS)`, `ISIL (formerly ISIS)`, `also known as Daesh`), and which form the
//! story should use for each entity.

use crate::config::{Config, NamingMode};
use crate::glossary::{is_acronym, Entity, Glossary, RawMatch, Text};
use crate::prose::{BlockKind, Prose};
use crate::quotes::{QuoteKind, Quotes};

/// One name found in the story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
    /// The glossary name this text is (possibly in another case): the glossary's own text,
    /// which for the built-in glossary is a copy of a pointer, not of the name.
    pub name: Text,
    /// The text differs from the glossary name in case beyond a capital first letter.
    pub case_variant: bool,
    /// Inside a quotation: the speaker's words, never rewritten.
    pub quoted: bool,
    /// Part of a first-reference definition: `Islamic State (ISIS)`.
    pub definition: bool,
    /// The second name of a bare definition pair, `Islamic State (ISIS)`: it introduces the
    /// story's abbreviation, so it must be the preferred one.
    pub introduces_abbreviation: bool,
    /// The second name of a bare definition pair in either order (`Islamic State (ISIS)`,
    /// `ISIS (Islamic State)`).
    pub bare_pair: bool,
    /// In a headline or subhead.
    pub heading: bool,
}

/// The names one entity goes by in this story, and the form the story should use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityUse {
    pub entity: usize,
    /// The preferred full form, e.g. `Islamic State`.
    pub preferred: String,
    /// The preferred short form, e.g. `ISIS`.
    pub short: Option<String>,
    /// Where the preference came from, for messages: "house style", "the glossary",
    /// "its first use".
    pub source: &'static str,
    /// For a person: the surname of the preferred form (`Gadhafi` of `Moammar Gadhafi`), the
    /// usual second reference.
    pub surname: Option<String>,
    /// Indexes into [`Names::mentions`].
    pub mentions: Vec<usize>,
    /// In consistency mode: every glossary name the story's own form is spelled with
    /// (`Opec` and `OPEC`, `Organisation` and `Organization`), all accepted.
    pub forms: Vec<String>,
    /// Whether a fix may write `preferred`: in consistency mode only when the story itself uses
    /// that full form (a short form is never replaced by a full name in running text).
    pub full_fix: bool,
    /// The preference is house style (`[naming.prefer]`, `mode = "house"`): messages say so.
    pub house: bool,
    /// The story writes `preferred` itself (always so outside consistency mode).
    pub full_written: bool,
    /// The entity's names that are short forms ([`is_short_form`]): an acronym or one written
    /// like a word (`Opec`), never replaced by a full name.
    pub shorts: Vec<String>,
}

impl EntityUse {
    pub fn accepts(&self, name: &str) -> bool {
        self.preferred == name
            || self.short.as_deref() == Some(name)
            || self.surname.as_deref() == Some(name)
            || self.forms.iter().any(|f| f == name)
    }

    /// The form to replace `name` with: the short form for an acronym (none when there is no
    /// short form: an acronym is never replaced by a full name in running text), the surname
    /// for a person's one-word name, else the preferred form when a fix may write it.
    pub fn replacement_for(&self, name: &str) -> Option<&str> {
        match (&self.short, &self.surname) {
            _ if self.shorts.iter().any(|s| s == name) || is_acronym(name) => self.short.as_deref(),
            (_, Some(s)) if !name.contains(' ') => Some(s),
            _ => self.full_fix.then_some(self.preferred.as_str()),
        }
    }

    /// `Islamic State (ISIS)` or `Islamic State`.
    pub fn label(&self) -> String {
        match &self.short {
            Some(s) => format!("{} / {}", self.preferred, s),
            None => self.preferred.clone(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Names {
    pub mentions: Vec<Mention>,
    pub uses: Vec<EntityUse>,
}

impl Names {
    pub fn analyze(prose: &Prose, quotes: &Quotes, cfg: &Config) -> Names {
        let glossary: &Glossary = &cfg.glossary;
        let mask = prose.mask.as_str();
        // The names `analyze` found in this mask with this glossary's matcher (handed on in the
        // prose), or a search of our own.
        let searched;
        let raw: &[RawMatch] = match &prose.names {
            Some(found) => found,
            None => {
                searched = glossary.matcher().find(mask);
                &searched
            }
        };
        // Top-level quotations, in text order and disjoint: a name inside any quotation is
        // inside exactly one of them.
        let tops: Vec<&crate::quotes::Quote> = quotes.quotes.iter().filter(|q| q.span.depth == 0).collect();
        let mut mentions: Vec<Mention> = Vec::with_capacity(raw.len());
        // `raw` is in text order, and so are the blocks and the quotations: the block and the
        // quotation a name may fall in are found by walking on, not by a search per name.
        let (mut block, mut top) = (0, 0);
        // Most masks hold no `<` at all (Markdown's tags are blanked): then no name stands in
        // angle brackets, which is asked once here, not once per name.
        let has_angle = memchr::memchr(b'<', mask.as_bytes()).is_some();
        let other_quotes = other_quotations(prose);
        // Whether the first block is a title-case headline, asked once.
        let mut first_title: Option<bool> = None;
        let mut other = 0;
        for &m in raw {
            let e = &glossary.entities[m.entity];
            let text = &mask[m.start..m.end];
            let Some(name) = canonical(e, text) else { continue };
            // A proper name written in lower case is most often a common word: `turkey`,
            // `west bank of the river`, `nato` in a URL-like token. Not a mention.
            if text.starts_with(char::is_lowercase) && name.starts_with(char::is_uppercase) {
                continue;
            }
            if e.is_case_sensitive(name) && name.len() <= 3 && shouting(mask, m.start, m.end, raw) {
                continue; // `THIS IS WAR`: an all-caps line, not the acronym
            }
            if has_angle && in_angle_brackets(mask, m.start, m.end) {
                continue; // `<Da'esh>`: markup-like, and renamed it could turn into a tag
            }
            while prose.blocks.get(block).is_some_and(|b| b.end <= m.start) {
                block += 1;
            }
            let heading = prose.blocks.get(block).is_some_and(|b| {
                b.start <= m.start
                    && (b.kind == BlockKind::Heading
                        || (block == 0 && *first_title.get_or_insert_with(|| title_case_line(&mask[b.start..b.end], b.start, raw))))
            });
            // A name that overlaps a quotation at all, inside it or matched across one of its
            // marks (a name ending in `''`), is the speaker's; only a quotation that is nothing but
            // the name is the reporter's.
            while tops.get(top).is_some_and(|q| q.span.end <= m.start) {
                top += 1;
            }
            let in_block = prose.blocks.get(block).filter(|b| b.start <= m.start && m.end <= b.end);
            // Not every occurrence of a name is a mention of the entity: part of a longer fixed
            // name (`the Burma Road`, `the U.N. Security Council`), or a dateline's place.
            if !heading && e.kind != crate::glossary::Kind::Person && part_of_longer_name(mask, m.end, raw) {
                continue;
            }
            if in_block.is_some_and(|b| in_dateline(&mask[b.start..b.end], m.start - b.start, m.end - b.start)) {
                continue;
            }
            let quoted = tops.get(top).is_some_and(|q| {
                q.span.start < m.end
                    && !(q.span.content_start <= m.start
                        && m.end <= q.span.content_end
                        && in_block.is_some_and(|b| is_quoted_name(mask, b.start, q, m.start, m.end, &cfg.lexicon)))
            });
            // Quotation marks the pairing leaves alone (「…」, 『…』, ＂…＂, ″…″, 〝…〞) and dash
            // dialogue (`— ISIL will come back, — said the mayor`): speech, never edited.
            while other_quotes.get(other).is_some_and(|&(_, e)| e <= m.start) {
                other += 1;
            }
            let quoted = quoted
                || other_quotes.get(other).is_some_and(|&(s, _)| s < m.start)
                || in_block.is_some_and(|b| dialogue(&mask[b.start..b.end]));
            // A headline capitalises in its own style (`Department Of Homeland Security`).
            let case_variant = !heading && text != name && !same_but_first_letter(text, name) && !is_all_caps_rendering(text, name);
            mentions.push(Mention {
                start: m.start,
                end: m.end,
                entity: m.entity,
                name: name.clone(),
                case_variant,
                quoted,
                definition: false,
                introduces_abbreviation: false,
                bare_pair: false,
                heading,
            });
        }
        // Ambiguous names (IS, IG, WHO) count only beside another name of their entity.
        let mut firm = vec![false; glossary.entities.len()];
        for x in &mentions {
            if !glossary.entities[x.entity].needs_context(&x.name) {
                firm[x.entity] = true;
            }
        }
        mentions.retain(|m| firm[m.entity] || !glossary.entities[m.entity].needs_context(&m.name));
        mark_definitions(mask, &mut mentions);

        // Group by entity, in order of first mention.
        let mut uses: Vec<EntityUse> = Vec::new();
        // Entity → its place in `uses` (a long text names a hundred entities).
        let mut slot: Vec<Option<usize>> = vec![None; glossary.entities.len()];
        for (i, m) in mentions.iter().enumerate() {
            match slot[m.entity] {
                Some(u) => uses[u].mentions.push(i),
                None => {
                    slot[m.entity] = Some(uses.len());
                    uses.push(EntityUse {
                        entity: m.entity,
                        preferred: String::new(),
                        short: None,
                        source: "",
                        surname: None,
                        mentions: vec![i],
                        forms: Vec::new(),
                        full_fix: true,
                        house: false,
                        full_written: true,
                        shorts: Vec::new(),
                    })
                }
            }
        }
        for u in &mut uses {
            let e = &glossary.entities[u.entity];
            u.shorts = e.names().filter(|n| is_short_form(e, n)).map(str::to_string).collect();
            choose_preferred(u, e, &mentions, cfg);
            if e.kind == crate::glossary::Kind::Person && u.preferred.contains(' ') {
                u.surname = u.preferred.rsplit(' ').next().map(str::to_string);
            }
        }
        Names { mentions, uses }
    }

    /// The use record of the entity named at `offset`, with the mention.
    pub fn at(&self, offset: usize) -> Option<(&Mention, &EntityUse)> {
        let m = self.mentions.iter().find(|m| m.start <= offset && offset < m.end)?;
        let u = self.uses.iter().find(|u| u.entity == m.entity)?;
        Some((m, u))
    }
}

/// Is the name followed, after one space, by a capitalised word that is not a glossary name
/// (`the Burma Road`, `NATO Secretary General`, `Kiev Chicken`)? Then it is part of a longer
/// fixed name: a road, a dish, a title, an office. Glossary names after it are left out, since
/// fixes rename them and the answer must not change with a round of fixes.
fn part_of_longer_name(mask: &str, end: usize, names: &[RawMatch]) -> bool {
    let rest = &mask[end..];
    let Some(word) = rest.strip_prefix(' ') else { return false };
    let w = &word[..word.find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).unwrap_or(word.len())];
    let title_word = w.starts_with(char::is_uppercase) && w.chars().any(char::is_lowercase);
    let at = end + 1;
    let k = names.partition_point(|n| n.end <= at);
    title_word && names.get(k).is_none_or(|n| n.start > at)
}

/// Is `start..end` of a block in its dateline (`RANGOON, Burma - …`, `KIEV, Ukraine (AP) —`):
/// the place words in capitals, before the dash that opens the story, within its first 80 bytes,
/// with no word in lower case before the name?
fn in_dateline(block: &str, start: usize, end: usize) -> bool {
    // Asked of every name: only the first 80 bytes of a block are looked at.
    if end > 80 {
        return false;
    }
    let head = &block[..crate::document::floor_char_boundary(block, block.len().min(80))];
    let Some(dash) = [" - ", " — ", " – ", " -- "].iter().filter_map(|d| head.find(d)).min() else { return false };
    let first = block.split([',', ' ']).next().unwrap_or("");
    end <= dash
        && first.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !first.chars().any(char::is_lowercase)
        && !block[..start].split_whitespace().any(|w| w.starts_with(char::is_lowercase))
}

/// A story's first line in title case (`Clinton's Claim That Trump Is In ISIS Videos Isn't
/// True.`) is its headline, whatever its punctuation: six or more words of four letters or
/// more, nearly all capitalised.
fn title_case_line(block: &str, block_start: usize, names: &[RawMatch]) -> bool {
    let head = &block[..crate::document::floor_char_boundary(block, block.len().min(241))];
    let line = &head[..head.find('\n').unwrap_or(head.len())];
    if line.len() > 240 {
        return false;
    }
    // Glossary names are left out: fixes rename them, and the answer must not change with a
    // round of fixes.
    let in_name = |i: usize| {
        let k = names.partition_point(|n| n.end <= i);
        names.get(k).is_some_and(|n| n.start <= i)
    };
    let long: Vec<&str> = crate::quotes::lexicon::words(line)
        .filter(|&(i, w)| w.chars().filter(|c| c.is_alphabetic()).count() >= 4 && !in_name(block_start + i))
        .map(|(_, w)| w)
        .collect();
    let capital = long.iter().filter(|w| w.starts_with(char::is_uppercase)).count();
    long.len() >= 6 && capital * 10 >= long.len() * 9
}

/// The name of `e` that `text` spells, ignoring case and apostrophe style (in the order of
/// [`Entity::names`]).
fn canonical<'a>(e: &'a Entity, text: &str) -> Option<&'a Text> {
    let mut best = None;
    for n in std::iter::once(&e.preferred).chain(&e.abbreviation).chain(e.aliases.iter()) {
        if apostrophes_as_one(n).eq(apostrophes_as_one(text)) {
            return Some(n);
        }
        if e.is_case_sensitive(n) {
            continue;
        }
        if best.is_none() && same_up_to_case(n, text) {
            best = Some(n);
        }
    }
    best
}

/// The characters of a name with ’ read as ' (one mark in a name).
fn apostrophes_as_one(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().map(|c| if c == '’' { '\'' } else { c })
}

/// Equal once lower-cased, with ’ read as '.
fn same_up_to_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    let norm = |s: &str| s.replace('’', "'").to_lowercase();
    norm(a) == norm(b)
}

fn same_but_first_letter(text: &str, name: &str) -> bool {
    let (mut a, mut b) = (text.chars(), name.chars());
    match (a.next(), b.next()) {
        (Some(x), Some(y)) => x.to_lowercase().eq(y.to_lowercase()) && a.as_str().replace('’', "'") == b.as_str().replace('’', "'"),
        _ => false,
    }
}

fn is_all_caps_rendering(text: &str, name: &str) -> bool {
    text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase) && text.to_lowercase() == name.to_lowercase()
}

/// Is the word before or after this one also in capitals (an all-caps line)? The word runs from
/// the white space before it to the name, or stops at another glossary name: names are not
/// counted, since fixes rewrite them (`KIEV` → `Kyiv`, `ISIS` → `Islamic State (ISIS)`) and
/// the answer must be the same before and after a round of fixes.
fn shouting(mask: &str, start: usize, end: usize, names: &[RawMatch]) -> bool {
    let in_name = |i: usize| {
        let k = names.partition_point(|n| n.end <= i);
        names.get(k).is_some_and(|n| n.start <= i)
    };
    let caps = |chars: &mut dyn Iterator<Item = (usize, char)>| {
        let (mut letters, mut started) = (0, false);
        for (i, c) in chars {
            if c.is_whitespace() {
                if started {
                    break;
                }
                continue;
            }
            if in_name(i) {
                break;
            }
            started = true;
            if c.is_lowercase() {
                return false;
            }
            letters += usize::from(c.is_alphabetic());
        }
        letters >= 2
    };
    caps(&mut mask[..start].char_indices().rev()) || caps(&mut mask[end..].char_indices().map(|(i, c)| (end + i, c)))
}

/// Does the name stand inside something shaped like an HTML tag on its line (`<Da'esh>`,
/// `<x Kiev>`)? Not prose: and a rename (`<Islamic State>`) could make it a real tag that the
/// next analysis blanks.
fn in_angle_brackets(mask: &str, start: usize, end: usize) -> bool {
    let bytes = mask.as_bytes();
    let open = memchr::memrchr3(b'<', b'>', b'\n', &bytes[..start]).filter(|&i| bytes[i] == b'<');
    let opens_tag = open.is_some_and(|i| mask[i + 1..].starts_with(|c: char| c.is_alphabetic() || c == '/'));
    opens_tag && memchr::memchr3(b'<', b'>', b'\n', &bytes[end..]).is_some_and(|i| bytes[end + i] == b'>')
}

/// A quotation that holds nothing but this name (“Islamic state”, `the group, “Daesh,” as
/// its enemies call it`) is a quoted name, not someone's words: the name in it belongs to the
/// reporter. A quotation is speech, and its name is never rewritten, when it has terminal
/// punctuation of its own (`“Daesh!”`, `“ISIL.”`), follows a colon or a speech verb
/// (`The mayor said: “ISIL”`, `chanted “Daesh”`), or is followed by an attribution
/// (`“ISIL,” he said`, `“Daesh” the crowd chanted`).
fn is_quoted_name(
    mask: &str,
    block_start: usize,
    q: &crate::quotes::Quote,
    ms: usize,
    me: usize,
    lexicon: &crate::quotes::lexicon::Lexicon,
) -> bool {
    let (cs, ce) = (q.span.content_start, q.span.content_end);
    if q.kind != QuoteKind::Term || q.span.depth > 0 || !q.span.closed || cs > ms || me > ce {
        return false;
    }
    let content = mask[cs..ce].trim();
    // The name and at most the comma that American style sets inside the marks.
    let rest = content.strip_prefix(&mask[ms..me]).map(str::trim);
    if !matches!(rest, Some("" | ",")) {
        return false;
    }
    let from = crate::document::floor_char_boundary(mask, q.span.start.saturating_sub(80).max(block_start));
    let before = mask[from..q.span.start].trim_end();
    if before.ends_with(':') {
        return false;
    }
    // A speech verb right before the marks: `he said “ISIL”`, `chanted “Daesh”`.
    let tail_start = lexicon_tail(before, 4);
    let tail = &before[tail_start..];
    if lexicon.find(tail).is_some_and(|(_, e)| tail[e..].trim_matches(|c: char| c.is_whitespace() || c == ',').is_empty()) {
        return false;
    }
    // An attribution right after: `“ISIL,” he said`, `“Daesh” the crowd chanted`.
    // A few words after the marks, on their line: bounded, since this is asked of every name.
    let after = &mask[q.span.end..crate::document::floor_char_boundary(mask, (q.span.end + 200).min(mask.len()))];
    let after = &after[..after.find('\n').unwrap_or(after.len())];
    let lead = after.trim_start();
    let head = lead.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '—' | '–'));
    let head_end = crate::quotes::lexicon::words(head).nth(4).map_or(head.len(), |(i, _)| i);
    let head = &head[..head_end];
    // Without a comma, a cue a few words on still makes it speech (`“Daesh” the crowd
    // chanted`); a scare-quoted name followed by a speech verb is rare, and left alone.
    if lexicon.find(head).is_some_and(|(s, _)| crate::quotes::lexicon::words(&head[..s]).count() <= 3) {
        return false;
    }
    true
}

/// Where the last `n` words of `s` begin.
fn lexicon_tail(s: &str, n: usize) -> usize {
    let mut starts: Vec<usize> = crate::quotes::lexicon::words(s).map(|(i, _)| i).collect();
    let k = starts.len().saturating_sub(n);
    starts.drain(..k);
    starts.first().copied().unwrap_or(s.len())
}

/// Is this block dash dialogue: a paragraph that opens with a dash (`— ISIL will come back, —
/// said the mayor.`), the convention of Russian, French and Spanish copy for direct speech?
fn dialogue(block: &str) -> bool {
    let t = block.trim_start();
    t.starts_with(['—', '–', '―']) && t[3..].starts_with(|c: char| c.is_whitespace() || c.is_alphabetic())
}

/// The quotation marks the pairing does not read, in CJK and typewriter-style text: 「…」,
/// 『…』, 〝…〞 (or 〟), and the symmetric ＂…＂ and ″…″, paired within a block. Returns the
/// top-level spans, marks included, in text order.
fn other_quotations(prose: &Prose) -> Vec<(usize, usize)> {
    let mask = prose.mask.as_str();
    let is_mark = |c: char| matches!(c, '「' | '」' | '『' | '』' | '〝' | '〞' | '〟' | '＂' | '″');
    let mut out = Vec::new();
    // A quick test first (these marks are rare outside CJK copy): 「」『』〝〞〟 all start with the
    // byte 0xE3 in UTF-8; ＂ and ″ are looked for as they are.
    let bytes = mask.as_bytes();
    let maybe = memchr::memchr(0xE3, bytes).is_some()
        || memchr::memmem::find(bytes, "＂".as_bytes()).is_some()
        || memchr::memmem::find(bytes, "″".as_bytes()).is_some();
    if !maybe || !mask.contains(is_mark) {
        return out;
    }
    for b in &prose.blocks {
        // Open marks: (offset, the mark that closes it).
        let mut stack: Vec<(usize, char)> = Vec::new();
        for (i, c) in mask[b.start..b.end].char_indices().filter(|&(_, c)| is_mark(c)) {
            let at = b.start + i;
            let closes = stack.iter().rposition(|&(_, close)| close == c || (close == '〞' && c == '〟'));
            match closes {
                Some(k) => {
                    let (open, _) = stack[k];
                    stack.truncate(k);
                    if stack.is_empty() {
                        out.push((open, at + c.len_utf8()));
                    }
                }
                None => {
                    let close = match c {
                        '「' => '」',
                        '『' => '』',
                        '〝' => '〞',
                        '＂' => '＂',
                        '″' => '″',
                        _ => continue, // a closing mark never opened
                    };
                    stack.push((at, close));
                }
            }
        }
    }
    // Spans closed inside others come first in `out` only when nested, which the empty-stack
    // test excludes: these are top level and in order.
    out
}

/// What introduces another name of an entity (`ISIS, also known as Daesh`), in lower case.
const INTRO: &[&str] = &[
    "also known as",
    "formerly known as",
    "better known as",
    "known as",
    "also called",
    "formerly",
    "a.k.a.",
    "aka",
    "or",
    "also spelled",
    "also spelt",
    "previously",
    "also referred to as",
    "sometimes called",
    "known in arabic as",
    "now",
    "referred to as",
    "self-styled",
    "so-called",
    "known by the acronyms",
    "known by the acronym",
    "known by",
    "also spelled as",
];

/// Marks names that define each other (`Islamic State (ISIS)`, `ISIL (formerly ISIS)`,
/// `ISIS, also known as Daesh`) and names introduced by `also known as`.
fn mark_definitions<'a>(mask: &'a str, mentions: &mut [Mention]) {
    for i in 0..mentions.len() {
        let m = &mentions[i];
        let lookback_start = crate::document::floor_char_boundary(mask, m.start.saturating_sub(40));
        let before = &mask[lookback_start..m.start];
        let trim = |s: &'a str| {
            s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '“' | '”' | '"' | '«' | '»' | '(' | '[' | ',' | '‘' | '’'))
        };
        let clean = |s: &'a str| trim(s).to_lowercase();
        // Lower-casing ASCII text is comparing without regard to ASCII case: most text before a
        // name needs no lower-cased copy.
        let t = trim(before);
        let b = if t.is_ascii() { std::borrow::Cow::Borrowed(t) } else { std::borrow::Cow::Owned(t.to_lowercase()) };
        let ends_with = |p: &str| b.len() >= p.len() && b.as_bytes()[b.len() - p.len()..].eq_ignore_ascii_case(p.as_bytes());
        // Most names follow a word that ends no introduction: one comparison turns them away.
        let intro = may_end_intro(&b)
            && INTRO.iter().any(|p| *p != "or" && *p != "now" && ends_with(p) && !b[..b.len() - p.len()].ends_with(char::is_alphanumeric));
        if intro {
            mentions[i].definition = true;
        }
        if i == 0 {
            continue;
        }
        // `also known as ISIS, ISIL and Daesh`: the list goes on.
        {
            let (prev, cur) = (&mentions[i - 1], &mentions[i]);
            if prev.definition && prev.entity == cur.entity && prev.end <= cur.start {
                let gap = mask[prev.end..cur.start].trim().trim_matches(',').trim();
                if ["", "and", "or", ", and", ", or"].contains(&gap) {
                    mentions[i].definition = true;
                    continue;
                }
            }
        }
        let (prev, cur) = (&mentions[i - 1], &mentions[i]);
        if prev.entity != cur.entity || prev.end > cur.start {
            continue;
        }
        let gap = &mask[prev.end..cur.start];
        if gap.len() > 40 {
            continue;
        }
        let opens = gap.contains('(') || gap.contains('[') || gap.contains(',') || gap.contains('—') || gap.contains('–');
        let word = clean(gap);
        let after = mask[cur.end..].trim_start_matches(['”', '"', '’', '»']).chars().next();
        let closes = matches!(after, Some(')' | ']' | ',' | ';' | '—' | '–')) || after.is_none();
        if (word.is_empty() && opens && closes) || (INTRO.contains(&word.as_str()) && (opens || word != "now")) {
            mentions[i - 1].definition = true;
            mentions[i].definition = true;
            mentions[i].introduces_abbreviation = word.is_empty() && is_acronym(&mentions[i].name) && !is_acronym(&mentions[i - 1].name);
            mentions[i].bare_pair = word.is_empty();
        }
    }
}

/// Whether `text` ends, in any ASCII case, with the last word of a phrase that introduces a
/// name ([`INTRO`], but `or` and `now`, which introduce one only between
/// two names): a text that ends with a phrase ends with its last word. Picked by the last
/// letter, so that most texts are turned away by one comparison.
fn may_end_intro(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(&last) = bytes.last() else { return false };
    let words: &[&str] = match last.to_ascii_lowercase() {
        b's' => &["as", "acronyms"],
        b'd' => &["called", "spelled", "styled"],
        b'y' => &["formerly", "previously", "by"],
        b'.' => &["a.k.a."],
        b'a' => &["aka"],
        b't' => &["spelt"],
        b'm' => &["acronym"],
        _ => return false,
    };
    words.iter().any(|w| bytes.len() >= w.len() && bytes[bytes.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes()))
}

fn choose_preferred(u: &mut EntityUse, e: &Entity, mentions: &[Mention], cfg: &Config) {
    let house = cfg.prefer.iter().find(|(k, _)| **k == e.id || e.names().any(|n| n.eq_ignore_ascii_case(k))).map(|(_, v)| v.clone());
    if let Some(p) = house {
        // `Full (ABBR)` names both forms.
        if let Some((full, rest)) = p.split_once(" (") {
            if let Some(abbr) = rest.strip_suffix(')') {
                u.preferred = full.to_string();
                u.short = Some(abbr.to_string());
                u.source = "house style";
                u.house = true;
                return;
            }
        }
        let is_glossary_pair = p == e.preferred || Some(p.as_str()) == e.abbreviation.as_deref();
        if is_glossary_pair {
            u.preferred = e.preferred.to_string();
            u.short = e.abbreviation.as_deref().map(str::to_string);
        } else if is_acronym(&p) || is_short_form(e, &p) {
            // An acronym preferred by the house keeps the full name for first reference.
            u.preferred = e.preferred.to_string();
            u.short = Some(p);
        } else {
            u.preferred = p;
            u.short = None;
        }
        u.source = "house style";
        u.house = true;
        return;
    }
    if cfg.naming_mode == NamingMode::Story {
        story_form(u, e, mentions);
        return;
    }
    if cfg.naming_mode == NamingMode::FirstUse {
        if let Some(first) = u.mentions.iter().map(|&i| &mentions[i]).find(|m| !m.quoted) {
            let name = first.name.to_string();
            if name == e.preferred || Some(name.as_str()) == e.abbreviation.as_deref() {
                u.preferred = e.preferred.to_string();
                u.short = e.abbreviation.as_deref().map(str::to_string);
                // `Islamic State (ISIL)` at first use: the acronym it introduces is the story's.
                let next = u.mentions.iter().map(|&i| &mentions[i]).find(|m| m.start > first.start);
                if let Some(p) = next.filter(|p| name == e.preferred && first.definition && p.introduces_abbreviation) {
                    u.short = Some(p.name.to_string());
                }
            } else {
                // A definition pair at first use (`ISIL (Islamic State of Iraq and the Levant)`)
                // names both forms of the story.
                let pair = u
                    .mentions
                    .iter()
                    .map(|&i| &mentions[i])
                    .find(|m| m.definition && m.start > first.start && m.name != name && first.definition);
                match pair {
                    Some(p) if is_acronym(&p.name) != is_acronym(&name) => {
                        let (full, short) = if is_acronym(&name) { (p.name.to_string(), name) } else { (name, p.name.to_string()) };
                        u.preferred = full;
                        u.short = Some(short);
                    }
                    _ if is_acronym(&name) => {
                        u.preferred = e.preferred.to_string();
                        u.short = Some(name);
                    }
                    _ => {
                        u.preferred = name;
                        u.short = None;
                    }
                }
            }
            u.source = "its first use in this story";
            return;
        }
    }
    u.preferred = e.preferred.to_string();
    u.short = e.abbreviation.as_deref().map(str::to_string);
    u.source = "the glossary";
    u.house = true;
}

/// A short form of `e`: an acronym (`ISIS`, `U.N.`) or one of its acronyms written like a word
/// (`Opec`, `Nato`, `Isis`).
pub fn is_short_form(e: &Entity, name: &str) -> bool {
    if is_acronym(name) {
        return true;
    }
    if name.contains(' ') {
        return false;
    }
    let upper: String = name.chars().filter(|&c| c != '.').flat_map(char::to_uppercase).collect();
    e.names().any(|n| is_acronym(n) && n.chars().filter(|&c| c != '.').eq(upper.chars()))
}

/// The form a name is spelled in, for consistency: spelling variants of one short form are one
/// form (`Opec`, `OPEC`; `U.N.`, `UN`; `Isis`, `ISIS`), and so are the British and American
/// spellings of a full name (`Organisation`, `Organization`; `Defence`, `Defense`) and its case.
pub fn form_key(e: &Entity, name: &str) -> String {
    let undotted: String = name.chars().filter(|&c| c != '.').collect();
    let upper = undotted.to_uppercase();
    let acronym_like = !undotted.contains(' ') && (is_acronym(name) || e.names().any(|n| is_acronym(n) && n.replace('.', "") == upper));
    if acronym_like {
        return upper;
    }
    let lower = name.replace('’', "'").to_lowercase();
    lower
        .split(' ')
        .map(|w| match w {
            "organisation" => "organization",
            "organisations" => "organizations",
            "defence" => "defense",
            "centre" => "center",
            "labour" => "labor",
            "programme" => "program",
            "harbour" => "harbor",
            _ => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Do these names give the entity at full length and short: the glossary's pair (`Islamic
/// State`, `ISIS`); a short form whose letters are the initials of the full name's words, or
/// of a longer name of the entity that begins with it (`ISIL` of `Islamic State of Iraq and
/// the Levant`, hence of `Islamic State`); a person's surname (`Erdogan` of `Recep Tayyip
/// Erdogan`).
fn pair_of(e: &Entity, full: &str, short: &str) -> bool {
    if e.preferred == full && e.abbreviation.as_deref() == Some(short) {
        return true;
    }
    if e.kind == crate::glossary::Kind::Person {
        // `Assad` of `Bashar al-Assad`, `Gaddafi` of `Muammar al-Gaddafi`.
        let last = full.rsplit(' ').next().unwrap_or(full);
        return !short.contains(' ') && full.contains(' ') && (last == short || last.rsplit(['-', '‐']).next() == Some(short));
    }
    let letters: String = short.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_uppercase).collect();
    if letters.len() < 2 {
        return false;
    }
    let initials = |name: &str| {
        let words: Vec<&str> = name.split([' ', '-']).filter(|w| !w.is_empty()).collect();
        let all: String = words.iter().filter_map(|w| w.chars().next()).flat_map(char::to_uppercase).collect();
        let significant: String = words
            .iter()
            .filter(|w| !matches!(w.to_lowercase().as_str(), "of" | "and" | "the" | "for" | "in" | "on" | "al" | "de"))
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect();
        letters == all || letters == significant
    };
    let lower = full.to_lowercase();
    initials(full)
        || e.names()
            .any(|n| n.len() > full.len() && n.to_lowercase().starts_with(&lower) && n.as_bytes()[full.len()] == b' ' && initials(n))
}

/// A short form for pairing: an acronym or short form ([`is_short_form`]), or a person's one
/// name (a surname).
fn short_name(e: &Entity, name: &str) -> bool {
    is_short_form(e, name) || (e.kind == crate::glossary::Kind::Person && !name.contains(' '))
}

/// A form of a name in a story: its key ([`form_key`]), its uses, and the glossary names that
/// spell it with their uses, most used first.
type Form = (String, usize, Vec<(String, usize)>);

/// Consistency inside the story: the story's own form of the entity is the form (a full name
/// and its short form count as one) it uses most in the reporter's words, the first one on a
/// tie; every spelling of it is accepted. Nothing else is preferred: a story that names the
/// entity one way throughout has nothing to fix.
fn story_form(u: &mut EntityUse, e: &Entity, mentions: &[Mention]) {
    u.source = "this story's own form";
    let own: Vec<&Mention> = u.mentions.iter().map(|&i| &mentions[i]).filter(|m| !m.quoted).collect();
    if own.is_empty() {
        // Only quotations name it: the story has no form of its own to hold them to.
        u.preferred = e.preferred.to_string();
        u.short = e.abbreviation.as_deref().map(str::to_string);
        u.forms = e.names().map(str::to_string).collect();
        u.full_fix = false;
        return;
    }
    // The forms in order of first use, with their counts and the glossary names that spell them
    // (most used first).
    let mut forms: Vec<Form> = Vec::new();
    // The form of each of `own`, by index into `forms`.
    let mut own_form: Vec<usize> = Vec::with_capacity(own.len());
    for m in &own {
        let key = form_key(e, &m.name);
        let slot = match forms.iter().position(|f| f.0 == key) {
            Some(k) => k,
            None => {
                forms.push((key, 0, Vec::new()));
                forms.len() - 1
            }
        };
        own_form.push(slot);
        forms[slot].1 += 1;
        match forms[slot].2.iter_mut().find(|(n, _)| *n == *m.name) {
            Some(n) => n.1 += 1,
            None => forms[slot].2.push((m.name.to_string(), 1)),
        }
    }
    for f in &mut forms {
        f.2.sort_by_key(|n| std::cmp::Reverse(n.1));
    }
    let short = |f: &Form| short_name(e, &f.2[0].0);
    // Pairs the story defines (`Islamic State (ISIL)`): a definition's two names, gathered once.
    let mut pairs: Vec<(String, String)> = Vec::new();
    for w in own.windows(2).filter(|w| w[0].definition && w[1].definition) {
        let pair = (form_key(e, &w[0].name), form_key(e, &w[1].name));
        if !pairs.contains(&pair) {
            pairs.push(pair);
        }
    }
    let defined = |a: &str, b: &str| pairs.iter().any(|(x, y)| (x == a && y == b) || (x == b && y == a));
    let paired = |full: &Form, s: &Form| {
        !short(full)
            && short(s)
            && (defined(&full.0, &s.0) || full.2.iter().any(|(fname, _)| s.2.iter().any(|(sname, _)| pair_of(e, fname, sname))))
    };
    // Where each form is first used outside a definition (a name introduced by `also known as`
    // is not the story's form by that use alone).
    let mut first_plain = vec![usize::MAX; forms.len()];
    for (at, m) in own.iter().enumerate() {
        let k = own_form[at];
        if !m.definition && first_plain[k] == usize::MAX {
            first_plain[k] = at;
        }
    }
    let partner_of = |i: usize| {
        forms
            .iter()
            .enumerate()
            .filter(|(j, g)| *j != i && (paired(&forms[i], g) || paired(g, &forms[i])))
            .max_by_key(|(j, g)| (g.1, std::cmp::Reverse(first_plain[*j]), std::cmp::Reverse(*j)))
            .map(|(j, _)| j)
    };
    // A pair the story defines at its first reference (`Islamic State (ISIS)`) is its form.
    let first_body = own.iter().position(|m| !m.heading);
    let defined_first = first_body.and_then(|k| {
        let (a, b) = (own[k], own.get(k + 1)?);
        let (ka, kb) = (own_form[k], own_form[k + 1]);
        (a.definition && b.bare_pair && short(&forms[ka]) != short(&forms[kb])).then_some((ka, Some(kb)))
    });
    // Else each form with its best partner, scored by the uses of both; on a tie, the one used
    // first outside a definition.
    let (i, partner) = defined_first.unwrap_or_else(|| {
        // Classes that share a form are told apart by the other one (its uses, then its first
        // use), which a round of fixes does not change: fixes only add uses of the chosen forms.
        type Key = (usize, std::cmp::Reverse<usize>, usize, std::cmp::Reverse<usize>);
        let mut best: Option<(usize, Option<usize>, Key)> = None;
        for i in 0..forms.len() {
            let partner = partner_of(i);
            let score = forms[i].1 + partner.map_or(0, |j| forms[j].1);
            let first = first_plain[i].min(partner.map_or(usize::MAX, |j| first_plain[j]));
            let s = if short(&forms[i]) { Some(i) } else { partner };
            let key =
                (score, std::cmp::Reverse(first), s.map_or(0, |k| forms[k].1), std::cmp::Reverse(s.map_or(usize::MAX, |k| first_plain[k])));
            if best.as_ref().is_none_or(|(_, _, b)| key > *b) {
                best = Some((i, partner, key));
            }
        }
        let (i, p, _) = best.expect("one form at least");
        (i, p)
    });
    let (full, short_form) = match partner {
        Some(j) if short(&forms[i]) => (Some(j), Some(i)),
        Some(j) => (Some(i), Some(j)),
        None if short(&forms[i]) => (None, Some(i)),
        None => (Some(i), None),
    };
    u.short = short_form.map(|k| forms[k].2[0].0.clone());
    u.full_written = full.is_some();
    match full {
        Some(k) => u.preferred = forms[k].2[0].0.clone(),
        None => {
            // The story writes only the short form: a full name the fix may write is one that
            // pairs with it (`Islamic State` for `ISIS`), which undefined-acronym's spell-out
            // writes too.
            let s = u.short.clone().unwrap_or_default();
            let full_name = std::iter::once(&*e.preferred).chain(e.names()).find(|n| !short_name(e, n) && pair_of(e, n, &s));
            u.full_fix = full_name.is_some();
            u.preferred = full_name.unwrap_or(&e.preferred).to_string();
        }
    }
    u.forms = [full, short_form].into_iter().flatten().flat_map(|k| forms[k].2.iter().map(|(n, _)| n.clone())).collect();
    // Every other spelling of the story's forms in the glossary (a quotation's `OPEC` where the
    // story writes `Opec`) is the same form; so is, when the story writes only one of them, the
    // other half of a pair (`ISIS` in a story that says `Islamic State`).
    let keys: Vec<String> = [full, short_form].into_iter().flatten().map(|k| forms[k].0.clone()).collect();
    let full_names: Vec<String> = full.map(|k| forms[k].2.iter().map(|(n, _)| n.clone()).collect()).unwrap_or_default();
    let short_names: Vec<String> = short_form.map(|k| forms[k].2.iter().map(|(n, _)| n.clone()).collect()).unwrap_or_default();
    for n in e.names() {
        let half = match (full, short_form) {
            (Some(_), None) => short_name(e, n) && full_names.iter().any(|f| pair_of(e, f, n)),
            (None, Some(_)) => !short_name(e, n) && short_names.iter().any(|s| pair_of(e, n, s)),
            _ => false,
        };
        if (half || keys.contains(&form_key(e, n))) && !u.forms.iter().any(|f| f == n) {
            u.forms.push(n.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `may_end_intro` turns away only texts that end with no introducing phrase: every phrase
    /// (in any case) passes it, and so does any text that ends with one.
    #[test]
    fn the_quick_intro_check_passes_every_phrase() {
        for p in INTRO.iter().filter(|p| !matches!(**p, "or" | "now")) {
            for text in [p.to_string(), p.to_uppercase(), format!("Fighters, {p}"), format!("(“{}", p.to_uppercase())] {
                assert!(may_end_intro(&text), "{text:?}");
            }
        }
        for text in ["", "the", "said", "fighters of the", "called on", "now", "or", "as well", "bias"] {
            assert_eq!(may_end_intro(text), text == "bias", "{text:?}");
        }
    }
}
