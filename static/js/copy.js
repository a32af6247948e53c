// Copy buttons: <button data-copy-target="ID"> copies the text of the element with that id, or
// its data-copy-text when the page gives one (the reference, with bidi isolates kept in the text).
// The buttons ship hidden and appear only here, so a reader without JavaScript sees no dead button.
(function () {
  "use strict";
  var SHOWN_FOR = 2000;

  function fallbackCopy(text) {
    // Pages served over plain HTTP have no Clipboard API: copy through a selected textarea.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = document.execCommand("copy");
    area.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function statusRegion() {
    var region = document.getElementById("copy-status");
    if (!region) {
      region = document.createElement("p");
      region.id = "copy-status";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      document.body.appendChild(region);
    }
    return region;
  }

  function setup(button) {
    var target = document.getElementById(button.dataset.copyTarget);
    if (!target) return;
    var label = button.textContent;
    var timer = null;
    button.hidden = false;

    function show(message) {
      button.textContent = message;
      statusRegion().textContent = message;
      clearTimeout(timer);
      timer = setTimeout(function () { button.textContent = label; }, SHOWN_FOR);
    }

    button.addEventListener("click", function () {
      var text = target.dataset.copyText || target.textContent.trim();
      copyText(text).then(
        function () { show(button.dataset.copied); },
        function () { show(button.dataset.failed); }
      );
    });
  }

  document.querySelectorAll("button[data-copy-target]").forEach(setup);
})();
