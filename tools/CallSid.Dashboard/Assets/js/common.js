'use strict';
// Shared by every page: the JSON API client, DOM and SVG helpers, polling, formatting. No framework, no CDN.
const Dash = (() => {
  const app = document.getElementById('app');
  const statusLine = document.getElementById('status');

  async function api(path, options = {}) {
    const response = await fetch(path, {
      credentials: 'same-origin',
      ...options,
      headers: { Accept: 'application/json', ...(options.headers || {}) },
    });
    if (response.status === 401) {
      location.href = '/login';
      throw new Error('Not logged in');
    }
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    if (!response.ok) {
      const error = new Error((body && (body.message + (body.details ? ': ' + body.details : ''))) || response.statusText);
      error.status = response.status;
      error.body = body;
      throw error;
    }
    return body;
  }

  // State-changing calls carry the anti-CSRF header the backend requires.
  function post(path) {
    return api(path, { method: 'POST', headers: { 'x-dashboard-request': '1' } });
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'style') Object.assign(node.style, value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === 'text') node.textContent = value; else node.setAttribute(key, value);
    }
    for (const child of children.flat(Infinity)) if (child) node.append(child);
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  function setStatus(text, kind) {
    statusLine.textContent = text || '';
    statusLine.className = 'status' + (kind ? ' ' + kind : '');
  }

  // Polls fn every `ms` (slower in a hidden tab); the page stays live without reloading.
  function poll(fn, ms) {
    let timer = null;
    let stopped = false;
    async function tick() {
      if (stopped) return;
      try {
        await colorsLoaded; // so the first render already has each resource's colour
        await fn();
        setStatus('Live · updated ' + new Date().toLocaleTimeString());
      } catch (error) {
        setStatus(error.message, 'error');
      }
      if (!stopped) timer = setTimeout(tick, document.hidden ? ms * 4 : ms);
    }
    tick();
    return { stop() { stopped = true; clearTimeout(timer); }, now() { clearTimeout(timer); tick(); } };
  }

  function toast(text, isError) {
    const node = el('div', { class: 'toast' + (isError ? ' error' : ''), role: 'alert', text });
    document.body.append(node);
    setTimeout(() => node.remove(), 5000);
  }

  function pad(n, width = 2) { return String(n).padStart(width, '0'); }

  function fmtTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  }

  function fmtDateTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  // Short form for tables: month-day and time of day.
  function fmtShortDateTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  function fmtDuration(ms) {
    if (ms === null || ms === undefined) return '';
    if (ms < 1) return `${Math.round(ms * 1000)} µs`;
    if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
    return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
  }

  function fmtNumber(value) {
    if (value === null || value === undefined || Number.isNaN(value)) return '';
    const abs = Math.abs(value);
    if (abs !== 0 && (abs < 0.001 || abs >= 1e7)) return value.toExponential(2);
    return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 4 });
  }

  // A colour per resource, the same on every page: the resources this dashboard knows, in name order, take the colours of a
  // qualitative palette in turn (hashing names onto hues put edge, transcripts and calls on three shades of blue).
  const palette = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#17becf', '#bcbd22', '#7f7f7f'];
  const assigned = new Map();
  async function loadColors() {
    try {
      const data = await api('/api/resources');
      [...new Set(data.resources.map(r => r.name))].sort().forEach((name, i) => assigned.set(name, palette[i % palette.length]));
    } catch { /* the hash below still gives every resource a colour */ }
  }

  function colorFor(name) {
    if (assigned.has(name)) return assigned.get(name);
    let hash = 2166136261; // FNV-1a: a resource the list did not have yet still gets a stable colour
    for (const ch of name || '') hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
    return `hsl(${Math.round((hash % 997) * 137.508) % 360}, 65%, 46%)`;
  }

  function resourceChip(name) {
    return el('span', { class: 'chip' }, el('span', { class: 'dot', style: { background: colorFor(name) } }), name);
  }

  function badge(text) {
    return el('span', { class: 'badge ' + String(text || '').toLowerCase().replace(/[^a-z]/g, '') }, text || '—');
  }

  // Query string from an object, leaving out empty values.
  function params(values) {
    return new URLSearchParams(Object.entries(values).filter(([, v]) => v !== '' && v !== null && v !== undefined)).toString();
  }

  function query(name) { return new URLSearchParams(location.search).get(name) || ''; }

  // Keeps filters in the URL, so a filtered page can be shared or reloaded as it is.
  function setQuery(values) {
    const params = new URLSearchParams(location.search);
    for (const [key, value] of Object.entries(values)) {
      if (value) params.set(key, value); else params.delete(key);
    }
    const search = params.toString();
    history.replaceState(null, '', location.pathname + (search ? '?' + search : ''));
  }

  function callLink(callSid) {
    return el('a', { href: '/calls/' + encodeURIComponent(callSid), class: 'mono', title: 'Open the call view' }, callSid);
  }

  function traceLink(traceId, text) {
    return el('a', { href: '/traces/detail/' + encodeURIComponent(traceId), class: 'mono' }, text || traceId.slice(0, 12));
  }

  // Fills a resource <select> with the resources seen in telemetry (plus "All").
  async function fillResourceSelect(select, selected) {
    const resources = await api('/api/telemetry/resources');
    const names = new Set(resources.map(r => r.name));
    for (const r of resources) if (r.service_name !== r.name) names.add(r.service_name);
    if (selected) names.add(selected);
    const current = select.value || selected || '';
    clear(select).append(el('option', { value: '' }, 'All resources'));
    for (const name of [...names].sort()) select.append(el('option', { value: name }, name));
    select.value = current;
  }

  function table(columns, rows, options = {}) {
    const head = el('tr', {}, columns.map(c => el('th', { style: c.width ? { width: c.width } : null }, c.title)));
    const body = el('tbody');
    if (rows.length === 0) {
      body.append(el('tr', {}, el('td', { colspan: columns.length, class: 'empty' }, options.empty || 'Nothing yet.')));
    }
    for (const row of rows) {
      const tr = el('tr', { class: options.onSelect ? 'clickable' : '' });
      if (options.rowAttrs) for (const [k, v] of Object.entries(options.rowAttrs(row))) tr.setAttribute(k, v);
      if (options.onSelect) tr.addEventListener('click', event => { if (!event.target.closest('a,button')) options.onSelect(row, tr); });
      if (options.isSelected && options.isSelected(row)) tr.classList.add('selected');
      for (const c of columns) {
        const value = c.render(row);
        const td = el('td', { class: c.wrap ? 'wrap' : '' }, value);
        if (typeof value === 'string') td.title = value;
        tr.append(td);
      }
      body.append(tr);
    }
    return el('table', {}, el('thead', {}, head), body);
  }

  function kv(entries) {
    const grid = el('div', { class: 'kv' });
    for (const [key, value] of entries) grid.append(el('div', { class: 'key' }, key), el('div', {}, value));
    return grid;
  }

  const colorsLoaded = loadColors();

  return {
    colorsLoaded, app, api, post, el, svg, clear, append, setStatus, poll, toast, fmtTime, fmtDateTime, fmtShortDateTime, fmtDuration, fmtNumber,
    colorFor, resourceChip, badge, params, query, setQuery, callLink, traceLink, fillResourceSelect, table, kv,
  };
})();
