/** The page around the Vivliostyle viewer: live reload, the error of a broken save, click-to-source. */
import path from 'node:path';
import type { PreviewBook } from './book.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The HTML of the preview page for `book` (`error`: the message of the last failed save, if it still
 * stands; `fragment`: where the viewer opens, as its `f` parameter, e.g. `epubcfi(/2!/4/8)`).
 */
export function previewPage(book: PreviewBook, books: PreviewBook[], error: string | undefined, fragment?: string): string {
  const manuscript = path.relative(process.cwd(), book.manuscript) || book.manuscript;
  const others = books
    .filter((other) => other !== book)
    .map((other) => `<a href="/?book=${encodeURIComponent(other.name)}">${escapeHtml(other.name)}</a>`)
    .join(' ');
  const src = `/book/${encodeURIComponent(book.name)}/print.html`;
  const config = JSON.stringify({ book: book.name, manuscript, absolute: path.resolve(book.manuscript), src }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(book.name)} — kumihan preview</title>
<style>
  html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; }
  body { display: flex; flex-direction: column; }
  #viewer { flex: 1; border: 0; width: 100%; }
  #bar { display: flex; gap: 1em; align-items: center; padding: 0.3em 0.8em; background: #f4f4f4; border-top: 1px solid #ccc; font-size: 14px; }
  #source { font-family: ui-monospace, monospace; }
  #error { padding: 0.5em 0.8em; background: #fdd; color: #900; font-family: ui-monospace, monospace; white-space: pre-wrap; }
</style>
</head>
<body>
<div id="error"${error ? '' : ' hidden'}>${escapeHtml(error ?? '')}</div>
<iframe id="viewer" src="/viewer/index.html#src=${src}${fragment ? `&amp;f=${escapeHtml(encodeURIComponent(fragment))}` : ''}" title="pages"></iframe>
<div id="bar">
  <span id="state">${escapeHtml(manuscript)}</span>
  <span>click or select text to find its line: <span id="source">—</span> <a id="editor" href="#" hidden>open in the editor</a></span>
  ${others ? `<span>other books: ${others}</span>` : ''}
</div>
<script>
const config = ${config};
const frame = document.getElementById('viewer');
const errorBox = document.getElementById('error');
const source = document.getElementById('source');
const editor = document.getElementById('editor');
function show(line) {
  source.textContent = config.manuscript + ':' + line;
  editor.href = 'vscode://file' + (config.absolute.startsWith('/') ? '' : '/') + config.absolute + ':' + line;
  editor.hidden = false;
}
function lineOf(node) {
  const element = node && (node.nodeType === 1 ? node : node.parentElement);
  const marked = element && element.closest('[data-source-line]');
  return marked ? marked.getAttribute('data-source-line') : undefined;
}
let viewerLoading = false;
let pending = false;
frame.addEventListener('load', () => {
  const doc = frame.contentDocument;
  doc.addEventListener('click', (event) => { const line = lineOf(event.target); if (line) show(line); }, true);
  doc.addEventListener('selectionchange', () => {
    const selection = doc.getSelection();
    const line = selection && selection.rangeCount ? lineOf(selection.getRangeAt(0).startContainer) : undefined;
    if (line) show(line);
  });
  viewerLoading = false;
  // Vivliostyle logs "-- time slice --" at debug level every 25 ms of layout: into open developer
  // tools (or a browser driven by a test) that was a tenth of the time a save took to show.
  frame.contentWindow.console.debug = () => {};
  quickenTimers(frame.contentWindow);
});
/**
 * Vivliostyle yields after every 25 ms of layout with setTimeout(…, 1), which the browser stretches
 * to 4 ms or more once timers nest, and lets it draw a frame in between: a fifth of a save's time
 * on this machine. In the viewer's window, timers of at most 1 ms run as message tasks instead
 * (still a later task, in order, and cancellable); longer ones are left to the browser.
 */
function quickenTimers(win) {
  const setLater = win.setTimeout.bind(win);
  const clearLater = win.clearTimeout.bind(win);
  const channel = new win.MessageChannel();
  const queue = [];
  const cancelled = new Set();
  let last = 0;
  channel.port1.onmessage = () => {
    const task = queue.shift();
    if (!task) return;
    if (cancelled.delete(task.id)) return;
    task.run();
  };
  win.setTimeout = (callback, delay, ...args) => {
    if (typeof callback !== 'function' || (Number(delay) || 0) > 1) return setLater(callback, delay, ...args);
    // Negative ids: the browser's own are positive, so clearTimeout tells them apart.
    const id = --last;
    queue.push({ id, run: () => callback(...args) });
    channel.port2.postMessage(0);
    return id;
  };
  win.clearTimeout = (id) => {
    if (typeof id === 'number' && id < 0) {
      if (queue.some((task) => task.id === id)) cancelled.add(id);
    } else clearLater(id);
  };
}
/**
 * Where the viewer stands: the index of the first page shown among the pages laid out (all of them
 * are, in order), and the position the viewer keeps in its address (its \`f\` parameter).
 */
function viewerPlace() {
  const doc = frame.contentDocument;
  const pages = [...doc.querySelectorAll('[data-vivliostyle-page-container]')];
  const shown = pages.findIndex((page) => page.getBoundingClientRect().width > 0 && getComputedStyle(page).visibility === 'visible');
  const cfi = new URLSearchParams(frame.contentWindow.location.hash.slice(1)).get('f');
  return { epage: shown === -1 ? undefined : shown, cfi: cfi || undefined };
}
/**
 * The print HTML was rewritten: the viewer loads it again in place (its code, its fonts and the
 * pages' styles stay loaded; only the document is fetched and laid out), straight at the position
 * shown, then on the very page shown before. A stylesheet's change, or a viewer without its
 * programming interface, reloads the whole viewer. A save during a load waits for it to end.
 */
function reloadDocument(full) {
  const viewer = frame.contentWindow && frame.contentWindow.coreViewer;
  if (full || !viewer) {
    frame.contentWindow.location.reload();
    return;
  }
  if (viewerLoading) {
    pending = true;
    return;
  }
  viewerLoading = true;
  const place = viewerPlace();
  const target = place.epage;
  const settled = () => {
    if (viewer.readyState === 'loading') return;
    viewer.removeListener('readystatechange', settled);
    viewer.removeListener('error', failed);
    viewerLoading = false;
    if (pending) {
      pending = false;
      reloadDocument(false);
      // Back on the page shown before (the position's CFI can name the next one); a no-op when there.
    } else if (target !== undefined) viewer.navigateToPage('epage', target);
  };
  // The viewer reports an error (it shows it itself): a later save must not wait for this load.
  const failed = () => {
    viewer.removeListener('error', failed);
    viewer.removeListener('readystatechange', settled);
    viewerLoading = false;
  };
  viewer.addListener('readystatechange', settled);
  viewer.addListener('error', failed);
  viewer.loadDocument({ url: new URL(config.src, location.href).href }, place.cfi ? { fragment: place.cfi } : {}, {});
}
const events = new EventSource('/events');
events.addEventListener('update', (event) => {
  const data = JSON.parse(event.data);
  if (data.book !== config.book) return;
  errorBox.hidden = true;
  reloadDocument(data.full === true);
});
events.addEventListener('failure', (event) => {
  const data = JSON.parse(event.data);
  if (data.book !== config.book) return;
  errorBox.textContent = data.message + ' (the pages below are the last good ones)';
  errorBox.hidden = false;
});
</script>
</body>
</html>
`;
}
