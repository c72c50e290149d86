'use strict';
// Resources: each resource's state, health, endpoints and process, with Stop/Start/Restart; click a row for details.
(() => {
  const { el, api, post, clear, badge, resourceChip, fmtDateTime, table, kv } = Dash;
  const banner = el('div');
  const tableWrap = el('div', { class: 'table-wrap' });
  const details = el('div', { id: 'resource-details' });
  Dash.app.append(banner, tableWrap, details);
  let selected = null;
  let last = null;

  async function command(resource, name) {
    try {
      const answer = await post(`/api/resources/${encodeURIComponent(resource.name)}/commands/${name}`);
      Dash.toast(`${name} ${resource.name}: ${answer.message}`);
    } catch (error) {
      Dash.toast(`${name} ${resource.name} failed: ${error.message}`, true);
    }
    refresh.now();
  }

  function actions(resource) {
    if (last && last.mode === 'standalone') return '';
    return el('span', { class: 'actions' }, ['stop', 'start', 'restart'].map(name => el('button', {
      type: 'button',
      'data-command': name,
      'data-resource': resource.name,
      disabled: !resource.commands.includes(name),
      title: `${name} ${resource.name}`,
      onclick: () => command(resource, name),
    }, name[0].toUpperCase() + name.slice(1))));
  }

  function state(resource) {
    const parts = [badge(resource.state)];
    if (resource.health) parts.push(' ', badge(resource.health));
    return el('span', {}, parts);
  }

  // State with the resource service's free-text detail under it (e.g. "crash loop: restarting in 8 s").
  function stateAndDetail(resource) {
    return el('div', {}, state(resource), resource.detail ? el('div', { class: 'count detail', title: resource.detail }, resource.detail) : null);
  }

  function endpoints(resource) {
    if (resource.endpoints.length === 0) return '';
    return el('span', {}, resource.endpoints.map((e, i) => [i ? ', ' : '', el('a', { href: e.url, target: '_blank', rel: 'noopener noreferrer' }, e.url)]));
  }

  function renderDetails() {
    clear(details);
    const resource = last && last.resources.find(r => r.name === selected);
    if (!resource) return;
    const enc = encodeURIComponent(resource.name);
    const environment = resource.environment.length === 0 ? el('p', { class: 'empty' }, 'No environment variables reported.')
      : kv(resource.environment.map(v => [v.name, v.masked ? el('span', { class: 'masked', title: 'secret: never shown' }, '••••••••') : v.value]));
    details.append(el('section', { class: 'details' },
      el('h2', {}, resourceChip(resource.name), ` ${resource.type}`),
      kv([
        ['display name', resource.display_name],
        ['state', state(resource)],
        ['detail', resource.detail || ''],
        ['instance id', resource.instance_id || ''],
        ['process id', resource.pid ?? ''],
        ['exit code', resource.exit_code ?? ''],
        ['started', fmtDateTime(resource.start_time)],
        ['stopped', fmtDateTime(resource.stop_time)],
        ['last telemetry', fmtDateTime(resource.last_telemetry)],
        ['telemetry', el('span', {},
          el('a', { href: `/consolelogs/resource/${enc}` }, 'console'), ' · ',
          el('a', { href: `/structuredlogs/resource/${enc}` }, 'logs'), ' · ',
          el('a', { href: `/traces/resource/${enc}` }, 'traces'), ' · ',
          el('a', { href: `/metrics/resource/${enc}` }, 'metrics'))],
      ]),
      el('h3', {}, 'Environment variables'),
      environment));
  }

  function render(data) {
    last = data;
    clear(banner);
    banner.hidden = !data.resource_service.message;
    if (data.resource_service.message) {
      banner.append(el('div', { class: 'banner' + (data.resource_service.status === 'unavailable' ? ' error' : ' info'), id: 'resource-service-banner' },
        data.resource_service.message));
    }
    const columns = [
      { title: 'Name', width: '14%', render: r => resourceChip(r.name) },
      { title: 'Type', width: '11%', render: r => r.type },
      { title: 'State', width: '17%', render: stateAndDetail, wrap: true },
      { title: 'Started', width: '132px', render: r => Dash.fmtShortDateTime(r.start_time) },
      { title: 'Restarts', width: '86px', render: r => String(r.restart_count) },
      { title: 'Endpoints', render: endpoints },
      { title: 'PID', width: '56px', render: r => r.pid === null ? '' : String(r.pid) },
      { title: 'Exit', width: '52px', render: r => r.exit_code === null ? '' : String(r.exit_code) },
      { title: 'Actions', width: '212px', render: actions },
    ];
    clear(tableWrap).append(table(columns, data.resources, {
      empty: data.mode === 'standalone' ? 'No telemetry received yet.' : 'No resources.',
      rowAttrs: r => ({ 'data-resource': r.name }),
      onSelect: r => { selected = selected === r.name ? null : r.name; render(last); },
      isSelected: r => r.name === selected,
    }));
    renderDetails();
  }

  const refresh = Dash.poll(async () => render(await api('/api/resources')), 1000);
})();
