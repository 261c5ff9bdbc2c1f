// Times are written in Geneva time by the server; this shows them in the viewer's time zone.
(function () {
  // The page's language, in the viewer's own regional variant when it is one (en-GB, fr-CA).
  var lang = document.documentElement.lang || undefined;
  (navigator.languages || []).some(function (preferred) {
    if (lang && preferred.split("-")[0] === lang) { lang = preferred; return true; }
    return false;
  });
  var format;
  try {
    format = new Intl.DateTimeFormat(lang, {
      year: "numeric", month: "long", day: "numeric",
      hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
  } catch (error) { return; }
  document.querySelectorAll("time[data-local-time]").forEach(function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment)) { return; }
    element.title = element.textContent;
    element.textContent = format.format(moment);
  });
})();
