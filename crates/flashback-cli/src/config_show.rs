//! `flashback config show`: every resolved setting, its value and where it came from. The token
//! is never read here, let alone printed: only its source is.

use std::io::{self, Write};

use flashback_ext::DEFAULT_DEADLINE;
use serde_json::{Map, Value, json};

use crate::args::Format;
use crate::render::into_io;
use crate::resolve::{Origin, Resolved, TokenSource};
use crate::table;

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
        Some(profile) => line("profile", profile.value.clone(), &profile.origin),
        None => line("profile", "-".to_owned(), &Origin::Default),
    });
    lines.push(line(
        "base_url",
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
            "ca_cert",
            ca_cert.value.display().to_string(),
            &ca_cert.origin,
        ),
        None => line(
            "ca_cert",
            "- (the system's trust store)".to_owned(),
            &Origin::Default,
        ),
    });
    let seconds = settings.timeout.value.unwrap_or(DEFAULT_DEADLINE.as_secs());
    lines.push(line(
        "timeout",
        format!("{seconds} s"),
        &settings.timeout.origin,
    ));
    lines.push(line(
        "retries",
        settings.retries.value.to_string(),
        &settings.retries.origin,
    ));
    let output = format!("{:?}", settings.output.value).to_lowercase();
    lines.push(line("output", output, &settings.output.origin));
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
            serde_json::to_writer_pretty(&mut *out, &object)?;
            writeln!(out)
        }
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer
                .write_record(["setting", "value", "source"])
                .map_err(into_io)?;
            for line in &lines {
                writer
                    .write_record([line.setting, &line.value, &line.source])
                    .map_err(into_io)?;
            }
            writer.flush()
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = lines
                .into_iter()
                .map(|line| vec![line.setting.to_owned(), line.value, line.source])
                .collect();
            table::write(out, &["SETTING", "VALUE", "SOURCE"], &rows)
        }
    }
}
