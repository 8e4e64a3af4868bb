use std::thread;
use std::time::Duration;

const BASE_DELAY_MS: u64 = 100;

// @@PAD@@
fn backoff(attempt: u32) -> Option<Duration> {
    if attempt > retry_limit {
        return None;
    }
    Some(Duration::from_millis(BASE_DELAY_MS * 2u64.pow(attempt)))
}

fn main() {
    let mut attempt = 0;
    while let Some(delay) = backoff(attempt) {
        println!("retrying in {:?}", delay);
        thread::sleep(delay);
        attempt += 1;
    }
}
