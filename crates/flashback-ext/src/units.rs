//! Numbers in messages, as people write them: `within 3 s`, `after 1 attempt`, `256 MiB`.

use std::time::Duration;

/// A duration rounded for reading: `250 ms` below a second, else seconds with at most one
/// decimal (`3 s`, `2.5 s`). A budget computed from a deadline (2.999998958 s) reads `3 s`.
pub(crate) fn duration_text(duration: Duration) -> String {
    let millis = duration.as_secs_f64() * 1000.0;
    if millis < 999.5 {
        return format!("{} ms", millis.round() as u64);
    }
    let tenths = (duration.as_secs_f64() * 10.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{tenths:.0} s")
    } else {
        format!("{tenths:.1} s")
    }
}

/// `1 attempt`, `3 attempts`.
pub(crate) fn count_text(count: u32, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// A byte count in binary units: `256 MiB`, `1.5 KiB`, `100 bytes`.
pub(crate) fn bytes_text(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let tenths = (bytes as f64 / size as f64 * 10.0).round() / 10.0;
            return if tenths.fract() == 0.0 {
                format!("{tenths:.0} {unit}")
            } else {
                format!("{tenths:.1} {unit}")
            };
        }
    }
    count_text(u32::try_from(bytes).unwrap_or(u32::MAX), "byte")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration_text(Duration::from_nanos(2_999_998_958)), "3 s");
        assert_eq!(duration_text(Duration::from_millis(2500)), "2.5 s");
        assert_eq!(duration_text(Duration::from_millis(250)), "250 ms");
        assert_eq!(duration_text(Duration::from_micros(999_700)), "1 s");
        assert_eq!(duration_text(Duration::ZERO), "0 ms");
        assert_eq!(duration_text(Duration::from_secs(60)), "60 s");
    }

    #[test]
    fn counts_and_bytes() {
        assert_eq!(count_text(1, "attempt"), "1 attempt");
        assert_eq!(count_text(3, "attempt"), "3 attempts");
        assert_eq!(bytes_text(256 << 20), "256 MiB");
        assert_eq!(bytes_text(1536), "1.5 KiB");
        assert_eq!(bytes_text(4 << 30), "4 GiB");
        assert_eq!(bytes_text(100), "100 bytes");
        assert_eq!(bytes_text(1), "1 byte");
    }
}
