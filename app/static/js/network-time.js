/* The network's time slider: show only the offences reported between two months, from the
 * dates the server already sent (no new request), and hide what was reached only through the
 * offences hidden, as the server's own date filter neither shows nor crosses them.
 *
 * The container says what is drawn: data-visible-count (nodes shown) and
 * data-offences-shown / data-offences-total.
 */
(function () {
  "use strict";

  var lw = window.linkwatchNetwork, Widget = lw.Widget, el = lw.el;

  function monthsBetween(first, last) {
    var out = [], y = Number(first.slice(0, 4)), m = Number(first.slice(5, 7));
    var end = Number(last.slice(0, 4)) * 12 + Number(last.slice(5, 7));
    while (y * 12 + m <= end) {
      out.push(y + "-" + (m < 10 ? "0" : "") + m);
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
    return out;
  }

  Widget.prototype.timeControls = function () {
    var bar = this.root.querySelector(".net-time");
    if (!bar) return null;
    if (!this.time) {
      var self = this;
      this.time = {
        bar: bar,
        from: bar.querySelector("[data-control=time-from]"),
        to: bar.querySelector("[data-control=time-to]"),
        fromText: bar.querySelector("[data-time=from]"),
        toText: bar.querySelector("[data-time=to]"),
        count: bar.querySelector(".net-time-count"),
        bars: bar.querySelector(".net-time-bars"),
        months: [],
      };
      this.time.from.addEventListener("input", function () { self.timeMoved("from"); });
      this.time.to.addEventListener("input", function () { self.timeMoved("to"); });
    }
    return this.time;
  };

  /* The months the offences drawn span; keep the window the user chose when they change. */
  Widget.prototype.timeSetUp = function () {
    var t = this.timeControls();
    if (!t) return;
    var dates = [];
    this.raw.forEach(function (n) { if (n.kind === "offence" && n.date) dates.push(n.date); });
    dates.sort();
    var before = t.months.length ? { from: t.months[t.from.value], to: t.months[t.to.value],
                                     whole: this.timeWhole() } : null;
    t.months = dates.length ? monthsBetween(dates[0].slice(0, 7),
                                            dates[dates.length - 1].slice(0, 7)) : [];
    t.bar.hidden = t.months.length < 2;
    this.box.dataset.timeSlider = t.bar.hidden ? "none" : "shown";
    var last = Math.max(0, t.months.length - 1);
    [t.from, t.to].forEach(function (input) { input.min = "0"; input.max = String(last); });
    if (before && !before.whole) {
      t.from.value = String(Math.max(0, t.months.indexOf(before.from)));
      var to = t.months.indexOf(before.to);
      t.to.value = String(to < 0 ? last : to);
    } else {
      t.from.value = "0";
      t.to.value = String(last);
    }
    this.timeBars(dates);
  };

  /* A bar per month: how many offences were reported in it. */
  Widget.prototype.timeBars = function (dates) {
    var t = this.time, per = {}, most = 1;
    dates.forEach(function (d) { per[d.slice(0, 7)] = (per[d.slice(0, 7)] || 0) + 1; });
    Object.keys(per).forEach(function (k) { most = Math.max(most, per[k]); });
    t.bars.textContent = "";
    t.months.forEach(function (month) {
      var bar = el("span", "bar");
      bar.style.height = Math.round((100 * (per[month] || 0)) / most) + "%";
      bar.title = month + ": " + (per[month] || 0) + " offence" + (per[month] === 1 ? "" : "s");
      bar.dataset.month = month;
      t.bars.appendChild(bar);
    });
  };

  Widget.prototype.timeWhole = function () {
    var t = this.time;
    return !t || !t.months.length ||
      (Number(t.from.value) === 0 && Number(t.to.value) === t.months.length - 1);
  };

  /* The window as chosen: {from, to} months, or null when it is every date. */
  Widget.prototype.timeWindow = function () {
    if (this.timeWhole()) return null;
    return { from: this.time.months[Number(this.time.from.value)],
             to: this.time.months[Number(this.time.to.value)] };
  };

  Widget.prototype.timeMoved = function (which) {
    var t = this.time, from = Number(t.from.value), to = Number(t.to.value);
    if (from > to) {
      if (which === "from") t.to.value = String(from); else t.from.value = String(to);
    }
    this.timeApply();
    this.emit("filtered");
  };

  /* Hide the offences outside the window, then everything no longer reached from the centre
   * through what is shown. Returns how many nodes changed. */
  Widget.prototype.timeApply = function () {
    var t = this.time;
    if (!t) return 0;
    var window_ = this.timeWindow();
    var shown = new Set(), offences = 0, kept = 0;
    var allowed = function (n) {
      if (n.kind !== "offence") return true;
      offences += 1;
      var ok = !window_ || (!!n.date && n.date.slice(0, 7) >= window_.from &&
                            n.date.slice(0, 7) <= window_.to);
      if (ok) kept += 1;
      return ok;
    };
    var ok = new Set();
    this.raw.forEach(function (n, id) { if (allowed(n)) ok.add(id); });
    var near = {};
    this.edges.forEach(function (e) {
      (near[e.from] = near[e.from] || []).push(e.to);
      (near[e.to] = near[e.to] || []).push(e.from);
    });
    var queue = [this.data.centre];
    shown.add(this.data.centre);
    while (queue.length) {
      var id = queue.shift();
      (near[id] || []).forEach(function (m) {
        if (!shown.has(m) && ok.has(m)) { shown.add(m); queue.push(m); }
      });
    }
    var hide = new Set();
    this.raw.forEach(function (n, id) { if (!shown.has(id)) hide.add(id); });
    this.emit("filtering");  // groups open before their members change
    var changed = this.setHidden(hide);
    this.box.dataset.visibleCount = String(this.raw.size - hide.size);
    this.box.dataset.offencesShown = String(kept);
    this.box.dataset.offencesTotal = String(offences);
    t.fromText.textContent = t.months[Number(t.from.value)] || "";
    t.toText.textContent = t.months[Number(t.to.value)] || "";
    t.count.textContent = window_
      ? kept + " of " + offences + " offences; " + (this.raw.size - hide.size) + " of " +
        this.raw.size + " nodes drawn"
      : "all " + offences + " offences";
    t.bar.classList.toggle("narrowed", !!window_);
    t.bars.querySelectorAll(".bar").forEach(function (bar) {
      var m = bar.dataset.month;
      bar.classList.toggle("out", !!window_ && (m < window_.from || m > window_.to));
    });
    return changed;
  };

  /* The export's words for the slider (server-checked query parameters). */
  Widget.prototype.timeQuery = function (query) {
    var w = this.timeWindow();
    if (!w) return;
    query.set("slider_from", w.from);
    query.set("slider_to", w.to);
    query.set("offences_shown", this.box.dataset.offencesShown);
    query.set("offences_total", this.box.dataset.offencesTotal);
  };

  Widget.hook("drawn", function () {
    this.timeSetUp();
    // Counts for tests before anything is hidden.
    this.box.dataset.visibleCount = String(this.raw.size);
  });
  Widget.hook("settled", function () {
    if (this.time) this.timeApply();
  });
  Widget.hook("merged", function (added) {
    this.timeSetUp();
    if (!this.timeWindow()) {
      this.box.dataset.visibleCount = String(this.raw.size - this.hidden.size);
      return false;
    }
    this.timeApply();
    this.emit("filtered");
    var self = this;
    return added.some(function (id) { return self.hidden.has(id); });
  });
  Widget.hook("action", function (action) {
    if (action !== "time-all" || !this.time) return;
    this.time.from.value = "0";
    this.time.to.value = String(Math.max(0, this.time.months.length - 1));
    this.timeApply();
    this.emit("filtered");
  });
})();
