//! The global flags: the command line's layer of the settings, each flag's name, variable and
//! default read from the table in `defs.rs`.

use std::path::PathBuf;

use clap::{ArgAction, Args};

use super::defs::{
    self, BASE_URL, CA_CERT, CLIENT_CERT, CLIENT_KEY, OUTPUT, PROFILE, RETRIES, TIMEOUT, TOKEN_FILE,
};
use crate::output::Format;

/// Options of every command. A setting left out here comes from the environment, then the
/// profile (see `flashback config show`), then the built-in default.
#[derive(Debug, Clone, Args)]
pub struct Global {
    #[arg(id = PROFILE.name, long = PROFILE.flag, env = PROFILE.env, global = true,
          value_name = "NAME",
          help = "The profile of the config file to use (default: the file's `default_profile`)")]
    pub profile: Option<String>,

    #[arg(id = BASE_URL.name, long = BASE_URL.flag, env = BASE_URL.env, global = true,
          value_name = "URL",
          help = format!("The platform's base URL [default: {}]", defs::DEFAULT_BASE_URL))]
    pub base_url: Option<String>,

    /// Allow sending the token over plain http to a host other than this machine.
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,

    #[arg(id = CA_CERT.name, long = CA_CERT.flag, env = CA_CERT.env, global = true,
          value_name = "PATH",
          help = "Also trust the certificate authorities in this PEM file (for a platform behind \
                  a private CA). The machine's trust store is always used, and SSL_CERT_FILE / \
                  SSL_CERT_DIR are honoured")]
    pub ca_cert: Option<PathBuf>,

    #[arg(id = CLIENT_CERT.name, long = CLIENT_CERT.flag, env = CLIENT_CERT.env, global = true,
          value_name = "FILE", requires = CLIENT_KEY.name,
          help = "Present this client certificate (PEM: the certificate, then its chain) to a \
                  gateway that requires one; with --client-key (curl's --cert)")]
    pub client_cert: Option<PathBuf>,

    #[arg(id = CLIENT_KEY.name, long = CLIENT_KEY.flag, env = CLIENT_KEY.env, global = true,
          value_name = "FILE", requires = CLIENT_CERT.name,
          help = "The private key of --client-cert (PEM; keep it readable by you alone; curl's \
                  --key)")]
    pub client_key: Option<PathBuf>,

    #[arg(id = TOKEN_FILE.name, long = TOKEN_FILE.flag, env = TOKEN_FILE.env, global = true,
          value_name = "PATH",
          help = format!("Read the token from this file (instead of {})", defs::TOKEN_ENV))]
    pub token_file: Option<PathBuf>,

    /// Not accepted: a token on the command line leaks into shell history.
    #[arg(long, global = true, hide = true, value_name = "TOKEN")]
    pub token: Option<String>,

    #[arg(id = OUTPUT.name, long = OUTPUT.flag, short, global = true, value_enum, value_name = "OUTPUT",
          help = "Output format [default: table]")]
    pub output: Option<Format>,

    #[arg(id = TIMEOUT.name, long = TIMEOUT.flag, global = true, value_name = "SECS",
          value_parser = clap::value_parser!(u64).range(1..),
          help = format!("Give up after this many seconds, retries included [default: {}]",
                         defs::default_timeout_secs()))]
    pub timeout: Option<u64>,

    #[arg(id = RETRIES.name, long = RETRIES.flag, global = true, value_name = "N",
          help = format!("How many times to retry a request that may succeed later [default: {}]",
                         defs::default_retries()))]
    pub retries: Option<u32>,

    /// Show buckets' access keys and secrets instead of masking them.
    #[arg(long, global = true)]
    pub show_secrets: bool,

    /// More logging on stderr (-v: debug, -vv: trace).
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,

    /// Use an embedded fake Flashback backend with demo data (no account needed).
    #[arg(long, global = true)]
    pub demo: bool,
}
