//! `kaart-sync`: every operation of the app's core from the command line,
//! without a window. Used by scripts and by the crash and fault tests (with
//! the `test-seams` feature, which this crate's tests turn on, the process
//! can be frozen at a pause point with `KAART_PAUSE_AT`, then SIGKILLed),
//! and handy for poking at a server.
//!
//! ```text
//! kaart-sync --data-dir D --service URL --keyring-service S sign-in --username U   # password: KAART_PASSWORD
//! kaart-sync ... sign-out [--wipe]
//! kaart-sync ... sync
//! kaart-sync ... resync                                    # pull everything again from scratch
//! kaart-sync ... create-contact --org ORG --name NAME      # prints the new id
//! kaart-sync ... update --kind contact --id ID --field city --value '"Delft"'
//! kaart-sync ... delete --kind contact --id ID
//! kaart-sync ... mark-checked --kind contact --id ID [--on 2026-11-23]
//! kaart-sync ... conflicts                                 # ids, records and fields; no values
//! kaart-sync ... resolve --conflict N (--keep-mine | --take-theirs | --value JSON)
//! kaart-sync ... rejected                                  # refused edits and their reasons
//! kaart-sync ... discard --mutation ID
//! kaart-sync ... status                                    # counts, signed in or not
//! kaart-sync ... dump                                      # the local view as JSON
//! kaart-sync ... export --activity ID --out PATH [--format csv|xlsx] [--delimiter ';'|,|tab] [--no-bom]
//! kaart-sync ... hsds --organization ORG --out PATH         # the organisation as HSDS 3.0 JSON
//! kaart-sync ... export-all --org ORG --out-dir DIR [--format csv|xlsx]  # one file per activity
//! ```
//! Output is JSON on stdout; errors are `{code, message}` on stderr, exit 1.
//! Only `dump` prints record contents (it is the data, asked for); every
//! other command prints ids, counts and codes, never personal data.

use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use clap::{ArgGroup, Parser, Subcommand};
use kaart_api::records::{Contact, Record, RecordKind};
use kaart_core::export::{Delimiter, ExportFormat, ExportOptions};
use kaart_core::ipc::{AppError, ErrorCode, Resolution};
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
    /// Signs in; the password comes from `KAART_PASSWORD`.
    SignIn {
        #[arg(long)]
        username: String,
    },
    /// Signs out; with `--wipe` the local data goes too.
    SignOut {
        #[arg(long)]
        wipe: bool,
    },
    /// One sync cycle.
    Sync,
    /// Forgets every feed position and syncs: everything is pulled again.
    Resync,
    /// Creates a contact person with only a name.
    CreateContact {
        #[arg(long)]
        org: Uuid,
        #[arg(long)]
        name: String,
    },
    /// Changes one field of a record.
    Update {
        #[arg(long, value_parser = parse_kind)]
        kind: RecordKind,
        #[arg(long)]
        id: Uuid,
        #[arg(long)]
        field: String,
        /// The new value as JSON.
        #[arg(long)]
        value: String,
    },
    /// Deletes a record.
    Delete {
        #[arg(long, value_parser = parse_kind)]
        kind: RecordKind,
        #[arg(long)]
        id: Uuid,
    },
    /// Marks a record as checked (today, or on the given date).
    MarkChecked {
        #[arg(long, value_parser = parse_kind)]
        kind: RecordKind,
        #[arg(long)]
        id: Uuid,
        #[arg(long)]
        on: Option<NaiveDate>,
    },
    /// Lists the open conflicts (which record and field; not the values).
    Conflicts,
    /// Decides one conflict.
    #[command(group(ArgGroup::new("decision").required(true).args(["keep_mine", "take_theirs", "value"])))]
    Resolve {
        #[arg(long)]
        conflict: i64,
        /// Send my value again, over the service's.
        #[arg(long)]
        keep_mine: bool,
        /// Keep the service's value.
        #[arg(long)]
        take_theirs: bool,
        /// Neither: this new value, as JSON.
        #[arg(long)]
        value: Option<String>,
    },
    /// Lists the edits the service refused, with the reasons per field.
    Rejected,
    /// Drops a refused edit (the record returns to the service's version).
    Discard {
        #[arg(long)]
        mutation: Uuid,
    },
    /// The sync status: signed in or not, counts, last sync.
    Status,
    /// The whole local view as JSON (the data itself).
    Dump,
    /// Writes an activity's sign-ups to a CSV or `.xlsx` file; prints the
    /// number of rows.
    Export {
        #[arg(long)]
        activity: Uuid,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
        format: FormatArg,
        /// `;` (default), `,` or `tab`.
        #[arg(long, default_value = ";", value_parser = parse_delimiter)]
        delimiter: Delimiter,
        /// UTF-8 without the byte order mark.
        #[arg(long)]
        no_bom: bool,
    },
    /// The organisation with its offerings, activities and contact persons
    /// as Open Referral HSDS 3.0 JSON.
    Hsds {
        #[arg(long)]
        organization: Uuid,
        #[arg(long)]
        out: PathBuf,
    },
    /// Writes the sign-ups of every activity of an organisation, one file
    /// per activity (`<activity id>.csv` or `.xlsx`) in `out_dir`, in one
    /// process; prints the number of rows and files. The organisation-wide
    /// export of the bench (`scripts/bench.sh`).
    ExportAll {
        #[arg(long)]
        org: Uuid,
        #[arg(long)]
        out_dir: PathBuf,
        #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
        format: FormatArg,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Csv,
    Xlsx,
}

fn export_format(format: FormatArg) -> ExportFormat {
    match format {
        FormatArg::Csv => ExportFormat::Csv,
        FormatArg::Xlsx => ExportFormat::Xlsx,
    }
}

fn parse_delimiter(s: &str) -> Result<Delimiter, String> {
    match s {
        ";" | "semicolon" => Ok(Delimiter::Semicolon),
        "," | "comma" => Ok(Delimiter::Comma),
        "tab" | "\t" | "\\t" => Ok(Delimiter::Tab),
        _ => Err("one of ';', ',' or 'tab'".into()),
    }
}

fn parse_kind(s: &str) -> Result<RecordKind, String> {
    RecordKind::parse(s).ok_or_else(|| {
        let known: Vec<&str> = RecordKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind; one of {}", known.join(", "))
    })
}

fn invalid(message: &str) -> AppError {
    AppError::unworded(ErrorCode::InvalidInput, message)
}

fn parse_json(value: &str) -> Result<Value, AppError> {
    serde_json::from_str(value).map_err(|_| invalid("waarde is geen JSON"))
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
        Command::Resync => {
            let report = ws.resync_from_scratch().await?;
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
            let mut fields = serde_json::Map::new();
            fields.insert(field, parse_json(&value)?);
            let local = ws.update_fields(kind, id, fields)?;
            json!({"pending_edits": local.pending_edits})
        }
        Command::Delete { kind, id } => {
            ws.delete(kind, id)?;
            json!({"deleted": id, "pending_edits": ws.status().pending_edits})
        }
        Command::MarkChecked { kind, id, on } => {
            let local = match on {
                Some(date) => ws.mark_checked(kind, id, date)?,
                None => ws.mark_checked_today(kind, id)?,
            };
            json!({"checked": id, "pending_edits": local.pending_edits})
        }
        Command::Conflicts => {
            let conflicts: Vec<Value> = ws
                .conflicts()?
                .into_iter()
                .map(|c| json!({"id": c.id, "kind": c.kind, "record_id": c.record_id, "field": c.field, "reason": c.reason}))
                .collect();
            json!({"conflicts": conflicts})
        }
        Command::Resolve {
            conflict,
            keep_mine,
            take_theirs,
            value,
        } => {
            let decision = match (keep_mine, take_theirs, value) {
                (true, _, _) => Resolution::KeepMine,
                (_, true, _) => Resolution::TakeTheirs,
                (_, _, Some(value)) => Resolution::Edit {
                    value: parse_json(&value)?,
                },
                (false, false, None) => return Err(invalid("kies een besluit")),
            };
            ws.resolve_conflict(conflict, decision)?;
            let status = ws.status();
            json!({"conflicts": status.conflicts, "pending_edits": status.pending_edits})
        }
        Command::Rejected => {
            // Field names, codes and the service's Dutch messages, which
            // by contract hold no personal data (kaart_api::error).
            json!({"rejected": ws.rejected_edits()?})
        }
        Command::Discard { mutation } => {
            ws.discard_edit(mutation)?;
            let status = ws.status();
            json!({"rejected_edits": status.rejected_edits, "pending_edits": status.pending_edits})
        }
        Command::Status => json!({"signed_in": ws.is_signed_in()?, "status": ws.status()}),
        Command::Export {
            activity,
            out,
            format,
            delimiter,
            no_bom,
        } => {
            let options = ExportOptions {
                format: export_format(format),
                delimiter,
                bom: !no_bom,
                ..ExportOptions::default()
            };
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let rows = ws.export_signups(activity, &out, &options, &cancel, &mut |_| {})?;
            json!({"rows": rows})
        }
        Command::Hsds { organization, out } => {
            json!({"services": ws.export_hsds(organization, &out)?})
        }
        Command::ExportAll {
            org,
            out_dir,
            format,
        } => {
            let format = export_format(format);
            let options = ExportOptions {
                format,
                ..ExportOptions::default()
            };
            let extension = match format {
                ExportFormat::Csv => "csv",
                ExportFormat::Xlsx => "xlsx",
            };
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let (mut rows, mut files) = (0, 0);
            for activity in ws.records(Some(org), RecordKind::Activity)? {
                let id = activity.record.id();
                let out = out_dir.join(format!("{id}.{extension}"));
                rows += ws.export_signups(id, &out, &options, &cancel, &mut |_| {})?;
                files += 1;
            }
            json!({"rows": rows, "files": files})
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
