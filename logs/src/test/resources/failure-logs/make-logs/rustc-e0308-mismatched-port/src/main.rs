use std::env;

fn configured_port() -> String {
    env::var("LISTEN_PORT").unwrap_or_else(|_| "8080".to_string())
}

// @@PAD@@
fn bind_address() -> (String, u16) {
    let host = env::var("LISTEN_HOST").unwrap_or_else(|_| "0.0.0.0".to_string());
    let port: u16 = configured_port();
    (host, port)
}

fn main() {
    let (host, port) = bind_address();
    println!("listening on {}:{}", host, port);
}
