//! `flashback config show`: every resolved setting, its value and where it came from. The token
//! is never read here, let alone printed: only its source is.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use crate::output::{Format, csv, json, table};
use std::path::PathBuf;

use crate::settings::defs::{
    self, BASE_URL, CA_CERT, CLIENT_CERT, CLIENT_KEY, Def, OUTPUT, PROFILE, RETRIES, TIMEOUT,
    TOKEN_COMMAND, TOKEN_FILE,
};
use crate::settings::{Origin, Resolved, Setting, TokenSource};

/// One line of the listing.
struct Line {
    setting: &'static str,
    value: String,
    source: String,
}

/// The lines of `config show`: the config file, then every setting of the table in its order
/// (the token's sources, `token_file` and `token_command`, as one `token` line).
fn lines(settings: &Resolved) -> Vec<Line> {
    let config = match &settings.config {
        Some((location, found)) => Line {
            setting: "config",
            value: if *found {
                location.path.display().to_string()
            } else {
                format!("{} (not found)", location.path.display())
            },
            source: location.origin(),
        },
        None => Line {
            setting: "config",
            value: "-".to_owned(),
            source: "neither XDG_CONFIG_HOME nor HOME is set".to_owned(),
        },
    };
    std::iter::once(config)
        .chain(defs::ALL.iter().filter_map(|def| line(settings, def)))
        .collect()
}

/// The line of `def`: its value and where it came from; `None` for `token_command`, shown on
/// the `token` line.
fn line(settings: &Resolved, def: &Def) -> Option<Line> {
    let line = |value: String, origin: &Origin| Line {
        setting: def.name,
        value,
        source: origin.to_string(),
    };
    let path = |setting: &Option<Setting<PathBuf>>, unset: &str| match setting {
        Some(path) => line(path.value.display().to_string(), &path.origin),
        None => line(unset.to_owned(), &Origin::Default),
    };
    Some(match *def {
        PROFILE => match &settings.profile {
            Some(profile) => line(profile.value.clone(), &profile.origin),
            None => line("-".to_owned(), &Origin::Default),
        },
        BASE_URL => line(settings.base_url.value.clone(), &settings.base_url.origin),
        TOKEN_FILE => token_line(settings),
        CA_CERT => path(&settings.ca_cert, "- (the system's trust store)"),
        // Paths only: the key file is never read here.
        CLIENT_CERT => path(&settings.client_cert, "- (none presented)"),
        CLIENT_KEY => path(&settings.client_key, "-"),
        TIMEOUT => {
            let seconds = settings
                .timeout
                .value
                .unwrap_or_else(defs::default_timeout_secs);
            line(format!("{seconds} s"), &settings.timeout.origin)
        }
        RETRIES => line(settings.retries.value.to_string(), &settings.retries.origin),
        OUTPUT => line(
            settings.output.value.name().to_owned(),
            &settings.output.origin,
        ),
        // On the `token` line.
        TOKEN_COMMAND => return None,
        // A setting of the table without a line here would be missing from the snapshots of
        // `tests/profiles.rs`.
        _ => return None,
    })
}

/// Where the token comes from, never the token (nor the command, which may hold it).
fn token_line(settings: &Resolved) -> Line {
    match &settings.token {
        Some(token) => {
            let value = match &token.value {
                TokenSource::Demo => "the demo token".to_owned(),
                TokenSource::Env => "set (not shown)".to_owned(),
                TokenSource::File(path) => format!("read from {} (not read)", path.display()),
                TokenSource::Command(_) => "printed by token_command (not run)".to_owned(),
            };
            Line {
                setting: "token",
                value,
                source: token.origin.to_string(),
            }
        }
        None => Line {
            setting: "token",
            value: "not set".to_owned(),
            source: "-".to_owned(),
        },
    }
}

/// Writes the settings as an aligned table, CSV, or one JSON object (`json`, `ndjson`).
pub fn write(out: &mut impl Write, settings: &Resolved) -> io::Result<()> {
    let lines = lines(settings);
    match settings.output.value {
        Format::Json | Format::Ndjson => {
            let object: Map<String, Value> = lines
                .into_iter()
                .map(|line| {
                    let entry = json!({ "value": line.value, "source": line.source });
                    (line.setting.to_owned(), entry)
                })
                .collect();
            json::pretty(out, &object)
        }
        Format::Csv => csv::write(
            out,
            &["setting", "value", "source"],
            lines.into_iter().map(Line::cells),
        ),
        Format::Table => {
            let headings = ["SETTING", "VALUE", "SOURCE"].map(str::to_owned);
            let cells: Vec<Vec<String>> = lines.into_iter().map(Line::cells).collect();
            table::write(out, &headings, || cells.iter().cloned(), table::plain)
        }
    }
}

impl Line {
    fn cells(self) -> Vec<String> {
        vec![self.setting.to_owned(), self.value, self.source]
    }
}
