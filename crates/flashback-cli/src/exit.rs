//! The exit codes: one list, from which `--help`, the failures and the README's table come.

use std::process::ExitCode;

/// How the command ended, when it did not succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// A bad flag, a bad setting, a missing token: nothing was sent.
    Usage,
    /// 401 or 403.
    Auth,
    /// 404.
    NotFound,
    /// No usable answer: a timeout, the network, TLS, a 5xx, or a 429 after the retries.
    Unavailable,
    /// The server answered something the contract does not allow.
    InvalidResponse,
    /// `contract check` found a violation (or drift, with `--strict`).
    ContractBroken,
}

impl Exit {
    /// Every failure exit, in code order.
    pub const ALL: [Exit; 6] = [
        Exit::Usage,
        Exit::Auth,
        Exit::NotFound,
        Exit::Unavailable,
        Exit::InvalidResponse,
        Exit::ContractBroken,
    ];

    /// The process exit code.
    pub const fn code(self) -> u8 {
        match self {
            Exit::Usage => 2,
            Exit::Auth => 3,
            Exit::NotFound => 4,
            Exit::Unavailable => 5,
            Exit::InvalidResponse => 6,
            Exit::ContractBroken => 7,
        }
    }

    /// What the code means, for `--help` and the README.
    pub const fn meaning(self) -> &'static str {
        match self {
            Exit::Usage => "usage or configuration error",
            Exit::Auth => "authentication or authorization failed (401, 403)",
            Exit::NotFound => "not found (404)",
            Exit::Unavailable => {
                "unavailable (timeout, network or TLS failure, 5xx, or 429 after retries)"
            }
            Exit::InvalidResponse => "invalid response from the server",
            Exit::ContractBroken => {
                "contract check: a violation of the spec (with --strict, drift too)"
            }
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}

/// The "Exit codes:" section of `--help`.
pub fn help() -> String {
    let mut text = String::from("Exit codes:\n  0  success");
    for exit in Exit::ALL {
        text.push_str(&format!("\n  {}  {}", exit.code(), exit.meaning()));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README lists the same codes with the same meanings as `--help`.
    #[test]
    fn the_readme_lists_every_exit_code() {
        let readme = include_str!("../README.md");
        for line in help().lines().skip(1) {
            let (code, meaning) = line.trim().split_once("  ").unwrap();
            let row = format!("| {code} | {meaning} |");
            assert!(
                readme.contains(&row),
                "crates/flashback-cli/README.md lacks the row `{row}`"
            );
        }
    }
}
