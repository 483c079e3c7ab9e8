// The text a program writes at / (model/rootResponse.ts), which the VM test looks for through nginx.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rootMarker } from '../../../server/src/model/rootResponse';

const src = (text: string) => [{ path: 'src/main.rs', text }];

describe('root response marker', () => {
  it('axum: the handler named in .route("/", get(h)), its format! text before the first placeholder', () => {
    const m = rootMarker(src('async fn index() -> String { let n = db.query("SELECT 1"); format!("notes: {n} saved") }\nfn app() { Router::new().route("/", get(index)); }'));
    assert.equal(m?.text, 'notes:');
    assert.equal(m?.at.line, 1);
  });

  it('a closure in place, an actix #[get("/")] handler returning Html, tags dropped', () => {
    assert.equal(rootMarker(src('let app = Router::new().route("/", get(|| async { "Hello, World!" }));'))?.text, 'Hello, World!');
    assert.equal(rootMarker(src('#[get("/")]\nasync fn home() -> impl Responder { HttpResponse::Ok().body("<h1>Welcome home</h1>") }'))?.text, 'Welcome home');
  });

  it('nothing for file names, SQL or a template the handler renders', () => {
    assert.equal(rootMarker(src('async fn index() -> Html<String> { Html(tokio::fs::read_to_string("index.html").await.unwrap()) }\nfn a() { r.route("/", get(index)); }')), undefined);
    assert.equal(rootMarker(src('fn main() { println!("listening on 3000"); }')), undefined);
  });
});
