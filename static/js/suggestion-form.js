// The speaker's fields matter only for a speaker; the form works without this script.
(function () {
  var fieldset = document.getElementById("speaker-fields");
  if (!fieldset) { return; }
  var radios = document.querySelectorAll("input[name=kind]");
  function show() {
    var checked = document.querySelector("input[name=kind]:checked");
    fieldset.hidden = !checked || checked.value !== "speaker";
  }
  radios.forEach(function (radio) { radio.addEventListener("change", show); });
  show();
})();
