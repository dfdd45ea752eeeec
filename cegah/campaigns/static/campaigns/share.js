// Progressive enhancement of the personal page: without JavaScript the WhatsApp link, the
// download link and the selectable caption do the same work.
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

  const share = document.getElementById("web-share");
  if (!share || !navigator.share || !navigator.canShare || !share.dataset.file) return;
  const text = document.getElementById(share.dataset.textTarget)?.value || "";
  share.hidden = false;
  share.addEventListener("click", async () => {
    try {
      const response = await fetch(share.dataset.file);
      const blob = await response.blob();
      const name = share.dataset.file.split("/").pop() || "material";
      const file = new File([blob], name, { type: blob.type });
      if (navigator.canShare({ files: [file] })) {
        await navigator.share({ files: [file], text });
      } else {
        await navigator.share({ text });
      }
    } catch (error) {
      if (error && error.name === "AbortError") return;
      window.location.href = document.getElementById("whatsapp-share").href;
    }
  });
})();
