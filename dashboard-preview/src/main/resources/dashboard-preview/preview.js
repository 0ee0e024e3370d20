// The dashboard preview: lays out every panel of window.DASHBOARD (DashboardPreview) at its gridPos, 24 columns and
// rows of 30 px as in Grafana, and draws its rows by panel type with ECharts (SVG renderer, so the DOM shows what was
// drawn). Each panel's data-drawn is how many values it drew: points, bars, slices, table rows or 1 for a number.
(function () {
  'use strict';
  var COLUMNS = 24, ROW_PX = 30, TABLE_ROWS = 50, OTHER_ROWS = 10;
  var d = window.DASHBOARD;
  var DRAW = { timeseries: timeseries, stat: stat, bargauge: bars, barchart: bars, table: table, geomap: geomap,
    piechart: pie };
  var AXIS = { axisLine: { lineStyle: { color: '#5a5d63' } }, splitLine: { lineStyle: { color: '#2c3235' } },
    axisLabel: { color: '#a0a0b0' } };

  document.title = d.title + ' · layout preview';
  document.getElementById('title').textContent = d.title;
  var countries = Object.keys(d.selections).length ? JSON.stringify(d.selections) : 'every variable on All';
  document.getElementById('range').textContent = time(d.from) + ' to ' + time(d.to) + ' UTC, ' + countries;

  var grid = document.getElementById('grid'), bottom = 0;
  d.panels.forEach(function (p) {
    var g = p.gridPos;
    bottom = Math.max(bottom, g.y + g.h);
    grid.style.height = bottom * ROW_PX + 'px';
    var el = add(grid, 'section', 'panel');
    el.dataset.title = p.title;
    el.dataset.type = p.type;
    el.style.left = g.x / COLUMNS * 100 + '%';
    el.style.width = g.w / COLUMNS * 100 + '%';
    el.style.top = g.y * ROW_PX + 'px';
    el.style.height = g.h * ROW_PX + 'px';
    var frame = add(el, 'div', 'frame');
    add(frame, 'h2').textContent = p.title;
    var body = add(frame, 'div', 'body');
    var drawn = 0;
    if (!p.rows) {
      add(body, 'p', 'empty').textContent = p.type === 'row' ? '' : 'no SQL query';
    } else if (!p.rows.length) {
      add(body, 'p', 'empty').textContent = 'No data';
    } else {
      drawn = (DRAW[p.type] || firstRows)(body, p);
    }
    el.dataset.drawn = drawn;
  });

  function add(parent, tag, cls) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    parent.appendChild(el);
    return el;
  }

  function time(iso) {
    return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, '');
  }

  function columns(p) {
    return Object.keys(p.rows[0]);
  }

  function numeric(p) {
    return columns(p).filter(function (c) {
      return p.rows.some(function (r) { return typeof r[c] === 'number'; });
    });
  }

  function label(p) {
    return columns(p).filter(function (c) {
      return p.rows.some(function (r) { return typeof r[c] === 'string'; });
    })[0];
  }

  function chart(body, option) {
    option.animation = false;
    option.textStyle = { color: '#ccccdc' };
    option.grid = Object.assign({ left: 8, right: 16, top: 16, bottom: 8, containLabel: true }, option.grid || {});
    echarts.init(body, null, { renderer: 'svg' }).setOption(option);
  }

  function axis(extra) {
    return Object.assign({}, AXIS, extra);
  }

  // Grafana's time column: epoch seconds from $__timeGroupAlias and friends, or an ISO timestamp.
  function millis(v) {
    return typeof v === 'number' ? (v < 1e11 ? v * 1000 : v) : Date.parse(v);
  }

  function timeseries(body, p) {
    var t = columns(p).indexOf('time') >= 0 ? 'time' : columns(p)[0];
    var drawn = 0;
    var series = numeric(p).filter(function (c) { return c !== t; }).map(function (c) {
      var data = p.rows.filter(function (r) { return r[c] != null; }).map(function (r) { return [millis(r[t]), r[c]]; });
      drawn += data.length;
      return { name: c, type: 'line', showSymbol: data.length < 30, data: data, lineStyle: { width: 2 },
        areaStyle: { opacity: 0.1 } };
    });
    // The x axis spans the dashboard's time range, as in Grafana, not only the minutes with data.
    chart(body, { color: ['#73bf69', '#f2cc0c', '#8ab8ff', '#ff780a'],
      xAxis: axis({ type: 'time', min: Date.parse(d.from), max: Date.parse(d.to) }),
      yAxis: axis({ type: 'value', axisLabel: { color: '#a0a0b0', formatter: function (v) { return format(v, p.unit); } } }),
      series: series });
    return drawn;
  }

  function stat(body, p) {
    // A time series stat ($__timeGroupAlias's 'time' column beside the value) shows its value, not its time.
    var c = numeric(p).filter(function (n) { return n !== 'time'; })[0] || columns(p)[0];
    var values = p.rows.map(function (r) { return r[c]; }).filter(function (v) { return v != null; });
    var el = add(body, 'div', 'stat');
    if (!values.length) {
      el.classList.add('none');
      el.textContent = 'No data';
      return 0;
    }
    el.textContent = format(values[values.length - 1], p.unit); // reduce: lastNotNull, Grafana's default
    return 1;
  }

  // One row with several numbers (a funnel): a bar per column; else a bar per row, named by its text column.
  function categories(p) {
    var nums = numeric(p);
    if (p.rows.length === 1 && nums.length > 1) {
      return { labels: nums, values: nums.map(function (c) { return p.rows[0][c]; }) };
    }
    var name = label(p), value = nums[0];
    return {
      labels: p.rows.map(function (r, i) { return name ? String(r[name]) : String(i + 1); }),
      values: p.rows.map(function (r) { return value === undefined ? null : r[value]; })
    };
  }

  function bars(body, p) {
    var c = categories(p), opts = p.options || {};
    var horizontal = p.type === 'bargauge' ? opts.orientation !== 'vertical' : opts.orientation === 'horizontal';
    var names = axis({ type: 'category', data: c.labels, inverse: horizontal });
    var values = axis({ type: 'value', axisLabel: { color: '#a0a0b0', formatter: function (v) { return format(v, p.unit); } } });
    chart(body, { color: ['#73bf69'], grid: { right: horizontal ? 56 : 16 },
      xAxis: horizontal ? values : names, yAxis: horizontal ? names : values,
      series: [{ type: 'bar', data: c.values, barMaxWidth: 28,
        label: { show: true, position: horizontal ? 'right' : 'top', color: '#ccccdc',
          formatter: function (x) { return format(x.value, p.unit); } } }] });
    return c.values.filter(function (v) { return v != null; }).length;
  }

  function pie(body, p) {
    var c = categories(p);
    var data = c.labels.map(function (l, i) { return { name: l, value: c.values[i] }; })
      .filter(function (x) { return x.value != null; });
    chart(body, { series: [{ type: 'pie', radius: ['0%', '70%'], data: data, label: { color: '#ccccdc' } }] });
    return data.length;
  }

  // Grafana's markers layer: its latitude/longitude fields and size field, else columns named so.
  function geomap(body, p) {
    var layer = ((p.options || {}).layers || [])[0] || {};
    var loc = layer.location || {}, size = (((layer.config || {}).style || {}).size || {});
    var cols = columns(p);
    var lat = loc.latitude || cols.filter(function (c) { return /^lat(itude)?$/i.test(c); })[0];
    var lon = loc.longitude || cols.filter(function (c) { return /^(lon|lng|longitude)$/i.test(c); })[0];
    var by = size.field, min = size.min || 3, max = size.max || 20;
    var points = p.rows.filter(function (r) { return r[lat] != null && r[lon] != null; });
    var top = Math.max.apply(null, points.map(function (r) { return by ? Number(r[by]) || 0 : 1; }).concat([1]));
    chart(body, {
      xAxis: axis({ type: 'value', min: -180, max: 180, interval: 60 }),
      yAxis: axis({ type: 'value', min: -90, max: 90, interval: 30 }),
      series: [{ type: 'scatter', itemStyle: { color: '#73bf69', opacity: 0.6 },
        data: points.map(function (r) { return [r[lon], r[lat], by ? r[by] : 1]; }),
        symbolSize: function (v) { return min + (max - min) * Math.sqrt((Number(v[2]) || 0) / top); } }]
    });
    return points.length;
  }

  function table(body, p, limit) {
    var cols = columns(p), rows = p.rows.slice(0, limit || TABLE_ROWS);
    var t = add(body, 'table'), head = add(add(t, 'thead'), 'tr'), tbody = add(t, 'tbody');
    cols.forEach(function (c) { add(head, 'th').textContent = c; });
    rows.forEach(function (r) {
      var tr = add(tbody, 'tr');
      cols.forEach(function (c) {
        var td = add(tr, 'td', typeof r[c] === 'number' ? 'num' : '');
        td.textContent = r[c] == null ? '' : typeof r[c] === 'number' ? format(r[c], '') : String(r[c]);
      });
    });
    return rows.length;
  }

  function firstRows(body, p) {
    return table(body, p, OTHER_ROWS);
  }

  // The units the dashboard uses, roughly as Grafana writes them.
  function format(v, unit) {
    if (typeof v !== 'number') return String(v);
    switch (unit) {
      case 'percentunit': return (v * 100).toFixed(1) + '%';
      case 'percent': return v.toFixed(1) + '%';
      case 'currencyUSD': return '$' + short(v);
      case 'ms': return duration(v / 1000);
      case 's': return duration(v);
      default: return short(v);
    }
  }

  function short(v) {
    var a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(2) + ' B';
    if (a >= 1e6) return (v / 1e6).toFixed(2) + ' Mil';
    if (a >= 1e4) return (v / 1e3).toFixed(1) + ' K';
    return v.toLocaleString('en-US', { maximumFractionDigits: a < 10 ? 2 : 1 });
  }

  function duration(s) {
    var a = Math.abs(s);
    if (a < 60) return s.toFixed(1) + ' s';
    if (a < 3600) return (s / 60).toFixed(1) + ' min';
    if (a < 86400) return (s / 3600).toFixed(1) + ' hour';
    return (s / 86400).toFixed(1) + ' day';
  }
})();
