'use strict';
// Console logs: a resource's stdout and stderr as the AppHost captured them, following live.
(() => {
  const { el, api, clear } = Dash;
  const select = el('select', { id: 'resource-select', 'aria-label': 'Resource' });
  const search = el('input', { type: 'search', id: 'console-search', placeholder: 'Search lines', 'aria-label': 'Search' });
  const count = el('span', { class: 'count' });
  const banner = el('div');
  const output = el('div', { class: 'console', id: 'console', role: 'log' });
  Dash.app.append(el('div', { class: 'toolbar' }, el('label', { for: 'resource-select' }, 'Resource'), select, search, count), banner, output);

  const maxLines = 10000;
  let resource = Dash.app.dataset.resource || '';
  let after = 0;
  let lines = 0;

  function matches(text) {
    const term = search.value.trim().toLowerCase();
    return !term || text.toLowerCase().includes(term);
  }

  function addLine(line) {
    output.append(el('div', { class: 'line ' + line.stream + (matches(line.text) ? '' : ' hidden'), 'data-sequence': line.sequence },
      el('span', { class: 'seq' }, String(line.sequence)),
      el('span', { class: 'time' }, Dash.fmtTime(line.timestamp)),
      el('span', { class: 'text' }, line.text)));
    lines++;
    while (lines > maxLines) { output.firstChild.remove(); lines--; }
  }

  search.addEventListener('input', () => {
    for (const node of output.children) node.classList.toggle('hidden', !matches(node.querySelector('.text').textContent));
  });

  select.addEventListener('change', () => {
    resource = select.value;
    history.pushState(null, '', '/consolelogs/resource/' + encodeURIComponent(resource));
    after = 0; lines = 0; clear(output);
    refresh.now();
  });

  async function loadResources() {
    const data = await api('/api/resources');
    clear(banner);
    banner.hidden = data.mode !== 'standalone' && data.resource_service.status !== 'unavailable';
    if (data.mode === 'standalone') {
      banner.append(el('div', { class: 'banner info', id: 'console-banner' }, 'no resource service: running standalone. Console logs come from the AppHost; structured logs are under Structured.'));
      select.disabled = true;
      return false;
    }
    if (data.resource_service.status === 'unavailable') banner.append(el('div', { class: 'banner error' }, data.resource_service.message));
    const current = resource;
    clear(select);
    for (const r of data.resources) select.append(el('option', { value: r.name }, r.name));
    if (!current && data.resources.length > 0) resource = data.resources[0].name;
    select.value = resource;
    return true;
  }

  const refresh = Dash.poll(async () => {
    if (!await loadResources() || !resource) return;
    // Fetch until caught up (the resource service answers at most 5000 lines at a time).
    for (let page = 0; page < 4; page++) {
      const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 30;
      const batch = await api(`/api/resources/${encodeURIComponent(resource)}/console?after=${after}`);
      for (const line of batch.lines) addLine(line);
      after = batch.next;
      count.textContent = `${lines} lines`;
      if (atBottom) output.scrollTop = output.scrollHeight;
      if (batch.lines.length < 5000) break;
    }
  }, 1000);
})();
