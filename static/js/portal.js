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
})();
