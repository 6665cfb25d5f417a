//! The `vnclean` command: a thin shell over the library. Exit codes: 0
//! success, 1 `check` found spam, 2 usage or input error.

mod args;
mod clean;
mod corpus;
mod explain;
mod files;
mod lm;
mod mine;
#[cfg(feature = "serve")]
mod serve;
mod stream;
mod text;

use std::io;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command, InputArgs};

/// An error for the user: what failed, where.
pub(crate) struct Failure(pub(crate) String);

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Normalize(a) => text::normalize(&a).map(|()| 0),
        Command::Fold(a) => text::fold(&a).map(|()| 0),
        Command::Clean(a) => clean::run(&a, clean::Task::Clean).map(|_| 0),
        // `check` says by its status whether spam was found.
        Command::Check(a) => clean::run(&a, clean::Task::Check).map(u8::from),
        Command::Scan(a) => clean::run(&a, clean::Task::Scan).map(|_| 0),
        Command::Explain(a) => explain::run(&a).map(|()| 0),
        Command::Mine(a) => mine::run(&a).map(|()| 0),
        Command::Lm(args::LmCommand::Train(a)) => lm::train(&a).map(|()| 0),
        #[cfg(feature = "serve")]
        Command::Serve(a) => serve::run(&a).map(|()| 0),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // A closed pipe (`| head`) is not an error.
        Err(Failure(msg)) if msg.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(Failure(msg)) => {
            eprintln!("vnclean: {msg}");
            ExitCode::from(2)
        }
    }
}

/// The input's name for messages.
pub(crate) fn input_name(input: &InputArgs) -> String {
    match &input.file {
        Some(p) if p != Path::new("-") => p.display().to_string(),
        _ => "<stdin>".to_owned(),
    }
}

pub(crate) fn read_input(input: &InputArgs) -> Result<Vec<u8>, Failure> {
    files::read_all(input.file.as_deref(), &input_name(input))
}

pub(crate) use vnclean::utf8;

/// The input as UTF-8, or an error naming the line of the first bad byte.
pub(crate) fn utf8_input(name: &str, bytes: Vec<u8>, hint: &str) -> Result<String, Failure> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = 1 + bytes.iter().take(at).filter(|&&b| b == b'\n').count();
        let col = at
            - bytes
                .iter()
                .take(at)
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
        Failure(format!(
            "{name}:{line}: invalid UTF-8 at byte {at} (column {}){hint}",
            col + 1
        ))
    })
}
