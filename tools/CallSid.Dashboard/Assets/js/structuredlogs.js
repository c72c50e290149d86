'use strict';
// Structured logs from OTLP: filter by resource, minimum level and text; click a row for its properties.
(() => {
  const { el, api, clear, table, kv, resourceChip } = Dash;
  const resourceSelect = el('select', { id: 'resource-select', 'aria-label': 'Resource' });
  const levelSelect = el('select', { id: 'level-select', 'aria-label': 'Minimum level' },
    ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical'].map(l => el('option', { value: l }, l)));
  const text = el('input', { type: 'search', id: 'log-search', placeholder: 'Filter message, category, properties', 'aria-label': 'Filter' });
  const count = el('span', { class: 'count', id: 'log-count' });
  const tableWrap = el('div', { class: 'table-wrap grow', id: 'logs' });
  const details = el('div', { class: 'stack' });
  const split = el('div', { class: 'split single' }, tableWrap, details);
  Dash.app.append(
    el('div', { class: 'toolbar' }, el('label', { for: 'resource-select' }, 'Resource'), resourceSelect,
      el('label', { for: 'level-select' }, 'Level ≥'), levelSelect, text, count),
    split);

  resourceSelect.value = Dash.app.dataset.resource || Dash.query('resource');
  levelSelect.value = Dash.query('minLevel') || 'Trace';
  text.value = Dash.query('text');
  let selected = null;
  let logs = [];

  function filters() {
    return {
      resource: resourceSelect.value || Dash.app.dataset.resource || '',
      minLevel: levelSelect.value === 'Trace' ? '' : levelSelect.value,
      text: text.value.trim(),
      traceId: Dash.query('traceId'), // from a trace's "logs of this trace" link
    };
  }

  function onFilter() { Dash.setQuery(filters()); refresh.now(); }
  resourceSelect.addEventListener('change', () => { delete Dash.app.dataset.resource; onFilter(); });
  levelSelect.addEventListener('change', onFilter);
  let typing = null;
  text.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(onFilter, 300); });

  function message(log) {
    const parts = [log.message];
    if (log.call_sid) parts.push(' ', Dash.callLink(log.call_sid));
    if (log.exception) parts.push(' ', el('span', { class: 'error-marker', title: log.exception.type || 'exception' }, '⚠'));
    return el('span', {}, parts);
  }

  function renderDetails() {
    clear(details);
    const log = logs.find(l => l.sequence === selected);
    // The details panel takes room only when a log is chosen; the table gets the full width otherwise.
    split.classList.toggle('single', !log);
    if (!log) return;
    const properties = Object.entries(log.attributes).filter(([k]) => !k.startsWith('{') && !k.startsWith('exception.'));
    details.append(el('section', { class: 'details', id: 'log-details' },
      el('h2', {}, el('span', { class: 'level ' + log.level }, log.level), ' ', log.category),
      el('div', { class: 'wrap' }, log.message),
      kv([
        ['time', Dash.fmtDateTime(log.timestamp) + '.' + String(new Date(log.timestamp).getMilliseconds()).padStart(3, '0')],
        ['resource', resourceChip(log.resource)],
        ['trace', log.trace_id ? Dash.traceLink(log.trace_id, log.trace_id) : ''],
        ['span', log.span_id || ''],
        ['call', log.call_sid ? Dash.callLink(log.call_sid) : ''],
      ]),
      el('h3', {}, 'Properties'),
      properties.length ? kv(properties) : el('p', { class: 'empty' }, 'No properties.'),
      log.exception ? [el('h3', {}, 'Exception'), el('pre', { class: 'stack-trace' },
        [log.exception.type, log.exception.message].filter(Boolean).join(': ') + '\n' + (log.exception.stacktrace || ''))] : null));
  }

  function render(data) {
    logs = data.logs;
    count.textContent = data.total > data.logs.length ? `newest ${data.logs.length} of ${data.total}` : `${data.total} logs`;
    const columns = [
      { title: 'Time', width: '108px', render: l => Dash.fmtTime(l.timestamp) },
      { title: 'Resource', width: '13%', render: l => resourceChip(l.resource) },
      { title: 'Level', width: '100px', render: l => el('span', { class: 'level ' + l.level }, l.level) },
      { title: 'Category', width: '17%', render: l => l.category },
      { title: 'Message', render: message },
      { title: 'Trace', width: '100px', render: l => l.trace_id ? Dash.traceLink(l.trace_id) : '' },
    ];
    clear(tableWrap).append(table(columns, logs, {
      empty: 'No logs match.',
      rowAttrs: l => ({ 'data-level': l.level, 'data-resource': l.resource }),
      onSelect: l => { selected = selected === l.sequence ? null : l.sequence; render(data); },
      isSelected: l => l.sequence === selected,
    }));
    renderDetails();
  }

  const refresh = Dash.poll(async () => {
    await Dash.fillResourceSelect(resourceSelect, filters().resource);
    render(await api('/api/telemetry/logs?' + Dash.params({ ...filters(), limit: '200' })));
  }, 2000);
})();
