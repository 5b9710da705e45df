/* Choropleth of the kecamatan on the dashboard: Leaflet (served locally), no tile server.
   Reads its data from the URL in data-src; clicking a kecamatan opens its area page. */
(function () {
  "use strict";
  var el = document.getElementById("city-map");
  if (!el) { return; }
  var legend = document.getElementById("city-map-legend");
  var select = document.getElementById("map-metric");
  var colours = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"];
  var map = null;
  var layer = null;

  function fallback(text) {
    el.classList.add("fallback");
    el.textContent = text || el.getAttribute("data-fallback");
  }

  function breaks(values) {
    var sorted = values.filter(function (v) { return v !== null; }).sort(function (a, b) { return a - b; });
    if (!sorted.length) { return []; }
    var out = [];
    for (var i = 1; i < colours.length; i++) {
      out.push(sorted[Math.min(sorted.length - 1, Math.floor(i * sorted.length / colours.length))]);
    }
    return out;
  }

  function colourOf(value, cuts) {
    if (value === null || value === undefined) { return "#dddddd"; }
    var i = 0;
    while (i < cuts.length && value >= cuts[i]) { i++; }
    return colours[i];
  }

  function fmt(v) {
    return v === null || v === undefined ? "–" : Number(v).toLocaleString("id-ID");
  }

  function draw(data) {
    if (!data.features || !data.features.length) { fallback(); return; }
    var cuts = breaks(data.features.map(function (f) { return f.properties.value; }));
    if (!map) {
      map = L.map(el, { zoomSnap: 0.25, scrollWheelZoom: false, attributionControl: true });
      map.attributionControl.setPrefix("");
      map.attributionControl.addAttribution(el.getAttribute("data-attribution"));
    }
    if (layer) { map.removeLayer(layer); }
    layer = L.geoJSON(data, {
      style: function (f) {
        return { color: "#334", weight: 1, fillOpacity: 0.85, fillColor: colourOf(f.properties.value, cuts) };
      },
      onEachFeature: function (f, l) {
        l.bindTooltip(f.properties.name + ": " + fmt(f.properties.value), { sticky: true });
        l.on("click", function () {
          window.location.href = el.getAttribute("data-area-url").replace("CODE", f.properties.code) +
            "?" + el.getAttribute("data-query");
        });
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [6, 6] });
    if (legend) {
      legend.textContent = "";
      var title = document.createElement("strong");
      title.textContent = data.label;
      legend.appendChild(title);
      var lower = null;
      for (var i = 0; i < colours.length; i++) {
        var item = document.createElement("span");
        var swatch = document.createElement("i");
        swatch.style.background = colours[i];
        item.appendChild(swatch);
        var upper = i < cuts.length ? cuts[i] : null;
        item.appendChild(document.createTextNode(
          (lower === null ? "< " + fmt(upper) : upper === null ? "≥ " + fmt(lower) : fmt(lower) + "–" + fmt(upper))));
        legend.appendChild(item);
        lower = upper;
        if (upper === null) { break; }
      }
    }
  }

  function load() {
    var src = el.getAttribute("data-src") + "&metric=" + encodeURIComponent(select ? select.value : "people_per_1000");
    fetch(src, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(draw)
      .catch(function () { fallback(); });
  }

  if (typeof L === "undefined") { fallback(); return; }
  if (select) { select.addEventListener("change", load); }
  load();
})();
