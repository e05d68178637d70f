/* linkwatch orders map: a subject's exclusion zones (circles) and the places linked to him
 * (dots), from the data-* attributes of the list beside the map (escaped by the template).
 * Leaflet served locally; no tiles unless the app sets MAP_TILE_URL. Tooltips are text.
 */
(function () {
  "use strict";

  function el(tag, text) {
    var e = document.createElement(tag);
    e.textContent = String(text);
    return e;
  }

  function draw(box) {
    var map = L.map(box, { zoomSnap: 0.25, attributionControl: false });
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { maxZoom: 19 }).addTo(map);
    } else {
      box.classList.add("no-tiles");
    }
    L.control.scale({ imperial: false }).addTo(map);
    var bounds = [];
    document.querySelectorAll(".zone-data [data-lat]").forEach(function (item) {
      var lat = Number(item.dataset.lat), lon = Number(item.dataset.lon);
      if (!isFinite(lat) || !isFinite(lon) || item.dataset.lat === "") return;
      var layer;
      if (item.dataset.radius) {
        layer = L.circle([lat, lon], {
          radius: Number(item.dataset.radius), color: item.dataset.active === "true" ? "#c62828" : "#8a939e",
          weight: 2, fillOpacity: 0.12, dashArray: item.dataset.active === "true" ? null : "4 4",
        });
        bounds.push(L.latLng(lat, lon).toBounds(2 * Number(item.dataset.radius)));
      } else {
        layer = L.circleMarker([lat, lon], {
          radius: 5, color: "#1d2733", weight: 1,
          fillColor: item.dataset.breach === "true" ? "#c62828" : "#1f4e8c", fillOpacity: 0.85,
        });
        bounds.push(L.latLng(lat, lon).toBounds(100));
      }
      layer.bindTooltip(el("span", item.dataset.label), { direction: "top" });
      layer.addTo(map);
    });
    if (bounds.length) {
      var all = bounds[0];
      bounds.slice(1).forEach(function (b) { all.extend(b); });
      map.fitBounds(all, { padding: [20, 20], maxZoom: 16 });
    } else {
      map.setView([54.0, -2.0], 6);
    }
    box.dataset.drawn = "true";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("zones-map");
    if (box && window.L) draw(box);
  });
})();
