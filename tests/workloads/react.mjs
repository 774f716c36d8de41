// React server rendering through CommonJS: react and react-dom/server are CommonJS packages,
// so the default import is module.exports and `renderToString` is a named export the static
// export scanner must find (react-dom/server.node.js re-exports from two more CommonJS files).
// Pinned to React 18: React 19's react-dom/server needs node:async_hooks.
import React from 'react';
import { renderToString, renderToStaticMarkup } from 'react-dom/server';

const h = React.createElement;
const Theme = React.createContext('light');

function Cell({ value }) {
  const theme = React.useContext(Theme);
  return h('td', { className: `cell ${theme}`, style: { textAlign: 'right', paddingLeft: 4 } }, value);
}

function Row({ index }) {
  const [count] = React.useState(index * 3);
  const squares = React.useMemo(() => [1, 2, 3].map((k) => (index + k) ** 2), [index]);
  return h(
    'tr',
    { 'data-row': index, className: index % 2 ? 'odd' : 'even' },
    h('th', null, 'Row ', index),
    h(Cell, { value: count }),
    squares.map((s, k) => h(Cell, { key: k, value: s })),
  );
}

function Page({ title, rows }) {
  return h(
    'html',
    null,
    h('head', null, h('title', null, title)),
    h(
      'body',
      null,
      h('h1', { id: 'title' }, title, ' & <friends>'),
      h(Theme.Provider, { value: 'dark' },
        h('table', null, h('tbody', null, Array.from({ length: rows }, (_, i) => h(Row, { key: i, index: i }))))),
      h(React.Fragment, null, h('input', { type: 'checkbox', defaultChecked: true, disabled: true }),
        h('div', { dangerouslySetInnerHTML: { __html: '<em>raw</em>' } })),
    ),
  );
}

// A small deterministic digest, so the whole page is compared without printing all of it.
function digest(text) {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return hash.toString(16);
}

const html = renderToString(h(Page, { title: 'esmload', rows: 200 }));
const markup = renderToStaticMarkup(h(Page, { title: 'static', rows: 3 }));
console.log('react', React.version, typeof React.Component, html.length, digest(html));
console.log(html.slice(0, 160));
console.log(markup);
