// The serving layer's dashboard for one declared view at a time (a view selector, from GET /api/views): its top
// groups (bar chart; the locations of the default view, the languages of lang_day), one group's time series (a stacked
// band of the part the batch table counted and the part the speed table counted, with the batch cutoff marked), totals
// and a freshness badge, refreshed every few seconds from this server's /api. Group values are user content from
// tweets, so they only ever reach the page as text (textContent), never as HTML.
//
// URL parameters (all optional): view (default: the first declared view), from, to (ISO-8601 instants; default: a
// rolling window, the 24 hours up to the next whole hour, recomputed at every refresh so that events after the hour
// turns stay in it), limit, the group of the series by its dimension's name (location=, lang=, ...), granularity
// (hour|day; a day-grain view steps by day only), refresh (seconds, default 5). Below the charts: the batch layer's latest recomputes and the
// DLQ's rate, from /api/batch-runs and /api/dlq.
// For tests and scripts, the charts' data is also written to data-* attributes and the tables next to them, and
// <body data-state> is "ready" once everything has been drawn from one refresh ("error" if it failed).
(function () {
  "use strict";

  const params = new URLSearchParams(window.location.search);
  const refreshSeconds = Math.max(1, Number(params.get("refresh")) || 5);
  const numberFormat = new Intl.NumberFormat("en-US");
  // The API's sums are exact JSON integers of any size, and a JS Number rounds above 2^53 (9007199254740991 has 16
  // digits): every integer literal of 16 digits or more, outside strings and not part of a fraction or exponent, is
  // kept as its exact decimal text, formatted through BigInt and charted as an (approximate) Number.
  const LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

  // Rolling unless the URL or the form fixes both ends of the window.
  const state = {
    view: params.get("view") || "",
    rolling: !(params.get("from") && params.get("to")),
    from: params.get("from") || defaultFrom(),
    to: params.get("to") || defaultTo(),
    limit: params.get("limit") || "10",
    // The series' group: its values of the view's group dimensions, as JSON (an option's value); "" for none yet.
    location: "",
    granularity: params.get("granularity") || "",
  };
  // The chosen view as GET /api/views describes it, and every declared view.
  let views = [];
  let view = null;
  let topChart = null;
  let seriesChart = null;
  let runsChart = null;
  let dlqChart = null;
  let topLabels = [];
  let refreshes = 0;
  let inFlight = false;

  // Date.now(), read at every refresh: a window computed once at page load would stop at the hour it was loaded in.
  function defaultTo() {
    const next = new Date(Date.now());
    next.setUTCMinutes(0, 0, 0);
    next.setUTCHours(next.getUTCHours() + 1);
    return next.toISOString().replace(".000Z", "Z");
  }

  function defaultFrom() {
    const to = new Date(defaultTo());
    return new Date(to.getTime() - 24 * 3600 * 1000).toISOString().replace(".000Z", "Z");
  }

  function $(id) {
    return document.getElementById(id);
  }

  async function getJson(path, query) {
    const url = path + "?" + new URLSearchParams(query).toString();
    const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
    const body = parseExact(await response.text());
    if (!response.ok) {
      const error = body && body.error ? body.error : { message: response.statusText };
      const where = error.parameter ? " (parameter " + error.parameter + ")" : "";
      throw new Error(error.message + where);
    }
    return body;
  }

  function parseExact(text) {
    return JSON.parse(text.replace(LONG_INTEGER, (token) => (token.startsWith('"') ? token : '"' + token + '"')));
  }

  function formatCount(value) {
    return numberFormat.format(typeof value === "string" ? BigInt(value) : value);
  }

  function formatTime(iso) {
    if (!iso) {
      return "none yet";
    }
    return iso.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC");
  }

  function renderFreshness(freshness) {
    const badge = $("freshness");
    badge.dataset.complete = String(freshness.complete);
    badge.dataset.batchCutoff = freshness.batch_cutoff || "";
    badge.dataset.speedLastCommit = freshness.speed_last_commit || "";
    badge.title = freshness.complete_reason;
    $("freshness-status").textContent = freshness.complete ? "complete" : "INCOMPLETE";
    $("freshness-cutoff").textContent = formatTime(freshness.batch_cutoff);
    $("freshness-speed").textContent = formatTime(freshness.speed_last_commit);
    const lag = [];
    if (freshness.speed_lag_seconds !== null) {
      lag.push(freshness.speed_lag_seconds.toFixed(1) + " s");
    }
    if (freshness.speed_lag_records !== null) {
      lag.push(formatCount(freshness.speed_lag_records) + " records");
    }
    $("freshness-lag").textContent = lag.length ? lag.join(", ") : "unknown";
  }

  function renderTotals(totals) {
    for (const cell of document.querySelectorAll("#totals [data-measure]")) {
      const value = cell.dataset.distinct ? totals.distinct[cell.dataset.distinct] : totals[cell.dataset.measure];
      cell.dataset.value = String(value);
      cell.textContent = formatCount(value);
    }
  }

  function fillTable(tableId, rows, firstCells) {
    const body = document.querySelector("#" + tableId + " tbody");
    body.replaceChildren();
    rows.forEach((row, index) => {
      const tr = document.createElement("tr");
      for (const text of firstCells(row, index)) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      }
      for (const measure of view.measures.map((m) => m.name)) {
        const td = document.createElement("td");
        td.dataset.measure = measure;
        td.dataset.value = String(row[measure]);
        td.textContent = formatCount(row[measure]);
        tr.appendChild(td);
      }
      // Which layer counted the ranked measure (the events).
      for (const layer of ["batch", "speed"]) {
        const td = document.createElement("td");
        td.dataset.layer = layer;
        td.dataset.value = String(row[layer][view.ranked_by]);
        td.textContent = formatCount(row[layer][view.ranked_by]);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    });
  }

  function chartWidth(element) {
    return Math.max(320, element.clientWidth || 800);
  }

  // A group's label: its values of the view's group dimensions.
  function groupLabel(row) {
    return view.grouped_by.map((dimension) => String(row[dimension])).join(" / ");
  }

  function groupKey(row) {
    return JSON.stringify(view.grouped_by.map((dimension) => row[dimension]));
  }

  function renderTop(locations) {
    const element = $("top-chart");
    topLabels = locations.map(groupLabel);
    const values = locations.map((row) => Number(row[view.ranked_by]));
    element.dataset.labels = JSON.stringify(topLabels);
    element.dataset.values = JSON.stringify(values);
    const data = [locations.map((_, index) => index), values];
    if (topChart === null) {
      topChart = new uPlot({
        width: chartWidth(element),
        height: 260,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: false, range: (u, min, max) => [-0.5, Math.max(max, topLabels.length - 1) + 0.5] },
          y: { range: (u, min, max) => [0, Math.max(1, max) * 1.1] },
        },
        axes: [
          {
            splits: () => topLabels.map((_, index) => index),
            values: (u, splits) => splits.map((index) => shorten(topLabels[index] || "")),
            rotate: -20,
            size: 60,
          },
          { label: view.ranked_by },
        ],
        series: [
          {},
          {
            label: view.ranked_by,
            stroke: "#2f6fd6",
            fill: "rgba(47, 111, 214, 0.6)",
            paths: uPlot.paths.bars({ size: [0.6, 80] }),
            points: { show: false },
          },
        ],
      }, data, element);
    } else {
      topChart.setData(data);
    }
    fillTable("top-table", locations, (row, index) => [String(index + 1), groupLabel(row)]);
  }

  function shorten(label) {
    return label.length > 18 ? label.slice(0, 17) + "…" : label;
  }

  // The series chart's stacked band: batch_view's part at the bottom, speed_view's part on top of it, and the batch
  // cutoff (ingest time) marked as a vertical line: events ingested before it are the batch layer's, the rest the
  // speed layer's, so the hand-over moves right when a recompute commits. Opaque colours, so a test can find them.
  const BATCH_FILL = "rgb(91, 141, 239)";
  const SPEED_FILL = "rgb(245, 166, 35)";
  const CUTOFF_STROKE = "rgb(192, 57, 43)";
  let seriesCutoff = null;

  function drawCutoff(u) {
    const element = $("series-chart");
    if (seriesCutoff === null || u.data[0].length === 0) {
      element.dataset.cutoffX = "";
      return;
    }
    const left = u.bbox.left;
    const right = u.bbox.left + u.bbox.width;
    const x = Math.round(u.valToPos(seriesCutoff, "x", true));
    if (x < left || x > right) {
      element.dataset.cutoffX = "";
      return;
    }
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = CUTOFF_STROKE;
    ctx.lineWidth = 3 * uPlot.pxRatio;
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.fillStyle = CUTOFF_STROKE;
    ctx.font = 12 * uPlot.pxRatio + "px sans-serif";
    ctx.fillText("batch cutoff", x + 4 * uPlot.pxRatio, u.bbox.top + 14 * uPlot.pxRatio);
    ctx.restore();
    // Where the marker is, in CSS pixels from the canvas's left edge.
    element.dataset.cutoffX = String(x / uPlot.pxRatio);
  }

  function renderSeries(series) {
    const element = $("series-chart");
    const times = series.points.map((point) => Date.parse(point.time) / 1000);
    const rank = view.ranked_by;
    const values = series.points.map((point) => Number(point[rank]));
    const batch = series.points.map((point) => Number(point.batch[rank]));
    const speed = series.points.map((point) => Number(point.speed[rank]));
    // The top edge of the speed band: batch + speed, which is the total.
    const stacked = batch.map((value, index) => value + speed[index]);
    element.dataset.times = JSON.stringify(series.points.map((point) => point.time));
    element.dataset.values = JSON.stringify(values);
    element.dataset.batchValues = JSON.stringify(batch);
    element.dataset.speedValues = JSON.stringify(speed);
    element.dataset.cutoff = series.cutoff || "";
    element.dataset.location = groupLabel(series.group);
    element.dataset.granularity = series.granularity;
    element.dataset.view = series.view;
    seriesCutoff = series.cutoff ? Date.parse(series.cutoff) / 1000 : null;
    $("series-location").textContent = groupLabel(series.group);
    const data = [times, batch, stacked];
    if (seriesChart === null) {
      seriesChart = new uPlot({
        width: chartWidth(element),
        height: 260,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        scales: { y: { range: (u, min, max) => [0, Math.max(1, max) * 1.1] } },
        axes: [{}, { label: rank }],
        series: [
          {},
          { label: "batch", stroke: BATCH_FILL, fill: BATCH_FILL, width: 1, points: { show: false } },
          {
            label: "speed",
            stroke: SPEED_FILL,
            width: 1,
            points: { show: false },
            // The legend shows the speed part itself, not the top of the stack.
            value: (u, value, seriesIndex, index) => (index === null ? "-" : formatCount(u.data[2][index] - u.data[1][index])),
          },
        ],
        bands: [{ series: [2, 1], fill: SPEED_FILL }],
        hooks: { draw: [drawCutoff] },
      }, data, element);
    } else {
      seriesChart.setData(data);
    }
    fillTable("series-table", series.points, (point) => [formatTime(point.time)]);
  }

  function clearSeries() {
    const element = $("series-chart");
    element.dataset.times = "[]";
    element.dataset.values = "[]";
    element.dataset.batchValues = "[]";
    element.dataset.speedValues = "[]";
    element.dataset.cutoff = "";
    element.dataset.location = "";
    seriesCutoff = null;
    $("series-location").textContent = "-";
    if (seriesChart !== null) {
      seriesChart.setData([[], [], []]);
    }
    fillTable("series-table", [], () => []);
  }

  // The series' group choices: the top groups, plus the chosen one if it is not among them.
  function syncLocationChoices(locations) {
    const select = $("location");
    const choices = locations.map((row) => [groupKey(row), groupLabel(row)]);
    if (state.location && !choices.some(([key]) => key === state.location)) {
      const values = JSON.parse(state.location);
      choices.unshift([state.location, values.join(" / ")]);
    }
    if (!state.location && choices.length) {
      state.location = choices[0][0];
    }
    select.replaceChildren();
    for (const [key, label] of choices) {
      const option = document.createElement("option");
      option.value = key;
      option.textContent = label;
      option.selected = key === state.location;
      select.appendChild(option);
    }
  }

  // The series' group as query parameters: one per group dimension.
  function groupQuery() {
    const values = JSON.parse(state.location);
    return Object.fromEntries(view.grouped_by.map((dimension, index) => [dimension, values[index]]));
  }

  function headerRow(tableId, names) {
    const tr = document.querySelector("#" + tableId + " thead tr");
    tr.replaceChildren();
    for (const name of names) {
      const th = document.createElement("th");
      th.textContent = name;
      tr.appendChild(th);
    }
  }

  // Lays the page out for the chosen view: its measure and distinct-count cards, the tables' headers, its series steps.
  function layoutView() {
    document.body.dataset.view = view.name;
    $("view-title").textContent = view.ranked_by + " by " + view.grouped_by.join(" x ") + " (" + view.name + ")";
    $("group-label").textContent = view.grouped_by.join(" / ");
    $("top-group").textContent = view.grouped_by.join(" / ");
    const measures = view.measures.map((m) => m.name);
    const layers = [view.ranked_by + " from batch", view.ranked_by + " from speed"];
    headerRow("top-table", ["#", view.grouped_by.join(" / ")].concat(measures, layers));
    headerRow("series-table", ["time (UTC)"].concat(measures, layers));
    const totals = $("totals");
    for (const card of [...totals.querySelectorAll(".card:not(#dlq)")]) {
      card.remove();
    }
    const cards = measures.map((name) => [name, name, ""]);
    // Distinct values of each group dimension; the default view's location count keeps its name, "locations".
    for (const dimension of view.grouped_by) {
      cards.push([dimension + " values", dimension === "location" ? "locations" : "distinct_" + dimension, dimension]);
    }
    for (const [label, measure, distinct] of cards) {
      const card = document.createElement("div");
      card.className = "card";
      const labelDiv = document.createElement("div");
      labelDiv.className = "label";
      labelDiv.textContent = label;
      const value = document.createElement("div");
      value.className = "value";
      value.dataset.measure = measure;
      if (distinct) {
        value.dataset.distinct = distinct;
      }
      value.textContent = "-";
      card.append(labelDiv, value);
      totals.insertBefore(card, $("dlq"));
    }
    const granularity = $("granularity");
    granularity.replaceChildren();
    for (const step of view.granularities) {
      const option = document.createElement("option");
      option.value = step;
      option.textContent = step;
      granularity.appendChild(option);
    }
    if (!view.granularities.includes(state.granularity)) {
      state.granularity = view.granularities[0];
    }
    granularity.value = state.granularity;
    // Charts are made for one view's measures: made again for the next.
    for (const chart of [topChart, seriesChart]) {
      if (chart !== null) {
        chart.destroy();
      }
    }
    topChart = null;
    seriesChart = null;
  }

  // Reads the declared views once, and picks the URL's view (or the default one) and its group from the URL.
  async function loadViews() {
    const body = await getJson("api/views", {});
    views = body.views;
    const select = $("view");
    select.replaceChildren();
    for (const candidate of views) {
      const option = document.createElement("option");
      option.value = candidate.name;
      option.textContent = candidate.name;
      select.appendChild(option);
    }
    view = views.find((candidate) => candidate.name === state.view) || views.find((v) => v.name === body.default_view);
    state.view = view.name;
    select.value = view.name;
    const values = view.grouped_by.map((dimension) => params.get(dimension));
    state.location = values.every((value) => value) ? JSON.stringify(values) : "";
    layoutView();
  }

  function chooseView(name) {
    view = views.find((candidate) => candidate.name === name);
    state.view = view.name;
    state.location = "";
    layoutView();
  }

  function rollWindow() {
    if (!state.rolling) {
      return;
    }
    const from = defaultFrom();
    const to = defaultTo();
    // The inputs follow the window unless the user is typing in one of them.
    if ($("from").value === state.from && document.activeElement !== $("from")) {
      $("from").value = from;
    }
    if ($("to").value === state.to && document.activeElement !== $("to")) {
      $("to").value = to;
    }
    state.from = from;
    state.to = to;
  }

  function renderWindow() {
    document.body.dataset.windowFrom = state.from;
    document.body.dataset.windowTo = state.to;
    document.body.dataset.rolling = String(state.rolling);
    $("window-mode").textContent = state.rolling ? "rolling 24 h" : "fixed window";
  }

  function renderBatchRuns(body) {
    const element = $("runs-chart");
    const runs = body.runs.slice().reverse();
    element.dataset.runIds = JSON.stringify(runs.map((run) => run.run_id));
    element.dataset.durations = JSON.stringify(runs.map((run) => run.duration_ms));
    const data = [runs.map((run) => Date.parse(run.finished_at) / 1000), runs.map((run) => run.duration_ms / 1000),
      runs.map((run) => run.rows_in)];
    if (runsChart === null) {
      runsChart = new uPlot({
        width: chartWidth(element),
        height: 200,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        scales: { s: { range: (u, min, max) => [0, Math.max(1, max) * 1.1] }, rows: { range: (u, min, max) => [0, Math.max(1, max) * 1.1] } },
        axes: [{}, { scale: "s", label: "seconds" }, { scale: "rows", label: "raw rows", side: 1, grid: { show: false } }],
        series: [{}, { label: "duration (s)", scale: "s", stroke: "#8e44ad", width: 2, points: { show: true, size: 6 } },
          { label: "raw rows", scale: "rows", stroke: "#2f6fd6", width: 1, points: { show: true, size: 4 } }],
      }, data, element);
    } else {
      runsChart.setData(data);
    }
    const tbody = document.querySelector("#runs-table tbody");
    tbody.replaceChildren();
    for (const run of body.runs) {
      const tr = document.createElement("tr");
      tr.dataset.runId = run.run_id;
      const cells = [
        ["finished", formatTime(run.finished_at)],
        ["cutoff", formatTime(run.cutoff)],
        ["rows_in", numberFormat.format(run.rows_in)],
        ["rows_out", numberFormat.format(run.rows_out)],
        ["duration", (run.duration_ms / 1000).toFixed(1) + " s"],
        ["status", run.status],
      ];
      for (const [name, text] of cells) {
        const td = document.createElement("td");
        td.dataset.field = name;
        td.textContent = text;
        tr.appendChild(td);
      }
      tr.cells[1].dataset.value = run.cutoff;
      tr.cells[2].dataset.value = String(run.rows_in);
      tr.cells[4].dataset.value = String(run.duration_ms);
      tbody.appendChild(tr);
    }
  }

  function renderDlq(dlq) {
    const card = $("dlq");
    card.dataset.total = dlq.total === null ? "" : String(dlq.total);
    card.dataset.perSecond = dlq.per_second === null ? "" : String(dlq.per_second);
    card.title = dlq.note;
    $("dlq-rate").textContent = dlq.per_second === null ? "unknown" : dlq.per_second.toFixed(2) + " /s";
    $("dlq-total").textContent = dlq.total === null ? "-" : numberFormat.format(dlq.total) + " in " + dlq.topic;
    const element = $("dlq-chart");
    const points = dlq.points.filter((point) => point.per_second !== null);
    const data = [points.map((point) => Date.parse(point.time) / 1000), points.map((point) => point.per_second)];
    if (dlqChart === null) {
      dlqChart = new uPlot({
        width: chartWidth(element),
        height: 160,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        scales: { y: { range: (u, min, max) => [0, Math.max(1, max) * 1.1] } },
        axes: [{}, { label: "records/s" }],
        series: [{}, { label: "DLQ records/s", stroke: "#c0392b", width: 2, points: { show: false } }],
      }, data, element);
    } else {
      dlqChart.setData(data);
    }
  }

  async function refresh() {
    if (inFlight) {
      return;
    }
    inFlight = true;
    let rerun = false;
    rollWindow();
    renderWindow();
    try {
      if (view === null) {
        await loadViews();
      }
      const asked = view;
      const range = { view: state.view, from: state.from, to: state.to };
      const [top, totals, runs, dlq] = await Promise.all([
        getJson("api/top-locations", { ...range, limit: state.limit }),
        getJson("api/totals", range),
        getJson("api/batch-runs", { limit: "20" }),
        getJson("api/dlq", {}),
      ]);
      if (view !== asked) {
        // The view was changed while this refresh ran: its answers do not fit the new view's layout.
        rerun = true;
        return;
      }
      syncLocationChoices(top.locations);
      renderTop(top.locations);
      renderTotals(totals.totals);
      renderFreshness(totals.freshness);
      renderBatchRuns(runs);
      renderDlq(dlq);
      if (state.location) {
        const series = await getJson("api/timeseries", { ...range, ...groupQuery(), granularity: state.granularity });
        if (view !== asked) {
          rerun = true;
          return;
        }
        renderSeries(series);
      } else {
        clearSeries();
      }
      $("error").hidden = true;
      $("updated").textContent = "updated " + new Date().toISOString().slice(11, 19) + " UTC";
      refreshes += 1;
      document.body.dataset.refreshes = String(refreshes);
      document.body.dataset.state = "ready";
    } catch (failure) {
      $("error").textContent = "Could not load: " + failure.message;
      $("error").hidden = false;
      document.body.dataset.state = "error";
    } finally {
      inFlight = false;
    }
    if (rerun) {
      refresh();
    }
  }

  function bindControls() {
    $("from").value = state.from;
    $("to").value = state.to;
    $("limit").value = state.limit;
    $("controls").addEventListener("submit", (event) => {
      event.preventDefault();
      const from = $("from").value.trim();
      const to = $("to").value.trim();
      // Unchanged or emptied ends keep the window rolling; any other value fixes it.
      state.rolling = (from === "" && to === "") || (state.rolling && from === state.from && to === state.to);
      state.from = from || defaultFrom();
      state.to = to || defaultTo();
      state.limit = $("limit").value;
      state.granularity = $("granularity").value;
      state.location = $("location").value;
      const query = new URLSearchParams({ view: state.view, limit: state.limit, ...(state.location ? groupQuery() : {}),
        granularity: state.granularity, refresh: String(refreshSeconds) });
      if (!state.rolling) {
        query.set("from", state.from);
        query.set("to", state.to);
      }
      window.history.replaceState(null, "", "?" + query.toString());
      document.body.dataset.state = "loading";
      refresh();
    });
    $("location").addEventListener("change", () => {
      state.location = $("location").value;
      refresh();
    });
    $("view").addEventListener("change", () => {
      chooseView($("view").value);
      document.body.dataset.state = "loading";
      refresh();
    });
  }

  bindControls();
  refresh();
  window.setInterval(refresh, refreshSeconds * 1000);
})();
