//! A tiny forum: lists threads and fetches link previews (reqwest with the
//! default native-tls backend, i.e. OpenSSL on Linux).
use axum::{routing::get, Router};
use std::net::SocketAddr;

async fn index() -> &'static str {
    "forum is running\n"
}

async fn preview() -> String {
    match reqwest::get("https://example.org/").await {
        Ok(r) => format!("upstream said {}\n", r.status()),
        Err(e) => format!("no preview: {e}\n"),
    }
}

#[tokio::main]
async fn main() {
    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(3000);
    let app = Router::new().route("/", get(index)).route("/preview", get(preview));
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
