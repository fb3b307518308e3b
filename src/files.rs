//! The one module that makes files for the user: downloads built in the browser.

use wasm_bindgen::JsCast;
use web_sys::{js_sys, Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers `content` as a file download named `filename`. Returns false if the browser refused.
pub fn download(filename: &str, mime: &str, content: &str) -> bool {
    let parts = js_sys::Array::of1(&content.into());
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let document = leptos::prelude::document();
    let ok = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok())
        .map(|a| {
            a.set_href(&url);
            a.set_download(filename);
            a.click();
        })
        .is_some();
    let _ = Url::revoke_object_url(&url);
    ok
}
