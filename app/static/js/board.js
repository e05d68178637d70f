// Tier board: "Why?" opens the row's explanation in place, fetched from
// /api/subjects/<id>/tier (the same JSON the API gives, audited as a view).
// Built with textContent only: nothing from the data is ever parsed as HTML.
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function render(box, data, profileUrl) {
    box.textContent = "";
    var head = el("p", "why-head");
    head.appendChild(el("strong", null, data.tier ? "Tier " + data.tier : "No tier"));
    head.appendChild(document.createTextNode(
      " on " + data.as_of + " · rule set " + data.rule_set + " · " +
      data.sexual_offence_count + " sexual offences, " + data.rape_count + " rape(s)"));
    box.appendChild(head);

    var tiers = {};
    (data.criteria || []).forEach(function (c) {
      (tiers[c.tier] = tiers[c.tier] || []).push(c);
    });
    var grid = el("div", "why-grid");
    Object.keys(tiers).sort().forEach(function (tier) {
      var col = el("div", "why-tier");
      col.appendChild(el("h3", null, "Tier " + tier));
      var list = el("ul", "criteria");
      tiers[tier].forEach(function (c) {
        var item = el("li", c.met ? "met" : "not-met");
        item.appendChild(el("span", "mark", c.met ? "met" : "not met"));
        item.appendChild(document.createTextNode(" " + c.name + ": " + c.detail));
        list.appendChild(item);
      });
      col.appendChild(list);
      grid.appendChild(col);
    });
    box.appendChild(grid);

    if (data.near_misses && data.near_misses.length) {
      var near = el("ul", "near-misses");
      data.near_misses.forEach(function (n) { near.appendChild(el("li", null, n)); });
      box.appendChild(el("h3", null, "Near-misses and watch points"));
      box.appendChild(near);
    }
    var more = el("a", null, "Open the full profile");
    more.href = profileUrl;
    box.appendChild(more);
  }

  function toggle(event) {
    var link = event.currentTarget;
    var row = link.closest("tr");
    var detail = row && row.nextElementSibling;
    if (!detail || !detail.classList.contains("explain")) { return; }
    event.preventDefault();
    var open = detail.hidden;
    detail.hidden = !open;
    link.setAttribute("aria-expanded", open ? "true" : "false");
    link.textContent = open ? "Hide" : "Why?";
    var box = detail.querySelector(".why-box");
    if (!open || box.dataset.loaded) { return; }
    box.textContent = "Loading the explanation…";
    var url = "/api/subjects/" + encodeURIComponent(link.dataset.subject) + "/tier?as_of=" +
      encodeURIComponent(link.dataset.asOf || "");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) { throw new Error(body.error || response.statusText); }
          return body;
        });
      })
      .then(function (data) {
        render(box, data, link.href);
        box.dataset.loaded = "1";
      })
      .catch(function (error) {
        box.textContent = "Could not load the explanation: " + error.message;
      });
  }

  document.querySelectorAll("a.why[data-subject]").forEach(function (link) {
    link.addEventListener("click", toggle);
  });
}());
