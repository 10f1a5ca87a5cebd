// The chart block (portal/chart.html), in the manner of Our World in Data's grapher: chart / map / table tabs over
// the same data, the source line, downloads of the chart (SVG, PNG, drawn with its title and source by the vendored
// Vega) and of its data (CSV), and a link that restores the view: #view=CHART-ID&tab=TAB, with the page's controls
// (say, the map's year) in the query. No inline script, no eval: the site's Content-Security-Policy holds.
(function () {
  "use strict";

  function specOf(element) {
    var id = element.dataset.spec || element.dataset.lazySpec;
    return JSON.parse(document.getElementById(id).textContent);
  }

  function whenReady(element, callback) {
    if (element.dataset.ready === "1") callback();
    else element.addEventListener("chart:ready", function () { callback(); }, { once: true });
  }

  function layersOf(spec) {
    var found = [spec];
    (spec.layer || []).forEach(function (layer) { found = found.concat(layersOf(layer)); });
    return found;
  }

  function signal(view, name) {
    try { return view ? view.signal(name) : undefined; } catch (error) { return undefined; }
  }

  // The rows and columns of a chart: the fields its tooltip shows, titled in the page's language, plus the interval.
  function tableOf(figure, element) {
    var spec = specOf(element);
    var layers = layersOf(spec);
    var tipped = layers.filter(function (l) { return l.encoding && Array.isArray(l.encoding.tooltip); });
    var tooltip = tipped.length ? tipped[tipped.length - 1].encoding.tooltip : [];
    var columns = tooltip.map(function (t) { return { field: t.field, title: t.title || t.field, format: t.format }; });
    var rows = null;
    layers.forEach(function (layer) {
      (layer.transform || []).forEach(function (step) {
        if (step.lookup && step.from && step.from.data && step.from.data.values) rows = step.from.data.values;
      });
    });
    var own = tipped.length ? tipped[tipped.length - 1].data : null; // a layer with its own rows (a flow map)
    if (!rows && own && own.values) rows = own.values;
    if (!rows) rows = (spec.data && spec.data.values) || [];
    if (rows.length && Array.isArray(rows[0].year)) { // a map over the years: the year the slider shows
      var year = signal(element.vegaView, "year");
      rows = rows.map(function (row) {
        var at = row.year.indexOf(year);
        return at < 0 ? null : Object.assign({}, row, { year: year, value: row.value[at] });
      }).filter(function (row) { return row && row.value !== null && row.value !== undefined; });
    }
    var valueColumn = columns.filter(function (c) { return c.field === "value"; })[0];
    if (rows.some(function (r) { return r.low !== null && r.low !== undefined && r.high !== null && r.high !== undefined; })) {
      var format = valueColumn ? valueColumn.format : undefined;
      columns.push({ field: "low", title: figure.dataset.lowTitle, format: format });
      columns.push({ field: "high", title: figure.dataset.highTitle, format: format });
    }
    rows = rows.slice();
    if (spec.projection && columns.length) { // a map: the countries by name
      var first = columns[0].field;
      rows.sort(function (a, b) { return String(a[first]).localeCompare(String(b[first]), document.documentElement.lang); });
    }
    return { columns: columns, rows: rows };
  }

  function formatted(value, format) {
    if (value === null || value === undefined || value === "") return "–";
    if (typeof value !== "number") return String(value);
    var lang = document.documentElement.lang || "en";
    if (format === "d") return value.toLocaleString(lang, { maximumFractionDigits: 0 });
    var digits = /\.(\d)f/.exec(format || "");
    if (digits) return value.toLocaleString(lang, { minimumFractionDigits: +digits[1], maximumFractionDigits: +digits[1] });
    return value.toLocaleString(lang);
  }

  function titleOf(figure) {
    var node = figure;
    for (var steps = 0; node && steps < 60; steps++) {
      var previous = node.previousElementSibling;
      if (!previous) { node = node.parentElement; continue; }
      if (/^H[1-4]$/.test(previous.tagName)) return previous.textContent.trim();
      node = previous;
    }
    return document.title;
  }

  function buildTable(figure) {
    var element = document.getElementById(figure.dataset.grapher);
    var data = tableOf(figure, element);
    var table = document.createElement("table");
    var caption = table.createCaption();
    caption.textContent = titleOf(figure);
    var head = table.createTHead().insertRow();
    data.columns.forEach(function (column) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = column.title;
      if (column.format) th.className = "num";
      head.appendChild(th);
    });
    var body = table.createTBody();
    data.rows.forEach(function (row) {
      var tr = body.insertRow();
      data.columns.forEach(function (column, index) {
        var cell = tr.insertCell();
        var text = formatted(row[column.field], column.format);
        if (column.format) cell.className = "num";
        if (index === 0 && row.url) {
          var link = document.createElement("a");
          link.href = row.url;
          link.textContent = text;
          cell.appendChild(link);
        } else {
          cell.textContent = text;
        }
      });
    });
    var holder = figure.querySelector(".grapher-table");
    holder.replaceChildren(table);
    return data;
  }

  function csvOf(data) {
    function quote(value) {
      var text = value === null || value === undefined ? "" : String(value);
      return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    }
    var lines = [data.columns.map(function (c) { return quote(c.title); }).join(",")];
    data.rows.forEach(function (row) {
      lines.push(data.columns.map(function (c) { return quote(row[c.field]); }).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n"; // a byte-order mark: spreadsheets then read the accents right
  }

  function fileName(figure, extension) {
    var path = location.pathname.replace(/^\/+|\/+$/g, "").replace(/[^A-Za-z0-9_-]+/g, "-") || "home";
    var year = document.querySelector('[data-chart="' + figure.dataset.grapher + '"][name="year"]');
    return path + "-" + figure.dataset.grapher + (year ? "-" + year.value : "") + "." + extension;
  }

  function save(url, name) {
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    if (url.indexOf("blob:") === 0) setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function activeChart(figure) {
    if (figure.dataset.tab === "map") {
      var map = document.getElementById(figure.dataset.grapher + "-map");
      if (map && map.vegaView) return map;
    }
    return document.getElementById(figure.dataset.grapher);
  }

  // The chart again, off screen, with its title and source line drawn in, so a downloaded image says what it shows.
  function exportView(figure, element) {
    var spec = JSON.parse(JSON.stringify(specOf(element)));
    var view = element.vegaView;
    var year = signal(view, "year");
    (spec.params || []).forEach(function (p) { if (p.name === "year" && year !== undefined) p.value = year; });
    var source = figure.querySelector(".source-line");
    spec.title = {
      text: titleOf(figure), subtitle: source ? source.textContent.replace(/\s+/g, " ").trim() : "",
      anchor: "start", fontSize: 15, subtitleFontSize: 11, subtitleColor: "#444444", subtitlePadding: 4
    };
    spec.background = "#ffffff";
    spec.padding = 12;
    // drawn by vega-embed like the page's charts (its expression interpreter: no eval under the CSP), off screen
    var holder = document.createElement("div");
    holder.setAttribute("aria-hidden", "true");
    holder.style.cssText = "position:absolute;left:-10000px;top:0;width:" + Math.max(480, figure.clientWidth - 30) + "px";
    document.body.appendChild(holder);
    return vegaEmbed(holder, spec, { actions: false, renderer: "svg", ast: true }).then(function (result) {
      return {
        view: result.view,
        done: function () { result.finalize(); holder.remove(); }
      };
    }, function (error) { holder.remove(); throw error; });
  }

  function download(figure, kind) {
    if (kind === "csv") {
      var data = tableOf(figure, document.getElementById(figure.dataset.grapher));
      save(URL.createObjectURL(new Blob([csvOf(data)], { type: "text/csv;charset=utf-8" })), fileName(figure, "csv"));
      return;
    }
    var element = activeChart(figure);
    if (!element.vegaView) return;
    var scale = kind === "png" ? 2 : 1;
    exportView(figure, element)
      .then(function (drawn) {
        return drawn.view.toImageURL(kind, scale).then(function (url) { drawn.done(); return url; });
      })
      .catch(function () { return element.vegaView.toImageURL(kind, scale); }) // the chart as drawn, without titles
      .then(function (url) { save(url, fileName(figure, kind)); });
  }

  function viewUrl(figure) {
    var id = figure.dataset.grapher;
    var url = new URL(location.href);
    document.querySelectorAll('[data-chart="' + id + '"][name]').forEach(function (input) {
      url.searchParams.set(input.name, input.value);
    });
    url.hash = "view=" + encodeURIComponent(id) + "&tab=" + encodeURIComponent(figure.dataset.tab || "chart");
    return url.href;
  }

  function select(figure, tab, record) {
    var buttons = figure.querySelectorAll('[role="tab"]');
    var known = false;
    buttons.forEach(function (button) { if (button.dataset.tab === tab) known = true; });
    if (!known) return;
    figure.dataset.tab = tab;
    buttons.forEach(function (button) {
      var chosen = button.dataset.tab === tab;
      button.setAttribute("aria-selected", chosen ? "true" : "false");
      button.tabIndex = chosen ? 0 : -1;
      document.getElementById(button.getAttribute("aria-controls")).hidden = !chosen;
    });
    if (tab === "table") buildTable(figure);
    if (tab === "map") {
      var map = document.getElementById(figure.dataset.grapher + "-map");
      if (map && !map.dataset.drawn) window.MigrightsCharts.draw(map);
    }
    window.dispatchEvent(new Event("resize")); // a chart shown again fits its container
    if (record) history.replaceState(null, "", viewUrl(figure));
    var share = figure.querySelector(".grapher-share input");
    if (share) share.value = viewUrl(figure);
  }

  function keyboard(figure, event) {
    var buttons = Array.prototype.slice.call(figure.querySelectorAll('[role="tab"]'));
    var at = buttons.indexOf(event.target);
    var next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    var button = buttons[(next + buttons.length) % buttons.length];
    button.focus();
    select(figure, button.dataset.tab, true);
  }

  function share(figure, button) {
    var box = figure.querySelector(".grapher-share");
    var input = box.querySelector("input");
    var status = box.querySelector(".grapher-status");
    input.value = viewUrl(figure);
    box.hidden = false;
    button.setAttribute("aria-expanded", "true");
    input.focus();
    input.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(function () { status.textContent = figure.dataset.copied; }, function () {});
    }
  }

  function setup(figure) {
    if (figure.dataset.grapherReady) return;
    figure.dataset.grapherReady = "1";
    figure.dataset.tab = "chart";
    figure.querySelectorAll('[role="tab"]').forEach(function (button) {
      button.addEventListener("click", function () { select(figure, button.dataset.tab, true); });
      button.addEventListener("keydown", function (event) { keyboard(figure, event); });
    });
    figure.querySelectorAll("[data-download]").forEach(function (button) {
      button.addEventListener("click", function () { download(figure, button.dataset.download); });
    });
    var shareButton = figure.querySelector("[data-share]");
    if (shareButton) shareButton.addEventListener("click", function () { share(figure, shareButton); });
    document.querySelectorAll('[data-chart="' + figure.dataset.grapher + '"]').forEach(function (input) {
      input.addEventListener("change", function () {
        if (figure.dataset.tab === "table") buildTable(figure);
        if (location.hash.indexOf("view=") === 1) history.replaceState(null, "", viewUrl(figure));
      });
    });
    figure.querySelector(".grapher-tabs").hidden = false;
    figure.querySelector(".grapher-actions").hidden = false;
  }

  function restore() {
    var wanted = new URLSearchParams(location.hash.slice(1));
    var id = wanted.get("view");
    if (!id) return;
    var figure = document.querySelector('[data-grapher="' + CSS.escape(id) + '"]');
    var element = document.getElementById(id);
    if (!figure || !element) return;
    whenReady(element, function () {
      select(figure, wanted.get("tab") || "chart", false);
      figure.scrollIntoView();
    });
  }

  function init(root) {
    root.querySelectorAll("[data-grapher]").forEach(setup);
  }
  init(document);
  restore();
  window.addEventListener("hashchange", restore);
  document.body.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
