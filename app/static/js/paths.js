/* linkwatch paths page: suggestions as you type, from /api/search (one request at a time
 * per box, after a short pause). Each suggestion's value is the id the form sends; its
 * label is the name, set through textContent (never HTML). The search is audited as any.
 */
(function () {
  "use strict";

  var PAUSE_MS = 250;
  var MIN_CHARS = 2;

  function label(kind, row) {
    if (kind === "location") {
      return [row.name || row.location_id, row.postcode].filter(Boolean).join(", ");
    }
    var bits = [row.name || row.subject_id];
    if (row.dob) bits.push("born " + String(row.dob).slice(0, 10));
    if (row.identifier) bits.push(row.identifier.kind + " " + row.identifier.value);
    return bits.join(", ");
  }

  function suggest(input) {
    var kind = input.dataset.kind;
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var inflight = null;
    var last = "";
    if (!list || !window.fetch) return;

    function fill(rows) {
      while (list.firstChild) list.removeChild(list.firstChild);
      rows.slice(0, 12).forEach(function (row) {
        var option = document.createElement("option");
        option.value = kind === "location" ? row.location_id : row.subject_id;
        option.textContent = label(kind, row);
        list.appendChild(option);
      });
      input.dataset.suggestions = String(list.children.length);
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < MIN_CHARS || text === last) return;
      last = text;
      if (inflight) inflight.abort();
      inflight = window.AbortController ? new AbortController() : null;
      var url = "/api/search?kind=" + encodeURIComponent(kind) + "&q=" + encodeURIComponent(text);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" },
                   signal: inflight ? inflight.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) {
          if (body && body.results) fill(body.results[kind] || []);
        })
        .catch(function () { /* a suggestion that did not come is no error to show */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, PAUSE_MS);
    });
  }

  function start() {
    var inputs = document.querySelectorAll("#paths-form input[data-kind][list]");
    Array.prototype.forEach.call(inputs, suggest);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
