// Progressive enhancement of the personal page. Without JavaScript, or on a phone that cannot
// share files, the download buttons, the selectable caption and the illustrated status guide
// do the same work.
(() => {
  document.querySelectorAll("[data-copy-target]").forEach((button) => {
    const field = document.getElementById(button.dataset.copyTarget);
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(field.value);
      button.textContent = button.dataset.copiedLabel;
    });
  });

  // Sharing the day's picture or video itself (Web Share API level 2), so the participant
  // can post it as a status, not send a link in a chat.
  const button = document.getElementById("share-status");
  const links = Array.from(document.querySelectorAll("a[data-share-file]"));
  if (!button || !links.length || !navigator.share || !navigator.canShare) return;
  const guide = document.getElementById("status-guide");
  const message = document.getElementById("share-status-message");
  // canShare judges the files' types, not their contents: empty files of the same types tell
  // whether this phone shares them before anything is downloaded.
  let supported = false;
  try {
    const probe = links.map((a) => new File([], a.dataset.name, { type: a.dataset.type }));
    supported = navigator.canShare({ files: probe });
  } catch (error) {
    supported = false;
  }
  if (!supported) return;
  button.hidden = false;
  if (guide) guide.open = false;
  const label = button.textContent;
  const say = (text) => {
    if (message) message.textContent = text;
  };
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.textContent = button.dataset.busyLabel;
    say("");
    try {
      const files = await Promise.all(
        links.map(async (a) => {
          const response = await fetch(a.href, { credentials: "same-origin" });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          const blob = await response.blob();
          return new File([blob], a.dataset.name, { type: a.dataset.type || blob.type });
        }),
      );
      const text = document.getElementById(button.dataset.textTarget)?.value || "";
      let data = { files, text };
      // Some share targets take files only; the caption is on the page to paste.
      if (!navigator.canShare(data)) data = { files };
      if (!navigator.canShare(data)) throw new Error("files refused");
      await navigator.share(data);
      say(button.dataset.doneMessage);
    } catch (error) {
      if (!(error && error.name === "AbortError")) {
        say(button.dataset.failedMessage);
        if (guide) {
          guide.open = true;
          guide.scrollIntoView({ block: "start" });
        }
      }
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  });
})();
