// Adds a "Copy" button next to the read-only link field; without JavaScript the field
// itself can be selected and copied.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-source]").forEach(function (input) {
    if (!navigator.clipboard) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = document.documentElement.lang === "en" ? "Copy" : "Salin";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        button.textContent = document.documentElement.lang === "en" ? "Copied" : "Tersalin";
      });
    });
    input.insertAdjacentElement("afterend", button);
  });
  document.querySelectorAll("[data-copy-source]").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();
