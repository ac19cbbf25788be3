//! The `kaart-server` command: serve the sync API, seed data sets, and
//! administer managers. Logs go to stderr (method, path, status only);
//! `serve` prints exactly one line to stdout: `listening on http://ADDR`.

use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use kaart_server::{accounts, db, generate, mail, Config};
use uuid::Uuid;

#[derive(Parser)]
#[command(
    name = "kaart-server",
    version,
    about = "The reference central service of the Kaartbeheer sync API"
)]
struct Cli {
    /// A file holding the database's 256-bit key as 64 hex digits: the
    /// database is then encrypted at rest (SQLCipher). Never the key itself
    /// on the command line.
    #[arg(long, global = true)]
    db_key_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        #[arg(long)]
        db: PathBuf,
        /// Seed the demo set (manager `demo`, password `demo`) into an empty database.
        #[arg(long)]
        demo: bool,
        /// Base URL of unsubscribe links (default: http://ADDR).
        #[arg(long)]
        public_url: Option<String>,
        #[arg(long, default_value_t = 182)]
        review_interval_days: u32,
        #[arg(long, default_value_t = 30)]
        signup_retention_days: u32,
        #[arg(long, default_value_t = 90)]
        tombstone_horizon_days: u32,
        /// Seconds between runs of the purge job.
        #[arg(long, default_value_t = 3600)]
        purge_every_secs: u64,
        #[command(flatten)]
        smtp: SmtpArgs,
    },
    /// Create a manager. The password comes from KAART_PASSWORD or stdin, never argv.
    CreateManager {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
    },
    /// Let a manager manage an organisation.
    Grant {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        username: String,
        #[arg(long)]
        organization: Uuid,
    },
    /// Take an organisation away from a manager.
    RevokeGrant {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        username: String,
        #[arg(long)]
        organization: Uuid,
    },
    /// End every session of a manager (their apps must sign in again).
    RevokeSessions {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        username: String,
    },
    /// Set a new password (from KAART_PASSWORD or stdin, never argv); ends every session.
    ResetPassword {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        username: String,
    },
    /// Disable a manager: no sign-in, every session ended. `--enable` undoes it.
    DisableManager {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        username: String,
        #[arg(long)]
        enable: bool,
    },
    /// Delete a manager: account, sessions, grants and profile.
    DeleteManager {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        username: String,
    },
    /// Seed a data set into an empty database.
    #[command(group(clap::ArgGroup::new("set").required(true).args(["demo", "bench"])))]
    Seed {
        #[arg(long)]
        db: PathBuf,
        /// The small demo set.
        #[arg(long)]
        demo: bool,
        /// One organisation with 5,000 records and 200,000 sign-ups (manager `bench`, password `bench`).
        #[arg(long)]
        bench: bool,
        /// With `--bench`: this many sign-ups instead of 200,000 (a smaller
        /// set that seeds faster, e.g. for the desktop tests).
        #[arg(long, requires = "bench")]
        signups: Option<usize>,
    },
}

/// Where confirmation e-mails go. Without `--smtp-host` none are sent.
#[derive(clap::Args)]
struct SmtpArgs {
    /// The SMTP relay for confirmation e-mails to registrants. Without it no
    /// e-mail is sent (the log says one would have been). Credentials come
    /// from KAART_SMTP_USERNAME and KAART_SMTP_PASSWORD or
    /// --smtp-credentials-file, never from the command line.
    #[arg(long, requires = "mail_from")]
    smtp_host: Option<String>,
    /// The relay's port (default: 25 plain, 587 starttls, 465 tls).
    #[arg(long, requires = "smtp_host")]
    smtp_port: Option<u16>,
    /// How the connection is secured (default: plain for localhost or a
    /// loopback address, starttls otherwise).
    #[arg(long, value_enum, requires = "smtp_host")]
    smtp_tls: Option<SmtpTls>,
    /// The sender of confirmation e-mails, e.g. "Sociale kaart <noreply@example.nl>".
    #[arg(long, requires = "smtp_host")]
    mail_from: Option<String>,
    /// A file with the relay's user name on the first line and password on
    /// the second.
    #[arg(long, requires = "smtp_host")]
    smtp_credentials_file: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SmtpTls {
    /// No TLS (only for a relay on this machine).
    None,
    /// STARTTLS, required.
    Starttls,
    /// TLS from the start.
    Tls,
}

impl SmtpArgs {
    fn config(self) -> anyhow::Result<Option<mail::SmtpConfig>> {
        let (Some(host), Some(from)) = (self.smtp_host, self.mail_from) else {
            return Ok(None);
        };
        let mut config = mail::SmtpConfig::new(&host, &from)?;
        if let Some(tls) = self.smtp_tls {
            config.security = match tls {
                SmtpTls::None => mail::SmtpSecurity::Plain,
                SmtpTls::Starttls => mail::SmtpSecurity::StartTls,
                SmtpTls::Tls => mail::SmtpSecurity::Tls,
            };
        }
        config.port = self
            .smtp_port
            .unwrap_or_else(|| config.security.default_port());
        config.credentials = match self.smtp_credentials_file {
            Some(file) => Some(mail::SmtpCredentials::from_file(&file)?),
            None => mail::SmtpCredentials::from_env()?,
        };
        Ok(Some(config))
    }
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("KAART_PASSWORD") {
        return Ok(p);
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password: ");
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from stdin")?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        bail!("no password: set KAART_PASSWORD or pass it on stdin");
    }
    Ok(password)
}

fn open_empty(
    path: &std::path::Path,
    key: Option<&db::DbKey>,
) -> anyhow::Result<rusqlite::Connection> {
    let conn = db::open_keyed(path, key)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    if generate::has_managers(&conn)? {
        bail!(
            "{} already has data; seed only an empty database",
            path.display()
        );
    }
    Ok(conn)
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,rusqlite_migration=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let key = match cli
        .db_key_file
        .as_deref()
        .map(db::DbKey::from_file)
        .transpose()
    {
        Ok(key) => key,
        Err(e) => {
            eprintln!("error: {e:#}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match run(cli.command, key).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, key: Option<db::DbKey>) -> anyhow::Result<()> {
    let open = |path: &std::path::Path| db::open_keyed(path, key.as_ref());
    match command {
        Command::Serve {
            addr,
            db,
            demo,
            public_url,
            review_interval_days,
            signup_retention_days,
            tombstone_horizon_days,
            purge_every_secs,
            smtp,
        } => {
            let mut config = Config::new(addr, db);
            config.seed_demo = demo;
            config.public_base_url = public_url.map(|u| u.trim_end_matches('/').to_string());
            config.policy.review_interval_days = review_interval_days;
            config.policy.signup_retention_days = signup_retention_days;
            config.policy.tombstone_horizon_days = tombstone_horizon_days;
            config.purge_every = Duration::from_secs(purge_every_secs.max(1));
            config.db_key = key.clone();
            config.smtp = smtp.config()?;
            let server = kaart_server::start(config).await?;
            println!("listening on {}", server.url());
            tokio::signal::ctrl_c().await?;
            server.shutdown().await?;
        }
        Command::CreateManager { db, username, name } => {
            let password = read_password()?;
            let conn = open(&db)?;
            let id = accounts::create_manager(
                &conn,
                Uuid::now_v7(),
                &username,
                &name,
                &accounts::hash_password(&password)?,
            )?;
            println!("created manager {username} ({id})");
        }
        Command::Grant {
            db,
            username,
            organization,
        } => {
            let conn = open(&db)?;
            accounts::grant(&conn, &username, organization)?;
            println!("{username} now manages {organization}");
        }
        Command::RevokeGrant {
            db,
            username,
            organization,
        } => {
            let conn = open(&db)?;
            if accounts::revoke_grant(&conn, &username, organization)? {
                println!("{username} no longer manages {organization}");
            } else {
                println!("{username} did not manage {organization}");
            }
        }
        Command::RevokeSessions { db, username } => {
            let conn = open(&db)?;
            let n = accounts::revoke_sessions(&conn, &username)?;
            println!("ended {n} session(s) of {username}");
        }
        Command::ResetPassword { db, username } => {
            let password = read_password()?;
            let conn = open(&db)?;
            accounts::reset_password(&conn, &username, &accounts::hash_password(&password)?)?;
            println!("new password set for {username}; every session ended");
        }
        Command::DisableManager {
            db,
            username,
            enable,
        } => {
            let conn = open(&db)?;
            accounts::set_disabled(&conn, &username, !enable)?;
            if enable {
                println!("{username} may sign in again");
            } else {
                println!("{username} is disabled; every session ended");
            }
        }
        Command::DeleteManager { db, username } => {
            let mut conn = open(&db)?;
            let id = accounts::delete_manager(&mut conn, &username)?;
            println!("deleted manager {username} ({id})");
        }
        Command::Seed {
            db,
            demo,
            bench,
            signups,
        } => {
            let mut conn = open_empty(&db, key.as_ref())?;
            if demo {
                let s = generate::demo::seed_demo(&mut conn)?;
                println!(
                    "seeded the demo set: manager demo/demo manages {} and {}; manager tweede/tweede manages {}",
                    s.demo_organizations[0], s.demo_organizations[1], s.other_organization
                );
            } else if bench {
                let started = std::time::Instant::now();
                let s = generate::bench::seed_bench(&mut conn, 5_000, signups.unwrap_or(200_000))?;
                println!(
                    "seeded the bench set in {:.1} s: manager bench/bench manages {} ({} records, {} sign-ups)",
                    started.elapsed().as_secs_f64(),
                    s.organization,
                    s.records,
                    s.signups
                );
            }
            db::checkpoint_truncate(&conn)?;
        }
    }
    Ok(())
}
