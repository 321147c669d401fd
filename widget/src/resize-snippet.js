// The host page's side of the iframe fallback (docs/EMBED.md): sizes each
// <iframe data-citizen-form-frame src="…/api/procedures/{id}/embed" title="…"> to the height its page reports.
// It believes a message only from the frame's own window and the frame's own origin. Copy it into a script file of
// your site (a strict CSP rarely allows inline scripts). Not bundled into embed.js.
(function () {
  window.addEventListener("message", function (event) {
    if (!event.data || event.data.type !== "citizen-form:height" || typeof event.data.height !== "number") return;
    var frames = document.querySelectorAll("iframe[data-citizen-form-frame]");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow === event.source && new URL(frame.src, document.baseURI).origin === event.origin) {
        frame.height = String(Math.min(Math.max(Math.ceil(event.data.height), 100), 20000));
      }
    }
  });
})();
