//! A fault-injecting HTTP proxy for the tests: it sits between the client
//! and the server on 127.0.0.1 and applies a fault to a request: while the
//! proxy is "down" every request gets the same fault; else the first armed
//! one-shot fault whose text appears in the request line; else the next
//! fault of its schedule; else it passes the request through. It speaks
//! just enough HTTP/1.1: one request per connection (`connection: close`
//! both ways), bodies by `content-length`.

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
    /// Refuse the request as a whole (400 `bad_request`) without asking
    /// the server, as a service refuses a body it cannot take.
    Refuse400,
    /// Let the server answer, then pass it on after a delay.
    Delay(u64),
    /// Let the server answer, then pass on only the first half of it.
    Truncate,
}

#[derive(Debug, Default)]
struct State {
    schedule: VecDeque<Fault>,
    /// One-shot faults for the next request whose request line contains
    /// the text, e.g. `("/mutations", DropAfterServer)`.
    armed: Vec<(String, Fault)>,
    /// Faults for every request whose text (head and body) contains the text.
    always: Vec<(String, Fault)>,
    /// Every request gets this fault (the network is down).
    down: Option<Fault>,
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

    /// Applies `fault` once, to the next request whose request line
    /// (`POST /api/v1/... HTTP/1.1`) contains `request_contains`.
    pub fn arm(&self, request_contains: &str, fault: Fault) {
        let mut s = self.state.lock().unwrap();
        s.armed.push((request_contains.to_string(), fault));
    }

    /// Applies `fault` to every request whose head or body contains
    /// `request_contains` (e.g. a record's id).
    pub fn always(&self, request_contains: &str, fault: Fault) {
        let mut s = self.state.lock().unwrap();
        s.always.push((request_contains.to_string(), fault));
    }

    /// `Some(fault)`: every request gets `fault` until `set_down(None)`.
    pub fn set_down(&self, fault: Option<Fault>) {
        self.state.lock().unwrap().down = fault;
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
    let text = String::from_utf8_lossy(&request);
    let fault = {
        let mut s = state.lock().unwrap();
        let always = s
            .always
            .iter()
            .find(|(t, _)| text.contains(t.as_str()))
            .map(|(_, fault)| *fault);
        let armed = s
            .armed
            .iter()
            .position(|(text, _)| request_line.contains(text.as_str()));
        let fault = match (s.down.or(always), armed) {
            (Some(fault), _) => fault,
            (None, Some(i)) => s.armed.remove(i).1,
            (None, None) => s.schedule.pop_front().unwrap_or(Fault::Pass),
        };
        s.log.push((fault, request_line));
        fault
    };
    let refusal: Option<(&str, &[u8])> = match fault {
        Fault::DropBeforeServer => return Ok(()),
        Fault::Status500 => Some((
            "500 Internal Server Error",
            br#"{"code":"internal","message":"Storing (proxy)."}"#,
        )),
        Fault::Refuse400 => Some((
            "400 Bad Request",
            br#"{"code":"bad_request","message":"Het verzoek is ongeldig."}"#,
        )),
        _ => None,
    };
    if let Some((status, body)) = refusal {
        let head = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        client.write_all(head.as_bytes()).await?;
        client.write_all(body).await?;
        return client.shutdown().await;
    }
    let mut server = TcpStream::connect(upstream).await?;
    // The server may answer before it has read the whole body (413) and
    // close its end: its answer still counts.
    let sent = server.write_all(&with_close(&request)).await;
    let mut response = Vec::new();
    let read = server.read_to_end(&mut response).await;
    if response.is_empty() {
        sent?;
        read?;
    }
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
