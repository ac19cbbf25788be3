//! Where confirmation e-mails go: the operator's SMTP relay (host, port, how
//! the connection is secured), the sender, and the credentials — taken only
//! from the environment or a file, never from the command line. Turns a
//! [`Confirmation`] into a lettre message and sends it over SMTP.

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context};
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use uuid::Uuid;

use super::compose::Confirmation;

/// How long one delivery may take before it counts as failed.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// How the connection to the relay is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// No TLS: only sensible for a relay on this machine.
    Plain,
    /// STARTTLS is required (the submission port, 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
}

impl SmtpSecurity {
    /// Plain for a relay on this machine (`localhost`, a loopback address),
    /// STARTTLS for every other host.
    pub fn default_for(host: &str) -> SmtpSecurity {
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if loopback {
            SmtpSecurity::Plain
        } else {
            SmtpSecurity::StartTls
        }
    }

    /// The usual port: 25, 587 or 465.
    pub fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::Plain => 25,
            SmtpSecurity::StartTls => 587,
            SmtpSecurity::Tls => 465,
        }
    }
}

/// A user name and password for the relay. `Debug` shows neither.
#[derive(Clone)]
pub struct SmtpCredentials {
    username: String,
    password: String,
}

impl std::fmt::Debug for SmtpCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SmtpCredentials(<redacted>)")
    }
}

/// The environment variables that may hold the relay's credentials.
pub const USERNAME_ENV: &str = "KAART_SMTP_USERNAME";
pub const PASSWORD_ENV: &str = "KAART_SMTP_PASSWORD";

impl SmtpCredentials {
    /// From `KAART_SMTP_USERNAME` and `KAART_SMTP_PASSWORD`; `None` when
    /// neither is set, an error when only one is.
    pub fn from_env() -> anyhow::Result<Option<SmtpCredentials>> {
        match (std::env::var(USERNAME_ENV), std::env::var(PASSWORD_ENV)) {
            (Ok(username), Ok(password)) => Ok(Some(SmtpCredentials { username, password })),
            (Err(_), Err(_)) => Ok(None),
            _ => bail!("set both {USERNAME_ENV} and {PASSWORD_ENV}, or neither"),
        }
    }

    /// From a file: the user name on the first line, the password on the
    /// second.
    pub fn from_file(path: &Path) -> anyhow::Result<SmtpCredentials> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the SMTP credentials file {}", path.display()))?;
        let mut lines = text.lines();
        match (lines.next(), lines.next()) {
            (Some(u), Some(p)) if !u.trim().is_empty() && !p.is_empty() => Ok(SmtpCredentials {
                username: u.trim().to_string(),
                password: p.to_string(),
            }),
            _ => bail!(
                "the SMTP credentials file {} must hold the user name on the first line and the password on the second",
                path.display()
            ),
        }
    }
}

/// The relay and sender of confirmation e-mails.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// The sender, e.g. `Kaartbeheer <noreply@example.nl>`.
    pub from: Mailbox,
    pub credentials: Option<SmtpCredentials>,
}

impl SmtpConfig {
    /// A relay with the usual security and port for `host`; `from` is an
    /// address with an optional display name.
    pub fn new(host: &str, from: &str) -> anyhow::Result<SmtpConfig> {
        let security = SmtpSecurity::default_for(host);
        Ok(SmtpConfig {
            host: host.to_string(),
            port: security.default_port(),
            security,
            from: from
                .parse()
                .context("the sender address (--mail-from) is not a valid address")?,
            credentials: None,
        })
    }

    /// The lettre transport for this relay (no connection is made yet).
    pub fn transport(&self) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
        let builder = match self.security {
            SmtpSecurity::Plain => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host)
            }
            SmtpSecurity::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&self.host)
                    .context("cannot set up STARTTLS for the SMTP host")?
            }
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&self.host)
                .context("cannot set up TLS for the SMTP host")?,
        };
        let builder = builder.port(self.port).timeout(Some(SEND_TIMEOUT));
        let builder = match &self.credentials {
            Some(c) => {
                builder.credentials(Credentials::new(c.username.clone(), c.password.clone()))
            }
            None => builder,
        };
        Ok(builder.build())
    }

    /// The e-mail of `c`: from the configured sender, plain UTF-8 text.
    pub fn message(&self, c: &Confirmation) -> Result<Message, SendError> {
        let to: Mailbox = c.to.parse().map_err(|_| SendError::Address)?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(c.subject.clone())
            .message_id(Some(format!(
                "<{}@{}>",
                Uuid::new_v4(),
                self.from.email.domain()
            )))
            .header(ContentType::TEXT_PLAIN)
            .body(c.body.clone())
            .map_err(|_| SendError::Build)
    }
}

/// Why a confirmation was not sent, without anything of its content: an
/// SMTP error can quote the recipient, so only its kind and code are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    #[error("the recipient's address is not usable for SMTP")]
    Address,
    #[error("the message could not be built")]
    Build,
    #[error("the relay refused the message for good (SMTP {0})")]
    Permanent(u16),
    #[error("the relay refused the message for now (SMTP {0})")]
    Transient(u16),
    #[error("timed out talking to the relay")]
    Timeout,
    #[error("TLS with the relay failed")]
    Tls,
    /// Also a refused TLS handshake (e.g. a certificate not trusted):
    /// lettre reports those as connection errors.
    #[error("cannot reach the relay, or the connection or its TLS handshake failed")]
    Connection,
}

impl SendError {
    fn from_smtp(e: &lettre::transport::smtp::Error) -> SendError {
        let code = e.status().map(u16::from).unwrap_or(0);
        if e.is_permanent() {
            SendError::Permanent(code)
        } else if e.is_transient() {
            SendError::Transient(code)
        } else if e.is_timeout() {
            SendError::Timeout
        } else if e.is_tls() {
            SendError::Tls
        } else {
            SendError::Connection
        }
    }
}

/// Sends `c` through `transport`.
pub async fn send(
    config: &SmtpConfig,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    c: &Confirmation,
) -> Result<(), SendError> {
    let message = config.message(c)?;
    transport
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| SendError::from_smtp(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relay_on_this_machine_is_plain_others_need_starttls() {
        assert_eq!(SmtpSecurity::default_for("localhost"), SmtpSecurity::Plain);
        assert_eq!(SmtpSecurity::default_for("127.0.0.1"), SmtpSecurity::Plain);
        assert_eq!(SmtpSecurity::default_for("[::1]"), SmtpSecurity::Plain);
        assert_eq!(
            SmtpSecurity::default_for("smtp.example.nl"),
            SmtpSecurity::StartTls
        );
        let c = SmtpConfig::new("smtp.example.nl", "Kaartbeheer <noreply@example.nl>").unwrap();
        assert_eq!(c.port, 587);
        assert_eq!(c.from.email.to_string(), "noreply@example.nl");
        assert!(SmtpConfig::new("localhost", "geen adres").is_err());
    }

    #[test]
    fn credentials_come_from_a_two_line_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("smtp");
        std::fs::write(&path, "kaart\ngeheim wachtwoord\n").unwrap();
        let c = SmtpCredentials::from_file(&path).unwrap();
        assert_eq!(
            (c.username.as_str(), c.password.as_str()),
            ("kaart", "geheim wachtwoord")
        );
        assert!(!format!("{c:?}").contains("geheim"));
        std::fs::write(&path, "alleen een naam\n").unwrap();
        assert!(SmtpCredentials::from_file(&path).is_err());
    }
}
