//! Every setting of the command, defined once: its name (clap's id, the profile's key and the
//! label `config show` prints), its flag and its environment variable. The flags
//! (`flags.rs`), the config file (`file.rs`), the resolution (`resolve.rs`) and `config show`
//! all read this table, so they cannot disagree (ripgrep's `flags/defs.rs` is the model).

use flashback_ext::{RetryPolicy, defaults, env};

/// A setting of the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Def {
    /// clap's id, the key in a `[profiles.NAME]` table and `config show`'s label: `base_url`.
    pub name: &'static str,
    /// The long flag without its dashes (`base-url`); `None`: only in a profile.
    pub flag: Option<&'static str>,
    /// The environment variable, if one sets it.
    pub env: Option<&'static str>,
    /// Whether a profile may set it.
    pub in_profile: bool,
}

impl Def {
    /// `--base-url`, for messages and `config show`.
    pub fn flag_text(&self) -> Option<String> {
        self.flag.map(|flag| format!("--{flag}"))
    }
}

/// `--profile` / `FLASHBACK_PROFILE`: which profile of the config file to use.
pub const PROFILE: Def = Def {
    name: "profile",
    flag: Some("profile"),
    env: Some("FLASHBACK_PROFILE"),
    in_profile: false,
};
/// The platform's base URL.
pub const BASE_URL: Def = Def {
    name: "base_url",
    flag: Some("base-url"),
    env: Some(env::BASE_URL),
    in_profile: true,
};
/// A file holding the token.
pub const TOKEN_FILE: Def = Def {
    name: "token_file",
    flag: Some("token-file"),
    env: Some(env::TOKEN_FILE),
    in_profile: true,
};
/// A command printing the token.
pub const TOKEN_COMMAND: Def = Def {
    name: "token_command",
    flag: None,
    env: None,
    in_profile: true,
};
/// Extra trusted certificate authorities (PEM).
pub const CA_CERT: Def = Def {
    name: "ca_cert",
    flag: Some("ca-cert"),
    env: Some("FLASHBACK_CA_CERT"),
    in_profile: true,
};
/// A client certificate (PEM chain) to present to a gateway that requires one.
pub const CLIENT_CERT: Def = Def {
    name: "client_cert",
    flag: Some("client-cert"),
    env: Some("FLASHBACK_CLIENT_CERT"),
    in_profile: true,
};
/// The private key of the client certificate (PEM).
pub const CLIENT_KEY: Def = Def {
    name: "client_key",
    flag: Some("client-key"),
    env: Some("FLASHBACK_CLIENT_KEY"),
    in_profile: true,
};
/// The call's time limit, in seconds.
pub const TIMEOUT: Def = Def {
    name: "timeout",
    flag: Some("timeout"),
    env: None,
    in_profile: true,
};
/// Retries after the first attempt.
pub const RETRIES: Def = Def {
    name: "retries",
    flag: Some("retries"),
    env: None,
    in_profile: true,
};
/// The output format.
pub const OUTPUT: Def = Def {
    name: "output",
    flag: Some("output"),
    env: None,
    in_profile: true,
};

/// Every setting, in the order of a profile's keys and of `config show`'s lines (the tests hold
/// the parser and the config file to it).
pub const ALL: [Def; 10] = [
    PROFILE,
    BASE_URL,
    TOKEN_FILE,
    TOKEN_COMMAND,
    CA_CERT,
    CLIENT_CERT,
    CLIENT_KEY,
    TIMEOUT,
    RETRIES,
    OUTPUT,
];

/// The variable holding the token itself (never a flag: it would stay in shell history).
pub const TOKEN_ENV: &str = env::TOKEN;
/// The variable naming the config file.
pub const CONFIG_ENV: &str = "FLASHBACK_CONFIG";

/// The keys a profile may have, in order.
#[cfg(test)]
pub fn profile_keys() -> impl Iterator<Item = &'static str> {
    ALL.iter().filter(|def| def.in_profile).map(|def| def.name)
}

/// The default base URL: the SDK's.
pub const DEFAULT_BASE_URL: &str = defaults::BASE_URL;

/// The default of `--retries`: the SDK's retry policy's attempts, less the first.
pub fn default_retries() -> u32 {
    RetryPolicy::default().max_attempts().saturating_sub(1)
}

/// The default of `--timeout`: the SDK's deadline, in seconds.
pub fn default_timeout_secs() -> u64 {
    defaults::DEADLINE.as_secs()
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// The parser's flags and variables are the table's: one source.
    #[test]
    fn every_flag_of_the_table_is_a_global_flag_with_its_variable() {
        let command = crate::args::Cli::command();
        for def in ALL {
            let arg = command.get_arguments().find(|arg| arg.get_id() == def.name);
            match def.flag {
                Some(flag) => {
                    let arg = arg.unwrap_or_else(|| panic!("no argument {}", def.name));
                    assert_eq!(arg.get_long(), Some(flag), "{}", def.name);
                    assert_eq!(
                        arg.get_env().and_then(|env| env.to_str()),
                        def.env,
                        "{}",
                        def.name
                    );
                    assert!(arg.is_global_set(), "{}", def.name);
                }
                None => assert!(arg.is_none(), "{} has no flag", def.name),
            }
        }
    }
}
