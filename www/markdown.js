// A small, safe Markdown renderer for chat messages: it builds DOM nodes (never innerHTML), so message text
// from the server can never become markup. Supported: paragraphs (single line breaks kept), ``` / ~~~
// fenced code blocks with a language label (an unclosed fence runs to the end, as in CommonMark), ATX
// headings, bullet and numbered lists (nested by indentation), block quotes, pipe tables, horizontal rules,
// and inline `code`, **bold** and *italic*. Anything else is shown as the text it is.

import { el } from './dom.js';

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const LIST_ITEM = /^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
const QUOTE = /^ {0,3}>[ ]?(.*)$/;
const RULE = /^ {0,3}((\*[ \t]*){3,}|(-[ \t]*){3,}|(_[ \t]*){3,})$/;
const TABLE_SEP = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

const blank = (line) => line.trim() === '';

/** Splits a table row into cell texts. */
function cells(line) {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  return s.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

const isTableStart = (lines, i) => lines[i].includes('|') && i + 1 < lines.length && lines[i + 1].includes('-') && TABLE_SEP.test(lines[i + 1]) && lines[i + 1].includes('|');

/** Does this line start a block other than a paragraph? */
function startsBlock(lines, i) {
  const line = lines[i];
  return FENCE_OPEN.test(line) || HEADING.test(line) || QUOTE.test(line) || RULE.test(line) || LIST_ITEM.test(line) || isTableStart(lines, i);
}

/**
 * Appends inline content (code spans, bold, italic, text) to `parent`.
 * Line breaks inside `text` become <br>.
 */
export function renderInline(text, parent) {
  const re = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__(?![\p{L}\p{N}])|\*(?=[^\s*])([^*]*?[^\s*])\*|(?<![\p{L}\p{N}_])_(?=[^\s_])([^_]*?[^\s_])_(?![\p{L}\p{N}_])/gu;
  let last = 0;
  let m;
  while ((m = re.exec(text))) {
    if (m.index > last) appendText(text.slice(last, m.index), parent);
    if (m[1] !== undefined) {
      let code = m[2].replace(/\n/g, ' ');
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
      parent.append(el('code', 'md-code', code));
    } else if (m[3] !== undefined || m[4] !== undefined) {
      const strong = el('strong');
      renderInline(m[3] ?? m[4], strong);
      parent.append(strong);
    } else {
      const em = el('em');
      renderInline(m[5] ?? m[6], em);
      parent.append(em);
    }
    last = re.lastIndex;
  }
  if (last < text.length) appendText(text.slice(last), parent);
}

function appendText(text, parent) {
  const parts = text.split('\n');
  parts.forEach((part, i) => {
    if (i > 0) parent.append(document.createElement('br'));
    if (part) parent.append(document.createTextNode(part.replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1')));
  });
}

/**
 * A code block: a header with the language label and a copy button (both marked `data-chrome`, they are
 * not part of the message text) and a <pre><code> with the exact code.
 */
export function codeBlock(code, language) {
  const figure = el('figure', 'md-codeblock');
  if (language) figure.dataset.language = language;
  const head = el('figcaption', 'md-codeblock-head');
  head.dataset.chrome = '';
  head.append(el('span', 'md-codeblock-lang', language || 'text'));
  const copy = el('button', 'md-copy', 'Copy');
  copy.type = 'button';
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(code);
      copy.textContent = 'Copied';
    } catch {
      copy.textContent = 'Copy failed';
    }
    setTimeout(() => (copy.textContent = 'Copy'), 1500);
  });
  head.append(copy);
  const pre = el('pre', 'md-pre');
  const codeEl = el('code', language ? `language-${language}` : '', code);
  pre.append(codeEl);
  figure.append(head, pre);
  return figure;
}

/** Parses `lines[start..end)` into blocks appended to `parent`. */
function renderBlocks(lines, parent) {
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (blank(line)) {
      i++;
      continue;
    }
    let m;
    // Fenced code block.
    if ((m = FENCE_OPEN.exec(line))) {
      const fence = m[1];
      const indent = line.length - line.trimStart().length;
      const body = [];
      i++;
      while (i < lines.length) {
        const close = lines[i].trim();
        if (close.length >= fence.length && close[0] === fence[0] && /^(`+|~+)$/.test(close) && /^ {0,3}\S/.test(lines[i])) {
          i++;
          break;
        }
        body.push(indent ? lines[i].replace(new RegExp(`^ {0,${indent}}`), '') : lines[i]);
        i++;
      }
      parent.append(codeBlock(body.join('\n'), m[2]));
      continue;
    }
    if ((m = HEADING.exec(line))) {
      const level = Math.min(m[1].length + 2, 6); // a message's "#" is a section, not the page title
      const h = el(`h${level}`, 'md-heading');
      renderInline(m[2], h);
      parent.append(h);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      parent.append(el('hr', 'md-rule'));
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner = [];
      while (i < lines.length && (m = QUOTE.exec(lines[i]))) {
        inner.push(m[1]);
        i++;
      }
      const quote = el('blockquote', 'md-quote');
      renderBlocks(inner, quote);
      parent.append(quote);
      continue;
    }
    if (isTableStart(lines, i)) {
      const header = cells(line);
      const aligns = cells(lines[i + 1]).map((c) => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : ''));
      i += 2;
      const wrap = el('div', 'md-table-wrap');
      const table = el('table', 'md-table');
      const thead = el('thead');
      const tr = el('tr');
      header.forEach((c, k) => {
        const th = el('th');
        if (aligns[k]) th.style.textAlign = aligns[k];
        renderInline(c, th);
        tr.append(th);
      });
      thead.append(tr);
      const tbody = el('tbody');
      while (i < lines.length && !blank(lines[i]) && lines[i].includes('|')) {
        const row = el('tr');
        const rowCells = cells(lines[i]);
        header.forEach((_, k) => {
          const td = el('td');
          if (aligns[k]) td.style.textAlign = aligns[k];
          renderInline(rowCells[k] ?? '', td);
          row.append(td);
        });
        tbody.append(row);
        i++;
      }
      table.append(thead, tbody);
      wrap.append(table);
      parent.append(wrap);
      continue;
    }
    if (LIST_ITEM.test(line)) {
      i = renderList(lines, i, parent);
      continue;
    }
    // Paragraph: consecutive lines until a blank line or another block; single line breaks are kept.
    const para = [line];
    i++;
    while (i < lines.length && !blank(lines[i]) && !startsBlock(lines, i)) {
      para.push(lines[i]);
      i++;
    }
    const p = el('p', 'md-p');
    renderInline(para.map((l) => l.trim()).join('\n'), p);
    parent.append(p);
  }
}

const indentOf = (s) => s.replace(/\t/g, '    ').length;

/** Renders a (possibly nested) list starting at line i; returns the index after it. */
function renderList(lines, i, parent) {
  const first = LIST_ITEM.exec(lines[i]);
  const baseIndent = indentOf(first[1]);
  const ordered = /\d/.test(first[2]);
  const list = el(ordered ? 'ol' : 'ul', 'md-list');
  if (ordered) {
    const start = parseInt(first[2], 10);
    if (start !== 1) list.start = start;
  }
  let item = null;
  let itemText = null;
  const flush = () => {
    if (item && itemText !== null) {
      const span = el('span', 'md-li-text');
      renderInline(itemText.join('\n'), span);
      item.prepend(span);
      itemText = null;
    }
  };
  while (i < lines.length) {
    const line = lines[i];
    if (blank(line)) {
      // A blank line ends the list unless the next line continues it.
      const next = lines[i + 1];
      const nm = next !== undefined ? LIST_ITEM.exec(next) : null;
      if (nm && indentOf(nm[1]) >= baseIndent) {
        i++;
        continue;
      }
      break;
    }
    const m = LIST_ITEM.exec(line);
    if (m) {
      const indent = indentOf(m[1]);
      if (indent < baseIndent) break;
      if (indent > baseIndent && item) {
        // A nested list inside the current item.
        flush();
        i = renderList(lines, i, item);
        continue;
      }
      if (/\d/.test(m[2]) !== ordered) break;
      flush();
      item = el('li', 'md-li');
      list.append(item);
      itemText = [m[3]];
      i++;
      continue;
    }
    // A continuation line of the current item (lazy continuation), unless it starts another block.
    if (item && itemText !== null && !startsBlock(lines, i)) {
      itemText.push(line.trim());
      i++;
      continue;
    }
    break;
  }
  flush();
  parent.append(list);
  return i;
}

/** Renders Markdown `text` into a new element (class `md`). */
export function renderMarkdown(text) {
  const root = el('div', 'md');
  renderBlocks(text.replace(/\r\n?/g, '\n').split('\n'), root);
  return root;
}
