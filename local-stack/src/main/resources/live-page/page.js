// The live page: polls /api/panels and draws each panel with ECharts (SVG renderer, so the DOM shows what was drawn).
// Every chart container gets data-points (values drawn) and data-state (ok | empty); the body counts refreshes.
'use strict';

const charts = {};
let refreshSeconds = 5;

const count = new Intl.NumberFormat('en');
const formats = {
  count: v => count.format(Math.round(v)),
  percent: v => (v * 100).toFixed(1) + ' %',
  seconds: v => v.toFixed(1) + ' s',
};

// The x axis spans the queries' window, ending when the rows were read, so that a single point sits in place.
function timeSeries(rows, timeKey, series, span) {
  return {
    option: {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: series.length > 1 ? { top: 0 } : undefined,
      grid: { left: 50, right: 16, top: series.length > 1 ? 30 : 16, bottom: 30 },
      xAxis: { type: 'time', min: span.start, max: span.end, splitNumber: 4, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', axisLabel: series[0].percent ? { formatter: v => +(v * 100).toFixed(2) + '%' } : {} },
      series: series.map(s => ({
        name: s.name, type: 'line', showSymbol: true, connectNulls: false,
        data: rows.map(r => [r[timeKey], r[s.key]]),
      })),
    },
    points: series.reduce((n, s) => n + rows.filter(r => r[s.key] !== null).length, 0),
  };
}

function bars(rows, labelKey, valueKey) {
  const top = rows.slice().reverse(); // largest at the top
  return {
    option: {
      animation: false,
      tooltip: {},
      grid: { left: 140, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: top.map(r => r[labelKey]), axisLabel: { width: 130, overflow: 'truncate' } },
      series: [{ type: 'bar', data: top.map(r => r[valueKey]) }],
    },
    points: rows.length,
  };
}

const panels = {
  events_per_minute: (rows, span) => timeSeries(rows, 'minute', [{ name: 'events', key: 'events' }], span),
  rates_per_minute: (rows, span) => timeSeries(rows, 'minute', [
    { name: 'conversion', key: 'conversion_rate', percent: true },
    { name: 'bounce', key: 'bounce_rate', percent: true },
  ], span),
  funnel: rows => {
    const stages = [['landings', 'landed'], ['product_views', 'product view'], ['carts', 'cart'],
      ['checkouts', 'checkout'], ['purchases', 'purchase']];
    const data = rows.length ? stages.map(([k, name]) => ({ name, value: rows[0][k] })) : [];
    return {
      option: {
        animation: false,
        tooltip: { formatter: '{b}: {c}' },
        series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', minSize: '30%', gap: 2,
          label: { position: 'inside', formatter: '{b}: {c}' }, data }],
      },
      points: data.length,
    };
  },
  top_countries: rows => bars(rows, 'country_iso', 'events'),
  top_pages: rows => bars(rows, 'page_path', 'views'),
  freshness: (rows, span) => timeSeries(rows, 'loaded_at', [{ name: 'seconds behind', key: 'lag_s' }], span),
};

function draw(data) {
  const end = Date.parse(data.readAt);
  const span = { start: end - data.windowMinutes * 60 * 1000, end };
  for (const el of document.querySelectorAll('.chart[data-panel]')) {
    const name = el.dataset.panel;
    const rows = data.panels[name] || [];
    const { option, points } = panels[name](rows, span);
    charts[name] = charts[name] || echarts.init(el, null, { renderer: 'svg' });
    charts[name].setOption(option, true);
    el.dataset.points = String(points);
    el.dataset.state = points > 0 ? 'ok' : 'empty';
  }
  const headline = (data.panels.headline || [])[0] || {};
  for (const el of document.querySelectorAll('.stat[data-stat]')) {
    const v = headline[el.dataset.stat];
    const known = v !== null && v !== undefined;
    el.querySelector('b').textContent = known ? formats[el.dataset.format](v) : '–';
    el.dataset.value = known ? String(v) : '';
  }
}

function showStatus(text, error) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.classList.toggle('error', error);
}

async function refresh() {
  try {
    const response = await fetch('api/panels', { cache: 'no-store' });
    const data = await response.json();
    refreshSeconds = data.refreshSeconds || refreshSeconds;
    if (data.error) {
      showStatus(data.error + ' (retrying every ' + refreshSeconds + ' s)', true);
    } else {
      draw(data);
      showStatus('Updated ' + new Date(data.readAt).toLocaleTimeString() + ', every ' + refreshSeconds + ' s', false);
      document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes) + 1);
    }
  } catch (e) {
    showStatus('The local run does not answer (' + e.message + '); retrying every ' + refreshSeconds + ' s', true);
  } finally {
    setTimeout(refresh, refreshSeconds * 1000);
  }
}

window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
refresh();
