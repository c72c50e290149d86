'use strict';
// Metrics: a resource's instruments; choose one to chart it (rate for counters, value for gauges, p50/p95/p99 for histograms).
(() => {
  const { el, api, clear, table } = Dash;
  const resourceSelect = el('select', { id: 'resource-select', 'aria-label': 'Resource' });
  const instrumentsWrap = el('div', { class: 'table-wrap', id: 'instruments' });
  const chartPanel = el('section', { class: 'chart-panel', id: 'chart-panel' });
  Dash.app.append(
    el('div', { class: 'toolbar' }, el('label', { for: 'resource-select' }, 'Resource'), resourceSelect),
    el('div', { class: 'metrics-layout' }, instrumentsWrap, chartPanel));

  let resource = Dash.app.dataset.resource || '';
  let instrument = Dash.query('instrument');
  let filter = Dash.query('filter');

  resourceSelect.addEventListener('change', () => {
    resource = resourceSelect.value;
    instrument = ''; filter = '';
    history.pushState(null, '', resource ? '/metrics/resource/' + encodeURIComponent(resource) : '/metrics');
    refresh.now();
  });

  function select(name) {
    instrument = name; filter = '';
    Dash.setQuery({ instrument, filter });
    refresh.now();
  }

  function renderInstruments(data) {
    const columns = [
      { title: 'Instrument', render: i => el('span', { title: i.description }, i.name) },
      { title: 'Type', width: '92px', render: i => i.type },
      { title: 'Unit', width: '70px', render: i => i.unit },
    ];
    clear(instrumentsWrap).append(table(columns, data.instruments, {
      empty: resource ? 'No metrics from this resource yet.' : 'Choose a resource.',
      rowAttrs: i => ({ 'data-instrument': i.name }),
      onSelect: i => select(i.name),
      isSelected: i => i.name === instrument,
    }));
  }

  function describe(chart) {
    switch (chart.display) {
      case 'rate_per_second': return `${chart.type}: rate per second${chart.unit ? ' of ' + chart.unit : ''}`;
      case 'percentiles': return `histogram: p50, p95, p99 of each interval's values${chart.unit ? ' (' + chart.unit + ')' : ''}`;
      default: return `${chart.type}: value${chart.unit ? ' (' + chart.unit + ')' : ''}`;
    }
  }

  function renderChart(chart) {
    const filterSelect = el('select', { id: 'filter-select', 'aria-label': 'Attribute filter' }, el('option', { value: '' }, 'All series'));
    for (const [key, values] of Object.entries(chart.attribute_values)) {
      const group = el('optgroup', { label: key });
      for (const value of values) group.append(el('option', { value: `${key}=${value}` }, `${key} = ${value}`));
      filterSelect.append(group);
    }
    filterSelect.value = filter;
    filterSelect.addEventListener('change', () => { filter = filterSelect.value; Dash.setQuery({ instrument, filter }); refresh.now(); });
    const unit = chart.display === 'rate_per_second' ? `${chart.unit || ''}/s` : chart.unit;
    const area = el('div', { id: 'chart' });
    clear(chartPanel).append(
      el('h2', {}, chart.name),
      el('div', { class: 'count' }, chart.description),
      el('div', { class: 'toolbar' }, el('span', { class: 'badge', id: 'chart-display' }, describe(chart)), el('label', { for: 'filter-select' }, 'Filter'), filterSelect),
      area);
    Dash.append(area, LineChart.draw(area, chart.lines, unit));
  }

  const refresh = Dash.poll(async () => {
    await Dash.fillResourceSelect(resourceSelect, resource);
    if (!resource && resourceSelect.options.length > 1) {
      // Nothing chosen yet: start with the first resource rather than an empty page.
      resource = resourceSelect.options[1].value;
      history.replaceState(null, '', '/metrics/resource/' + encodeURIComponent(resource) + location.search);
    }
    resourceSelect.value = resource;
    if (!resource) {
      renderInstruments({ instruments: [] });
      clear(chartPanel).append(el('p', { class: 'empty' }, 'Choose a resource to see its instruments.'));
      return;
    }
    const data = await api('/api/telemetry/metrics/instruments?' + new URLSearchParams({ resource }));
    renderInstruments(data);
    if (!instrument) {
      clear(chartPanel).append(el('p', { class: 'empty' }, 'Choose an instrument to chart it.'));
      return;
    }
    renderChart(await api('/api/telemetry/metrics/chart?' + Dash.params({ resource, instrument, filter })));
  }, 3000);
})();
