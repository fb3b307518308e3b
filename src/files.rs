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

/// Offers an SVG drawing as a PNG download: the browser rasterises it on a canvas at twice its
/// size (crisp on high-density screens and in documents). Asynchronous: the image loads first.
pub fn download_png_from_svg(svg: &str, (width, height): (u32, u32), filename: &str) {
    use wasm_bindgen::closure::Closure;
    use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement};

    let document = leptos::prelude::document();
    let parts = js_sys::Array::of1(&svg.into());
    let options = BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let Some(url) = Blob::new_with_str_sequence_and_options(&parts, &options)
        .ok()
        .and_then(|b| Url::create_object_url_with_blob(&b).ok())
    else {
        return;
    };
    let (Some(img), Some(canvas)) = (
        document
            .create_element("img")
            .ok()
            .and_then(|e| e.dyn_into::<HtmlImageElement>().ok()),
        document
            .create_element("canvas")
            .ok()
            .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok()),
    ) else {
        return;
    };
    canvas.set_width(width * 2);
    canvas.set_height(height * 2);
    let filename = filename.to_string();
    let img_for_load = img.clone();
    let url_for_load = url.clone();
    let on_load = Closure::once(move || {
        let drawn = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            .and_then(|ctx| {
                ctx.set_fill_style_str("#ffffff");
                ctx.fill_rect(0.0, 0.0, f64::from(width * 2), f64::from(height * 2));
                ctx.draw_image_with_html_image_element_and_dw_and_dh(
                    &img_for_load,
                    0.0,
                    0.0,
                    f64::from(width * 2),
                    f64::from(height * 2),
                )
                .ok()
            });
        let _ = Url::revoke_object_url(&url_for_load);
        if drawn.is_some() {
            if let Ok(data_url) = canvas.to_data_url_with_type("image/png") {
                if let Some(a) = leptos::prelude::document()
                    .create_element("a")
                    .ok()
                    .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok())
                {
                    a.set_href(&data_url);
                    a.set_download(&filename);
                    a.click();
                }
            }
        }
    });
    img.set_onload(Some(on_load.as_ref().unchecked_ref()));
    // The closure runs once, when the image loads; it must outlive this function.
    on_load.forget();
    img.set_src(&url);
}
