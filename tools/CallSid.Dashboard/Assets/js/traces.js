'use strict';
// Traces: newest first, filter by resource and text; a row opens the trace's waterfall.
(() => {
  const { el, api, clear, table, resourceChip } = Dash;
  const resourceSelect = el('select', { id: 'resource-select', 'aria-label': 'Resource' });
  const text = el('input', { type: 'search', id: 'trace-search', placeholder: 'Filter span names, attributes, trace id', 'aria-label': 'Filter' });
  const errors = el('input', { type: 'checkbox', id: 'errors-only' });
  const count = el('span', { class: 'count', id: 'trace-count' });
  const tableWrap = el('div', { class: 'table-wrap grow', id: 'traces' });
  Dash.app.append(el('div', { class: 'toolbar' },
    el('label', { for: 'resource-select' }, 'Resource'), resourceSelect, text,
    el('label', {}, errors, ' errors only'), count), tableWrap);

  resourceSelect.value = Dash.app.dataset.resource || Dash.query('resource');
  text.value = Dash.query('text');

  function filters() { return { resource: resourceSelect.value || Dash.app.dataset.resource || '', text: text.value.trim(), errors: errors.checked ? 'true' : '' }; }
  function onFilter() { Dash.setQuery(filters()); refresh.now(); }
  resourceSelect.addEventListener('change', () => { delete Dash.app.dataset.resource; onFilter(); });
  errors.addEventListener('change', onFilter);
  let typing = null;
  text.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(onFilter, 300); });

  function render(data) {
    count.textContent = data.total > data.traces.length ? `newest ${data.traces.length} of ${data.total}` : `${data.total} traces`;
    const longest = Math.max(1, ...data.traces.map(t => t.duration_ms));
    const columns = [
      { title: 'Time', width: '108px', render: t => Dash.fmtTime(t.start) },
      { title: 'Name', render: t => el('span', {}, t.has_error ? el('span', { class: 'error-marker', title: 'has an error span' }, '● ') : '', Dash.traceLink(t.trace_id, t.name)) },
      { title: 'Resources', width: '26%', render: t => el('span', {}, t.resources.map(resourceChip)) },
      { title: 'Spans', width: '64px', render: t => String(t.span_count) },
      { title: 'Duration', width: '130px', render: t => el('div', {}, Dash.fmtDuration(t.duration_ms),
        el('div', { class: 'duration-bar', style: { width: Math.max(2, 100 * t.duration_ms / longest) + '%' } })) },
      { title: 'Call', width: '16%', render: t => t.call_sids.length ? el('span', {}, t.call_sids.map(Dash.callLink)) : '' },
    ];
    clear(tableWrap).append(table(columns, data.traces, {
      empty: 'No traces match.',
      rowAttrs: t => ({ 'data-trace-id': t.trace_id }),
      onSelect: t => { location.href = '/traces/detail/' + t.trace_id; },
    }));
  }

  const refresh = Dash.poll(async () => {
    await Dash.fillResourceSelect(resourceSelect, filters().resource);
    render(await api('/api/telemetry/traces?' + Dash.params({ ...filters(), limit: '200' })));
  }, 2000);
})();
