'use strict';
// Webhook deliveries per minute by outcome, last 30 minutes: a forged-signature storm (401) or an outage (503) shows at a glance.
(() => {
  const { el, svg, api, clear } = Dash;
  const colors = { '201': '#17a398', '200': '#6a994e', '400': '#f3a712', '401': '#a23b72', '413': '#8d6a9f', '429': '#2e86ab', '503': '#e4572e', other: '#7c8299' };
  const titles = { transcription: 'Per-turn webhook (transcription)', post_call: 'Post-call webhook' };
  const panels = el('div', { class: 'stack', id: 'webhooks' });
  Dash.app.append(el('p', { class: 'count' },
    'From the edge\'s counter callsid.webhook.deliveries (cumulative counts turned into per-minute deliveries), by HTTP status.'), panels);

  function bars(series, minutes, outcomes) {
    const width = Math.max(480, panels.clientWidth - 40);
    const height = 180;
    const margin = { left: 44, right: 10, top: 10, bottom: 24 };
    const totals = minutes.map((_, i) => outcomes.reduce((sum, o) => sum + series.counts[o][i], 0));
    const max = Math.max(1, ...totals);
    const step = (width - margin.left - margin.right) / minutes.length;
    const y = v => (height - margin.top - margin.bottom) * v / max;
    const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': series.webhook + ' deliveries per minute' });
    chart.style.height = height + 'px';
    for (const fraction of [0, 0.5, 1]) {
      const yy = height - margin.bottom - y(max * fraction);
      chart.append(svg('line', { class: 'grid', x1: margin.left, x2: width - margin.right, y1: yy, y2: yy }),
        svg('text', { x: margin.left - 6, y: yy + 4, 'text-anchor': 'end', text: Dash.fmtNumber(max * fraction) }));
    }
    minutes.forEach((minute, i) => {
      let base = height - margin.bottom;
      for (const outcome of outcomes) {
        const count = series.counts[outcome][i];
        if (!count) continue;
        const h = y(count);
        base -= h;
        chart.append(svg('rect', { x: margin.left + i * step + 1, y: base, width: Math.max(1, step - 2), height: h, fill: colors[outcome], 'data-outcome': outcome },
          svg('title', { text: `${new Date(minute).toLocaleTimeString()}: ${count} × ${outcome}` })));
      }
      if (i % 5 === 0 || i === minutes.length - 1) {
        const d = new Date(minute);
        chart.append(svg('text', { x: margin.left + i * step + step / 2, y: height - 6, 'text-anchor': 'middle',
          text: `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}` }));
      }
    });
    return chart;
  }

  function render(data) {
    clear(panels);
    for (const series of data.webhooks) {
      const legend = el('div', { class: 'legend' }, data.outcomes.map(outcome => {
        const total = series.counts[outcome].reduce((a, b) => a + b, 0);
        return el('span', { 'data-outcome': outcome }, el('span', { class: 'swatch', style: { background: colors[outcome], height: '10px' } }), `${outcome}: ${Dash.fmtNumber(total)}`);
      }));
      panels.append(el('section', { class: 'chart-panel', 'data-webhook': series.webhook },
        el('h2', {}, titles[series.webhook] || series.webhook, el('span', { class: 'count' }, `  ${Dash.fmtNumber(series.total)} deliveries in ${data.minutes.length} min`)),
        bars(series, data.minutes, data.outcomes), legend));
    }
  }

  Dash.poll(async () => render(await api('/api/webhooks/deliveries?minutes=30')), 5000);
})();
