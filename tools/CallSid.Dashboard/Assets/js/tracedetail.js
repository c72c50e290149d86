'use strict';
// One trace as a waterfall: spans nested under their parents, bars to scale on a time axis, a colour per resource.
(() => {
  const { el, api, clear, kv, resourceChip, colorFor, fmtDuration } = Dash;
  const traceId = Dash.app.dataset.traceId;
  const header = el('div', { class: 'details', id: 'trace-header' });
  const waterfall = el('div', { class: 'waterfall', id: 'waterfall' });
  const details = el('div', { class: 'stack' });
  Dash.app.append(header, el('div', { class: 'split' }, waterfall, details));
  let trace = null;
  let selected = null;

  function ticks(total) {
    const track = el('div', { class: 'wf-track' });
    // Four labelled ticks; the end of the axis is the trace's duration, shown in the header.
    for (let i = 0; i < 4; i++) {
      track.append(el('div', { class: 'wf-tick', style: { left: (i * 25) + '%' } }, el('span', {}, fmtDuration(total * i / 4))));
    }
    return el('div', { class: 'wf-row axis' }, el('div', { class: 'wf-name' }, 'Span'), track);
  }

  function row(span, total) {
    const left = total > 0 ? 100 * span.offset_ms / total : 0;
    const width = total > 0 ? Math.max(0.3, 100 * span.duration_ms / total) : 100;
    const bar = el('div', { class: 'wf-bar' + (span.status === 'error' ? ' error' : ''), style: { left: left + '%', width: width + '%', background: colorFor(span.resource) } });
    // The duration sits right of the bar; left of it when the bar reaches the end; inside it when it fills the track.
    const placement = left + width <= 80 ? { left: (left + width + 0.5) + '%' }
      : left >= 15 ? { right: (100 - left + 0.5) + '%' }
      : { right: (100 - left - width + 0.5) + '%', color: '#fff' };
    const label = el('div', { class: 'wf-label', style: placement }, fmtDuration(span.duration_ms));
    const name = el('div', { class: 'wf-name', style: { paddingLeft: (8 + span.depth * 16) + 'px' }, title: `${span.resource}: ${span.name}` },
      el('span', { class: 'dot', style: { background: colorFor(span.resource) } }),
      span.status === 'error' ? el('span', { class: 'error-marker' }, '● ') : '',
      span.name, el('span', { class: 'res' }, span.resource));
    return el('div', {
      class: 'wf-row' + (span.span_id === selected ? ' selected' : ''),
      'data-span-id': span.span_id, 'data-depth': String(span.depth), 'data-resource': span.resource,
      onclick: () => { selected = span.span_id; render(); },
    }, name, el('div', { class: 'wf-track' }, bar, label));
  }

  function renderDetails() {
    clear(details);
    const span = trace.spans.find(s => s.span_id === selected);
    if (!span) {
      details.append(el('div', { class: 'details' }, el('p', { class: 'empty' }, 'Click a span to see its attributes, events and status.')));
      return;
    }
    const attributes = Object.entries(span.attributes);
    details.append(el('section', { class: 'details', id: 'span-details' },
      el('h2', {}, span.name),
      kv([
        ['resource', resourceChip(span.resource)],
        ['kind', span.kind],
        ['status', el('span', {}, Dash.badge(span.status), span.status_message ? ' ' + span.status_message : '')],
        ['start', `+${fmtDuration(span.offset_ms)}`],
        ['duration', fmtDuration(span.duration_ms)],
        ['scope', span.scope],
        ['span id', span.span_id],
        ['parent', span.parent_span_id || '(root)'],
        ['call', span.call_sid ? Dash.callLink(span.call_sid) : ''],
      ]),
      el('h3', {}, 'Attributes'),
      attributes.length ? kv(attributes) : el('p', { class: 'empty' }, 'No attributes.'),
      el('h3', {}, `Events (${span.events.length})`),
      span.events.map(e => el('div', {}, el('strong', {}, e.name), ` +${fmtDuration(e.offset_ms)}`, Object.keys(e.attributes).length ? kv(Object.entries(e.attributes)) : null)),
      span.links.length ? [el('h3', {}, 'Links'), span.links.map(l => el('div', {}, Dash.traceLink(l.trace_id), ' ', l.span_id))] : null));
  }

  function render() {
    const resources = trace.resources;
    clear(header).append(
      el('h2', {}, trace.name),
      el('div', { class: 'legend' },
        el('span', {}, 'Started ', Dash.fmtDateTime(trace.start)),
        el('span', {}, 'Duration ', fmtDuration(trace.duration_ms)),
        el('span', {}, `${trace.spans.length} spans`),
        el('span', { class: 'mono' }, trace.trace_id),
        el('a', { href: '/structuredlogs?' + new URLSearchParams({ traceId: trace.trace_id }) }, 'logs of this trace'),
        resources.map(resourceChip)));
    Dash.append(clear(waterfall), [ticks(trace.duration_ms), trace.spans.map(s => row(s, trace.duration_ms))]);
    renderDetails();
  }

  Dash.poll(async () => {
    try {
      trace = await api('/api/telemetry/traces/' + encodeURIComponent(traceId));
    } catch (error) {
      if (error.status === 404) {
        clear(header).append(el('p', { class: 'banner' }, `Trace ${traceId} is not here (yet): it may still be on its way, or it was dropped as one of the oldest.`));
        return;
      }
      throw error;
    }
    if (!selected && trace.spans.length) selected = trace.spans[0].span_id;
    render();
  }, 3000);
})();
