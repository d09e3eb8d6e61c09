/*
 * ReformDesk ranking widgets: upgrades every <figure class="rd-widget" data-widget="ranking">
 * (the placeholder in article HTML and embeds, which keeps its plain table for readers without
 * JavaScript) into a <reformdesk-ranking> element showing a table, bars or a trend, from
 * ReformDesk's own JSON (no other requests, no dependencies), refreshed on a timer.
 * Accessible: real table semantics, sort buttons in the column headers (aria-sort), labels
 * for screen readers, a polite live region announcing updates. Numbers in Vietnamese format.
 */
(function () {
  'use strict';
  if (!window.customElements || window.customElements.get('reformdesk-ranking')) return;
  var script = document.currentScript;
  var BASE = script && script.src ? new URL(script.src).origin : location.origin;
  var num = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
  var uid = 0;

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    for (var k in attrs || {}) if (attrs[k] != null && attrs[k] !== false) el.setAttribute(k, attrs[k]);
    (children || []).forEach(function (c) { if (c != null) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return el;
  }
  function hidden(text) { return h('span', { class: 'rd-sr' }, [text]); }
  function change(n) { return n == null ? '–' : n > 0 ? '▲ ' + n : n < 0 ? '▼ ' + -n : '='; }
  function changeLabel(n) { return n == null ? 'không có kỳ trước' : n > 0 ? 'tăng ' + n + ' bậc' : n < 0 ? 'giảm ' + -n + ' bậc' : 'giữ nguyên'; }

  var COLUMNS = [
    { key: 'rank', label: 'Hạng', num: true },
    { key: 'unitName', label: 'Đơn vị' },
    { key: 'total', label: 'Điểm', num: true },
    { key: 'rankChange', label: 'Thay đổi', num: true }
  ];

  function ensureStyles() {
    if (document.querySelector('link[data-reformdesk-css]')) return;
    document.head.appendChild(h('link', { rel: 'stylesheet', href: BASE + '/assets/reformdesk-widgets.css', 'data-reformdesk-css': '' }));
  }

  class ReformdeskRanking extends HTMLElement {
    connectedCallback() {
      this.figure = this.querySelector('figure.rd-widget');
      if (!this.figure || this.timer) return;
      ensureStyles();
      var d = this.figure.dataset;
      this.sort = { key: 'rank', dir: 1 };
      this.live = h('p', { class: 'rd-sr', 'aria-live': 'polite' });
      var q = new URLSearchParams();
      if (d.area) q.set('area', d.area);
      if (d.highlight) q.set('highlight', d.highlight);
      if (d.limit) q.set('limit', d.limit);
      if (d.display && d.display !== 'table') q.set('display', d.display);
      var qs = q.toString();
      this.url = BASE + '/embed/ranking/' + encodeURIComponent(d.index) + '/' + encodeURIComponent(d.edition || 'latest') + '.json' + (qs ? '?' + qs : '');
      this.load();
      var every = Math.max(30, Number(this.getAttribute('refresh') || d.refresh || 300)) * 1000;
      var self = this;
      this.timer = setInterval(function () { self.load(); }, every);
    }
    disconnectedCallback() { clearInterval(this.timer); this.timer = null; }
    load() {
      var self = this;
      return fetch(this.url, { headers: { accept: 'application/json' }, credentials: 'omit' })
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
        .then(function (v) {
          var updated = self.value && self.value.revision !== v.revision;
          if (self.value && !updated) return;
          self.value = v;
          self.render();
          if (updated) self.live.textContent = 'Số liệu đã được cập nhật (lần sửa ' + v.revision + ').';
        })
        .catch(function (e) {
          // The fallback table (or the last good render) stays; the reason is left for whoever inspects the page.
          self.setAttribute('data-error', String(e && e.message));
        });
    }
    render() {
      var v = this.value, fig = this.figure;
      var display = fig.dataset.display || 'table';
      var caption = fig.querySelector('figcaption');
      if (!caption) { caption = h('figcaption', {}, [v.indexName + ' ' + v.year]); fig.prepend(caption); }
      if (!caption.id) caption.id = 'rd-cap-' + ++uid;
      Array.prototype.slice.call(fig.children).forEach(function (c) { if (c !== caption) c.remove(); });
      fig.dataset.revision = v.revision;
      fig.classList.add('rd-hydrated');
      var meta = h('p', { class: 'rd-meta' }, [v.editionTitle || v.indexName + ' ' + v.year]);
      if (v.illustrative) meta.prepend(h('strong', { class: 'rd-badge' }, ['Số liệu minh họa']), ' ');
      fig.append(meta, display === 'trend' && v.trend.length ? this.trendTable(v, caption.id) : this.table(v, caption.id, display === 'bars'), this.live);
      if (v.source) fig.append(h('p', { class: 'rd-source' }, ['Nguồn: ' + v.source]));
    }
    table(v, labelId, bars) {
      var self = this, s = this.sort;
      var rows = v.rows.slice().sort(function (a, b) {
        var x = a[s.key], y = b[s.key];
        if (x == null) return 1; if (y == null) return -1;
        return (typeof x === 'string' ? x.localeCompare(y, 'vi') : x - y) * s.dir || a.rank - b.rank;
      });
      var max = v.maxPoints || Math.max.apply(null, v.rows.map(function (r) { return r.total; })) || 1;
      var head = h('tr', {}, COLUMNS.map(function (c) {
        var active = s.key === c.key;
        var btn = h('button', { type: 'button' }, [c.label, h('span', { 'aria-hidden': 'true' }, [active ? (s.dir > 0 ? ' ↑' : ' ↓') : ' ↕'])]);
        btn.addEventListener('click', function () {
          self.sort = { key: c.key, dir: active ? -s.dir : 1 };
          self.render();
          var again = self.figure.querySelector('th[data-key="' + c.key + '"] button');
          if (again) again.focus();
        });
        return h('th', { scope: 'col', 'data-key': c.key, class: c.num ? 'rd-num' : null, 'aria-sort': active ? (s.dir > 0 ? 'ascending' : 'descending') : 'none' }, [btn]);
      }));
      var body = h('tbody', {}, rows.map(function (r) {
        var score = h('td', { class: 'rd-num' }, [num.format(r.total)]);
        if (bars) {
          var bar = h('span', { class: 'rd-bar', 'aria-hidden': 'true' });
          bar.style.width = Math.max(1, Math.min(100, (r.total / max) * 100)).toFixed(1) + '%';
          score.prepend(bar);
        }
        return h('tr', { class: r.highlighted ? 'rd-highlight' : null, 'data-unit': r.unitCode }, [
          h('td', { class: 'rd-num' }, [String(r.rank), r.rankKind === 'REPORTED' ? hidden(' (hạng do nguồn công bố)') : null]),
          h('th', { scope: 'row' }, [r.unitName, r.highlighted ? hidden(' (được nhấn mạnh)') : null]),
          score,
          h('td', { class: 'rd-num' }, [h('span', { 'aria-hidden': 'true' }, [change(r.rankChange)]), hidden(changeLabel(r.rankChange))])
        ]);
      }));
      return h('div', { class: 'rd-scroll', role: 'region', 'aria-labelledby': labelId, tabindex: '0' }, [
        h('table', { class: bars ? 'rd-table rd-bars' : 'rd-table', 'aria-labelledby': labelId }, [h('thead', {}, [head]), body])
      ]);
    }
    trendTable(v, labelId) {
      var years = [];
      v.trend.forEach(function (u) { u.points.forEach(function (p) { if (years.indexOf(p.year) < 0) years.push(p.year); }); });
      years.sort();
      var head = h('tr', {}, [h('th', { scope: 'col' }, ['Đơn vị'])].concat(years.map(function (y) { return h('th', { scope: 'col', class: 'rd-num' }, [String(y)]); })));
      var body = h('tbody', {}, v.trend.map(function (u) {
        return h('tr', {}, [h('th', { scope: 'row' }, [u.unitName])].concat(years.map(function (y) {
          var p = u.points.filter(function (x) { return x.year === y; })[0];
          return h('td', { class: 'rd-num' }, p ? [num.format(p.total), h('span', { class: 'rd-rank' }, [' (hạng ' + p.rank + ')'])] : ['–']);
        })));
      }));
      return h('div', { class: 'rd-scroll', role: 'region', 'aria-labelledby': labelId, tabindex: '0' }, [
        h('table', { class: 'rd-table rd-trend', 'aria-labelledby': labelId }, [h('thead', {}, [head]), body])
      ]);
    }
  }
  customElements.define('reformdesk-ranking', ReformdeskRanking);

  function upgrade(root) {
    root.querySelectorAll('figure.rd-widget[data-widget="ranking"]').forEach(function (fig) {
      if (fig.closest('reformdesk-ranking')) return;
      // The figure goes inside first, so the element finds it when it is connected.
      var el = document.createElement('reformdesk-ranking'), parent = fig.parentNode, next = fig.nextSibling;
      el.appendChild(fig);
      parent.insertBefore(el, next);
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { upgrade(document); });
  else upgrade(document);
})();
