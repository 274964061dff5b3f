// The console's one script: keyboard work in the dispatcher's queue and card, and live alerts by server-sent events.
// Everything works without it (links and forms); it only adds speed.
(function () {
  "use strict";
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }

  // Queue: j / k move the selection, Enter opens it.
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.queue tbody tr[data-href]"));
  var at = -1;
  function select(i) {
    if (rows.length === 0) return;
    if (at >= 0) rows[at].classList.remove("selected");
    at = Math.max(0, Math.min(rows.length - 1, i));
    rows[at].classList.add("selected");
    var link = rows[at].querySelector("a");
    if (link) link.focus();
  }

  document.addEventListener("keydown", function (e) {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (rows.length > 0 && (e.key === "j" || e.key === "k")) {
      select(at + (e.key === "j" ? 1 : -1));
      e.preventDefault();
    } else if (rows.length > 0 && e.key === "Enter" && at >= 0) {
      window.location.href = rows[at].getAttribute("data-href");
    } else if (e.key === "a") {
      var accept = document.querySelector("#accept");
      if (accept) { accept.submit(); e.preventDefault(); }
    } else if (e.key === "o") {
      var unit = document.querySelector("#unit_id");
      if (unit) { unit.focus(); e.preventDefault(); }
    }
  });

  // Alerts: new and changed alerts arrive without reload, newest on top, announced to screen readers.
  var list = document.querySelector("#alerts[data-stream]");
  if (list && window.EventSource) {
    var status = document.querySelector("#live-status");
    var source = new EventSource(list.getAttribute("data-stream"));
    source.addEventListener("alert", function (ev) {
      var holder = document.createElement("ol");
      holder.innerHTML = ev.data;
      var item = holder.firstElementChild;
      if (!item) return;
      var old = document.getElementById(item.id);
      if (old) old.remove();
      item.classList.add("fresh");
      list.insertBefore(item, list.firstChild);
      var none = document.querySelector("#no-alerts");
      if (none) none.remove();
      if (status) status.textContent = "新预警：" + (item.querySelector("strong") || item).textContent;
    });
    source.onerror = function () { if (status) status.textContent = "实时连接中断，正在重连……"; };
  }
})();
