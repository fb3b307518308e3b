//! Reading a Word `.docx` file down to its plain text, with no zip or XML library in the bundle.
//!
//! A `.docx` is a zip package; the body of the document is the part `word/document.xml`. This
//! module does the two pure steps and leaves the one heavy step to the browser:
//! 1. [`document_part`] reads the zip's directory (End Of Central Directory record, central
//!    directory, the entry's local header) and returns where the document's bytes lie and how
//!    they are compressed. The app inflates a deflated part with the browser's own
//!    `DecompressionStream`, so no inflater is shipped in the wasm.
//! 2. [`read_document`] checks the inflated bytes are UTF-8 and [`document_text`] turns the XML
//!    into text: one line per paragraph, one line per table row with the cells joined by tabs.
//!
//! Every step is bounded and panic-free on any input: sizes and offsets are checked before they
//! are used, the end record is searched for over at most 64 KB, and a hostile entry cannot ask
//! for more than [`MAX_DOCUMENT_BYTES`]. Whatever is not a readable Word document gives a
//! [`DocxError`] the app can put into words (a PDF, a legacy `.doc`/`.wps`, a spreadsheet…).
//!
//! Known limits:
//! - Automatic list numbering (`<w:numPr>`, Word's "1." and "一、" lists) is not text in the
//!   XML: the numbers are drawn by Word from `word/numbering.xml`, so they are not in the text
//!   read here. Plans usually type their numbers; a plan numbered automatically reads without
//!   its "一、" and "1." and its structure must be restored by hand.
//! - Only the body is read: headers, footers, footnotes and comments live in other parts.
//! - Element names are matched with the `w:` prefix every Word writer uses (Word, WPS,
//!   LibreOffice, python-docx); a document that binds WordprocessingML to another prefix reads
//!   as empty.
//! - The zip's CRC-32 is not checked: a damaged deflate stream is refused by the browser's
//!   inflater, and a damaged stored part at worst reads as garbled text the user sees.
//! - ZIP64 archives (over 4 GB or 65,535 entries) are refused with [`DocxError::Zip64`]; a plan
//!   never needs one.
//! - Password-protected Word documents are not zips at all but OLE files wrapping an encrypted
//!   package, so they are reported as [`DocxError::Ole`]; the app's words for it say so.

use std::ops::Range;

/// The part holding the document's body.
pub const DOCUMENT_PART: &str = "word/document.xml";

/// The largest `word/document.xml` inflated (a 300-page plan's XML is about 5 MB).
pub const MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;

/// The largest `.docx` file read at all (images make files large; the text never is).
pub const MAX_FILE_BYTES: usize = 100 * 1024 * 1024;

/// Why a file could not be read as a Word document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocxError {
    /// A PDF (`%PDF`): the text must be copied out of a PDF reader.
    Pdf,
    /// An OLE compound file (`D0 CF 11 E0`): a legacy Word `.doc`, a WPS `.wps`, or a
    /// password-protected `.docx`. Saving it again as `.docx` makes it readable.
    Ole,
    /// An RTF file (`{\rtf`), often a `.doc` saved by another program.
    Rtf,
    /// Not a zip at all (an image, a text file, random bytes, an empty file).
    NotZip,
    /// A zip, but without `word/document.xml` (a spreadsheet, a presentation, an archive).
    NotWord,
    /// A zip whose directory or entry is cut short or inconsistent (often an incomplete
    /// download), or whose compressed data does not inflate.
    Damaged,
    /// A ZIP64 archive, which no Word writer produces for a plan.
    Zip64,
    /// The document part is encrypted.
    Encrypted,
    /// The document part uses a compression method other than stored (0) or deflate (8).
    UnsupportedCompression { method: u16 },
    /// The file or the document part is larger than the limit: `bytes` is its size, or
    /// `limit + 1` when the inflater stopped at the limit (the directory had understated it).
    TooLarge { bytes: u64, limit: usize },
    /// The document part is not UTF-8 text.
    NotText,
    /// The browser could not read the file (removed, or permission withdrawn).
    Unreadable,
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocxError::Pdf => write!(f, "the file is a PDF, not a Word document"),
            DocxError::Ole => write!(
                f,
                "the file is a legacy .doc/.wps or a password-protected document"
            ),
            DocxError::Rtf => write!(f, "the file is an RTF document, not a .docx"),
            DocxError::NotZip => write!(f, "the file is not a Word document"),
            DocxError::NotWord => write!(f, "the file is a zip but not a Word document"),
            DocxError::Damaged => write!(f, "the Word document is damaged or incomplete"),
            DocxError::Zip64 => write!(f, "the file is a ZIP64 archive, not a Word document"),
            DocxError::Encrypted => write!(f, "the Word document is encrypted"),
            DocxError::UnsupportedCompression { method } => {
                write!(f, "the Word document uses compression method {method}")
            }
            DocxError::TooLarge { bytes, limit } => {
                write!(
                    f,
                    "the document is too large ({bytes} bytes, limit {limit})"
                )
            }
            DocxError::NotText => write!(f, "the document's text is not UTF-8"),
            DocxError::Unreadable => write!(f, "the file could not be read"),
        }
    }
}

impl std::error::Error for DocxError {}

/// How an entry's data is compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Method 0: the bytes as they are.
    Stored,
    /// Method 8: raw deflate.
    Deflate,
    /// Any other method (99 is AES encryption).
    Other(u16),
}

impl Method {
    fn from_code(code: u16) -> Method {
        match code {
            0 => Method::Stored,
            8 => Method::Deflate,
            other => Method::Other(other),
        }
    }
}

/// One file of the zip, as its central directory describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub method: Method,
    /// General purpose flag bit 0.
    pub encrypted: bool,
    /// Where the entry's local header starts.
    pub local_offset: usize,
    pub compressed_size: usize,
    pub uncompressed_size: usize,
}

/// Where the document part's bytes lie in the file, and how to turn them into XML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub range: Range<usize>,
    pub method: Method,
    /// The size the directory announces (a hint: the inflater enforces the limit itself).
    pub uncompressed_size: usize,
}

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const END_SIG: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const LOCAL_LEN: usize = 30;
const CENTRAL_LEN: usize = 46;
const END_LEN: usize = 22;
const ZIP64_LOCATOR_LEN: usize = 20;
const MAX_COMMENT: usize = u16::MAX as usize;

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Recognises the formats people mistake for a `.docx` by their first bytes.
fn sniff(bytes: &[u8]) -> Option<DocxError> {
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    // PDF readers accept the header anywhere in the first 1024 bytes; a zip's first entry may
    // itself hold "%PDF-", so a file opening like a zip is never taken for a PDF.
    let head = &bytes[..bytes.len().min(1024)];
    if bytes.starts_with(b"PK") {
        None
    } else if head.windows(5).any(|w| w == b"%PDF-") || bytes.starts_with(b"%PDF") {
        Some(DocxError::Pdf)
    } else if bytes.starts_with(OLE) {
        Some(DocxError::Ole)
    } else if bytes.starts_with(br"{\rtf") {
        Some(DocxError::Rtf)
    } else {
        None
    }
}

/// The offset of the End Of Central Directory record: searched backwards over at most the
/// record and the longest comment, and only accepted where its comment ends inside the file.
fn find_end(bytes: &[u8]) -> Option<usize> {
    let last = bytes.len().checked_sub(END_LEN)?;
    let first = last.saturating_sub(MAX_COMMENT);
    (first..=last).rev().find(|&at| {
        u32_at(bytes, at) == Some(END_SIG)
            && u16_at(bytes, at + 20)
                .is_some_and(|comment| at + END_LEN + usize::from(comment) <= bytes.len())
    })
}

/// The zip's entries, as its central directory lists them.
pub fn entries(bytes: &[u8]) -> Result<Vec<Entry>, DocxError> {
    if let Some(other) = sniff(bytes) {
        return Err(other);
    }
    let Some(end) = find_end(bytes) else {
        // A zip's first bytes with no end record is a zip cut short.
        return Err(if bytes.starts_with(b"PK\x03\x04") {
            DocxError::Damaged
        } else {
            DocxError::NotZip
        });
    };
    if end >= ZIP64_LOCATOR_LEN && u32_at(bytes, end - ZIP64_LOCATOR_LEN) == Some(ZIP64_LOCATOR_SIG)
    {
        return Err(DocxError::Zip64);
    }
    let field16 = |at: usize| u16_at(bytes, end + at).ok_or(DocxError::Damaged);
    let field32 = |at: usize| u32_at(bytes, end + at).ok_or(DocxError::Damaged);
    let (disk, directory_disk, count) = (field16(4)?, field16(6)?, field16(10)?);
    let (size, offset) = (field32(12)?, field32(16)?);
    if count == u16::MAX || size == u32::MAX || offset == u32::MAX {
        return Err(DocxError::Zip64);
    }
    if disk != 0 || directory_disk != 0 {
        // One volume of a split archive.
        return Err(DocxError::Damaged);
    }
    let start = offset as usize;
    let stop = start
        .checked_add(size as usize)
        .filter(|&stop| stop <= end)
        .ok_or(DocxError::Damaged)?;
    let directory = &bytes[start..stop];
    let mut list = Vec::with_capacity(usize::from(count).min(directory.len() / CENTRAL_LEN));
    let mut at = 0usize;
    for _ in 0..count {
        list.push(central_entry(directory, &mut at)?);
    }
    Ok(list)
}

/// Reads the central directory record at `*at` and moves past it.
fn central_entry(directory: &[u8], at: &mut usize) -> Result<Entry, DocxError> {
    let base = *at;
    let field16 = |off: usize| u16_at(directory, base + off).ok_or(DocxError::Damaged);
    let field32 = |off: usize| u32_at(directory, base + off).ok_or(DocxError::Damaged);
    if field32(0)? != CENTRAL_SIG {
        return Err(DocxError::Damaged);
    }
    let flags = field16(8)?;
    let method = field16(10)?;
    let (compressed, uncompressed) = (field32(20)?, field32(24)?);
    let (name_len, extra_len, comment_len) = (field16(28)?, field16(30)?, field16(32)?);
    let local = field32(42)?;
    if [compressed, uncompressed, local].contains(&u32::MAX) {
        return Err(DocxError::Zip64);
    }
    let name_start = base + CENTRAL_LEN;
    let name_end = name_start + usize::from(name_len);
    let name = directory
        .get(name_start..name_end)
        .ok_or(DocxError::Damaged)?;
    let next = name_end + usize::from(extra_len) + usize::from(comment_len);
    if next > directory.len() {
        return Err(DocxError::Damaged);
    }
    *at = next;
    Ok(Entry {
        name: String::from_utf8_lossy(name).into_owned(),
        method: Method::from_code(method),
        encrypted: flags & 1 != 0,
        local_offset: local as usize,
        compressed_size: compressed as usize,
        uncompressed_size: uncompressed as usize,
    })
}

/// The byte range of an entry's (compressed) data, read from its local header.
pub fn data_range(bytes: &[u8], entry: &Entry) -> Result<Range<usize>, DocxError> {
    let at = entry.local_offset;
    if u32_at(bytes, at) != Some(LOCAL_SIG) {
        return Err(DocxError::Damaged);
    }
    let name_len = u16_at(bytes, at + 26).ok_or(DocxError::Damaged)?;
    let extra_len = u16_at(bytes, at + 28).ok_or(DocxError::Damaged)?;
    let start = at + LOCAL_LEN + usize::from(name_len) + usize::from(extra_len);
    // The central directory's size is the one to trust: with a data descriptor (flag bit 3)
    // the local header's sizes are zero.
    let stop = start
        .checked_add(entry.compressed_size)
        .filter(|&stop| stop <= bytes.len())
        .ok_or(DocxError::Damaged)?;
    Ok(start..stop)
}

/// Finds `word/document.xml` in a `.docx` file's bytes: where its data lies and how it is
/// compressed, with every refusal (not a zip, not Word, encrypted, too large…) decided here.
pub fn document_part(bytes: &[u8]) -> Result<Part, DocxError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(DocxError::TooLarge {
            bytes: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    let entry = entries(bytes)?
        .into_iter()
        // Part names in a package compare without regard to ASCII case.
        .find(|e| e.name.eq_ignore_ascii_case(DOCUMENT_PART))
        .ok_or(DocxError::NotWord)?;
    match entry.method {
        _ if entry.encrypted => return Err(DocxError::Encrypted),
        Method::Other(99) => return Err(DocxError::Encrypted),
        Method::Other(method) => return Err(DocxError::UnsupportedCompression { method }),
        Method::Stored if entry.compressed_size != entry.uncompressed_size => {
            return Err(DocxError::Damaged)
        }
        Method::Stored | Method::Deflate => {}
    }
    if entry.uncompressed_size > MAX_DOCUMENT_BYTES {
        return Err(DocxError::TooLarge {
            bytes: entry.uncompressed_size as u64,
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    Ok(Part {
        range: data_range(bytes, &entry)?,
        method: entry.method,
        uncompressed_size: entry.uncompressed_size,
    })
}

/// The text of an (inflated) `word/document.xml`: checked as UTF-8, a byte order mark dropped.
pub fn read_document(xml: Vec<u8>) -> Result<String, DocxError> {
    let xml = String::from_utf8(xml).map_err(|_| DocxError::NotText)?;
    Ok(document_text(xml.strip_prefix('\u{feff}').unwrap_or(&xml)))
}

/// The plain text of `word/document.xml`.
///
/// Each paragraph (`<w:p>`) is one line: its runs' text (`<w:t>`) concatenated, `<w:tab/>` a
/// tab, `<w:br/>` and `<w:cr/>` a line break, entities and character references decoded. Each
/// table row (`<w:tr>`) is one line with its cells (`<w:tc>`) joined by tabs and the
/// paragraphs of one cell joined by a space; a table nested in a cell adds its rows to that
/// cell. Everything else is ignored: properties, field instructions (`<w:instrText>`), deleted
/// text (`<w:delText>`), text moved away (`<w:moveFrom>`) and the fallback copy of a drawing
/// (`<mc:Fallback>`, which repeats the text box of `<mc:Choice>`). Lines are joined with `\n`.
///
/// A hand-written scanner: one pass, linear in the input, never panics on malformed XML.
pub fn document_text(xml: &str) -> String {
    let mut doc = Builder::default();
    let bytes = xml.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'<' {
            let stop = xml[at..].find('<').map_or(xml.len(), |i| at + i);
            if doc.in_text && doc.skip == 0 {
                decode_into(&xml[at..stop], &mut doc.para);
            }
            at = stop;
            continue;
        }
        let rest = &xml[at..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(xml.len(), |i| at + i + 3);
        } else if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let len = body.find("]]>").unwrap_or(body.len());
            if doc.in_text && doc.skip == 0 {
                doc.para.push_str(&body[..len]);
            }
            at = (at + 9 + len + 3).min(xml.len());
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            at = rest.find('>').map_or(xml.len(), |i| at + i + 1);
        } else {
            let stop = tag_end(bytes, at + 1);
            doc.tag(&xml[at + 1..stop]);
            at = (stop + 1).min(xml.len());
        }
    }
    doc.finish()
}

/// The index of the `>` closing the tag whose name starts at `from` (or the input's end),
/// skipping quoted attribute values, where `>` may stand unescaped.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.get(from..).unwrap_or_default().iter().enumerate() {
        match (quote, b) {
            (None, b'>') => return from + i,
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            _ => {}
        }
    }
    bytes.len()
}

/// Appends `text` with its entities and character references decoded; a malformed reference
/// is kept as written.
fn decode_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest[1..]
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| Some((reference(&rest[1..=semi])?, semi + 2)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The character an entity or character reference (without `&` and `;`) stands for.
fn reference(name: &str) -> Option<char> {
    let code = match name {
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "amp" => return Some('&'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        _ => match name.strip_prefix('#')? {
            hex if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16).ok()?,
            dec => dec.parse().ok()?,
        },
    };
    char::from_u32(code).filter(|&c| c != '\0')
}

/// The text being assembled, paragraph by paragraph and table by table.
#[derive(Default)]
struct Builder {
    /// Finished lines outside any table.
    lines: Vec<String>,
    /// The open paragraph's text (a text box's paragraph nested inside adds to it).
    para: String,
    /// Inside `<w:t>`: character data is text.
    in_text: bool,
    /// Runs open: tabs and breaks count only inside a run.
    runs: usize,
    /// Inside `<w:tabs>` (tab stop definitions, whose `<w:tab>` is not a tab character).
    tab_stops: usize,
    /// Inside a copy to skip (`<mc:Fallback>`, `<w:moveFrom>`).
    skip: usize,
    /// Open tables, innermost last.
    tables: Vec<Table>,
}

#[derive(Default)]
struct Table {
    /// Finished rows, cells joined by tabs.
    rows: Vec<String>,
    /// The open row's finished cells.
    cells: Vec<String>,
    /// The open cell's paragraphs.
    cell: Vec<String>,
}

impl Table {
    fn end_cell(&mut self) {
        let parts: Vec<String> = self
            .cell
            .drain(..)
            .map(|p| p.replace(['\t', '\n'], " ").trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        self.cells.push(parts.join(" "));
    }

    fn end_row(&mut self) {
        if !self.cell.is_empty() {
            self.end_cell();
        }
        let row = std::mem::take(&mut self.cells).join("\t");
        self.rows.push(row);
    }
}

impl Builder {
    fn tag(&mut self, tag: &str) {
        let (closing, tag) = match tag.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, tag),
        };
        let empty = tag.ends_with('/');
        let name = tag
            .split(|c: char| c.is_ascii_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if matches!(name, "mc:Fallback" | "w:moveFrom") {
            if closing {
                self.skip = self.skip.saturating_sub(1);
            } else if !empty {
                self.skip += 1;
            }
            return;
        }
        if self.skip > 0 {
            return;
        }
        if closing {
            self.close(name);
        } else {
            self.open(name);
            if empty {
                self.close(name);
            }
        }
    }

    fn open(&mut self, name: &str) {
        match name {
            "w:t" => self.in_text = true,
            "w:r" => self.runs += 1,
            "w:tabs" => self.tab_stops += 1,
            "w:tab" if self.runs > 0 && self.tab_stops == 0 => self.para.push('\t'),
            "w:br" | "w:cr" if self.runs > 0 => self.para.push('\n'),
            "w:noBreakHyphen" if self.runs > 0 => self.para.push('-'),
            "w:tbl" => self.tables.push(Table::default()),
            "w:tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cells.clear();
                }
            }
            "w:tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell.clear();
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "w:t" => self.in_text = false,
            "w:r" => self.runs = self.runs.saturating_sub(1),
            "w:tabs" => self.tab_stops = self.tab_stops.saturating_sub(1),
            "w:p" => {
                self.in_text = false;
                let line = std::mem::take(&mut self.para);
                self.push_line(line);
            }
            "w:tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.end_cell();
                }
            }
            "w:tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.end_row();
                }
            }
            "w:tbl" => self.end_table(),
            _ => {}
        }
    }

    /// A finished paragraph goes to the open cell, or is a line of its own.
    fn push_line(&mut self, line: String) {
        match self.tables.last_mut() {
            Some(t) => t.cell.push(line),
            None => self.lines.push(line),
        }
    }

    fn end_table(&mut self) {
        let Some(mut table) = self.tables.pop() else {
            return;
        };
        if !table.cells.is_empty() || !table.cell.is_empty() {
            table.end_row();
        }
        for row in table.rows {
            // Inside a cell, a nested row is one of the cell's paragraphs.
            self.push_line(row);
        }
    }

    fn finish(mut self) -> String {
        // Close whatever a cut-short document left open, so no text is lost.
        if !self.para.is_empty() {
            let line = std::mem::take(&mut self.para);
            self.push_line(line);
        }
        while !self.tables.is_empty() {
            self.end_table();
        }
        self.lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Wraps `body` in a document and compares its text with `expected`.
    fn check(body: &str, expected: &str) {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
        );
        assert_eq!(document_text(&xml), expected, "\nbody: {body}");
    }

    #[test]
    fn paragraphs_are_lines_and_runs_concatenate() {
        check(
            r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>一、坚持</w:t></w:r><w:r><w:t xml:space="preserve">扩投 </w:t></w:r></w:p><w:p><w:r><w:t>1.持续扩大有效投资。</w:t></w:r></w:p>"#,
            "一、坚持扩投 \n1.持续扩大有效投资。",
        );
    }

    #[test]
    fn empty_paragraphs_are_empty_lines() {
        check(
            "<w:p/><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p></w:p>",
            "\na\n",
        );
    }

    #[test]
    fn tabs_and_breaks_inside_runs_only() {
        check(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t></w:r></w:p>"#,
            "a\tb\nc\nd",
        );
    }

    #[test]
    fn entities_and_character_references_decode() {
        check(
            "<w:p><w:r><w:t>&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#20013;&#x6587; &#x1F600;</w:t></w:r></w:p>",
            "<a> & \"b\" 'c' 中文 😀",
        );
    }

    #[test]
    fn malformed_references_stay_as_written() {
        check(
            "<w:p><w:r><w:t>R&D &#xZZ; &#0; &nosuch; &#1114112; &</w:t></w:r></w:p>",
            "R&D &#xZZ; &#0; &nosuch; &#1114112; &",
        );
    }

    #[test]
    fn field_instructions_deleted_and_moved_text_are_ignored() {
        check(
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:del w:id="1"><w:r><w:delText>旧</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>新</w:t></w:r></w:ins><w:moveFrom w:id="3"><w:r><w:t>搬走</w:t></w:r></w:moveFrom></w:p>"#,
            "3新",
        );
    }

    #[test]
    fn a_text_box_is_read_once() {
        check(
            r#"<w:p><w:r><w:t>前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>后</w:t></w:r></w:p>"#,
            "前框\n后",
        );
    }

    #[test]
    fn table_rows_are_lines_with_tab_separated_cells() {
        check(
            r#"<w:p><w:r><w:t>表1</w:t></w:r></w:p><w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="1"/></w:tblGrid><w:tr><w:trPr/><w:tc><w:tcPr><w:tcW w:w="1"/></w:tcPr><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>目标</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>（亿元）</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>投资</w:t><w:br/><w:t>总额</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p><w:r><w:t>后</w:t></w:r></w:p>"#,
            "表1\n指标\t目标 （亿元）\n投资 总额\t\n后",
        );
    }

    #[test]
    fn a_nested_table_adds_its_rows_to_the_cell() {
        check(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>外</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>内2</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc><w:tc><w:p><w:r><w:t>右</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
            "外 内1 内2\t右",
        );
    }

    #[test]
    fn markup_that_is_not_an_element_is_skipped() {
        check(
            r#"<!-- <w:p><w:r><w:t>no</w:t></w:r></w:p> --><w:p><w:r><w:t><![CDATA[a<b]]>c</w:t></w:r><w:r w:rsidR="x>y"><w:t>d</w:t></w:r></w:p>"#,
            "a<bcd",
        );
    }

    #[test]
    fn a_cut_short_document_keeps_what_it_read() {
        assert_eq!(
            document_text("<w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b"),
            "a\nb"
        );
        assert_eq!(
            document_text("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p>"),
            "x"
        );
        assert_eq!(document_text("<w:p><w:r><w:t"), "");
        assert_eq!(document_text("</w:tbl></w:tr></w:tc></w:p></w:r>"), "");
    }

    #[test]
    fn the_document_part_is_checked_as_utf8_without_its_bom() {
        let xml = "\u{feff}<w:p><w:r><w:t>字</w:t></w:r></w:p>";
        assert_eq!(read_document(xml.as_bytes().to_vec()), Ok("字".into()));
        assert_eq!(
            read_document(vec![0xff, 0xfe, b'<']),
            Err(DocxError::NotText)
        );
    }

    // ---- The zip side. ----

    /// One entry of a hand-built zip.
    struct File<'a> {
        name: &'a str,
        method: u16,
        flags: u16,
        data: &'a [u8],
        uncompressed: u32,
    }

    fn stored<'a>(name: &'a str, data: &'a [u8]) -> File<'a> {
        File {
            name,
            method: 0,
            flags: 0,
            data,
            uncompressed: data.len() as u32,
        }
    }

    /// A zip of `files` as a Word writer lays it out (local headers, directory, end record);
    /// CRCs are left zero since the reader does not check them.
    fn zip(files: &[File]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut directory = Vec::new();
        for f in files {
            let offset = out.len() as u32;
            let sizes = [f.data.len() as u32, f.uncompressed];
            out.extend(LOCAL_SIG.to_le_bytes());
            out.extend([20, 0]);
            out.extend(f.flags.to_le_bytes());
            out.extend(f.method.to_le_bytes());
            out.extend([0; 8]); // time, date, CRC
            sizes.iter().for_each(|s| out.extend(s.to_le_bytes()));
            out.extend((f.name.len() as u16).to_le_bytes());
            out.extend(0u16.to_le_bytes());
            out.extend(f.name.as_bytes());
            out.extend(f.data);
            directory.extend(CENTRAL_SIG.to_le_bytes());
            directory.extend([20, 0, 20, 0]);
            directory.extend(f.flags.to_le_bytes());
            directory.extend(f.method.to_le_bytes());
            directory.extend([0; 8]);
            sizes.iter().for_each(|s| directory.extend(s.to_le_bytes()));
            directory.extend((f.name.len() as u16).to_le_bytes());
            directory.extend([0; 12]); // extra, comment, disk, attributes
            directory.extend(offset.to_le_bytes());
            directory.extend(f.name.as_bytes());
        }
        let offset = out.len() as u32;
        out.extend(&directory);
        out.extend(END_SIG.to_le_bytes());
        out.extend([0; 4]);
        out.extend((files.len() as u16).to_le_bytes());
        out.extend((files.len() as u16).to_le_bytes());
        out.extend((directory.len() as u32).to_le_bytes());
        out.extend(offset.to_le_bytes());
        out.extend([3, 0]);
        out.extend(b"end");
        out
    }

    const XML: &[u8] = b"<w:p><w:r><w:t>1.\xe6\x8c\x81\xe7\xbb\xad</w:t></w:r></w:p>";

    fn word_zip() -> Vec<u8> {
        zip(&[
            stored("[Content_Types].xml", b"<Types/>"),
            stored("_rels/.rels", b"<Relationships/>"),
            stored("word/document.xml", XML),
        ])
    }

    /// Reads a stored document end to end, as the app does without the inflater.
    fn text_of(bytes: &[u8]) -> Result<String, DocxError> {
        let part = document_part(bytes)?;
        assert_eq!(part.method, Method::Stored);
        read_document(bytes[part.range].to_vec())
    }

    #[test]
    fn lists_the_entries_and_finds_the_document() {
        let bytes = word_zip();
        let list = entries(&bytes).unwrap();
        let names: Vec<&str> = list.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]
        );
        assert_eq!(list[2].uncompressed_size, XML.len());
        let range = data_range(&bytes, &list[2]).unwrap();
        assert_eq!(&bytes[range], XML);
        assert_eq!(text_of(&bytes), Ok("1.持续".into()));
    }

    fn check_error(bytes: &[u8], expected: DocxError) {
        assert_eq!(document_part(bytes), Err(expected));
    }

    #[test]
    fn what_people_mistake_for_a_docx_is_named() {
        check_error(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", DocxError::Pdf);
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.resize(512, 0);
        check_error(&ole, DocxError::Ole);
        check_error(br"{\rtf1\ansi\ansicpg936 ", DocxError::Rtf);
        check_error(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", DocxError::NotZip);
        check_error(b"\xff\xd8\xff\xe0\0\x10JFIF", DocxError::NotZip);
        check_error("1.持续扩大有效投资。".as_bytes(), DocxError::NotZip);
        check_error(b"", DocxError::NotZip);
        let sheet = zip(&[stored("xl/workbook.xml", b"<workbook/>")]);
        check_error(&sheet, DocxError::NotWord);
        check_error(&zip(&[]), DocxError::NotWord);
    }

    #[test]
    fn a_cut_short_zip_is_damaged() {
        let bytes = word_zip();
        for len in [bytes.len() - 30, bytes.len() / 2, 40, 4] {
            check_error(&bytes[..len], DocxError::Damaged);
        }
        // The directory intact but pointing at no local header.
        let mut gutted = word_zip();
        let doc_at = entries(&gutted).unwrap()[2].local_offset;
        gutted[doc_at] = b'X';
        check_error(&gutted, DocxError::Damaged);
    }

    #[test]
    fn encryption_compression_and_size_are_checked() {
        let mut encrypted = stored("word/document.xml", XML);
        encrypted.flags = 1;
        check_error(&zip(&[encrypted]), DocxError::Encrypted);
        let mut aes = stored("word/document.xml", XML);
        aes.method = 99;
        check_error(&zip(&[aes]), DocxError::Encrypted);
        let mut bzip2 = stored("word/document.xml", XML);
        bzip2.method = 12;
        check_error(
            &zip(&[bzip2]),
            DocxError::UnsupportedCompression { method: 12 },
        );
        let mut bomb = stored("word/document.xml", b"\x03\x00");
        bomb.method = 8;
        bomb.uncompressed = 1 << 30;
        check_error(
            &zip(&[bomb]),
            DocxError::TooLarge {
                bytes: 1 << 30,
                limit: MAX_DOCUMENT_BYTES,
            },
        );
        let mut liar = stored("word/document.xml", XML);
        liar.uncompressed = 3;
        check_error(&zip(&[liar]), DocxError::Damaged);
    }

    #[test]
    fn zip64_markers_are_refused() {
        let mut bytes = word_zip();
        let end = find_end(&bytes).unwrap();
        bytes[end + 10..end + 12].copy_from_slice(&[0xff, 0xff]);
        check_error(&bytes, DocxError::Zip64);
        let mut big = stored("word/document.xml", XML);
        big.uncompressed = u32::MAX;
        check_error(&zip(&[big]), DocxError::Zip64);
        let mut locator = b"PK\x03\x04".to_vec();
        locator.extend(ZIP64_LOCATOR_SIG.to_le_bytes());
        locator.extend([0; 16]);
        locator.extend(END_SIG.to_le_bytes());
        locator.extend([0xff; 16]);
        locator.extend([0, 0]);
        check_error(&locator, DocxError::Zip64);
    }

    #[test]
    fn a_zip_holding_a_pdf_is_still_a_zip() {
        let bytes = zip(&[
            stored("a.pdf", b"%PDF-1.7"),
            stored("word/document.xml", XML),
        ]);
        assert_eq!(text_of(&bytes), Ok("1.持续".into()));
        check_error(b"\r\n%PDF-1.4", DocxError::Pdf);
    }

    #[test]
    fn the_part_name_ignores_ascii_case() {
        let bytes = zip(&[stored("Word/Document.XML", XML)]);
        assert_eq!(text_of(&bytes), Ok("1.持续".into()));
    }

    // ---- Real packages, built by tests/fixtures/make_docx.py. ----

    const SEED: &str = include_str!("../../../seeds/naidong-2025-work-points.txt");

    macro_rules! fixture {
        ($name:literal) => {
            include_bytes!(concat!("../tests/fixtures/", $name)).as_slice()
        };
    }

    /// The `.stored.docx` reads back to `expected`, and its deflated twin holds the same part.
    fn check_fixture(stored: &[u8], deflated: &[u8], expected: &str) {
        let text = text_of(stored).unwrap();
        assert_eq!(text, expected, "\nactual:\n{text}\n");
        let stored_part = document_part(stored).unwrap();
        let part = document_part(deflated).unwrap();
        assert_eq!(part.method, Method::Deflate);
        assert_eq!(part.uncompressed_size, stored_part.range.len());
        assert!(part.range.len() < part.uncompressed_size);
    }

    #[test]
    fn the_seed_as_a_docx_reads_as_the_seed_text() {
        check_fixture(
            fixture!("naidong-2025.stored.docx"),
            fixture!("naidong-2025.docx"),
            SEED,
        );
        // So the plan read from Word is the plan, ids and all.
        let text = text_of(fixture!("naidong-2025.stored.docx")).unwrap();
        assert_eq!(crate::parse_plan(&text), crate::parse_plan(SEED));
    }

    #[test]
    fn the_seed_written_by_python_docx_reads_as_the_seed_text() {
        let stored = fixture!("naidong-2025.python-docx.stored.docx");
        let names: Vec<String> = entries(stored)
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert!(names.iter().any(|n| n == "word/styles.xml"), "{names:?}");
        check_fixture(stored, fixture!("naidong-2025.python-docx.docx"), SEED);
        let text = text_of(stored).unwrap();
        assert_eq!(crate::parse_plan(&text), crate::parse_plan(SEED));
    }

    #[test]
    fn a_target_table_reads_as_rows_of_cells() {
        check_fixture(
            fixture!("targets-table.stored.docx"),
            fixture!("targets-table.docx"),
            "附件：2025年主要目标\n\
             指标\t目标\t牵头单位\n\
             固定资产投资\t40亿元以上\t区发展改革委 区财政局\n\
             新增限额以上经营主体\t10家 （力争）\t区商务局 市场监管局 配合\n\
             空气质量达标率\t99%\t生态环境分局\n\
             \t保持\t\n\
             备注 & 说明\n\
             以上目标按季度调度。",
        );
    }

    #[test]
    fn an_understated_size_is_left_for_the_inflater_to_stop() {
        // The directory's claim is all the reader can check; the app's inflater has the limit.
        let part = document_part(fixture!("understated.docx")).unwrap();
        assert_eq!(
            (part.method, part.uncompressed_size),
            (Method::Deflate, 1024)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn any_bytes_give_an_answer_not_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = entries(&bytes);
            let _ = document_part(&bytes);
        }

        #[test]
        fn a_corrupted_zip_gives_a_range_inside_the_file_or_an_error(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            cut in any::<prop::sample::Index>(),
            truncate in any::<bool>(),
        ) {
            let mut bytes = word_zip();
            for (at, value) in edits {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
            if truncate {
                bytes.truncate(cut.index(bytes.len()));
            }
            if let Ok(list) = entries(&bytes) {
                for e in &list {
                    if let Ok(range) = data_range(&bytes, e) {
                        prop_assert!(range.start <= range.end && range.end <= bytes.len());
                    }
                }
            }
            if let Ok(part) = document_part(&bytes) {
                prop_assert!(part.range.end <= bytes.len());
                prop_assert!(part.uncompressed_size <= MAX_DOCUMENT_BYTES);
            }
        }

        #[test]
        fn any_text_scans_without_panic(xml in any::<String>()) {
            let _ = document_text(&xml);
        }

        #[test]
        fn tag_soup_scans_without_panic(parts in proptest::collection::vec(prop::sample::select(vec![
            "<w:p>", "</w:p>", "<w:p/>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:tab/>", "<w:br/>",
            "<w:tbl>", "</w:tbl>", "<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>", "<mc:Fallback>",
            "</mc:Fallback>", "<w:tabs>", "</w:tabs>", "文字", "&amp;", "&#x", ";", "<", ">", "\"",
            "<!--", "-->", "<![CDATA[", "]]>", "<?", "&",
        ]), 0..80)) {
            let xml: String = parts.concat();
            let text = document_text(&xml);
            // The output never invents characters beyond what the input could spell.
            prop_assert!(text.len() <= xml.len() * 2);
        }
    }
}
