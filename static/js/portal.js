// Behaviour shared by every page, bound from data attributes: the Content-Security-Policy
// refuses inline scripts, on* handlers and style attributes.
//   <form data-confirm="Question?">  asks before it is sent
//   <button data-print>              prints the page
//   <div data-width-percent="40">    a progress bar's width (also in htmx fragments)
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
  // htmx fires htmx:load on every piece of content it swaps in.
  document.addEventListener("htmx:load", function (event) { applyWidths(event.target.parentNode || document); });
})();
