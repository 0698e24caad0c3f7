//! Configuration: `copydesk.toml` parsed into one [`Config`] value. Parsing is pure (text in,
//! value or error out); finding and reading the files is the job of [`crate::project`].
//!
//! ```toml
//! [rules]
//! unattributed-quote = "warning"     # error | warning | information | hint | off
//! undefined-acronym = "off"
//!
//! [naming]
//! mode = "story"                     # story (consistency inside the story) | house (glossary or [naming.prefer]) | first-use
//! preset = "ap"                      # ap | reuters | bbc | nyt: a style book's forms (src/glossary/presets.toml)
//! [naming.prefer]
//! islamic-state = "ISIL"             # entity id (or any of its names) = preferred form
//!
//! [glossary]
//! files = ["newsroom-glossary.toml"] # extra glossary files, relative to this file
//!
//! [attribution]
//! verbs = ["intoned", "thundered"]   # extra attribution words
//! languages = ["en"]                 # lexicons: en, ru, de, fr, or auto (all; the default)
//! context = "paragraph"              # paragraph (news conventions) | lead-in | sentence (strict)
//!
//! [acronyms]
//! known = ["CNPC"]                   # acronyms every reader of this desk knows (unexplained-acronym)
//!
//! [files]
//! extensions = ["md", "markdown", "txt"]
//! ```

pub use crate::error::ConfigError;
use crate::finding::{Rule, Severity};
use crate::glossary::Glossary;
use crate::quotes::lexicon::Lexicon;
pub use crate::quotes::AttributionContext;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How the preferred name of an entity is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum NamingMode {
    /// Consistency inside the story: an entity named two or more ways is held to the story's
    /// own main form (a full name and its short form count as one). `[naming.prefer]` entries
    /// still apply to their entities.
    #[default]
    Story,
    /// House style: the project's `[naming.prefer]`, else the glossary's preferred name.
    House,
    /// The first form a story uses (in the reporter's own words) becomes its preferred form.
    FirstUse,
}

/// A rule's setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    On(Severity),
}

impl RuleSetting {
    pub fn parse(s: &str) -> Option<RuleSetting> {
        match s.trim().to_ascii_lowercase().as_str() {
            "off" | "false" | "none" | "disable" | "disabled" => Some(RuleSetting::Off),
            other => Severity::parse(other).map(RuleSetting::On),
        }
    }
}

/// Everything the analysis needs besides the text.
#[derive(Debug, Clone)]
pub struct Config {
    pub rules: BTreeMap<Rule, RuleSetting>,
    pub naming_mode: NamingMode,
    /// Entity id or name → the form the house prefers.
    pub prefer: BTreeMap<String, String>,
    pub glossary: Arc<Glossary>,
    pub lexicon: Arc<Lexicon>,
    pub context: AttributionContext,
    pub extensions: Vec<String>,
    /// Acronyms that need no spelling out, besides the built-in ones (`[acronyms] known`).
    pub known_acronyms: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            rules: BTreeMap::new(),
            naming_mode: NamingMode::Story,
            prefer: BTreeMap::new(),
            glossary: Glossary::builtin(),
            lexicon: default_lexicon(),
            context: AttributionContext::Paragraph,
            extensions: default_extensions(),
            known_acronyms: Vec::new(),
        }
    }
}

fn default_lexicon() -> Arc<Lexicon> {
    static L: std::sync::OnceLock<Arc<Lexicon>> = std::sync::OnceLock::new();
    L.get_or_init(|| Arc::new(Lexicon::new(&["auto".to_string()], &[]))).clone()
}

pub fn default_extensions() -> Vec<String> {
    vec!["md".into(), "markdown".into(), "txt".into()]
}

impl Config {
    /// The severity of `rule`, or `None` when it is off.
    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        match self.rules.get(&rule) {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::On(s)) => Some(*s),
            None => rule.on_by_default().then(|| rule.default_severity()),
        }
    }
}

/// The shape of `copydesk.toml`. Unknown keys are errors, so a typo is reported, not ignored.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
    #[serde(default)]
    pub naming: NamingSection,
    #[serde(default)]
    pub glossary: GlossarySection,
    #[serde(default)]
    pub attribution: AttributionSection,
    #[serde(default)]
    pub files: FilesSection,
    /// The file's name and text, for the line of an error found when building.
    #[serde(skip)]
    pub source: Option<(String, String)>,
    #[serde(default)]
    pub acronyms: AcronymsSection,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcronymsSection {
    #[serde(default)]
    pub known: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamingSection {
    #[serde(default)]
    pub mode: NamingMode,
    /// A house-style preset (`ap`, `reuters`, `bbc`, `nyt`): [naming.prefer] entries from
    /// `src/glossary/presets.toml`, under the file's own.
    #[serde(default)]
    pub preset: Option<String>,
    #[serde(default)]
    pub prefer: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossarySection {
    #[serde(default)]
    pub files: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionSection {
    #[serde(default)]
    pub verbs: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub context: AttributionContext,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilesSection {
    #[serde(default)]
    pub extensions: Vec<String>,
}

/// A glossary file's name and text, read by the caller.
pub struct GlossaryText<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl ConfigFile {
    /// Parses the text of a `copydesk.toml` named `file` (for messages).
    pub fn parse(text: &str, file: &str) -> Result<ConfigFile, ConfigError> {
        let mut cf: ConfigFile = toml::from_str(text).map_err(|e| ConfigError::from_toml(&e, text, file))?;
        cf.source = Some((file.to_string(), text.to_string()));
        // Validate values, pointing at the line that holds them.
        let at = |needle: &str, msg: String| {
            let idx = crate::document::LineIndex::new(text);
            let pos = text.find(needle).map(|o| idx.position(text, o));
            ConfigError { file: Some(file.to_string()), line: pos.map(|p| p.0 + 1), column: pos.map(|p| p.1 + 1), message: msg }
        };
        for (k, v) in &cf.rules {
            if Rule::from_id(k).is_none() {
                return Err(at(
                    k,
                    format!("unknown rule `{}` (rules: {})", k, Rule::ALL.iter().map(|r| r.id()).collect::<Vec<_>>().join(", ")),
                ));
            }
            if RuleSetting::parse(v).is_none() {
                return Err(at(k, format!("rule `{}`: `{}` is not one of error, warning, information, hint, off", k, v)));
            }
        }
        for l in &cf.attribution.languages {
            if l != "auto" && !crate::quotes::lexicon::languages().contains(&l.as_str()) {
                return Err(at(
                    l,
                    format!("unknown attribution language `{}` (known: {}, auto)", l, crate::quotes::lexicon::languages().join(", ")),
                ));
            }
        }
        Ok(cf)
    }

    /// Builds the configuration, with the texts of the glossary files it names already read.
    pub fn build(&self, glossaries: &[GlossaryText<'_>]) -> Result<Config, ConfigError> {
        let mut glossary = Glossary::builtin();
        for g in glossaries {
            glossary = Arc::new(glossary.extended(g.text, g.name)?);
        }
        let mut rules = BTreeMap::new();
        for (k, v) in &self.rules {
            if let (Some(r), Some(s)) = (Rule::from_id(k), RuleSetting::parse(v)) {
                rules.insert(r, s);
            }
        }
        let (file, text) = self.source.as_ref().map_or(("copydesk.toml", ""), |(f, t)| (f.as_str(), t.as_str()));
        let prefer = crate::glossary::with_preset(&glossary, self.naming.preset.as_deref(), &self.naming.prefer, file, text)?;
        let glossary = glossary.with_preferred_forms(&prefer, file, text)?;
        let lexicon = if self.attribution.verbs.is_empty() && self.attribution.languages.is_empty() {
            default_lexicon()
        } else {
            let langs = if self.attribution.languages.is_empty() { vec!["auto".to_string()] } else { self.attribution.languages.clone() };
            Arc::new(Lexicon::new(&langs, &self.attribution.verbs))
        };
        Ok(Config {
            rules,
            naming_mode: self.naming.mode,
            prefer,
            glossary,
            lexicon,
            context: self.attribution.context,
            extensions: if self.files.extensions.is_empty() { default_extensions() } else { self.files.extensions.clone() },
            known_acronyms: self.acronyms.known.iter().map(|k| k.trim().to_string()).collect(),
        })
    }
}
