//! The error type the core's configuration and glossary loading share: which file, where,
//! what. It sits below both so that neither imports the other for it.

use std::fmt;

/// A configuration problem: which file, where, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file)?;
            if let Some(l) = self.line {
                write!(f, ":{}", l)?;
                if let Some(c) = self.column {
                    write!(f, ":{}", c)?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    pub fn new(file: &str, message: impl Into<String>) -> ConfigError {
        ConfigError { file: Some(file.to_string()), line: None, column: None, message: message.into() }
    }

    pub(crate) fn from_toml(e: &toml::de::Error, text: &str, file: &str) -> ConfigError {
        let (line, column) = match e.span() {
            Some(span) => {
                let idx = crate::document::LineIndex::new(text);
                let (l, c) = idx.position(text, span.start);
                (Some(l + 1), Some(c + 1))
            }
            None => (None, None),
        };
        let message = e.message().trim().replace('\n', " ");
        ConfigError { file: Some(file.to_string()), line, column, message }
    }
}
