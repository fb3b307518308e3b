//! Reading a Word `.docx` the user brings into the plan's plain text, in the browser.
//!
//! The zip directory and the XML are read by [`taizhang_core::docx`] (pure Rust, tested
//! natively); this module only reads the file's bytes and has the browser inflate the document
//! part with its own `DecompressionStream`, through the inflater the share links use, so no
//! decompressor ships in the wasm. The inflater stops at [`docx::MAX_DOCUMENT_BYTES`] whatever
//! size the zip's directory claims.

use taizhang_core::docx::{self, DocxError, Method};
use wasm_bindgen::JsCast;

use crate::transfer::inflate;

/// The text of a `.docx` file's body: one line per paragraph, one per table row (cells joined by
/// tabs). A file over [`docx::MAX_FILE_BYTES`] is refused unread.
pub async fn read_docx(file: web_sys::File) -> Result<String, DocxError> {
    let file = gloo_file::File::from(file);
    if file.size() > docx::MAX_FILE_BYTES as u64 {
        return Err(DocxError::TooLarge {
            bytes: file.size(),
            limit: docx::MAX_FILE_BYTES,
        });
    }
    let bytes = gloo_file::futures::read_as_bytes(&file)
        .await
        .map_err(|_| DocxError::Unreadable)?;
    docx_text(&bytes).await
}

/// The text of a `.docx` from its bytes: the document part located by the core, inflated by the
/// browser, then read as paragraphs and table rows.
pub async fn docx_text(bytes: &[u8]) -> Result<String, DocxError> {
    let part = docx::document_part(bytes)?;
    let data = &bytes[part.range];
    let xml = match part.method {
        Method::Stored => data.to_vec(),
        Method::Deflate => {
            let inflated = inflate(data, docx::MAX_DOCUMENT_BYTES as f64)
                .await
                .map_err(|e| {
                    if e.dyn_ref::<web_sys::js_sys::RangeError>().is_some() {
                        // The directory understated the size: all that is known is "over".
                        DocxError::TooLarge {
                            bytes: docx::MAX_DOCUMENT_BYTES as u64 + 1,
                            limit: docx::MAX_DOCUMENT_BYTES,
                        }
                    } else {
                        DocxError::Damaged
                    }
                })?;
            web_sys::js_sys::Uint8Array::new(&inflated).to_vec()
        }
        Method::Other(method) => return Err(DocxError::UnsupportedCompression { method }),
    };
    docx::read_document(xml)
}
