// Behaviour shared by every page, bound from data attributes: the Content-Security-Policy
// refuses inline scripts, on* handlers and style attributes.
//   <form data-confirm="Question?">  asks before it is sent
//   <button data-print>              prints the page
//   <div data-width-percent="40">    a progress bar's width (also in htmx fragments)
//   a page whose forms came back with errors gets an error summary at the top of <main>
//   (role="alert", a link to each field) with the focus on it; a form swapped in by htmx
//   with errors gets the focus on its first field in error
//   <a data-language="fr">           a cached page's language link: remembers the choice
//                                    in the language cookie, as the language form does
//   after an htmx swap that replaced the focused element, the focus goes (in this order) to
//   the same control come back (a refresh), the new content's [data-focus] element (with
//   a value: only when the element of that id is what came back), its
//   status or alert message, its form's first field, its heading, its first control; when
//   the content went away (a deleted card), to the heading naming the section around it
//   (aria-labelledby)
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
    var language = event.target.closest("a[data-language]");
    if (language) {
      document.cookie = "django_language=" + encodeURIComponent(language.getAttribute("data-language"))
        + "; path=/; max-age=31536000; samesite=lax";
    }
  });
  function applyWidths(root) {
    root.querySelectorAll("[data-width-percent]").forEach(function (element) {
      var percent = Math.max(0, Math.min(100, Number(element.getAttribute("data-width-percent")) || 0));
      element.style.width = percent + "%";
    });
  }
  applyWidths(document);

  function labelOf(field) {
    var label = field.id && document.querySelector('label[for="' + field.id + '"]');
    var group = field.closest("fieldset");
    var text = label ? label.textContent : (group && group.querySelector("legend") ? group.querySelector("legend").textContent : field.name);
    return text.replace(/\*\s*$/, "").replace(/\s+/g, " ").trim();
  }

  function messageOf(field) {
    var holder = field.closest(".mb-3, .form-group, .form-check, fieldset") || field.parentNode;
    var feedback = holder.querySelector(".invalid-feedback");
    return feedback ? feedback.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function errorSummary() {
    var main = document.getElementById("main");
    if (!main || document.getElementById("error-summary")) { return; }
    var seen = {};
    var items = [];
    main.querySelectorAll("form .alert-danger, form .non-field-errors").forEach(function (box) {
      var text = box.textContent.replace(/\s+/g, " ").trim();
      if (text) { items.push({ text: text, target: null }); }
    });
    main.querySelectorAll("form .is-invalid[name]").forEach(function (field) {
      if (seen[field.name]) { return; }
      seen[field.name] = true;
      var message = messageOf(field);
      items.push({ text: labelOf(field) + (message ? ": " + message : ""), target: field });
    });
    if (!items.length) { return; }
    var summary = document.createElement("div");
    summary.id = "error-summary";
    summary.className = "alert alert-danger";
    summary.setAttribute("role", "alert");
    summary.setAttribute("tabindex", "-1");
    var heading = document.createElement("h2");
    heading.className = "h5";
    heading.textContent = document.body.getAttribute("data-error-summary") || "There is a problem";
    summary.appendChild(heading);
    var list = document.createElement("ul");
    list.className = "mb-0";
    items.forEach(function (item) {
      var entry = document.createElement("li");
      if (item.target && item.target.id) {
        var link = document.createElement("a");
        link.href = "#" + item.target.id;
        link.className = "alert-link";
        link.textContent = item.text;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          item.target.focus();
        });
        entry.appendChild(link);
      } else {
        entry.textContent = item.text;
      }
      list.appendChild(entry);
    });
    summary.appendChild(list);
    main.insertBefore(summary, main.firstChild);
    summary.focus();
  }
  errorSummary();

  // htmx fires htmx:load on every piece of content it swaps in.
  document.addEventListener("htmx:load", function (event) {
    applyWidths(event.target.parentNode || document);
    if (event.target === document.body) { return; }  // the first load: the summary has it
    var invalid = event.target.querySelector && event.target.querySelector(".is-invalid");
    if (invalid) { invalid.focus(); }
  });

  // Focus after htmx swaps (WCAG 2.4.3): a swap that replaces the focused element leaves
  // the focus on <body>, and a keyboard or screen-reader user at the top of the page.
  var CONTROLS = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]";
  var pending = null;

  function focusKey(element) {
    // What identifies a control in the answer that replaces it: its id, or the request it
    // makes (a list's buttons have no ids) and its text.
    if (element.id) { return "#" + element.id; }
    var source = element.closest("[hx-post], [hx-get]");
    if (!source) { return null; }
    var request = source.getAttribute("hx-post") ? "post " + source.getAttribute("hx-post") : "get " + source.getAttribute("hx-get");
    return request + " " + element.tagName + " " + element.textContent.replace(/\s+/g, " ").trim();
  }

  function visible(element) {
    return element.getClientRects().length > 0;
  }

  function firstOf(region, selector) {
    if (region.matches(selector) && visible(region)) { return region; }
    return Array.prototype.find.call(region.querySelectorAll(selector), visible) || null;
  }

  function focusOn(element) {
    if (!element.matches(CONTROLS)) { element.setAttribute("tabindex", "-1"); }
    element.focus();
  }

  function placeIn(region, key) {
    if (key) {
      var same = Array.prototype.find.call(region.querySelectorAll(CONTROLS), function (element) {
        return focusKey(element) === key && visible(element);
      });
      if (same) { return same; }
    }
    var form = firstOf(region, "form");
    // data-focus="" in any new content; data-focus="some-id" only when #some-id is what came.
    var chosen = Array.prototype.find.call(region.querySelectorAll("[data-focus]"), function (element) {
      var only = element.getAttribute("data-focus");
      return (!only || only === region.id) && visible(element);
    });
    return chosen
      || firstOf(region, "[role=status]:not(:empty), [role=alert]:not(:empty)")
      || (form && firstOf(form, "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])"))
      || firstOf(region, "h1, h2, h3, h4, h5, h6")
      || firstOf(region, CONTROLS);
  }

  function headingAround(element) {
    for (var node = element; node && node !== document.body; node = node.parentNode) {
      var labelled = node.getAttribute && node.getAttribute("aria-labelledby");
      var heading = labelled ? document.getElementById(labelled) : null;
      if (heading && visible(heading)) { return heading; }
    }
    return document.querySelector("main h1");
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    pending = null;
    var active = document.activeElement;
    var target = event.detail.target;
    if (!event.detail.shouldSwap || !target || !active || active === document.body || !target.contains(active)) { return; }
    pending = { key: focusKey(active), id: target.id, container: target.parentNode };
  });

  document.addEventListener("htmx:afterSettle", function () {
    var saved = pending;
    pending = null;
    var active = document.activeElement;
    if (!saved || (active && active !== document.body && document.contains(active))) { return; }
    var region = saved.id ? document.getElementById(saved.id) : null;
    var place = region ? placeIn(region, saved.key) : null;
    if (!place && saved.container && document.contains(saved.container)) { place = headingAround(saved.container); }
    if (place) { focusOn(place); }
  });
})();
