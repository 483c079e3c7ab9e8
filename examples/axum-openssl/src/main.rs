//! A tiny forum: serves its page from `static/`, lists threads as JSON and
//! fetches link previews over HTTPS (reqwest's default native-tls backend,
//! i.e. OpenSSL on Linux).
use std::{net::SocketAddr, path::PathBuf, sync::Arc};

use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::Html,
    routing::get,
    Json, Router,
};
use serde::{Deserialize, Serialize};

struct App {
    http: reqwest::Client,
    static_dir: PathBuf,
}

#[derive(Serialize)]
struct Thread {
    id: u32,
    title: &'static str,
}

#[derive(Deserialize)]
struct PreviewQuery {
    url: String,
}

#[derive(Serialize)]
struct Preview {
    url: String,
    status: u16,
    title: Option<String>,
}

async fn index(State(app): State<Arc<App>>) -> Result<Html<String>, StatusCode> {
    tokio::fs::read_to_string(app.static_dir.join("index.html"))
        .await
        .map(Html)
        .map_err(|_| StatusCode::NOT_FOUND)
}

async fn threads() -> Json<Vec<Thread>> {
    Json(vec![
        Thread { id: 1, title: "Welcome" },
        Thread { id: 2, title: "Packaging with Nix" },
    ])
}

async fn preview(
    State(app): State<Arc<App>>,
    Query(q): Query<PreviewQuery>,
) -> Result<Json<Preview>, (StatusCode, String)> {
    let resp = app
        .http
        .get(&q.url)
        .send()
        .await
        .map_err(|e| (StatusCode::BAD_GATEWAY, e.to_string()))?;
    let status = resp.status().as_u16();
    let body = resp.text().await.unwrap_or_default();
    let title = body
        .split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map(|(t, _)| t.trim().to_owned());
    Ok(Json(Preview { url: q.url, status, title }))
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/threads", get(threads))
        .route("/preview", get(preview))
        .with_state(app)
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt::init();
    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(3000);
    let app = Arc::new(App {
        http: reqwest::Client::builder()
            .user_agent(concat!("forum/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the TLS backend (OpenSSL) initialises"),
        static_dir: std::env::var_os("FORUM_STATIC_DIR").map(PathBuf::from).unwrap_or_else(|| "static".into()),
    });
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    tracing::info!("forum listening on http://{addr}");
    axum::serve(listener, router(app))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .expect("server");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    #[tokio::test]
    async fn lists_threads() {
        let app = Arc::new(App { http: reqwest::Client::new(), static_dir: "static".into() });
        let req = axum::http::Request::get("/threads").body(axum::body::Body::empty()).unwrap();
        let resp = router(app).oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
    }
}
