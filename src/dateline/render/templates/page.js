/* Drag across the chart's bars to choose a date range. Without this script every bar is
   still a link (choose one, then another), so the page works without JavaScript. */
(function () {
  "use strict";
  var svg = document.querySelector("svg.chart");
  if (!svg) return;
  var bars = Array.prototype.slice.call(svg.querySelectorAll("a.bar"));
  if (!bars.length) return;
  var from = -1, to = -1, moved = false;
  function index(target) {
    var a = target && target.closest ? target.closest("a.bar") : null;
    return a ? bars.indexOf(a) : -1;
  }
  function paint() {
    var lo = Math.min(from, to), hi = Math.max(from, to);
    bars.forEach(function (a, i) { a.classList.toggle("drag", from >= 0 && i >= lo && i <= hi); });
  }
  svg.addEventListener("pointerdown", function (ev) {
    if (ev.button !== 0) return;
    from = to = index(ev.target);
    moved = false;
    if (from >= 0) { paint(); ev.preventDefault(); }
  });
  svg.addEventListener("pointermove", function (ev) {
    if (from < 0) return;
    var el = document.elementFromPoint(ev.clientX, ev.clientY);
    var i = index(el);
    if (i >= 0 && i !== to) { to = i; moved = true; paint(); }
  });
  document.addEventListener("pointerup", function () {
    if (from < 0) return;
    var lo = Math.min(from, to), hi = Math.max(from, to);
    var go = moved;
    from = to = -1;
    paint();
    if (!go) return; // a plain click: the bar's own link
    var url = new URL(window.location.href);
    var first = bars[lo].getAttribute("data-first"), last = bars[hi].getAttribute("data-last");
    url.searchParams.set("start", first);
    url.searchParams.set("end", last);
    url.searchParams.delete("pick");
    window.location.assign(url.pathname + url.search);
  });
  svg.addEventListener("click", function (ev) {
    if (moved) { ev.preventDefault(); moved = false; }
  });
})();
