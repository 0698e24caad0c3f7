//! The glossary: entities and all the names they go by. The built-in glossary is data
//! (`default.toml`, compiled in); a project extends or overrides it with files of the same
//! shape (see README, "Glossary").

mod matcher;

pub use crate::text::RawMatch;
pub use matcher::{is_acronym, Matcher};

use crate::error::ConfigError;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

const DEFAULT_TOML: &str = include_str!("default.toml");
/// `default.toml`'s entities, written as Rust by the build script: the program borrows every
/// text and list from them.
static BUILTIN_ENTITIES: &[Entity] = &include!(concat!(env!("OUT_DIR"), "/glossary_entities.rs"));

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Organization,
    Person,
    Place,
    Other,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Organization, Kind::Person, Kind::Place, Kind::Other];

    /// The kind [`as_str`](Self::as_str) names.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Organization => "organization",
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Other => "other",
        }
    }
}

/// A glossary's text: borrowed from the program for the built-in glossary (written as Rust by
/// the build script), owned for a project's.
pub type Text = Cow<'static, str>;

/// A glossary's list of texts: borrowed from the program for the built-in glossary, owned once
/// a project's glossary changes it.
pub type List = Cow<'static, [Text]>;

/// One entity and its names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub id: Text,
    pub preferred: Text,
    pub abbreviation: Option<Text>,
    pub aliases: List,
    pub kind: Kind,
    pub description: Text,
    pub first_reference: Option<Text>,
    pub notes: List,
    pub case_sensitive: List,
    pub context_required: List,
    /// Whether the abbreviation must be spelled out at first reference (false for
    /// abbreviations every reader knows, such as NATO or FBI).
    pub spell_out: bool,
    /// For a renamed place: the year its preferred name replaced the old ones (its aliases), so
    /// that house style can say "renamed in 2018" instead of calling the old name wrong.
    pub renamed: Option<u16>,
}

impl Entity {
    /// Every name of the entity: preferred, abbreviation, aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        matcher::entity_names(&self.preferred, self.abbreviation.as_deref(), &self.aliases)
    }

    /// Matched only with exactly this case: listed as case-sensitive, or an all-caps acronym.
    pub fn is_case_sensitive(&self, name: &str) -> bool {
        matcher::is_case_sensitive(&self.case_sensitive, name)
    }

    pub fn needs_context(&self, name: &str) -> bool {
        self.context_required.iter().any(|n| n == name)
    }

    /// The form to use at first reference: `first_reference`, or `Preferred (ABBR)`.
    pub fn first_reference_form(&self) -> String {
        match (&self.first_reference, &self.abbreviation) {
            (Some(f), _) => f.to_string(),
            (None, Some(a)) => format!("{} ({})", self.preferred, a),
            (None, None) => self.preferred.to_string(),
        }
    }
}

/// An entity as written in a glossary file: every field but `id` is optional so that a
/// project file can extend a built-in entity (`id = "islamic-state"`, `aliases = [...]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityPatch {
    pub id: String,
    pub preferred: Option<String>,
    pub abbreviation: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: Option<Kind>,
    pub description: Option<String>,
    pub first_reference: Option<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub case_sensitive: Vec<String>,
    #[serde(default)]
    pub context_required: Vec<String>,
    pub spell_out: Option<bool>,
    /// The year a place took its preferred name.
    pub renamed: Option<u16>,
    /// Replace the built-in entity of this id instead of extending it.
    #[serde(default)]
    pub replace: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    entity: Vec<EntityPatch>,
}

/// A set of entities, with the matcher for all their names built on first use.
#[derive(Debug, Default)]
pub struct Glossary {
    /// Borrowed from the program for the built-in glossary; copied once a project's glossary
    /// extends it.
    pub entities: Cow<'static, [Entity]>,
    matcher: OnceLock<Matcher>,
    /// The entities are the built-in glossary's as loaded, so the matcher is the one built
    /// once per process for them. (`apply` clears it; nothing else in the program changes
    /// `entities` in place.)
    builtin: bool,
}

impl Clone for Glossary {
    fn clone(&self) -> Self {
        Glossary { entities: self.entities.clone(), matcher: OnceLock::new(), builtin: self.builtin }
    }
}

impl Glossary {
    /// The built-in glossary, parsed once.
    pub fn builtin() -> Arc<Glossary> {
        static BUILTIN: OnceLock<Arc<Glossary>> = OnceLock::new();
        BUILTIN.get_or_init(|| Arc::new(Glossary::load_builtin())).clone()
    }

    /// The built-in glossary loaded afresh (what [`builtin`](Self::builtin) does once per
    /// process; the start-up benchmark times it).
    #[doc(hidden)]
    pub fn load_builtin() -> Glossary {
        // The entities the build script wrote as Rust from `default.toml`, borrowed as they
        // are: loading copies, parses and allocates nothing. The checks a project glossary
        // passes at every load are the built-in one's at test time
        // (`builtin_glossary_passes_the_project_checks`), and the array is held to the TOML
        // loaded as a project glossary (`the_prepared_array_is_the_toml`).
        Glossary { entities: Cow::Borrowed(BUILTIN_ENTITIES), matcher: OnceLock::new(), builtin: true }
    }

    /// The built-in glossary loaded from its TOML as a project glossary would be: what the
    /// prepared array must hold.
    #[cfg(test)]
    fn load_builtin_toml() -> Glossary {
        let mut g = Glossary::default();
        g.apply(parse_patches(DEFAULT_TOML, "default.toml").unwrap(), "default.toml", DEFAULT_TOML, false).unwrap();
        g
    }

    /// The text of the built-in glossary file.
    pub fn builtin_source() -> &'static str {
        DEFAULT_TOML
    }

    /// A copy of this glossary extended by the entities of a glossary file's text.
    pub fn extended(&self, text: &str, file: &str) -> Result<Glossary, ConfigError> {
        let patches = parse_patches(text, file)?;
        let mut g = self.clone();
        g.apply(patches, file, text, true)?;
        Ok(g)
    }

    fn apply(&mut self, patches: Vec<EntityPatch>, file: &str, text: &str, check: bool) -> Result<(), ConfigError> {
        // The entities this file defines or extends (looked up by id in a map: a glossary of
        // tens of thousands of entities loads in linear time).
        let mut touched: Vec<usize> = Vec::new();
        let mut seen: rustc_hash::FxHashSet<usize> = rustc_hash::FxHashSet::default();
        let mut index: rustc_hash::FxHashMap<String, usize> =
            self.entities.iter().enumerate().map(|(i, e)| (e.id.to_string(), i)).collect();
        self.entities.to_mut().reserve(patches.len());
        index.reserve(patches.len());
        for p in patches {
            let err = |msg: String| ConfigError { file: Some(file.to_string()), line: None, column: None, message: msg };
            if p.id.trim().is_empty() {
                return Err(err("an entity has an empty id".into()));
            }
            let found = index.get(&p.id).copied();
            let at = found.unwrap_or(self.entities.len());
            if seen.insert(at) {
                touched.push(at);
            }
            if found.is_none() {
                index.insert(p.id.clone(), at);
            }
            match found.map(|i| &mut self.entities.to_mut()[i]) {
                Some(e) if !p.replace => {
                    if let Some(v) = p.preferred {
                        e.preferred = v.into();
                    }
                    if let Some(a) = p.abbreviation {
                        e.abbreviation = Some(a.into());
                    }
                    for a in p.aliases {
                        if !e.names().any(|n| n == a) {
                            e.aliases.to_mut().push(a.into());
                        }
                    }
                    if let Some(k) = p.kind {
                        e.kind = k;
                    }
                    if let Some(d) = p.description {
                        e.description = d.into();
                    }
                    if let Some(f) = p.first_reference {
                        e.first_reference = Some(f.into());
                    }
                    e.notes.to_mut().extend(p.notes.into_iter().map(Text::from));
                    e.case_sensitive.to_mut().extend(p.case_sensitive.into_iter().map(Text::from));
                    e.context_required.to_mut().extend(p.context_required.into_iter().map(Text::from));
                    if let Some(s) = p.spell_out {
                        e.spell_out = s;
                    }
                    if let Some(y) = p.renamed {
                        e.renamed = Some(y);
                    }
                    let (pref, abbr) = (e.preferred.clone(), e.abbreviation.clone());
                    e.aliases.to_mut().retain(|a| *a != pref && Some(a) != abbr.as_ref());
                }
                existing => {
                    let Some(preferred) = p.preferred else {
                        return Err(err(format!("entity `{}` has no `preferred` name", p.id)));
                    };
                    let e = Entity {
                        id: p.id.clone().into(),
                        preferred: preferred.into(),
                        abbreviation: p.abbreviation.map(Text::from),
                        aliases: texts(p.aliases),
                        kind: p.kind.unwrap_or(Kind::Other),
                        description: p.description.unwrap_or_default().into(),
                        first_reference: p.first_reference.map(Text::from),
                        notes: texts(p.notes),
                        case_sensitive: texts(p.case_sensitive),
                        context_required: texts(p.context_required),
                        spell_out: p.spell_out.unwrap_or(true),
                        renamed: p.renamed,
                    };
                    match existing {
                        Some(slot) => *slot = e,
                        None => self.entities.to_mut().push(e),
                    }
                }
            }
        }
        if check {
            self.check_names(&touched, file, text)?;
            self.one_name_one_entity(&touched, file, text)?;
        }
        self.matcher = OnceLock::new();
        self.builtin = false;
        Ok(())
    }

    /// The names of the entities a file defines or extends are plain words a story can hold:
    /// no quotation mark at their edges, no Markdown or HTML syntax, no two of one entity that
    /// differ only in their final punctuation. Fixes write these names into stories, and the
    /// next analysis must read back what they wrote (or fix-all would go on changing the text).
    fn check_names(&self, touched: &[usize], file: &str, text: &str) -> Result<(), ConfigError> {
        for &i in touched {
            let e = &self.entities[i];
            // A name that begins or ends with a quotation mark would take a story's mark for part
            // of the name, or a rename to it would add a mark to the story. An apostrophe
            // against a letter is part of the name: `'Ndrangheta`, `Workers'`.
            if let Some(n) = e.names().find(|n| quote_at_edge(n)) {
                let message = format!("`{}` (entity `{}`) begins or ends with a quotation mark: leave the mark out of the name", n, e.id);
                return Err(error_at(file, text, locate(text, &e.id, n), message));
            }
            // Markup in a name is read as markup, not as the name, and a fix that writes it
            // into a story changes the markup around it.
            if let Some((n, what)) = e.names().find_map(|n| not_plain(n).map(|m| (n, m))) {
                let message = format!(
                    "`{}` (entity `{}`) is not plain text ({}): a glossary name is plain text, with no Markdown or HTML syntax",
                    n, e.id, what
                );
                return Err(error_at(file, text, locate(text, &e.id, n), message));
            }
            // `FC.` beside `FC`: renamed in `FC..`, the sentence's full stop would make `FC.` again.
            let mut stems: Vec<(String, &str)> = Vec::new();
            for n in e.names() {
                let stem = n.trim().trim_end_matches(['.', '+', '!']).to_lowercase();
                match stems.iter().find(|(s, m)| *s == stem && m.to_lowercase() != n.to_lowercase()) {
                    Some((_, m)) => {
                        let message = format!(
                            "`{}` and `{}` (entity `{}`) differ only in the punctuation that ends them: the punctuation after a name in a story would be read as part of it; keep one of them",
                            m, n, e.id
                        );
                        return Err(error_at(file, text, locate(text, &e.id, n), message));
                    }
                    None => stems.push((stem, n)),
                }
            }
        }
        Ok(())
    }

    /// One name, one entity. A name of an entity this file defines or extends moves to it from
    /// an entity of an earlier file that has it as an alias. Any other clash is an error: two
    /// entities of this file with one name, or a name that is another entity's preferred name or
    /// abbreviation (a story is fixed to those, so the name would stand for two entities, and a
    /// spell-out of one would read as the other: fix-all would never end).
    fn one_name_one_entity(&mut self, touched: &[usize], file: &str, text: &str) -> Result<(), ConfigError> {
        let error = |at: usize, message: String| error_at(file, text, Some(at), message);
        let mut owners: rustc_hash::FxHashMap<String, Vec<usize>> = rustc_hash::FxHashMap::default();
        for (i, e) in self.entities.iter().enumerate() {
            for n in e.names() {
                let key = n.to_lowercase();
                if key.trim().is_empty() {
                    continue;
                }
                let v = owners.entry(key).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        let mut clashes: Vec<(String, Vec<usize>)> = owners.into_iter().filter(|(_, v)| v.len() > 1).collect();
        clashes.sort();
        for (key, owners) in clashes {
            let (mine, others): (Vec<usize>, Vec<usize>) = owners.into_iter().partition(|i| touched.contains(i));
            let name_of = |i: usize| self.entities[i].names().find(|n| n.to_lowercase() == key).unwrap_or_default().to_string();
            // Where this file names it: after the `id` of its entity that comes last in the file.
            let place = |ids: &[usize]| ids.iter().filter_map(|&i| locate(text, &self.entities[i].id, &name_of(i))).max().unwrap_or(0);
            if mine.len() > 1 {
                let ids: Vec<String> = mine.iter().map(|&i| format!("`{}`", self.entities[i].id)).collect();
                return Err(error(
                    place(&mine),
                    format!("`{}` names {} entities, {}: one name, one entity", name_of(mine[0]), mine.len(), ids.join(" and ")),
                ));
            }
            if mine.is_empty() {
                // Two entities of earlier files: the later one keeps the name, as before.
                let keep = *others.iter().max().unwrap();
                for &i in &others {
                    if i != keep {
                        self.entities.to_mut()[i].aliases.to_mut().retain(|a| a.to_lowercase() != key);
                    }
                }
                continue;
            }
            for &i in &others {
                let e = &self.entities[i];
                let what = if e.preferred.to_lowercase() == key {
                    "preferred name"
                } else if e.abbreviation.as_ref().is_some_and(|a| a.to_lowercase() == key) {
                    "abbreviation"
                } else {
                    continue;
                };
                return Err(error(
                    place(&mine),
                    format!(
                        "`{}` is already the {} of entity `{}`: one name, one entity (extend that entity with `id = \"{}\"`, or leave the name out)",
                        name_of(mine[0]),
                        what,
                        e.id,
                        e.id
                    ),
                ));
            }
            // Aliases of earlier files' entities: the name moves to this file's entity.
            for &i in &others {
                self.entities.to_mut()[i].aliases.to_mut().retain(|a| a.to_lowercase() != key);
            }
        }
        Ok(())
    }

    pub fn matcher(&self) -> &Matcher {
        self.matcher.get_or_init(|| if self.builtin { Matcher::builtin() } else { Matcher::new(&self.entities) })
    }

    /// The entity with this id or this name (any case).
    pub fn lookup(&self, name: &str) -> Option<(usize, &Entity)> {
        let lower = name.trim().to_lowercase();
        self.entities.iter().enumerate().find(|(_, e)| e.id == lower || e.names().any(|n| n.to_lowercase() == lower))
    }
}

impl Glossary {
    /// This glossary with the house's preferred forms (`[naming.prefer]` of `copydesk.toml`,
    /// named `file`, whose text is `text`) checked as glossary names are, and each form that is
    /// not yet a name of its entity added to it as an alias, so that a story that uses it holds
    /// one name, not a name inside a longer one (`Islamic State group`). A fix writes these forms
    /// into stories: a form with markup or quotation marks, final punctuation (`ISIL.`), another
    /// entity's name (`Kyiv` for Islamic State) or a name twice (`Daesh Daesh`) would change on
    /// every round of `--fix`, and is refused with the file and line.
    pub(crate) fn with_preferred_forms(
        self: &Arc<Glossary>,
        prefer: &std::collections::BTreeMap<String, String>,
        file: &str,
        text: &str,
    ) -> Result<Arc<Glossary>, ConfigError> {
        let mut g = self.clone();
        for (key, value) in prefer {
            let at = prefer_position(text, key, value);
            let err = |message: String| error_at(file, text, at, format!("[naming.prefer] `{key}`: {message}"));
            let Some((i, e)) = g.lookup(key) else {
                return Err(err(format!("no glossary entity is called `{key}`")));
            };
            if value.trim().is_empty() {
                return Err(err(format!("empty preferred name for `{}`", e.id)));
            }
            // `Full (ABBR)` names both forms.
            let parts: Vec<&str> = match value.strip_suffix(')').and_then(|v| v.split_once(" (")) {
                Some((full, abbr)) if !full.contains('(') && !abbr.contains(['(', ')']) => vec![full, abbr],
                _ => vec![value.as_str()],
            };
            for p in &parts {
                if p.trim() != *p || p.is_empty() {
                    return Err(err(format!("`{value}` has white space at the edge of a name")));
                }
                if quote_at_edge(p) {
                    return Err(err(format!("`{p}` begins or ends with a quotation mark: leave the mark out of the name")));
                }
                if let Some(what) = not_plain(p) {
                    return Err(err(format!(
                        "`{p}` is not plain text ({what}): a preferred name is plain text, with no Markdown or HTML syntax"
                    )));
                }
                let found = g.matcher().find(p);
                if let Some(m) = found.iter().find(|m| m.entity != i) {
                    return Err(err(format!(
                        "`{p}` holds `{}`, a name of entity `{}`: one name, one entity",
                        &p[m.start..m.end],
                        g.entities[m.entity].id
                    )));
                }
                if found.len() > 1 {
                    return Err(err(format!(
                        "`{p}` holds {} names of `{}`: every fix would write it again inside itself",
                        found.len(),
                        e.id
                    )));
                }
            }
            let new: Vec<String> = parts.iter().filter(|p| !e.names().any(|n| n == **p)).map(|p| p.to_string()).collect();
            if new.is_empty() {
                continue;
            }
            let patch = EntityPatch {
                id: e.id.to_string(),
                preferred: None,
                abbreviation: None,
                aliases: new,
                kind: None,
                description: None,
                first_reference: None,
                notes: Vec::new(),
                case_sensitive: Vec::new(),
                context_required: Vec::new(),
                spell_out: None,
                renamed: None,
                replace: false,
            };
            let mut next = (*g).clone();
            next.apply(vec![patch], file, text, true).map_err(|e| err(e.message))?;
            g = Arc::new(next);
        }
        // Each form, read back on its own, is one name of its entity (or, `Full (ABBR)`, a
        // definition of it): what a fix writes, the next analysis accepts.
        let cfg = crate::config::Config { glossary: g.clone(), ..crate::config::Config::default() };
        for (key, value) in prefer {
            let Some((i, e)) = g.lookup(key) else { continue };
            let a = crate::analysis::analyze(value, crate::prose::Markup::Plain, &cfg);
            let ms = &a.names.mentions;
            let one = ms.len() == 1 && ms[0].start == 0 && ms[0].end == value.len();
            let pair = ms.len() == 2 && ms.iter().all(|m| m.definition);
            let ok = (one || pair) && a.prose.mask == *value && ms.iter().all(|m| m.entity == i && !m.quoted && !m.case_variant);
            if !ok {
                let message = format!("[naming.prefer] `{key}`: `{value}` does not read back as a name of `{}`", e.id);
                return Err(error_at(file, text, prefer_position(text, key, value), message));
            }
        }
        Ok(g)
    }
}

const PRESETS_TOML: &str = include_str!("presets.toml");

/// The house-style presets (`src/glossary/presets.toml`): name → entity id → preferred form.
pub fn presets() -> std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> {
    toml::from_str(PRESETS_TOML).expect("presets.toml is checked by the tests")
}

/// The [naming.prefer] entries of `preset` under the file's own `prefer` (an entry of the file
/// wins over the preset's for the same entity); an unknown preset is an error at its line.
pub(crate) fn with_preset(
    glossary: &Glossary,
    preset: Option<&str>,
    prefer: &std::collections::BTreeMap<String, String>,
    file: &str,
    text: &str,
) -> Result<std::collections::BTreeMap<String, String>, ConfigError> {
    let Some(name) = preset else { return Ok(prefer.clone()) };
    let all = presets();
    let Some(chosen) = all.get(name) else {
        let at = text.find("preset");
        let known: Vec<&str> = all.keys().map(String::as_str).collect();
        return Err(error_at(file, text, at, format!("[naming] unknown preset `{name}` (presets: {})", known.join(", "))));
    };
    let entity_of = |k: &str| glossary.lookup(k).map(|(i, _)| i);
    let mut out: std::collections::BTreeMap<String, String> = chosen
        .iter()
        .filter(|(k, _)| !prefer.keys().any(|own| entity_of(own).is_some() && entity_of(own) == entity_of(k)))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    out.extend(prefer.iter().map(|(k, v)| (k.clone(), v.clone())));
    Ok(out)
}

/// Where `key = "value"` stands in the text of `copydesk.toml`: the value after the key, after
/// the `[naming.prefer]` header when there is one.
fn prefer_position(text: &str, key: &str, value: &str) -> Option<usize> {
    let from = text.find("[naming.prefer]").unwrap_or(0);
    let k = text[from..].find(key).map(|i| from + i)?;
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    Some(text[k..].find(&escaped).map_or(k, |i| k + i))
}

/// An error in glossary file `file` at byte `at` of its text (its start when unknown).
fn error_at(file: &str, text: &str, at: Option<usize>, message: String) -> ConfigError {
    let idx = crate::document::LineIndex::new(text);
    let (l, c) = idx.position(text, at.unwrap_or(0));
    ConfigError { file: Some(file.to_string()), line: Some(l + 1), column: Some(c + 1), message }
}

/// What in `name` is not plain text, if anything: a code, emphasis or HTML delimiter, a
/// bracket, a backslash, a table bar, a character reference (`&amp;`), a URL or e-mail address
/// (blanked in the prose), a line break; or the want of any letter or digit.
fn not_plain(name: &str) -> Option<String> {
    if !name.chars().any(char::is_alphanumeric) {
        return Some("no letter or digit".into());
    }
    // It starts with a letter or digit (`#MeToo`, `@handle`, `'Ndrangheta` aside) and ends with
    // one, a full stop (`U.N.`), a plus (`OPEC+`), an exclamation mark, or the parenthesis that
    // closes one it opened: a name does not take in the punctuation around it.
    let trimmed = name.trim();
    let first = trimmed.chars().next().unwrap_or(' ');
    let last = trimmed.chars().next_back().unwrap_or(' ');
    let apostrophe = |c: char| matches!(c, '\'' | '’' | '‘');
    let tag = matches!(first, '#' | '@') && trimmed.chars().nth(1).is_some_and(char::is_alphanumeric);
    if !(first.is_alphanumeric() || tag || apostrophe(first)) {
        return Some(format!("it begins with {first:?}"));
    }
    let closes = last == ')' && trimmed.matches('(').count() == trimmed.matches(')').count();
    if !(last.is_alphanumeric() || matches!(last, '.' | '+' | '!') || apostrophe(last) || closes) {
        return Some(format!("it ends with {last:?}"));
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '`' | '*' | '_' | '~' | '<' | '>' | '[' | ']' | '\\' | '|') || c.is_control()) {
        return Some(format!("{c:?}"));
    }
    if crate::prose::has_url(name) {
        return Some("a URL or e-mail address".into());
    }
    let reference = name.match_indices('&').find_map(|(i, _)| {
        let rest = &name[i + 1..];
        let len = rest.find(';')?;
        (len > 0 && rest[..len].chars().all(|c| c.is_ascii_alphanumeric() || c == '#')).then(|| name[i..i + len + 2].to_string())
    });
    reference.map(|r| format!("`{r}`"))
}

/// Does `name` begin or end with a quotation mark (not an apostrophe against one of its letters)?
fn quote_at_edge(name: &str) -> bool {
    let name = name.trim();
    let double = |c: char| matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‹' | '›' | '‚' | '「' | '」');
    let single = |c: char| matches!(c, '\'' | '’' | '‘');
    let mut chars = name.chars();
    let (first, second) = (chars.next(), chars.next());
    let mut back = name.chars().rev();
    let (last, before_last) = (back.next(), back.next());
    first.is_some_and(double)
        || last.is_some_and(double)
        || (first.is_some_and(single) && !second.is_some_and(char::is_alphanumeric))
        || (last.is_some_and(single) && !before_last.is_some_and(char::is_alphanumeric))
}

/// Byte offset of `name`, quoted as a TOML string, after the quoted `id` of its entity.
fn locate(text: &str, id: &str, name: &str) -> Option<usize> {
    let quoted = |s: &str| [format!("\"{s}\""), format!("'{s}'")];
    let from = quoted(id).iter().filter_map(|q| text.find(q.as_str())).min()?;
    quoted(name).iter().filter_map(|q| text[from..].find(q.as_str()).map(|i| from + i)).min().or(Some(from))
}

fn texts(v: Vec<String>) -> List {
    v.into_iter().map(Text::from).collect()
}

fn parse_patches(text: &str, file: &str) -> Result<Vec<EntityPatch>, ConfigError> {
    let parsed: GlossaryFile = toml::from_str(text).map_err(|e| ConfigError::from_toml(&e, text, file))?;
    Ok(parsed.entity)
}

/// Renders an entity card in Markdown (hover, `copydesk glossary`).
pub fn card(e: &Entity, preferred_here: Option<&str>) -> String {
    let mut s = String::new();
    let title = match &e.abbreviation {
        Some(a) => format!("{} ({})", e.preferred, a),
        None => e.preferred.to_string(),
    };
    s.push_str(&format!("### {}\n\n", title));
    s.push_str(&format!("*{}*", e.kind.as_str()));
    if !e.description.is_empty() {
        s.push_str(&format!(" — {}", e.description));
    }
    s.push_str("\n\n");
    if let Some(p) = preferred_here {
        s.push_str(&format!("**Use in this story:** {}\n\n", p));
    }
    s.push_str(&format!("**First reference:** {}\n\n", e.first_reference_form()));
    if !e.aliases.is_empty() {
        s.push_str(&format!("**Other names:** {}\n\n", e.aliases.join(", ")));
    }
    if !e.notes.is_empty() {
        s.push_str("**Notes:**\n");
        for n in e.notes.iter() {
            s.push_str(&format!("- {}\n", n));
        }
        s.push('\n');
    }
    s.trim_end().to_string() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prepared_array_is_the_toml() {
        let prepared = Glossary::load_builtin();
        let toml = Glossary::load_builtin_toml();
        assert_eq!(prepared.entities.len(), toml.entities.len());
        for (p, t) in prepared.entities.iter().zip(toml.entities.iter()) {
            assert_eq!(p, t);
        }
        // Borrowed, not copied.
        assert!(matches!(prepared.entities, Cow::Borrowed(_)));
        assert!(prepared.entities.iter().all(|e| matches!(e.preferred, Text::Borrowed(_)) && matches!(e.aliases, List::Borrowed(_))));
        // Texts with characters the Rust source escapes: typographic quotes or dashes, and
        // straight double quotes, backslashes or line breaks if the file has any.
        assert!(prepared.entities.iter().flat_map(|e| e.notes.iter()).any(|n| !n.is_ascii()));
        // Some fields that take their default somewhere in the file.
        assert!(prepared.entities.iter().any(|e| !e.spell_out) && prepared.entities.iter().any(|e| e.spell_out));
        assert!(prepared.entities.iter().any(|e| e.first_reference.is_some()));
        assert!(prepared.entities.iter().any(|e| !e.context_required.is_empty()));
    }
}
