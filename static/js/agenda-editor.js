/* The agenda editor (templates/workshops/editor/). htmx does the forms and fragments;
   this file adds what htmx does not:
   - drag and drop within a day (SortableJS): on drop, POST the day and its sessions' ids
     in their new order to the reorder URL; the day comes back from the server;
   - move up / move down buttons (the keyboard's way to reorder): the same POST; focus
     stays on the moved session's button and a live region says where it now is;
   - a "warning" mark on each card that the warnings list names;
   - the server's message when a request is refused (a 400 answer is not swapped). */
(function () {
  "use strict";

  var editor = document.getElementById("agenda-editor");
  if (!editor) {
    return;
  }

  function dayOf(list) {
    return list.closest(".agenda-day");
  }

  function showAlert(text) {
    var box = document.getElementById("editor-alert");
    var alert = document.createElement("div");
    alert.className = "alert alert-danger alert-dismissible fade show";
    alert.setAttribute("role", "alert");
    alert.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", editor.dataset.closeLabel || "Close");
    alert.appendChild(close);
    box.replaceChildren(alert);
  }

  function reloadDay(day) {
    // The server's order, after a refused reorder.
    var selector = "#" + day.id;
    htmx.ajax("GET", window.location.pathname, {
      source: day, target: selector, select: selector, swap: "outerHTML",
    });
  }

  function postOrder(list) {
    var ids = Array.prototype.map.call(
      list.querySelectorAll(":scope > .session-card"),
      function (card) { return card.dataset.sessionId; }
    );
    var day = dayOf(list);
    htmx.ajax("POST", list.dataset.reorderUrl, {
      source: list,
      target: "#" + day.id,
      swap: "outerHTML",
      values: { date: list.dataset.date, session: ids },
    });
  }

  function makeSortable(list) {
    if (Sortable.get(list)) {
      return;
    }
    Sortable.create(list, {
      handle: ".drag-handle",
      draggable: ".session-card",
      // Mouse-driven fallback instead of native HTML5 drag events: the same behaviour in
      // every browser, and drivable by a test in headless Chromium.
      forceFallback: true,
      fallbackOnBody: true,
      animation: 150,
      ghostClass: "session-ghost",
      chosenClass: "session-chosen",
      onEnd: function (event) {
        if (event.oldIndex !== event.newIndex) {
          postOrder(list);
        }
      },
    });
  }

  // After a move, the day comes back from the server: put focus back on the moved
  // session's button and announce its new place.
  var moved = null;

  editor.addEventListener("click", function (event) {
    var button = event.target.closest(".session-move");
    if (!button || button.disabled) {
      return;
    }
    var card = button.closest(".session-card");
    var list = card.parentNode;
    var direction = button.dataset.move;
    var sibling = direction === "up" ? card.previousElementSibling : card.nextElementSibling;
    if (!sibling) {
      return;
    }
    list.insertBefore(card, direction === "up" ? sibling : sibling.nextElementSibling);
    moved = { id: card.dataset.sessionId, direction: direction, day: dayOf(list).id };
    postOrder(list);
  });

  function afterMove() {
    if (!moved) {
      return;
    }
    var card = document.getElementById("session-" + moved.id);
    var day = document.getElementById(moved.day);
    if (!card || !day || !day.contains(card)) {
      return;
    }
    var cards = Array.prototype.slice.call(day.querySelectorAll(".session-card"));
    var button = card.querySelector('.session-move[data-move="' + moved.direction + '"]');
    if (!button || button.disabled) {
      button = card.querySelector(".session-move:not([disabled])");
    }
    if (button) {
      button.focus();
    }
    var text = (editor.dataset.movedMessage || "%(title)s: %(position)s of %(count)s")
      .replace("%(title)s", card.dataset.title)
      .replace("%(position)s", String(cards.indexOf(card) + 1))
      .replace("%(count)s", String(cards.length));
    document.getElementById("editor-announcer").textContent = text;
    moved = null;
  }

  function markWarnings() {
    var warned = new Set();
    document.querySelectorAll("#agenda-warnings [data-session-ids]").forEach(function (item) {
      item.dataset.sessionIds.split(" ").forEach(function (id) { warned.add(id); });
    });
    document.querySelectorAll(".session-card").forEach(function (card) {
      card.classList.toggle("has-warning", warned.has(card.dataset.sessionId));
    });
  }

  htmx.onLoad(function (element) {
    if (element.matches && element.matches(".session-list")) {
      makeSortable(element);
    }
    if (element.querySelectorAll) {
      element.querySelectorAll(".session-list").forEach(makeSortable);
    }
  });

  document.body.addEventListener("htmx:afterSettle", markWarnings);
  document.body.addEventListener("htmx:afterSettle", afterMove);

  document.body.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var text = xhr.status === 400 && xhr.responseText
      ? xhr.responseText
      : (editor.dataset.errorMessage || "The change was not saved.") + " (" + xhr.status + ")";
    showAlert(text);
    var list = event.detail.elt;
    if (list && list.classList && list.classList.contains("session-list")) {
      reloadDay(dayOf(list));
    }
  });

  document.body.addEventListener("htmx:sendError", function () {
    showAlert(editor.dataset.offlineMessage || "The portal cannot be reached.");
  });
})();
