// The speaking-time countdown of a list of speakers (chair, projector, delegate's phone).
// The server renders the seconds left in data-remaining; this counts down between two
// htmx refreshes, which render it again. No inline script: the CSP forbids it.
(function () {
  "use strict";

  function format(seconds) {
    var sign = seconds < 0 ? "−" : "";
    var left = Math.abs(seconds);
    var minutes = Math.floor(left / 60);
    var rest = left % 60;
    return sign + minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function start(box) {
    var remaining = parseInt(box.getAttribute("data-remaining"), 10);
    if (isNaN(remaining)) {
      return;
    }
    box.countdownDeadline = Date.now() + remaining * 1000;
  }

  function tick() {
    var boxes = document.querySelectorAll("[data-countdown]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.countdownDeadline === undefined) {
        start(box);
      }
      var seconds = Math.round((box.countdownDeadline - Date.now()) / 1000);
      var time = box.querySelector(".countdown-time");
      if (time) {
        time.textContent = format(seconds);
      }
      var bar = box.querySelector("progress");
      if (bar) {
        bar.value = Math.max(seconds, 0);
      }
      box.classList.toggle("countdown-over", seconds < 0);
      box.classList.toggle("countdown-ending", seconds >= 0 && seconds <= 30);
    }
  }

  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
  window.setInterval(tick, 250);
})();
