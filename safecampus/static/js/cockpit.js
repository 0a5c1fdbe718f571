// The cockpit's charts (ECharts, served locally). No inline JS or style (CSP): the figures come
// from the page's json_script, and tooltips are drawn on the canvas, not as HTML.
(function () {
  "use strict";

  var source = document.getElementById("cockpit-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var charts = [];
  var narrow = window.matchMedia("(max-width: 575.98px)").matches;

  function base() {
    return {
      animation: false,
      tooltip: { trigger: "axis", renderMode: "richText", confine: true },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    };
  }

  function trends(el) {
    var option = base();
    option.legend = { top: 0, type: "scroll" };
    option.xAxis = {
      type: "category",
      data: data.trends.months,
      axisLabel: { hideOverlap: true, rotate: narrow ? 45 : 0 },
    };
    option.yAxis = { type: "value", minInterval: 1 };
    option.series = data.trends.series.map(function (s, n) {
      return { name: s.label, type: n < 2 ? "bar" : "line", data: s.data };
    });
    return option;
  }

  function distribution(el) {
    var key = el.getAttribute("data-key");
    var found = data.distributions.filter(function (d) { return d.key === key; })[0];
    if (!found) return null;
    var rows = found.rows.slice().reverse();
    var option = base();
    option.tooltip.trigger = "item";
    option.grid.top = 8;
    option.xAxis = { type: "value", minInterval: 1 };
    option.yAxis = {
      type: "category",
      data: rows.map(function (r) { return r.label; }),
      axisLabel: { width: narrow ? 90 : 160, overflow: "truncate" },
    };
    option.series = [{
      type: "bar",
      name: found.label,
      data: rows.map(function (r) {
        return r.colour ? { value: r.n, itemStyle: { color: r.colour } } : r.n;
      }),
      label: { show: true, position: "right" },
    }];
    return option;
  }

  var builders = { trends: trends, distribution: distribution };
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var build = builders[el.getAttribute("data-chart")];
    var option = build && build(el);
    if (!option) return;
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
