'use strict';
// A small SVG line chart, drawn by hand: time on x, values on y, a legend below. Used by the metrics page.
const LineChart = (() => {
  const { el, svg, fmtNumber } = Dash;
  const palette = ['#4f46e5', '#e4572e', '#17a398', '#f3a712', '#a23b72', '#2e86ab', '#6a994e', '#bc4b51', '#5e548e', '#8d6a9f'];

  function niceTicks(min, max, count) {
    if (min === max) { max = min + 1; }
    const step0 = (max - min) / count;
    const magnitude = Math.pow(10, Math.floor(Math.log10(step0)));
    const step = [1, 2, 2.5, 5, 10].map(m => m * magnitude).find(s => s >= step0) || step0;
    // From a multiple of the step at or below the smallest value to one at or above the largest, so no line leaves the plot.
    const ticks = [];
    const last = Math.ceil(max / step - 1e-9) * step;
    for (let v = Math.floor(min / step) * step; v <= last + step * 0.001; v += step) ticks.push(Number(v.toPrecision(12)));
    return ticks;
  }

  // Tenths of a second when the chart spans only seconds, so neighbouring labels differ.
  function timeLabel(ms, span) {
    const d = new Date(ms);
    const time = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
    return span < 20000 ? `${time}.${Math.floor(d.getMilliseconds() / 100)}` : time;
  }

  // lines: [{label, points: [{time, value}]}]; unit: shown on the y axis.
  function draw(container, lines, unit) {
    const width = Math.max(360, container.clientWidth || 800);
    const height = 320;
    const margin = { left: 64, right: 16, top: 12, bottom: 28 };
    const all = lines.flatMap(l => l.points.map(p => ({ t: Date.parse(p.time), v: p.value })));
    const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'metric chart' });
    if (all.length === 0) {
      chart.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', text: 'No data points yet (a counter needs two exports for a rate).' }));
      return [chart];
    }
    const tMin = Math.min(...all.map(p => p.t));
    const tMax = Math.max(...all.map(p => p.t), tMin + 1000);
    const yTicks = niceTicks(Math.min(0, ...all.map(p => p.v)), Math.max(...all.map(p => p.v)), 5);
    const yMin = yTicks[0];
    const yMax = yTicks[yTicks.length - 1];
    const x = t => margin.left + (width - margin.left - margin.right) * (t - tMin) / (tMax - tMin);
    const y = v => height - margin.bottom - (height - margin.top - margin.bottom) * (v - yMin) / (yMax - yMin || 1);

    for (const tick of yTicks) {
      chart.append(svg('line', { class: 'grid', x1: margin.left, x2: width - margin.right, y1: y(tick), y2: y(tick) }));
      chart.append(svg('text', { x: margin.left - 6, y: y(tick) + 4, 'text-anchor': 'end', text: fmtNumber(tick) }));
    }
    for (let i = 0; i <= 5; i++) {
      const t = tMin + (tMax - tMin) * i / 5;
      chart.append(svg('text', { x: x(t), y: height - 8, 'text-anchor': i === 0 ? 'start' : i === 5 ? 'end' : 'middle', text: timeLabel(t, tMax - tMin) }));
    }
    chart.append(svg('line', { class: 'axis', x1: margin.left, x2: margin.left, y1: margin.top, y2: height - margin.bottom }));
    chart.append(svg('line', { class: 'axis', x1: margin.left, x2: width - margin.right, y1: height - margin.bottom, y2: height - margin.bottom }));
    if (unit) chart.append(svg('text', { x: 4, y: margin.top + 4, text: unit }));

    lines.forEach((line, i) => {
      const color = palette[i % palette.length];
      const points = line.points.map(p => `${x(Date.parse(p.time)).toFixed(1)},${y(p.value).toFixed(1)}`);
      if (points.length === 1) {
        const [px, py] = points[0].split(',');
        chart.append(svg('circle', { cx: px, cy: py, r: 3, fill: color }));
      } else if (points.length > 1) {
        chart.append(svg('polyline', { class: 'line', stroke: color, points: points.join(' '), 'data-label': line.label }));
      }
    });

    const legend = el('div', { class: 'legend' }, lines.map((line, i) => {
      const latest = line.points.length ? line.points[line.points.length - 1].value : null;
      return el('span', {}, el('span', { class: 'swatch', style: { background: palette[i % palette.length] } }), line.label,
        latest === null ? '' : ` (latest ${fmtNumber(latest)}${unit ? ' ' + unit : ''})`);
    }));
    return [chart, legend];
  }

  return { draw, palette };
})();
