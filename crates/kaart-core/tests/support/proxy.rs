//! A fault-injecting HTTP proxy for the tests: it sits between the client
//! and the server on 127.0.0.1 and applies the next fault of its schedule to
//! each request (then passes everything through). It speaks just enough
//! HTTP/1.1: one request per connection (`connection: close` both ways),
//! bodies by `content-length`.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forward untouched.
    Pass,
    /// Close the client's connection before the server sees the request.
    DropBeforeServer,
    /// Let the server answer, then close without passing the answer on.
    DropAfterServer,
    /// Answer 500 without asking the server.
    Status500,
    /// Let the server answer, then pass it on after a delay.
    Delay(u64),
    /// Let the server answer, then pass on only the first half of it.
    Truncate,
}

#[derive(Debug, Default)]
struct State {
    schedule: VecDeque<Fault>,
    /// Faults applied so far, with the request line they hit.
    log: Vec<(Fault, String)>,
}

#[derive(Debug, Clone)]
pub struct Proxy {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl Proxy {
    /// Starts a proxy to `upstream` (`http://127.0.0.1:PORT`) on the current
    /// tokio runtime.
    pub async fn start(upstream: &str) -> Proxy {
        let upstream = upstream.trim_start_matches("http://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let state = shared.clone();
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    let _ = handle(client, &upstream, state).await;
                });
            }
        });
        Proxy { url, state }
    }

    pub fn set_schedule(&self, faults: impl IntoIterator<Item = Fault>) {
        let mut s = self.state.lock().unwrap();
        s.schedule = faults.into_iter().collect();
        s.log.clear();
    }

    pub fn log(&self) -> Vec<(Fault, String)> {
        self.state.lock().unwrap().log.clone()
    }
}

async fn read_request(client: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map(|v| v.trim().parse().unwrap_or(0))
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                let n = client.read(&mut chunk).await?;
                if n == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Ok(buf);
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Inserts `connection: close` after the first line of an HTTP head.
fn with_close(message: &[u8]) -> Vec<u8> {
    let Some(eol) = find(message, b"\r\n") else {
        return message.to_vec();
    };
    let mut out = message[..eol + 2].to_vec();
    out.extend_from_slice(b"connection: close\r\n");
    let rest = &message[eol + 2..];
    // Drop any keep-alive header the sender put in.
    let Some(head_end) = find(rest, b"\r\n\r\n") else {
        return message.to_vec();
    };
    for line in String::from_utf8_lossy(&rest[..head_end]).split("\r\n") {
        if !line.to_ascii_lowercase().starts_with("connection:") {
            out.extend_from_slice(line.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
    }
    out.extend_from_slice(&rest[head_end + 2..]);
    out
}

async fn handle(
    mut client: TcpStream,
    upstream: &str,
    state: Arc<Mutex<State>>,
) -> std::io::Result<()> {
    let request = read_request(&mut client).await?;
    let request_line =
        String::from_utf8_lossy(&request[..find(&request, b"\r\n").unwrap_or(0)]).to_string();
    let fault = {
        let mut s = state.lock().unwrap();
        let fault = s.schedule.pop_front().unwrap_or(Fault::Pass);
        s.log.push((fault, request_line));
        fault
    };
    match fault {
        Fault::DropBeforeServer => return Ok(()),
        Fault::Status500 => {
            let body = br#"{"code":"internal","message":"Storing (proxy)."}"#;
            let head = format!(
                "HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            client.write_all(head.as_bytes()).await?;
            client.write_all(body).await?;
            return client.shutdown().await;
        }
        _ => {}
    }
    let mut server = TcpStream::connect(upstream).await?;
    server.write_all(&with_close(&request)).await?;
    let mut response = Vec::new();
    server.read_to_end(&mut response).await?;
    match fault {
        Fault::DropAfterServer => return Ok(()),
        Fault::Delay(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
        _ => {}
    }
    let response = with_close(&response);
    let response = if fault == Fault::Truncate {
        let head_end = find(&response, b"\r\n\r\n").map(|e| e + 4).unwrap_or(0);
        let body_len = response.len() - head_end;
        response[..head_end + body_len / 2].to_vec()
    } else {
        response
    };
    client.write_all(&response).await?;
    client.shutdown().await
}
