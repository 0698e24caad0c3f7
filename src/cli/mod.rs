//! The command line: `copydesk check | explain | glossary | lsp`. A thin adapter: it reads
//! files, asks the core, and prints; no rule logic here.

mod check;
mod output;

use crate::finding::Rule;
use crate::glossary::{card, Glossary};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about = "Checks news copy: unattributed quotes, inconsistent entity names, undefined acronyms.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Information,
    Hint,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarkupArg {
    Auto,
    Markdown,
    Plain,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files or folders (`-` reads standard input).
    Check(CheckArgs),
    /// Print a rule's documentation (all rules' names without an argument).
    Explain {
        /// Rule id, e.g. unattributed-quote.
        rule: Option<String>,
    },
    /// Print a glossary entry (the list of entities without an argument).
    Glossary {
        /// Any name of an entity, e.g. ISIL, or its id.
        name: Option<String>,
        /// Use this copydesk.toml (default: the nearest one above the current folder).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Run the language server over standard input and output.
    Lsp {
        /// error, warn, info, debug or trace (logs go to stderr and to the editor's log).
        #[arg(long, default_value = "info")]
        log_level: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check; `-` for standard input. Default: the current folder.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Apply every safe fix in place (never inside a quotation) and report what changed.
    #[arg(long)]
    pub fix: bool,
    /// Exit with status 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value = "warning")]
    pub fail_on: FailOn,
    /// Use this configuration file instead of looking for copydesk.toml.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Markup of the input: by file extension (auto), Markdown or plain text.
    #[arg(long, value_enum, default_value = "auto")]
    pub markup: MarkupArg,
    /// Name to use for standard input in messages (and to choose its markup).
    #[arg(long, default_value = "<stdin>")]
    pub stdin_filename: String,
}

/// Runs a command; returns the process exit status (0 clean, 1 findings, 2 errors).
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Explain { rule } => explain(rule.as_deref()),
        Command::Glossary { name, config } => glossary(name.as_deref(), config),
        Command::Lsp { log_level } => crate::lsp::run_stdio(&log_level),
    }
}

fn explain(rule: Option<&str>) -> i32 {
    match rule {
        None => {
            for r in Rule::ALL {
                println!("{:<20} {}", r.id(), r.summary());
            }
            0
        }
        Some(id) => match Rule::from_id(id) {
            Some(r) => {
                print!("{}", r.doc());
                0
            }
            None => {
                eprintln!("copydesk: unknown rule `{}`; rules are: {}", id, Rule::ALL.map(|r| r.id()).join(", "));
                2
            }
        },
    }
}

fn glossary(name: Option<&str>, config: Option<PathBuf>) -> i32 {
    let cfg = match config {
        Some(p) => crate::project::load_config(&p),
        None => crate::project::config_for(&std::env::current_dir().unwrap_or_default().join("x")).map(|(c, _)| c),
    };
    let cfg = match cfg {
        Ok(c) => c,
        Err(e) => {
            eprintln!("copydesk: configuration error: {}", e);
            return 2;
        }
    };
    let g: &Glossary = &cfg.glossary;
    match name {
        None => {
            for e in g.entities.iter() {
                let names: Vec<&str> = e.names().collect();
                println!("{:<28} {:<13} {}", e.id, e.kind.as_str(), names.join(", "));
            }
            0
        }
        Some(n) => match g.lookup(n) {
            Some((_, e)) => {
                print!("{}", card(e, None));
                0
            }
            None => {
                eprintln!("copydesk: no glossary entity is called `{}` (try `copydesk glossary` for the list)", n);
                1
            }
        },
    }
}
