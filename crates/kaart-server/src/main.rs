//! The `kaart-server` command: serve the sync API, seed data sets, and
//! administer managers. Logs go to stderr (method, path, status only);
//! `serve` prints exactly one line to stdout: `listening on http://ADDR`.

use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use kaart_server::{accounts, db, generate, Config};
use uuid::Uuid;

#[derive(Parser)]
#[command(
    name = "kaart-server",
    version,
    about = "The reference central service of the Kaartbeheer sync API"
)]
struct Cli {
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

fn open_empty(path: &std::path::Path) -> anyhow::Result<rusqlite::Connection> {
    let conn =
        db::open(path).with_context(|| format!("cannot open the database {}", path.display()))?;
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
    match run(Cli::parse().command).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
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
        } => {
            let mut config = Config::new(addr, db);
            config.seed_demo = demo;
            config.public_base_url = public_url.map(|u| u.trim_end_matches('/').to_string());
            config.policy.review_interval_days = review_interval_days;
            config.policy.signup_retention_days = signup_retention_days;
            config.policy.tombstone_horizon_days = tombstone_horizon_days;
            config.purge_every = Duration::from_secs(purge_every_secs.max(1));
            let server = kaart_server::start(config).await?;
            println!("listening on {}", server.url());
            tokio::signal::ctrl_c().await?;
            server.shutdown().await?;
        }
        Command::CreateManager { db, username, name } => {
            let password = read_password()?;
            let conn = db::open(&db)?;
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
            let conn = db::open(&db)?;
            accounts::grant(&conn, &username, organization)?;
            println!("{username} now manages {organization}");
        }
        Command::Seed {
            db,
            demo,
            bench,
            signups,
        } => {
            let mut conn = open_empty(&db)?;
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
