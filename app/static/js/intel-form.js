/* The intelligence form's map: known places as markers (a click picks one), a click anywhere
 * else fills latitude and longitude (the server snaps it to a place within 75 m, or makes a
 * new one). No tiles: markers on a plain background, as on the repeat-locations map. */
(function () {
  "use strict";
  var box = document.getElementById("intel-map");
  var form = document.getElementById("intel-form");
  if (!box || !form || typeof L === "undefined") return;
  var places = [];
  try { places = JSON.parse(box.dataset.places || "[]"); } catch (e) { places = []; }
  var map = L.map(box, { attributionControl: false, zoomSnap: 0.25 });
  box.classList.add("no-tiles");
  var pick = form.elements.location_id, lat = form.elements.lat, lon = form.elements.lon;
  var point = null;
  var bounds = [];
  places.forEach(function (p) {
    var m = L.circleMarker([p.lat, p.lon], { radius: 6, weight: 1, fillOpacity: 0.7 }).addTo(map);
    m.bindTooltip(String(p.name));
    m.on("click", function (ev) {
      L.DomEvent.stopPropagation(ev);
      pick.value = p.location_id; lat.value = ""; lon.value = "";
      if (point) { map.removeLayer(point); point = null; }
    });
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length) map.fitBounds(bounds, { padding: [20, 20] });
  else map.setView([52.5, -1.5], 11);
  map.on("click", function (ev) {
    lat.value = ev.latlng.lat.toFixed(6); lon.value = ev.latlng.lng.toFixed(6); pick.value = "";
    if (point) map.removeLayer(point);
    point = L.circleMarker(ev.latlng, { radius: 8, color: "#b3261e", weight: 3, fillOpacity: 0.2 }).addTo(map);
  });
})();
