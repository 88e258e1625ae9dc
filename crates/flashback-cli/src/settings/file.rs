//! The config file: where it is, and its profiles, read strictly (an unknown key is an error)
//! with the line of every value kept for the messages about it.
//!
//! ```toml
//! default_profile = "staging"
//!
//! [profiles.staging]
//! base_url = "https://staging.flashback.example"
//! token_command = "vault kv get -field=token secret/flashback"
//! timeout = 30
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::defs::CONFIG_ENV;
use crate::failure::Failure;
use crate::output::Format;
use flashback_ext::api::Redacted;

/// Where the config file is looked for, and why there.
#[derive(Debug, Clone)]
pub struct ConfigPath {
    pub path: PathBuf,
    /// Named by `FLASHBACK_CONFIG`: then it must exist.
    pub explicit: bool,
}

impl ConfigPath {
    /// `$FLASHBACK_CONFIG`, else `$XDG_CONFIG_HOME/flashback/config.toml`, else
    /// `~/.config/flashback/config.toml`; `None` with neither `XDG_CONFIG_HOME` nor `HOME`.
    pub fn locate() -> Option<Self> {
        if let Some(path) = std::env::var_os(CONFIG_ENV).filter(|path| !path.is_empty()) {
            return Some(Self {
                path: PathBuf::from(path),
                explicit: true,
            });
        }
        // The XDG spec ignores a relative XDG_CONFIG_HOME.
        let config_home = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
            .or_else(|| home().map(|home| home.join(".config")))?;
        Some(Self {
            path: config_home.join("flashback").join("config.toml"),
            explicit: false,
        })
    }

    /// Where the path came from, for `config show`.
    pub fn origin(&self) -> String {
        if self.explicit {
            format!("env {CONFIG_ENV}")
        } else {
            "default location".to_owned()
        }
    }
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(PathBuf::from)
}

/// A place in the config file: `path:line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.line)
    }
}

/// A value of the file and where it is written. Read from TOML with its byte offset, which
/// [`ConfigFile::parse`] turns into the file and line.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub at: Location,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        let offset = spanned.span().start;
        Ok(Self {
            value: spanned.into_inner(),
            // The line is the byte offset until `ConfigFile::parse` locates it.
            at: Location {
                path: PathBuf::new(),
                line: offset,
            },
        })
    }
}

impl<T> Located<T> {
    /// Turns the byte offset read with the value into `path:line`.
    fn locate(&mut self, place: &Place<'_>) {
        self.at = Location {
            path: place.path.to_owned(),
            line: line_of(place.text, self.at.line),
        };
    }
}

/// A `token_command`'s text. It may hold a credential itself (`echo $TOKEN`, a vault path with
/// a key), so it never prints: `Debug` shows `[REDACTED]`.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct TokenCommand(pub String);

impl fmt::Debug for TokenCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TokenCommand").field(&Redacted).finish()
    }
}

/// One `[profiles.NAME]` table, its keys the settings of `defs.rs` that a profile may set
/// (a unit test holds them together). Every key is optional; every value is located.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(skip)]
    pub name: String,
    pub base_url: Option<Located<String>>,
    pub token_file: Option<Located<PathBuf>>,
    pub token_command: Option<Located<TokenCommand>>,
    pub ca_cert: Option<Located<PathBuf>>,
    pub client_cert: Option<Located<PathBuf>>,
    pub client_key: Option<Located<PathBuf>>,
    pub timeout: Option<Located<u64>>,
    pub retries: Option<Located<u32>>,
    pub output: Option<Located<Format>>,
}

/// A read config file.
#[derive(Debug)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub default_profile: Option<Located<String>>,
    profiles: BTreeMap<String, Profile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    default_profile: Option<Located<String>>,
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

impl ConfigFile {
    /// Reads the file at `location`: `Ok(None)` when it does not exist and was not named by
    /// `FLASHBACK_CONFIG`; an error (with the file and the line) when it cannot be read or is
    /// not a valid config.
    pub fn load(location: &ConfigPath) -> Result<Option<Self>, Failure> {
        let path = &location.path;
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound && !location.explicit => {
                return Ok(None);
            }
            Err(err) => {
                return Err(Failure::usage(format!(
                    "cannot read the config file {} ({CONFIG_ENV}): {err}",
                    path.display()
                )));
            }
        };
        Self::parse(path, &text).map(Some)
    }

    /// Parses `text`, the content of `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Self, Failure> {
        let file: FileToml = toml::from_str(text).map_err(|err| {
            let line = err.span().map_or(1, |span| line_of(text, span.start));
            // toml's message is one line for the errors it reports; keep the first regardless.
            let message = err.message().lines().next().unwrap_or("").trim();
            Failure::usage(format!("{}:{line}: {message}", path.display()))
        })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let place = Place { path, text };
        let mut default_profile = file.default_profile;
        if let Some(name) = &mut default_profile {
            name.locate(&place);
        }
        let mut profiles = file.profiles;
        for (name, profile) in &mut profiles {
            profile.name = name.clone();
            profile.locate(&place);
            for path in [
                &mut profile.token_file,
                &mut profile.ca_cert,
                &mut profile.client_cert,
                &mut profile.client_key,
            ]
            .into_iter()
            .flatten()
            {
                path.value = expand_path(dir, &path.value);
            }
        }
        let config = Self {
            path: path.to_owned(),
            default_profile,
            profiles,
        };
        config.check()?;
        Ok(config)
    }

    /// The rules TOML's types cannot say: at least one second of timeout, one way to the token.
    fn check(&self) -> Result<(), Failure> {
        for profile in self.profiles.values() {
            if let Some(timeout) = &profile.timeout
                && timeout.value == 0
            {
                return Err(Failure::usage(format!(
                    "{}: timeout must be at least 1 (seconds)",
                    timeout.at
                )));
            }
            if let (Some(_), Some(command)) = (&profile.token_file, &profile.token_command) {
                return Err(Failure::usage(format!(
                    "{}: profile {} sets both token_file and token_command; keep one",
                    command.at, profile.name
                )));
            }
        }
        Ok(())
    }

    /// The profile called `name`, or an error listing the ones there are.
    pub fn profile(&self, name: &str, named_at: Option<&Location>) -> Result<&Profile, Failure> {
        self.profiles.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
            let place = match named_at {
                Some(at) => format!("{at}: "),
                None => String::new(),
            };
            let choices = if known.is_empty() {
                "it has no [profiles.NAME] table".to_owned()
            } else {
                format!("its profiles are: {}", known.join(", "))
            };
            Failure::usage(format!(
                "{place}no profile `{name}` in {}; {choices}",
                self.path.display()
            ))
        })
    }
}

/// The file a value is read from, to locate it.
struct Place<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Profile {
    /// Locates every value of the profile. The pattern names every field (no `..`), so a new
    /// key cannot be forgotten here.
    fn locate(&mut self, place: &Place<'_>) {
        macro_rules! locate_all {
            ($($field:ident),*) => {
                let Self { name: _, $($field),* } = self;
                $( if let Some(value) = $field { value.locate(place); } )*
            };
        }
        locate_all!(
            base_url,
            token_file,
            token_command,
            ca_cert,
            client_cert,
            client_key,
            timeout,
            retries,
            output
        );
    }
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// `~/x` under the home directory; a relative path under the config file's directory, so that
/// a profile means the same files wherever the command is run from.
fn expand_path(dir: &Path, path: &Path) -> PathBuf {
    if let Ok(rest) = path.strip_prefix("~")
        && let Some(home) = home()
    {
        return home.join(rest);
    }
    if path.is_relative() {
        dir.join(path)
    } else {
        path.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, String> {
        ConfigFile::parse(Path::new("/etc/fb/config.toml"), text).map_err(|f| f.message)
    }

    #[test]
    fn profiles_keep_their_values_and_lines() {
        let config = parse(
            "default_profile = \"prod\"\n\n[profiles.prod]\nbase_url = \"https://x\"\n\
             token_file = \"token\"\ntimeout = 5\noutput = \"csv\"\n",
        )
        .unwrap();
        assert_eq!(config.default_profile.as_ref().unwrap().value, "prod");
        let prod = config.profile("prod", None).unwrap();
        assert_eq!(prod.base_url.as_ref().unwrap().at.line, 4);
        assert_eq!(
            prod.token_file.as_ref().unwrap().value,
            Path::new("/etc/fb/token"),
            "relative to the file's directory"
        );
        assert_eq!(prod.timeout.as_ref().unwrap().value, 5);
        assert_eq!(prod.output.as_ref().unwrap().value, Format::Csv);
    }

    #[test]
    fn a_token_command_never_prints() {
        let config = parse("[profiles.a]\ntoken_command = \"echo SENTINEL-TOKEN\"\n").unwrap();
        let debug = format!("{config:?}");
        assert!(!debug.contains("SENTINEL"), "{debug}");
        assert!(debug.contains("TokenCommand([REDACTED])"), "{debug}");
    }

    #[test]
    fn mistakes_name_the_file_and_line() {
        let unknown = parse("[profiles.a]\nbase_url = \"https://x\"\ntoken = \"t\"\n").unwrap_err();
        assert!(
            unknown.starts_with("/etc/fb/config.toml:3: unknown field `token`"),
            "{unknown}"
        );
        let bad = parse("[profiles.a]\ntimeout = \"ten\"\n").unwrap_err();
        assert!(bad.starts_with("/etc/fb/config.toml:2: "), "{bad}");
        let broken = parse("[profiles.a\n").unwrap_err();
        assert!(broken.starts_with("/etc/fb/config.toml:1: "), "{broken}");
        let output = parse("[profiles.a]\n\noutput = \"xml\"\n").unwrap_err();
        assert!(
            output.starts_with("/etc/fb/config.toml:3: unknown variant `xml`"),
            "{output}"
        );
        let zero = parse("[profiles.a]\ntimeout = 0\n").unwrap_err();
        assert_eq!(
            zero,
            "/etc/fb/config.toml:2: timeout must be at least 1 (seconds)"
        );
        let both =
            parse("[profiles.a]\ntoken_file = \"t\"\ntoken_command = \"pass t\"\n").unwrap_err();
        assert!(both.contains(":3: profile a sets both"), "{both}");
    }

    /// A profile's keys are the settings of the table a profile may set, in its order.
    #[test]
    fn a_profiles_keys_are_the_tables() {
        let error = parse("[profiles.a]\nnone = 1\n").unwrap_err();
        let expected: Vec<String> = crate::settings::defs::profile_keys()
            .map(|key| format!("`{key}`"))
            .collect();
        assert!(
            error.ends_with(&format!("expected one of {}", expected.join(", "))),
            "{error}"
        );
    }

    #[test]
    fn an_unknown_profile_lists_the_known_ones() {
        let config = parse("[profiles.prod]\n[profiles.staging]\n").unwrap();
        let error = config.profile("stagin", None).unwrap_err().message;
        assert_eq!(
            error,
            "no profile `stagin` in /etc/fb/config.toml; its profiles are: prod, staging"
        );
    }
}
