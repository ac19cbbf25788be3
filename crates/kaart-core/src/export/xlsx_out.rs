//! `.xlsx` output with `rust_xlsxwriter` in constant-memory mode: each row
//! is flushed to the library's temporary file once the next row starts, so
//! the list is never whole in memory. Answers are written as text, numbers
//! (number fields) or dates (date fields), never as formulas; the header
//! row is bold. Line breaks in text become Excel's own in-cell break (LF):
//! a CR would be stored as the escape `_x000D_`, which readers other than
//! Excel show literally.

use std::borrow::Cow;
use std::io::{Seek, Write};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use super::columns::Cell;
use crate::error::{CoreError, CoreResult};
use crate::error_reason::ErrorReason;

pub struct XlsxSink {
    workbook: Workbook,
    next_row: u32,
    bold: Format,
    date: Format,
    date_time: Format,
}

impl XlsxSink {
    pub fn new() -> CoreResult<Self> {
        let mut workbook = Workbook::new();
        workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?
            .set_name("Aanmeldingen")
            .map_err(xlsx_error)?;
        Ok(XlsxSink {
            workbook,
            next_row: 0,
            bold: Format::new().set_bold(),
            date: Format::new().set_num_format("dd-mm-yyyy"),
            date_time: Format::new().set_num_format("dd-mm-yyyy hh:mm:ss"),
        })
    }

    pub fn header(&mut self, headers: &[String]) -> CoreResult<()> {
        let row = self.take_row()?;
        let sheet = self.workbook.worksheet_from_index(0).map_err(xlsx_error)?;
        for (col, h) in (0u16..).zip(headers) {
            sheet
                .write_string_with_format(row, col, h, &self.bold)
                .map_err(xlsx_error)?;
        }
        Ok(())
    }

    pub fn row(&mut self, cells: &[Cell]) -> CoreResult<()> {
        let row = self.take_row()?;
        let sheet = self.workbook.worksheet_from_index(0).map_err(xlsx_error)?;
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Empty => continue,
                Cell::Text(t) => sheet.write_string(row, col, lf_only(t)),
                Cell::Number(n) => sheet.write_number(row, col, *n),
                Cell::Date(d) => sheet.write_datetime_with_format(
                    row,
                    col,
                    ExcelDateTime::from_ymd(
                        u16::try_from(chrono::Datelike::year(d)).unwrap_or(1900),
                        chrono::Datelike::month(d) as u8,
                        chrono::Datelike::day(d) as u8,
                    )
                    .map_err(xlsx_error)?,
                    &self.date,
                ),
                Cell::DateTime(t) => sheet.write_datetime_with_format(
                    row,
                    col,
                    ExcelDateTime::parse_from_str(&t.format("%Y-%m-%dT%H:%M:%S").to_string())
                        .map_err(xlsx_error)?,
                    &self.date_time,
                ),
            }
            .map_err(xlsx_error)?;
        }
        Ok(())
    }

    pub fn finish<W: Write + Seek + Send>(mut self, out: W) -> CoreResult<()> {
        self.workbook.save_to_writer(out).map_err(xlsx_error)
    }

    fn take_row(&mut self) -> CoreResult<u32> {
        let row = self.next_row;
        self.next_row = row
            .checked_add(1)
            .ok_or_else(|| CoreError::Export(ErrorReason::ExportTooManyRows))?;
        Ok(row)
    }
}

/// `text` with CR LF and lone CR as LF.
fn lf_only(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// rust_xlsxwriter errors name limits and positions, not cell contents.
fn xlsx_error(e: XlsxError) -> CoreError {
    match e {
        XlsxError::IoError(io) => CoreError::Io(io),
        XlsxError::RowColumnLimitError => CoreError::Export(ErrorReason::ExportTooManySignups),
        XlsxError::MaxStringLengthExceeded => CoreError::Export(ErrorReason::ExportAnswerTooLong),
        other => {
            // The library's error names a limit or an I/O step, not data.
            tracing::warn!(error = ?other, "the Excel file could not be made");
            CoreError::Export(ErrorReason::ExportExcelFailed)
        }
    }
}
