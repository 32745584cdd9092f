// The serving layer's dashboard: top locations (bar chart), one location's time series (line chart), totals and a
// freshness badge, refreshed every few seconds from this server's /api. Locations are user content from tweets, so
// they only ever reach the page as text (textContent), never as HTML.
//
// URL parameters (all optional): from, to (ISO-8601 instants; default: the 24 hours up to the next whole hour),
// limit, location, granularity (hour|day), refresh (seconds, default 5).
// For tests and scripts, the charts' data is also written to data-* attributes and the tables next to them, and
// <body data-state> is "ready" once everything has been drawn from one refresh ("error" if it failed).
(function () {
  "use strict";

  const MEASURES = ["tweet_count", "followers_sum", "favorites_sum", "retweets_sum"];
  const params = new URLSearchParams(window.location.search);
  const refreshSeconds = Math.max(1, Number(params.get("refresh")) || 5);
  const numberFormat = new Intl.NumberFormat("en-US");
  // The API's sums are exact JSON integers of any size, and a JS Number rounds above 2^53 (9007199254740991 has 16
  // digits): every integer literal of 16 digits or more, outside strings and not part of a fraction or exponent, is
  // kept as its exact decimal text, formatted through BigInt and charted as an (approximate) Number.
  const LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

  const state = {
    from: params.get("from") || defaultFrom(),
    to: params.get("to") || defaultTo(),
    limit: params.get("limit") || "10",
    location: params.get("location") || "",
    granularity: params.get("granularity") || "hour",
  };
  let topChart = null;
  let seriesChart = null;
  let topLabels = [];
  let refreshes = 0;
  let inFlight = false;

  function defaultTo() {
    const next = new Date();
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
      const value = totals[cell.dataset.measure];
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
      for (const measure of MEASURES) {
        const td = document.createElement("td");
        td.dataset.measure = measure;
        td.dataset.value = String(row[measure]);
        td.textContent = formatCount(row[measure]);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    });
  }

  function chartWidth(element) {
    return Math.max(320, element.clientWidth || 800);
  }

  function renderTop(locations) {
    const element = $("top-chart");
    topLabels = locations.map((row) => row.location);
    const values = locations.map((row) => Number(row.tweet_count));
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
          { label: "tweets" },
        ],
        series: [
          {},
          {
            label: "tweets",
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
    fillTable("top-table", locations, (row, index) => [String(index + 1), row.location]);
  }

  function shorten(label) {
    return label.length > 18 ? label.slice(0, 17) + "…" : label;
  }

  function renderSeries(series) {
    const element = $("series-chart");
    const times = series.points.map((point) => Date.parse(point.time) / 1000);
    const values = series.points.map((point) => Number(point.tweet_count));
    element.dataset.times = JSON.stringify(series.points.map((point) => point.time));
    element.dataset.values = JSON.stringify(values);
    element.dataset.location = series.location;
    $("series-location").textContent = series.location;
    const data = [times, values];
    if (seriesChart === null) {
      seriesChart = new uPlot({
        width: chartWidth(element),
        height: 260,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        scales: { y: { range: (u, min, max) => [0, Math.max(1, max) * 1.1] } },
        axes: [{}, { label: "tweets" }],
        series: [{}, { label: "tweets", stroke: "#1f8a4c", width: 2, points: { show: true, size: 5 } }],
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
    element.dataset.location = "";
    $("series-location").textContent = "-";
    if (seriesChart !== null) {
      seriesChart.setData([[], []]);
    }
    fillTable("series-table", [], () => []);
  }

  function syncLocationChoices(locations) {
    const select = $("location");
    const names = locations.map((row) => row.location);
    if (state.location && !names.includes(state.location)) {
      names.unshift(state.location);
    }
    if (!state.location && names.length) {
      state.location = names[0];
    }
    select.replaceChildren();
    for (const name of names) {
      const option = document.createElement("option");
      option.value = name;
      option.textContent = name;
      option.selected = name === state.location;
      select.appendChild(option);
    }
  }

  async function refresh() {
    if (inFlight) {
      return;
    }
    inFlight = true;
    const range = { from: state.from, to: state.to };
    try {
      const [top, totals] = await Promise.all([
        getJson("api/top-locations", { ...range, limit: state.limit }),
        getJson("api/totals", range),
      ]);
      syncLocationChoices(top.locations);
      renderTop(top.locations);
      renderTotals(totals.totals);
      renderFreshness(totals.freshness);
      if (state.location) {
        renderSeries(await getJson("api/timeseries", { ...range, location: state.location, granularity: state.granularity }));
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
  }

  function bindControls() {
    $("from").value = state.from;
    $("to").value = state.to;
    $("limit").value = state.limit;
    $("granularity").value = state.granularity;
    $("controls").addEventListener("submit", (event) => {
      event.preventDefault();
      state.from = $("from").value.trim();
      state.to = $("to").value.trim();
      state.limit = $("limit").value;
      state.granularity = $("granularity").value;
      state.location = $("location").value;
      const query = new URLSearchParams({ ...state, refresh: String(refreshSeconds) });
      window.history.replaceState(null, "", "?" + query.toString());
      document.body.dataset.state = "loading";
      refresh();
    });
    $("location").addEventListener("change", () => {
      state.location = $("location").value;
      refresh();
    });
  }

  bindControls();
  refresh();
  window.setInterval(refresh, refreshSeconds * 1000);
})();
