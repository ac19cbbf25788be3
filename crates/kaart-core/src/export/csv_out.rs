//! CSV output: RFC 4180 quoting (a cell holding the delimiter, a quote or a
//! line break is quoted, quotes doubled), CRLF line ends, an optional UTF-8
//! byte order mark, and every cell through [`super::defuse`].

use std::io::Write;

use super::columns::{Cell, Delimiter};
use super::defuse::defuse;
use crate::error::{CoreError, CoreResult};

const BOM: &[u8] = "\u{feff}".as_bytes();

pub struct CsvSink<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> CsvSink<W> {
    pub fn new(mut out: W, delimiter: Delimiter, bom: bool) -> CoreResult<Self> {
        if bom {
            out.write_all(BOM)?;
        }
        let writer = csv::WriterBuilder::new()
            .delimiter(delimiter.byte())
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(out);
        Ok(CsvSink { writer })
    }

    pub fn header(&mut self, headers: &[String]) -> CoreResult<()> {
        self.writer
            .write_record(headers.iter().map(|h| defuse(h).into_owned()))
            .map_err(csv_error)
    }

    pub fn row(&mut self, cells: &[Cell]) -> CoreResult<()> {
        self.writer
            .write_record(cells.iter().map(|c| match c {
                Cell::Text(t) => defuse(t).into_owned(),
                other => other.to_text(),
            }))
            .map_err(csv_error)
    }

    pub fn finish(self) -> CoreResult<W> {
        self.writer
            .into_inner()
            .map_err(|e| CoreError::Io(std::io::Error::other(e.error().to_string())))
    }
}

/// csv errors on writing are I/O errors; their messages hold no cell data.
fn csv_error(e: csv::Error) -> CoreError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => CoreError::Io(io),
        other => CoreError::Io(std::io::Error::other(format!("{other:?}"))),
    }
}
