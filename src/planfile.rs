//! Reading a plan a person brings as a file: a text file (UTF-8, or the GB18030/GBK that Chinese
//! Windows' Notepad writes) or a Word `.docx`. Anything else — a PDF, an image, a legacy `.doc`
//! or `.wps`, an empty or binary file — gets its own reason, so the message can say what to do
//! instead.

use taizhang_core::docx::DocxError;
use taizhang_core::plans::MAX_TEXT_BYTES;
use wasm_bindgen::JsCast;

/// Why a file could not be read as a plan's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanFileError {
    Empty,
    TooLarge {
        bytes: usize,
    },
    Pdf,
    Image,
    /// A legacy Word `.doc`, WPS `.wps` or another old Office file (OLE compound document).
    OldOffice,
    /// A zip that is not a Word document, or a damaged `.docx` (with the reason).
    NotWord(DocxError),
    /// Bytes that are not text in any encoding a plan is written in.
    Binary,
    /// The browser could not read the file at all.
    Unreadable,
}

/// The largest file read: a Word file holds its text compressed among styles and images, so it
/// may be much larger than the text itself.
const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// Reads `file` as a plan's text.
pub async fn read(file: web_sys::File) -> Result<String, PlanFileError> {
    let size = file.size() as usize;
    if size > MAX_FILE_BYTES {
        return Err(PlanFileError::TooLarge { bytes: size });
    }
    let file = gloo_file::File::from(file);
    let bytes = gloo_file::futures::read_as_bytes(&file)
        .await
        .map_err(|_| PlanFileError::Unreadable)?;
    from_bytes(bytes).await
}

/// Reads a plan's text from a file's bytes, by what the bytes are (never by the file's name):
/// the Word reader recognises a `.docx`, a PDF and a legacy Office file; images are named here;
/// anything else is read as text.
pub async fn from_bytes(bytes: Vec<u8>) -> Result<String, PlanFileError> {
    let text = match bytes.as_slice() {
        [] => return Err(PlanFileError::Empty),
        [0x89, b'P', b'N', b'G', ..] | [0xFF, 0xD8, 0xFF, ..] | [b'G', b'I', b'F', b'8', ..] => {
            return Err(PlanFileError::Image)
        }
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => {
            return Err(PlanFileError::Image)
        }
        _ => match crate::wordfile::docx_text(&bytes).await {
            Ok(text) => text,
            Err(DocxError::NotZip) => decode_text(&bytes)?,
            Err(DocxError::Pdf) => return Err(PlanFileError::Pdf),
            Err(DocxError::Ole) => return Err(PlanFileError::OldOffice),
            Err(DocxError::TooLarge { bytes, .. }) => {
                return Err(PlanFileError::TooLarge {
                    bytes: bytes as usize,
                })
            }
            Err(e) => return Err(PlanFileError::NotWord(e)),
        },
    };
    if text.len() > MAX_TEXT_BYTES {
        return Err(PlanFileError::TooLarge { bytes: text.len() });
    }
    if text.trim().is_empty() {
        return Err(PlanFileError::Empty);
    }
    Ok(text)
}

/// Text in UTF-8 (a byte-order mark dropped), else GB18030 (a superset of GBK and GB2312).
fn decode_text(bytes: &[u8]) -> Result<String, PlanFileError> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(PlanFileError::TooLarge { bytes: bytes.len() });
    }
    // Text files of plans never hold NUL; UTF-16 files and binaries do.
    if bytes.contains(&0) {
        return Err(PlanFileError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.trim_start_matches('\u{feff}').to_string());
    }
    let options = web_sys::TextDecoderOptions::new();
    options.set_fatal(true);
    let decoder = web_sys::TextDecoder::new_with_label_and_options("gb18030", &options)
        .map_err(|_| PlanFileError::Binary)?;
    let text = decoder
        .decode_with_u8_array(bytes)
        .map_err(|_| PlanFileError::Binary)?;
    // A file of control characters decodes too; a plan is mostly CJK and punctuation.
    let odd = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if odd * 20 > text.chars().count() {
        return Err(PlanFileError::Binary);
    }
    Ok(text)
}

/// The file a file input holds, if any (and the input cleared, so choosing it again fires).
pub fn take_chosen(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}
