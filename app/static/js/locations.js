/* linkwatch repeat-locations map: Leaflet (served locally), markers from the ranked table.
 *
 * Each table row carries its place in data-* attributes (escaped by the template); rows
 * without coordinates (online platforms, unlocated places) stay in the table only.
 * No tiles unless the app sets MAP_TILE_URL: markers then sit on a plain background.
 * Popups are DOM elements filled with textContent, never HTML strings.
 */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function escapeHtml(text) {
    // Leaflet writes attributions as HTML; ours is configuration, still only text.
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function popup(row) {
    var box = el("div", "loc-popup");
    var link = el("a", null, row.dataset.name);
    link.href = row.dataset.url;
    box.appendChild(link);
    box.appendChild(el("div", "sub", row.dataset.venue));
    box.appendChild(el("div", null, row.dataset.offences + " offences · " +
                       row.dataset.victims + " victims · " + row.dataset.subjects + " subjects"));
    return box;
  }

  function reportPopup(p) {
    var box = el("div", "loc-popup");
    if (p.kind === "location") {
      var link = el("a", null, p.name);
      link.href = "/locations/" + encodeURIComponent(p.id);
      box.appendChild(link);
    } else {
      box.appendChild(el("b", null, p.name));
      box.appendChild(el("div", "sub", "Grid cell: no known place within the radius"));
    }
    box.appendChild(el("div", null, p.reports + " public report" + (p.reports === 1 ? "" : "s") +
                       (p.first ? " · " + p.first + " to " + p.last : "")));
    var list = el("ul", "report-factors");
    (p.factors || []).forEach(function (f) { list.appendChild(el("li", null, f.label + ": " + f.reports)); });
    box.appendChild(list);
    return box;
  }

  /* Public (StreetSafe-style) reports: one square per place or grid cell they cluster to,
   * sized by the number of reports; a layer of its own, switched on and off by the control. */
  function reportLayer(box, bounds) {
    var places = [];
    try { places = JSON.parse(box.dataset.reports || "[]"); } catch (e) { places = []; }
    var layer = L.layerGroup();
    var count = 0;
    var most = places.reduce(function (m, p) { return Math.max(m, p.reports); }, 1);
    places.forEach(function (p) {
      if (p.lat === null || p.lon === null || p.lat === undefined || p.lon === undefined) return;
      // A square of 12-30 px, whatever the zoom, so a cell reads as a place, not a dot.
      var size = Math.round(12 + 18 * Math.sqrt(p.reports / most));
      var lat = Number(p.lat), lon = Number(p.lon);
      var square = L.marker([lat, lon], {
        icon: L.divIcon({ className: "report-square", iconSize: [size, size] }),
        keyboard: false, riseOnHover: true,
      });
      square.bindPopup(reportPopup(p));
      square.bindTooltip(el("span", null, p.name + " (" + p.reports + " public)"), { direction: "top" });
      square.addTo(layer);
      bounds.push([lat, lon]);
      count += 1;
    });
    layer.addTo(box.leafletMap);
    box.dataset.reportCount = String(count);
    return { layer: layer, count: count };
  }

  function draw(box) {
    var colours = {};
    try { colours = JSON.parse(box.dataset.colours || "{}"); } catch (e) { colours = {}; }
    var rows = Array.prototype.slice.call(document.querySelectorAll(".loc-table tbody tr"));
    var placed = rows.filter(function (r) { return r.dataset.lat !== "" && r.dataset.lon !== ""; });
    var map = L.map(box, { preferCanvas: true, zoomSnap: 0.25, attributionControl: !!box.dataset.tiles });
    box.leafletMap = map;
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, {
        maxZoom: 19,
        attribution: escapeHtml(box.dataset.attribution || ""),
      }).addTo(map);
    } else {
      box.classList.add("no-tiles");
    }
    L.control.scale({ imperial: false }).addTo(map);
    var most = placed.reduce(function (m, r) { return Math.max(m, Number(r.dataset.offences)); }, 1);
    var offenceLayer = L.layerGroup().addTo(map);
    var bounds = [];
    var used = {};
    // Busiest last, so they are drawn on top.
    placed.slice().reverse().forEach(function (r) {
      var lat = Number(r.dataset.lat), lon = Number(r.dataset.lon);
      var colour = colours[r.dataset.venueType] || "#607d8b";
      used[r.dataset.venueType] = r.dataset.venue;
      var marker = L.circleMarker([lat, lon], {
        radius: 5 + 17 * Math.sqrt(Number(r.dataset.offences) / most),
        color: "#1d2733", weight: 1, fillColor: colour, fillOpacity: 0.8,
      });
      marker.bindPopup(popup(r));
      // Leaflet writes string tooltips as HTML: give it an element holding text.
      marker.bindTooltip(el("span", null, r.dataset.name + " (" + r.dataset.offences + ")"),
                         { direction: "top" });
      marker.on("mouseover", function () { r.classList.add("hover"); });
      marker.on("mouseout", function () { r.classList.remove("hover"); });
      marker.addTo(offenceLayer);
      r.marker = marker;
      bounds.push([lat, lon]);
    });
    var placedCount = bounds.length;  // the ranked places; report squares widen the bounds
    var reports = reportLayer(box, bounds);
    L.control.layers(null, { "Offences (ranked places)": offenceLayer,
                             "Public reports": reports.layer },
                     { collapsed: false }).addTo(map);
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    } else {
      map.setView([54.0, -2.0], 6);
      var empty = el("p", "map-empty", "No mapped places in this window.");
      box.parentNode.insertBefore(empty, box.nextSibling);
    }
    rows.forEach(function (r) {
      r.addEventListener("mouseenter", function () {
        if (r.marker) { r.marker.setStyle({ weight: 3 }); r.marker.bringToFront(); }
      });
      r.addEventListener("mouseleave", function () {
        if (r.marker) r.marker.setStyle({ weight: 1 });
      });
    });
    var legend = document.querySelector(".loc-legend");
    if (legend) {
      Object.keys(used).sort().forEach(function (venue) {
        var li = el("li");
        var swatch = el("span", "swatch shape-dot");
        swatch.style.backgroundColor = colours[venue] || "#607d8b";
        li.appendChild(swatch);
        li.appendChild(el("span", null, used[venue]));
        legend.appendChild(li);
      });
      if (reports.count) {
        var li = el("li");
        li.appendChild(el("span", "swatch report-swatch"));
        li.appendChild(el("span", null, "Public reports (square: where reports cluster)"));
        legend.appendChild(li);
      }
      if (!box.dataset.tiles) {
        legend.appendChild(el("li", "notice", "No background map configured (MAP_TILE_URL)."));
      }
    }
    box.dataset.markerCount = String(placedCount);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("map");
    if (box && window.L) draw(box);
  });
})();
