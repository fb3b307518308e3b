// Trunk post_build hook (Trunk.toml; it runs before scripts/sw-manifest.sh, so the service worker
// precaches every chunk): splits the app's wasm so the first screen loads only what it needs.
//
// Trunk has built the app with the `split` feature (index.html) and `--emit-relocs`
// (.cargo/config.toml), run wasm-bindgen on the whole module and staged it. This hook starts
// again from cargo's own output, in the order the splitter requires:
//   1. wasm-split-cli (crate wasm_split_cli_support): the main module, one chunk per
//      `#[lazy]` split point (components::lazy) plus chunks of code several of them share, and
//      the loader `__wasm_split.js` that fetches a chunk and links it to the main instance;
//   2. wasm-bindgen on the main module (keeping the linker's exports the chunks import);
//   3. wasm-opt at the release's level on the main module and on every chunk (release only);
//   4. content-hashed names (a chunk by its own bytes, so an unchanged chunk stays cached
//      across releases; the main module, its glue and the loader by the whole release, since
//      the glue and the loader name each other), then the staged files and index.html (names,
//      subresource integrity, a modulepreload for the loader, the main module compiled from the
//      top of the page) are replaced;
//   5. in a release, the glue, the loader and the stylesheet minified (esbuild: their comments
//      and names cost 5.5 KB gzip of every first visit).
// Every URL stays relative, so dist/ works under any sub-path.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';

const NAME = 'taizhang';
// The level index.html's `data-wasm-opt` used to give Trunk; Trunk's own wasm-opt is off
// (`data-wasm-opt="0"`), since the module it would optimise is replaced here.
const WASM_OPT_LEVEL = '-Oz';
// TAIZHANG_WASM_NAMES=1 keeps the functions' names in every module (a panic's stack then names
// them): a debugging aid, never for a release that is measured or shipped.
const KEEP_NAMES = process.env.TAIZHANG_WASM_NAMES === '1' ? ['-g'] : [];

const stage = process.env.TRUNK_STAGING_DIR;
if (!stage) {
  console.error('wasm-split.mjs runs as a trunk post_build hook (TRUNK_STAGING_DIR unset)');
  process.exit(2);
}
const release = process.env.TRUNK_PROFILE === 'release';
const source = process.env.TRUNK_SOURCE_DIR || process.cwd();

const run = (cmd, args) => execFileSync(cmd, args, { cwd: source, stdio: ['ignore', 'pipe', 'inherit'] });
const sha = (alg, ...parts) => {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return h;
};
const short = (...parts) => sha('sha256', ...parts).digest('hex').slice(0, 16);

const meta = JSON.parse(run('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline']));
const profileDir = release ? 'release' : 'debug';
const raw = path.join(meta.target_directory, 'wasm32-unknown-unknown', profileDir, `${NAME}.wasm`);
const work = path.join(meta.target_directory, 'wasm-split', profileDir);
const splitDir = path.join(work, 'split');
const bgDir = path.join(work, 'bindgen');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(bgDir, { recursive: true });

// 1. Split.
run('wasm-split-cli', [raw, splitDir, '--target', 'web', '--out-name', NAME]);
const loaderFile = path.join(splitDir, '__wasm_split.js');
if (!fs.existsSync(loaderFile)) throw new Error('wasm-split-cli wrote no loader: is the `split` feature on?');
const chunks = fs
  .readdirSync(splitDir)
  .filter((f) => f.endsWith('.wasm') && f !== `${NAME}.wasm`)
  .sort();

// 2. Bindgen the main module (as Trunk does, plus what the chunks need).
run('wasm-bindgen', [
  path.join(splitDir, `${NAME}.wasm`),
  '--target=web',
  `--out-dir=${bgDir}`,
  `--out-name=${NAME}`,
  '--no-typescript',
  '--keep-lld-exports',
  '--no-demangle',
]);
const mainWasm = path.join(bgDir, `${NAME}_bg.wasm`);

// 3. Optimise every module.
if (release) {
  for (const f of [mainWasm, ...chunks.map((c) => path.join(splitDir, c))]) {
    run('wasm-opt', [WASM_OPT_LEVEL, ...KEEP_NAMES, f, '-o', f]);
  }
}

// 4. Names; the small shared chunks packed into one file.
let loader = fs.readFileSync(loaderFile, 'utf8');
// The splitter cuts code that several views reach into one chunk per set of views: dozens of
// chunks of a few hundred bytes to a few KB, of which a view opened for the first time needed
// 15–29, each a request (six at a time over HTTP/1.1) and a module of its own. The shared chunks
// under PACK_MAX bytes travel as one file instead, fetched once by whichever view comes first,
// and each is compiled from its slice of it. The views' own modules (`split_*`) and the large
// shared chunks stay files of their own. The bound sits above every small shared chunk (3–7 KB
// raw each) and below the large ones (90 KB and more): with it at 3 KB, a view still asked for
// 3–5 chunks of 3–7 KB beside the pack; measured interleaved, clicked at once, the slowest first
// opening went 103 → 84 ms (督办 89 → 54, 数据交换 89 → 64, 本月填报 103 → 79), for a pack of
// 32 KB gzip instead of 10 (every byte of it is precached by the worker after the first visit
// anyway) and a release 7.6 KB smaller.
const PACK_MAX = Number(process.env.TAIZHANG_PACK_MAX ?? 8192);
const chunkBytes = new Map(chunks.map((c) => [c, fs.readFileSync(path.join(splitDir, c))]));
const packed = chunks.filter((c) => c.startsWith('chunk_') && chunkBytes.get(c).length < PACK_MAX);
const packBytes = Buffer.concat(packed.map((c) => chunkBytes.get(c)));
const packName = `chunks-${short(packBytes)}.pack`;
let offset = 0;
for (const c of packed) {
  const length = chunkBytes.get(c).length;
  const fetcher = `fetch(new URL("./${c}", import.meta.url));\n    src.catch(() => {});\n    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));`;
  if (loader.split(fetcher).length !== 2) throw new Error(`the loader does not fetch ${c} as expected`);
  loader = loader.replace(
    fetcher,
    `__packed(${offset}, ${length});\n    src.catch(() => {});\n    return async (imports) => (WebAssembly.instantiate(await src, imports));`,
  );
  offset += length;
}
if (packed.length) {
  // One fetch of the pack for every chunk in it; a failed one is forgotten, so that the view's
  // retry fetches it again.
  loader += `
let __pack;
function __packed(offset, length) {
    if (__pack === undefined) {
        const pack = fetch(new URL("./${packName}", import.meta.url)).then((response) => {
            if (!response.ok) throw new Error(\`${packName}: HTTP \${response.status}\`);
            return response.arrayBuffer();
        });
        pack.catch(() => { if (__pack === pack) __pack = undefined; });
        __pack = pack;
    }
    return __pack.then((bytes) => new Uint8Array(bytes, offset, length));
}
`;
}
const chunkOut = chunks.filter((c) => !packed.includes(c)).map((c) => {
  const bytes = chunkBytes.get(c);
  const hashed = `${c.slice(0, -'.wasm'.length)}-${short(bytes)}.wasm`;
  const ref = `"./${c}"`;
  if (!loader.includes(ref)) throw new Error(`the loader does not name ${c}`);
  loader = loader.split(ref).join(`"./${hashed}"`);
  return { name: hashed, bytes };
});
if (packed.length) chunkOut.push({ name: packName, bytes: packBytes });
let glue = fs.readFileSync(path.join(bgDir, `${NAME}.js`), 'utf8');
const mainBytes = fs.readFileSync(mainWasm);
// (Minified files get other names than the same source unminified: a cache holding one under
// the other's name would fail its integrity check.)
const releaseHash = short(mainBytes, glue, loader, release ? 'minified' : '');
const glueName = `${NAME}-${releaseHash}.js`;
const wasmName = `${NAME}-${releaseHash}_bg.wasm`;
const loaderName = `${NAME}-${releaseHash}_split.js`;

// The glue imports the loader by its module name (the wasm's import module, which stays the key
// of the imports object); only the import statement's URL changes.
const glueImport = /(from\s+)(['"])\.\/__wasm_split\.js\2/g;
if (!glueImport.test(glue)) throw new Error('the wasm-bindgen glue does not import the split loader');
glue = glue.replace(glueImport, `$1$2./${loaderName}$2`);
const mainImport = `from "./${NAME}.js"`;
if (!loader.includes(mainImport)) throw new Error('the split loader does not import the main glue');
loader = loader.split(mainImport).join(`from "./${glueName}"`);

// 5. Minified in a release (a debug build keeps them readable). Only whitespace, comments and
// local names go: the glue's exports and the imports object's keys stay as they are.
const minify = (code, loader) => (release ? transformSync(code, { loader, minify: true, format: loader === 'js' ? 'esm' : undefined }).code : code);
glue = minify(glue, 'js');
loader = minify(loader, 'js');

// Replace Trunk's staged module with the split one.
const staged = fs.readdirSync(stage);
const oldGlue = staged.find((f) => f.startsWith(`${NAME}-`) && f.endsWith('.js'));
const oldWasm = staged.find((f) => f.startsWith(`${NAME}-`) && f.endsWith('_bg.wasm'));
if (!oldGlue || !oldWasm) throw new Error(`trunk staged no ${NAME}-*.js / *_bg.wasm`);
for (const f of staged) {
  if (f.startsWith(`${NAME}-`) && (f.endsWith('.js') || f.endsWith('.wasm'))) fs.rmSync(path.join(stage, f));
}
fs.writeFileSync(path.join(stage, glueName), glue);
fs.writeFileSync(path.join(stage, wasmName), mainBytes);
fs.writeFileSync(path.join(stage, loaderName), loader);
for (const c of chunkOut) fs.writeFileSync(path.join(stage, c.name), c.bytes);
const snippets = path.join(bgDir, 'snippets');
if (fs.existsSync(snippets)) {
  fs.rmSync(path.join(stage, 'snippets'), { recursive: true, force: true });
  fs.cpSync(snippets, path.join(stage, 'snippets'), { recursive: true });
}

// The stylesheet, minified, is named by its own bytes (Trunk named it by its source's).
const renamed = [];
if (release) {
  for (const f of fs.readdirSync(stage).filter((f) => /^[\w-]+-[0-9a-f]+\.css$/.test(f))) {
    const css = minify(fs.readFileSync(path.join(stage, f), 'utf8'), 'css');
    const name = f.replace(/-[0-9a-f]+\.css$/, `-${short(css)}.css`);
    fs.rmSync(path.join(stage, f));
    fs.writeFileSync(path.join(stage, name), css);
    renamed.push([f, name]);
  }
}

// index.html: the new names, the loader preloaded beside the glue, every integrity recomputed.
const indexFile = path.join(stage, 'index.html');
let html = fs.readFileSync(indexFile, 'utf8');
html = html.split(oldGlue).join(glueName).split(oldWasm).join(wasmName);
for (const [from, to] of renamed) {
  if (!html.includes(from)) throw new Error(`index.html does not name the stylesheet ${from}`);
  html = html.split(from).join(to);
}
html = html.replace(
  /(<link rel="modulepreload" href="\.\/)([^"]+)(" crossorigin="anonymous" integrity="[^"]*">)/,
  (all, a, href, b) =>
    href === glueName ? `${all}${a}${loaderName}${b}` : all,
);
html = html.replace(/(href="\.\/)([^"]+)("[^>]*?integrity=")([^"]*)(")/g, (all, a, href, b, _old, c) => {
  const file = path.join(stage, href);
  if (!fs.existsSync(file)) return all;
  const sri = `sha384-${sha('sha384', fs.readFileSync(file)).digest('base64')}`;
  return `${a}${href}${b}${sri}${c}`;
});
if (!html.includes(loaderName)) throw new Error('index.html has no modulepreload of the glue to put the loader beside');
// Compile the main module while its bytes arrive, from the top of the page: Trunk's module script
// runs only once the whole document is parsed and its module graph (glue, loader, snippet) is in,
// and only then began compiling (interleaved A/B of the two pages, median of 21: 20 ms later
// with the service worker blocked, 0-11 ms in a first visit's conditions; docs/measurements.md). A
// classic script just after the wasm's preload (so the download still starts at once, and the
// fetch takes the preloaded response: one request) and before the stylesheet (which would hold a
// classic script back until loaded); the module script instantiates what it compiled, or, when
// that failed (a host serving the wasm with another type, a browser without compileStreaming),
// fetches the file itself as before.
const preload = html.match(/<link rel="preload" href="\.\/([^"]+)"[^>]*as="fetch" type="application\/wasm">/);
if (!preload || preload[1] !== wasmName) throw new Error('index.html has no preload of the main wasm');
const early = `${preload[0]}\n    <script>try { self.__tzWasm = WebAssembly.compileStreaming(fetch("./${wasmName}")).catch(() => null); } catch (e) {}</script>\n    `;
const initCall = `init({ module_or_path: './${wasmName}' })`;
if (!html.includes(initCall) || !html.includes('<link rel="stylesheet"')) {
  throw new Error("index.html's init call or stylesheet is not where the early compile expects them");
}
html = html
  .replace(preload[0], '')
  .replace('<link rel="stylesheet"', `${early}<link rel="stylesheet"`)
  .replace(initCall, `init({ module_or_path: (await self.__tzWasm) || './${wasmName}' })`);
fs.writeFileSync(indexFile, html);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.error(
  `[wasm-split] main ${kb(mainBytes.length)}, ${chunks.length} chunks ${kb(
    chunks.reduce((s, c) => s + chunkBytes.get(c).length, 0),
  )} (raw), ${packed.length} of them packed in ${packName} (${kb(packBytes.length)})`,
);
