// Review banners judged on the reader's day, not the day the site was built: a copy of the
// site on a file share must not say "in date" after a review falls due. Without script, the
// build-time state stays as it was written. The steps are the build's (src/content/review.rs):
// overdue after the review date's last day; due soon within 90 days.
(function () {
  "use strict";
  var DAY = 86400000;
  var now = new Date();
  var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  var iso = new Date(today).toISOString().slice(0, 10);
  function daysLeft(due) {
    var p = due.split("-");
    return Math.round((Date.UTC(+p[0], +p[1] - 1, +p[2]) - today) / DAY);
  }
  var labels = { overdue: "Review overdue", "due-soon": "Review due soon", current: "In date" };
  function state(left) {
    return left < 0 ? "overdue" : left <= 90 ? "due-soon" : "current";
  }
  document.querySelectorAll("[data-review-due]").forEach(function (el) {
    var due = el.getAttribute("data-review-due");
    var s = state(daysLeft(due));
    if (el.classList.contains("banner")) {
      el.hidden = s !== "overdue";
      var text = el.querySelector("[data-review-text]");
      if (text) {
        text.textContent = "this " + el.getAttribute("data-kind") + " was due for review on " +
          due + " (as of " + iso + ").";
      }
    } else {
      el.textContent = labels[s];
      el.className = "status status-" + s;
    }
  });
  document.querySelectorAll("[data-review-asof]").forEach(function (el) {
    el.textContent = "Statuses below are as of today, " + iso + ". ";
    el.hidden = false;
  });
})();
