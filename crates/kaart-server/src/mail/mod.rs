//! Confirmation e-mails to registrants. A sign-up hands its confirmation to
//! the [`Mailer`], which never waits: with an SMTP relay configured the
//! confirmation goes into a small bounded queue that one background task
//! sends from ([`smtp`]); without one (the demo, the app's embedded service)
//! nothing is sent and one log line says a confirmation would have been.
//! Failures are logged by kind only: no address, name or answer ever
//! reaches a log line or error message.
//!
//! - [`compose`]: the Dutch text (answers by label, the unsubscribe link).
//! - [`smtp`]: relay, sender, credentials, sending with lettre.

pub mod compose;
pub mod smtp;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

pub use compose::Confirmation;
pub use smtp::{SmtpConfig, SmtpCredentials, SmtpSecurity};

/// How many confirmations may wait for the relay; beyond that a new one is
/// dropped (and logged) rather than slowing down sign-ups.
pub const QUEUE_CAPACITY: usize = 256;

/// Takes confirmations from the sign-up handler. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Mailer {
    queue: Option<mpsc::Sender<Confirmation>>,
}

impl Mailer {
    /// Sends nothing; logs that a confirmation would have been sent.
    pub fn log_only() -> Mailer {
        Mailer { queue: None }
    }

    /// Starts the sending task on the current tokio runtime. It ends once
    /// every clone of the mailer is dropped and the queue is empty.
    pub fn start(config: SmtpConfig) -> anyhow::Result<(Mailer, JoinHandle<()>)> {
        let transport = config.transport()?;
        let (tx, mut rx) = mpsc::channel::<Confirmation>(QUEUE_CAPACITY);
        let task = tokio::spawn(async move {
            while let Some(c) = rx.recv().await {
                match smtp::send(&config, &transport, &c).await {
                    Ok(()) => tracing::info!("confirmation e-mail sent"),
                    Err(e) => tracing::warn!(reason = %e, "confirmation e-mail not sent"),
                }
            }
        });
        Ok((Mailer { queue: Some(tx) }, task))
    }

    /// Queues `c` for sending; returns at once, whatever happens to it.
    pub fn send(&self, c: Confirmation) {
        let Some(queue) = &self.queue else {
            tracing::info!("no SMTP relay configured: a confirmation e-mail would have been sent");
            return;
        };
        match queue.try_send(c) {
            Ok(()) => tracing::debug!("confirmation e-mail queued"),
            Err(mpsc::error::TrySendError::Full(_)) => {
                tracing::warn!("mail queue full: a confirmation e-mail was dropped")
            }
            Err(mpsc::error::TrySendError::Closed(_)) => {
                tracing::warn!("mail task stopped: a confirmation e-mail was dropped")
            }
        }
    }
}
