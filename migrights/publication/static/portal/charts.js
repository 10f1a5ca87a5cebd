// Draws every chart of the page with the vendored Vega-Lite; no request leaves the site.
// <div class="chart" data-spec="ID"> takes its specification from <script type="application/json" id="ID">.
// <div class="chart" data-lazy-spec="ID"> waits to be drawn until its tab opens (grapher.js calls MigrightsCharts.draw).
// <input data-chart="CHART-ID" data-param="year"> sets a chart parameter (e.g. the map's year) as it moves.
(function () {
  "use strict";
  function draw(element) {
    if (element.dataset.drawn) return;
    element.dataset.drawn = "1";
    var spec = JSON.parse(document.getElementById(element.dataset.spec || element.dataset.lazySpec).textContent);
    // ast: Vega's expression interpreter (bundled in vega-embed), never eval: the site's CSP has no 'unsafe-eval'
    vegaEmbed(element, spec, { actions: false, renderer: "svg", ast: true }).then(function (result) {
      element.vegaView = result.view;
      element.setAttribute("data-ready", "1");
      element.dispatchEvent(new CustomEvent("chart:ready", { bubbles: true }));
    });
  }
  function control(input) {
    if (input.dataset.bound) return;
    input.dataset.bound = "1";
    var output = input.form && input.form.querySelector("output[for='" + input.id + "']");
    input.addEventListener("input", function () {
      var chart = document.getElementById(input.dataset.chart);
      if (output) output.value = input.value;
      if (chart && chart.vegaView) chart.vegaView.signal(input.dataset.param, Number(input.value)).runAsync();
    });
  }
  function init(root) {
    root.querySelectorAll(".chart[data-spec]").forEach(draw);
    root.querySelectorAll("input[data-chart][data-param]").forEach(control);
  }
  window.MigrightsCharts = { draw: draw };
  init(document);
  document.body.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
