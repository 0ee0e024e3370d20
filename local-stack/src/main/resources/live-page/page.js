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

// Keyed by the Grafana panel's title; the columns are those of the dashboard's SQL ("time" in epoch seconds).
const panels = {
  'Events per minute': (rows, span) => timeSeries(rows.map(r => ({ ...r, time: r.time * 1000 })), 'time',
    [{ name: 'events', key: 'events_per_minute' }], span),
  'Purchase funnel': rows => {
    const stages = [['Landing', 'landed'], ['Product view', 'product view'], ['Cart', 'cart'],
      ['Checkout', 'checkout'], ['Purchase', 'purchase']];
    // The query always returns one row: no stages while no session started in the window.
    const data = rows.length && rows[0].Landing > 0 ? stages.map(([k, name]) => ({ name, value: rows[0][k] })) : [];
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
  'Top countries': rows => bars(rows, 'country', 'sessions'),
  'Top pages': rows => bars(rows, 'page', 'views'),
};

// A stat's row: the first, or with data-row="last-complete" the one before the newest (whose minute is still filling).
function statRow(rows, which) {
  return which === 'last-complete' ? rows[rows.length - 2] : rows[0];
}

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
  for (const el of document.querySelectorAll('.stat[data-panel]')) {
    const row = statRow(data.panels[el.dataset.panel] || [], el.dataset.row) || {};
    const v = row[el.dataset.column];
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
