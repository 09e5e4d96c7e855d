// The live preview's reload script: served by `make serve` only, never part of a built site.
// The page knows the build it was rendered from (?build=N); the preview announces each new one.
(function () {
  "use strict";
  var built = new URL(document.currentScript.src).searchParams.get("build");
  var events = new EventSource("/__preview/events");
  events.onmessage = function (event) {
    if (event.data !== built) {
      events.close();
      window.location.reload();
    }
  };
})();
