//! `kaart-sync`: the sync core from the command line, without the app. Used
//! by the crash tests (spawned, frozen at a pause point with
//! `KAART_PAUSE_AT`, then SIGKILLed) and handy for poking at a server.
//!
//! ```text
//! kaart-sync --data-dir D --service URL --keyring-service S sign-in --username U   # password: KAART_PASSWORD
//! kaart-sync ... sync
//! kaart-sync ... create-contact --org ORG --name NAME      # prints the new id
//! kaart-sync ... update --kind contact --id ID --field city --value '"Delft"'
//! kaart-sync ... dump                                      # the local view as JSON
//! ```
//! Output is JSON on stdout; errors are `{code, message}` on stderr, exit 1.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};
use kaart_api::records::{Contact, Record, RecordKind};
use kaart_core::ipc::AppError;
use kaart_core::sync::RetryPolicy;
use kaart_core::{Workspace, WorkspaceConfig};
use serde_json::{json, Value};
use uuid::Uuid;

#[derive(Debug, Parser)]
#[command(about = "Kaartbeheer's sync core on the command line")]
struct Args {
    #[arg(long)]
    data_dir: PathBuf,
    #[arg(long)]
    service: String,
    /// The app identifier the keyring entries are filed under.
    #[arg(long)]
    keyring_service: String,
    /// Retries per request inside one sync.
    #[arg(long, default_value_t = 5)]
    retries: usize,
    /// Changes per page asked of the feed.
    #[arg(long, default_value_t = kaart_core::sync::PAGE_SIZE)]
    page_size: u32,
    /// Mutations per push request.
    #[arg(long, default_value_t = kaart_core::sync::BATCH_SIZE)]
    batch_size: usize,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    SignIn {
        #[arg(long)]
        username: String,
    },
    SignOut {
        #[arg(long)]
        wipe: bool,
    },
    Sync,
    CreateContact {
        #[arg(long)]
        org: Uuid,
        #[arg(long)]
        name: String,
    },
    Update {
        #[arg(long)]
        kind: String,
        #[arg(long)]
        id: Uuid,
        #[arg(long)]
        field: String,
        /// The new value as JSON.
        #[arg(long)]
        value: String,
    },
    Dump,
}

fn main() {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    match runtime.block_on(run(args)) {
        Ok(out) => println!("{out}"),
        Err(e) => {
            eprintln!("{}", serde_json::to_string(&e).unwrap_or_default());
            std::process::exit(1);
        }
    }
}

async fn run(args: Args) -> Result<Value, AppError> {
    let mut config = WorkspaceConfig::new(&args.data_dir, &args.keyring_service, &args.service);
    config.retry = RetryPolicy {
        min_delay: Duration::from_millis(50),
        max_delay: Duration::from_secs(1),
        max_times: args.retries,
    };
    config.page_size = args.page_size;
    config.batch_size = args.batch_size;
    let ws = Workspace::open(config)?;
    let invalid = |m: &str| AppError::new(kaart_core::ipc::ErrorCode::InvalidInput, m);
    Ok(match args.command {
        Command::SignIn { username } => {
            let password =
                std::env::var("KAART_PASSWORD").map_err(|_| invalid("KAART_PASSWORD ontbreekt"))?;
            ws.sign_in(&username, &password).await?;
            json!({"signed_in": true})
        }
        Command::SignOut { wipe } => {
            ws.sign_out(wipe).await?;
            json!({"signed_in": false})
        }
        Command::Sync => {
            let report = ws.sync_now().await?;
            json!({"report": report, "requests": ws.request_count()})
        }
        Command::CreateContact { org, name } => {
            let id = Uuid::now_v7();
            ws.create(Record::Contact(Contact::named(id, org, name)))?;
            json!({"id": id})
        }
        Command::Update {
            kind,
            id,
            field,
            value,
        } => {
            let kind = RecordKind::parse(&kind).ok_or_else(|| invalid("onbekend soort gegeven"))?;
            let value: Value =
                serde_json::from_str(&value).map_err(|_| invalid("waarde is geen JSON"))?;
            let mut fields = serde_json::Map::new();
            fields.insert(field, value);
            let local = ws.update_fields(kind, id, fields)?;
            json!({"pending_edits": local.pending_edits})
        }
        Command::Dump => {
            let mut records = Vec::new();
            for kind in RecordKind::ALL {
                for local in ws.records(None, kind)? {
                    records.push(json!({"record": local.record, "version": local.version, "pending": local.pending_edits}));
                }
            }
            let status = ws.status();
            json!({
                "records": records,
                "pending_edits": status.pending_edits,
                "conflicts": status.conflicts,
                "rejected_edits": status.rejected_edits,
            })
        }
    })
}
