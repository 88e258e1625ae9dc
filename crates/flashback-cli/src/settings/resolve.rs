//! Every setting from its layers, first found wins: flags, environment, the profile, built-in
//! defaults. Each resolved value remembers where it came from, for `flashback config show` and
//! for messages about it.

use std::ffi::OsStr;
use std::fmt;
use std::path::PathBuf;

use clap::ArgMatches;
use clap::parser::ValueSource;

use super::defs::{
    self, BASE_URL, CA_CERT, CLIENT_CERT, CLIENT_KEY, CONFIG_ENV, Def, OUTPUT, PROFILE, RETRIES,
    TIMEOUT, TOKEN_ENV, TOKEN_FILE,
};
use super::file::{ConfigFile, ConfigPath, Located, Location, Profile, TokenCommand};
use super::flags::Global;
use crate::failure::Failure;
use crate::output::Format;

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag, e.g. `--base-url`.
    Flag(Def),
    /// `--demo`.
    DemoFlag,
    /// An environment variable.
    Env(&'static str),
    /// A top-level key of the config file (`default_profile`).
    File(Location),
    /// A key of the profile `name`.
    Profile { name: String, at: Location },
    /// The built-in default.
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(def) => write!(f, "flag {}", def.flag_text().unwrap_or_default()),
            Origin::DemoFlag => f.write_str("flag --demo"),
            Origin::Env(name) => write!(f, "env {name}"),
            Origin::File(at) => write!(f, "config {at}"),
            Origin::Profile { name, at } => write!(f, "profile {name} ({at})"),
            Origin::Default => f.write_str("default"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Setting<T> {
    /// The built-in default `value`.
    fn default_value(value: T) -> Self {
        Self {
            value,
            origin: Origin::Default,
        }
    }
}

/// Where the token is read from. The token itself is read only when a command needs it
/// (`config show` never reads it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// The embedded demo server's token (`--demo`).
    Demo,
    /// `FLASHBACK_TOKEN`.
    Env,
    /// A file holding the token.
    File(PathBuf),
    /// A command printing the token on its standard output.
    Command(TokenCommand),
}

/// The settings a command runs with.
#[derive(Debug)]
pub struct Resolved {
    /// The config file's path, and whether it exists.
    pub config: Option<(ConfigPath, bool)>,
    pub profile: Option<Setting<String>>,
    pub base_url: Setting<String>,
    /// `None`: no token anywhere.
    pub token: Option<Setting<TokenSource>>,
    pub ca_cert: Option<Setting<PathBuf>>,
    /// The client certificate and its key: both or neither.
    pub client_cert: Option<Setting<PathBuf>>,
    pub client_key: Option<Setting<PathBuf>>,
    /// `None`: the SDK's deadline.
    pub timeout: Setting<Option<u64>>,
    pub retries: Setting<u32>,
    pub output: Setting<Format>,
    pub allow_insecure_http: bool,
    pub show_secrets: bool,
    pub demo: bool,
}

impl Resolved {
    /// Resolves `global` (parsed from `matches`) against the environment and the config file.
    pub fn new(global: &Global, matches: &ArgMatches) -> Result<Self, Failure> {
        // An empty variable is an unset one (`FLASHBACK_PROFILE= flashback ...`).
        let global = &Global {
            profile: set(matches, &PROFILE, global.profile.clone()),
            base_url: set(matches, &BASE_URL, global.base_url.clone()),
            ca_cert: set(matches, &CA_CERT, global.ca_cert.clone()),
            client_cert: set(matches, &CLIENT_CERT, global.client_cert.clone()),
            client_key: set(matches, &CLIENT_KEY, global.client_key.clone()),
            token_file: set(matches, &TOKEN_FILE, global.token_file.clone()),
            token: global.token.clone(),
            ..*global
        };
        let location = ConfigPath::locate();
        let file = match &location {
            Some(location) => ConfigFile::load(location)?,
            None => None,
        };
        let profile = choose_profile(global, matches, file.as_ref())?;
        let selected = match (&profile, &file) {
            (Some(name), Some(file)) => Some(file.profile(&name.value, location_of(&name.origin))?),
            (Some(name), None) => {
                let looked = location.as_ref().map_or_else(
                    || "neither XDG_CONFIG_HOME nor HOME is set".to_owned(),
                    |location| format!("there is no config file at {}", location.path.display()),
                );
                return Err(Failure::usage(format!(
                    "no profile `{}` ({}): {looked}; create it, or set {} to the file",
                    name.value, name.origin, CONFIG_ENV
                )));
            }
            (None, _) => None,
        };
        let layers = Layers {
            matches,
            profile: selected,
        };
        let timeout = layers
            .layered(&TIMEOUT, global.timeout, |p| p.timeout.as_ref())
            .map(|setting| Setting {
                value: Some(setting.value),
                origin: setting.origin,
            })
            .unwrap_or(Setting::default_value(None));
        let client_cert = layers.layered(&CLIENT_CERT, global.client_cert.clone(), |p| {
            p.client_cert.as_ref()
        });
        let client_key = layers.layered(&CLIENT_KEY, global.client_key.clone(), |p| {
            p.client_key.as_ref()
        });
        match (&client_cert, &client_key) {
            (Some(cert), None) => {
                return Err(Failure::usage(format!(
                    "a client certificate ({}) needs its key: pass --client-key FILE (or set \
                     FLASHBACK_CLIENT_KEY, or the profile's client_key)",
                    cert.origin
                )));
            }
            (None, Some(key)) => {
                return Err(Failure::usage(format!(
                    "a client key ({}) needs its certificate: pass --client-cert FILE (or set \
                     FLASHBACK_CLIENT_CERT, or the profile's client_cert)",
                    key.origin
                )));
            }
            _ => {}
        }
        Ok(Self {
            client_cert,
            client_key,
            config: location.map(|location| {
                let found = file.is_some();
                (location, found)
            }),
            base_url: layers
                .layered(&BASE_URL, global.base_url.clone(), |p| p.base_url.as_ref())
                .unwrap_or_else(|| Setting::default_value(defs::DEFAULT_BASE_URL.to_owned())),
            token: layers.token(global),
            ca_cert: layers.layered(&CA_CERT, global.ca_cert.clone(), |p| p.ca_cert.as_ref()),
            timeout,
            retries: layers
                .layered(&RETRIES, global.retries, |p| p.retries.as_ref())
                .unwrap_or_else(|| Setting::default_value(defs::default_retries())),
            output: layers
                .layered(&OUTPUT, global.output, |p| p.output.as_ref())
                .unwrap_or(Setting::default_value(Format::Table)),
            profile,
            allow_insecure_http: global.allow_insecure_http,
            show_secrets: global.show_secrets,
            demo: global.demo,
        })
    }
}

/// `value`, unless it came from an empty environment variable.
fn set<T: AsRef<OsStr>>(matches: &ArgMatches, def: &Def, value: Option<T>) -> Option<T> {
    value.filter(|value| {
        !value.as_ref().is_empty()
            || matches.value_source(def.name) != Some(ValueSource::EnvVariable)
    })
}

/// `--profile`, else `FLASHBACK_PROFILE`, else the file's `default_profile`.
fn choose_profile(
    global: &Global,
    matches: &ArgMatches,
    file: Option<&ConfigFile>,
) -> Result<Option<Setting<String>>, Failure> {
    if let Some(name) = &global.profile {
        if name.trim().is_empty() {
            return Err(Failure::usage(
                "the profile name is empty: pass --profile NAME, or leave it out for the config \
                 file's default_profile",
            ));
        }
        return Ok(Some(Setting {
            value: name.clone(),
            origin: arg_origin(matches, &PROFILE),
        }));
    }
    Ok(file
        .and_then(|file| file.default_profile.as_ref())
        .map(|name| Setting {
            value: name.value.clone(),
            origin: Origin::File(name.at.clone()),
        }))
}

/// The place in the file that named a profile, for the message when there is no such profile.
fn location_of(origin: &Origin) -> Option<&Location> {
    match origin {
        Origin::File(at) => Some(at),
        _ => None,
    }
}

/// A flag or its variable, as clap saw it.
fn arg_origin(matches: &ArgMatches, def: &Def) -> Origin {
    match (matches.value_source(def.name), def.env) {
        (Some(ValueSource::EnvVariable), Some(env)) => Origin::Env(env),
        _ => Origin::Flag(*def),
    }
}

/// The layers below the flags.
struct Layers<'a> {
    matches: &'a ArgMatches,
    profile: Option<&'a Profile>,
}

impl Layers<'_> {
    /// The setting `def`, first found wins: its flag or variable (`value`, as clap parsed
    /// them), then the profile's key (`key`). The one layering of every setting but the token.
    fn layered<T: Clone>(
        &self,
        def: &Def,
        value: Option<T>,
        key: impl Fn(&Profile) -> Option<&Located<T>>,
    ) -> Option<Setting<T>> {
        self.flag_or_env(def, value)
            .or_else(|| self.profile_key(key))
    }

    fn flag_or_env<T>(&self, def: &Def, value: Option<T>) -> Option<Setting<T>> {
        value.map(|value| Setting {
            value,
            origin: arg_origin(self.matches, def),
        })
    }

    fn profile_key<T: Clone>(
        &self,
        key: impl Fn(&Profile) -> Option<&Located<T>>,
    ) -> Option<Setting<T>> {
        let profile = self.profile?;
        key(profile).map(|located| Setting {
            value: located.value.clone(),
            origin: Origin::Profile {
                name: profile.name.clone(),
                at: located.at.clone(),
            },
        })
    }

    /// `--demo`; `--token-file` or `FLASHBACK_TOKEN_FILE`; a non-empty `FLASHBACK_TOKEN`; the
    /// profile's `token_file` or `token_command`.
    fn token(&self, global: &Global) -> Option<Setting<TokenSource>> {
        if global.demo {
            return Some(Setting {
                value: TokenSource::Demo,
                origin: Origin::DemoFlag,
            });
        }
        if let Some(path) = &global.token_file {
            return Some(Setting {
                value: TokenSource::File(path.clone()),
                origin: arg_origin(self.matches, &TOKEN_FILE),
            });
        }
        if std::env::var_os(TOKEN_ENV).is_some_and(|token| !token.is_empty()) {
            return Some(Setting {
                value: TokenSource::Env,
                origin: Origin::Env(TOKEN_ENV),
            });
        }
        let file = self
            .profile_key(|p| p.token_file.as_ref())
            .map(|setting| Setting {
                value: TokenSource::File(setting.value),
                origin: setting.origin,
            });
        file.or_else(|| {
            self.profile_key(|p| p.token_command.as_ref())
                .map(|setting| Setting {
                    value: TokenSource::Command(setting.value),
                    origin: setting.origin,
                })
        })
    }
}
