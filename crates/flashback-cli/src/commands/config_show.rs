//! `flashback config show`: every resolved setting, its value and where it came from. The token
//! is never read here, let alone printed: only its source is.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use crate::output::{Format, csv, json, table};
use crate::settings::defs::{
    self, BASE_URL, CA_CERT, CLIENT_CERT, CLIENT_KEY, OUTPUT, PROFILE, RETRIES, TIMEOUT,
};
use crate::settings::{Origin, Resolved, TokenSource};

/// One line of the listing.
struct Line {
    setting: &'static str,
    value: String,
    source: String,
}

fn lines(settings: &Resolved) -> Vec<Line> {
    let line = |setting, value: String, origin: &Origin| Line {
        setting,
        value,
        source: origin.to_string(),
    };
    let mut lines = Vec::new();
    lines.push(match &settings.config {
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
    });
    lines.push(match &settings.profile {
        Some(profile) => line(PROFILE.name, profile.value.clone(), &profile.origin),
        None => line(PROFILE.name, "-".to_owned(), &Origin::Default),
    });
    lines.push(line(
        BASE_URL.name,
        settings.base_url.value.clone(),
        &settings.base_url.origin,
    ));
    lines.push(match &settings.token {
        Some(token) => {
            let value = match &token.value {
                TokenSource::Demo => "the demo token".to_owned(),
                TokenSource::Env => "set (not shown)".to_owned(),
                TokenSource::File(path) => format!("read from {} (not read)", path.display()),
                // Not even the command: a command line may hold the token itself.
                TokenSource::Command(_) => "printed by token_command (not run)".to_owned(),
            };
            line("token", value, &token.origin)
        }
        None => Line {
            setting: "token",
            value: "not set".to_owned(),
            source: "-".to_owned(),
        },
    });
    lines.push(match &settings.ca_cert {
        Some(ca_cert) => line(
            CA_CERT.name,
            ca_cert.value.display().to_string(),
            &ca_cert.origin,
        ),
        None => line(
            CA_CERT.name,
            "- (the system's trust store)".to_owned(),
            &Origin::Default,
        ),
    });
    // Paths only: the key file is never read here.
    for (def, setting, unset) in [
        (CLIENT_CERT, &settings.client_cert, "- (none presented)"),
        (CLIENT_KEY, &settings.client_key, "-"),
    ] {
        lines.push(match setting {
            Some(path) => line(def.name, path.value.display().to_string(), &path.origin),
            None => line(def.name, unset.to_owned(), &Origin::Default),
        });
    }
    let seconds = settings
        .timeout
        .value
        .unwrap_or_else(defs::default_timeout_secs);
    lines.push(line(
        TIMEOUT.name,
        format!("{seconds} s"),
        &settings.timeout.origin,
    ));
    lines.push(line(
        RETRIES.name,
        settings.retries.value.to_string(),
        &settings.retries.origin,
    ));
    let output = settings.output.value.name().to_owned();
    lines.push(line(OUTPUT.name, output, &settings.output.origin));
    lines
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
