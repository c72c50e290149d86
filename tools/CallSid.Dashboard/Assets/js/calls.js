'use strict';
// The call view: the call record (Calls API), its transcript (Transcripts API), and every trace and log that touched it.
(() => {
  const { el, api, clear, table, kv, resourceChip } = Dash;
  const callSid = Dash.app.dataset.callSid || '';
  const input = el('input', { type: 'text', id: 'call-sid-input', placeholder: 'EL_333_2024-11-21T10:00:00Z', value: callSid, 'aria-label': 'call_sid' });
  const form = el('form', { class: 'toolbar', id: 'call-form' }, el('label', { for: 'call-sid-input' }, 'call_sid'), input, el('button', { type: 'submit', class: 'primary' }, 'Open'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    if (input.value.trim()) location.href = '/calls/' + encodeURIComponent(input.value.trim());
  });
  Dash.app.append(form);
  if (!callSid) {
    Dash.setStatus('Live · enter a call_sid');
    Dash.app.append(el('p', { class: 'empty' }, 'Enter a call_sid to see its call record, transcript, traces and logs. Logs and spans link here when they carry callsid.call_sid.'));
    return;
  }
  document.getElementById('page-title').textContent = 'Call ' + callSid;
  const body = el('div', { class: 'stack', id: 'call-view' });
  Dash.app.append(body);

  function answerNote(answer, what) {
    switch (answer.status) {
      case 'ok': return null;
      case 'not_configured': return el('div', { class: 'banner info' }, `${what}: ${answer.message} The call view shows telemetry only.`);
      case 'not_found': return el('div', { class: 'banner' }, `${what} answered 404: ${answer.message || 'not found'}`);
      case 'unavailable': return el('div', { class: 'banner error' }, `${what} unavailable${answer.http_status ? ' (' + answer.http_status + ')' : ''}: ${answer.message || ''}`);
      default: return el('div', { class: 'banner error' }, `${what} answered ${answer.http_status}: ${answer.message || ''}`);
    }
  }

  function show(value) {
    if (value === null || value === undefined) return el('span', { class: 'count' }, 'null');
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }

  function callSection(answer) {
    const section = el('section', { class: 'details', id: 'call-record' }, el('h2', {}, 'Call record'), answerNote(answer, 'Calls API'));
    if (answer.status === 'ok' && answer.body && typeof answer.body === 'object') {
      section.append(kv(Object.entries(answer.body).map(([k, v]) => [k, k === 'status' ? Dash.badge(String(v)) : show(v)])));
    }
    return section;
  }

  function transcriptSection(answer) {
    const section = el('section', { class: 'details', id: 'transcript' }, el('h2', {}, 'Transcript'), answerNote(answer, 'Transcripts API'));
    if (answer.status === 'ok' && answer.body) {
      const turns = answer.body.turns || [];
      section.append(turns.length === 0 ? el('p', { class: 'empty' }, 'No turns (the call never connected, or nothing was said yet).')
        : el('div', { class: 'transcript' }, turns.map(t => el('div', { class: 'turn ' + t.speaker, 'data-sequence': t.sequence_number },
          el('span', { class: 'count' }, '#' + t.sequence_number), el('span', { class: 'who' }, t.speaker),
          el('span', {}, t.message, t.source ? el('span', { class: 'count' }, ` (${t.source})`) : ''),
          el('span', { class: 'when' }, Dash.fmtDateTime(t.timestamp))))));
    }
    return section;
  }

  function render(view) {
    const traces = table([
      { title: 'Time', width: '108px', render: t => Dash.fmtTime(t.start) },
      { title: 'Trace', render: t => el('span', {}, t.has_error ? el('span', { class: 'error-marker' }, '● ') : '', Dash.traceLink(t.trace_id, t.name)) },
      { title: 'Resources', width: '34%', render: t => el('span', {}, t.resources.map(resourceChip)) },
      { title: 'Duration', width: '90px', render: t => Dash.fmtDuration(t.duration_ms) },
    ], view.traces, { empty: 'No traces with this call_sid (yet).' });
    const logs = table([
      { title: 'Time', width: '108px', render: l => Dash.fmtTime(l.timestamp) },
      { title: 'Resource', width: '18%', render: l => resourceChip(l.resource) },
      { title: 'Level', width: '100px', render: l => el('span', { class: 'level ' + l.level }, l.level) },
      { title: 'Message', render: l => l.message },
      { title: 'Trace', width: '100px', render: l => l.trace_id ? Dash.traceLink(l.trace_id) : '' },
    ], view.logs, { empty: 'No logs with this call_sid (yet).' });
    clear(body).append(
      el('div', { class: 'legend' }, el('span', {}, 'conversation_id: ', el('span', { class: 'mono' }, view.conversation_id || '—'))),
      el('div', { class: 'call-grid' }, callSection(view.call), transcriptSection(view.transcript)),
      el('section', { class: 'details' }, el('h2', {}, `Traces (${view.traces.length})`), el('div', { class: 'table-wrap', id: 'call-traces' }, traces)),
      el('section', { class: 'details' }, el('h2', {}, `Logs (${view.logs.length})`), el('div', { class: 'table-wrap', id: 'call-logs' }, logs)));
  }

  Dash.poll(async () => render(await api('/api/calls/' + encodeURIComponent(callSid))), 3000);
})();
