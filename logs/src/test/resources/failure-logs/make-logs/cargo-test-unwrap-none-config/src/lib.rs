use std::collections::HashMap;
use std::time::Duration;

pub fn parse(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

// @@PAD@@
pub fn request_timeout(config: &HashMap<String, String>) -> Duration {
    let raw = config.get("request_timeout_ms").unwrap();
    Duration::from_millis(raw.parse().expect("timeout must be a number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_key_values() {
        let cfg = parse("a = 1\nb=2");
        assert_eq!(cfg.len(), 2);
    }

    #[test]
    fn reads_request_timeout() {
        let cfg = parse("service = billing\nrequest_timeout = 2500\n");
        assert_eq!(request_timeout(&cfg), Duration::from_millis(2500));
    }
}
