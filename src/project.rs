//! Finding and reading a project's configuration (adapter side: this module does I/O).
//! `copydesk.toml` is looked up from the checked file's folder upwards, like rustfmt and ruff.

use crate::config::{Config, ConfigError, ConfigFile, GlossaryText};
use std::path::{Component, Path, PathBuf};

pub const CONFIG_NAME: &str = "copydesk.toml";
/// A glossary file beside `copydesk.toml` that is always loaded.
pub const PROJECT_GLOSSARY: &str = "copydesk-glossary.toml";

/// The nearest `copydesk.toml` at or above `start` (a file or a folder).
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let abs = if start.is_absolute() { start.to_path_buf() } else { std::env::current_dir().ok()?.join(start) };
    let mut dir = if abs.is_dir() { Some(abs.as_path()) } else { abs.parent() };
    while let Some(d) = dir {
        let candidate = d.join(CONFIG_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// Reads and builds the configuration at `path`, with its glossary files. Glossary paths are
/// relative to the configuration file and may not leave its folder.
pub fn load_config(path: &Path) -> Result<Config, ConfigError> {
    let name = path.display().to_string();
    let text = read_config_text(path).map_err(|m| ConfigError::new(&name, m))?;
    load_config_text(path, &text)
}

/// Like [`load_config`] with the configuration text already in hand (an editor's buffer).
pub fn load_config_text(path: &Path, text: &str) -> Result<Config, ConfigError> {
    let name = path.display().to_string();
    let file = ConfigFile::parse(text, &name)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut texts: Vec<(String, String)> = Vec::new();
    for g in &file.glossary.files {
        let rel = Path::new(g);
        if rel.is_absolute() || rel.components().any(|c| matches!(c, Component::ParentDir)) {
            return Err(ConfigError::new(
                &name,
                format!("glossary file `{}` must be inside the project folder (no absolute paths, no `..`)", g),
            ));
        }
        let p = base.join(rel);
        // A symbolic link inside the project may still point outside it.
        if let (Ok(real), Ok(real_base)) = (std::fs::canonicalize(&p), std::fs::canonicalize(base)) {
            if !real.starts_with(&real_base) {
                return Err(ConfigError::new(
                    &name,
                    format!("glossary file `{}` leads outside the project folder (to {}) and is not read", g, real.display()),
                ));
            }
        }
        let t = read_config_text(&p).map_err(|m| ConfigError::new(&name, format!("glossary file `{}`: {}", g, m)))?;
        texts.push((p.display().to_string(), t));
    }
    // The project glossary the editor's "add name" action writes is read without being listed.
    let implicit = base.join(PROJECT_GLOSSARY);
    if !file.glossary.files.iter().any(|g| Path::new(g) == Path::new(PROJECT_GLOSSARY)) && implicit.is_file() {
        let t = read_config_text(&implicit).map_err(|m| ConfigError::new(&name, format!("{}: {}", PROJECT_GLOSSARY, m)))?;
        texts.push((implicit.display().to_string(), t));
    }
    let refs: Vec<GlossaryText> = texts.iter().map(|(n, t)| GlossaryText { name: n, text: t }).collect();
    file.build(&refs).map_err(|mut e| {
        if e.file.as_deref() == Some("copydesk.toml") {
            e.file = Some(name.clone());
        }
        e
    })
}

/// The configuration for a file: the nearest `copydesk.toml`, or the defaults.
pub fn config_for(file: &Path) -> Result<(Config, Option<PathBuf>), ConfigError> {
    match find_config(file) {
        Some(p) => load_config(&p).map(|c| (c, Some(p))),
        None => Ok((Config::default(), None)),
    }
}

/// Configuration and glossary files larger than this are refused: a newsroom glossary of
/// thousands of entities is well under a megabyte.
pub const MAX_CONFIG_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a configuration or glossary file (at most `MAX_CONFIG_BYTES`).
pub fn read_config_text(path: &Path) -> Result<String, String> {
    read_bounded(path, MAX_CONFIG_BYTES, "a configuration or glossary file may be")
}

/// Files (and standard input) larger than this are not checked.
pub const MAX_TEXT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a file as UTF-8 text, with a message fit for a reporter when it cannot.
pub fn read_text(path: &Path) -> Result<String, String> {
    read_bounded(path, MAX_TEXT_BYTES, "copydesk reads")
}

/// Reads at most `limit` bytes of the regular file at `path` (a symbolic link is followed).
/// A FIFO, a device or a socket is refused before it is opened: opening a FIFO waits for a
/// writer, and `/dev/zero` never ends. The limit applies to what is read, not to what the
/// metadata says (a file may grow while it is read).
fn read_bounded(path: &Path, limit: u64, what: &str) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_message(&e))?;
    if meta.is_dir() {
        return Err("is a folder, not a file".into());
    }
    if !meta.is_file() {
        return Err(format!("is not a regular file ({}); not read", file_kind(&meta)));
    }
    let too_big = || format!("is larger than the {} MB {}", limit / (1024 * 1024), what);
    if meta.len() > limit {
        return Err(too_big());
    }
    let file = std::fs::File::open(path).map_err(|e| io_message(&e))?;
    let bytes = read_limited(file, limit).map_err(|e| io_message(&e))?.ok_or_else(too_big)?;
    decode(bytes)
}

/// Reads `r` to its end, or `None` once more than `limit` bytes came: never more than
/// `limit + 1` bytes are read (standard input from `yes` has no end).
pub fn read_limited(r: impl std::io::Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    r.take(limit + 1).read_to_end(&mut bytes)?;
    Ok(if bytes.len() as u64 > limit { None } else { Some(bytes) })
}

fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO, a named pipe";
        } else if t.is_char_device() || t.is_block_device() {
            return "a device";
        } else if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "not a plain file"
}

/// UTF-8 text, or why not.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    // Anywhere in the file, not only near its start: one NUL is enough.
    if memchr::memchr(0, &bytes).is_some() {
        return Err("looks like a binary file (it contains NUL bytes); skipped".into());
    }
    match String::from_utf8(bytes) {
        // A byte-order mark stays: offsets are into the file as stored.
        Ok(s) => Ok(s),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Err(format!("is not valid UTF-8 (first bad byte at offset {}); skipped", at))
        }
    }
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
