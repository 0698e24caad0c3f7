//! The glossary: entities and all the names they go by. The built-in glossary is data
//! (`default.toml`, compiled in); a project extends or overrides it with files of the same
//! shape (see README, "Glossary").

mod matcher;

pub use matcher::{Matcher, RawMatch};

use crate::config::ConfigError;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

const DEFAULT_TOML: &str = include_str!("default.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Organization,
    Person,
    Place,
    Other,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Organization => "organization",
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Other => "other",
        }
    }
}

/// One entity and its names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub id: String,
    pub preferred: String,
    pub abbreviation: Option<String>,
    pub aliases: Vec<String>,
    pub kind: Kind,
    pub description: String,
    pub first_reference: Option<String>,
    pub notes: Vec<String>,
    pub case_sensitive: Vec<String>,
    pub context_required: Vec<String>,
    /// Whether the abbreviation must be spelled out at first reference (false for
    /// abbreviations every reader knows, such as NATO or FBI).
    pub spell_out: bool,
}

impl Entity {
    /// Every name of the entity: preferred, abbreviation, aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.preferred.as_str()).chain(self.abbreviation.as_deref()).chain(self.aliases.iter().map(String::as_str))
    }

    /// Matched only with exactly this case: listed as case-sensitive, or an all-caps acronym.
    pub fn is_case_sensitive(&self, name: &str) -> bool {
        self.case_sensitive.iter().any(|n| n == name) || is_acronym(name)
    }

    pub fn needs_context(&self, name: &str) -> bool {
        self.context_required.iter().any(|n| n == name)
    }

    /// The form to use at first reference: `first_reference`, or `Preferred (ABBR)`.
    pub fn first_reference_form(&self) -> String {
        match (&self.first_reference, &self.abbreviation) {
            (Some(f), _) => f.clone(),
            (None, Some(a)) => format!("{} ({})", self.preferred, a),
            (None, None) => self.preferred.clone(),
        }
    }
}

/// An all-caps abbreviation such as ISIS, U.N. or NATO (at least two capitals, no lower case).
pub fn is_acronym(name: &str) -> bool {
    name.chars().filter(|c| c.is_uppercase()).count() >= 2 && !name.chars().any(char::is_lowercase)
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
    pub entities: Vec<Entity>,
    matcher: OnceLock<Matcher>,
}

impl Clone for Glossary {
    fn clone(&self) -> Self {
        Glossary { entities: self.entities.clone(), matcher: OnceLock::new() }
    }
}

impl Glossary {
    /// The built-in glossary, parsed once.
    pub fn builtin() -> Arc<Glossary> {
        static BUILTIN: OnceLock<Arc<Glossary>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let patches = parse_patches(DEFAULT_TOML, "<built-in glossary>").expect("the built-in glossary is valid");
                let mut g = Glossary::default();
                g.apply(patches, "<built-in glossary>").expect("the built-in glossary is consistent");
                Arc::new(g)
            })
            .clone()
    }

    /// The text of the built-in glossary file.
    pub fn builtin_source() -> &'static str {
        DEFAULT_TOML
    }

    /// A copy of this glossary extended by the entities of a glossary file's text.
    pub fn extended(&self, text: &str, file: &str) -> Result<Glossary, ConfigError> {
        let patches = parse_patches(text, file)?;
        let mut g = self.clone();
        g.apply(patches, file)?;
        Ok(g)
    }

    fn apply(&mut self, patches: Vec<EntityPatch>, file: &str) -> Result<(), ConfigError> {
        for p in patches {
            let err = |msg: String| ConfigError { file: Some(file.to_string()), line: None, column: None, message: msg };
            if p.id.trim().is_empty() {
                return Err(err("an entity has an empty id".into()));
            }
            match self.entities.iter_mut().find(|e| e.id == p.id) {
                Some(e) if !p.replace => {
                    if let Some(v) = p.preferred {
                        e.preferred = v;
                    }
                    if p.abbreviation.is_some() {
                        e.abbreviation = p.abbreviation;
                    }
                    for a in p.aliases {
                        if !e.names().any(|n| n == a) {
                            e.aliases.push(a);
                        }
                    }
                    if let Some(k) = p.kind {
                        e.kind = k;
                    }
                    if let Some(d) = p.description {
                        e.description = d;
                    }
                    if p.first_reference.is_some() {
                        e.first_reference = p.first_reference;
                    }
                    e.notes.extend(p.notes);
                    e.case_sensitive.extend(p.case_sensitive);
                    e.context_required.extend(p.context_required);
                    if let Some(s) = p.spell_out {
                        e.spell_out = s;
                    }
                    let (pref, abbr) = (e.preferred.clone(), e.abbreviation.clone());
                    e.aliases.retain(|a| *a != pref && Some(a) != abbr.as_ref());
                }
                existing => {
                    let Some(preferred) = p.preferred else {
                        return Err(err(format!("entity `{}` has no `preferred` name", p.id)));
                    };
                    let e = Entity {
                        id: p.id.clone(),
                        preferred,
                        abbreviation: p.abbreviation,
                        aliases: p.aliases,
                        kind: p.kind.unwrap_or(Kind::Other),
                        description: p.description.unwrap_or_default(),
                        first_reference: p.first_reference,
                        notes: p.notes,
                        case_sensitive: p.case_sensitive,
                        context_required: p.context_required,
                        spell_out: p.spell_out.unwrap_or(true),
                    };
                    match existing {
                        Some(slot) => *slot = e,
                        None => self.entities.push(e),
                    }
                }
            }
        }
        // One name, one entity: a later file's name moves to its entity.
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for i in (0..self.entities.len()).rev() {
            let names: Vec<String> = self.entities[i].names().map(str::to_string).collect();
            for n in names {
                let key = n.to_lowercase();
                if let Some(&j) = seen.get(&key) {
                    if j != i {
                        let e = &mut self.entities[i];
                        e.aliases.retain(|a| a.to_lowercase() != key);
                    }
                } else {
                    seen.insert(key, i);
                }
            }
        }
        self.matcher = OnceLock::new();
        Ok(())
    }

    pub fn matcher(&self) -> &Matcher {
        self.matcher.get_or_init(|| Matcher::new(&self.entities))
    }

    /// The entity with this id or this name (any case).
    pub fn lookup(&self, name: &str) -> Option<(usize, &Entity)> {
        let lower = name.trim().to_lowercase();
        self.entities.iter().enumerate().find(|(_, e)| e.id == lower || e.names().any(|n| n.to_lowercase() == lower))
    }
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
        None => e.preferred.clone(),
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
        for n in &e.notes {
            s.push_str(&format!("- {}\n", n));
        }
        s.push('\n');
    }
    s.trim_end().to_string() + "\n"
}
